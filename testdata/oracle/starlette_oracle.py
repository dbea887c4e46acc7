"""The Starlette oracle for queryparams' tests.

It reads query strings with the real starlette.datastructures.QueryParams and
reports every observable answer. Run it with Debian's interpreter, the one that
sees the python3-starlette package:

    /usr/bin/python3 testdata/oracle/starlette_oracle.py golden > testdata/starlette_golden.json
    /usr/bin/python3 testdata/oracle/starlette_oracle.py serve

"golden" writes the committed golden file (deterministic: fixed seed).
"serve" answers one JSON request per line on stdin with one JSON line on
stdout; the live differential test in oracle_test.go drives it.

Inputs travel as hex, because they may hold bytes that are not UTF-8.
Modes: "str" is QueryParams(raw.decode("utf-8", "replace")), what Parse
mirrors; "bytes" is QueryParams(raw), what ParseBytes mirrors; "pairs" is
QueryParams([(k, v), ...]), what New mirrors.
"""

import json
import random
import sys

import starlette
from starlette.datastructures import URL, MultiDict, QueryParams

# Keys that are looked up in every case besides the case's own keys.
PROBES = ["", "A", "missing", "a b"]


def apply_ops(q, ops):
    """The MultiDict operations that Params.With, Add, Without, SetList and
    Update mirror, applied to a MultiDict of q's pairs."""
    md = MultiDict(q.multi_items())
    for op in ops:
        name = op[0]
        if name == "with":
            md[op[1]] = op[2]
        elif name == "add":
            md.append(op[1], op[2])
        elif name == "without":
            for k in op[1]:
                md.pop(k, None)
        elif name == "setlist":
            md.setlist(op[1], op[2])
        elif name == "update":
            md.update([tuple(kv) for kv in op[1]])
        else:
            raise ValueError("unknown op %r" % (name,))
    return QueryParams(md.multi_items())


def url_ops(url, ops):
    """Starlette's URL query helpers, applied in turn."""
    u = URL(url)
    for op in ops:
        if op[0] == "include":
            u = u.include_query_params(**dict(op[1]))
        elif op[0] == "replace":
            u = u.replace_query_params(**dict(op[1]))
        elif op[0] == "remove":
            u = u.remove_query_params(op[1])
        else:
            raise ValueError("unknown op %r" % (op[0],))
    return {"url": str(u), "query": u.query}


def build(mode, data):
    if mode == "str":
        return QueryParams(bytes.fromhex(data).decode("utf-8", "replace"))
    if mode == "bytes":
        return QueryParams(bytes.fromhex(data))
    if mode == "pairs":
        return QueryParams([(k, v) for k, v in data])
    raise ValueError("unknown mode %r" % (mode,))


def describe(q):
    keys = list(q.keys())
    probes = []
    for k in keys + [p for p in PROBES if p not in keys]:
        probes.append({"key": k, "has": k in q, "get": q.get(k), "getlist": q.getlist(k)})
    return {
        "multi_items": [list(kv) for kv in q.multi_items()],
        "keys": keys,
        "values": list(q.values()),
        "items": [list(kv) for kv in q.items()],
        "len": len(q),
        "str": str(q),
        "repr": repr(q),
        "probes": probes,
    }


def answer(req):
    if req["mode"] == "url":
        return url_ops(req["input"], req["ops"])
    q = build(req["mode"], req["input"])
    if "ops" in req:
        q = apply_ops(q, req["ops"])
    out = describe(q)
    if "other" in req:
        out["equal"] = q == build(req.get("other_mode", req["mode"]), req["other"])
    return out


def serve():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            out = answer(req)
        except Exception as e:  # report, never die: the Go side shows it
            out = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


