package queryparams

import "iter"

// Pair is one key and its value, as they were decoded from a query string.
type Pair struct {
	Key, Value string
}

// Params is an ordered multi-map of query parameters that answers every
// question as Starlette's QueryParams does: it keeps every pair in order,
// repeated keys included, and where a single value is asked for, the LAST
// value of the key wins.
//
// Note that this is the opposite of net/url: url.Values.Get returns the first
// value of a repeated key, Params.Get the last one. Use [Params.GetList] to
// see every value.
//
// A Params is immutable: no method changes it (UnmarshalText, which decodes
// into a variable, replaces it whole), editing methods such as [Params.With]
// return a new Params, and the slices its methods return are the caller's
// own. It is safe for concurrent use by any number of goroutines. The zero
// value is an empty Params, ready to use. Compare two Params with
// [Params.Equal]; the == operator does not apply.
//
// A Python str cannot hold invalid UTF-8, so every key and value a Params
// holds is valid UTF-8, and every method that takes a key or a value reads
// one that is not as Python's s.decode("utf-8", "replace") would: each
// maximal invalid subpart becomes one U+FFFD, as in [New]. So on
// Parse("%FF=1"), whose key is "\uFFFD", Has("\xff") is true,
// Without("\xff") removes that key and With("\xff", v) replaces it.
//
// A Params is a value of 240 bytes on 64-bit platforms. A parsed Params
// keeps its pairs as offsets into the query and into one buffer of decoded
// text, and holds up to twelve of them in itself, so parsing a short query
// with nothing to decode allocates nothing. Copies share that text.
type Params struct {
	// The pairs are either spans into raw and own (see span.go), inline
	// when there are at most inlineSpans of them, or the strings in pairs.
	raw, own string
	inline   [inlineSpans]span
	spans    []span // all n spans when there are more than inlineSpans
	pairs    []Pair // non-nil when the pairs are kept as strings
	n        int    // the number of pairs
	// index finds keys in large Params; it is nil when n is at most
	// linearLimit, where scanning the pairs is faster.
	index *lazyIndex
}

// New returns the Params holding pairs, in order, as Starlette's
// QueryParams([(k, v), ...]) does: keys and values are taken as they are, with
// no decoding. New copies pairs, so the caller may change the slice later.
//
// A Python str cannot hold invalid UTF-8, so neither can a Params: each
// maximal invalid UTF-8 subpart of a key or value becomes one U+FFFD, as in
// [Parse].
func New(pairs ...Pair) Params {
	if len(pairs) == 0 {
		return Params{}
	}
	own := make([]Pair, len(pairs))
	for i, p := range pairs {
		own[i] = Pair{validText(p.Key), validText(p.Value)}
	}
	return fromPairs(own)
}

// fromPairs returns the Params that owns pairs.
func fromPairs(pairs []Pair) Params {
	if len(pairs) == 0 {
		return Params{}
	}
	p := Params{pairs: pairs, n: len(pairs)}
	if len(pairs) > linearLimit {
		p.index = new(lazyIndex)
	}
	return p
}

// Get returns the LAST value of key, or "" if key is absent, as Starlette's
// q[key] and q.get(key) do. This differs from url.Values.Get, which returns
// the first. Use [Params.Lookup] to tell an absent key from an empty value,
// and [Params.GetList] to read every value.
//
// Keys are compared exactly, after decoding: "a+b", "a%20b" and "a b" are the
// same key; "A" and "a" are not.
func (p Params) Get(key string) string {
	v, _ := p.lookup(key)
	return v
}

// Lookup returns the LAST value of key and true, or "" and false if key is
// absent.
func (p Params) Lookup(key string) (string, bool) {
	return p.lookup(key)
}

// lookup is Lookup. Every key held is valid UTF-8, so a key that matches
// is too; only when key is absent is it checked, and if it is not valid
// UTF-8, looked up again repaired (see Params), which is valid and so looked
// up once more at most. A large Params is read from its index; a small one
// is scanned from its last pair, here rather than in a function of its
// own, whose call cost the Gets of a short query an eighth of their
// instructions. The spans of a parsed Params are compared by length first,
// so that most keys are not read at all.
func (p *Params) lookup(key string) (string, bool) {
	switch {
	case p.index != nil:
		if last, ok := p.index.get(p).last(p, key); ok {
			return p.value(last), true
		}
	case p.pairs != nil:
		for i := len(p.pairs) - 1; i >= 0; i-- {
			if p.pairs[i].Key == key {
				return p.pairs[i].Value, true
			}
		}
	default:
		spans := p.spanList()
		for i := len(spans) - 1; i >= 0; i-- {
			if sp := spans[i]; int(sp.klen) == len(key) {
				if t := p.textOf(sp); sp.keyIn(t) == key {
					return sp.valueIn(t), true
				}
			}
		}
	}
	if fixed := validText(key); fixed != key {
		return p.lookup(fixed)
	}
	return "", false
}

