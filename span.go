package queryparams

import "math"

// A parsed Params holds no string per pair. Its keys and values are
// substrings of two texts: raw, the query it was parsed from, and own, one
// buffer of decoded text it made itself. Each pair is a span of three
// 32-bit numbers locating it in one of them. A span is 12 bytes where a Pair
// is 32, it holds no pointer for the garbage collector to scan, and up to
// inlineSpans of them fit in the Params itself, so parsing a short query
// allocates nothing for its pairs.
//
// A Params made from strings (New, the editing methods) keeps those strings
// as a []Pair instead, as does a parsed query too long for 32-bit offsets.

// span locates one pair in a text: its key is text[o:o+klen] and its value
// text[o+klen+1:o+klen+1+vlen], where o is off without ownBit, and text is
// own when off has ownBit, raw otherwise. One byte, the '=' of the field,
// separates key and value; a field with no '=' has vlen 0.
type span struct {
	off, klen, vlen uint32
}

// ownBit marks a span into own. While parseText runs, it marks instead a
// span into raw whose field still has to be decoded.
const ownBit = 1 << 31

// inlineSpans is how many spans a Params holds in itself. Above it, the
// spans are in a slice of their own. Twelve covers the queries of most
// requests, tracking URLs with their utm_* parameters and click ids among
// them, so that they allocate no slice; each span more makes every copy of
// a Params, as every call of a method does, 12 bytes longer.
const inlineSpans = 12

// maxSpanText is the length from which a text is too long for spans; such a
// query is parsed into a []Pair (see parseLong, and reading.spanLimit,
// which tests lower to run every case through that path too). Where int
// has 32 bits, no string reaches ownBit bytes, and maxSpanText is the
// largest int instead.
const maxSpanText = min(ownBit, math.MaxInt)

// spanList returns the spans of a Params that has spans.
func (p *Params) spanList() []span {
	if p.spans != nil {
		return p.spans
	}
	return p.inline[:p.n]
}

// spanAt returns the span of pair i of a Params that has spans.
func (p *Params) spanAt(i int) span {
	if p.spans != nil {
		return p.spans[i]
	}
	return p.inline[i]
}

// textOf returns the text sp points into.
func (p *Params) textOf(sp span) string {
	if sp.off&ownBit != 0 {
		return p.own
	}
	return p.raw
}

// keyIn returns the key sp locates in text.
func (sp span) keyIn(text string) string {
	o := int(sp.off &^ ownBit)
	return text[o : o+int(sp.klen)]
}

// valueIn returns the value sp locates in text.
func (sp span) valueIn(text string) string {
	if sp.vlen == 0 {
		return ""
	}
	o := int(sp.off&^ownBit) + int(sp.klen) + 1
	return text[o : o+int(sp.vlen)]
}

// key returns the key of pair i.
func (p *Params) key(i int) string {
	if p.pairs != nil {
		return p.pairs[i].Key
	}
	sp := p.spanAt(i)
	return sp.keyIn(p.textOf(sp))
}

// value returns the value of pair i.
func (p *Params) value(i int) string {
	if p.pairs != nil {
		return p.pairs[i].Value
	}
	sp := p.spanAt(i)
	return sp.valueIn(p.textOf(sp))
}

// pair returns pair i.
func (p *Params) pair(i int) Pair {
	return Pair{p.key(i), p.value(i)}
}
