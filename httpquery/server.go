package httpquery

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/seed-3058a48d/queryparams"
)

// A Server is an ASGI server running a Starlette app. Its methods say how
// that app reads the query of an HTTP/1.1 request: each server decides
// whether the request is a plain request or a WebSocket handshake, which
// requests it answers itself, and which bytes it hands the app as the
// query, and the servers differ on all three.
//
// Each constant documents the rules measured by sending raw request bytes
// over loopback to the server, from Debian 12's packages, running
// Starlette 0.26.1 (Debian 0.26.1-1+deb12u2) under Python 3.11.2, with the
// server's default configuration. "The target" is the request target, the
// bytes between the method and the protocol of the request line; byte
// ranges are in hex.
//
// Every server hands the app the query without decoding it: no server
// percent-decodes it or treats '+' or a second '?' specially. Where the
// rules below say nothing of a byte, it is handed on as it is.
type Server int

const (
	// UvicornH11 is uvicorn 0.17.6 run with --http h11 (h11 0.14.0), with
	// its default WebSocket library, websockets 10.4 (which uvicorn[standard]
	// installs).
	//
	// Refuses (400) a target that is empty or holds a byte outside 21-7E,
	// a request without a Host header, and a Host holding 00, 0A-0D; the
	// query is every byte after the first '?', '#' and all. A request
	// whose Connection header holds the token "upgrade" is an upgrade: if
	// its Upgrade header is not "websocket" (any case), uvicorn answers 400,
	// as it does for "Upgrade: websocket, h2c"; otherwise websockets reads
	// the handshake, and answers 400 to a method other than GET, to a
	// request line over 4,110 bytes (a target over 4,095 bytes for GET), to
	// a header value holding 00-08, 0A-1F or 7F, to a bad
	// Sec-WebSocket-Key or a Sec-WebSocket-Version other than 13, and 500
	// to a header value holding 80-FF. "Upgrade: websocket" without
	// "Connection: Upgrade" is a plain request.
	//
	// A head over 16 KiB is refused or not depending on how its bytes
	// arrive (h11's limit applies only to a head that is not yet whole);
	// the readings return [ErrUnmodelled] for it.
	//
	// uvicorn trusts X-Forwarded-Proto from 127.0.0.1 by default and puts
	// it in scope["scheme"], which changes request.url: see [Server.URLQuery].
	//
	// With --ws wsproto (wsproto 1.2.0) instead, a WebSocket handshake
	// differs in that a non-ASCII byte in the Host closes the connection,
	// and a Sec-WebSocket-Version other than 13 gets 426.
	UvicornH11 Server = iota + 1

	// UvicornHTTPTools is uvicorn 0.17.6 run with --http httptools
	// (httptools 0.1.1, with http-parser 2.9), uvicorn's default when
	// httptools is installed, and the WebSocket library that
	// uvicorn[standard] installs, websockets 10.4.
	//
	// The request line: spaces before the target are skipped, and the URL
	// ends at the first space, after which only spaces may follow (so
	// trailing spaces are dropped). The URL must pass http-parser's URL
	// parser: '/' or '*' first (or an absolute URL, whose host and port
	// are checked), then bytes 21-7E, tab, FF and 80-FF, with '?' starting
	// the query and '#' the fragment; anything else is refused (400). A
	// Host holding 00-08, 0A-1F or 7F is refused; a missing Host is not. A
	// head over 80 KiB is refused.
	//
	// A plain request: the query is what http-parser finds between the
	// first '?' and the first '#' after it, so uvicorn CUTS THE QUERY AT
	// '#'; a URL without a path ("http://x?a") and a path holding 80-FF are
	// refused (400). A request with both an Upgrade header and the token
	// "upgrade" in Connection is an upgrade: uvicorn answers 400 unless
	// Upgrade is "websocket", and otherwise hands the URL, '#' and all, to
	// websockets, which splits it at the first '?' and refuses it as under
	// [UvicornH11], and answers 500 to a query holding 80-FF.
	//
	// With --ws wsproto instead, the handshake is parsed again by h11, which
	// refuses 00-20 and 7F-FF anywhere in the URL and a missing Host; a
	// non-ASCII byte in the Host closes the connection, and a
	// Sec-WebSocket-Version other than 13 gets 426.
	UvicornHTTPTools

	// Hypercorn is hypercorn 0.13.2 (h11 0.14.0).
	//
	// Refuses as h11 does under [UvicornH11] (a target byte outside 21-7E,
	// a missing Host, a Host holding 00 or 0A-0D, and a head over 16 KiB
	// depending on how it arrives); the query is every byte after the first
	// '?'. A GET whose last Connection header holds "upgrade" and whose
	// last Upgrade header is "websocket" is a WebSocket handshake, refused
	// (400) without a Sec-WebSocket-Key or with a Sec-WebSocket-Version
	// other than 13; anything else is a plain request, including
	// "Upgrade: websocket, h2c" and a POST. An Upgrade of "h2c" on a
	// request without a body switches to HTTP/2, where the request reads
	// as a plain one.
	Hypercorn

	// Daphne is daphne 4.0.0 (Twisted 22.4.0; autobahn 22.7.1 for
	// WebSocket).
	//
	// Twisted splits the request line at runs of ASCII whitespace (09-0D,
	// 20): leading and trailing whitespace of the target is dropped, and a
	// target with whitespace inside it is refused (400). Daphne refuses
	// 80-FF anywhere in the target. Bytes 00-08, 0E-1F and 7F are handed
	// on, and the query is every byte after the first '?'. A request line
	// over 16,384 bytes closes the connection; a request line and headers
	// over 16,384 bytes together are refused. The Host header may hold any
	// byte, and may be missing.
	//
	// A request whose first Upgrade header is "websocket" is a WebSocket
	// handshake, which autobahn reads again: it refuses (400) 1C-1F inside
	// the target and 1C-1E anywhere in it, a '#' that is not the last byte,
	// a missing Connection "upgrade", a missing Host or one with a ':' not
	// followed by a number (unless it ends in ']'), a bad
	// Sec-WebSocket-Key and a version other than 13, and answers 405 to a
	// method other than GET. The WebSocket scope's path is autobahn's: the
	// target as urllib.parse.urlparse reads it, so "//x/p" has the path
	// "/p" and ";params" are cut from the last segment.
	//
	// On a plain request, a Daphne-Root-Path header becomes
	// scope["root_path"] (percent-decoded; 500 if it holds 80-FF), which
	// request.url puts before the path: see [Server.URLQuery].
	Daphne

	// The uvicorn configurations with --ws wsproto, measured and tested
	// but not exported.
	uvicornH11WSProto
	uvicornHTTPToolsWSProto
)