# Hand-picked inputs: every example in docs/semantics.md, the CPython and Starlette
# vectors, and the boundaries of the UTF-8 table.
HAND = [
    "", "&", "&&", "=", "=a", "a", "a=", "a==", "a=b=c", "a%3Db=c", "a=b&c=d",
    "a=b%26c=d", "&a=b", "a=a+b&b=b+c", "a=1&a=2", ";a=b", "a=a+b;b=b+c",
    "\u0141=\xe9", "%C5%81=%C3%A9", "%81=%A9", "a=1;b=2", "&&a=1&&",
    "A=1&a=2", "a=b%26c%3Dd", "a+b=c+d&e=%2B", "%4a%4A%4g%4%", "%%41", "%2541",
    "%zz", "abc%", "%C3\xe9", "\xe9%A9", "b=1&a=2&b=3&c", "a+b=1&a%20b=2&a b=3",
    "a=%FF", "a=%FE", "a=123&a=456&b=789", "#a=1?b", "a=%00&b=\x00\x01\x7f",
    "%C3", "%E2%82", "%F0%9F%98", "%FF", "%80", "%C3%28", "%C0%AF", "%80%80",
    "%FE%FF", "%ED%A0%80", "%E0%80%AF", "%F4%90%80%80", "%F5%80%80%80",
    "%E2%82%AC%E2%82", "%EF%BB%BF", "%F0%9F%98%80", "%f0%9f%98%80x",
    "key=\u0141%E9", "key=\u0141%C3%A9", "a=%E6%BC%A2%E5%AD%97",
    "br%C3%BCckner_sapporo_20050930.doc", "%xab", "%x", "%", "ab%63d",
    "are+there+spaces...", "a=%E2%80%99b", "q=%2B%2b+%20", "=&=&=", "a&a&a",
    "%26=%3D", "key+name=A+bunch+of+pluses", "*=/&~=.", "%7E%2D%2E%5F",
]
HAND_BYTES = [
    b"\xc5\x81=\xc3\xa9", b"\x81=\xA9", b"%81=%A9", b"a=\xf0\x9f\x98%80",
    b"\xf0\x9f\x98%80", b"\xff\xfe=\x00", b"a=\xe9&b=%E9", b"\xc3%A9",
    b"a=\xed\xa0\x80", b"tok=\xe2\x82\xac%E2%82%AC",
]
PAIRS = [
    [], [["", ""]], [["a", ""]], [["a", "1"], ["a", "2"]],
    [["&", "="]], [["key name", "A bunch of pluses"]], [["\u00a0", "\u00c1"]],
    [["a", "some value"]], [["alpha+beta gamma", "*/~._-"]],
    [["\u6f22\u5b57", "\U0001F600"]], [["\x00\x1f\x7f", "<>#%\"{}|\\^[]`'"]],
    [["page", "4"], ["search", "testing"]], [["2020-07-14T00:00:00+00:00", "Espa\u00f1a"]],
]


