// Command corpus writes the benchmark corpus as JSON, one object per query
// with its name and text, for starlette_bench.py.
package main

import (
	"encoding/json"
	"os"

	"github.com/seed-3058a48d/queryparams/internal/corpus"
)

func main() {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(corpus.All()); err != nil {
		os.Exit(1)
	}
}
