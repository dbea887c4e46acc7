package queryparams

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAllStops(t *testing.T) {
	p := Parse("a=1&b=2&c=3")
	var got []Pair
	for k, v := range p.All() {
		got = append(got, Pair{k, v})
		if k == "b" {
			break
		}
	}
	if diff := cmp.Diff(kv("a", "1", "b", "2"), got); diff != "" {
		t.Errorf("All() with break at b: %s", diff)
	}
}

// TestCountFields checks the field count parseText sizes its spans by
// against the reference model's split, on the table's inputs and on runs of
// '&', with the AVX2 blocks of countFieldsVector (where the machine has
// them) and without them.
func TestCountFields(t *testing.T) {
	for _, vector := range []bool{true, false} {
		for _, in := range countInputs() {
			if got, want := countFields(in, vector), len(refSplit(in)); got != want {
				t.Errorf("countFields(%q, %v) = %d, want %d", in, vector, got, want)
			}
		}
	}
}

// countInputs returns the inputs of TestCountFields: short cases, the
// table's inputs, and random runs of '&', '=', 'a' and near misses of '&'
// across word and block edges.
func countInputs() []string {
	inputs := []string{"&", "&&", "a", "&a", "a&", "&a&", "a&&b", "a&b", "%", "+&", "&&a&&b&&"}
	for _, c := range parseCases {
		inputs = append(inputs, c.in)
	}
	rng := rand.New(rand.NewPCG(1, 2)) // every pattern of '&' across word and block edges
	for range 20000 {
		b := make([]byte, rng.IntN(101))
		for i := range b {
			// 0xA6 differs from '&' in the high bit only, '\'' in the low one.
			b[i] = "&&a=\xa6'"[rng.IntN(6)]
		}
		inputs = append(inputs, string(b))
	}
	return inputs
}

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

// refStopMasks returns the masks of s as stopMasks describes them, built
// byte by byte from the split rule's constants, as a slice of words per mask.
func refStopMasks(s string) (amp, eq, spec []uint64) {
	amp, eq, spec = make([]uint64, maskWords), make([]uint64, maskWords), make([]uint64, maskWords)
	for i := range len(s) {
		bit := uint64(1) << (i % 64)
		switch s[i] {
		case fieldSep:
			amp[i/64] |= bit
		case keySep:
			eq[i/64] |= bit
		case plusByte, escapeByte:
			spec[i/64] |= bit
		}
	}
	return amp, eq, spec
}

// maskInputs returns texts of every length up to maxMaskQuery, of random
// bytes drawn mostly from the stops and their neighbours ('$', '\”, '*',
// ',', '<', '>'), so that every bit position sees stops and near misses.
func maskInputs() []string {
	const alphabet = "&=%+ab$'*,<>\x00\xff"
	rng := rand.New(rand.NewPCG(5, 5))
	var ins []string
	for n := 0; n <= maxMaskQuery; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		ins = append(ins, string(b))
	}
	return ins
}

// checkStopMasks checks the masks fill wrote for s against refStopMasks.
func checkStopMasks(t *testing.T, name string, s string, m *stopMasks) {
	t.Helper()
	amp, eq, spec := refStopMasks(s)
	for _, c := range []struct {
		mask      string
		got, want []uint64
	}{{"amp", m.amp[:], amp}, {"eq", m.eq[:], eq}, {"spec", m.spec[:], spec}} {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Fatalf("%s(%q) %s mask (-want +got):\n%s", name, s, c.mask, diff)
		}
	}
}

// TestStopMasks checks fillPortable, and fill (the AVX2 assembly where the
// machine runs it), against refStopMasks at every length they take.
func TestStopMasks(t *testing.T) {
	for _, s := range maskInputs() {
		var m stopMasks
		m.fillPortable(s)
		checkStopMasks(t, "fillPortable", s, &m)
		m = stopMasks{}
		m.fill(s)
		checkStopMasks(t, "fill", s, &m)
	}
}

// TestNextBit checks nextBit against a bit-by-bit search, for every pair of
// bounds on masks with few bits set and with many.
func TestNextBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for _, density := range []int{1, 8, 64, 500} {
		var mask [maskWords]uint64
		for range density {
			i := rng.IntN(maxMaskQuery)
			mask[i/64] |= 1 << (i % 64)
		}
		for from := 0; from <= maxMaskQuery; from += 1 + rng.IntN(5) {
			for to := from - 2; to <= maxMaskQuery; to += 1 + rng.IntN(7) {
				if to < 0 {
					continue
				}
				want := to
				for i := from; i < to; i++ {
					if mask[i/64]>>(i%64)&1 != 0 {
						want = i
						break
					}
				}
				if got := nextBit(&mask, from, to); got != want {
					t.Fatalf("nextBit(%d bits, %d, %d) = %d, want %d", density, from, to, got, want)
				}
			}
		}
	}
}

// TestMaskWindows checks the fields of queries longer than maxMaskQuery,
// read from masks window by window, against the reference model: random
// queries of short fields, fields longer than a window and fields that end
// on either side of each window boundary, with '=', '%' and '+' anywhere
// and runs of '&' between them. Where the CPU has no vector code, the
// queries are searched instead, and the test checks that.
func TestMaskWindows(t *testing.T) {
	rd := reading{spanLimit: maxSpanText, maskLimit: maxMaskQuery, windows: true}
	rng := rand.New(rand.NewPCG(7, 7))
	const alphabet = "abcdefgh=%+2F"
	field := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	var queries []string
	// A field that ends, or starts, at each byte around the first window's
	// end, and a field that fills the first window exactly.
	for n := maxMaskQuery - 70; n <= maxMaskQuery+2; n++ {
		queries = append(queries, field(n)+"&"+field(30)+"&"+field(600), "x&"+field(n)+"&y=1&"+field(40))
	}
	for range 400 {
		var b []byte
		size := maxMaskQuery + 1 + rng.IntN(4000)
		for len(b) < size {
			b = append(b, "&&&"[:rng.IntN(3)]...)
			n := 1 + rng.IntN(40)
			switch rng.IntN(12) {
			case 0:
				n = 400 + rng.IntN(700)
			case 1:
				n = maxMaskQuery - 64 + rng.IntN(128)
			}
			b = append(b, field(n)...)
			b = append(b, '&')
		}
		queries = append(queries, string(b[:size]))
	}
	for _, q := range queries {
		want := refParse(q)
		if got := parseWith(q, true, rd).MultiItems(); !cmp.Equal(got, want) {
			t.Fatalf("Parse(%q), fields from masks by window (-want +got):\n%s", q, cmp.Diff(want, got))
		}
	}
}
