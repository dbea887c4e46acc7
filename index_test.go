package queryparams

import (
	"math/big"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestIndexBuiltOnce has many goroutines ask for the index of one Params at
// once and counts the builds: there must be exactly one, however the
// goroutines are scheduled. The build that the test passes in counts itself
// and then holds until every goroutine has started and yielded a while, so
// that a get that let more than one goroutine build would be caught in the
// act; the count, not the timing, decides the result.
func TestIndexBuiltOnce(t *testing.T) {
	const goroutines = 64
	p := Parse(strings.Repeat("a=1&b=2&", 2*linearLimit))
	if p.index == nil {
		t.Fatal("Parse of 64 pairs has no index holder")
	}
	var (
		builds  atomic.Int32
		started sync.WaitGroup
		release = make(chan struct{})
	)
	building := func() {
		builds.Add(1)
		<-release
	}
	started.Add(goroutines)
	results := make([]*keyIndex, goroutines)
	var done sync.WaitGroup
	for g := range goroutines {
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			results[g] = p.index.getWith(&p, building)
		}()
	}
	started.Wait()
	for range 100 {
		runtime.Gosched()
	}
	close(release)
	done.Wait()
	if got := builds.Load(); got != 1 {
		t.Errorf("%d goroutines asking for one index built it %d times, want 1", goroutines, got)
	}
	for g, ix := range results {
		if ix != results[0] {
			t.Errorf("goroutine %d got another index than goroutine 0", g)
		}
	}
	if ix := p.index.get(&p); ix != results[0] {
		t.Errorf("a later get returned another index than the goroutines got")
	}
}

// TestFirstSlot checks firstSlot against the exact product, taken with
// math/big, at table sizes around the powers of two and past 2³², where a
// plain 64-bit product of a 32-bit hash and the size would overflow.
func TestFirstSlot(t *testing.T) {
	hashes := []uint64{0, 1, 0xFFFFFFFF, 0x1_0000_0000, 0xDEADBEEF_80000000, 0x12345678_9ABCDEF0, ^uint64(0)}
	for _, size := range []uint64{1, 2, 3, 51, 1 << 31, 3 << 31, 1<<32 - 1, 1 << 32, 3 << 32, 1<<40 + 7, 1 << 62} {
		for _, h := range hashes {
			// The low 32 bits of h as a fraction of size, rounded down.
			want := new(big.Int).Mul(new(big.Int).SetUint64(h&0xFFFFFFFF), new(big.Int).SetUint64(size))
			want.Rsh(want, 32)
			if got := firstSlot(h, size); got != want.Uint64() || got >= size {
				t.Errorf("firstSlot(%#x, %d) = %d, want %d", h, size, got, want)
			}
		}
	}
}
