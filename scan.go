package queryparams

import (
	"math"
	"math/bits"
	"strings"
)

// The split rule (docs/semantics.md, "Splitting" and "Decoding"): a query
// is a list of fields separated by fieldSep, a field's key ends at its
// first keySep, and a key or value holding plusByte or escapeByte needs
// decoding. This file is the rule's one home: the scanner, the field count
// and the checks of Options all read these constants. The AVX2 routines of
// vector_amd64.s hold the same bytes as immediates; TestIndexStop and
// TestCountFields check them against references built from these.
const (
	fieldSep   = '&'
	keySep     = '='
	plusByte   = '+'
	escapeByte = '%'
)

// A reading says how parseText reads a query. Every path gives the same
// Params; they differ in speed only. The entry points read as standard()
// says; tests choose other readings, so that every path runs on every
// machine, whatever its CPU and whatever the length of the test's input.
type reading struct {
	// shortQuery is the length up to which a query is read byte by byte,
	// and shortField the average field length up to which the fields of a
	// longer query, from the thirteenth on, are read byte by byte too (see
	// scanner.expect). Past them, searching with IndexByte or vector code,
	// which costs a call, is faster. A query that stop masks read (see
	// maskLimit) is read from them instead.
	shortQuery, shortField int
	// spanLimit is the length from which a query is parsed into a []Pair
	// (parseLong) rather than into spans.
	spanLimit int
	// maskLimit is the length up to which, where vector code runs, the
	// fields of a query of minMaskQuery bytes or more are found from its
	// stop masks (see stopMasks) rather than read byte by byte or
	// searched. It is at most maxMaskQuery.
	maskLimit int
	// windows lets the fields of a query longer than maxMaskQuery be found
	// from masks too, where vector code runs: masks of maxMaskQuery bytes
	// of it at a time, made again as the fields move past them (see
	// scanner.maskField).
	windows bool
	// portable forbids the vector searches of vector_amd64.s even where the
	// CPU runs them.
	portable bool
}

// standard returns the reading the entry points use.
func standard() reading {
	return reading{shortQuery: 256, shortField: 24, spanLimit: maxSpanText, maskLimit: maxMaskQuery, windows: true}
}

// field locates one non-empty field of a query: its key is s[start:eq] and
// its value s[eq+1:end], or "" when eq == end (no '='). decode tells, with
// decodeKey and decodeValue, whether the key and the value hold a '%' or a
// '+'. (One byte of flags rather than two bools: the compiler copies the
// struct with wide moves that stall on two separate byte stores.)
type field struct {
	start, eq, end int
	decode         uint8
}

const (
	decodeKey   = 1 << iota // the key holds a '%' or '+'
	decodeValue             // the value does
)

// scanner walks the non-empty fields of a query in order.
type scanner struct {
	s          string
	i          int        // where the next field search starts
	m          *stopMasks // if not nil, fields are found from it (maskField)
	base, wend int        // m describes s[base:wend], bit 0 standing for byte base
	refill     int        // the index from which a field may not fit in m's window
	bytewise   bool       // whether fields are read byte by byte, else found from m or searched (searchField)
	shortField int        // see expect
	st         stops
}

// init readies sc to read s from its start, as rd says. (It sets each field
// in place: building a scanner value and copying it in costs a stall on the
// copy.)
func (sc *scanner) init(s string, rd reading) {
	sc.s, sc.i, sc.bytewise, sc.shortField = s, 0, len(s) <= rd.shortQuery, rd.shortField
	sc.st.init(s, !rd.portable)
}

// expect tells sc that its query, from where sc is reading on, holds n
// fields in size bytes. When they average at most sc.shortField bytes, sc
// reads them byte by byte, unless it finds them from masks: the calls of a
// search would cost more than they save. Since the fields are then short on
// average, a long one among them cannot make reading slower than linear.
func (sc *scanner) expect(n, size int) {
	sc.bytewise = sc.bytewise || sc.m == nil && size <= sc.shortField*n
}

