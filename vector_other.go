//go:build !amd64 || purego

package queryparams

// Without the amd64 assembly (vector_amd64.s), the searches are the
// portable ones: IndexByte for the stops, 64 and then 8 bytes at a time for
// ASCII, 8 at a time for counting fields.

// useAVX2 is false: there is no vector search to use.
var useAVX2 = false

// indexStop returns the index of the first '&', '%' or '+' of s, or -1. It
// is not called while useAVX2 is false, and is here so that parse.go builds
// everywhere.
func indexStop(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '&' || c == '%' || c == '+' {
			return i
		}
	}
	return -1
}

// asciiText reports whether every byte of s is below 0x80.
func asciiText(s string) bool {
	return ascii(s)
}

// countFieldsVector returns nothing counted: countFields counts every byte
// of s itself.
func countFieldsVector(string) (n, done int, prevAmp uint64) {
	return 0, 0, 1
}

// asciiBytes reports whether every byte of b is below 0x80.
func asciiBytes(b []byte) bool {
	return ascii(b)
}
