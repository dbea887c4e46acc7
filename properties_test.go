package queryparams

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// The laws every Params obeys, each checked on at least propertyCases
// generated inputs per run. Each run's seed is logged, and printed again on
// failure: rerun with -properties.seed N.

const propertyCases = 10000

var propertiesSeed = flag.Int64("properties.seed", 0, "seed of the property tests (0: from the clock)")

// checkProperty runs one named law.
func checkProperty(t *testing.T, name string, p gopter.Prop) {
	t.Helper()
	seed := *propertiesSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	params := gopter.DefaultTestParametersWithSeed(seed)
	params.MinSuccessfulTests = propertyCases
	params.MaxSize = 40 // slices of at most 40 tokens, pairs or runes
	props := gopter.NewProperties(params)
	props.Property(name, p)
	props.TestingRun(t)
	if t.Failed() {
		t.Logf("seed %d: rerun with -run %s -properties.seed %d", seed, t.Name(), seed)
	}
}

// genQuery generates byte strings from queryAlphabet: the bytes that steer
// parsing, hex digits and near-hex, escapes of every UTF-8 class, raw
// multi-byte text, invalid UTF-8, controls and NUL.
func genQuery() gopter.Gen {
	tokens := make([]any, len(queryAlphabet))
	for i, s := range queryAlphabet {
		tokens[i] = s
	}
	return gen.SliceOf(gen.OneConstOf(tokens...)).Map(func(parts []string) string {
		return strings.Join(parts, "")
	})
}

// genText generates valid UTF-8: either arbitrary Unicode or query-like text.
func genText() gopter.Gen {
	return gen.OneGenOf(
		gen.AnyString(),
		genQuery().Map(func(s string) string { return refDecodeUTF8([]byte(s)) }),
	)
}

// genPairs generates pairs of arbitrary valid UTF-8 keys and values.
func genPairs() gopter.Gen {
	return gen.SliceOf(gopter.CombineGens(genText(), genText()).Map(func(kv []any) Pair {
		return Pair{kv[0].(string), kv[1].(string)}
	}))
}

func TestPropertyRoundTrip(t *testing.T) {
	checkProperty(t, "Parse(New(pairs).String()) holds pairs, in order", prop.ForAll(func(pairs []Pair) bool {
		p := New(pairs...)
		return cmp.Equal(Parse(p.String()).MultiItems(), p.MultiItems()) &&
			cmp.Equal(p.MultiItems(), nilIfEmpty(pairs))
	}, genPairs()))
}

// canonicalForm is what String may emit: unreserved bytes, '+', '=', '&'
// and escapes with uppercase hex.
var canonicalForm = regexp.MustCompile(`^([A-Za-z0-9_.~+=&-]|%[0-9A-F]{2})*$`)

func TestPropertyCanonicalEncoding(t *testing.T) {
	checkProperty(t, "String is a fixed point of Parse and uses only canonical bytes", prop.ForAll(func(raw string) bool {
		s := Parse(raw).String()
		return Parse(s).String() == s && canonicalForm.MatchString(s)
	}, genQuery()))
}

func TestPropertyOutputIsText(t *testing.T) {
	checkProperty(t, "every key and value of Parse and ParseBytes is valid UTF-8", prop.ForAll(func(raw string) bool {
		for _, p := range []Params{Parse(raw), ParseBytes([]byte(raw))} {
			for k, v := range p.All() {
				if !utf8.ValidString(k) || !utf8.ValidString(v) {
					return false
				}
			}
		}
		return true
	}, genQuery()))
}

func TestPropertyConcatenation(t *testing.T) {
	checkProperty(t, "Parse(a&b) is Parse(a) followed by Parse(b)", prop.ForAll(func(a, b string) bool {
		want := append(Parse(a).MultiItems(), Parse(b).MultiItems()...)
		return cmp.Equal(Parse(a+"&"+b).MultiItems(), nilIfEmpty(want))
	}, genText(), genText()))
}

func TestPropertyEntryPoints(t *testing.T) {
	checkProperty(t, "ParseBytes is latin-1 then Parse; Parse is replace then Parse", prop.ForAll(func(raw string) bool {
		latin1 := make([]rune, len(raw))
		for i := 0; i < len(raw); i++ {
			latin1[i] = rune(raw[i])
		}
		return ParseBytes([]byte(raw)).Equal(Parse(string(latin1))) &&
			cmp.Equal(ParseBytes([]byte(raw)).MultiItems(), Parse(string(latin1)).MultiItems()) &&
			cmp.Equal(Parse(raw).MultiItems(), Parse(refDecodeUTF8([]byte(raw))).MultiItems())
	}, genQuery()))
}

