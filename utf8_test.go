package queryparams

import "testing"

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