// Servers returns every exported Server, in the order of their constants.
func Servers() []Server { return []Server{UvicornH11, UvicornHTTPTools, Hypercorn, Daphne} }

var serverNames = map[Server]string{
	UvicornH11:              "uvicorn-h11",
	UvicornHTTPTools:        "uvicorn-httptools",
	Hypercorn:               "hypercorn",
	Daphne:                  "daphne",
	uvicornH11WSProto:       "uvicorn-h11-wsproto",
	uvicornHTTPToolsWSProto: "uvicorn-httptools-wsproto",
}

// String returns the server's name: "uvicorn-h11", "uvicorn-httptools",
// "hypercorn" or "daphne", or "Server(N)" for a value that is none of them.
func (s Server) String() string {
	if name, ok := serverNames[s]; ok {
		return name
	}
	return "Server(" + strconv.Itoa(int(s)) + ")"
}

// QueryParams returns the query parameters of r exactly as the Starlette
// app behind s reads them: request.query_params for a plain request, or
// websocket.query_params for a request s takes for a WebSocket handshake
// (as s decides it; see each Server). That is scope["query_string"], the
// raw bytes s hands the app, read as latin-1 by
// [queryparams.ParseBytes]'s rules.
//
// r is read as the bytes of an HTTP/1.1 request: the request line
// "METHOD target HTTP/1.1", where the target is r.RequestURI (the target
// as a server received it, byte for byte) or, when that is empty, the
// target net/http would send, r.URL.RequestURI(); a Host header holding
// r.Host (none when it is empty); and one line for each value of each of
// r.Header's headers. So the rules of s also apply to a request built by
// hand or received by another HTTP stack, holding bytes net/http's own
// server would refuse (tab, FF, trailing whitespace, other control bytes).
//
// Where s would answer r itself before the app sees it, QueryParams returns
// a [*RefusedError] matching [ErrRefused], naming the byte and its place in
// the target, or the header, that causes it. Where the model cannot
// predict the reading, it returns an error matching [ErrUnmodelled]; a
// Server that is none of the constants also gives that error.
//
// The model covers the request line, the Host header, and the headers that
// decide what a server does: Connection, Upgrade, Sec-WebSocket-Key,
// Sec-WebSocket-Version, Content-Length and Transfer-Encoding (for
// Hypercorn's h2c), X-Forwarded-Proto (uvicorn) and Daphne-Root-Path
// (daphne). Other headers count only toward length limits, and under
// websockets for the bytes their values may hold; a server's objection to
// any other header is outside the model.
func (s Server) QueryParams(r *http.Request) (queryparams.Params, error) {
	if r == nil {
		return queryparams.Params{}, &UnmodelledError{s, "nil request"}
	}
	sc, err := s.scope(wireOf(r))
	if err != nil {
		return queryparams.Params{}, err
	}
	return queryparams.ParseLatin1(sc.query), nil
}

