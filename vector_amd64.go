//go:build !purego

package queryparams

// On amd64 CPUs with AVX2, five routines read a query 16 or 32 bytes per
// instruction, in vector_amd64.s:
//
//   - indexStopAVX2 finds the first '&', '%' or '+', the bytes that end a
//     field or need decoding: one pass instead of the three IndexByte passes
//     of the portable search (stops.searchPortable in scan.go), so that a long value
//     such as a JWT or a 1 MB blob is read once;
//   - stopMasksAVX2 marks every '&', '=', '%' and '+' of a query of
//     minMaskQuery to maxMaskQuery bytes, or of a window of that many bytes
//     of a longer one, in three bit masks (stopMasks in scan.go), from
//     which its fields are found with a few bit operations each, where the
//     search costs a call per stop and reading byte by byte some per byte;
//   - asciiAsm tells whether a query is ASCII, and so needs no UTF-8
//     check: 128 bytes per step with AVX2 where the portable ascii reads
//     64, and below 32 bytes a few overlapping loads where ascii loops; it
//     also runs on CPUs without AVX2, with general-purpose registers only,
//     so that asciiText is one call that the compiler inlines;
//   - countFieldsAVX2 counts the fields of a long query, to size its spans,
//     32 bytes per step where the portable countFields reads 8;
//   - unescapeAVX2 decodes a run of escapes, five from each 16 bytes, where
//     the portable decoder (appendDecodedValid) reads one at a time; the
//     decoder uses it for runs that spell bytes of 0x80 or more, such as
//     escaped CJK text, and checks their UTF-8 after (validSequences).
//
// vector_other.go has the same functions under the opposite build tags,
// with the portable code only. Here each routine runs its AVX2 code only
// where hasAVX2 finds what it needs; elsewhere (other CPUs, other
// architectures, -tags purego) the portable Go code runs, but for the ASCII
// check, which on an amd64 CPU without AVX2 runs asciiAsm's word path. The
// tests run every path on this machine: TestIndexStop, TestStopMasks,
// TestASCIIVector, TestASCIIAsmWords and TestCountFields check each routine
// and its portable twin against byte-by-byte loops,
// TestUnescapeAVX2 checks unescapeAVX2 against unescapePortable and
// TestDecodePaths the decoder with and without it, and TestGoldenPaths and
// FuzzParse parse every input with vector code and without it
// (reading.portable, reading.maskLimit).

// indexStopAVX2 returns the index of the first '&', '%' or '+' of s, or -1.
//
//go:noescape
func indexStopAVX2(s string) int

// asciiAsm reports whether every byte of s is below 0x80, for s of any
// length: with AVX2 if vector is set and s is at least 32 bytes long, with
// general-purpose registers otherwise, and with no loop below 32 bytes.
//
//go:noescape
func asciiAsm(s string, vector bool) bool

// countFieldsAVX2 returns the number of non-empty fields that begin in
// s[:len(s)&^31], as countFields counts them, and whether the last of
// those bytes is '&' (true when s is shorter than 32 bytes, since s begins a
// field as a byte after a '&' does).
//
//go:noescape
func countFieldsAVX2(s string) (n int, ampLast bool)

// stopMasksAVX2 writes the masks of s, at least 64 bytes long, to the
// stopMasks whose first amp word is at amp (see stopMasks.fill).
//
//go:noescape
func stopMasksAVX2(s string, amp *uint64)

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

// avx2 reports whether this CPU runs the routines of vector_amd64.s. It is
// set once, at start-up, and never written again; tests choose the portable
// code through reading.portable, and call the routines and their portable
// twins by name.
var avx2 = hasAVX2()

// useVector reports whether a search allowed to use vector code (allowed)
// does so: whether the CPU runs it too.
func useVector(allowed bool) bool {
	return allowed && avx2
}

// search returns the index of the first '&', '%' or '+' at or after from,
// or len(st.s): with indexStopAVX2 if st.vector, else searchPortable.
func (st *stops) search(from int) int {
	if !st.vector {
		return st.searchPortable(from)
	}
	if j := indexStopAVX2(st.s[from:]); j >= 0 {
		return from + j
	}
	return len(st.s)
}

// asciiText reports whether every byte of s is below 0x80. It is a single
// call of asciiAsm, so the compiler inlines asciiText into each caller and
// the check of a short query costs no frame more than the portable build's.
func asciiText(s string) bool {
	return asciiAsm(s, avx2)
}

// countFieldsVector counts the fields that begin in the first done bytes
// of s, 32 bytes at a time, for countFields to count on from there, if
// vector allows it and the CPU runs it. It returns prevAmp = 1 if s[done-1]
// is '&', or if done is 0.
func countFieldsVector(s string, vector bool) (n, done int, prevAmp uint64) {
	if !useVector(vector) || len(s) < 32 {
		return 0, 0, 1
	}
	n, ampLast := countFieldsAVX2(s)
	if ampLast {
		prevAmp = 1
	}
	return n, len(s) &^ 31, prevAmp
}

// fill sets the masks of m for s, which must be at most maxMaskQuery bytes
// long: with stopMasksAVX2 if the CPU runs it and s is at least 64 bytes
// long, else with fillPortable.
func (m *stopMasks) fill(s string) {
	if !avx2 || len(s) < 64 {
		m.fillPortable(s)
		return
	}
	stopMasksAVX2(s, &m.amp[0])
}

// asciiBytes reports whether every byte of b is below 0x80.
func asciiBytes(b []byte) bool {
	return asciiText(bytesToString(b))
}

// unescapeAVX2 decodes the run of escapes ("%XX") at s[i:] into dst, one
// byte per escape, and returns how many it decoded. s must be at least 16
// bytes long, and dst must have room for len(s)-i bytes.
//
//go:noescape
func unescapeAVX2(dst *byte, s string, i int) int

// unescapeVector decodes the run of escapes at s[i:] into out with
// unescapeAVX2, if vector allows it, the CPU runs it and s is long enough
// for it, and returns how many escapes it decoded; otherwise it returns 0
// and the caller decodes them itself. out must have room for len(s)-i
// bytes.
func unescapeVector(out []byte, s string, i int, vector bool) int {
	if !useVector(vector) || len(s) < 16 {
		return 0
	}
	_ = out[len(s)-i-1] // the room unescapeAVX2 may write in
	return unescapeAVX2(&out[0], s, i)
}
