package queryparams

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

// Parse reads the query string s (without the leading '?') as Starlette's
// QueryParams(s) does for a str: it splits at every '&' (and nowhere else: ';'
// is data), drops empty fields, splits each field at its first '=' (a field
// with no '=' has the value ""), and decodes each key and value: '+' becomes
// a space, "%XX" becomes the byte it names, a '%' that does not start such an
// escape stays as it is, and escaped bytes that are not valid UTF-8 become
// U+FFFD.
//
// A Go string may hold bytes that are not UTF-8, which a Python str cannot.
// Parse reads such input as QueryParams(s.decode("utf-8", "replace")) would:
// each maximal invalid subpart of s becomes one U+FFFD before anything else
// happens. So every key and value of the result is valid UTF-8.
//
// Parse never fails and never panics: Starlette has no error for a query
// string, so neither does Parse, and there is no limit on the number of
// fields. To bound the work done for untrusted input, or to reject malformed
// fields, use [Options.Parse]. To read the raw bytes of an HTTP request as
// request.query_params does, use [ParseBytes].
//
// Keys and values that need no decoding share memory with s.
func Parse(s string) Params {
	if !validUTF8(s) {
		s = bytesToString(appendValidUTF8(make([]byte, 0, validUTF8Len(s)), s))
	}
	return parseText(s)
}

// ParseBytes reads the raw query string b as Starlette's QueryParams(b) does
// for bytes, which is what request.query_params and websocket.query_params
// return: b is decoded as latin-1 (byte 0xNN becomes U+00NN, so a raw "é",
// bytes C3 A9, reads as "Ã©"), then parsed exactly as [Parse] parses text.
// Percent-escapes are still decoded as UTF-8: "%C3%A9" reads as "é".
//
// ParseBytes never fails and never panics. It copies what it keeps, so b may
// be reused once it returns. For a raw query already held in a string, such
// as http.Request's URL.RawQuery, [ParseLatin1] does the same without the
// copy.
func ParseBytes(b []byte) Params {
	if ascii(b) {
		return parseText(string(b))
	}
	return parseLatin1(bytesToString(b))
}

// ParseLatin1 is [ParseBytes] for a raw query held in a string: it reads
// every byte of s as one latin-1 character, as Starlette's
// request.query_params reads the raw query of an HTTP request, so a raw "é"
// (bytes C3 A9) reads as "Ã©". Use it for http.Request's URL.RawQuery; use
// [Parse] for text that is already decoded, such as a query a Python service
// received as a str.
//
// When s is ASCII, as the queries of most requests are, keys and values that
// need no decoding share memory with s and s is not copied.
func ParseLatin1(s string) Params {
	if ascii(stringToBytes(s)) {
		return parseText(s)
	}
	return parseLatin1(s)
}

// parseLatin1 decodes s as latin-1 into a new buffer and parses it.
func parseLatin1(s string) Params {
	return parseText(bytesToString(appendLatin1(make([]byte, 0, latin1Len(s)), s)))
}

// validUTF8 reports whether s is valid UTF-8. Short strings, most often ASCII,
// are checked in place before the general check is called.
func validUTF8(s string) bool {
	if len(s) < 32 && asciiEnd(s, 0) == len(s) {
		return true
	}
	return utf8.ValidString(s)
}

