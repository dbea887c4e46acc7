package queryparams

// The word-at-a-time helpers read eight bytes of a text with one load and
// judge all eight at once. They are the package's bottom floor: they use
// nothing else of it, and the scanner, the decoders, the UTF-8 check and the
// hash all build on them.

// ascii reports whether every byte of s is below 0x80. It ORs 64 bytes, then
// 8, at a time and looks at their high bits once per step.
func ascii[T string | []byte](s T) bool {
	for len(s) >= 64 {
		if (load64(s[0:])|load64(s[8:])|load64(s[16:])|load64(s[24:])|
			load64(s[32:])|load64(s[40:])|load64(s[48:])|load64(s[56:]))&0x8080808080808080 != 0 {
			return false
		}
		s = s[64:]
	}
	for len(s) >= 8 {
		if load64(s)&0x8080808080808080 != 0 {
			return false
		}
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// load64 returns the first eight bytes of s as a little-endian number; the
// compiler reads them with one load.
func load64[T string | []byte](s T) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// load32 returns the first four bytes of s, little-endian.
func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// matches returns w with the high bit of each byte set if that byte is c,
// and every other bit clear. Adding 0x7F to the low seven bits of a byte
// sets its high bit unless they are all zero, and never carries into the next
// byte, so each byte is judged on its own.
func matches(w uint64, c byte) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	x := w ^ (0x0101010101010101 * uint64(c)) // c bytes become zero
	return ^((x&low7 + low7) | x | low7)
}
