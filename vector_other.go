//go:build !amd64 || purego

package queryparams

// Without the amd64 assembly (vector_amd64.s), the searches are the
// portable ones: IndexByte for the stops, 64 and then 8 bytes at a time for
// ASCII, 8 at a time for counting fields. vector_amd64.go has the same
// functions under the opposite build tags.

// useVector reports false: there is no vector code to use.
func useVector(bool) bool {
	return false
}

// search returns the index of the first '&', '%' or '+' at or after from,
// or len(st.s).
func (st *stops) search(from int) int {
	return st.searchPortable(from)
}

// asciiText reports whether every byte of s is below 0x80.
func asciiText(s string) bool {
	return ascii(s)
}

// countFieldsVector returns nothing counted: countFields counts every byte
// of s itself.
func countFieldsVector(string, bool) (n, done int, prevAmp uint64) {
	return 0, 0, 1
}

// fill sets the masks of m for s, which must be at most maxMaskQuery bytes
// long.
func (m *stopMasks) fill(s string) {
	m.fillPortable(s)
}

// asciiBytes reports whether every byte of b is below 0x80.
func asciiBytes(b []byte) bool {
	return ascii(b)
}

// unescapeVector decodes nothing: the caller decodes every escape itself.
func unescapeVector([]byte, string, int, bool) int {
	return 0
}
