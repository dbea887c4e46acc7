//go:build purego

package queryparams

// bytesToString returns a copy of b as a string. This is the safe twin of the
// zero-copy version in unsafe.go, chosen with -tags purego: every answer is
// the same, at the cost of one allocation per decoded key or value.
func bytesToString(b []byte) string {
	return string(b)
}
