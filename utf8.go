package queryparams

import "unicode/utf8"

// UTF-8 repair and latin-1: the two ways the package turns input bytes into
// the text Python would hold. Text that is not valid UTF-8 is read as
// bytes.decode("utf-8", "replace") reads it, one U+FFFD per maximal invalid
// subpart; raw request bytes are read as latin-1, one character per byte.

// replacementChar is U+FFFD in UTF-8, the text CPython puts in place of each
// maximal invalid subpart when it decodes with errors="replace".
const replacementChar = "\uFFFD"

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

// utf8Lead describes the UTF-8 sequence that lead byte b begins: its length n
// and the range [lo, hi] its second byte must fall in (docs/semantics.md,
// "UTF-8 repair"). For a byte that cannot begin a sequence (80–C1, F5–FF), n
// is 0. It reads leadTable: one load in place of a chain of branches on b.
func utf8Lead(b byte) (n int, lo, hi byte) {
	e := leadTable[b]
	return int(e & 0xFF), byte(e >> 8), byte(e >> 16)
}

// secondRanges are the ranges a second byte may fall in, by lead byte class.
var secondRanges = [...][2]byte{{0x80, 0xBF}, {0xA0, 0xBF}, {0x80, 0x9F}, {0x90, 0xBF}, {0x80, 0x8F}}

// leadTable holds, for each byte, the length of the sequence it leads in the
// low byte and the range its second byte must fall in, lo and hi, in the
// next two: one load answers utf8Lead. It is built from leadClass, and
// TestLeadTable checks it against the reference model's copy of the table in
// docs/semantics.md, "UTF-8 repair".
var leadTable = func() (t [256]uint32) {
	for b := range t {
		n, class := leadClass(byte(b))
		r := secondRanges[class]
		t[b] = uint32(n) | uint32(r[0])<<8 | uint32(r[1])<<16
	}
	return t
}()

// leadClass is the table of docs/semantics.md, "UTF-8 repair" written as
// code: the sequence length a lead byte b announces and the class of its
// second byte's range.
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

// validSequences reports whether b is valid UTF-8, as utf8.Valid does,
// reading each sequence whole from leadTable: for the few sequences that a
// run of escapes spells, that costs less than utf8.Valid, made for long
// text.
func validSequences(b []byte) bool {
	for len(b) > 0 {
		c := b[0]
		if c < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		if len(b) >= 3 && c-0xE1 <= 0xEF-0xE1 && c != 0xED &&
			(uint16(b[1])|uint16(b[2])<<8)&0xC0C0 == 0x8080 {
			// The usual sequence of escaped CJK text: three bytes led
			// by E1 to EF but ED, whose second byte may be any
			// continuation byte; both continuation bytes are tested
			// with one 16-bit load.
			b = b[3:]
			continue
		}
		n, lo, hi := utf8Lead(c)
		if n < 2 || len(b) < n || b[1]-lo > hi-lo ||
			n > 2 && b[2]&0xC0 != 0x80 || n > 3 && b[3]&0xC0 != 0x80 {
			return false
		}
		b = b[n:]
	}
	return true
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
