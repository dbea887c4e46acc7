//go:build !purego

package queryparams

import "unsafe"

// bytesToString returns the bytes of b as a string without copying them.
//
// This is the package's only use of unsafe, and it is why a parse costs one
// allocation for all of its decoded text rather than one per decoded key and
// value: the parser decodes every key and value into one buffer and hands out
// strings that point into it. It is sound because the parser never writes to
// a byte of that buffer again once a string covers it, and never lets the
// buffer escape any other way. Build with -tags purego for a twin that copies
// instead (see unsafe_purego.go); BenchmarkParse compares the two.
func bytesToString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
