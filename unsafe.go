//go:build !purego

package queryparams

import "unsafe"

// This file is the package's only use of unsafe. It lets the package hand
// out as strings the buffers it fills (the decoded text of a parse, the
// output of String) and read a caller's []byte, without copying them. Build
// with -tags purego for a twin that copies instead (unsafe_purego.go);
// BenchmarkRead run both ways measures the difference, and every test
// passes both ways.

// bytesToString returns the bytes of b as a string without copying them. It
// is sound because callers never write to b afterwards: a parse writes its
// decoded text into a buffer of its own and never touches it again, and the
// views of a caller's []byte that ParseBytes and Options.ParseBytes take are
// not kept past the call.
func bytesToString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// bytesShared is whether bytesToString shares its argument's memory.
const bytesShared = true
