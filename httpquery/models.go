package httpquery

import (
	"strings"

	"github.com/seed-3058a48d/queryparams"
)

// scope is what a server hands the app: the parts of the ASGI scope that
// Starlette's query_params and url read.
type scope struct {
	ws       bool
	query    string // scope["query_string"]
	path     string // scope["path"]: UTF-8, with a raw byte 80-FF where Python holds its surrogate escape
	rootPath string // scope["root_path"]
	host     string // the first "host" header, as bytes
	hasHost  bool
	scheme   string // scope["scheme"], as latin-1 bytes
}

// modelledMethods are the methods measured.
var modelledMethods = map[string]bool{
	"GET": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true, "OPTIONS": true,
}

// check returns the error for a request outside the model, common to every
// server.
func (s Server) check(w *wire) error {
	if !modelledMethods[w.method] {
		return &UnmodelledError{s, "method " + quoteString(w.method) + " was not measured"}
	}
	if name, ok := w.repeated("Upgrade", "Connection", "Sec-Websocket-Key", "Sec-Websocket-Version"); ok {
		return &UnmodelledError{s, "the " + name + " header is repeated"}
	}
	return nil
}

func quoteString(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return `"` + strings.ToValidUTF8(s, "\uFFFD") + `"`
}

// refused builds a RefusedError.
func (s Server) refused(ws bool, status int, part string, off int, b byte, reason string) *RefusedError {
	return &RefusedError{Server: s, WebSocket: ws, Status: status, Part: part, Offset: off, Byte: b, Reason: reason}
}

// refusedAt builds a RefusedError for byte i of the target.
func (s Server) refusedAt(ws bool, status int, target string, i int, reason string) *RefusedError {
	return s.refused(ws, status, "request target", i, target[i], reason)
}

// scope returns what s hands the app for w, or why it does not.
func (s Server) scope(w *wire) (scope, error) {
	if err := s.check(w); err != nil {
		return scope{}, err
	}
	switch s {
	case UvicornH11, uvicornH11WSProto:
		return s.uvicornH11(w)
	case UvicornHTTPTools, uvicornHTTPToolsWSProto:
		return s.uvicornHTTPTools(w)
	case Hypercorn:
		return s.hypercorn(w)
	case Daphne:
		return s.daphne(w)
	}
	return scope{}, &UnmodelledError{s, "no such server"}
}

// wsproto reports whether s hands WebSocket handshakes to wsproto rather
// than to websockets.
func (s Server) wsproto() bool { return s == uvicornH11WSProto || s == uvicornHTTPToolsWSProto }

// ---- h11, the parser of uvicorn --http h11 and of hypercorn ----

// h11Limit is h11's limit on a request head that has not yet arrived
// whole (max_incomplete_event_size): a head longer than this is refused or
// not depending on how its bytes are split into reads.
const h11Limit = 16 * 1024

// h11 checks w as h11 0.14 parses a request: the method a token, the
// target one or more bytes 21-7E, a Host header, and each header value
// runs of bytes other than 00 and ASCII whitespace separated by spaces and
// tabs. It returns the Host value h11 hands on (without the spaces and
// tabs around it).
func (s Server) h11(w *wire, ws bool) (string, error) {
	for i := 0; i < len(w.target); i++ {
		if c := w.target[i]; c < 0x21 || c > 0x7e {
			return "", s.refusedAt(ws, 400, w.target, i, "h11 allows only bytes 21-7E in the target")
		}
	}
	if w.target == "" {
		return "", s.refused(ws, 400, "request target", -1, 0, "empty")
	}
	if !w.hasHost {
		return "", s.refused(ws, 400, "Host header", -1, 0, "missing, and HTTP/1.1 requires it")
	}
	if w.headLen() > h11Limit {
		return "", &UnmodelledError{s, "the request head is over h11's 16 KiB limit, which applies only when the head arrives in more than one read"}
	}
	for name, vs := range w.header {
		for _, v := range vs {
			if _, err := s.h11Value(name, v, ws); err != nil {
				return "", err
			}
		}
	}
	return s.h11Value("Host", w.host, ws)
}

