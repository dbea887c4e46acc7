//go:build purego

package queryparams

// The safe twins of unsafe.go, chosen with -tags purego: every answer is the
// same, at the cost of a copy (and an allocation) each time.

// bytesToString returns a copy of b as a string.
func bytesToString(b []byte) string {
	return string(b)
}

// bytesShared is whether bytesToString shares its argument's memory.
const bytesShared = false
