"""Times Starlette's QueryParams on the queryparams benchmark corpus.

    go run ./cmd/corpus | /usr/bin/python3 starlette_bench.py

For each query: QueryParams(raw bytes), as request.query_params builds it,
then q[k] for every distinct key, the work the Go benchmarks do. Prints the
median over repeated runs, in nanoseconds per query, and the time to build
1000 WebSocket connection contexts.
"""

import json
import statistics
import sys
import timeit

from starlette.datastructures import QueryParams


def per_op(fn, min_time=0.2, repeat=7):
    number = 1
    while timeit.timeit(fn, number=number) < min_time / 10:
        number *= 2
    runs = timeit.repeat(fn, number=number, repeat=repeat)
    return statistics.median(runs) / number * 1e9


def main():
    corpus = json.load(sys.stdin)
    print("%-18s %14s" % ("query", "Starlette ns/op"))
    for q in corpus:
        raw = q["Raw"].encode("latin-1")
        keys = list(QueryParams(raw).keys())

        def read():
            p = QueryParams(raw)
            for k in keys:
                p[k]

        print("%-18s %14.0f" % (q["Name"], per_op(read)))

    ws = next(q for q in corpus if q["Name"] == "websocket")["Raw"].encode()

    def contexts():
        for _ in range(1000):
            p = QueryParams(ws)
            {"token": p["token"], "thread_id": p["thread_id"], "user_id": p["user_id"]}

    print("%-18s %14.0f" % ("1000 ws contexts", per_op(contexts, repeat=5)))


if __name__ == "__main__":
    main()