def random_input(rng):
    alphabet = (
        ["&"] * 6 + ["="] * 5 + ["+"] * 4 + ["%"] * 6 + [";", "#", "?", " "]
        + list("0123456789abcdefABCDEFgGzZ") + ["%2B", "%26", "%3D", "%20", "%25"]
        + ["%C3", "%A9", "%E2%82%AC", "%F0%9F%98%80", "%FF", "%80", "%ED%A0%80", "%C0%AF"]
    )
    text = ["\u00e9", "\u20ac", "\U0001F600", "\u6f22", "\x00", "\x01", "\x1f", "\x7f", "\u0141"]
    raw = [b"\xc3", b"\xa9", b"\xff", b"\x80", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\xe0\x80", b"\xf4\x90"]
    out = bytearray()
    for _ in range(rng.randrange(0, 40)):
        r = rng.random()
        if r < 0.75:
            out += rng.choice(alphabet).encode()
        elif r < 0.9:
            out += rng.choice(text).encode("utf-8")
        else:
            out += rng.choice(raw)
    return bytes(out)


def random_pairs(rng):
    chars = "ab +&=%;#~._-*/\u00e9\u20ac\U0001F600\x00\n"
    word = lambda: "".join(rng.choice(chars) for _ in range(rng.randrange(0, 6)))
    return [[word(), word()] for _ in range(rng.randrange(0, 5))]


OP_KEYS = ["a", "b", "c", "a b", "\u00e9", "", "\ufffd"]


def random_value(rng):
    chars = "ab &=+%;#\u00e9\U0001F600"
    return "".join(rng.choice(chars) for _ in range(rng.randrange(0, 5)))


def random_ops(rng):
    ops = []
    for _ in range(rng.randrange(1, 5)):
        kind = rng.choice(["with", "add", "without", "setlist", "update"])
        key = rng.choice(OP_KEYS)
        if kind in ("with", "add"):
            ops.append([kind, key, random_value(rng)])
        elif kind == "without":
            ops.append([kind, rng.sample(OP_KEYS, rng.randrange(0, 3))])
        elif kind == "setlist":
            ops.append([kind, key, [random_value(rng) for _ in range(rng.randrange(0, 3))]])
        else:
            ops.append([kind, [[rng.choice(OP_KEYS), random_value(rng)] for _ in range(rng.randrange(0, 3))]])
    return ops


def random_op_query(rng):
    keys = ["a", "b", "c", "a+b", "%C3%A9", ""]
    return "&".join(rng.choice(keys) + "=" + rng.choice(["1", "2", "x+y", "%26", ""]) for _ in range(rng.randrange(0, 6)))


HAND_URLS = [
    # Starlette tests/test_datastructures.py::test_url_query_params, step by step.
    ["http://example.com/?page=3", [["include", [["page", "4"]]]]],
    ["http://example.com/?page=4", [["include", [["search", "testing"]]]]],
    ["http://example.com/?page=4&search=testing", [["replace", [["order", "name"]]]]],
    ["http://example.com/?order=name", [["remove", ["order"]]]],
    ["http://example.com/path?a=1&a=2&b=x+y", [["include", [["a", "3"]]]]],
    ["http://example.com/path?a=1&b=%zz;c", [["remove", ["a"]]]],
    ["http://example.com/path", [["include", [["q", "caf\u00e9 & cr\u00e8me"]]]]],
]


def equality_variants(rng, raw):
    """Queries likely to equal raw: its fields shuffled, duplicated or re-spelled."""
    fields = raw.split(b"&")
    shuffled = fields[:]
    rng.shuffle(shuffled)
    yield b"&".join(shuffled)
    yield raw + b"&" + rng.choice(fields or [b""])
    yield raw.replace(b"+", b"%20")
    yield raw.replace(b"%FF", b"%FE")


def golden():
    rng = random.Random(20261126)
    cases = []

    def add(mode, data):
        req = {"mode": mode, "input": data}
        cases.append(dict(req, want=describe(build(mode, data))))

    for s in HAND:
        raw = s.encode("utf-8")
        add("str", raw.hex())
        add("bytes", raw.hex())
    for raw in HAND_BYTES:
        add("str", raw.hex())
        add("bytes", raw.hex())
    for pairs in PAIRS:
        add("pairs", pairs)
    for _ in range(2600):
        raw = random_input(rng)
        add("str", raw.hex())
        add("bytes", raw.hex())
    for _ in range(300):
        add("pairs", random_pairs(rng))

    equal = []
    for _ in range(600):
        raw = random_input(rng)
        mode = rng.choice(["str", "bytes"])
        for other in list(equality_variants(rng, raw)) + [random_input(rng)]:
            eq = build(mode, raw.hex()) == build(mode, other.hex())
            equal.append({"mode": mode, "a": raw.hex(), "b": other.hex(), "equal": eq})
    for a, b in [("a=1&a=2", "a=2&a=1"), ("a=1", "a=1&a=1"), ("a=%FF", "a=%FE"),
                 ("a=123&b=456", "b=456&a=123"), ("", "&&"), ("a+b=1", "a%20b=1")]:
        eq = QueryParams(a) == QueryParams(b)
        equal.append({"mode": "str", "a": a.encode().hex(), "b": b.encode().hex(), "equal": eq})

    for _ in range(400):
        query = random_op_query(rng).encode().hex()
        ops = random_ops(rng)
        cases.append({"mode": "str", "input": query, "ops": ops,
                      "want": describe(apply_ops(build("str", query), ops))})

    urls = []
    for url, ops in HAND_URLS:
        urls.append({"input": url, "ops": ops, "want": url_ops(url, ops)})
    for _ in range(200):
        url = "http://example.com/p?" + random_op_query(rng)
        ops = []
        for _ in range(rng.randrange(1, 3)):
            kind = rng.choice(["include", "replace", "remove"])
            if kind == "remove":
                ops.append([kind, rng.sample(OP_KEYS, rng.randrange(0, 3))])
            else:
                pairs = {rng.choice(OP_KEYS): random_value(rng) for _ in range(rng.randrange(0, 3))}
                ops.append([kind, [[k, v] for k, v in pairs.items()]])
        urls.append({"input": url, "ops": ops, "want": url_ops(url, ops)})

    doc = {
        "about": "Written by testdata/oracle/starlette_oracle.py golden; do not edit.",
        "starlette": starlette.__version__,
        "python": sys.version.split()[0],
        "cases": cases,
        "equal": equal,
        "urls": urls,
    }
    json.dump(doc, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["golden"]:
        golden()
    elif sys.argv[1:] == ["serve"]:
        serve()
    else:
        sys.exit("usage: starlette_oracle.py golden|serve")
