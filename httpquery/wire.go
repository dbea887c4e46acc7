package httpquery

import (
	"net/http"
	"strings"
)

// wire is a request as the bytes a server receives: the request line
// "METHOD SP target SP HTTP/1.1", a Host line unless host is absent, and
// one line "Name: value" for each value of each header.
type wire struct {
	method  string
	target  string
	host    string
	hasHost bool
	header  http.Header // canonical keys; no Host
}

// wireOf returns the bytes r stands for. The target is r.RequestURI, the
// target exactly as a server received it, or for a request built to be
// sent, the one net/http would send, r.URL.RequestURI(). The Host is r.Host,
// or r.URL.Host when r.Host is empty; an empty Host means no Host header.
func wireOf(r *http.Request) *wire {
	w := &wire{method: r.Method, target: r.RequestURI, host: r.Host, header: r.Header}
	if w.method == "" {
		w.method = http.MethodGet
	}
	if w.target == "" && r.URL != nil {
		w.target = r.URL.RequestURI()
	}
	if w.host == "" && r.URL != nil {
		w.host = r.URL.Host
	}
	w.hasHost = w.host != ""
	return w
}

// values returns every value of the header name, in order.
func (w *wire) values(name string) []string { return w.header.Values(name) }

// last returns the last value of the header name.
func (w *wire) last(name string) (string, bool) {
	v := w.header.Values(name)
	if len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

// first returns the first value of the header name.
func (w *wire) first(name string) (string, bool) {
	v := w.header.Values(name)
	if len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// requestLine is len("METHOD SP target SP HTTP/1.1"), without CRLF.
func (w *wire) requestLine() int { return len(w.method) + 1 + len(w.target) + len(" HTTP/1.1") }

// headLen is the length of the whole head: every line with its CRLF, and
// the blank line that ends it.
func (w *wire) headLen() int {
	n := w.requestLine() + 2
	if w.hasHost {
		n += len("Host: ") + len(w.host) + 2
	}
	for name, vs := range w.header {
		for _, v := range vs {
			n += len(name) + 2 + len(v) + 2
		}
	}
	return n + 2
}

// headerLines is the number of header lines, Host included.
func (w *wire) headerLines() int {
	n := 0
	if w.hasHost {
		n++
	}
	for _, vs := range w.header {
		n += len(vs)
	}
	return n
}

// repeated returns the name of a header among names given more than once.
func (w *wire) repeated(names ...string) (string, bool) {
	for _, name := range names {
		if len(w.header.Values(name)) > 1 {
			return name, true
		}
	}
	return "", false
}

// hasToken reports whether any value of the header name, split at ',' and
// with ASCII whitespace trimmed, is token, ignoring ASCII case.
func (w *wire) hasToken(name, token string) bool {
	for _, v := range w.header.Values(name) {
		if listHasToken(v, token) {
			return true
		}
	}
	return false
}

// listHasToken reports whether the comma-separated list v holds token,
// ignoring ASCII case and the ASCII whitespace around each item.
func listHasToken(v, token string) bool {
	for item := range strings.SplitSeq(v, ",") {
		if asciiEqualFold(strings.Trim(item, asciiSpace), token) {
			return true
		}
	}
	return false
}

// asciiSpace is Python's bytes.strip() and bytes.split() whitespace.
const asciiSpace = " \t\n\v\f\r"

// pySpace reports whether the latin-1 character c is whitespace to
// Python's str.strip() and str.split().
func pySpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r' || 0x1c <= c && c <= 0x1f || c == 0x85 || c == 0xa0
}

// pyStrip is str.strip() on a latin-1 string.
func pyStrip(s string) string {
	i, j := 0, len(s)
	for i < j && pySpace(s[i]) {
		i++
	}
	for j > i && pySpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// latin1ToUTF8 returns s, read as latin-1, in UTF-8: what a Python str
// decoded from bytes with "latin-1" holds.
func latin1ToUTF8(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			b := make([]byte, 0, len(s)+8)
			for j := 0; j < len(s); j++ {
				if c := s[j]; c < 0x80 {
					b = append(b, c)
				} else {
					b = append(b, 0xC0|c>>6, 0x80|c&0x3F)
				}
			}
			return string(b)
		}
	}
	return s
}

// isToken reports whether s is an HTTP token (RFC 9110), as a method must be.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// validWebSocketKey reports whether key is 16 bytes in base64: 22 base64
// characters and "==", the only form every server accepts (websockets
// decodes it strictly and wants 16 bytes, autobahn checks just this shape).
func validWebSocketKey(key string) bool {
	if len(key) != 24 || key[22:] != "==" {
		return false
	}
	for i := 0; i < 22; i++ {
		c := key[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// asciiEqualFold reports whether a and b are equal ignoring the case of
// ASCII letters only, as Python's bytes.lower() compares them.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
