package queryparams

import (
	"fmt"
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
		if got := testing.AllocsPerRun(20, func() {
			for _, k := range []string{"absent", "é-absent"} { // valid UTF-8, checked once missed
				p.Get(k)
				p.Has(k)
				p.Lookup(k)
			}
		}); got != 0 {
			t.Errorf("Get/Has/Lookup of absent keys on Parse(%s) make %v allocations, want 0", q.Name, got)
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
	if got := unsafe.Sizeof(Params{}); got != 240 {
		t.Errorf("Params is %d bytes; the docs say 240", got)
	}
}

// TestDecodedTextSize checks that the decoded text of a short query keeps
// memory of about its own size, not of the escaped text it came from
// (decodeSpans): parsing each corpus query of at most inlineSpans pairs
// whose escaped fields fit in stackDecode bytes allocates no more than the
// decoded text of those fields, each key, '=' and value, rounded up to 16
// bytes, as the allocator's size classes are. The lengths come from the
// reference model.
func TestDecodedTextSize(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation sizes differ under -race")
	}
	checked := 0
	for _, q := range corpus.All() {
		if len(refParse(q.Raw)) > inlineSpans || !strings.ContainsAny(q.Raw, "%+") {
			continue
		}
		escaped := 0
		var pairs []Pair // the escaped fields, decoded
		for _, field := range strings.Split(q.Raw, "&") {
			if strings.ContainsAny(field, "%+") {
				pairs = append(pairs, refParse(field)[0])
				escaped += len(field)
				if !strings.Contains(field, "=") {
					escaped++ // decodeFields writes its '='
				}
			}
		}
		if escaped > stackDecode {
			continue
		}
		checked++
		decoded, limit := decodedTextSize(pairs)
		t.Logf("%s: %d bytes of escaped fields, %d decoded", q.Name, escaped, decoded)
		if got := fewestAllocatedBytes(func() { Parse(q.Raw) }, limit); got > limit {
			t.Errorf("Parse(%s) allocated %d bytes, want at most %d: %d of decoded text (reference model), rounded up", q.Name, got, limit, decoded)
		}
	}
	if checked == 0 {
		t.Fatal("no corpus query is short and has escapes: nothing was checked")
	}
}

// The memory promises, in bytes allocated per byte of input by Parse or
// ParseBytes followed by one Get and Len, which build the key index. The
// README states them.
//
// A field costs a 12-byte span, three 4-byte index slots and a 4-byte
// chain link, 28 bytes, and the shortest field is two bytes of input with
// its '&': 14 bytes per input byte. Copies add at most 2 more: the text with
// invalid UTF-8 replaced (three bytes for one), or ParseBytes's copy plus
// the decoded text, or its latin-1 widening (two bytes for one). The rest is
// the rounding of the allocator's size classes and the two small structs of
// the index, which weigh most on a query of just over linearLimit fields.
// Without unsafe (-tags purego), the decoded, replaced and widened texts are
// copied once more on their way to strings.
var memoryPerByte = map[bool]float64{false: 21, true: 23}[pureGo]

// A query of maxSpanText bytes (2 GiB) or more is held as a []Pair: 32 bytes
// a field where a span is 12, and parseLong gives each decoded key and value
// an allocation of its own, at least 8 bytes. It has a bound of its own.
// Such a query is long enough for the rounding of allocation sizes to be
// lost, so TestMemoryEverySizeLong tries only the largest counts. The
// second copies of -tags purego are of one byte here, and fit in the room
// that the allocator leaves after the first.
const memoryPerByteLong = 32

