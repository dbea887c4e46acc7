package httpquery

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/seed-3058a48d/queryparams"
)

// A Reading is one of the eight ways the apps behind the Servers can read
// a request's query: a Server and a road.
type Reading struct {
	Server Server
	Road   string // "query_params" or "url.query"
	Pairs  []queryparams.Pair
	Err    error
}

// String names the reading and gives its pairs, or its error.
func (r Reading) String() string {
	if r.Err != nil {
		return fmt.Sprintf("%s %s: %v", r.Server, r.Road, r.Err)
	}
	return fmt.Sprintf("%s %s: %s", r.Server, r.Road, formatPairs(r.Pairs))
}

func formatPairs(ps []queryparams.Pair) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%q=%q", p.Key, p.Value)
	}
	b.WriteByte(']')
	return b.String()
}

// Readings returns the eight readings of r's query: for each of [Servers],
// [Server.QueryParams] and then [Server.URLQuery].
func Readings(r *http.Request) []Reading {
	out := make([]Reading, 0, 8)
	for _, s := range Servers() {
		q, err := s.QueryParams(r)
		out = append(out, Reading{s, "query_params", q.MultiItems(), err})
		q, err = s.URLQuery(r)
		out = append(out, Reading{s, "url.query", q.MultiItems(), err})
	}
	return out
}

// An AmbiguousError says how the readings of a request's query differ. It
// matches [ErrAmbiguous].
type AmbiguousError struct {
	// Offset is the offset in the request target of the first byte that
	// lies outside the alphabet every reading treats alike (see
	// [Consistent]), or -1 when the target holds none and the difference
	// comes from a header or the target's length.
	Offset int
	Byte   byte // that byte, when Offset >= 0
	// Readings are the readings that fail or that differ from the first
	// reading, [UvicornH11]'s query_params; Readings[0] is that first
	// reading when it did not fail.
	Readings []Reading
}

// Error returns the message, prefixed "queryparams: ".
func (e *AmbiguousError) Error() string {
	var b strings.Builder
	b.WriteString("queryparams: the servers read the query differently")
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " (byte %s at offset %d of the target)", quoteByte(e.Byte), e.Offset)
	}
	for i, r := range e.Readings {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Readings)-i)
			break
		}
		b.WriteString("; " + r.String())
	}
	return b.String()
}

// Unwrap returns [ErrAmbiguous].
func (e *AmbiguousError) Unwrap() error { return ErrAmbiguous }

// Consistent returns nil only when every [Server] reads r's query, on both
// roads ([Server.QueryParams] and [Server.URLQuery]), as the same pairs in
// the same order, with no reading failing: no server refuses r, no road
// raises, and the model can predict every reading. Otherwise it returns an
// [*AmbiguousError] matching [ErrAmbiguous], naming the first byte of the
// target outside the alphabet below and the readings that disagree.
//
// Every reading treats these alike, so a request made only of them is
// consistent: a target that starts with '/' and holds only unreserved
// ASCII (letters, digits, '-', '.', '_', '~'), '/', '&', '=', '+', '?' and
// %XX escapes, none of them %3F or %23 (either case) before the first
// '?'; a Host that is a name of letters, digits, '-' and '.', or an IPv4
// address, with an optional numeric port; a plain GET, or a well-formed
// WebSocket handshake (GET, "Upgrade: websocket", "Connection: Upgrade", a
// valid Sec-WebSocket-Key, "Sec-WebSocket-Version: 13"); a request line
// within 4,110 bytes and a head within 16 KiB.
func Consistent(r *http.Request) error {
	rs := Readings(r)
	var bad []Reading
	first := rs[0]
	if first.Err == nil {
		for _, x := range rs[1:] {
			if x.Err != nil || !samePairs(x.Pairs, first.Pairs) {
				bad = append(bad, x)
			}
		}
		if len(bad) == 0 {
			return nil
		}
		bad = append([]Reading{first}, bad...)
	} else {
		for _, x := range rs {
			if x.Err != nil {
				bad = append(bad, x)
			}
		}
	}
	e := &AmbiguousError{Offset: -1, Readings: bad}
	if r != nil {
		if i := firstUnsafe(wireOf(r).target); i >= 0 {
			e.Offset, e.Byte = i, wireOf(r).target[i]
		}
	}
	return e
}

func samePairs(a, b []queryparams.Pair) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// firstUnsafe returns the offset of the first byte of target outside the
// alphabet every reading treats alike, or -1: unreserved ASCII, '/', '&',
// '=', '+', '?' and %XX escapes other than %3F and %23 before the first
// '?', after a '/' that starts the target.
func firstUnsafe(target string) int {
	if target == "" {
		return -1
	}
	if target[0] != '/' {
		return 0
	}
	inQuery := false
	for i := 0; i < len(target); i++ {
		c := target[i]
		switch {
		case isAlpha(c) || isNum(c) || strings.IndexByte("-._~/&=+", c) >= 0:
		case c == '?':
			inQuery = true
		case c == '%' && i+2 < len(target) && isHex(target[i+1]) && isHex(target[i+2]):
			if !inQuery {
				if e := strings.ToUpper(target[i+1 : i+3]); e == "3F" || e == "23" {
					return i
				}
			}
			i += 2
		default:
			return i
		}
	}
	return -1
}

// RequireConsistent returns a handler that answers 400 Bad Request, with a
// one-line reason, to a request whose query the servers and roads would
// read differently (see [Consistent]), and passes every other request to
// next. A gateway in front of Python services uses it to refuse what its
// backends could read otherwise than it does.
func RequireConsistent(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := Consistent(r); err != nil {
			reason := "the query is read differently by the servers behind this gateway"
			if e, ok := err.(*AmbiguousError); ok && e.Offset >= 0 {
				reason += fmt.Sprintf(" (byte %s at offset %d of the target)", quoteByte(e.Byte), e.Offset)
			}
			http.Error(w, reason, http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}
