package httpquery

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Requests no live request through net/http can carry (its server refuses
// tab, FF, trailing whitespace and other control bytes in a target), built
// by hand. Each row is what the real server did with the same bytes, and
// TestSyntheticRowsMatchGolden checks every row against the golden file,
// so that a row cannot say anything the servers did not.

type synthetic struct {
	server  Server
	ws      bool // a well-formed WebSocket handshake; otherwise a plain GET
	target  string
	status  int         // the server's refusal, or 0 when the app reads the request
	qp, url [][2]string // the app's query_params and QueryParams(url.query)
}

var syntheticRows = []synthetic{
	// A trailing tab: h11 refuses it, http-parser keeps it in the query
	// (which urlsplit then drops), Twisted drops it as whitespace.
	{server: UvicornH11, target: "/p?a=1\t", status: 400},
	{server: Hypercorn, target: "/p?a=1\t", status: 400},
	{server: UvicornHTTPTools, target: "/p?a=1\t", qp: [][2]string{{"a", "1\t"}}, url: [][2]string{{"a", "1"}}},
	{server: Daphne, target: "/p?a=1\t", qp: [][2]string{{"a", "1"}}, url: [][2]string{{"a", "1"}}},
	// Tab inside: Twisted refuses whitespace within the target.
	{server: UvicornHTTPTools, target: "/p\t?a=\t1", qp: [][2]string{{"a", "\t1"}}, url: [][2]string{{"a", "1"}}},
	{server: Daphne, target: "/p\t?a=\t1", status: 400},
	// A trailing space (two spaces before HTTP/1.1) is dropped by
	// http-parser and Twisted; h11 refuses it.
	{server: UvicornH11, target: "/p?a=1 ", status: 400},
	{server: UvicornHTTPTools, target: "/p?a=1  ", qp: [][2]string{{"a", "1"}}, url: [][2]string{{"a", "1"}}},
	{server: Daphne, target: "/p?a=1 ", qp: [][2]string{{"a", "1"}}, url: [][2]string{{"a", "1"}}},
	{server: UvicornHTTPTools, target: " /p?a=1", qp: [][2]string{{"a", "1"}}, url: [][2]string{{"a", "1"}}},
	// FF: a URL byte to http-parser, trailing whitespace to Twisted.
	{server: UvicornHTTPTools, target: "/p?a=\f", qp: [][2]string{{"a", "\f"}}, url: [][2]string{{"a", "\f"}}},
	{server: Daphne, target: "/p?a=\f", qp: [][2]string{{"a", ""}}, url: [][2]string{{"a", ""}}},
	// NUL, 1F and DEL reach a daphne app; http-parser refuses them.
	{server: Daphne, target: "/p\x00?a=\x00", qp: [][2]string{{"a", "\x00"}}, url: [][2]string{{"a", "\x00"}}},
	{server: UvicornHTTPTools, target: "/p\x00?a=\x00", status: 400},
	{server: Daphne, target: "/p?a=1\x7f", qp: [][2]string{{"a", "1\x7f"}}, url: [][2]string{{"a", "1\x7f"}}},
	{server: UvicornHTTPTools, target: "/p?a=1\x7f", status: 400},
	{server: Daphne, target: "/p?a=1\x1f", qp: [][2]string{{"a", "1\x1f"}}, url: [][2]string{{"a", "1\x1f"}}},
	// autobahn ends the request line at 1C-1E and splits it at 1F, which
	// Twisted does not: a trailing 1F is cut from the WebSocket path only.
	{server: Daphne, ws: true, target: "/p\x1f?a=1", status: 400},
	{server: Daphne, ws: true, target: "/p?a=1\x1f", qp: [][2]string{{"a", "1\x1f"}}, url: [][2]string{{"a", "1\x1f"}}},
	// An escaped '?' in the path with a tab after it: no query for
	// query_params, and a query with the tab removed for url.query.
	{server: UvicornHTTPTools, target: "/q%3Fa=1\t", qp: [][2]string{}, url: [][2]string{{"a", "1"}}},
	{server: Daphne, target: "/q%3Fa=1\t", qp: [][2]string{}, url: [][2]string{{"a", "1"}}},
	// '#': httptools cuts the query at it on HTTP only; autobahn refuses
	// it unless it is the last byte.
	{server: UvicornHTTPTools, target: "/p?a=1#x", qp: [][2]string{{"a", "1"}}, url: [][2]string{{"a", "1"}}},
	{server: UvicornHTTPTools, ws: true, target: "/p?a=1#x", qp: [][2]string{{"a", "1#x"}}, url: [][2]string{{"a", "1"}}},
	{server: UvicornH11, target: "/p?a=1#x", qp: [][2]string{{"a", "1#x"}}, url: [][2]string{{"a", "1"}}},
	{server: Daphne, ws: true, target: "/p?a=1#x", status: 400},
	{server: Daphne, ws: true, target: "/p?a=1#", qp: [][2]string{{"a", "1#"}}, url: [][2]string{{"a", "1"}}},
}

func (c synthetic) request() *http.Request {
	var h http.Header
	if c.ws {
		h = handshake
	}
	return newRequest("GET", c.target, "h", h)
}

func (c synthetic) name() string {
	kind := "GET"
	if c.ws {
		kind = "WebSocket"
	}
	return fmt.Sprintf("%s %s %q", c.server, kind, c.target)
}

func TestSynthetic(t *testing.T) {
	for _, c := range syntheticRows {
		t.Run(c.name(), func(t *testing.T) {
			r := c.request()
			qp, err := c.server.QueryParams(r)
			u, uerr := c.server.URLQuery(r)
			if c.status != 0 {
				var re *RefusedError
				if !errors.As(err, &re) || re.Status != c.status || !errors.Is(err, ErrRefused) || !errors.Is(uerr, ErrRefused) {
					t.Errorf("%s.QueryParams(%q) = %v, %v, want a refusal with %d", c.server, c.target, qp, err, c.status)
				}
				return
			}
			if err != nil || uerr != nil {
				t.Fatalf("%s: QueryParams error %v, URLQuery error %v", c.server, err, uerr)
			}
			if d := cmp.Diff(c.qp, pairsOf(qp)); d != "" {
				t.Errorf("%s.QueryParams(%q) (-want +got):\n%s", c.server, c.target, d)
			}
			if d := cmp.Diff(c.url, pairsOf(u)); d != "" {
				t.Errorf("%s.URLQuery(%q) (-want +got):\n%s", c.server, c.target, d)
			}
		})
	}
}

func TestSyntheticRowsMatchGolden(t *testing.T) {
	g, err := loadServersGolden()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range syntheticRows {
		variant := map[bool]string{false: "http", true: "ws"}[c.ws]
		found := false
		for _, gc := range g.Cases {
			if gc.Group == "length" || gc.Variant != variant || gc.Method != "GET" || gc.Host == nil ||
				mustHex(t, *gc.Host) != "h" || mustHex(t, gc.Target) != c.target || gc.Group == "random headers" {
				continue
			}
			found = true
			a := g.Answers[gc.Answers[c.server.String()]]
			switch {
			case c.status != 0:
				if a.Status != c.status {
					t.Errorf("%s: the server answered %d, the row says %d", c.name(), a.Status, c.status)
				}
			case a.App == nil:
				t.Errorf("%s: the server answered %d, the row says the app reads it", c.name(), a.Status)
			default:
				if !cmp.Equal(hexPairs(t, a.App.QP), c.qp) || !cmp.Equal(hexPairs(t, a.App.URL), c.url) {
					t.Errorf("%s: the app read %q and %q, the row says %q and %q", c.name(),
						hexPairs(t, a.App.QP), hexPairs(t, a.App.URL), c.qp, c.url)
				}
			}
			break
		}
		if !found {
			t.Errorf("%s: no such request in the golden file", c.name())
		}
	}
}

// An escaped '?' or '#' in the path moves url.query, as every server's app
// read these targets (golden file: "target" group).
func TestURLQueryMovesWithThePath(t *testing.T) {
	for _, c := range []struct {
		target string
		qp     [][2]string
		url    [][2]string
	}{
		{"/q%3Fx=1?y=2", [][2]string{{"y", "2"}}, [][2]string{{"x", "1?y=2"}}},
		{"/q%23x?y=2", [][2]string{{"y", "2"}}, [][2]string{}},
		{"/q%3Fx=1", [][2]string{}, [][2]string{{"x", "1"}}},
	} {
		for _, s := range Servers() {
			t.Run(s.String()+" "+c.target, func(t *testing.T) {
				r := newRequest("GET", c.target, "h", nil)
				qp, err := s.QueryParams(r)
				if err != nil || !cmp.Equal(pairsOf(qp), c.qp) {
					t.Errorf("%s.QueryParams(%q) = %q, %v, want %q", s, c.target, pairsOf(qp), err, c.qp)
				}
				u, err := s.URLQuery(r)
				if err != nil || !cmp.Equal(pairsOf(u), c.url) {
					t.Errorf("%s.URLQuery(%q) = %q, %v, want %q", s, c.target, pairsOf(u), err, c.url)
				}
			})
		}
	}
}

func TestURLQueryErrors(t *testing.T) {
	// Raw é as UTF-8 reads as UTF-8 on this road; a lone C3 raises
	// UnicodeDecodeError at its offset (golden file: "target" group).
	r := newRequest("GET", "/p?a=\xc3", "h", nil)
	var ue *UTF8Error
	if _, err := UvicornHTTPTools.URLQuery(r); !errors.As(err, &ue) || ue.Offset != 2 || !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("URLQuery(%q) = %v, want UnicodeDecodeError at offset 2", r.RequestURI, err)
	}
	r = newRequest("GET", "/p?a=\xc3\xa9", "h", nil)
	if u, err := UvicornHTTPTools.URLQuery(r); err != nil || u.Get("a") != "é" {
		t.Errorf("URLQuery(%q) = %q, %v, want a = é", r.RequestURI, u.Get("a"), err)
	}
	if q, _ := UvicornHTTPTools.QueryParams(r); q.Get("a") != "Ã©" {
		t.Errorf("QueryParams(%q) a = %q, want latin-1 Ã©", r.RequestURI, q.Get("a"))
	}
	// Host [1:2] passes Starlette's check and fails urlsplit's.
	r = newRequest("GET", "/p?a=1", "[1:2]", nil)
	var pe *PythonError
	if _, err := Hypercorn.URLQuery(r); !errors.As(err, &pe) || pe.Exception != "ValueError" ||
		pe.Message != "'1:2' does not appear to be an IPv4 or IPv6 address" {
		t.Errorf("URLQuery with Host [1:2] = %v, want ValueError", err)
	}
	// websockets hands on raw bytes 80-FF of the path as surrogates, which
	// %3F carries into url.query.
	r = newRequest("GET", "/x%3F\xc3\xa9?a=1", "h", handshake)
	var rep *UnrepresentableError
	if _, err := UvicornHTTPTools.URLQuery(r); !errors.As(err, &rep) || rep.Byte != 0xC3 || !errors.Is(err, ErrUnrepresentable) {
		t.Errorf("URLQuery(%q) = %v, want a lone surrogate for C3", r.RequestURI, err)
	}
	// A forwarded scheme with no default port, and a Host that fails the check.
	r = newRequest("GET", "/p?a=1", "h:x", http.Header{"X-Forwarded-Proto": {"zz"}})
	if _, err := UvicornH11.URLQuery(r); !errors.As(err, &pe) || pe.Exception != "KeyError" || pe.Message != "'zz'" {
		t.Errorf("URLQuery with X-Forwarded-Proto zz = %v, want KeyError 'zz'", err)
	}
}

