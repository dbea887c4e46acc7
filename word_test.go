package queryparams

import (
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestASCII checks ascii, which reads 64 and 8 bytes at a time, against a
// plain loop: one high byte at every position of every length across those
// block edges, in both of its instantiations, and at six alignments with
// high bytes around it (checkASCII).
func TestASCII(t *testing.T) {
	checkASCII(t, "ascii", ascii[string])
	for n := range 200 {
		plain := strings.Repeat("a", n)
		if !ascii(plain) || !ascii([]byte(plain)) {
			t.Errorf("ascii(%d bytes of 'a') = false, want true", n)
		}
		for i := range n {
			for _, high := range []byte{0x80, 0xFF} {
				b := []byte(plain)
				b[i] = high
				if ascii(string(b)) || ascii(b) {
					t.Errorf("ascii(%q) = true, want false", b)
				}
			}
		}
	}
}

// TestMatches checks the bit trick that finds a byte in a word against a
// byte-by-byte comparison: every byte value searched for, in words that hold
// it nowhere, everywhere, at each position, and beside its neighbours
// (c±1, c^0x80), where a borrow or a carry would show.
func TestMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for c := range 256 {
		c := byte(c)
		words := []uint64{0, ^uint64(0), 0x0101010101010101 * uint64(c)}
		for range 64 {
			var b [8]byte
			for i := range b {
				b[i] = []byte{c, c - 1, c + 1, c ^ 0x80, byte(rng.Uint32())}[rng.IntN(5)]
			}
			words = append(words, binary.LittleEndian.Uint64(b[:]))
		}
		for _, w := range words {
			var want uint64
			for i := range 8 {
				if byte(w>>(8*i)) == c {
					want |= 0x80 << (8 * i)
				}
			}
			if got := matches(w, c); got != want {
				t.Errorf("matches(%#016x, %#02x) = %#016x, want %#016x", w, c, got, want)
			}
		}
	}
}