// h11Value checks one header value as h11 does and trims it.
func (s Server) h11Value(name, v string, ws bool) (string, error) {
	if err := s.lineBreaks(name, v, ws); err != nil {
		return "", err
	}
	v = strings.Trim(v, " \t")
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case 0, '\n', '\v', '\f', '\r':
			return "", s.refused(ws, 400, name+" header", i, v[i], "h11 allows no NUL, CR, LF, VT or FF in a header value")
		}
	}
	return v, nil
}

// lineBreaks returns an error for a header value with a CR or LF in it,
// for a server that ends header lines at LF: ErrUnmodelled where the next
// line would be folded into the value (LF then space or tab) or end the
// head, a refusal otherwise (the rest is no header line).
func (s Server) lineBreaks(name, v string, ws bool) error {
	for i := 0; i < len(v); i++ {
		if v[i] != '\n' {
			continue
		}
		if i+1 == len(v) || strings.IndexByte(" \t\r\n", v[i+1]) >= 0 {
			return &UnmodelledError{s, "the " + name + " header holds an LF that starts a folded line or ends the head"}
		}
	}
	if i := strings.IndexAny(v, "\r\n"); i >= 0 {
		return s.refused(ws, 400, name+" header", i, v[i], "a line break in a header value")
	}
	return nil
}

// ---- websockets 10.4, the WebSocket library of uvicorn[standard] ----

// websocketsLine is websockets' limit on one line of the handshake, CRLF
// included (MAX_LINE).
const websocketsLine = 4110

// websockets checks the handshake uvicorn hands to the websockets library:
// the request line "GET target HTTP/1.1" rebuilt by uvicorn, and the
// headers as uvicorn's parser gave them, lowercased. host is the Host
// value as that parser gave it.
func (s Server) websockets(w *wire, target, host string) error {
	if w.method != "GET" {
		return s.refused(true, 400, "request line", -1, 0, "websockets accepts only GET")
	}
	if n := len("GET ") + len(target) + len(" HTTP/1.1\r\n"); n > websocketsLine {
		return s.refused(true, 400, "request line", -1, 0, "longer than websockets' 4110-byte line limit")
	}
	if w.headerLines() > 256 {
		return s.refused(true, 400, "request head", -1, 0, "more than websockets' 256 headers")
	}
	bad500 := ""
	check := func(name, v string) error {
		if len(name)+2+len(v)+2 > websocketsLine {
			return s.refused(true, 400, name+" header", -1, 0, "longer than websockets' 4110-byte line limit")
		}
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c < 0x20 && c != '\t' || c == 0x7f {
				return s.refused(true, 400, name+" header", i, c, "websockets allows only tab, 20-7E and 80-FF in a header value")
			}
			if c >= 0x80 && bad500 == "" {
				bad500 = name
			}
		}
		return nil
	}
	if w.hasHost {
		if err := check("Host", strings.Trim(host, " \t")); err != nil {
			return err
		}
	}
	for name, vs := range w.header {
		for _, v := range vs {
			if err := check(name, v); err != nil {
				return err
			}
		}
	}
	up, _ := w.first("Upgrade")
	if !asciiEqualFold(strings.Trim(up, " \t"), "websocket") {
		return s.refused(true, 426, "Upgrade header", -1, 0, "websockets wants exactly websocket")
	}
	if key, _ := w.first("Sec-Websocket-Key"); !validWebSocketKey(key) {
		return s.refused(true, 400, "Sec-WebSocket-Key header", -1, 0, "missing or not 16 bytes in base64")
	}
	if v, _ := w.first("Sec-Websocket-Version"); v != "13" {
		return s.refused(true, 400, "Sec-WebSocket-Version header", -1, 0, "not 13")
	}
	if bad500 != "" {
		return s.refused(true, 500, bad500+" header", -1, 0, "uvicorn cannot encode a header value that is not ASCII")
	}
	return nil
}

