package bench

import (
	"maps"
	"net/url"
	"strings"
	"testing"

	"github.com/seed-3058a48d/queryparams"
	"github.com/seed-3058a48d/queryparams/internal/corpus"
	"github.com/valyala/fasthttp"
)

// BenchmarkCompetitors parses each corpus query and reads the value of every
// distinct key, with each implementation:
//
//   - queryparams: Parse, then Get (owned, immutable strings; last value wins)
//   - net-url: url.ParseQuery, then Values.Get
//   - fasthttp-reused: one fasthttp.Args reused across calls, Peek returning
//     bytes borrowed from it (valid only until the next Parse)
//   - fasthttp-fresh: a new fasthttp.Args for every query
//   - split-floor: split at '&' and '=' into one preallocated slice, no
//     decoding and no lookup: a lower bound for any parser
func BenchmarkCompetitors(b *testing.B) {
	for _, q := range corpus.All() {
		keys := ownKeys(q.Raw)
		bench := func(impl string, f func() int) {
			b.Run("q="+q.Name+"/impl="+impl, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(q.Raw)))
				want := f()
				var got int
				for b.Loop() {
					got = f()
				}
				if got != want {
					b.Fatalf("%s on %s: result changed between runs", impl, q.Name)
				}
			})
		}
		bench("queryparams", func() int {
			p := queryparams.Parse(q.Raw)
			n := 0
			for _, k := range keys {
				n += len(p.Get(k))
			}
			return n
		})
		bench("net-url", func() int {
			v, _ := url.ParseQuery(q.Raw)
			n := 0
			for _, k := range keys {
				n += len(v.Get(k))
			}
			return n
		})
		var reused fasthttp.Args
		bench("fasthttp-reused", func() int {
			reused.Parse(q.Raw)
			n := 0
			for _, k := range keys {
				n += len(reused.Peek(k))
			}
			return n
		})
		bench("fasthttp-fresh", func() int {
			var args fasthttp.Args
			args.Parse(q.Raw)
			n := 0
			for _, k := range keys {
				n += len(args.Peek(k))
			}
			return n
		})
		bench("split-floor", func() int {
			return len(splitFloor(q.Raw))
		})
	}
}

// BenchmarkCompetitorsLookup is the lookup half of BenchmarkCompetitors: it
// reads the value of every distinct key of a query parsed once, before the
// timer starts, so that the parse and the lookups can be weighed apart.
//
//   - queryparams: Params.Get (each call copies the Params it is called on,
//     as every value-receiver method does)
//   - net-url: Values.Get, a map lookup
//   - fasthttp: Args.Peek, a scan of the pairs in order
func BenchmarkCompetitorsLookup(b *testing.B) {
	for _, q := range corpus.Realistic() {
		p := queryparams.Parse(q.Raw)
		keys := ownKeys(q.Raw)
		v, _ := url.ParseQuery(q.Raw)
		var args fasthttp.Args
		args.Parse(q.Raw)
		// The realistic queries decode alike in all three, so net/url's
		// values give the sums: the last value of each key for Get, the
		// first for Values.Get and Peek.
		first, last := 0, 0
		for _, k := range keys {
			first += len(v[k][0])
			last += len(v[k][len(v[k])-1])
		}
		for _, impl := range []struct {
			name string
			want int
			f    func() int
		}{
			{"queryparams", last, func() int {
				n := 0
				for _, k := range keys {
					n += len(p.Get(k))
				}
				return n
			}},
			{"net-url", first, func() int {
				n := 0
				for _, k := range keys {
					n += len(v.Get(k))
				}
				return n
			}},
			{"fasthttp", first, func() int {
				n := 0
				for _, k := range keys {
					n += len(args.Peek(k))
				}
				return n
			}},
		} {
			b.Run("q="+q.Name+"/impl="+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				var got int
				for b.Loop() {
					got = impl.f()
				}
				if got != impl.want {
					b.Fatalf("%s on %s: values of %d bytes, want %d", impl.name, q.Name, got, impl.want)
				}
			})
		}
	}
}

