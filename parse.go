package queryparams

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
func Parse(s string) (p Params) {
	// The entry points fill their result in place, so that its 240 bytes
	// are not copied from function to function on the way out; and Parse
	// is one call, so that it is inlined (TestInlining).
	p.parseText(s, false, standard())
	return p
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
func ParseBytes(b []byte) (p Params) {
	p.parseBytes(b, standard()) // in place, as in Parse
	return p
}

// parseBytes sets p, which must be empty, to ParseBytes(b) read as rd says.
//
// An ASCII b is parsed where it lies, through a view, and copied after: the
// parse reads b while the ASCII check has left it in the cache, and the
// spans it makes are offsets, as valid in the copy as in b. Copying first
// costs more for a long query than the copy itself, since a large copy is
// written around the cache, and the parse must then read it back from
// memory. A query with no field keeps nothing of b and copies nothing.
func (p *Params) parseBytes(b []byte, rd reading) {
	switch {
	case !asciiBytes(b):
		p.parseText(latin1Text(bytesToString(b)), true, rd)
	case !bytesShared || len(b) >= rd.spanLimit:
		p.parseText(string(b), true, rd) // parseLong keeps substrings
	default:
		p.parseText(bytesToString(b), true, rd)
		p.raw = ""
		if p.n > 0 {
			p.raw = string(b)
		}
	}
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
func ParseLatin1(s string) (p Params) {
	p.parseLatin1(s, standard()) // in place, as in Parse
	return p
}

// parseLatin1 sets p, which must be empty, to ParseLatin1(s) read as rd
// says.
func (p *Params) parseLatin1(s string, rd reading) {
	p.parseText(rawText(s), true, rd)
}

// rawText returns the text that the raw query s reads as: s itself if it
// is ASCII, its latin-1 decoding in a new buffer otherwise.
func rawText(s string) string {
	if asciiText(s) {
		return s
	}
	return latin1Text(s)
}

// latin1Text returns s decoded as latin-1, in a new buffer.
func latin1Text(s string) string {
	return bytesToString(appendLatin1(make([]byte, 0, latin1Len(s)), s))
}

// parseText sets p, which must be empty, to s parsed as rd says. Unless
// valid reports that s is known to be valid UTF-8, it first replaces each
// maximal invalid subpart of s with U+FFFD.
//
// It reads the fields once, recording a span into s for each, and then
// decodes the fields that need it into one buffer, whose size the first pass
// has bounded (see decodeSpans). The first inlineSpans spans go into the
// Params itself; only a query with more fields has the rest of it counted
// and gets a slice of exactly that size. Nothing is sized from the number
// of '&', so a run of empty fields costs no memory.
func (p *Params) parseText(s string, valid bool, rd reading) {
	if !valid && !asciiText(s) { // one call for the usual, ASCII query
		s = replaceInvalid(s)
	}
	if len(s) >= rd.spanLimit {
		*p = parseLong(s, rd)
		return
	}
	p.raw = s
	var sc scanner
	sc.init(s, rd)
	if sc.masked(rd) {
		var m stopMasks // here, so that other queries do not clear it
		sc.m, sc.bytewise = &m, false
		sc.setWindow(0)
		m.fill(s[:sc.wend])
	}
	decodeLen := 0
	for {
		f, ok := sc.next()
		if !ok {
			break
		}
		if p.n == inlineSpans && p.spans == nil {
			rest := countFields(s[f.start:], !rd.portable)
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
}

// decodeSpans replaces each span of p marked with ownBit, which still points
// into p.raw, with a span into p.own, a text of its own that receives the
// key and value of each such field in turn, decodeLen bytes at most.
//
// Decoding never lengthens text, and an escape that spells a byte of valid
// UTF-8 shortens it by two, so the decoded text of a short query is made on
// the stack and then copied into memory of its exact size. Escaped
// non-ASCII text, such as the CJK query of the corpus, decodes to well
// under half its length, so the Params keeps less memory and a parse
// touches fewer new cache lines. A longer text is decoded where it will
// stay, with no copy (TestDecodedTextSize).
func (p *Params) decodeSpans(decodeLen int) {
	if decodeLen <= stackDecode {
		var stack [stackDecode]byte
		p.own = string(p.decodeFields(stack[:0]))
		return
	}
	p.own = bytesToString(p.decodeFields(make([]byte, 0, decodeLen)))
}

// stackDecode is the length up to which decodeSpans decodes on the stack:
// enough for the escaped fields of most requests' queries, while every
// parse that decodes anything zeroes that many bytes of stack.
const stackDecode = 256

// decodeFields appends to own the key and value of each field of p marked
// with ownBit, decoded where their lengths carry decodeBit and copied as
// they are otherwise, points each such span at them, and returns own, which
// the caller makes p.own. own should have room for them all (decodeLen
// bytes), or the appends allocate.
func (p *Params) decodeFields(own []byte) []byte {
	spans := p.spanList()
	for i, sp := range spans {
		if sp.off&ownBit == 0 {
			continue
		}
		off, klen, vlen := int(sp.off&^ownBit), int(sp.klen&^decodeBit), int(sp.vlen&^decodeBit)
		start := len(own)
		own = appendMarked(own, p.raw[off:off+klen], sp.klen&decodeBit != 0)
		k := len(own) - start
		own = append(own, '=')
		if vlen != 0 { // an empty value may sit just past the end of raw
			v := off + klen + 1
			own = appendMarked(own, p.raw[v:v+vlen], sp.vlen&decodeBit != 0)
		}
		spans[i] = span{off: uint32(start) | ownBit, klen: uint32(k), vlen: uint32(len(own) - start - k - 1)}
	}
	return own
}

// decodeBit marks, while parseText runs, the length of a key or value that
// holds a '%' or '+'. A text short enough for spans has lengths below it.
const decodeBit = 1 << 31

// appendMarked appends s to dst, decoded if decode is set. It is small
// enough to be inlined in decodeFields, which saves a call per key and
// value.
func appendMarked(dst []byte, s string, decode bool) []byte {
	if decode {
		return appendDecoded(dst, s)
	}
	return append(dst, s...)
}

// parseLong parses s, which must be valid UTF-8, into a []Pair: it is
// parseText for a query too long for spans. Each decoded key and value has
// memory of its own.
func parseLong(s string, rd reading) Params {
	n := countFields(s, !rd.portable)
	pairs := make([]Pair, 0, n)
	var sc scanner
	sc.init(s, rd)
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