// wsprotoHandshake checks the handshake uvicorn hands to wsproto 1.2,
// which parses it again with h11.
func (s Server) wsprotoHandshake(w *wire, target, host string) error {
	for i := 0; i < len(target); i++ {
		if c := target[i]; c < 0x21 || c > 0x7e {
			return s.refused(true, 400, "request target", strings.Index(w.target, target)+i, c, "wsproto's h11 allows only bytes 21-7E in the target")
		}
	}
	if !w.hasHost {
		return s.refused(true, 400, "Host header", -1, 0, "missing")
	}
	if w.headLen() > h11Limit {
		return &UnmodelledError{s, "the request head is over h11's 16 KiB limit"}
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 0x80 {
			return s.refused(true, 0, "Host header", i, c, "uvicorn's wsproto protocol fails on a header value that is not ASCII")
		}
	}
	if _, err := s.h11Value("Host", host, true); err != nil {
		return err
	}
	if w.method != "GET" {
		return s.refused(true, 400, "request line", -1, 0, "wsproto accepts only GET")
	}
	if v, _ := w.first("Sec-Websocket-Version"); v != "13" {
		return s.refused(true, 426, "Sec-WebSocket-Version header", -1, 0, "not 13")
	}
	if _, ok := w.first("Sec-Websocket-Key"); !ok {
		return s.refused(true, 400, "Sec-WebSocket-Key header", -1, 0, "missing")
	}
	return nil
}

// ---- uvicorn 0.17.6 ----

// uvicornScheme is scope["scheme"] under uvicorn, whose proxy-headers
// middleware (on by default, trusting 127.0.0.1) replaces it with the last
// X-Forwarded-Proto, stripped.
func uvicornScheme(w *wire, ws bool) string {
	if v, ok := w.last("X-Forwarded-Proto"); ok {
		return pyStrip(strings.Trim(v, " \t"))
	}
	if ws {
		return "ws"
	}
	return "http"
}

func (s Server) uvicornH11(w *wire) (scope, error) {
	host, err := s.h11(w, false)
	if err != nil {
		return scope{}, err
	}
	rawPath, query, _ := strings.Cut(w.target, "?")
	sc := scope{query: query, path: queryparams.Unquote(rawPath), host: host, hasHost: true}
	if w.hasToken("Connection", "upgrade") {
		up, _ := w.last("Upgrade")
		if !asciiEqualFold(strings.Trim(up, " \t"), "websocket") {
			return scope{}, s.refused(false, 400, "Upgrade header", -1, 0, "uvicorn upgrades only to websocket")
		}
		if s.wsproto() {
			err = s.wsprotoHandshake(w, w.target, host)
		} else {
			err = s.websockets(w, w.target, host)
		}
		if err != nil {
			return scope{}, err
		}
		sc.ws = true
	}
	sc.scheme = uvicornScheme(w, sc.ws)
	return sc, nil
}

// ---- httptools 0.1.1 (http-parser 2.9), uvicorn's default parser ----

// httptoolsHead is http-parser's limit on a request head
// (HTTP_MAX_HEADER_SIZE), the blank line included.
const httptoolsHead = 80 * 1024

// httptoolsMethods are the methods http-parser knows, of those modelled.
var httptoolsMethods = modelledMethods

