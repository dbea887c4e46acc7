//go:build !amd64 || purego

package queryparams

// Without the amd64 assembly (stops_amd64.s), stops always searches
// with IndexByte.

// vectorStops is false: there is no vector search to use.
var vectorStops = false

// indexStop returns the index of the first '&', '%' or '+' of s, or -1. It
// is not called while vectorStops is false, and is here so that parse.go
// builds everywhere.
func indexStop(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '&' || c == '%' || c == '+' {
			return i
		}
	}
	return -1
}
