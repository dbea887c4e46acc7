//go:build purego

package queryparams

const pureGo = true
