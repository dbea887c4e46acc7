package queryparams

import (
	"testing"
	"unicode/utf8"
)

// TestValidUTF8 checks the replacement decoder on the table of
// docs/semantics.md, "UTF-8 repair", written as raw bytes.
func TestValidUTF8(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"\xc3", fffd}, {"\xe2\x82", fffd}, {"\xf0\x9f\x98", fffd}, {"\xff", fffd}, {"\x80", fffd},
		{"\xc3\x28", fffd + "("},
		{"\xc0\xaf", fffd + fffd}, {"\x80\x80", fffd + fffd}, {"\xfe\xff", fffd + fffd},
		{"\xed\xa0\x80", fffd + fffd + fffd}, {"\xe0\x80\xaf", fffd + fffd + fffd},
		{"\xf4\x90\x80\x80", fffd + fffd + fffd + fffd}, {"\xf5\x80\x80\x80", fffd + fffd + fffd + fffd},
		{"\xe2\x82\xac\xe2\x82", "€" + fffd},
		{"\xef\xbb\xbf", "\uFEFF"},
		{"\xf4\x8f\xbf\xbf", "\U0010FFFF"},
		{"\xed\x9f\xbf", "\uD7FF"},
	} {
		if got := string(appendValidUTF8(nil, c.in)); got != c.want {
			t.Errorf("appendValidUTF8(%q) = %q, want %q (semantics: UTF-8 repair)", c.in, got, c.want)
		}
	}
}

// TestLeadTable checks the UTF-8 lead byte table against the reference
// model's transcription of docs/semantics.md, "UTF-8 repair".
func TestLeadTable(t *testing.T) {
	for c := range 256 {
		wantN, wantLo, wantHi := 0, byte(0), byte(0)
		if c < 0x80 {
			wantN = 1
		}
		for _, row := range refSecond {
			if row.lo <= byte(c) && byte(c) <= row.hi {
				wantN, wantLo, wantHi = row.n, row.lo2, row.hi2
			}
		}
		n, lo, hi := utf8Lead(byte(c))
		if n != wantN || (n > 1 && (lo != wantLo || hi != wantHi)) {
			t.Errorf("utf8Lead(%#x) = %d, %#x, %#x; want %d, %#x, %#x", c, n, lo, hi, wantN, wantLo, wantHi)
		}
	}
}

// TestValidSequences checks validSequences against utf8.Valid on every
// sequence of one and two bytes; of three bytes, every one whose lead is
// E0-EF and every other pair followed by a byte at an edge of the
// continuation range or just outside it; and every four-byte sequence whose
// lead can begin one, from those edges, followed by ASCII or cut short.
func TestValidSequences(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		if got, want := validSequences(b), utf8.Valid(b); got != want {
			t.Fatalf("validSequences(%x) = %v, want %v (utf8.Valid)", b, got, want)
		}
	}
	edges := []byte{0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF}
	check(nil)
	for x := range 1 << 16 {
		b0, b1 := byte(x>>8), byte(x)
		check([]byte{b1})
		check([]byte{b0, b1})
		if b0&0xF0 == 0xE0 {
			for b2 := range 256 {
				check([]byte{b0, b1, byte(b2)})
			}
			continue
		}
		for _, b2 := range edges {
			check([]byte{b0, b1, b2})
		}
	}
	for lead := 0xF0; lead <= 0xF7; lead++ {
		for _, b1 := range edges {
			for _, b2 := range edges {
				for _, b3 := range edges {
					b := []byte{byte(lead), b1, b2, b3, 'a'}
					check(b)
					check(b[:4])
					check(b[:3])
				}
			}
		}
	}
}
