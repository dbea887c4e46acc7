package queryparams

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Python's urllib.parse.urlsplit and unquote, which Starlette uses to build
// request.url from an ASGI scope; package httpquery rebuilds that URL to say
// what QueryParams(request.url.query) reads. They follow CPython 3.11.2 as
// Debian 12 ships it (3.11.2-6+deb12u6), whose urlsplit has upstream's later
// fixes: leading C0 controls and spaces are stripped, and a bracketed host
// must be an IP address.

// ErrInvalidURL is matched, with errors.Is, by the error [SplitURL] returns
// where Python's urlsplit raises ValueError.
var ErrInvalidURL = errors.New("queryparams: urlsplit raises ValueError")

// A SplitError is returned by [SplitURL] where Python's urlsplit raises
// ValueError. It matches [ErrInvalidURL].
type SplitError struct {
	URL string // the URL given to SplitURL
	Msg string // Python's message, such as "Invalid IPv6 URL"
}

// Error returns the message, prefixed "queryparams: ".
func (e *SplitError) Error() string {
	return "queryparams: urlsplit(" + strconv.Quote(e.URL) + ") raises ValueError: " + e.Msg
}

// Unwrap returns [ErrInvalidURL].
func (e *SplitError) Unwrap() error { return ErrInvalidURL }

// URLParts are the five components of a URL as Python's urlsplit returns
// them (a SplitResult), with no escape decoded. Only a URL whose Query
// is not empty had a '?'.
type URLParts struct {
	Scheme, Netloc, Path, Query, Fragment string
}

// SplitURL splits rawURL as Python's urllib.parse.urlsplit(rawURL) does for a
// str, with the default scheme "" and fragments allowed:
//
//   - leading bytes 00-20 (C0 controls and space) are removed, and then
//     every tab, CR and LF wherever it is;
//   - a scheme is what precedes the first ':' if it starts with an ASCII
//     letter and holds only letters, digits, '+', '-' and '.'; it is
//     lowercased;
//   - after "//", the netloc runs to the first '/', '?' or '#';
//   - the fragment is what follows the first '#', then the query is what
//     follows the first '?' before it, and the path is the rest.
//
// SplitURL returns a [*SplitError] where Python raises ValueError: a netloc
// with '[' but no ']' or the other way round, a bracketed host that is not
// an IPv6 address or a valid IPvFuture, an IPv4 address in brackets, text
// before '[' or after ']' other than a port, and a netloc that is not ASCII
// and holds a character that NFKC normalisation turns into '/', '?', '#',
// '@' or ':' (the check uses the 19 such characters of Unicode 14.0, the
// version of Python 3.11's unicodedata). The message is Python's.
//
// rawURL is read as UTF-8. A byte that is not part of valid UTF-8 is kept
// as it is and stands for one character that none of these rules names, so
// a string that carries raw bytes where Python's str holds their surrogate
// escapes splits as that str does.
func SplitURL(rawURL string) (URLParts, error) {
	var p URLParts
	url := strings.TrimLeft(rawURL, c0OrSpace)
	if strings.ContainsAny(url, "\t\r\n") {
		// These bytes never occur inside a multi-byte UTF-8 sequence, so
		// removing them byte by byte removes exactly Python's characters.
		b := make([]byte, 0, len(url))
		for i := 0; i < len(url); i++ {
			if c := url[i]; c != '\t' && c != '\r' && c != '\n' {
				b = append(b, c)
			}
		}
		url = string(b)
	}
	if i := strings.IndexByte(url, ':'); i > 0 && isASCIILetter(url[0]) && allSchemeChars(url[:i]) {
		p.Scheme, url = strings.ToLower(url[:i]), url[i+1:]
	}
	if strings.HasPrefix(url, "//") {
		end := len(url)
		if i := strings.IndexAny(url[2:], "/?#"); i >= 0 {
			end = 2 + i
		}
		p.Netloc, url = url[2:end], url[end:]
		open, closed := strings.Contains(p.Netloc, "["), strings.Contains(p.Netloc, "]")
		if open != closed {
			return URLParts{}, &SplitError{rawURL, "Invalid IPv6 URL"}
		}
		if open {
			if msg := checkBracketedNetloc(p.Netloc); msg != "" {
				return URLParts{}, &SplitError{rawURL, msg}
			}
		}
	}
	if i := strings.IndexByte(url, '#'); i >= 0 {
		url, p.Fragment = url[:i], url[i+1:]
	}
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url, p.Query = url[:i], url[i+1:]
	}
	p.Path = url
	if netlocChangesUnderNFKC(p.Netloc) {
		return URLParts{}, &SplitError{rawURL, "netloc '" + p.Netloc + "' contains invalid characters under NFKC normalization"}
	}
	return p, nil
}

