package queryparams

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
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

// TestDecodePaths checks appendDecodedValid with the vector code of
// unescapeVector (where the CPU runs it) and without, against the reference
// model, on random text: escaped characters of every length, escaped bytes
// that are not UTF-8, escapes of either case, raw ASCII and non-ASCII text,
// '+', and '%' that starts no escape. Where the decoded bytes are valid
// UTF-8 it must give the model's text; elsewhere it must report false.
func TestDecodePaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	chars := []rune{'a', 'é', 'ß', '東', '京', 'の', '\u0800', '\uD7FF', '\uE000', '\uFFFD', '😀', '\U0010FFFF'}
	chunk := func() string {
		switch rng.IntN(8) {
		case 0:
			return "ab+c"
		case 1:
			return "é"
		case 2:
			return "%"
		case 3:
			return "%zz"
		case 4:
			return fmt.Sprintf("%%%02X", rng.IntN(256)) // any byte, maybe not UTF-8
		}
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			for _, c := range []byte(string(chars[rng.IntN(len(chars))])) {
				format := "%%%02X"
				if rng.IntN(4) == 0 {
					format = "%%%02x"
				}
				fmt.Fprintf(&b, format, c)
			}
		}
		return b.String()
	}
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(chunk())
		}
		s := b.String()
		want := refUnquotePlus(s)
		wantOK := utf8.Valid(refPercentDecode(strings.ReplaceAll(s, "+", " ")))
		for _, vector := range []bool{true, false} {
			out, ok := appendDecodedValid([]byte("x"), s, vector)
			if ok != wantOK || ok && string(out) != "x"+want {
				t.Fatalf("appendDecodedValid(%q, vector %v) = %q, %v, want %q, %v", s, vector, out, ok, "x"+want, wantOK)
			}
		}
	}
}
