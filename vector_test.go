package queryparams

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// indexStopBytewise is the plain search that indexStop must agree with.
func indexStopBytewise(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '&' || s[i] == '%' || s[i] == '+' {
			return i
		}
	}
	return -1
}

// TestIndexStop checks the stop search of the scanner, with vector code
// where the CPU runs it (vector true) and without (false), against a
// byte-by-byte search: for every length up to 200, at six alignments, with
// no stop or one stop at each position, in filler made of the stops'
// neighbours in ASCII ($, apostrophe, * and comma) and of bytes that equal
// a stop but for the high bit, with stops on both sides of s.
func TestIndexStop(t *testing.T) {
	for _, vector := range []bool{true, false} {
		t.Run(fmt.Sprintf("vector=%v", vector), func(t *testing.T) {
			t.Parallel()
			checkIndexStop(t, func(s string) int {
				var st stops
				st.init(s, vector)
				if i := st.next(0); i < len(s) {
					return i
				}
				return -1
			})
		})
	}
}

// checkIndexStop checks indexStop, which returns the index of the first
// '&', '%' or '+' of s or -1, as TestIndexStop describes.
func checkIndexStop(t *testing.T, indexStop func(string) int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	filler := []byte{'a', '$', '\'', '*', ',', 0xA5, 0xA6, 0xAB, 0x00, 0xFF, '='}
	buf := make([]byte, 64+200+64)
	check := func(align, n int) {
		t.Helper()
		s := string(buf)[align : align+n] // within a copy of buf, stops around it
		if got, want := indexStop(s), indexStopBytewise(s); got != want {
			t.Fatalf("indexStop(%q) = %d, want %d", s, got, want)
		}
	}
	for n := 0; n <= 200; n++ {
		for _, align := range []int{0, 1, 15, 31, 33, 63} {
			// Every byte around s is a stop, so that a read outside s
			// shows as a wrong answer.
			for i := range buf {
				buf[i] = '&'
			}
			b := buf[align : align+n]
			for i := range b {
				b[i] = filler[rng.IntN(len(filler))]
			}
			check(align, n)
			for pos := 0; pos < n; pos++ {
				for _, c := range []byte{'&', '%', '+'} {
					old := b[pos]
					b[pos] = c
					check(align, n)
					// A second stop later must not hide the first.
					if last := n - 1; last > pos {
						old2 := b[last]
						b[last] = '&'
						check(align, n)
						b[last] = old2
					}
					b[pos] = old
				}
			}
		}
	}
}

// TestASCIIVector checks asciiText and asciiBytes (the AVX2 assembly where the
// machine has it, for 32 bytes and more) and the portable ascii against a
// byte-by-byte check, as checkASCII describes.
func TestASCIIVector(t *testing.T) {
	checkASCII(t, "asciiText", asciiText)
	checkASCII(t, "asciiBytes", func(s string) bool { return asciiBytes([]byte(s)) })
	checkASCII(t, "ascii", ascii[string])
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
