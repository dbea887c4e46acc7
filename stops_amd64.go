//go:build !purego

package queryparams

// On amd64 with AVX2, the search for the bytes that end a field or need
// decoding ('&', '%' and '+') reads 32 bytes per comparison in
// stops_amd64.s: one pass instead of the three IndexByte passes of the
// portable search (see stops in parse.go), so a long value such as a JWT or
// a 1 MB blob is read once. TestIndexStop checks the assembly against a
// byte-by-byte search, and TestGoldenPaths and FuzzParse parse every input
// both with it and without it (see reader in oracle_test.go). Build with
// -tags purego to leave it out.

// indexStopAVX2 returns the index of the first '&', '%' or '+' of s, or -1.
// It requires AVX2.
//
//go:noescape
func indexStopAVX2(s string) int

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// hasAVX2 reports whether the CPU and the operating system support AVX2:
// the CPU has AVX and AVX2, and the OS saves the YMM registers (OSXSAVE,
// with XCR0's SSE and AVX bits set).
func hasAVX2() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

// vectorStops reports whether stops uses indexStopAVX2. Tests turn it
// off to run the portable search on this machine too.
var vectorStops = hasAVX2()

// indexStop is indexStopAVX2; callers check vectorStops first.
func indexStop(s string) int {
	return indexStopAVX2(s)
}