func TestPropertyMultiMap(t *testing.T) {
	checkProperty(t, "Len, Keys, Values, Items, Get, GetList, Lookup, Has and All agree", prop.ForAll(func(raw string, repeat int) bool {
		p := Parse(strings.Repeat(raw+"&", repeat)) // repeat crosses linearLimit
		return multiMapConsistent(p)
	}, genQuery(), gen.IntRange(1, 3*linearLimit)))
}

// multiMapConsistent checks property 6 of the multi-map on p.
func multiMapConsistent(p Params) bool {
	keys, values, items, all := p.Keys(), p.Values(), p.Items(), p.MultiItems()
	if p.Len() != len(keys) || len(keys) != len(values) || len(items) != len(keys) {
		return false
	}
	if !cmp.Equal(keys, refKeys(all)) {
		return false // distinct, first-occurrence order
	}
	for i, k := range keys {
		list := p.GetList(k)
		v, ok := p.Lookup(k)
		if len(list) == 0 || !ok || !p.Has(k) || v != list[len(list)-1] || p.Get(k) != v ||
			values[i] != v || items[i] != (Pair{k, v}) {
			return false
		}
		want, _ := refGet(all, k)
		if v != want {
			return false
		}
	}
	absent := "\x00absent"
	if _, ok := p.Lookup(absent); ok || p.Has(absent) || p.GetList(absent) != nil || p.Get(absent) != "" {
		return false
	}
	var ranged []Pair
	for k, v := range p.All() {
		ranged = append(ranged, Pair{k, v})
	}
	if !cmp.Equal(ranged, all) {
		return false
	}
	n := 0
	for range p.All() {
		n++
		break
	}
	return n == min(1, len(all))
}

func TestPropertyEquality(t *testing.T) {
	checkProperty(t, "Equal is multiset equality", prop.ForAll(func(raw, other string, seed uint64) bool {
		p := Parse(raw)
		pairs := p.MultiItems()
		rng := rand.New(rand.NewPCG(seed, 0))
		rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
		shuffled := New(pairs...)
		if !p.Equal(shuffled) || !shuffled.Equal(p) || !p.Equal(p) {
			return false
		}
		if len(pairs) > 0 && p.Equal(New(append(pairs, pairs[rng.IntN(len(pairs))])...)) {
			return false // multiplicity counts
		}
		q := Parse(other)
		sortedEqual := cmp.Equal(sortedPairs(p), sortedPairs(q))
		return p.Equal(q) == sortedEqual && q.Equal(p) == sortedEqual
	}, genQuery(), genQuery(), gen.UInt64()))
}

func sortedPairs(p Params) []Pair {
	pairs := p.MultiItems()
	slices.SortFunc(pairs, func(a, b Pair) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	return pairs
}

func TestPropertyImmutable(t *testing.T) {
	checkProperty(t, "writing to returned slices changes no later answer", prop.ForAll(func(raw string, repeat int) bool {
		p := Parse(strings.Repeat(raw+"&", repeat))
		before := snapshot(p)
		scribble(p)
		return cmp.Equal(before, snapshot(p))
	}, genQuery(), gen.IntRange(1, 3*linearLimit)))
}

// snapshot records every answer p gives.
func snapshot(p Params) []any {
	var lists [][]string
	for _, k := range p.Keys() {
		lists = append(lists, p.GetList(k))
	}
	return []any{p.MultiItems(), p.Keys(), p.Values(), p.Items(), p.Len(), p.String(), lists}
}

// scribble overwrites every slice p's methods return.
func scribble(p Params) {
	for _, s := range [][]string{p.Keys(), p.Values()} {
		for i := range s {
			s[i] = "scribbled"
		}
	}
	for _, s := range [][]Pair{p.MultiItems(), p.Items()} {
		for i := range s {
			s[i] = Pair{"scribbled", "scribbled"}
		}
	}
	for _, k := range p.Keys() {
		l := p.GetList(k)
		for i := range l {
			l[i] = "scribbled"
		}
	}
}

// TestConcurrentReaders reads generated Params from many goroutines at once,
// including the first lookup that builds an index; run it with -race.
func TestConcurrentReaders(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0))
	for range 50 {
		raw := strings.Repeat(string(randomQuery(rng))+"&", 1+rng.IntN(3*linearLimit))
		p := Parse(raw)
		want := snapshot(Parse(raw))
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := snapshot(p); !cmp.Equal(got, want) {
					t.Errorf("concurrent reader of Parse(%q) saw different answers", raw)
				}
			}()
		}
		wg.Wait()
	}
}