// next returns the next non-empty field, or false at the end of the query.
// Reading byte by byte, one loop finds the field's end, its first '=' and
// any '%' or '+' in its key and in its value.
func (sc *scanner) next() (field, bool) {
	s, i := sc.s, sc.i
	if i < len(s) && s[i] == fieldSep {
		i = skipSeps(s, i+1)
	}
	if i == len(s) {
		sc.i = i
		return field{}, false
	}
	if !sc.bytewise {
		var f field
		if sc.m != nil {
			if f = sc.maskField(i); f.end < 0 {
				f = sc.windowField(i)
			}
		} else {
			f = sc.searchField(i)
		}
		sc.i = min(f.end+1, len(s))
		return f, true
	}
	f := field{start: i, eq: -1}
	j := i
	for ; j < len(s); j++ {
		if k := stopClass[s[j]]; k != 0 {
			if k == stopAmp {
				break
			}
			if k == stopSpecial {
				if f.eq < 0 {
					f.decode |= decodeKey
				} else {
					f.decode |= decodeValue
				}
			} else if f.eq < 0 {
				f.eq = j
			}
		}
	}
	f.end = j
	if f.eq < 0 {
		f.eq = j
	}
	sc.i = min(j+1, len(s))
	return f, true
}

// skipSeps returns the index of the first byte of s at or after i that is
// not fieldSep, or len(s). It reads runs of them eight bytes at a time: a
// byte-at-a-time loop is so short that its speed depends on where the
// compiler happens to place it, by up to twice.
func skipSeps(s string, i int) int {
	const seps = fieldSep * 0x0101010101010101
	for i+8 <= len(s) && load64(s[i:]) == seps {
		i += 8
	}
	for i < len(s) && s[i] == fieldSep {
		i++
	}
	return i
}

// stopClass sorts the bytes that next looks for when reading byte by byte.
var stopClass = func() (t [256]uint8) {
	t[fieldSep], t[keySep], t[escapeByte], t[plusByte] = stopAmp, stopEq, stopSpecial, stopSpecial
	return t
}()

const (
	stopAmp     = 1 + iota // ends a field
	stopEq                 // the first one ends the key
	stopSpecial            // needs decoding
)

// searchField returns the field of sc.s that starts at i. It finds the
// field's first stop with sc.st: when that is its end, the field needs no
// decoding, which is so for most fields of a long query, and one search
// has found everything but the '='.
func (sc *scanner) searchField(i int) field {
	s := sc.s
	stop := sc.st.next(i)
	if stop == len(s) || s[stop] == fieldSep {
		return field{start: i, eq: indexKeyEnd(s, i, stop), end: stop}
	}
	end := sc.st.nextAmp(stop + 1)
	f := field{start: i, eq: indexKeyEnd(s, i, end), end: end}
	if stop > f.eq {
		f.decode = decodeValue
		return f
	}
	f.decode = decodeKey
	if f.eq < end && sc.st.next(f.eq+1) < end {
		f.decode |= decodeValue
	}
	return f
}

// maxMaskQuery is the longest query that stopMasks can describe, and
// minMaskQuery the shortest that their vector code reads (see fill); a
// shorter one is read byte by byte faster than its masks are made.
const (
	maxMaskQuery = 64 * maskWords
	minMaskQuery = 64
)

// maskWords is the number of 64-bit words of each mask of a stopMasks.
const maskWords = 8

// stopMasks marks where the stops of a query of at most maxMaskQuery bytes
// are, one bit per byte: bit i%64 of word i/64 of amp is set if byte i is
// fieldSep, of eq if it is keySep, and of spec if it is plusByte or
// escapeByte. Bits past the end of the query are clear. Vector code makes
// the masks of a whole query in a few instructions per 64 bytes (fill, in
// vector_amd64.go); then the fields are found by counting zero bits
// (maskField), a few operations per field however long it is, where
// reading byte by byte costs some per byte and a search a call per stop.
type stopMasks struct {
	amp, eq, spec [maskWords]uint64 // in this order, as vector_amd64.s writes them
}

// fillPortable is fill without vector code, one byte at a time.
func (m *stopMasks) fillPortable(s string) {
	*m = stopMasks{}
	for i := range len(s) {
		bit := uint64(1) << (i & 63)
		switch s[i] {
		case fieldSep:
			m.amp[i>>6] |= bit
		case keySep:
			m.eq[i>>6] |= bit
		case escapeByte, plusByte:
			m.spec[i>>6] |= bit
		}
	}
}