// Has reports whether key occurs, as Starlette's `key in q` does. The
// comparison is exact and case-sensitive, on the decoded key.
func (p Params) Has(key string) bool {
	_, ok := p.lookup(key)
	return ok
}

// GetList returns every value of key in the order they occur, as Starlette's
// q.getlist(key) does, or nil if key is absent. The slice is the caller's own.
func (p Params) GetList(key string) []string {
	if values := p.getList(key); values != nil {
		return values
	}
	if fixed := validText(key); fixed != key { // as in lookup
		return p.getList(fixed)
	}
	return nil
}

// getList is GetList for a key taken as it is.
func (p *Params) getList(key string) []string {
	if p.index != nil {
		ix := p.index.get(p)
		last, ok := ix.last(p, key)
		if !ok {
			return nil
		}
		n := 0
		for i := int32(last); i >= 0; i = ix.prev[i] {
			n++
		}
		values := make([]string, n)
		for i := int32(last); i >= 0; i = ix.prev[i] {
			n--
			values[n] = p.value(int(i))
		}
		return values
	}
	n := 0
	for i := range p.n {
		if p.key(i) == key {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	values := make([]string, 0, n)
	for i := range p.n {
		if p.key(i) == key {
			values = append(values, p.value(i))
		}
	}
	return values
}

// Len returns the number of distinct keys, as Starlette's len(q) does; it is
// not the number of pairs, which is len(p.MultiItems()).
func (p Params) Len() int {
	if p.index != nil {
		return p.index.get(&p).keys
	}
	n := 0
	for i := range p.n {
		if p.firstOccurrence(i) {
			n++
		}
	}
	return n
}

// firstOccurrence reports whether pair i is the first with its key. It scans,
// so it is only for Params without an index.
func (p *Params) firstOccurrence(i int) bool {
	key := p.key(i)
	for j := range i {
		if p.key(j) == key {
			return false
		}
	}
	return true
}

// Keys returns the distinct keys in the order of their first occurrence, as
// Starlette's q.keys() and iter(q) do, or nil if there are none. The slice is
// the caller's own.
func (p Params) Keys() []string {
	items := p.Items()
	if items == nil {
		return nil
	}
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	return keys
}

// Values returns the LAST value of each distinct key, in the order of
// [Params.Keys], as Starlette's q.values() does, or nil if there are none.
// The slice is the caller's own.
func (p Params) Values() []string {
	items := p.Items()
	if items == nil {
		return nil
	}
	values := make([]string, len(items))
	for i, it := range items {
		values[i] = it.Value
	}
	return values
}

// Items returns one Pair per distinct key, in the order of [Params.Keys],
// each with the key's LAST value, as Starlette's q.items() does, or nil if
// there are none. The slice is the caller's own.
func (p Params) Items() []Pair {
	if p.n == 0 {
		return nil
	}
	if p.index != nil {
		ix := p.index.get(&p)
		items := make([]Pair, 0, ix.keys)
		item := make([]int32, p.n) // pair index → its key's index in items
		for i := range p.n {
			if ix.prev[i] < 0 {
				item[i] = int32(len(items))
				items = append(items, Pair{Key: p.key(i)})
			} else {
				item[i] = item[ix.prev[i]]
			}
			items[item[i]].Value = p.value(i) // the last one stays
		}
		return items
	}
	items := make([]Pair, 0, p.n)
	for i := range p.n {
		if p.firstOccurrence(i) {
			key := p.key(i)
			v, _ := p.lookup(key)
			items = append(items, Pair{key, v})
		}
	}
	return items
}

// MultiItems returns every pair in order, repeated keys included, as
// Starlette's q.multi_items() does, or nil if there are none. The slice is
// the caller's own.
func (p Params) MultiItems() []Pair {
	if p.n == 0 {
		return nil
	}
	out := make([]Pair, p.n)
	for i := range out {
		out[i] = p.pair(i)
	}
	return out
}

// All returns an iterator over every pair in order, repeated keys included:
// the same pairs as [Params.MultiItems], without copying them.
func (p Params) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for i := range p.n {
			if !yield(p.key(i), p.value(i)) {
				return
			}
		}
	}
}

// Equal reports whether p and other hold the same pairs, each the same number
// of times, in any order, as Starlette's q == other does: "a=1&a=2" equals
// "a=2&a=1", but "a=1" does not equal "a=1&a=1". Comparison is on decoded
// text, so "a=%FF" equals "a=%FE" (both values are U+FFFD).
func (p Params) Equal(other Params) bool {
	if p.n != other.n {
		return false
	}
	if p.n <= linearLimit {
		var used [linearLimit]bool
	next:
		for i := range p.n {
			a := p.pair(i)
			for j := range other.n {
				if !used[j] && a == other.pair(j) {
					used[j] = true
					continue next
				}
			}
			return false
		}
		return true
	}
	count := make(map[Pair]int, p.n)
	for i := range p.n {
		count[p.pair(i)]++
	}
	for j := range other.n {
		b := other.pair(j)
		if count[b] == 0 {
			return false
		}
		count[b]--
	}
	return true
}