// hostileUnits are the pieces that the inputs of TestMemoryEverySize
// repeat. A unit that ends in '&' is one field, so n units are n fields; a
// unit without '&' makes one field of n units. distinctKeysUnit stands for
// the fields "k0=", "k1=", ... with n distinct keys.
var hostileUnits = []string{
	// Shortest fields: two input bytes per field is the worst case for the
	// spans, the index table and its chain, which cost per field.
	"a&", "=&", "%&", "+&",
	"\xff&",  // invalid UTF-8, three bytes once replaced
	"\xe9&",  // latin-1 é: two bytes once ParseBytes widens it
	"\xff%&", // replaced, then copied for decoding
	"%FF&", "%zz&", "%26&", "%E2%82%AC&", "%F0%9F%98&", "\xff=\xff&",
	"k=v&", // one key repeated: one index entry, a long chain
	distinctKeysUnit,
	// One long field, or none.
	"&", "%", "+", "=", "k", "\xff", "\xe9", "%zz", "%26", "%E2%82%AC", "%F0%9F%98",
}

const distinctKeysUnit = "k%d=&"

// hostileInput returns n units of unit.
func hostileInput(unit string, n int) string {
	if unit != distinctKeysUnit {
		return strings.Repeat(unit, n)
	}
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, unit, i)
	}
	return b.String()
}

// hostileCounts returns the unit counts TestMemoryEverySize tries: 2^k-1,
// 2^k and 2^k+1 for k from 3, around inlineSpans and linearLimit, to 19,
// around a million bytes, so that whatever is sized by powers of two is
// tried at its best and its worst.
func hostileCounts() []int {
	var counts []int
	for _, k := range []int{3, 4, 5, 8, 12, 16, 19} {
		counts = append(counts, 1<<k-1, 1<<k, 1<<k+1)
	}
	return counts
}

// TestMemoryEverySize checks memoryPerByte on every hostile input at every
// count of hostileCounts.
func TestMemoryEverySize(t *testing.T) {
	skipMemory(t)
	checkMemory(t, standard(), memoryPerByte, hostileCounts()...)
}

// TestMemoryEverySizeLong checks memoryPerByteLong as TestMemoryEverySize
// does, at the counts from 2^19-1 up, with reading.spanLimit lowered so that every
// input takes parseLong, the path of inputs of 2 GiB and more.
func TestMemoryEverySizeLong(t *testing.T) {
	skipMemory(t)
	long := standard()
	long.spanLimit = 0
	checkMemory(t, long, memoryPerByteLong, hostileCounts()[len(hostileCounts())-3:]...)
}

// skipMemory skips a test of the memory promises in -short mode, since it
// allocates tens of megabytes, and under the race detector, which allocates
// small objects differently and makes the test last minutes.
func skipMemory(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("allocates tens of megabytes")
	}
	if raceEnabled {
		t.Skip("allocation sizes differ under -race")
	}
}

// checkMemory checks that parsing each hostile input of each of counts
// units and building its index allocates at most perByte bytes per input
// byte, and logs the worst ratio of each parser.
func checkMemory(t *testing.T, rd reading, perByte float64, counts ...int) {
	t.Helper()
	worst := map[string]float64{}
	for _, unit := range hostileUnits {
		for _, n := range counts {
			in := hostileInput(unit, n)
			raw := []byte(in)
			for _, parse := range []struct {
				name string
				f    func() Params
			}{{"Parse", func() Params { return parseWith(in, false, rd) }}, {"ParseBytes", func() Params { return parseBytesWith(raw, rd) }}} {
				got := fewestAllocatedBytes(func() {
					p := parse.f()
					p.Get("k")
					p.Len()
				}, uint64(perByte*float64(len(in))))
				ratio := float64(got) / float64(len(in))
				worst[parse.name] = max(worst[parse.name], ratio)
				if ratio > perByte {
					t.Errorf("%s(%d × %q) allocated %d bytes for %d input bytes: %.2f per byte, over %v",
						parse.name, n, unit, got, len(in), ratio, perByte)
				}
			}
		}
	}
	t.Logf("worst: Parse %.2f, ParseBytes %.2f bytes per input byte", worst["Parse"], worst["ParseBytes"])
}
