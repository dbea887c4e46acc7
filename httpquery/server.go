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
	// the WebSocket library uvicorn[standard] installs, websockets 10.4.
	//
	// h11 refuses (400) a target that is empty or holds a byte outside
	// 21-7E, a request without a Host header, and a header value holding
	// 00, 0A, 0B, 0C or 0D once the spaces and tabs around it are trimmed.
	// The query is every byte after the first '?', '#' and all. A head over
	// 16 KiB is refused or not depending on how its bytes arrive (h11's
	// limit applies only to a head not yet whole), so the readings return
	// [ErrUnmodelled] for it.
	//
	// A request whose Connection header holds the token "upgrade" is an
	// upgrade: uvicorn answers 400 unless the last Upgrade header is
	// "websocket" (any case), so "Upgrade: websocket, h2c" gets 400.
	// websockets then reads the handshake again and answers 400 to a method
	// other than GET, a request line over 4,110 bytes with its CRLF (a
	// target over 4,095 bytes), a header line as long, more than 256
	// headers, a header value holding 00-08, 0A-1F or 7F, a
	// Sec-WebSocket-Key that is not 16 bytes in base64, and a
	// Sec-WebSocket-Version other than 13; then 500 to a header value
	// holding 80-FF. "Upgrade: websocket" without "Connection: Upgrade" is
	// a plain request.
	//
	// uvicorn trusts X-Forwarded-Proto from 127.0.0.1 by default and puts
	// the last one, stripped, in scope["scheme"], which request.url uses:
	// see [Server.URLQuery].
	//
	// With --ws wsproto (wsproto 1.2.0) instead, the handshake differs: a
	// Host holding 80-FF closes the connection unanswered, a version other
	// than 13 gets 426, and the key is not checked.
	UvicornH11 Server = iota + 1

	// UvicornHTTPTools is uvicorn 0.17.6 run with --http httptools
	// (httptools 0.1.1, with http-parser 2.9), the parser uvicorn picks
	// when httptools is installed, and the WebSocket library that
	// uvicorn[standard] installs, websockets 10.4.
	//
	// The request line: spaces before the target are skipped, the URL ends
	// at the first space, and only spaces may follow it, so trailing spaces
	// are dropped. The URL must pass http-parser's URL parser: '/' or '*'
	// first, or an absolute URL's scheme, "//" and host; then bytes 21-7E,
	// tab, FF and 80-FF, '?' starting the query and '#' the fragment;
	// anything else is refused (400). A CR or LF ends the request line of
	// an HTTP/0.9 request, whose rest is refused unless it reads as a
	// header line ([ErrUnmodelled] then). A header value holding 00-08,
	// 0A-1F or 7F after its first byte (http-parser skips spaces and tabs
	// before a value and does not check the byte that starts it) is
	// refused; a missing Host is not. A head over 80 KiB is refused.
	//
	// A plain request: http-parser's URL parser must also accept the host
	// and port of an absolute URL, a URL without a path ("http://x?a") is
	// refused, and so is a path holding 80-FF, which uvicorn decodes as
	// ASCII. The query is what the parser finds between the first '?' and
	// the first '#' after it: UVICORN CUTS THE QUERY AT '#'.
	//
	// A request with an Upgrade header and the token "upgrade" in
	// Connection is an upgrade: uvicorn answers 400 unless the last Upgrade
	// is "websocket", and otherwise hands the URL, '#' and all, to
	// websockets, which splits it at its first '?' and refuses as under
	// [UvicornH11] (but for the Host, which it does not require), then
	// answers 500 to a query holding 80-FF. A path holding 80-FF reaches
	// the app as surrogate escapes, which [Server.URLQuery] cannot return
	// as text when "%3F" carries them into url.query.
	//
	// With --ws wsproto instead, h11 parses the handshake again: it refuses
	// 00-20 and 7F-FF in the URL and a missing Host, a Host holding 80-FF
	// closes the connection, and a version other than 13 gets 426.
	UvicornHTTPTools

	// Hypercorn is hypercorn 0.13.2 (h11 0.14.0).
	//
	// h11 refuses as under [UvicornH11]: a target byte outside 21-7E, a
	// missing Host, a header value holding 00 or 0A-0D, and a head over
	// 16 KiB depending on how it arrives. The query is every byte after
	// the first '?'.
	//
	// A GET whose last Connection header holds "upgrade" and whose last
	// Upgrade header is "websocket" is a WebSocket handshake, refused (400)
	// without a Sec-WebSocket-Key (whatever its value) or with a
	// Sec-WebSocket-Version other than 13; anything else is a plain
	// request, "Upgrade: websocket, h2c" and a POST included. An Upgrade of
	// "h2c" on a request without Content-Length or Transfer-Encoding
	// switches the connection to HTTP/2, where the request reads as a
	// plain one.
	Hypercorn

	// Daphne is daphne 4.0.0 (Twisted 22.4.0, and autobahn 22.7.1 for
	// WebSocket).
	//
	// Twisted splits the request line at runs of ASCII whitespace (09-0D,
	// 20): whitespace before and after the target is dropped, and a target
	// with whitespace inside is refused (400). Daphne refuses 80-FF
	// anywhere in the target. Bytes 00-08, 0E-1F and 7F reach the app, and
	// the query is every byte after the first '?'. A request line over
	// 16,384 bytes closes the connection unanswered; a request line and
	// headers over 16,384 bytes together are refused. Header values may
	// hold any byte, and the Host may be missing. A CRLF inside the target
	// or the Host ends its line there ([ErrUnmodelled]).
	//
	// A request whose first Upgrade header is "websocket" is a WebSocket
	// handshake, which autobahn reads again: it refuses (400) 1C-1F inside
	// the target and 1C-1E anywhere in it, a '#' that is not the target's
	// last byte, a target urlsplit cannot split, a missing Host or one with
	// a ':' not followed by a number (unless it ends in ']'), a missing
	// "upgrade" in Connection, a bad Sec-WebSocket-Key, a version other
	// than 8 and 13, and answers 405 to a method other than GET. The
	// WebSocket scope's path is the target as urllib.parse.urlparse reads
	// it: "//x/p" has the path "/p", and ";params" are cut from its last
	// segment.
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