func (s Server) uvicornHTTPTools(w *wire) (scope, error) {
	// The request line: spaces before the URL are skipped, the URL ends at
	// the first space, and only spaces may follow it.
	start := 0
	for start < len(w.target) && w.target[start] == ' ' {
		start++
	}
	end := start
	for end < len(w.target) && w.target[end] != ' ' && w.target[end] != '\r' && w.target[end] != '\n' {
		end++
	}
	url := w.target[start:end]
	if url == "" {
		return scope{}, s.refused(false, 400, "request target", -1, 0, "empty")
	}
	if _, bad := httpParserURL(url, false); bad >= 0 {
		return scope{}, s.refusedAt(false, 400, w.target, start+bad, "http-parser does not accept the URL")
	}
	if end < len(w.target) && w.target[end] != ' ' {
		// A CR or LF ends the request line of an HTTP/0.9 request, and
		// what follows is read as a header line.
		return scope{}, s.http09(w, end)
	}
	for i := end; i < len(w.target); i++ {
		if w.target[i] != ' ' {
			return scope{}, s.refusedAt(false, 400, w.target, i, "http-parser allows only spaces after the URL")
		}
	}
	if w.headLen() > httptoolsHead {
		return scope{}, s.refused(false, 400, "request head", -1, 0, "longer than http-parser's 80 KiB")
	}
	host := ""
	if w.hasHost {
		var err error
		if host, err = s.httpParserValue("Host", w.host); err != nil {
			return scope{}, err
		}
	}
	for name, vs := range w.header {
		for _, v := range vs {
			if _, err := s.httpParserValue(name, v); err != nil {
				return scope{}, err
			}
		}
	}
	_, hasUpgrade := w.first("Upgrade")
	if hasUpgrade && w.hasToken("Connection", "upgrade") {
		up, _ := w.last("Upgrade")
		if !asciiEqualFold(strings.TrimLeft(up, " \t"), "websocket") {
			return scope{}, s.refused(false, 400, "Upgrade header", -1, 0, "uvicorn upgrades only to websocket")
		}
		var err error
		if s.wsproto() {
			err = s.wsprotoHandshake(w, url, host)
		} else {
			err = s.websockets(w, url, host)
		}
		if err != nil {
			return scope{}, err
		}
		// The handshake library splits the URL at its first '?' itself.
		rawPath, query, _ := strings.Cut(url, "?")
		if !s.wsproto() {
			for i := 0; i < len(query); i++ {
				if query[i] >= 0x80 {
					off := start + len(rawPath) + 1 + i
					return scope{}, s.refusedAt(true, 500, w.target, off, "uvicorn cannot encode a query that is not ASCII")
				}
			}
		}
		path := rawPath
		if !s.wsproto() {
			path = surrogateEscape(rawPath) // websockets decodes the line as ASCII with surrogateescape
		}
		host = strings.Trim(host, " \t") // websockets strips header values
		return scope{ws: true, query: query, path: queryparams.Unquote(path), host: host, hasHost: w.hasHost,
			scheme: uvicornScheme(w, true)}, nil
	}
	if len(url) > 0xFFFF {
		return scope{}, &UnmodelledError{s, "http-parser keeps the offsets of a URL over 65535 bytes in 16 bits"}
	}
	fields, bad := httpParserURL(url, true)
	if bad >= 0 {
		return scope{}, s.refusedAt(false, 400, w.target, start+bad, "http-parser's URL parser does not accept the URL")
	}
	if fields.path < 0 {
		return scope{}, s.refused(false, 400, "request target", -1, 0, "the URL has no path")
	}
	rawPath := url[fields.path:fields.pathEnd]
	for i := 0; i < len(rawPath); i++ {
		if rawPath[i] >= 0x80 {
			return scope{}, s.refusedAt(false, 400, w.target, start+fields.path+i, "uvicorn decodes the path as ASCII")
		}
	}
	query := ""
	if fields.query >= 0 {
		query = url[fields.query:fields.queryEnd]
	}
	return scope{query: query, path: queryparams.Unquote(rawPath), host: host, hasHost: w.hasHost,
		scheme: uvicornScheme(w, false)}, nil
}

// httpParserValue checks a header value as http-parser does, and returns
// it as uvicorn hands it on: http-parser skips spaces and tabs before a
// value and does not check the byte that starts it, unless that is an LF;
// after it, only tab, 20-7E and 80-FF may follow.
func (s Server) httpParserValue(name, v string) (string, error) {
	v = strings.TrimLeft(v, " \t")
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\n' {
			if i+1 == len(v) || strings.IndexByte(" \t\r\n", v[i+1]) >= 0 {
				return "", &UnmodelledError{s, "the " + name + " header holds an LF that starts a folded line or ends the head"}
			}
			return "", s.refused(false, 400, name+" header", i, c, "a line break in a header value")
		}
		if i > 0 && (c < 0x20 && c != '\t' || c == 0x7f) {
			return "", s.refused(false, 400, name+" header", i, c, "http-parser allows only tab, 20-7E and 80-FF in a header value after its first byte")
		}
	}
	return v, nil
}

// http09 is the refusal, or the unmodelled reading, of a target whose URL
// ends at the CR or LF at offset end: http-parser reads an HTTP/0.9 request
// line and then, after CRLF or LF, the rest of the target and
// " HTTP/1.1" as a header line, which is refused unless it is one.
func (s Server) http09(w *wire, end int) error {
	rest := w.target[end:]
	switch {
	case strings.HasPrefix(rest, "\r\n"):
		rest = rest[2:]
	case rest[0] == '\n':
		rest = rest[1:]
	default:
		return s.refusedAt(false, 400, w.target, end, "http-parser wants LF after CR")
	}
	name, _, ok := strings.Cut(rest, ":")
	if ok && isToken(name) {
		return &UnmodelledError{s, "the target holds a line break that makes the rest of it a header line of an HTTP/0.9 request"}
	}
	return s.refusedAt(false, 400, w.target, end, "a line break in the target")
}