// nextBit returns the index of the first bit of mask set in [from, to), or
// to if there is none. to must be at most maxMaskQuery.
func nextBit(mask *[maskWords]uint64, from, to int) int {
	if from >= to {
		return to
	}
	w := from >> 6
	if x := mask[w] >> (from & 63); x != 0 {
		return min(from+bits.TrailingZeros64(x), to)
	}
	for w++; w<<6 < to; w++ {
		if x := mask[w]; x != 0 {
			return min(w<<6+bits.TrailingZeros64(x), to)
		}
	}
	return to
}

// masked reports whether sc should read the fields of its query from
// stop masks, as rd and the CPU say: the masks of the whole query, or for a
// query longer than maxMaskQuery, of a window of it at a time (see
// maskField).
func (sc *scanner) masked(rd reading) bool {
	n := len(sc.s)
	return sc.st.vector && n >= minMaskQuery && (n <= rd.maskLimit || n > maxMaskQuery && rd.windows)
}

// maskField returns the field of sc.s that starts at i, from sc.m: its end
// is the first '&' from i, its '=' the first before that, and a '%' or '+'
// before the '=' marks the key for decoding, one after it the value.
//
// For a query longer than maxMaskQuery, sc.m holds the masks of a window
// of maxMaskQuery bytes from sc.base. When the field may run past its end,
// because fewer than 64 bytes of the window are left or because no '&'
// follows i in it, maskField returns a field whose end is -1, and the
// caller reads the field with windowField. (maskField makes no call, so
// that it needs no stack frame.)
func (sc *scanner) maskField(i int) field {
	if i >= sc.refill {
		return field{end: -1}
	}
	m, base := sc.m, sc.base
	if w, b := (i-base)>>6&(maskWords-1), uint((i-base)&63); m.amp[w]>>b != 0 {
		// The field ends in the word it begins in, as short fields do:
		// everything is read from one word of each mask, shifted so that
		// bit 0 is byte i.
		n := uint(bits.TrailingZeros64(m.amp[w] >> b)) // the field's length
		in := uint64(1)<<n - 1                         // its bytes
		f := field{start: i, end: i + int(n)}
		k := uint(bits.TrailingZeros64(m.eq[w] >> b & in)) // the key's length, 64 if no '='
		f.eq = i + int(min(k, n))
		if sp := m.spec[w] >> b & in; sp != 0 {
			if k < 64 && sp>>(k+1) != 0 {
				f.decode = decodeValue
			}
			if sp&(uint64(1)<<k-1) != 0 {
				f.decode |= decodeKey
			}
		}
		return f
	}
	from, to := i-base, sc.wend-base // in bits of the masks
	end := nextBit(&m.amp, from, to)
	if end == to && sc.wend < len(sc.s) {
		return field{end: -1}
	}
	eq := nextBit(&m.eq, from, end)
	f := field{start: i, eq: base + eq, end: base + end}
	sp := nextBit(&m.spec, from, end)
	switch {
	case sp == end:
	case sp > eq:
		f.decode = decodeValue
	default:
		f.decode = decodeKey
		if nextBit(&m.spec, eq+1, end) < end {
			f.decode |= decodeValue
		}
	}
	return f
}

// setWindow tells sc that its masks describe the bytes of its query from
// base on, maxMaskQuery of them or as many as are left (the whole query
// when it is no longer than that); the caller then fills them, with
// sc.m.fill(sc.s[base:sc.wend]). (Filling here would cost a call more per
// parse: setWindow is inlined, fill is not.)
func (sc *scanner) setWindow(base int) {
	sc.base, sc.wend, sc.refill = base, min(base+maxMaskQuery, len(sc.s)), math.MaxInt
	if sc.wend < len(sc.s) {
		sc.refill = base + maxMaskQuery - 64
	}
}

// windowField returns the field that starts at i when maskField could
// not: it makes the masks of the window of maxMaskQuery bytes from i, or of
// the last maxMaskQuery bytes of the query if fewer are left, and reads
// the field from them, unless it is longer than that window, when it
// searches for it. Each window starts at a field that the one before could
// not hold or that begins in its last 64 bytes; so of any three windows in
// a row, the third starts past the end of the first, and each byte of the
// query is in at most three windows: the work stays linear.
func (sc *scanner) windowField(i int) field {
	sc.setWindow(min(i, len(sc.s)-maxMaskQuery))
	sc.m.fill(sc.s[sc.base:sc.wend])
	if f := sc.maskField(i); f.end >= 0 {
		return f
	}
	return sc.searchField(i)
}

