package queryparams

import (
	"fmt"
	"strings"
	"testing"
)

// TestKeyHash checks that keyHash reads every byte of keys of every length
// up to 40, crossing each of its paths: changing any one bit of a key, or
// appending a zero byte to it, changes its hash.
func TestKeyHash(t *testing.T) {
	for n := range 41 {
		key := strings.Repeat("k", n)
		h := keyHash(key)
		if again := keyHash(key); again != h {
			t.Fatalf("keyHash(%q) = %#x, then %#x", key, h, again)
		}
		if longer := key + "\x00"; keyHash(longer) == h {
			t.Errorf("keyHash(%q) = keyHash(%q) = %#x", key, longer, h)
		}
		for i := range n {
			for bit := range 8 {
				b := []byte(key)
				b[i] ^= 1 << bit
				if keyHash(string(b)) == h {
					t.Errorf("keyHash(%q) = keyHash(%q) = %#x", key, b, h)
				}
			}
		}
	}
}

// TestKeyHashSpread checks that the bits of keyHash that the key index
// reads are spread over short, similar keys: 4096 keys that differ in one
// or two digits fill at least half of a table of 4096 slots (firstSlot),
// and the hash bits that their slots hold (slotTag) tell apart all but a
// few of them.
func TestKeyHashSpread(t *testing.T) {
	const n = 4096
	mask := indexMask(n)
	slots := make(map[uint64]bool)
	tags := make(map[uint32]bool)
	for i := range n {
		h := keyHash(fmt.Sprintf("k%04d", i))
		slots[firstSlot(h, n)] = true
		tags[slotTag(h, mask)] = true
	}
	// A random function fills 1-1/e ≈ 63% of the slots, and gives 4096
	// keys 4096-16 distinct values of the 19 bits above a 13-bit mask, on
	// average, with a standard deviation of 4.
	if len(slots) < n/2 {
		t.Errorf("%d keys fill %d of %d slots, want at least %d", n, len(slots), n, n/2)
	}
	if len(tags) < n-64 {
		t.Errorf("%d keys have %d distinct tags, want at least %d", n, len(tags), n-64)
	}
}
