package queryparams

import (
	"hash/maphash"
	"sync/atomic"
)

// linearLimit is the number of pairs up to which lookups scan the pairs
// instead of building an index: below it, a scan is faster than hashing.
const linearLimit = 16

// lazyIndex holds the keyIndex of a Params, built on first use. Params is
// immutable and shared, so building races are settled with a
// compare-and-swap: every goroutine sees one index.
type lazyIndex struct {
	p atomic.Pointer[keyIndex]
}

// get returns the index of the pairs of p, building it on the first call.
func (l *lazyIndex) get(p *Params) *keyIndex {
	if ix := l.p.Load(); ix != nil {
		return ix
	}
	l.p.CompareAndSwap(nil, buildIndex(p))
	return l.p.Load()
}

// keyIndex answers per-key questions about a list of pairs in time
// independent of its length. Keys are numbered 0, 1, … in the order of their
// first occurrence; that number is a key's entry. It is an open-addressing
// hash table over the pairs themselves: a slot holds an entry, and the key is
// read from the entry's first pair, so no key is stored twice.
type keyIndex struct {
	slots []uint64 // hash slot → the key's hash in the high 32 bits, entry+1 in the low; 0 if free; len is a power of two
	first []int32  // entry → index of the key's first pair
	last  []int32  // entry → index of the key's last pair
	count []int32  // entry → number of pairs with the key
	next  []int32  // pair index → index of the next pair with the same key, or -1
}

// indexSeed seeds the hash of every index in this process.
var indexSeed = maphash.MakeSeed()

// buildIndex returns the keyIndex of the pairs of p, in two allocations
// besides itself: the slots and the per-entry tables.
func buildIndex(p *Params) *keyIndex {
	n := p.n
	size := 1
	for size < 2*n {
		size <<= 1
	}
	mem := make([]int32, 4*n)
	ix := &keyIndex{
		slots: make([]uint64, size),
		first: mem[0:0:n],
		last:  mem[n : n : 2*n],
		count: mem[2*n : 2*n : 3*n],
		next:  mem[3*n:],
	}
	for i := range n {
		ix.next[i] = -1
		slot, h, found := ix.find(p, p.key(i))
		if !found {
			ix.slots[slot] = h&^0xFFFFFFFF | uint64(len(ix.first)+1)
			ix.first = append(ix.first, int32(i))
			ix.last = append(ix.last, int32(i))
			ix.count = append(ix.count, 1)
			continue
		}
		e := int32(ix.slots[slot]) - 1
		ix.next[ix.last[e]] = int32(i)
		ix.last[e] = int32(i)
		ix.count[e]++
	}
	return ix
}

// find returns the slot that holds key, and true; or the free slot where key
// belongs, and false. It also returns the key's hash. A slot's key is
// compared only when the high half of its hash matches.
func (ix *keyIndex) find(p *Params, key string) (slot int, h uint64, found bool) {
	h = maphash.String(indexSeed, key)
	mask := uint64(len(ix.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := ix.slots[i]
		if v == 0 {
			return int(i), h, false
		}
		if (v^h)>>32 == 0 && p.key(int(ix.first[int32(v)-1])) == key {
			return int(i), h, true
		}
	}
}

// entry returns the entry of key, and true; or false if key is absent.
func (ix *keyIndex) entry(p *Params, key string) (int32, bool) {
	slot, _, found := ix.find(p, key)
	if !found {
		return 0, false
	}
	return int32(ix.slots[slot]) - 1, true
}