// surrogateEscape returns s with each byte 80-FF as the three-byte form of
// the surrogate U+DC80-U+DCFF that Python's surrogateescape decodes it
// to; no Go text holds such a rune, so it stays apart from the text around
// it until a reading that meets it reports [ErrUnrepresentable].
func surrogateEscape(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			if b == nil {
				b = append(make([]byte, 0, len(s)+16), s[:i]...)
			}
			b = append(b, 0xED, 0xB2|c>>6&1, 0x80|c&0x3F)
		} else if b != nil {
			b = append(b, c)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// surrogateAt reports whether s holds the three-byte form of a surrogate
// at i, and the raw byte it escapes.
func surrogateAt(s string, i int) (byte, bool) {
	if i+2 < len(s) && s[i] == 0xED && s[i+1]&0xFE == 0xB2 && s[i+2]&0xC0 == 0x80 {
		return 0x80 | (s[i+1]&1)<<6 | s[i+2]&0x3F, true
	}
	return 0, false
}

// urlFields are where http-parser's URL parser finds a path and a query;
// -1 when it finds none.
type urlFields struct {
	path, pathEnd, query, queryEnd int
}

// http-parser's URL states.
const (
	uDead = iota
	uStart
	uSchema
	uSchemaSlash
	uSchemaSlashSlash
	uServerStart
	uServer
	uServerWithAt
	uPath
	uQueryStart
	uQuery
	uFragmentStart
	uFragment
)

// httpParserURL runs http-parser 2.9's URL state machine (not strict, not
// CONNECT) over url, as its request parser does; with full, it also checks
// what http_parser_parse_url checks after it: a schema has a host, and the
// host and port are well formed. It returns the fields found, and the
// offset of the byte it stops at, or -1 when it accepts url.
func httpParserURL(url string, full bool) (urlFields, int) {
	f := urlFields{-1, -1, -1, -1}
	state := uStart
	hostStart, hostEnd, foundAt := -1, -1, false
	schema := false
	for i := 0; i < len(url); i++ {
		state = urlChar(state, url[i])
		switch state {
		case uDead:
			return f, i
		case uSchema:
			schema = true
		case uServer, uServerWithAt:
			if state == uServerWithAt {
				foundAt = true
			}
			if hostStart < 0 {
				hostStart = i
			}
			hostEnd = i + 1
		case uPath:
			if f.path < 0 {
				f.path = i
			}
			f.pathEnd = i + 1
		case uQuery:
			if f.query < 0 {
				f.query = i
			}
			f.queryEnd = i + 1
		}
	}
	switch state {
	case uStart, uSchema, uSchemaSlash, uSchemaSlashSlash, uServerStart:
		return f, len(url) - 1 // the request line may not end the URL here
	}
	if !full {
		return f, -1
	}
	if schema && hostStart < 0 {
		return f, len(url) - 1
	}
	if hostStart >= 0 && !httpParserHost(url[hostStart:hostEnd], foundAt) {
		return f, hostStart
	}
	return f, -1
}

// urlChar is http-parser's parse_url_char.
func urlChar(s int, c byte) int {
	if c == ' ' || c == '\r' || c == '\n' {
		return uDead
	}
	switch s {
	case uStart:
		if c == '/' || c == '*' {
			return uPath
		}
		if isAlpha(c) {
			return uSchema
		}
	case uSchema:
		if isAlpha(c) {
			return s
		}
		if c == ':' {
			return uSchemaSlash
		}
	case uSchemaSlash:
		if c == '/' {
			return uSchemaSlashSlash
		}
	case uSchemaSlashSlash:
		if c == '/' {
			return uServerStart
		}
	case uServerWithAt, uServerStart, uServer:
		if s == uServerWithAt && c == '@' {
			return uDead
		}
		switch {
		case c == '/':
			return uPath
		case c == '?':
			return uQueryStart
		case c == '@':
			return uServerWithAt
		case isUserinfo(c) || c == '[' || c == ']':
			return uServer
		}
	case uPath:
		if isURLChar(c) {
			return s
		}
		switch c {
		case '?':
			return uQueryStart
		case '#':
			return uFragmentStart
		}
	case uQueryStart, uQuery:
		if isURLChar(c) || c == '?' {
			return uQuery
		}
		if c == '#' {
			return uFragmentStart
		}
	case uFragmentStart, uFragment:
		if isURLChar(c) || c == '?' || c == '#' {
			return uFragment
		}
	}
	return uDead
}

func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isNum(c byte) bool   { return '0' <= c && c <= '9' }

// isURLChar is http-parser's IS_URL_CHAR when not strict: 21-7E but '#'
// and '?', tab, form feed, and 80-FF.
func isURLChar(c byte) bool {
	return c >= 0x80 || c == '\t' || c == '\f' || 0x21 <= c && c <= 0x7e && c != '#' && c != '?'
}

func isUserinfo(c byte) bool {
	return isAlpha(c) || isNum(c) || strings.IndexByte("-_.!~*'()%;:&=+$,", c) >= 0
}

// httpParserHost is http-parser's http_parse_host over the host field.
func httpParserHost(h string, foundAt bool) bool {
	const (
		dead = iota
		userinfoStart
		userinfo
		hostStart
		hostV6Start
		hostV6
		hostV6End
		hostV6ZoneStart
		hostV6Zone
		portStart
		port
		host
	)
	s := hostStart
	if foundAt {
		s = userinfoStart
	}
	portValue := 0
	for i := 0; i < len(h); i++ {
		c := h[i]
		next := dead
		switch s {
		case userinfo, userinfoStart:
			if c == '@' {
				next = hostStart
			} else if isUserinfo(c) {
				next = userinfo
			}
		case hostStart:
			if c == '[' {
				next = hostV6Start
			} else if isAlpha(c) || isNum(c) || c == '.' || c == '-' || c == '_' {
				next = host
			}
		case host, hostV6End:
			if s == host && (isAlpha(c) || isNum(c) || c == '.' || c == '-' || c == '_') {
				next = host
			} else if c == ':' {
				next = portStart
			}
		case hostV6, hostV6Start:
			if s == hostV6 && c == ']' {
				next = hostV6End
			} else if isHex(c) || c == ':' || c == '.' {
				next = hostV6
			} else if s == hostV6 && c == '%' {
				next = hostV6ZoneStart
			}
		case hostV6Zone, hostV6ZoneStart:
			if s == hostV6Zone && c == ']' {
				next = hostV6End
			} else if isAlpha(c) || isNum(c) || strings.IndexByte("%.-_~", c) >= 0 {
				next = hostV6Zone
			}
		case port, portStart:
			if isNum(c) {
				next = port
				portValue = portValue*10 + int(c-'0')
				if portValue > 0xFFFF {
					return false
				}
			}
		}
		if next == dead {
			return false
		}
		s = next
	}
	switch s {
	case hostStart, hostV6Start, hostV6, hostV6ZoneStart, hostV6Zone, portStart, userinfo, userinfoStart:
		return false
	}
	return true
}

func isHex(c byte) bool { return isNum(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// ---- hypercorn 0.13.2 ----

func (s Server) hypercorn(w *wire) (scope, error) {
	host, err := s.h11(w, false)
	if err != nil {
		return scope{}, err
	}
	rawPath, query, _ := strings.Cut(w.target, "?")
	sc := scope{query: query, path: queryparams.Unquote(rawPath), host: host, hasHost: true, scheme: "http"}
	up, _ := w.last("Upgrade")
	up = pyStrip(up)
	_, cl := w.first("Content-Length")
	_, te := w.first("Transfer-Encoding")
	if asciiEqualFold(up, "h2c") && !cl && !te {
		return sc, nil // upgraded to HTTP/2, where the request reads the same
	}
	conn, _ := w.last("Connection")
	if listHasToken(conn, "upgrade") && asciiEqualFold(up, "websocket") && w.method == "GET" {
		if _, ok := w.first("Sec-Websocket-Key"); !ok {
			return scope{}, s.refused(true, 400, "Sec-WebSocket-Key header", -1, 0, "missing")
		}
		if v, _ := w.first("Sec-Websocket-Version"); v != "13" {
			return scope{}, s.refused(true, 400, "Sec-WebSocket-Version header", -1, 0, "not 13")
		}
		sc.ws, sc.scheme = true, "ws"
	}
	return sc, nil
}

// ---- daphne 4.0.0 (Twisted 22.4, autobahn 22.7.1) ----

// twistedLimit is Twisted's limit on one line, and on the request line and
// headers together (MAX_LENGTH and totalHeadersSize).
const twistedLimit = 16384

func (s Server) daphne(w *wire) (scope, error) {
	// Twisted reads lines ending in CRLF and splits the request line at
	// runs of ASCII whitespace; it must have three parts.
	if strings.Contains(w.target, "\r\n") {
		return scope{}, &UnmodelledError{s, "the target holds CRLF, which ends the request line inside it"}
	}
	if w.hasHost && strings.Contains(w.host, "\r\n") {
		return scope{}, &UnmodelledError{s, "the Host header holds CRLF, which ends its line inside it"}
	}
	if w.requestLine() > twistedLimit {
		return scope{}, s.refused(false, 0, "request line", -1, 0, "longer than Twisted's 16384-byte line limit")
	}
	parts := splitASCIISpace(w.target)
	if len(parts) != 1 {
		i := firstInnerSpace(w.target)
		if i < 0 {
			return scope{}, s.refused(false, 400, "request target", -1, 0, "empty")
		}
		return scope{}, s.refusedAt(false, 400, w.target, i, "Twisted splits the request line at whitespace")
	}
	uri := parts[0]
	uriStart := strings.Index(w.target, uri)
	size := w.requestLine()
	if w.hasHost {
		size += len("Host: ") + len(w.host)
	}
	for name, vs := range w.header {
		for _, v := range vs {
			size += len(name) + 2 + len(v)
		}
	}
	if size > twistedLimit {
		return scope{}, s.refused(false, 400, "request head", -1, 0, "longer than Twisted's 16384 bytes of request line and headers")
	}
	host := strings.Trim(w.host, " \t")
	rawPath, query, _ := strings.Cut(uri, "?")
	for i := 0; i < len(rawPath); i++ {
		if rawPath[i] >= 0x80 {
			return scope{}, s.refusedAt(false, 400, w.target, uriStart+i, "daphne decodes the path as ASCII")
		}
	}
	for i := 0; i < len(query); i++ {
		if query[i] >= 0x80 {
			return scope{}, s.refusedAt(false, 400, w.target, uriStart+len(rawPath)+1+i, "daphne decodes the query as ASCII")
		}
	}
	if up, ok := w.first("Upgrade"); ok && asciiEqualFold(strings.Trim(up, " \t"), "websocket") {
		return s.autobahn(w, uri, uriStart, query, host)
	}
	sc := scope{query: query, path: queryparams.Unquote(rawPath), host: host, hasHost: w.hasHost, scheme: "http"}
	if v, ok := w.last("Daphne-Root-Path"); ok {
		v = strings.Trim(v, " \t")
		for i := 0; i < len(v); i++ {
			if v[i] >= 0x80 {
				return scope{}, s.refused(false, 500, "Daphne-Root-Path header", i, v[i], "daphne decodes it as ASCII")
			}
		}
		sc.rootPath = queryparams.Unquote(v)
	}
	return sc, nil
}

// splitASCIISpace is Python's bytes.split().
func splitASCIISpace(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && strings.ContainsRune(asciiSpace, r) })
}

// firstInnerSpace returns the offset of the first ASCII whitespace byte
// that follows a byte that is not, or -1.
func firstInnerSpace(s string) int {
	seen := false
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(asciiSpace, s[i]) >= 0 {
			if seen {
				return i
			}
		} else {
			seen = true
		}
	}
	return -1
}

