package queryparams

import (
	"math/bits"
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
// The table has exactly three slots per pair, so it is at most a third
// full whatever the number of pairs, and most lookups find their key, or a
// free slot, at the first slot they probe; a power-of-two size of at least
// three slots per pair would have cost up to six, where 3n is just above a
// power of two. A hash is therefore mapped to its first slot by a
// multiplication rather than a mask.
// A slot is 32 bits: the low bits, as many as n needs, hold a pair's
// index+1, and the bits above them the same bits of the high half of the
// key's hash, so that most keys that only share a slot are told apart
// without being read.
//
// Pair indexes are 31-bit, here and in prev: a Params of 2³¹ pairs would
// take a query of at least 4 GiB, and 64 GiB for its pairs.
type keyIndex struct {
	slots []uint32 // hash slot → its key's last pair's index+1 in the bits of indexMask, slotTag above them; 0 if free
	prev  []int32  // pair index → index of the previous pair with the same key, or -1 for a key's first pair
	keys  int      // the number of distinct keys
	mask  uint32   // indexMask of the number of pairs, kept so that a lookup need not recompute it
}

// slotsPerPair is the size of the table of a keyIndex, in slots per pair.
const slotsPerPair = 3

// buildIndex returns the keyIndex of the pairs of p, in two allocations
// besides itself: the slots and the chain. Each key is hashed to its first
// slot, from which the slots are probed in turn until a free one, where a
// new key goes, or the key's own, whose pair the new one then chains back
// to; a slot's key is compared only when the hash bits it holds match.
func buildIndex(p *Params) *keyIndex {
	n := p.n
	slots, prev := make([]uint32, slotsPerPair*n), make([]int32, n)
	size := uint64(len(slots))
	mask := indexMask(n)
	keys := 0
	for i := range n {
		key := p.key(i)
		h := keyHash(key)
		tag := slotTag(h, mask)
		j := firstSlot(h, size)
		prev[i] = -1
		for j < size { // always: the bound is for the compiler
			v := slots[j]
			if v == 0 {
				keys++
				break
			}
			if (v^tag)&^mask == 0 && p.key(int(v&mask)-1) == key {
				prev[i] = int32(v&mask) - 1
				break
			}
			if j++; j == size {
				j = 0
			}
		}
		slots[j] = tag | uint32(i+1)
	}
	return &keyIndex{slots: slots, prev: prev, keys: keys, mask: mask}
}

// indexMask returns the bits of a slot that hold a pair's index+1 in a
// keyIndex of n pairs: as few low bits as hold n. The bits above them hold
// hash bits.
func indexMask(n int) uint32 {
	return uint32(1)<<bits.Len32(uint32(n)) - 1
}

// slotTag returns the bits of hash h that a slot holds above mask, the
// high half of h but for the bits of mask.
func slotTag(h uint64, mask uint32) uint32 {
	return uint32(h>>32) &^ mask
}

// firstSlot returns the slot, of size, at which the key of hash h is first
// looked for: the low 32 bits of h taken as a fraction of size. The high 32
// bits are those that slots hold, so the two do not depend on each other.
func firstSlot(h, size uint64) uint64 {
	j, _ := bits.Mul64(h<<32, size)
	return j
}

// last returns the index of the last pair with key, and true; or false if
// key is absent. It probes as buildIndex does.
func (ix *keyIndex) last(p *Params, key string) (int, bool) {
	h := keyHash(key)
	slots, mask := ix.slots, ix.mask
	tag := slotTag(h, mask)
	size := uint64(len(slots))
	for i := firstSlot(h, size); i < size; {
		v := slots[i]
		if v == 0 {
			break
		}
		if j := int(v&mask) - 1; (v^tag)&^mask == 0 && p.key(j) == key {
			return j, true
		}
		if i++; i == size {
			i = 0
		}
	}
	return 0, false
}
