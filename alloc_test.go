package queryparams

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/seed-3058a48d/queryparams/internal/corpus"
)

// TestAllocs states the package's allocation promises as deterministic tests,
// independent of machine speed (like xxhash's TestAllocs). Skipped under the
// race detector and -tags purego, which allocate differently.
func TestAllocs(t *testing.T) {
	if raceEnabled || pureGo {
		t.Skip("allocation counts differ under -race and -tags purego")
	}
	escapes := func(s string) bool { return strings.ContainsAny(s, "%+") }
	for _, q := range corpus.All() {
		// Up to inlineSpans pairs live in the Params itself; more need a
		// slice, and more than linearLimit an index holder too. All
		// decoded text shares one buffer.
		limit, pairs := 0.0, len(refParse(q.Raw))
		if pairs > inlineSpans {
			limit++
		}
		if pairs > linearLimit {
			limit++
		}
		if escapes(q.Raw) {
			limit++
		}
		if got := testing.AllocsPerRun(20, func() { Parse(q.Raw) }); got > limit {
			t.Errorf("Parse(%s) makes %v allocations, want at most %v", q.Name, got, limit)
		}
		if got := testing.AllocsPerRun(20, func() { ParseLatin1(q.Raw) }); got > limit {
			t.Errorf("ParseLatin1(%s) makes %v allocations, want at most %v (no copy of ASCII input)", q.Name, got, limit)
		}
		raw := []byte(q.Raw)
		if got := testing.AllocsPerRun(20, func() { ParseBytes(raw) }); got > limit+1 {
			t.Errorf("ParseBytes(%s) makes %v allocations, want at most %v (Parse's, plus the copy)", q.Name, got, limit+1)
		}
		p := Parse(q.Raw)
		keys := p.Keys()
		p.Get("") // builds the index, once, for large queries
		if got := testing.AllocsPerRun(20, func() {
			for _, k := range keys {
				p.Get(k)
				p.Has(k)
				p.Lookup(k)
			}
		}); got != 0 {
			t.Errorf("Get/Has/Lookup on Parse(%s) make %v allocations, want 0", q.Name, got)
		}
		n := 0
		if got := testing.AllocsPerRun(20, func() {
			for k, v := range p.All() {
				n += len(k) + len(v)
			}
		}); got != 0 {
			t.Errorf("ranging over Parse(%s).All() makes %v allocations, want 0", q.Name, got)
		}
	}
	amps := strings.Repeat("&", 1000)
	if got := testing.AllocsPerRun(20, func() { Parse(amps) }); got != 0 {
		t.Errorf("Parse of 1000 '&' makes %v allocations, want 0", got)
	}
}

// TestParamsSize keeps the size that the doc comments of Params and the
// README state: a Params holds inlineSpans spans in itself.
func TestParamsSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the stated size is for 64-bit platforms")
	}
	if got := unsafe.Sizeof(Params{}); got != 192 {
		t.Errorf("Params is %d bytes; the docs say 192", got)
	}
}