// autobahn checks the WebSocket handshake as daphne hands it to autobahn:
// the request line rebuilt from Twisted's parts, the headers as Twisted
// read them. It returns the scope of the WebSocket connection.
func (s Server) autobahn(w *wire, uri string, uriStart int, query, host string) (scope, error) {
	// autobahn splits the latin-1 text into lines (at CR, LF, VT, FF,
	// 1C-1E and 85) and the request line at whitespace (which adds 1C-1F,
	// 85 and A0; bytes 80-FF are refused before here).
	for i := 0; i < len(uri); i++ {
		if c := uri[i]; 0x1c <= c && c <= 0x1e {
			return scope{}, s.refusedAt(true, 400, w.target, uriStart+i, "autobahn ends the request line there")
		}
	}
	fields := strings.FieldsFunc(uri, func(r rune) bool { return r == 0x1f })
	if len(fields) != 1 {
		i := strings.IndexByte(strings.Trim(uri, "\x1f"), 0x1f)
		return scope{}, s.refusedAt(true, 400, w.target, uriStart+len(uri)-len(strings.TrimLeft(uri, "\x1f"))+i, "autobahn splits the request line at whitespace")
	}
	if w.method != "GET" {
		return scope{}, s.refused(true, 405, "request line", -1, 0, "autobahn accepts only GET")
	}
	parts, err := urlparse(fields[0])
	if err != nil {
		return scope{}, s.refused(true, 400, "request target", -1, 0, "autobahn cannot parse it: "+err.Error())
	}
	if parts.Fragment != "" {
		i := strings.IndexByte(uri, '#')
		return scope{}, s.refusedAt(true, 400, w.target, uriStart+i, "autobahn refuses a fragment")
	}
	if !w.hasHost {
		return scope{}, s.refused(true, 400, "Host header", -1, 0, "missing")
	}
	// autobahn's Host: the text up to the first line break, stripped.
	h := host
	if i := strings.IndexFunc(h, isLineBreak); i >= 0 {
		for _, rest := range strings.FieldsFunc(h[i:], isLineBreak) {
			if strings.IndexByte(rest, ':') > 0 {
				return scope{}, &UnmodelledError{s, "the Host header holds a line break that autobahn would read as starting another header"}
			}
		}
		h = h[:i]
	}
	h = pyStrip(h)
	if strings.Contains(h, ":") && !strings.HasSuffix(h, "]") {
		port := pyStrip(h[strings.LastIndexByte(h, ':')+1:])
		if !pythonInt(port) {
			return scope{}, s.refused(true, 400, "Host header", strings.LastIndexByte(host, ':'), ':', "autobahn wants a number after the last ':'")
		}
	}
	if !w.hasToken("Connection", "upgrade") {
		return scope{}, s.refused(true, 400, "Connection header", -1, 0, "autobahn wants upgrade in it")
	}
	if v, _ := w.first("Sec-Websocket-Version"); pyStrip(v) != "13" && pyStrip(v) != "8" {
		return scope{}, s.refused(true, 400, "Sec-WebSocket-Version header", -1, 0, "autobahn speaks versions 8 and 13")
	}
	if key, _ := w.first("Sec-Websocket-Key"); !validWebSocketKey(pyStrip(key)) {
		return scope{}, s.refused(true, 400, "Sec-WebSocket-Key header", -1, 0, "missing or not 16 bytes in base64")
	}
	return scope{ws: true, query: query, path: queryparams.Unquote(parts.Path), host: h, hasHost: true, scheme: "ws"}, nil
}

