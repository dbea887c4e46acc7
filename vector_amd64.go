//go:build !purego

package queryparams

// On amd64 CPUs with AVX2, three searches over a whole query compare 32
// bytes per instruction, in vector_amd64.s:
//
//   - indexStopAVX2 finds the first '&', '%' or '+', the bytes that end a
//     field or need decoding: one pass instead of the three IndexByte passes
//     of the portable search (see stops in parse.go), so that a long value
//     such as a JWT or a 1 MB blob is read once;
//   - asciiAVX2 tells whether a query is ASCII, and so needs no UTF-8
//     check, 128 bytes per step where the portable ascii reads 64;
//   - countFieldsAVX2 counts the fields of a long query, to size its spans,
//     32 bytes per step where the portable countFields reads 8.
//
// Each is used only where hasAVX2 finds what it needs. Elsewhere (other
// CPUs, other architectures, -tags purego) the portable Go code runs, and
// the tests run it on this machine too: TestIndexStop, TestASCIIVector and
// TestCountFields check the assembly against byte-by-byte loops, and
// TestGoldenPaths and FuzzParse parse every input with it and without it
// (see reader in oracle_test.go).

// indexStopAVX2 returns the index of the first '&', '%' or '+' of s, or -1.
//
//go:noescape
func indexStopAVX2(s string) int

// asciiAVX2 reports whether every byte of s is below 0x80. s must be at
// least 32 bytes long.
//
//go:noescape
func asciiAVX2(s string) bool

// countFieldsAVX2 returns the number of non-empty fields that begin in
// s[:len(s)&^31], as countFields counts them, and whether the last of
// those bytes is '&'.
//
//go:noescape
func countFieldsAVX2(s string) (n int, ampLast bool)

// cpuid returns the registers the CPUID instruction sets for leaf and
// subleaf.
func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// xgetbv returns XCR0, the register that tells which register states the
// operating system saves; it must only be called when CPUID reports
// OSXSAVE.
func xgetbv() (eax, edx uint32)

// hasAVX2 reports whether the CPU and the operating system support what the
// assembly uses: AVX and AVX2, with the OS saving the YMM registers
// (OSXSAVE, and XCR0's SSE and AVX bits set), and POPCNT and BMI1's ANDN.
func hasAVX2() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const popcnt, osxsave, avx = 1 << 23, 1 << 27, 1 << 28
	if ecx1&(popcnt|osxsave|avx) != popcnt|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const bmi1, avx2 = 1 << 3, 1 << 5
	return ebx7&(bmi1|avx2) == bmi1|avx2
}

// useAVX2 reports whether the searches use the AVX2 routines. Tests turn it
// off to run the portable searches on this machine too.
var useAVX2 = hasAVX2()

// indexStop is indexStopAVX2; callers check useAVX2 first.
func indexStop(s string) int {
	return indexStopAVX2(s)
}

// asciiText reports whether every byte of s is below 0x80.
func asciiText(s string) bool {
	if len(s) < 32 || !useAVX2 {
		return ascii(s)
	}
	return asciiAVX2(s)
}

// countFieldsVector counts the fields that begin in the first done bytes
// of s, 32 bytes at a time, for countFields to count on from there. It
// returns prevAmp = 1 if s[done-1] is '&', or if done is 0.
func countFieldsVector(s string) (n, done int, prevAmp uint64) {
	if !useAVX2 || len(s) < 32 {
		return 0, 0, 1
	}
	n, ampLast := countFieldsAVX2(s)
	if ampLast {
		prevAmp = 1
	}
	return n, len(s) &^ 31, prevAmp
}

// asciiBytes reports whether every byte of b is below 0x80.
func asciiBytes(b []byte) bool {
	return asciiText(bytesToString(b))
}
