package queryparams

import (
	"sync"
	"sync/atomic"
)

// linearLimit is the number of pairs up to which lookups scan the pairs
// instead of building an index: below it, a scan is faster than hashing.
const linearLimit = 16

// lazyIndex holds the keyIndex of a Params, built on first use. Params is
// immutable and shared by its copies, so goroutines may ask for the index
// at once: the first builds it while holding mu and the others wait for
// that build, so that each Params builds one index, however many goroutines
// read it. Once built, the index is read with one atomic load, as with
// sync.Once.
type lazyIndex struct {
	p  atomic.Pointer[keyIndex]
	mu sync.Mutex // held while the index is built
}

// get returns the index of the pairs of p, building it on the first call.
func (l *lazyIndex) get(p *Params) *keyIndex {
	if ix := l.p.Load(); ix != nil {
		return ix
	}
	return l.getWith(p, nil)
}

// getWith is get without the first, lock-free look; it calls building,
// unless it is nil, when it is about to build the index, so that a test can
// count the builds. (building is not given p: a function that could keep p
// would make every caller's Params escape to the heap.)
func (l *lazyIndex) getWith(p *Params, building func()) *keyIndex {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ix := l.p.Load(); ix != nil {
		return ix // another goroutine built it while this one waited
	}
	if building != nil {
		building()
	}
	ix := buildIndex(p)
	l.p.Store(ix)
	return ix
}

// keyIndex answers per-key questions about a list of pairs in time
// independent of its length. It is an open-addressing hash table over the
// pairs themselves: a slot holds the index of a key's LAST pair, so a lookup
// compares the key of that pair and returns its value, with no other table
// in between; no key is stored twice. Earlier pairs of a key are chained
// backwards from the last.
//
// The table has exactly two slots per pair, so it is at most half full
// whatever the number of pairs; a power-of-two size would have cost up to
// four slots per pair just above a power of two. A hash is therefore mapped
// to its first slot by a multiplication rather than a mask.
type keyIndex struct {
	slots []uint64 // hash slot → the key's hash in the high 32 bits, its last pair's index+1 in the low; 0 if free
	prev  []int32  // pair index → index of the previous pair with the same key, or -1 for a key's first pair
	keys  int      // the number of distinct keys
}

// slotsPerPair is the size of the table of a keyIndex, in slots per pair.
const slotsPerPair = 2

// buildIndex returns the keyIndex of the pairs of p, in two allocations
// besides itself: the slots and the chain. Each key is hashed to its first
// slot, from which the slots are probed in turn until a free one, where a
// new key goes, or the key's own, whose pair the new one then chains back
// to; a slot's key is compared only when the high half of its hash
// matches.
func buildIndex(p *Params) *keyIndex {
	n := p.n
	slots, prev := make([]uint64, slotsPerPair*n), make([]int32, n)
	size := uint64(len(slots)) // at most 2³², so the products below fit in 64 bits
	keys := 0
	for i := range n {
		key := p.key(i)
		h := keyHash(key)
		j := uint64(uint32(h)) * size >> 32
		prev[i] = -1
		for j < size { // always: the bound is for the compiler
			v := slots[j]
			if v == 0 {
				keys++
				break
			}
			if (v^h)>>32 == 0 && p.key(int(int32(v))-1) == key {
				prev[i] = int32(v) - 1
				break
			}
			if j++; j == size {
				j = 0
			}
		}
		slots[j] = h&^0xFFFFFFFF | uint64(i+1)
	}
	return &keyIndex{slots: slots, prev: prev, keys: keys}
}

// last returns the index of the last pair with key, and true; or false if
// key is absent. It probes as buildIndex does.
func (ix *keyIndex) last(p *Params, key string) (int, bool) {
	h := keyHash(key)
	slots := ix.slots
	size := uint64(len(slots))
	for i := uint64(uint32(h)) * size >> 32; i < size; {
		v := slots[i]
		if v == 0 {
			break
		}
		if j := int(int32(v)) - 1; (v^h)>>32 == 0 && p.key(j) == key {
			return j, true
		}
		if i++; i == size {
			i = 0
		}
	}
	return 0, false
}
