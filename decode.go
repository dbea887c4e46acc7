package queryparams

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// replacementChar is U+FFFD in UTF-8, the text CPython puts in place of each
// maximal invalid subpart when it decodes with errors="replace".
const replacementChar = "\uFFFD"

// appendDecoded appends to dst the decoded form of s, a key or a value of a
// query that is valid UTF-8 (SPEC section 3): every '+' becomes a space, every
// '%' followed by two hex digits becomes that byte, any other '%' stays, and
// bytes spelled by escapes that do not form valid UTF-8 become U+FFFD, one per
// maximal subpart.
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
	if out, ok := appendDecodedValid(dst, s); ok {
		return out
	}
	return appendDecodedReplacing(dst, s)
}

// appendDecodedValid appends s decoded to dst, '+' as a space and each
// escape as the byte it spells, when every escaped sequence of s is valid
// UTF-8. Otherwise it returns dst and false, having written only into dst's
// spare capacity.
func appendDecodedValid(dst []byte, s string) ([]byte, bool) {
	dst = slices.Grow(dst, len(s))
	w := len(dst)
	out := dst[:w+len(s)]
	for i := 0; i < len(s); {
		c := s[i]
		if c == '%' && i+2 < len(s) {
			if h, l := hexValue[s[i+1]], hexValue[s[i+2]]; h|l <= 0x0F {
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
				// 80–BF alone. Decoding CJK text this way is about 20%
				// faster (measured).
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

// utf8Lead describes the UTF-8 sequence that lead byte b begins: its length n
// and the range [lo, hi] its second byte must fall in (SPEC section 4). For a
// byte that cannot begin a sequence (80–C1, F5–FF), n is 0. It reads
// leadTable, which is much faster than branching on b.
func utf8Lead(b byte) (n int, lo, hi byte) {
	e := leadTable[b]
	return int(e & 0xFF), byte(e >> 8), byte(e >> 16)
}

// secondRanges are the ranges a second byte may fall in, by lead byte class.
var secondRanges = [...][2]byte{{0x80, 0xBF}, {0xA0, 0xBF}, {0x80, 0x9F}, {0x90, 0xBF}, {0x80, 0x8F}}

// leadTable holds, for each byte, the length of the sequence it leads in the
// low byte and the range its second byte must fall in, lo and hi, in the
// next two: one load answers utf8Lead. It is built from leadClass, and
// TestLeadTable checks it against the reference model's table of SPEC
// section 4.
var leadTable = func() (t [256]uint32) {
	for b := range t {
		n, class := leadClass(byte(b))
		r := secondRanges[class]
		t[b] = uint32(n) | uint32(r[0])<<8 | uint32(r[1])<<16
	}
	return t
}()

// leadClass is SPEC section 4's table written as code: the sequence length a
// lead byte b announces and the class of its second byte's range.
func leadClass(b byte) (n, class byte) {
	switch {
	case b < 0x80:
		return 1, 0
	case b < 0xC2:
		return 0, 0
	case b < 0xE0:
		return 2, 0
	case b == 0xE0:
		return 3, 1
	case b == 0xED:
		return 3, 2
	case b < 0xF0:
		return 3, 0
	case b == 0xF0:
		return 4, 3
	case b < 0xF4:
		return 4, 0
	case b == 0xF4:
		return 4, 4
	}
	return 0, 0
}

// appendValidUTF8 appends s to dst with every maximal invalid UTF-8 subpart
// replaced by one U+FFFD, exactly as CPython's bytes.decode("utf-8",
// "replace") does. Go's own helpers count differently: utf8.DecodeRune gives
// one error per byte and strings.ToValidUTF8 one per run.
func appendValidUTF8(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			j := asciiEnd(s, i)
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		j, valid := nextSequence(s, i)
		if valid {
			dst = append(dst, s[i:j]...)
		} else {
			dst = append(dst, replacementChar...)
		}
		i = j
	}
	return dst
}

// validUTF8Len returns the length of appendValidUTF8(nil, s).
func validUTF8Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			j := asciiEnd(s, i)
			n += j - i
			i = j
			continue
		}
		j, valid := nextSequence(s, i)
		if valid {
			n += j - i
		} else {
			n += len(replacementChar)
		}
		i = j
	}
	return n
}

// asciiEnd returns the index of the first byte at or after i that is not
// ASCII, or len(s).
func asciiEnd(s string, i int) int {
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// nextSequence returns the end of the UTF-8 sequence that starts at s[i],
// and whether it is valid; if not, s[i:j] is one maximal invalid subpart.
func nextSequence(s string, i int) (j int, valid bool) {
	if s[i] < utf8.RuneSelf {
		return i + 1, true
	}
	n, lo, hi := utf8Lead(s[i])
	end := min(i+n, len(s))
	j = i + 1
	for j < end && lo <= s[j] && s[j] <= hi {
		j++
		lo, hi = 0x80, 0xBF
	}
	return j, n >= 1 && j == i+n
}

// latin1Len returns the length of appendLatin1(nil, s): bytes above 0x7F
// take two bytes in UTF-8.
func latin1Len(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		n += int(s[i] >> 7)
	}
	return n
}

// appendLatin1 appends s to dst decoded as latin-1: each byte 0xNN becomes the
// code point U+00NN, in UTF-8.
func appendLatin1(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 {
			dst = append(dst, c)
		} else {
			dst = append(dst, 0xC0|c>>6, 0x80|c&0x3F)
		}
	}
	return dst
}