// ascii reports whether every byte of b is below 0x80, reading eight bytes at
// a time.
func ascii(b []byte) bool {
	for len(b) >= 32 {
		x := binary.LittleEndian.Uint64(b) | binary.LittleEndian.Uint64(b[8:]) |
			binary.LittleEndian.Uint64(b[16:]) | binary.LittleEndian.Uint64(b[24:])
		if x&0x8080808080808080 != 0 {
			return false
		}
		b = b[32:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// parseText parses s, which must be valid UTF-8.
//
// It allocates the pairs and one buffer for all decoded text exactly once, so
// it must know their sizes first. The first stackFields fields are scanned
// once into an array on the stack; only a query with more fields than that
// is measured before the rest of it is read. Nothing is sized from the
// number of '&', so a run of empty fields costs no memory.
func parseText(s string) Params {
	var stack [stackFields]field
	sc := scanner{s: s, sp: newSpecials(s)}
	fields, decodeLen := stack[:0], 0
	for len(fields) < stackFields {
		f, ok := sc.next()
		if !ok {
			break
		}
		fields = append(fields, f)
		if f.decode {
			decodeLen += f.end - f.start
		}
	}
	n := len(fields)
	if len(fields) == stackFields {
		more, moreDecode := measure(s[sc.i:])
		n, decodeLen = n+more, decodeLen+moreDecode
	}
	if n == 0 {
		return Params{}
	}
	b := builder{s: s, pairs: make([]Pair, 0, n)}
	if decodeLen > 0 {
		b.buf = make([]byte, 0, decodeLen)
	}
	for _, f := range fields {
		b.add(f)
	}
	for {
		f, ok := sc.next()
		if !ok {
			break
		}
		b.add(f)
	}
	return fromPairs(b.pairs)
}

// stackFields is how many fields parseText scans onto the stack before it
// measures the rest of the query.
const stackFields = 16

// field locates one non-empty field of a query: its key is s[start:eq] and
// its value s[eq+1:end], or "" when eq == end (no '='). decode reports
// whether the field holds a '%' or a '+'.
type field struct {
	start, eq, end int
	decode         bool
}

// scanner walks the non-empty fields of a query in order.
type scanner struct {
	s  string
	i  int // where the next field search starts
	sp specials
}

// next returns the next non-empty field, or false at the end of the query.
func (sc *scanner) next() (field, bool) {
	s, i := sc.s, sc.i
	for i < len(s) && s[i] == '&' {
		i++
	}
	if i == len(s) {
		sc.i = i
		return field{}, false
	}
	end := indexFrom(s, '&', i, len(s))
	sc.i = min(end+1, len(s))
	eq := indexKeyEnd(s, i, end)
	return field{start: i, eq: eq, end: end, decode: sc.sp.next(i) < end}, true
}

// builder materialises fields as pairs.
type builder struct {
	s     string
	pairs []Pair
	buf   []byte // decoded text; its capacity is reserved in advance
}

// add appends the pair of field f, decoding its key and value if need be.
func (b *builder) add(f field) {
	key, value := b.s[f.start:f.eq], b.s[min(f.eq+1, f.end):f.end]
	if f.decode {
		key, b.buf = decodeInto(b.buf, key)
		value, b.buf = decodeInto(b.buf, value)
	}
	b.pairs = append(b.pairs, Pair{key, value})
}

// measure returns the number of non-empty fields of s and the total length of
// the fields that hold a byte needing decoding: an upper bound on the decoded
// text they produce (see appendDecoded).
//
// When s has no empty field inside it (no "&&") and nothing to decode, the
// count of '&' gives the exact number of fields, found by vector code
// without walking the fields one by one.
func measure(s string) (fields, decodeLen int) {
	if s == "" {
		return 0, 0
	}
	if !strings.Contains(s, "&&") && strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		fields = strings.Count(s, "&") + 1
		if s[0] == '&' {
			fields--
		}
		if s[len(s)-1] == '&' { // for s == "&", both ends are empty fields
			fields--
		}
		return fields, 0
	}
	sc := scanner{s: s, sp: newSpecials(s)}
	for {
		f, ok := sc.next()
		if !ok {
			return fields, decodeLen
		}
		fields++
		if f.decode {
			decodeLen += f.end - f.start
		}
	}
}

// indexFrom returns the index of the first c in s[from:to], or to if there is
// none.
func indexFrom(s string, c byte, from, to int) int {
	if j := strings.IndexByte(s[from:to], c); j >= 0 {
		return from + j
	}
	return to
}

// indexKeyEnd returns the index of the first '=' in s[from:to], or to if
// there is none. Keys are short, so the first bytes are scanned in place,
// which is cheaper than a call; IndexByte takes over past them.
func indexKeyEnd(s string, from, to int) int {
	const short = 16
	i := from
	for ; i < to && i < from+short; i++ {
		if s[i] == '=' {
			return i
		}
	}
	if i == to {
		return to
	}
	return indexFrom(s, '=', i, to)
}

// specials finds the bytes of a query that need decoding, '%' and '+', in
// increasing order. It remembers the next of each, so that a walk over the
// query searches every byte at most once for each.
type specials struct {
	s         string
	pct, plus int // index of the next '%' and '+' at or after the last from; len(s) if none
}

func newSpecials(s string) specials {
	return specials{s: s, pct: -1, plus: -1}
}

// next returns the index of the first '%' or '+' at or after from, or len(s).
// Successive calls must not decrease from.
func (sp *specials) next(from int) int {
	if sp.pct < from {
		sp.pct = indexFrom(sp.s, '%', from, len(sp.s))
	}
	if sp.plus < from {
		sp.plus = indexFrom(sp.s, '+', from, len(sp.s))
	}
	return min(sp.pct, sp.plus)
}

// decodeInto returns s decoded. When s needs decoding, the result is
// appended to buf, whose capacity the caller has reserved, and the result
// shares buf's memory; otherwise s itself is returned.
func decodeInto(buf []byte, s string) (string, []byte) {
	if !needsDecoding(s) {
		return s, buf
	}
	start := len(buf)
	buf = appendDecoded(buf, s)
	return bytesToString(buf[start:]), buf
}