func TestRefusedErrorNamesTheByte(t *testing.T) {
	r := newRequest("GET", "/p\xff?a=1", "h", nil)
	_, err := UvicornHTTPTools.QueryParams(r)
	var re *RefusedError
	if !errors.As(err, &re) || re.Offset != 2 || re.Byte != 0xFF || re.Part != "request target" || re.Status != 400 {
		t.Fatalf("QueryParams(%q) = %#v", r.RequestURI, err)
	}
	if want := "queryparams: uvicorn-httptools answers 400: byte 0xFF at offset 2 of the request target"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want prefix %q", err, want)
	}
}

func TestDecision(t *testing.T) {
	// HTTP or WebSocket, as each server decides (golden file: "variant"
	// group): "Upgrade: websocket" without "Connection: Upgrade" is plain
	// HTTP to uvicorn and hypercorn, and refused by daphne; "websocket,
	// h2c" is refused by uvicorn and plain HTTP to hypercorn and daphne.
	upgradeOnly := http.Header{"Upgrade": {"websocket"}}
	both := handshake.Clone()
	both.Set("Upgrade", "websocket, h2c")
	for _, c := range []struct {
		h    http.Header
		s    Server
		want string
	}{
		{upgradeOnly, UvicornH11, "http"}, {upgradeOnly, UvicornHTTPTools, "http"},
		{upgradeOnly, Hypercorn, "http"}, {upgradeOnly, Daphne, "400"},
		{both, UvicornH11, "400"}, {both, UvicornHTTPTools, "400"},
		{both, Hypercorn, "http"}, {both, Daphne, "http"},
		{handshake, UvicornH11, "websocket"}, {handshake, Daphne, "websocket"},
	} {
		sc, err := c.s.scope(wireOf(newRequest("GET", "/p?a=1", "h", c.h)))
		got := map[bool]string{false: "http", true: "websocket"}[sc.ws]
		var re *RefusedError
		if errors.As(err, &re) {
			got = fmt.Sprint(re.Status)
		}
		if got != c.want {
			t.Errorf("%s with Upgrade %q: %s, want %s (%v)", c.s, c.h.Get("Upgrade"), got, c.want, err)
		}
	}
}

