package queryparams

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed-3058a48d/queryparams/internal/corpus"
)

// Benchmarks compare this package with net/url doing the same work — parse,
// then read the value of every distinct key — on the shared corpus of
// internal/corpus. Names follow benchstat's key=value form, so
//
//	go test -run '^$' -bench Read -count 10 | tee new.txt
//	benchstat -col /impl new.txt
//
// prints the two side by side with their ratio. Every benchmark checks its
// result after the timed loop, so a fast but wrong change fails.

func BenchmarkRead(b *testing.B) {
	for _, q := range corpus.All() {
		want := refParse(q.Raw)
		keys := benchKeys(want)
		b.Run("q="+q.Name+"/impl=queryparams", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(q.Raw)))
			var p Params
			var sink int
			for b.Loop() {
				p = Parse(q.Raw)
				for _, k := range keys {
					sink += len(p.Get(k))
				}
			}
			checkRead(b, q, p, want, keys)
		})
		b.Run("q="+q.Name+"/impl=net-url", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(q.Raw)))
			// The Values of an iteration is not kept past it, so that
			// the compiler may place it on the stack, as it may in a
			// handler that reads a few keys; the sum of the values'
			// lengths checks the work instead.
			wantV, _ := url.ParseQuery(q.Raw)
			wantSum := 0
			for _, k := range keys {
				wantSum += len(wantV.Get(k))
			}
			sum, n := 0, 0
			for b.Loop() {
				v, _ := url.ParseQuery(q.Raw)
				for _, k := range keys {
					sum += len(v.Get(k))
				}
				n++
			}
			if sum != n*wantSum {
				b.Fatalf("url.ParseQuery(%s): values of %d bytes in %d runs, want %d a run", q.Name, sum, n, wantSum)
			}
		})
	}
}

// BenchmarkParseBytes reads the corpus as request.query_params does.
func BenchmarkParseBytes(b *testing.B) {
	for _, q := range corpus.All() {
		raw := []byte(q.Raw)
		want := refParseBytes(raw)
		keys := benchKeys(want)
		b.Run("q="+q.Name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			var p Params
			var sink int
			for b.Loop() {
				p = ParseBytes(raw)
				for _, k := range keys {
					sink += len(p.Get(k))
				}
			}
			checkRead(b, q, p, want, keys)
		})
	}
}

// BenchmarkBytesCopy is the floor under BenchmarkParseBytes: the copy of b
// into a string that ParseBytes must make, since it returns strings the
// caller's later writes to b cannot change, timed alone.
func BenchmarkBytesCopy(b *testing.B) {
	for _, q := range corpus.All() {
		raw := []byte(q.Raw)
		b.Run("q="+q.Name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			var s string
			for b.Loop() {
				s = string(raw)
			}
			if s != q.Raw {
				b.Fatalf("string([]byte(%s)) differs from the query", q.Name)
			}
		})
	}
}

// BenchmarkString re-encodes each parsed query.
func BenchmarkString(b *testing.B) {
	for _, q := range corpus.All() {
		p := Parse(q.Raw)
		want := refEncode(refParse(q.Raw))
		b.Run("q="+q.Name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(want)))
			var got string
			for b.Loop() {
				got = p.String()
			}
			if got != want {
				b.Fatalf("Parse(%s).String() differs from the reference model", q.Name)
			}
		})
	}
}

// BenchmarkConnectionContext1000 builds 1000 WebSocket connection
// contexts: 1000 times, parse a connection's query and read its token,
// thread and user ids into a map. One op is 1000 connections; the budget
// for them is one second.
func BenchmarkConnectionContext1000(b *testing.B) {
	raw := corpus.WebSocket()
	want := map[string]string{}
	for _, k := range []string{"token", "thread_id", "user_id"} {
		want[k], _ = refGet(refParse(raw), k)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)) * 1000)
	var ctx map[string]string
	for b.Loop() {
		for range 1000 {
			ctx = connectionContext(raw)
		}
	}
	if !cmp.Equal(ctx, want) {
		b.Fatalf("connection context = %v, want %v", ctx, want)
	}
}

func connectionContext(raw string) map[string]string {
	q := Parse(raw)
	return map[string]string{
		"token":     q.Get("token"),
		"thread_id": q.Get("thread_id"),
		"user_id":   q.Get("user_id"),
	}
}

// benchKeys returns the distinct keys of pairs, each a copy of its own, as
// a program's key strings would be: a key that shares the bytes of the
// parsed one would compare equal without being read.
func benchKeys(pairs []Pair) []string {
	keys := refKeys(pairs)
	for i, k := range keys {
		keys[i] = strings.Clone(k)
	}
	return keys
}

// checkRead fails b unless p holds want and answers every Get as the
// reference model does.
func checkRead(b *testing.B, q corpus.Query, p Params, want []Pair, keys []string) {
	b.Helper()
	if !cmp.Equal(p.MultiItems(), want) {
		b.Fatalf("Parse(%s) differs from the reference model", q.Name)
	}
	last := map[string]string{} // refGet for every key at once
	for _, pr := range want {
		last[pr.Key] = pr.Value
	}
	for _, k := range keys {
		if p.Get(k) != last[k] {
			b.Fatalf("Parse(%s).Get(%q) = %q, want %q", q.Name, k, p.Get(k), last[k])
		}
	}
}

// BenchmarkAdversarial parses each adversarial input at two sizes and reads
// one key, so that the time per byte (MB/s) shows that the work is linear
// in the input.
func BenchmarkAdversarial(b *testing.B) {
	for _, size := range []int{64 << 10, 1 << 20} {
		for name, in := range adversarialInputs(size) {
			b.Run(fmt.Sprintf("in=%s/size=%dK", strings.ReplaceAll(name, " ", "-"), size>>10), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(in)))
				var p Params
				for b.Loop() {
					p = Parse(in)
					p.Get("k")
				}
				if !slices.Equal(p.MultiItems(), refParse(in)) {
					b.Fatalf("Parse(%s) differs from the reference model", name)
				}
			})
		}
	}
}
