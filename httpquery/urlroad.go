package httpquery

import (
	"strings"
	"unicode/utf8"

	"github.com/seed-3058a48d/queryparams"
)

// fallbackNetloc stands for the server's own address, which Starlette puts
// in request.url when the Host header does not pass its check. Over TCP it
// is an address and port, which never changes what urlsplit finds after
// it, so any such value reads the same.
const fallbackNetloc = "127.0.0.1:8000"

// urlQuery returns request.url.query as Starlette 0.26.1 builds it from
// sc: URL(scope=...) joins the scheme, a netloc, root_path + path and the
// raw query decoded as strict UTF-8, and .query splits that URL again with
// urlsplit.
func (s Server) urlQuery(sc scope) (string, error) {
	// The netloc: the first Host header when it passes Starlette's check
	// (a name of letters, digits, '.' and '-', or a bracketed run of hex
	// digits, '.' and ':' holding a ':', and an optional numeric port);
	// otherwise the server's address, which needs the scheme's default port.
	var netloc string
	if sc.hasHost && starletteHost(sc.host) {
		netloc = sc.host
	} else {
		switch sc.scheme {
		case "http", "https", "ws", "wss":
			netloc = fallbackNetloc
		default:
			return "", &PythonError{Server: s, Exception: "KeyError", Message: pyRepr(sc.scheme)}
		}
	}
	if i := firstInvalidUTF8(sc.query); i >= 0 {
		return "", &UTF8Error{Server: s, Offset: i, Query: sc.query}
	}
	// urlunsplit: the netloc is never empty, so "//" and a '/' before a
	// path that lacks one; '?' only before a query that is not empty.
	scheme := latin1ToUTF8(sc.scheme)
	path := sc.rootPath + sc.path
	if path != "" && path[0] != '/' {
		path = "/" + path
	}
	url := "//" + netloc + path
	if scheme != "" {
		url = scheme + ":" + url
	}
	if sc.query != "" {
		url += "?" + sc.query
	}
	parts, err := queryparams.SplitURL(url)
	if err != nil {
		msg := err.Error()
		if se, ok := err.(*queryparams.SplitError); ok {
			msg = se.Msg
		}
		return "", &PythonError{Server: s, Exception: "ValueError", Message: msg, Err: err}
	}
	for i := 0; i < len(parts.Query); i++ {
		if b, ok := surrogateAt(parts.Query, i); ok {
			return "", &UnrepresentableError{Server: s, Offset: i, Byte: b, Query: parts.Query}
		}
	}
	return parts.Query, nil
}

// starletteHost is Starlette's _HOST_RE.fullmatch:
// ^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::[0-9]+)?$, ignoring case.
func starletteHost(h string) bool {
	i := 0
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		in := h[1:end]
		colon := -1
		for j := 0; j < len(in); j++ {
			c := in[j]
			if c == ':' && colon < 0 {
				colon = j
				continue
			}
			if colon < 0 && !isHex(c) || colon >= 0 && !isHex(c) && c != '.' && c != ':' {
				return false
			}
		}
		if colon < 0 || colon == len(in)-1 {
			return false
		}
		i = end + 1
	} else {
		for i < len(h) && (isAlpha(h[i]) || isNum(h[i]) || h[i] == '.' || h[i] == '-') {
			i++
		}
		if i == 0 {
			return false
		}
	}
	if i == len(h) {
		return true
	}
	if h[i] != ':' || i+1 == len(h) {
		return false
	}
	for _, c := range []byte(h[i+1:]) {
		if !isNum(c) {
			return false
		}
	}
	return true
}

// firstInvalidUTF8 returns the offset of the first byte of s that is not
// part of valid UTF-8, where Python's strict decoder stops, or -1.
func firstInvalidUTF8(s string) int {
	for i := 0; i < len(s); {
		if s[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// pyRepr is Python's repr of a str decoded from the latin-1 bytes s, for
// the message of a KeyError.
func pyRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b := []byte{quote}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == quote || c == '\\':
			b = append(b, '\\', c)
		case c == '\t':
			b = append(b, `\t`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\r':
			b = append(b, `\r`...)
		case c < 0x20 || 0x7f <= c && c <= 0xa0 || c == 0xad:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
		default:
			b = utf8.AppendRune(b, rune(c))
		}
	}
	return string(append(b, quote))
}