// c0OrSpace is what urlsplit strips from the left of a URL.
const c0OrSpace = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// allSchemeChars reports whether s holds only urllib.parse.scheme_chars.
func allSchemeChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// checkBracketedNetloc is urllib.parse._check_bracketed_netloc: it returns
// the message of the ValueError Python raises for a netloc that holds both
// '[' and ']', or "".
func checkBracketedNetloc(netloc string) string {
	hostPort := netloc
	if i := strings.LastIndexByte(netloc, '@'); i >= 0 {
		hostPort = netloc[i+1:]
	}
	var host string
	if before, bracketed, ok := strings.Cut(hostPort, "["); ok {
		if before != "" {
			return "Invalid IPv6 URL"
		}
		var port string
		host, port, _ = strings.Cut(bracketed, "]")
		if port != "" && port[0] != ':' {
			return "Invalid IPv6 URL"
		}
	} else {
		host, _, _ = strings.Cut(hostPort, ":")
	}
	// _check_bracketed_host
	if strings.HasPrefix(host, "v") {
		if !validIPvFuture(host) {
			return "IPvFuture address is invalid"
		}
		return ""
	}
	if validIPv4(host) {
		return "An IPv4 address cannot be in brackets"
	}
	if !validIPv6(host) {
		return pythonRepr(host) + " does not appear to be an IPv4 or IPv6 address"
	}
	return ""
}

// validIPvFuture matches host against Python's \Av[a-fA-F0-9]+\..+\Z, where
// '.' is any character but a newline.
func validIPvFuture(host string) bool {
	i := 1
	for i < len(host) && isHexDigit(host[i]) {
		i++
	}
	if i == 1 || i == len(host) || host[i] != '.' {
		return false
	}
	rest := host[i+1:]
	return rest != "" && !strings.Contains(rest, "\n")
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

// validIPv4 is whether Python's ipaddress.IPv4Address accepts s: four
// dot-separated decimal octets of one to three ASCII digits, at most 255,
// without a leading zero.
func validIPv4(s string) bool {
	if strings.Contains(s, "/") {
		return false
	}
	octets := strings.Split(s, ".")
	if len(octets) != 4 {
		return false
	}
	for _, o := range octets {
		if o == "" || len(o) > 3 || (o != "0" && o[0] == '0') {
			return false
		}
		n := 0
		for i := 0; i < len(o); i++ {
			if o[i] < '0' || o[i] > '9' {
				return false
			}
			n = n*10 + int(o[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// validIPv6 is whether Python's ipaddress.IPv6Address accepts s, scope id
// included.
func validIPv6(s string) bool {
	if strings.Contains(s, "/") {
		return false
	}
	if addr, scope, ok := strings.Cut(s, "%"); ok {
		if scope == "" || strings.Contains(scope, "%") {
			return false
		}
		s = addr
	}
	if s == "" {
		return false
	}
	parts := strings.Split(s, ":")
	if len(parts) < 3 {
		return false
	}
	if last := parts[len(parts)-1]; strings.Contains(last, ".") {
		if !validIPv4(last) {
			return false
		}
		parts = append(parts[:len(parts)-1], "0", "0") // two hextets; their value does not matter
	}
	if len(parts) > 9 {
		return false
	}
	skip := -1
	for i := 1; i < len(parts)-1; i++ {
		if parts[i] == "" {
			if skip >= 0 {
				return false
			}
			skip = i
		}
	}
	var hi, lo int
	if skip >= 0 {
		hi, lo = skip, len(parts)-skip-1
		if parts[0] == "" {
			if hi--; hi != 0 {
				return false
			}
		}
		if parts[len(parts)-1] == "" {
			if lo--; lo != 0 {
				return false
			}
		}
		if 8-(hi+lo) < 1 {
			return false
		}
	} else {
		if len(parts) != 8 || parts[0] == "" || parts[len(parts)-1] == "" {
			return false
		}
		hi = len(parts)
	}
	for _, h := range append(parts[:hi:hi], parts[len(parts)-lo:]...) {
		if h == "" || len(h) > 4 { // int("", 16) fails too
			return false
		}
		for i := 0; i < len(h); i++ {
			if !isHexDigit(h[i]) {
				return false
			}
		}
	}
	return true
}

// pythonRepr is Python's repr of a str: quoted with ' unless it holds '
// and no ", with \\, the quote, \t, \n and \r escaped, and every character
// that is not printable as \xNN, \uNNNN or \UNNNNNNNN (printable as Go's
// unicode.IsPrint says, which follows Python's str.isprintable but for the
// Unicode version). A byte that is not UTF-8 shows as \xNN.
func pythonRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b := []byte{quote}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = fmt.Appendf(b, `\x%02x`, s[i])
		case r == rune(quote) || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case unicode.IsPrint(r):
			b = append(b, s[i:i+n]...)
		case r < 0x100:
			b = fmt.Appendf(b, `\x%02x`, r)
		case r < 0x10000:
			b = fmt.Appendf(b, `\u%04x`, r)
		default:
			b = fmt.Appendf(b, `\U%08x`, r)
		}
		i += n
	}
	return string(append(b, quote))
}

// nfkcDelimiters are the characters of Unicode 14.0 whose NFKC form holds
// '/', '?', '#', '@' or ':' (as computed with Python 3.11's unicodedata);
// no composition creates those ASCII characters, so a netloc changes into
// one of them under NFKC exactly when it holds one of these.
var nfkcDelimiters = [...]rune{
	0x2047, 0x2048, 0x2049, 0x2100, 0x2101, 0x2105, 0x2106, 0x2A74, 0xFE13, 0xFE16,
	0xFE55, 0xFE56, 0xFE5F, 0xFE6B, 0xFF03, 0xFF0F, 0xFF1A, 0xFF1F, 0xFF20,
}

// netlocChangesUnderNFKC is urllib.parse._checknetloc's test.
func netlocChangesUnderNFKC(netloc string) bool {
	for _, r := range netloc {
		for _, d := range nfkcDelimiters {
			if r == d {
				return true
			}
		}
	}
	return false
}

// Unquote decodes s as Python's urllib.parse.unquote(s) does, which is how
// the ASGI servers decode scope["path"]: in each run of ASCII, every "%XX"
// (two hex digits, either case) becomes the byte it names, and the run's
// bytes are then read as UTF-8, each maximal invalid subpart becoming one
// U+FFFD; a '%' that starts no such escape stays, and '+' stays '+'. Bytes
// that are not ASCII are kept as they are, as Python keeps the characters
// that are not ASCII (and the surrogate escapes of raw bytes) untouched.
func Unquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var out []byte
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] < 0x80 {
			j++
		}
		if j > i {
			out = appendUnquotedRun(out, s[i:j])
		}
		i = j
		for j < len(s) && s[j] >= 0x80 {
			j++
		}
		out = append(out, s[i:j]...)
		i = j
	}
	return string(out)
}

