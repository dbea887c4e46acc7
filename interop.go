package queryparams

import (
	"net/url"
	"slices"
)

// FromValues returns the Params holding the pairs of v: its keys in sorted
// order (a map has no order of its own), each followed by its values in
// their order in v. Keys and values are taken as they are, with no decoding,
// as in [New]. Note that the LAST value of a key then wins in Params.Get,
// where v.Get returns the first.
func FromValues(v url.Values) Params {
	keys := make([]string, 0, len(v))
	n := 0
	for k, vs := range v {
		keys = append(keys, k)
		n += len(vs)
	}
	slices.Sort(keys)
	pairs := make([]Pair, 0, n)
	for _, k := range keys {
		for _, value := range v[k] {
			pairs = append(pairs, Pair{k, value})
		}
	}
	return New(pairs...)
}

// ToValues returns p as url.Values: every value of each key, in order. What
// url.Values cannot hold is lost: the order of the keys, and the last-wins
// rule, since url.Values.Get returns the FIRST value of a key. Use
// [Params.GetList] on p to keep both.
func (p Params) ToValues() url.Values {
	v := make(url.Values, p.Len())
	for i := range p.n {
		k := p.key(i)
		v[k] = append(v[k], p.value(i))
	}
	return v
}

// FromMap returns the Params holding one pair per entry of m, in sorted key
// order, with no decoding, as in [New].
func FromMap(m map[string]string) Params {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pairs := make([]Pair, len(keys))
	for i, k := range keys {
		pairs[i] = Pair{k, m[k]}
	}
	return New(pairs...)
}

// MarshalText implements [encoding.TextMarshaler]: it returns
// [Params.String], so a Params is written to JSON, YAML or a flag as its
// query string. It never fails.
func (p Params) MarshalText() ([]byte, error) {
	return p.AppendText(nil)
}

// AppendText implements [encoding.TextAppender]: it appends
// [Params.String] to b. It never fails.
func (p Params) AppendText(b []byte) ([]byte, error) {
	if p.n == 0 {
		return b, nil
	}
	return p.appendEncoded(slices.Grow(b, p.encodedLen())), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it sets *p to
// Parse(string(text)). It never fails, as Parse never does; it copies text.
func (p *Params) UnmarshalText(text []byte) error {
	*p = Parse(string(text))
	return nil
}
