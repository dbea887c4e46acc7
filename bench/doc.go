// Package bench compares queryparams with the query parsers of other Go
// libraries, on the corpus the root package's benchmarks use. It is a module
// of its own so that users of queryparams never download the competitors.
//
//	cd bench && go test -run '^$' -bench . -count 10 | tee competitors.txt
//	benchstat -col /impl competitors.txt
//
// starlette_bench.py times Starlette itself on the same corpus:
//
//	go run ./cmd/corpus | /usr/bin/python3 starlette_bench.py
package bench
