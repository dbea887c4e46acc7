//go:build !purego

package queryparams

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed-3058a48d/queryparams/internal/corpus"
)

// The routines of vector_amd64.s, tested alone, and benchmarked alone
// against their portable twins (vector_other.go and scan.go): each must be
// clearly faster than its twin on the CPU it runs on to keep its place.
//
//	go test -run '^$' -bench Vector -count 10 | tee vector.txt
//	benchstat -col /impl vector.txt

func TestIndexStopAVX2(t *testing.T) {
	if !avx2 {
		t.Skip("this CPU does not run the AVX2 routines")
	}
	checkIndexStop(t, indexStopAVX2)
}

func TestASCIIAVX2(t *testing.T) {
	if !avx2 {
		t.Skip("this CPU does not run the AVX2 routines")
	}
	// asciiAVX2 needs 32 bytes or more; shorter strings check with ascii.
	checkASCII(t, "asciiAVX2", func(s string) bool {
		if len(s) < 32 {
			return ascii(s)
		}
		return asciiAVX2(s)
	})
}

func TestCountFieldsAVX2(t *testing.T) {
	if !avx2 {
		t.Skip("this CPU does not run the AVX2 routines")
	}
	for _, in := range countInputs() {
		blocks := in[:len(in)&^31]
		n, ampLast := countFieldsAVX2(in)
		if want := len(refSplit(blocks)); n != want {
			t.Errorf("countFieldsAVX2(%q) = %d, want %d", in, n, want)
		}
		// With no block read, s begins a field, as if after a '&'.
		if want := blocks == "" || blocks[len(blocks)-1] == '&'; ampLast != want {
			t.Errorf("countFieldsAVX2(%q) ampLast = %v, want %v", in, ampLast, want)
		}
	}
}

// vectorLengths are the input lengths of the routine benchmarks.
var vectorLengths = []int{8, 16, 32, 64, 128, 256, 512, 1024}

// BenchmarkVector times each routine as the parser calls it, with vector
// code (impl=avx2) and with the portable code (impl=portable), on inputs of
// 8 to 1024 bytes of base64url text, the alphabet of tokens and IDs:
//
//   - fn=stops: the search for the first '&', '%' or '+', over a value
//     that ends with the field's '&' (a JWT as a query value);
//   - fn=ascii: the ASCII check of a whole query;
//   - fn=count: the count of the fields of fields of 16 bytes each;
//   - fn=masks: the stop masks of a query (64 bytes and more), in fields
//     of 16 bytes with a '%' in each.
//
// BenchmarkFields times what the masks are for against what they replace.
func BenchmarkVector(b *testing.B) {
	if !avx2 {
		b.Skip("this CPU does not run the AVX2 routines")
	}
	for _, n := range vectorLengths {
		benchmarkMasks(b, n)
		value := randomBase64(n-1) + "&"
		for _, impl := range []string{"avx2", "portable"} {
			vector := impl == "avx2"
			b.Run(fmt.Sprintf("fn=stops/n=%d/impl=%s", n, impl), func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				var st stops
				var got int
				for b.Loop() {
					st.init(value, vector)
					got = st.next(0)
				}
				if got != n-1 {
					b.Fatalf("stops.next(0) = %d, want %d", got, n-1)
				}
			})
		}
		text := randomBase64(n)
		for _, impl := range []string{"avx2", "portable"} {
			isASCII := asciiText
			if impl == "portable" {
				isASCII = ascii[string]
			}
			b.Run(fmt.Sprintf("fn=ascii/n=%d/impl=%s", n, impl), func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				var got bool
				for b.Loop() {
					got = isASCII(text)
				}
				if !got {
					b.Fatalf("%s(base64 text) = false, want true", impl)
				}
			})
		}
		fields := strings.Repeat("k=abcdefghijkl&&", n/16+1)[:n]
		want := len(refSplit(fields))
		for _, impl := range []string{"avx2", "portable"} {
			vector := impl == "avx2"
			b.Run(fmt.Sprintf("fn=count/n=%d/impl=%s", n, impl), func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				var got int
				for b.Loop() {
					got = countFields(fields, vector)
				}
				if got != want {
					b.Fatalf("countFields(%d bytes, %v) = %d, want %d", n, vector, got, want)
				}
			})
		}
	}
}

func benchmarkMasks(b *testing.B, n int) {
	if n < 64 || n > maxMaskQuery {
		return
	}
	text := strings.Repeat("k=abc%20defghi&", n/15+1)[:n]
	amp, _, _ := refStopMasks(text)
	for _, impl := range []string{"avx2", "portable"} {
		b.Run(fmt.Sprintf("fn=masks/n=%d/impl=%s", n, impl), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			var m stopMasks
			for b.Loop() {
				if impl == "avx2" {
					m.fill(text)
				} else {
					m.fillPortable(text)
				}
			}
			if !slices.Equal(m.amp[:], amp) {
				b.Fatalf("%s masks of %d bytes: amp = %x, want %x", impl, n, m.amp, amp)
			}
		})
	}
}

// BenchmarkFields parses the queries of the corpus that the stop masks read
// (64 to 512 bytes) with their fields found from the masks (how=masks) and
// as the standard reading would without them (how=search: read byte by
// byte up to shortQuery, searched with the vector search past it), where
// vector code runs. The masks earn their place where they win.
func BenchmarkFields(b *testing.B) {
	if !avx2 {
		b.Skip("this CPU does not run the AVX2 routines")
	}
	std := standard()
	search := std
	search.maskLimit = 0
	for _, q := range corpus.All() {
		if len(q.Raw) < minMaskQuery || len(q.Raw) > maxMaskQuery {
			continue
		}
		want := refParse(q.Raw)
		for _, how := range []struct {
			name string
			rd   reading
		}{{"masks", std}, {"search", search}} {
			b.Run("q="+q.Name+"/how="+how.name, func(b *testing.B) {
				b.SetBytes(int64(len(q.Raw)))
				b.ReportAllocs()
				var p Params
				for b.Loop() {
					p = parseWith(q.Raw, true, how.rd)
				}
				if diff := cmp.Diff(want, p.MultiItems()); diff != "" {
					b.Fatalf("parseText(%s, %s) (-want +got):\n%s", q.Name, how.name, diff)
				}
			})
		}
	}
}

// randomBase64 returns n bytes of base64url text, the same on every run.
func randomBase64(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// TestStopMasksAVX2 calls stopMasksAVX2 on every length it takes, at every
// alignment within 64 bytes, checking its masks against refStopMasks.
func TestStopMasksAVX2(t *testing.T) {
	if !avx2 {
		t.Skip("this CPU does not run the AVX2 routines")
	}
	for _, s := range maskInputs()[64:] {
		for _, align := range []int{0, 1, 31, 63} {
			in := (strings.Repeat("&", align) + s)[align:]
			var m stopMasks
			stopMasksAVX2(in, &m.amp[0])
			checkStopMasks(t, "stopMasksAVX2", in, &m)
		}
	}
}