func TestConsistentGateway(t *testing.T) {
	h := RequireConsistent(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("through"))
	}))
	for _, c := range []struct {
		target string
		want   int
		body   string
	}{
		{"/ws?role=user&token=abc", 200, "through"},
		// The gateway reads role = user (last), uvicorn-httptools only role=admin.
		{"/ws?role=admin#&role=user", 400, "byte 0x23 '#' at offset 14 of the target"},
		{"/q%3Fx=1?y=2", 400, "byte 0x25 '%' at offset 2 of the target"},
		{"/p?a=\xc3\xa9", 400, "byte 0xC3 at offset 5 of the target"},
	} {
		t.Run(c.target, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://h"+c.target, nil)
			r.RequestURI = c.target
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != c.want || !bytes.Contains(w.Body.Bytes(), []byte(c.body)) {
				t.Errorf("RequireConsistent(%q) = %d %q, want %d with %q", c.target, w.Code, w.Body.String(), c.want, c.body)
			}
		})
	}
}

func TestConsistentNamesReadings(t *testing.T) {
	err := Consistent(newRequest("GET", "/ws?role=admin#&role=user", "h", nil))
	var ae *AmbiguousError
	if !errors.As(err, &ae) || !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("Consistent = %v, want an AmbiguousError", err)
	}
	var names []string
	for _, r := range ae.Readings {
		names = append(names, r.Server.String()+" "+r.Road)
	}
	want := []string{"uvicorn-h11 query_params", "uvicorn-h11 url.query", "uvicorn-httptools query_params",
		"uvicorn-httptools url.query", "hypercorn url.query", "daphne url.query"}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("readings named (-want +got):\n%s", d)
	}
}