// isLineBreak is str.splitlines()'s line boundary, for latin-1 text.
func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\v' || r == '\f' || 0x1c <= r && r <= 0x1e || r == 0x85
}

// pythonInt reports whether int(s) accepts the ASCII string s: an optional
// sign, then digits with single underscores between them.
func pythonInt(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

// usesParams is urllib.parse.uses_params, with the "ws" and "wss" that
// autobahn adds to it when it is imported.
var usesParams = map[string]bool{
	"ws": true, "wss": true, "": true, "ftp": true, "hdl": true, "prospero": true, "http": true, "imap": true, "https": true,
	"shttp": true, "rtsp": true, "rtspu": true, "sip": true, "sips": true, "mms": true, "sftp": true, "tel": true,
}

// urlparse is Python's urllib.parse.urlparse, less the params it cuts from
// the path.
func urlparse(s string) (queryparams.URLParts, error) {
	p, err := queryparams.SplitURL(s)
	if err != nil {
		return p, err
	}
	if usesParams[p.Scheme] && strings.Contains(p.Path, ";") {
		if i := strings.LastIndexByte(p.Path, '/'); i >= 0 {
			if j := strings.IndexByte(p.Path[i:], ';'); j >= 0 {
				p.Path = p.Path[:i+j]
			}
		} else {
			p.Path = p.Path[:strings.IndexByte(p.Path, ';')]
		}
	}
	return p, nil
}
