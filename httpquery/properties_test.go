package httpquery

import (
	"errors"
	"flag"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/seed-3058a48d/queryparams"
)

// The laws of Consistent, each checked on propertyCases generated requests
// per run; the seed is logged on failure (rerun with -properties.seed N).

const propertyCases = 5000

var propertiesSeed = flag.Int64("properties.seed", 0, "seed of the property tests (0: from the clock)")

func checkProperty(t *testing.T, name string, p gopter.Prop) {
	t.Helper()
	seed := *propertiesSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	params := gopter.DefaultTestParametersWithSeed(seed)
	params.MinSuccessfulTests = propertyCases
	params.MaxSize = 30
	props := gopter.NewProperties(params)
	props.Property(name, p)
	props.TestingRun(t)
	if t.Failed() {
		t.Logf("seed %d: rerun with -run %s -properties.seed %d", seed, t.Name(), seed)
	}
}

func tokens(ss ...string) gopter.Gen {
	xs := make([]any, len(ss))
	for i, s := range ss {
		xs[i] = s
	}
	return gen.SliceOf(gen.OneConstOf(xs...)).Map(func(parts []string) string { return strings.Join(parts, "") })
}

// handshake are the headers of a well-formed WebSocket handshake.
var handshake = http.Header{
	"Upgrade":               {"websocket"},
	"Connection":            {"Upgrade"},
	"Sec-Websocket-Key":     {"dGhlIHNhbXBsZSBub25jZQ=="},
	"Sec-Websocket-Version": {"13"},
}

// newRequest builds a request as a server receives it.
func newRequest(method, target, host string, h http.Header) *http.Request {
	if h == nil {
		h = http.Header{}
	}
	return &http.Request{Method: method, RequestURI: target, Host: host, Header: h.Clone(),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
}

// genAnyRequest generates requests of every kind the model reads,
// weighted toward what the readings treat differently: '#', '%3F' in the
// path, raw UTF-8 and invalid bytes, tab, trailing space, controls,
// bracketed Hosts, upgrade headers.
func genAnyRequest() gopter.Gen {
	target := gopter.CombineGens(
		tokens("a", "/", "%3F", "%23", "%41", "é", "\xff", "#", ";", "%09", "%zz", "\t", " "),
		tokens("a", "=", "&", "+", "#", "?", "%23", "%41", "é", "\xc3", "\xff", "\t", "\f", " ", "\x00", "\x1f", "\x7f", "%ED%A0%80"),
		gen.Bool(),
	).Map(func(v []any) string {
		t := "/" + v[0].(string)
		if v[2].(bool) {
			t += "?" + v[1].(string)
		}
		return t
	})
	host := gen.OneConstOf("h", "h:80", "h:x", "[::1]", "[1:2]", "127.0.0.1:8000", "", "h\x00", "[v1.x]")
	headers := gen.OneConstOf("plain", "ws", "upgrade-only", "ws-h2c", "forwarded", "root-path")
	return gopter.CombineGens(target, host, headers, gen.OneConstOf("GET", "POST")).Map(func(v []any) *http.Request {
		h := http.Header{}
		switch v[2].(string) {
		case "ws":
			h = handshake.Clone()
		case "upgrade-only":
			h.Set("Upgrade", "websocket")
		case "ws-h2c":
			h = handshake.Clone()
			h.Set("Upgrade", "websocket, h2c")
		case "forwarded":
			h.Set("X-Forwarded-Proto", "x?")
		case "root-path":
			h.Set("Daphne-Root-Path", "/r%3F")
		}
		return newRequest(v[3].(string), v[0].(string), v[1].(string), h)
	})
}

// genSafeRequest generates requests made only of what every reading treats
// alike: a target of unreserved ASCII, '/', '&', '=', '+' and %XX escapes
// (no %3F or %23 in the path), a Host that is a name or an IPv4 address
// with an optional numeric port, sent as a plain GET or a well-formed
// WebSocket handshake.
func genSafeRequest() gopter.Gen {
	const unreserved = "abcXYZ019-._~"
	var atoms []string
	for _, c := range unreserved {
		atoms = append(atoms, string(c))
	}
	escapes := []string{"%41", "%2F", "%2f", "%20", "%25", "%26", "%3D", "%2B", "%C3%A9", "%FF", "%E2%82", "%ED%A0%80", "%00", "%09", "%0A"}
	path := tokens(append(append([]string{"/", "&", "=", "+"}, atoms...), escapes...)...)
	query := tokens(append(append([]string{"/", "&", "=", "+", "%3F", "%23", "%3f"}, atoms...), escapes...)...)
	host := gopter.CombineGens(
		gen.OneConstOf("h", "example.com", "a-b.c", "localhost", "127.0.0.1", "10.0.0.255", "xn--caf-dma"),
		gen.OneConstOf("", ":80", ":8000", ":0", ":99999"),
	).Map(func(v []any) string { return v[0].(string) + v[1].(string) })
	return gopter.CombineGens(path, query, gen.Bool(), host, gen.Bool()).Map(func(v []any) *http.Request {
		target := "/" + v[0].(string)
		if v[2].(bool) {
			target += "?" + v[1].(string)
		}
		var h http.Header
		if v[4].(bool) {
			h = handshake
		}
		return newRequest("GET", target, v[3].(string), h)
	})
}

// eightEqual reports whether the eight readings of r, computed here one
// by one, all succeed and give the same pairs.
func eightEqual(r *http.Request) bool {
	var first []string
	for _, s := range Servers() {
		for _, read := range []func(*http.Request) ([]string, error){
			func(r *http.Request) ([]string, error) { q, err := s.QueryParams(r); return flat(q.MultiItems()), err },
			func(r *http.Request) ([]string, error) { q, err := s.URLQuery(r); return flat(q.MultiItems()), err },
		} {
			got, err := read(r)
			if err != nil {
				return false
			}
			if first == nil {
				first = got
			} else if strings.Join(got, "\x00\x01") != strings.Join(first, "\x00\x01") || len(got) != len(first) {
				return false
			}
		}
	}
	return true
}

func TestPropertyConsistentMeansEightEqual(t *testing.T) {
	checkProperty(t, "Consistent(r) == nil exactly when the eight readings agree", prop.ForAll(
		func(r *http.Request) bool {
			err := Consistent(r)
			if (err == nil) != eightEqual(r) {
				return false
			}
			return err == nil || errors.Is(err, ErrAmbiguous)
		}, genAnyRequest()))
}

func TestPropertySafeRequestsAreConsistent(t *testing.T) {
	checkProperty(t, "a request of the safe alphabet is consistent", prop.ForAll(
		func(r *http.Request) bool { return Consistent(r) == nil }, genSafeRequest()))
}

func flat(ps []queryparams.Pair) []string {
	out := make([]string, 0, 2*len(ps))
	for _, p := range ps {
		out = append(out, p.Key, p.Value)
	}
	return out
}
