package queryparams

import (
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

// TestIndexStop checks indexStop (the AVX2 assembly where the machine has
// it) against a byte-by-byte search: for every length up to 200, at six
// alignments, with no stop or one stop at each position, in filler made of
// the stops' neighbours in ASCII ($, apostrophe, * and comma) and of bytes
// that equal a stop but for the high bit, with stops on both sides of s.
func TestIndexStop(t *testing.T) {
	if !useAVX2 {
		t.Skip("no vector search in this build or on this CPU")
	}
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
// machine has it, for 32 bytes and more) against a byte-by-byte check: for
// every length up to 300, at six alignments, all ASCII or with one byte of
// 0x80 or more at each position, with such bytes on both sides of s.
func TestASCIIVector(t *testing.T) {
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
				if got := asciiText(s); got != want {
					t.Fatalf("asciiText(%q) = %v, want %v", s, got, want)
				}
				if got := asciiBytes(buf[align : align+n]); got != want {
					t.Fatalf("asciiBytes(%q) = %v, want %v", s, got, want)
				}
				if pos >= 0 {
					b[pos] = 0x7F
				}
			}
		}
	}
}
