package queryparams

// The editing operations of Starlette's MultiDict. Params is immutable, so
// each returns a new Params and leaves its receiver as it was; the result
// equals QueryParams(md.multi_items()) after the same operation on a
// MultiDict md holding the receiver's pairs. Keys and values are taken as
// they are (no decoding), except that invalid UTF-8 is repaired as the doc
// comment of Params says.

// With returns p with key set to the single value value: every pair with key
// is removed and (key, value) is appended at the end, as Starlette's
// md[key] = value does. Note that the key moves to the end even if it was
// already present. The key and value are taken as they are, not decoded.
func (p Params) With(key, value string) Params {
	return p.SetList(key, value)
}

// Add returns p with (key, value) appended at the end, as Starlette's
// md.append(key, value) does; earlier values of key are kept, and since the
// last value wins, [Params.Get] then returns value.
func (p Params) Add(key, value string) Params {
	pairs := p.keep(func(Pair) bool { return true }, 1)
	return fromPairs(append(pairs, Pair{validText(key), validText(value)}))
}

// Without returns p with every pair whose key is one of keys removed, as
// Starlette's md.pop(key) does for each key. Absent keys are ignored.
func (p Params) Without(keys ...string) Params {
	drop := make(map[string]bool, len(keys))
	for _, k := range keys {
		drop[validText(k)] = true
	}
	return fromPairs(p.keep(func(pr Pair) bool { return !drop[pr.Key] }, 0))
}

// SetList returns p with every pair with key removed and one pair (key, v)
// appended at the end for each of values, in order, as Starlette's
// md.setlist(key, values) does. With no values, it removes key.
func (p Params) SetList(key string, values ...string) Params {
	key = validText(key)
	pairs := p.keep(func(pr Pair) bool { return pr.Key != key }, len(values))
	for _, v := range values {
		pairs = append(pairs, Pair{key, validText(v)})
	}
	return fromPairs(pairs)
}

// Update returns p with every pair whose key occurs in other removed and all
// of other's pairs appended, in order, as Starlette's md.update(other) does.
func (p Params) Update(other Params) Params {
	pairs := p.keep(func(pr Pair) bool { return !other.Has(pr.Key) }, other.n)
	for i := range other.n {
		pairs = append(pairs, other.pair(i))
	}
	return fromPairs(pairs)
}

// keep returns a new slice of the pairs of p for which ok is true, with room
// for extra more pairs.
func (p Params) keep(ok func(Pair) bool, extra int) []Pair {
	pairs := make([]Pair, 0, p.n+extra)
	for i := range p.n {
		if pr := p.pair(i); ok(pr) {
			pairs = append(pairs, pr)
		}
	}
	return pairs
}
