package queryparams

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
)

// appendDecoded appends to dst the decoded form of s, a key or a value of a
// query that is valid UTF-8 (docs/semantics.md, "Decoding"): every '+'
// becomes a space, every '%' followed by two hex digits becomes that byte,
// any other '%' stays, and bytes spelled by escapes that do not form valid
// UTF-8 become U+FFFD, one per maximal subpart.
//
// The result is never longer than s: an escape is three bytes of s and gives
// at most one byte, or a U+FFFD (three bytes) in place of one or more escaped
// bytes. So the decoders write into dst's spare capacity directly.
//
// Most escaped text is valid UTF-8, so appendDecoded first decodes s with
// appendDecodedValid, which gives up at the first escaped sequence that is
// not valid UTF-8; only then does it decode s again with
// appendDecodedReplacing. Both read each escaped sequence on its own. This
// is sound because s is valid UTF-8: a raw byte of s can never continue a
// sequence begun by an escape, nor an escape one begun by a raw byte, so the
// decoded bytes are valid exactly when every run of escapes is, which is
// when CPython replaces nothing.
func appendDecoded(dst []byte, s string) []byte {
	if out, ok := appendDecodedValid(dst, s, true); ok {
		return out
	}
	return appendDecodedReplacing(dst, s)
}

// appendDecodedValid appends s decoded to dst, '+' as a space and each
// escape as the byte it spells, when every escaped sequence of s is valid
// UTF-8. Otherwise it returns dst and false, having written only into dst's
// spare capacity.
//
// Where vector allows it and the CPU runs it, a run of escapes that begins
// with a byte of 0x80 or more, as escaped CJK text does, is decoded whole
// by vector code (unescapeVector) and then checked (validSequences). Other
// escapes, and all escapes where the vector code does not run, are decoded
// and checked together here, one at a time.
func appendDecodedValid(dst []byte, s string, vector bool) ([]byte, bool) {
	dst = slices.Grow(dst, len(s))
	w := len(dst)
	out := dst[:w+len(s)]
	for i := 0; i < len(s); {
		c := s[i]
		if c == '%' && i+2 < len(s) {
			h, l := hexValue[s[i+1]], hexValue[s[i+2]]
			// A high digit of 8 to F spells a byte that needs a UTF-8
			// check.
			if h-8 < 8 {
				if n := unescapeVector(out[w:], s, i, vector); n > 0 {
					if !validSequences(out[w : w+n]) {
						return dst, false
					}
					w, i = w+n, i+3*n
					continue
				}
			}
			if h|l <= 0x0F {
				c, i = h<<4|l, i+3
				out[w] = c
				w++
				if c < 0x80 {
					continue
				}
				// The lead of a sequence: its continuation bytes must be
				// the escapes that follow. They are read in place rather
				// than with escapedByte, as appendDecodedReplacing does,
				// with one length check for all of them; the second byte
				// is checked against the lead's range, the others against
				// 80–BF alone, which saves a call and a bounds check per
				// escape on the common path, escaped CJK text.
				n, lo, hi := utf8Lead(c)
				if n == 0 || len(s)-i < 3*(n-1) {
					return dst, false
				}
				h, l := hexValue[s[i+1]], hexValue[s[i+2]]
				b := h<<4 | l
				if s[i] != '%' || h|l > 0x0F || b < lo || b > hi {
					return dst, false
				}
				out[w] = b
				w, i = w+1, i+3
				for range n - 2 {
					// 80–BF: a high digit of 8 to B; hexValue's 0xFF fails too.
					h, l := hexValue[s[i+1]], hexValue[s[i+2]]
					if s[i] != '%' || h&0xFC != 0x08 || l > 0x0F {
						return dst, false
					}
					out[w] = h<<4 | l
					w, i = w+1, i+3
				}
				continue
			}
		} else if i+8 <= len(s) {
			// Eight bytes at once up to the next '%', each '+' made a
			// space in place. All eight are written, and out has room
			// for them, since the output never runs ahead of s; those
			// past the '%' are overwritten next.
			x := load64(s[i:])
			n := bits.TrailingZeros64(matches(x, '%')) >> 3 // 8 if none
			binary.LittleEndian.PutUint64(out[w:], x^matches(x, '+')>>7*('+'^' '))
			w, i = w+n, i+n
			continue
		} else if c == '+' {
			c = ' '
		}
		out[w] = c
		w, i = w+1, i+1
	}
	return out[:w], true
}

// unescapePortable is unescapeVector's portable twin, which the tests
// check it against: it decodes the run of escapes at s[i:] into out, every
// "%XX" up to the first byte that does not begin one, and returns how many.
func unescapePortable(out []byte, s string, i int) int {
	n := 0
	for ; ; i += 3 {
		b, ok := escapedByte(s, i)
		if !ok {
			return n
		}
		out[n] = b
		n++
	}
}

// appendDecodedReplacing is appendDecoded for text whose escapes spell
// invalid UTF-8: it decodes each escaped sequence on its own and writes
// U+FFFD for each maximal invalid subpart.
//
// Because s is valid UTF-8, a sequence begun by an escape is completed only
// by further escapes; this is why one pass over s gives the same result as
// CPython's run-by-run decoding.
func appendDecodedReplacing(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s))
	w := len(dst)
	out := dst[:w+len(s)]
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '+':
			out[w] = ' '
			w, i = w+1, i+1
		case '%':
			b, ok := escapedByte(s, i)
			if !ok {
				out[w] = '%'
				w, i = w+1, i+1
				continue
			}
			if b < 0x80 {
				out[w] = b
				w, i = w+1, i+3
				continue
			}
			var n int
			n, i = decodeEscapedSequence(out[w:], s, i, b)
			w += n
		default:
			out[w] = c
			w, i = w+1, i+1
		}
	}
	return out[:w]
}

// decodeEscapedSequence handles an escape at s[i:] whose byte lead is 0x80 or
// more: it reads as many further escapes as extend a valid UTF-8 sequence,
// writes the sequence or one U+FFFD to out, and returns how many bytes it
// wrote and the index after the escapes it used.
func decodeEscapedSequence(out []byte, s string, i int, lead byte) (int, int) {
	n, lo, hi := utf8Lead(lead)
	out[0] = lead
	k, j := 1, i+3
	for k < n {
		b, ok := escapedByte(s, j)
		if !ok || b < lo || b > hi {
			break
		}
		out[k] = b
		k, j = k+1, j+3
		lo, hi = 0x80, 0xBF
	}
	if n > 1 && k == n {
		return n, j
	}
	return copy(out, replacementChar), j
}

// escapedByte returns the byte spelled by the escape at s[i:] ('%' and two hex
// digits of any case), or false if there is none there.
func escapedByte(s string, i int) (byte, bool) {
	if i+2 >= len(s) || s[i] != '%' {
		return 0, false
	}
	h, l := hexValue[s[i+1]], hexValue[s[i+2]]
	if h|l > 0x0F {
		return 0, false
	}
	return h<<4 | l, true
}

// hexValue maps a hex digit of either case to its value and every other byte
// to 0xFF.
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for i, c := range "0123456789abcdef" {
		t[c] = byte(i)
		t[strings.ToUpper(string(c))[0]] = byte(i)
	}
	return t
}()

// decodeString returns s, which holds a '%' or '+', decoded into memory of
// its own.
func decodeString(s string) string {
	return bytesToString(appendDecoded(nil, s))
}
