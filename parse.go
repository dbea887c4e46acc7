package queryparams

import (
	"math/bits"
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
	// One call, so that Parse is inlined and its 192-byte result is not
	// copied once more on its way to the caller.
	return parseText(s, false)
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
	if asciiBytes(b) {
		return parseText(string(b), true)
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
	if asciiText(s) {
		return parseText(s, true)
	}
	return parseLatin1(s)
}

// parseLatin1 decodes s as latin-1 into a new buffer and parses it.
func parseLatin1(s string) Params {
	return parseText(bytesToString(appendLatin1(make([]byte, 0, latin1Len(s)), s)), true)
}

// validText returns s, or when s is not valid UTF-8, a copy of s with every
// maximal invalid subpart replaced by U+FFFD. ASCII, which most text is, is
// checked first, many bytes at a time (asciiText).
func validText(s string) string {
	if asciiText(s) {
		return s
	}
	return replaceInvalid(s)
}

// replaceInvalid is validText for text already known not to be ASCII.
func replaceInvalid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return bytesToString(appendValidUTF8(make([]byte, 0, validUTF8Len(s)), s))
}

// ascii reports whether every byte of s is below 0x80. It ORs 64 bytes, then
// 8, at a time and looks at their high bits once per step.
func ascii[T string | []byte](s T) bool {
	for len(s) >= 64 {
		if (load64(s[0:])|load64(s[8:])|load64(s[16:])|load64(s[24:])|
			load64(s[32:])|load64(s[40:])|load64(s[48:])|load64(s[56:]))&0x8080808080808080 != 0 {
			return false
		}
		s = s[64:]
	}
	for len(s) >= 8 {
		if load64(s)&0x8080808080808080 != 0 {
			return false
		}
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// load64 returns the first eight bytes of s as a little-endian number; the
// compiler reads them with one load.
func load64[T string | []byte](s T) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// parseText parses s. Unless valid reports that s is known to be valid
// UTF-8, it first replaces each maximal invalid subpart of s with U+FFFD.
//
// It reads the fields once, recording a span into s for each, and then
// decodes the fields that need it into one buffer, whose size the first pass
// has measured. The first inlineSpans spans go into the Params itself; only
// a query with more fields has the rest of it counted and gets a slice of
// exactly that size. Nothing is sized from the number of '&', so a run of
// empty fields costs no memory.
func parseText(s string, valid bool) (p Params) {
	if !valid && !asciiText(s) { // one call for the usual, ASCII query
		s = replaceInvalid(s)
	}
	if len(s) >= spanLimit {
		return parseLong(s)
	}
	p.raw = s
	var sc scanner
	sc.init(s)
	decodeLen := 0
	for {
		f, ok := sc.next()
		if !ok {
			break
		}
		if p.n == inlineSpans && p.spans == nil {
			rest := countFields(s[f.start:])
			sc.expect(rest, len(s)-f.start)
			p.spans = make([]span, inlineSpans, inlineSpans+rest)
			copy(p.spans, p.inline[:])
		}
		sp := span{off: uint32(f.start), klen: uint32(f.eq - f.start)}
		if f.eq < f.end {
			sp.vlen = uint32(f.end - f.eq - 1)
		}
		if f.decode != 0 {
			sp.off |= ownBit // to be decoded below
			decodeLen += f.eq - f.start + 1 + int(sp.vlen)
			if f.decode&decodeKey != 0 {
				sp.klen |= decodeBit
			}
			if f.decode&decodeValue != 0 {
				sp.vlen |= decodeBit
			}
		}
		if p.spans != nil {
			p.spans = append(p.spans, sp)
		} else {
			p.inline[p.n] = sp
		}
		p.n++
	}
	if decodeLen > 0 {
		p.decodeSpans(decodeLen)
	}
	if p.n > linearLimit {
		p.index = new(lazyIndex)
	}
	return p
}

// decodeSpans replaces each span of p marked with ownBit, which still points
// into p.raw, with a span into p.own, a new buffer of size decodeLen that
// receives the key and value of each such field in turn: decoded where
// their lengths carry decodeBit, copied as they are otherwise.
func (p *Params) decodeSpans(decodeLen int) {
	spans := p.spanList()
	own := make([]byte, 0, decodeLen)
	for i, sp := range spans {
		if sp.off&ownBit == 0 {
			continue
		}
		start := len(own)
		own = appendMarked(own, p.raw, sp.off&^ownBit, sp.klen)
		klen := len(own) - start
		own = append(own, '=')
		own = appendMarked(own, p.raw, sp.off&^ownBit+sp.klen&^decodeBit+1, sp.vlen)
		spans[i] = span{off: uint32(start) | ownBit, klen: uint32(klen), vlen: uint32(len(own) - start - klen - 1)}
	}
	p.own = bytesToString(own)
}

// decodeBit marks, while parseText runs, the length of a key or value that
// holds a '%' or '+'. A text short enough for spans has lengths below it.
const decodeBit = 1 << 31

// appendMarked appends to dst the n bytes of raw at off, decoded if n is
// marked with decodeBit. An empty value may sit just past the end of raw.
func appendMarked(dst []byte, raw string, off, n uint32) []byte {
	switch {
	case n == 0:
		return dst
	case n&decodeBit == 0:
		return append(dst, raw[off:off+n]...)
	}
	return appendDecoded(dst, raw[off:off+n&^decodeBit])
}

// parseLong parses s, which must be valid UTF-8, into a []Pair: it is
// parseText for a query too long for spans. Each decoded key and value has
// memory of its own.
func parseLong(s string) Params {
	n := countFields(s)
	pairs := make([]Pair, 0, n)
	var sc scanner
	sc.init(s)
	sc.expect(n, len(s))
	for f, ok := sc.next(); ok; f, ok = sc.next() {
		key, value := s[f.start:f.eq], s[min(f.eq+1, f.end):f.end]
		if f.decode&decodeKey != 0 {
			key = decodeString(key)
		}
		if f.decode&decodeValue != 0 {
			value = decodeString(value)
		}
		pairs = append(pairs, Pair{key, value})
	}
	return fromPairs(pairs)
}

// field locates one non-empty field of a query: its key is s[start:eq] and
// its value s[eq+1:end], or "" when eq == end (no '='). decode tells, with
// decodeKey and decodeValue, whether the key and the value hold a '%' or a
// '+'. (One byte of flags rather than two bools: the compiler copies the
// struct with wide moves that stall on two separate byte stores.)
type field struct {
	start, eq, end int
	decode         uint8
}

const (
	decodeKey   = 1 << iota // the key holds a '%' or '+'
	decodeValue             // the value does
)

// scanner walks the non-empty fields of a query in order.
type scanner struct {
	s        string
	i        int  // where the next field search starts
	bytewise bool // whether fields are read byte by byte, or searched (searchField)
	st       stops
}

// init readies sc to read s from its start. (It sets each field in place:
// building a scanner value and copying it in costs a stall on the copy.)
func (sc *scanner) init(s string) {
	sc.s, sc.i, sc.bytewise = s, 0, len(s) <= shortQuery
	sc.st.init(s)
}

// expect tells sc that its query, from where sc is reading on, holds n
// fields in size bytes. When they are short on average, sc reads them byte
// by byte: the calls of a search would cost more than they save. Since the
// fields then average at most shortField bytes, a long one among them cannot
// make reading slower than linear.
func (sc *scanner) expect(n, size int) {
	sc.bytewise = sc.bytewise || size <= shortField*n
}

// next returns the next non-empty field, or false at the end of the query.
// Reading byte by byte, one loop finds the field's end, its first '=' and
// any '%' or '+' in its key and in its value.
func (sc *scanner) next() (field, bool) {
	s, i := sc.s, sc.i
	for i < len(s) && s[i] == '&' {
		i++
	}
	if i == len(s) {
		sc.i = i
		return field{}, false
	}
	if !sc.bytewise {
		f := sc.searchField(i)
		sc.i = min(f.end+1, len(s))
		return f, true
	}
	f := field{start: i, eq: -1}
	j := i
	for ; j < len(s); j++ {
		if k := stopClass[s[j]]; k != 0 {
			if k == stopAmp {
				break
			}
			if k == stopSpecial {
				if f.eq < 0 {
					f.decode |= decodeKey
				} else {
					f.decode |= decodeValue
				}
			} else if f.eq < 0 {
				f.eq = j
			}
		}
	}
	f.end = j
	if f.eq < 0 {
		f.eq = j
	}
	sc.i = min(j+1, len(s))
	return f, true
}

// shortQuery is the length up to which the scanner reads a query byte by
// byte, and shortField the average field length up to which it reads a
// query's fields from the ninth on byte by byte (see scanner.expect). Past
// them, searching with IndexByte, which is vectorised but costs a call, is
// faster. They are variables so that tests can run every case through both
// readers.
var shortQuery, shortField = 256, 24

// stopClass sorts the bytes that next looks for when reading byte by byte.
var stopClass = func() (t [256]uint8) {
	t['&'], t['='], t['%'], t['+'] = stopAmp, stopEq, stopSpecial, stopSpecial
	return t
}()

const (
	stopAmp     = 1 + iota // ends a field
	stopEq                 // the first one ends the key
	stopSpecial            // needs decoding
)

// searchField returns the field of sc.s that starts at i. It finds the
// field's first stop with sc.st: when that is its end, the field needs no
// decoding, which is so for most fields of a long query, and one search
// has found everything but the '='.
func (sc *scanner) searchField(i int) field {
	s := sc.s
	stop := sc.st.next(i)
	if stop == len(s) || s[stop] == '&' {
		return field{start: i, eq: indexKeyEnd(s, i, stop), end: stop}
	}
	end := sc.st.nextAmp(stop + 1)
	f := field{start: i, eq: indexKeyEnd(s, i, end), end: end}
	if stop > f.eq {
		f.decode = decodeValue
		return f
	}
	f.decode = decodeKey
	if f.eq < end && sc.st.next(f.eq+1) < end {
		f.decode |= decodeValue
	}
	return f
}

// countFields returns the number of non-empty fields of s: the bytes that
// are not '&' and begin s or follow a '&'. It reads eight bytes at a time,
// after the 32-byte blocks that countFieldsVector reads where it can.
func countFields(s string) int {
	// prevAmp is whether the byte before s[i] is '&'; s begins a field.
	n, i, prevAmp := countFieldsVector(s)
	for ; i+8 <= len(s); i += 8 {
		amps := matches(load64(s[i:]), '&')
		follows := amps<<8 | prevAmp<<7 // the high bit of each byte after a '&'
		n += bits.OnesCount64(follows &^ amps)
		prevAmp = amps >> 63
	}
	for ; i < len(s); i++ {
		amp := s[i] == '&'
		if !amp && prevAmp == 1 {
			n++
		}
		prevAmp = 0
		if amp {
			prevAmp = 1
		}
	}
	return n
}

// matches returns w with the high bit of each byte set if that byte is c,
// and every other bit clear. Adding 0x7F to the low seven bits of a byte
// sets its high bit unless they are all zero, and never carries into the next
// byte, so each byte is judged on its own.
func matches(w uint64, c byte) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	x := w ^ (0x0101010101010101 * uint64(c)) // c bytes become zero
	return ^((x&low7 + low7) | x | low7)
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

// stops finds the bytes of a query that end a field or need decoding,
// '&', '%' and '+', in increasing order. With useAVX2, one vector search
// finds the first of the three; otherwise IndexByte searches for each, and
// stops remembers the next of each, so that a walk over the query searches
// every byte at most once for each.
type stops struct {
	s              string
	at             int // the first stop at or after the last from; len(s) if none
	amp, pct, plus int // the next '&', '%' and '+' at or after the last from, or len(s)
}

// init readies st to search s from its start.
func (st *stops) init(s string) {
	st.s = s
	st.at, st.amp, st.pct, st.plus = -1, -1, -1, -1
}

// next returns the index of the first '&', '%' or '+' at or after from, or
// len(s). Successive calls, and calls of nextAmp, must not decrease from.
func (st *stops) next(from int) int {
	if st.at >= from {
		return st.at // no stop lies between the last from and st.at
	}
	if useAVX2 {
		st.at = len(st.s)
		if j := indexStop(st.s[from:]); j >= 0 {
			st.at = from + j
		}
		return st.at
	}
	if st.pct < from {
		st.pct = indexFrom(st.s, '%', from, len(st.s))
	}
	if st.plus < from {
		st.plus = indexFrom(st.s, '+', from, len(st.s))
	}
	st.at = min(st.nextAmp(from), st.pct, st.plus)
	return st.at
}

// nextAmp returns the index of the first '&' at or after from, or len(s).
func (st *stops) nextAmp(from int) int {
	if st.amp < from {
		st.amp = indexFrom(st.s, '&', from, len(st.s))
	}
	return st.amp
}

// decodeString returns s, which holds a '%' or '+', decoded into memory of
// its own.
func decodeString(s string) string {
	return bytesToString(appendDecoded(nil, s))
}
