package queryparams

import (
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
)

// The key index hashes every key of a large query once when it is built and
// once per lookup, and most keys are short. hash/maphash reaches the
// runtime's hash through a chain of calls; keyHash reads a key of up to 16
// bytes in at most two loads and mixes it with two 64×64→128-bit
// multiplications, in the manner of wyhash, keyed by secrets drawn at
// start-up so that an attacker cannot choose keys that collide. Longer keys
// go to maphash, seeded at random too.

var (
	hashSecret = [4]uint64{rand.Uint64(), rand.Uint64(), rand.Uint64(), rand.Uint64()}
	hashSeed   = maphash.MakeSeed()
)

// keyHash returns a hash of key whose every bit depends on every byte of it.
func keyHash(key string) uint64 {
	n := len(key)
	var a, b uint64
	switch {
	case n > 16:
		return maphash.String(hashSeed, key)
	case n >= 8:
		a, b = load64(key), load64(key[n-8:])
	case n >= 4:
		a, b = uint64(load32(key)), uint64(load32(key[n-4:]))
	case n > 0:
		a = uint64(key[0])<<16 | uint64(key[n>>1])<<8 | uint64(key[n-1])
	}
	hi, lo := bits.Mul64(a^hashSecret[0], b^hashSecret[1])
	return mix(lo^hashSecret[2]^uint64(n), hi^hashSecret[3])
}

// mix folds the 128-bit product of x and y to 64 bits.
func mix(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}