// appendUnquotedRun appends the unquoting of one run of ASCII.
func appendUnquotedRun(dst []byte, run string) []byte {
	var raw []byte
	for i := 0; i < len(run); i++ {
		if run[i] == '%' && i+2 < len(run) && isHexDigit(run[i+1]) && isHexDigit(run[i+2]) {
			raw = append(raw, unhex(run[i+1])<<4|unhex(run[i+2]))
			i += 2
			continue
		}
		raw = append(raw, run[i])
	}
	return appendReplacingInvalid(dst, raw)
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// appendReplacingInvalid appends b read as UTF-8 with Python's "replace"
// error handler: each maximal subpart of an ill-formed sequence (the
// longest prefix of a well-formed sequence, or one byte) becomes U+FFFD.
func appendReplacingInvalid(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			dst = append(dst, b[i])
			i++
			continue
		}
		if r, n := utf8.DecodeRune(b[i:]); r != utf8.RuneError || n > 1 {
			dst = append(dst, b[i:i+n]...)
			i += n
			continue
		}
		dst = append(dst, "\uFFFD"...)
		i += maximalSubpart(b[i:])
	}
	return dst
}

// maximalSubpart returns the length of the maximal subpart of the
// ill-formed sequence at the start of b: how many bytes one U+FFFD replaces.
func maximalSubpart(b []byte) int {
	var n int
	lo, hi := byte(0x80), byte(0xBF)
	switch c := b[0]; {
	case 0xC2 <= c && c <= 0xDF:
		n = 2
	case c == 0xE0:
		n, lo = 3, 0xA0
	case 0xE1 <= c && c <= 0xEC, c == 0xEE, c == 0xEF:
		n = 3
	case c == 0xED:
		n, hi = 3, 0x9F
	case c == 0xF0:
		n, lo = 4, 0x90
	case 0xF1 <= c && c <= 0xF3:
		n = 4
	case c == 0xF4:
		n, hi = 4, 0x8F
	default:
		return 1
	}
	i := 1
	for ; i < n && i < len(b); i++ {
		if b[i] < lo || b[i] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return i
}
