//go:build !race

package queryparams

const raceEnabled = false