// countFields returns the number of non-empty fields of s: the bytes that
// are not '&' and begin s or follow a '&'. It reads eight bytes at a time,
// after the 32-byte blocks that countFieldsVector reads where it can and
// vector allows.
func countFields(s string, vector bool) int {
	// prevAmp is whether the byte before s[i] is '&'; s begins a field.
	n, i, prevAmp := countFieldsVector(s, vector)
	for ; i+8 <= len(s); i += 8 {
		amps := matches(load64(s[i:]), fieldSep)
		follows := amps<<8 | prevAmp<<7 // the high bit of each byte after a '&'
		n += bits.OnesCount64(follows &^ amps)
		prevAmp = amps >> 63
	}
	for ; i < len(s); i++ {
		amp := s[i] == fieldSep
		if !amp && prevAmp == 1 {
			n++
		}
		prevAmp = 0
		if amp {
			prevAmp = 1
		}
	}
	return n
}

// rawFieldCount returns the number of fields of s as CPython's
// max_num_fields and net/url count them: one more than the number of '&',
// empty fields included, and 0 for an empty s.
func rawFieldCount(s string) int {
	if s == "" {
		return 0
	}
	return 1 + strings.Count(s, string(rune(fieldSep)))
}

// rawFieldEnd returns the end of the field of s, empty or not, that starts at
// start: the index of the next '&', or len(s).
func rawFieldEnd(s string, start int) int {
	return indexFrom(s, fieldSep, start, len(s))
}

// indexFrom returns the index of the first c in s[from:to], or to if there is
// none.
func indexFrom(s string, c byte, from, to int) int {
	if j := strings.IndexByte(s[from:to], c); j >= 0 {
		return from + j
	}
	return to
}

// indexKeyEnd returns the index of the first '=' in s[from:to], or to if
// there is none. Keys are short, so the first bytes are scanned in place,
// which is cheaper than a call; IndexByte takes over past them.
func indexKeyEnd(s string, from, to int) int {
	const short = 16
	i := from
	for ; i < to && i < from+short; i++ {
		if s[i] == keySep {
			return i
		}
	}
	if i == to {
		return to
	}
	return indexFrom(s, keySep, i, to)
}

// stops finds the bytes of a query that end a field or need decoding,
// '&', '%' and '+', in increasing order. Where vector code runs (see search
// in vector_amd64.go), one vector search finds the first of the three;
// otherwise searchPortable searches for each with IndexByte, and stops
// remembers the next of each, so that a walk over the query searches every
// byte at most once for each.
type stops struct {
	s              string
	at             int  // the first stop at or after the last from; len(s) if none
	amp, pct, plus int  // the next '&', '%' and '+' at or after the last from, or len(s)
	vector         bool // search with vector code: the caller allowed it and the CPU has it
}

// init readies st to search s from its start, with vector code if vector
// allows it and the CPU runs it (useVector).
func (st *stops) init(s string, vector bool) {
	st.s = s
	st.at, st.amp, st.pct, st.plus = -1, -1, -1, -1
	st.vector = useVector(vector)
}

// next returns the index of the first '&', '%' or '+' at or after from, or
// len(s). Successive calls, and calls of nextAmp, must not decrease from.
func (st *stops) next(from int) int {
	if st.at >= from {
		return st.at // no stop lies between the last from and st.at
	}
	st.at = st.search(from)
	return st.at
}

// searchPortable is search without vector code: the first of the next '&',
// the next '%' and the next '+', each found by IndexByte and remembered.
func (st *stops) searchPortable(from int) int {
	if st.pct < from {
		st.pct = indexFrom(st.s, escapeByte, from, len(st.s))
	}
	if st.plus < from {
		st.plus = indexFrom(st.s, plusByte, from, len(st.s))
	}
	return min(st.nextAmp(from), st.pct, st.plus)
}

// nextAmp returns the index of the first '&' at or after from, or len(s).
func (st *stops) nextAmp(from int) int {
	if st.amp < from {
		st.amp = indexFrom(st.s, fieldSep, from, len(st.s))
	}
	return st.amp
}