func nilIfEmpty(p []Pair) []Pair {
	if len(p) == 0 {
		return nil
	}
	return p
}

// keyTokens are the pieces of the keys TestPropertyKeyArguments passes:
// invalid UTF-8 of every kind, and valid text that its repair collides with.
var keyTokens = []any{"\xff", "\xe9", "\xc3", "\xa9", "\x80", "\xed\xa0\x80", "\xf0\x9f\x98", "\xe0\x80", "\xc0\xaf",
	"a", "é", "\uFFFD", " ", "="}

// genKey generates keys from keyTokens, as raw bytes.
func genKey() gopter.Gen {
	return gen.SliceOf(gen.OneConstOf(keyTokens...)).Map(func(parts []string) string {
		return strings.Join(parts, "")
	})
}

func TestPropertyKeyArguments(t *testing.T) {
	checkProperty(t, "every method that takes a key reads it as decode(\"utf-8\", \"replace\")", prop.ForAll(
		func(keys []string, key string, present bool, repeat int) *gopter.PropResult {
			// The pairs hold repaired keys (New repairs them), among them
			// the repair of key if present, repeated up to 32 pairs, so
			// as to cross linearLimit.
			var pairs []Pair
			for i, k := range keys {
				pairs = append(pairs, Pair{k, string(rune('a' + i%26))})
			}
			if present {
				pairs = append(pairs, Pair{key, "x"})
			}
			var all []Pair
			for range repeat {
				all = append(all, pairs...)
			}
			p := New(all...)
			fixed := refDecodeUTF8([]byte(key))
			u := &url.URL{Path: "/", RawQuery: p.String()}
			same := func(a, b any) bool { return cmp.Equal(a, b) }
			items := func(q Params) []Pair { return q.MultiItems() }
			v1, ok1 := p.Lookup(key)
			v2, ok2 := p.Lookup(fixed)
			for _, c := range []struct {
				method string
				same   bool
			}{
				{"Get", p.Get(key) == p.Get(fixed)},
				{"Lookup", v1 == v2 && ok1 == ok2},
				{"Has", p.Has(key) == p.Has(fixed)},
				{"GetList", same(p.GetList(key), p.GetList(fixed))},
				{"With", same(items(p.With(key, "v")), items(p.With(fixed, "v")))},
				{"Add", same(items(p.Add(key, "v")), items(p.Add(fixed, "v")))},
				{"Without", same(items(p.Without(key, "a")), items(p.Without(fixed, "a")))},
				{"SetList", same(items(p.SetList(key, "v", "w")), items(p.SetList(fixed, "v", "w")))},
				{"Update", same(items(p.Update(New(Pair{key, "v"}))), items(p.Update(New(Pair{fixed, "v"}))))},
				{"New", same(items(New(Pair{key, "v"})), items(New(Pair{fixed, "v"})))},
				{"FromMap", same(items(FromMap(map[string]string{key: "v"})), items(FromMap(map[string]string{fixed: "v"})))},
				{"FromValues", same(items(FromValues(url.Values{key: {"v"}})), items(FromValues(url.Values{fixed: {"v"}})))},
				{"IncludeQueryParams", IncludeQueryParams(u, Pair{key, "v"}).String() == IncludeQueryParams(u, Pair{fixed, "v"}).String()},
				{"RemoveQueryParams", RemoveQueryParams(u, key).String() == RemoveQueryParams(u, fixed).String()},
				// and the repaired key is found as the reference model finds it
				{"Has, against the reference model", p.Has(fixed) == slices.ContainsFunc(all, func(pr Pair) bool { return refDecodeUTF8([]byte(pr.Key)) == fixed })},
			} {
				if !c.same {
					return gopter.NewPropResult(false, fmt.Sprintf("%s(%q) differs from %s(%q)", c.method, key, c.method, fixed))
				}
			}
			return gopter.NewPropResult(true, "")
		},
		gen.SliceOfN(3, genKey()), genKey(), gen.Bool(), gen.IntRange(1, linearLimit/2)))
}
