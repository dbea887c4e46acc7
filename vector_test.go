package queryparams

import (
	"testing"
)

// TestASCIIVector checks asciiText and asciiBytes (the AVX2 assembly where the
// machine has it, for 32 bytes and more) against a byte-by-byte check, as
// checkASCII describes. TestASCII checks the portable ascii the same way.
func TestASCIIVector(t *testing.T) {
	checkASCII(t, "asciiText", asciiText)
	checkASCII(t, "asciiBytes", func(s string) bool { return asciiBytes([]byte(s)) })
}

// checkASCII checks isASCII for every length up to 300, at six alignments,
// all ASCII or with one byte of 0x80 or more at each position, with such
// bytes on both sides of s.
func checkASCII(t *testing.T, name string, isASCII func(string) bool) {
	t.Helper()
	buf := make([]byte, 64+300+64)
	for n := 0; n <= 300; n++ {
		for _, align := range []int{0, 1, 15, 31, 33, 63} {
			for i := range buf {
				buf[i] = 0x80 // a read outside s would see these
			}
			b := buf[align : align+n]
			for i := range b {
				b[i] = byte(i*37) & 0x7F
			}
			for pos := -1; pos < n; pos++ {
				if pos >= 0 {
					b[pos] = 0x80 | byte(pos)
				}
				want := pos < 0
				s := string(buf)[align : align+n]
				if got := isASCII(s); got != want {
					t.Fatalf("%s(%q) = %v, want %v", name, s, got, want)
				}
				if pos >= 0 {
					b[pos] = 0x7F
				}
			}
		}
	}
}
