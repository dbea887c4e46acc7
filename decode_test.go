package queryparams

import (
	"fmt"
	"strconv"
	"testing"
)

// TestHexTable checks hexValue against strconv.
func TestHexTable(t *testing.T) {
	for c := range 256 {
		v, err := strconv.ParseUint(string([]byte{byte(c)}), 16, 8)
		want := byte(0xFF)
		if err == nil {
			want = byte(v)
		}
		if hexValue[c] != want {
			t.Errorf("hexValue[%q] = %#x, want %#x", c, hexValue[c], want)
		}
	}
}

// TestEveryASCIIEscape is CPython test_urllib's check that every ASCII byte,
// written as %XX in uppercase (and here in lowercase too), unquotes to itself.
func TestEveryASCIIEscape(t *testing.T) {
	for c := range 0x80 {
		for _, format := range []string{"v=%%%02X", "v=%%%02x"} {
			in := fmt.Sprintf(format, c)
			if got := Parse(in).Get("v"); got != string(rune(c)) {
				t.Errorf("Parse(%q).Get(\"v\") = %q, want %q (CPython test_urllib)", in, got, string(rune(c)))
			}
		}
	}
}