// BenchmarkCompetitorsEscapes parses the API query alone, with no lookup,
// as it is (two fields escaped: q=hello+world, filter=status%3Aopen) and
// with those fields spelled without escapes, so that the cost of decoding
// can be weighed in each implementation: the difference between the two
// is the decoding, and for queryparams the one allocation its decoded text
// needs.
func BenchmarkCompetitorsEscapes(b *testing.B) {
	escaped := corpus.API()
	plain := strings.NewReplacer("+", "_", "%3A", ":").Replace(escaped)
	if strings.ContainsAny(plain, "%+") || plain == escaped {
		b.Fatalf("the API query's escapes are no longer q=hello+world and filter=status%%3Aopen: %q", escaped)
	}
	for _, q := range []struct{ name, raw string }{{"escaped", escaped}, {"plain", plain}} {
		v, _ := url.ParseQuery(q.raw)
		want := 0 // the bytes of every value, decoded
		for _, vs := range v {
			for _, s := range vs {
				want += len(s)
			}
		}
		var p queryparams.Params
		var args fasthttp.Args
		for _, impl := range []struct {
			name  string
			parse func()
			sum   func() int
		}{
			{"queryparams", func() { p = queryparams.Parse(q.raw) }, func() int {
				n := 0
				for _, v := range p.All() {
					n += len(v)
				}
				return n
			}},
			{"fasthttp-reused", func() { args.Parse(q.raw) }, func() int {
				n := 0
				for _, v := range args.All() {
					n += len(v)
				}
				return n
			}},
		} {
			b.Run("q="+q.name+"/impl="+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(q.raw)))
				for b.Loop() {
					impl.parse()
				}
				if got := impl.sum(); got != want {
					b.Fatalf("%s on %s: values of %d bytes, want %d", impl.name, q.name, got, want)
				}
			})
		}
	}
}

// ownKeys returns the distinct keys of raw as copies, as a program's own
// key strings would be: a key that is a substring of raw would compare equal
// to a parsed key that points at the same bytes without reading them.
func ownKeys(raw string) []string {
	keys := queryparams.Parse(raw).Keys()
	for i, k := range keys {
		keys[i] = strings.Clone(k)
	}
	return keys
}

// splitFloor splits s into raw key/value pairs in one allocation sized by a
// count of '&': no decoding, no validation, no lookup structure.
func splitFloor(s string) [][2]string {
	pairs := make([][2]string, 0, strings.Count(s, "&")+1)
	for s != "" {
		var field string
		field, s, _ = strings.Cut(s, "&")
		if field == "" {
			continue
		}
		k, v, _ := strings.Cut(field, "=")
		pairs = append(pairs, [2]string{k, v})
	}
	return pairs
}

// BenchmarkConnectionContext1000 is the fasthttp and net/url twin of the
// root package's benchmark of the same name, 1000 WebSocket connection
// contexts: 1000 times, read token, thread_id and user_id of the WebSocket
// query into a map.
func BenchmarkConnectionContext1000(b *testing.B) {
	raw := corpus.WebSocket()
	// The WebSocket query repeats no key and holds no '%' or '+', so a
	// plain split gives the context every implementation must build.
	want := map[string]string{}
	for _, f := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(f, "=")
		if k == "token" || k == "thread_id" || k == "user_id" {
			want[k] = v
		}
	}
	for _, impl := range []struct {
		name string
		f    func() map[string]string
	}{
		{"queryparams", func() map[string]string {
			q := queryparams.Parse(raw)
			return map[string]string{"token": q.Get("token"), "thread_id": q.Get("thread_id"), "user_id": q.Get("user_id")}
		}},
		{"net-url", func() map[string]string {
			v, _ := url.ParseQuery(raw)
			return map[string]string{"token": v.Get("token"), "thread_id": v.Get("thread_id"), "user_id": v.Get("user_id")}
		}},
	} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)) * 1000)
			var ctx map[string]string
			for b.Loop() {
				for range 1000 {
					ctx = impl.f()
				}
			}
			if !maps.Equal(ctx, want) {
				b.Fatalf("%s: context = %v, want %v", impl.name, ctx, want)
			}
		})
	}
}
