//go:build !purego

package queryparams

import "unsafe"

// This file is the package's only use of unsafe. It lets a parse cost one
// allocation for all of its decoded text rather than one per decoded key and
// value: the parser decodes every key and value into one buffer and hands out
// strings that point into it. Build with -tags purego for a twin that copies
// instead (unsafe_purego.go); BenchmarkRead run both ways measures the
// difference, and every test passes both ways.

// bytesToString returns the bytes of b as a string without copying them. It
// is sound because callers never write to b afterwards: the parser never
// writes to a byte of its buffer again once a string covers it, and the
// views of a caller's []byte that Options.ParseBytes and ParseBytes take are
// not kept past the call.
func bytesToString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// stringToBytes returns the bytes of s without copying them. The caller must
// only read them.
func stringToBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
