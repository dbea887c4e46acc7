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
	checkASCII(t, "asciiAsm(s, true)", func(s string) bool { return asciiAsm(s, true) })
}

// TestASCIIAsmWords checks asciiAsm's path for CPUs without AVX2, which
// reads general-purpose registers only, on any CPU.
func TestASCIIAsmWords(t *testing.T) {
	checkASCII(t, "asciiAsm(s, false)", func(s string) bool { return asciiAsm(s, false) })
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

// TestUnescapeAVX2 checks unescapeAVX2 against unescapePortable from every
// offset of strings of 16 to 120 bytes: runs of escapes of either case,
// broken by any byte in any place of a digit or a '%', and ending anywhere
// in the last 16 bytes, which the routine reads differently. It also checks
// that nothing is written past the len(s)-i bytes a caller must provide.
func TestUnescapeAVX2(t *testing.T) {
	if !avx2 {
		t.Skip("this CPU does not run the AVX2 routines")
	}
	check := func(s string) {
		t.Helper()
		for i := range len(s) {
			room := len(s) - i
			want := make([]byte, room)
			wantN := unescapePortable(want, s, i)
			got := make([]byte, room+16)
			for j := range got {
				got[j] = 0xEE
			}
			n := unescapeAVX2(&got[0], s, i)
			if n != wantN || string(got[:n]) != string(want[:wantN]) {
				t.Fatalf("unescapeAVX2(%q, %d) = %d, %x, want %d, %x", s, i, n, got[:n], wantN, want[:wantN])
			}
			for j := room; j < len(got); j++ {
				if got[j] != 0xEE {
					t.Fatalf("unescapeAVX2(%q, %d) wrote past the %d bytes it may use", s, i, room)
				}
			}
		}
	}
	const hexDigits = "0123456789abcdefABCDEF"
	rng := rand.New(rand.NewPCG(8, 8))
	escapes := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteByte('%')
			b.WriteByte(hexDigits[rng.IntN(len(hexDigits))])
			b.WriteByte(hexDigits[rng.IntN(len(hexDigits))])
		}
		return b.String()
	}
	// Every byte value in every place of the first block and of the last.
	for _, base := range []string{escapes(6), "ab" + escapes(5), escapes(12)} {
		for _, at := range []int{0, 1, 2, 3, 4, 5, 8, 12, 13, 14, 15, len(base) - 3, len(base) - 2, len(base) - 1} {
			for c := range 256 {
				b := []byte(base)
				b[at] = byte(c)
				check(string(b))
			}
		}
	}
	for range 2000 {
		s := ""
		for len(s) < 16 || rng.IntN(3) != 0 {
			s += escapes(rng.IntN(12)) + string("xz&%9+"[rng.IntN(6)])
		}
		check(s[:min(len(s), 120)])
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
//   - fn=ascii: the ASCII check of a whole query, also at 3 bytes, where
//     the assembly has its own code for short texts, and also as the
//     assembly reads it on a CPU without AVX2 (impl=words);
//   - fn=count: the count of the fields of fields of 16 bytes each;
//   - fn=masks: the stop masks of a query (64 bytes and more), in fields
//     of 16 bytes with a '%' in each;
//   - fn=unescape: the decoding of a run of escapes, escaped CJK text (the
//     vector code needs 16 bytes; below that both sides run the portable
//     loop).
//
// BenchmarkFields times what the masks are for against what they replace.
func BenchmarkVector(b *testing.B) {
	if !avx2 {
		b.Skip("this CPU does not run the AVX2 routines")
	}
	benchmarkASCII(b, 3) // the length of a=1
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
		benchmarkASCII(b, n)
		escaped := strings.Repeat("%E6%9D%B1%E4%BA%AC", n/18+1)[:n/3*3]
		wantRun := refPercentDecode(escaped)
		for _, impl := range []string{"avx2", "portable"} {
			b.Run(fmt.Sprintf("fn=unescape/n=%d/impl=%s", n, impl), func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				out := make([]byte, len(escaped))
				var got int
				for b.Loop() {
					if impl == "avx2" && len(escaped) >= 16 {
						got = unescapeVector(out, escaped, 0, true)
					} else {
						got = unescapePortable(out, escaped, 0)
					}
				}
				if string(out[:got]) != string(wantRun) {
					b.Fatalf("%s unescape of %d bytes = %x, want %x", impl, len(escaped), out[:got], wantRun)
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
// with their fields found from the masks (how=masks) and as the standard
// reading would without them (how=search: read byte by byte up to
// shortQuery, searched with the vector search past it, or, for a query
// longer than maxMaskQuery, read byte by byte when its fields are short),
// where vector code runs: those of 64 to 512 bytes, from the masks of the
// whole query, and the 10,000 pairs, from masks made window by window. The
// masks earn their place where they win.
func BenchmarkFields(b *testing.B) {
	if !avx2 {
		b.Skip("this CPU does not run the AVX2 routines")
	}
	std := standard()
	search := std
	search.maskLimit, search.windows = 0, false
	for _, q := range corpus.All() {
		if len(q.Raw) < minMaskQuery || len(q.Raw) > maxMaskQuery && q.Name != "10k-pairs" {
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

// benchmarkASCII times the ASCII check of n bytes of base64url text, as
// asciiText makes it (impl=avx2), as the portable ascii does, and as the
// assembly does on a CPU without AVX2 (impl=words).
func benchmarkASCII(b *testing.B, n int) {
	text := randomBase64(n)
	for _, impl := range []string{"avx2", "portable", "words"} {
		isASCII := asciiText
		switch impl {
		case "portable":
			isASCII = ascii[string]
		case "words":
			isASCII = func(s string) bool { return asciiAsm(s, false) }
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
}
