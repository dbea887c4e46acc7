package queryparams

import "sync/atomic"

// linearLimit is the number of pairs up to which lookups scan the pairs
// instead of building an index: below it, a scan is faster than hashing.
const linearLimit = 8

// lazyIndex holds the keyIndex of a Params, built on first use. Params is
// immutable and shared, so building races are settled with a
// compare-and-swap: every goroutine sees one index.
type lazyIndex struct {
	p atomic.Pointer[keyIndex]
}

// get returns the index of pairs, building it on the first call.
func (l *lazyIndex) get(pairs []Pair) *keyIndex {
	if ix := l.p.Load(); ix != nil {
		return ix
	}
	l.p.CompareAndSwap(nil, buildIndex(pairs))
	return l.p.Load()
}

// keyIndex answers per-key questions about a list of pairs in time
// independent of its length. Keys are numbered 0, 1, … in the order of their
// first occurrence; that number is a key's entry.
type keyIndex struct {
	entry map[string]int32 // key → entry
	first []int32          // entry → index of the key's first pair
	last  []int32          // entry → index of the key's last pair
	count []int32          // entry → number of pairs with the key
	next  []int32          // pair index → index of the next pair with the same key, or -1
}

// buildIndex returns the keyIndex of pairs.
func buildIndex(pairs []Pair) *keyIndex {
	ix := &keyIndex{
		entry: make(map[string]int32),
		next:  make([]int32, len(pairs)),
	}
	for i, pr := range pairs {
		ix.next[i] = -1
		e, ok := ix.entry[pr.Key]
		if !ok {
			e = int32(len(ix.first))
			ix.entry[pr.Key] = e
			ix.first = append(ix.first, int32(i))
			ix.last = append(ix.last, int32(i))
			ix.count = append(ix.count, 1)
			continue
		}
		ix.next[ix.last[e]] = int32(i)
		ix.last[e] = int32(i)
		ix.count[e]++
	}
	return ix
}