// URLQuery returns exactly what QueryParams(request.url.query) (or
// websocket.url.query) gives in the Starlette app behind s: the reading of
// the common idiom
//
//	dict(QueryParams(websocket.url.query)) if websocket.url.query else {}
//
// less the dict, which keeps the last value of each key as
// [queryparams.Params.Get] does.
//
// This is not what request.query_params reads. Starlette builds
// request.url from the scope: the scheme (under uvicorn, the last
// X-Forwarded-Proto when there is one), the Host header if it passes
// Starlette's check (a name of letters, digits, '.' and '-', or a
// bracketed IPv6-like address, with an optional numeric port) or else the
// server's address, then root_path and the percent-DECODED path, then '?'
// and the raw query decoded as strict UTF-8. url.query splits that text
// again with Python's urlsplit ([queryparams.SplitURL]), so the query is
// cut at the first '#', loses every tab, CR and LF, and moves when the
// decoded path holds '?' or '#': "/q%3Fx=1?y=2" reads x = "1?y=2",
// "/q%23x?y=2" reads nothing, and "/q%3Fx=1" with no query at all reads
// x = "1". The query is read as text ([queryparams.Parse]), so valid raw
// UTF-8 reads as UTF-8, not latin-1.
//
// Errors: those of [Server.QueryParams]; a [*UTF8Error] matching
// [ErrInvalidUTF8] where Python raises UnicodeDecodeError (a raw query
// that is not valid UTF-8), with the offset of the first invalid byte in
// the raw query; a [*PythonError] where Python raises ValueError (urlsplit,
// for a Host such as "[1:2]") or KeyError (a forwarded scheme Starlette
// has no default port for, when the Host fails its check); and an error
// matching [ErrUnrepresentable] where the answer holds a lone surrogate.
func (s Server) URLQuery(r *http.Request) (queryparams.Params, error) {
	if r == nil {
		return queryparams.Params{}, &UnmodelledError{s, "nil request"}
	}
	sc, err := s.scope(wireOf(r))
	if err != nil {
		return queryparams.Params{}, err
	}
	q, err := s.urlQuery(sc)
	if err != nil {
		return queryparams.Params{}, err
	}
	return queryparams.Parse(q), nil
}

// ParseServer returns the Server whose String is name, such as
// "uvicorn-httptools", or an error naming the choices.
func ParseServer(name string) (Server, error) {
	for _, s := range Servers() {
		if s.String() == name {
			return s, nil
		}
	}
	return 0, fmt.Errorf("queryparams: no server %q; the servers are uvicorn-h11, uvicorn-httptools, hypercorn and daphne", name)
}
