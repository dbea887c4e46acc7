"""The ASGI servers as an oracle for package httpquery.

A Starlette app runs under each server that httpquery models, and raw
HTTP/1.1 request bytes go to each over a socket. For every request the app
records what it was handed and how Starlette reads it: the scope's type,
query_string and path, request.query_params (or websocket.query_params), and
QueryParams(request.url.query), or the exception that road raises. Where the
server answers before the app sees the request, the status is recorded.

Run it with Debian's interpreter, the one that sees the python3-uvicorn,
python3-httptools, python3-wsproto, python3-websockets, python3-hypercorn,
python3-daphne and python3-starlette packages:

    /usr/bin/python3 testdata/oracle/servers_oracle.py golden > testdata/servers_golden.json
    /usr/bin/python3 testdata/oracle/servers_oracle.py serve [LIFETIME]
    /usr/bin/python3 testdata/oracle/servers_oracle.py probe 'GET /a?b HTTP/1.1' ...

"golden" starts every server, sends a fixed set of requests (fixed seed), and
writes the golden file that the Go tests replay. "serve" starts every server,
then answers one JSON request per line on stdin (a case, as in the golden
file) with one JSON line of every server's answers; the live test of
httpquery drives it. "probe" sends request lines given on the command line
(with escapes such as \\x00 and a Host of "h") and prints the answers, for a
person measuring a rule.

Every server listens on 127.0.0.1 only, on a port of its own, and runs in a
child process that ends itself after a bounded lifetime; the parent stops
each child by its process id when it is done.
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

# The server configurations measured. uvicorn picks its HTTP parser with
# --http and its WebSocket library with --ws; uvicorn[standard] installs
# httptools and websockets, so "uvicorn-httptools" pairs those two.
CONFIGS = {
    "uvicorn-h11": ("uvicorn", "h11", "websockets"),
    "uvicorn-h11-wsproto": ("uvicorn", "h11", "wsproto"),
    "uvicorn-httptools": ("uvicorn", "httptools", "websockets"),
    "uvicorn-httptools-wsproto": ("uvicorn", "httptools", "wsproto"),
    "hypercorn": ("hypercorn", None, None),
    "daphne": ("daphne", None, None),
}

WS_KEY = b"dGhlIHNhbXBsZSBub25jZQ=="


def esc(s):
    """A Python str as hex of its UTF-8, lone surrogates kept (surrogatepass),
    so that the Go side sees exactly which code points Python holds."""
    return s.encode("utf-8", "surrogatepass").hex()


def record(conn, scope):
    from starlette.datastructures import QueryParams

    out = {
        "type": scope["type"],
        "qs": scope.get("query_string", b"").hex(),
        "path": esc(scope["path"]),
        "root_path": esc(scope.get("root_path", "")),
        "qp": [[esc(k), esc(v)] for k, v in conn.query_params.multi_items()],
    }
    try:
        query = conn.url.query
        out["url_query"] = esc(query)
        # The idiom: dict(QueryParams(websocket.url.query)) if websocket.url.query else {}
        out["url"] = [[esc(k), esc(v)] for k, v in QueryParams(query).multi_items()] if query else []
    except Exception as e:  # the road raises: record what
        out["url_error"] = [type(e).__name__, str(e)]
        if isinstance(e, UnicodeDecodeError):
            out["url_error_start"] = e.start
    return out


async def app(scope, receive, send):
    from starlette.requests import Request
    from starlette.websockets import WebSocket

    if scope["type"] == "lifespan":
        while True:
            msg = await receive()
            if msg["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif msg["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "http":
        body = json.dumps(record(Request(scope, receive), scope)).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
    elif scope["type"] == "websocket":
        ws = WebSocket(scope, receive, send)
        data = record(ws, scope)
        await ws.accept()
        await ws.send_text(json.dumps(data))
        await ws.close()


def run_server(name, port, lifetime):
    """Runs one server configuration in this process, for at most lifetime
    seconds."""
    threading.Timer(lifetime, lambda: os._exit(3)).start()
    kind, http, ws = CONFIGS[name]
    if kind == "uvicorn":
        import uvicorn
        uvicorn.run(app, host="127.0.0.1", port=port, http=http, ws=ws,
                    log_level="critical", lifespan="off", access_log=False)
    elif kind == "hypercorn":
        import asyncio
        from hypercorn.asyncio import serve
        from hypercorn.config import Config
        config = Config()
        config.bind = ["127.0.0.1:%d" % port]
        config.loglevel = "CRITICAL"
        config.accesslog = None
        config.errorlog = None
        asyncio.run(serve(app, config))
    elif kind == "daphne":
        import logging
        logging.disable(logging.CRITICAL)
        from daphne.server import Server
        Server(application=app, endpoints=["tcp:port=%d:interface=127.0.0.1" % port],
               signal_handlers=False, verbosity=0).run()
    os._exit(0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Servers:
    """Every server configuration, each in a child process of its own."""

    def __init__(self, lifetime, names=None):
        self.procs = {}
        self.ports = {}
        for name in names or CONFIGS:
            port = free_port()
            p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "run", name, str(port), str(lifetime)],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.procs[name] = p
            self.ports[name] = port
        deadline = time.time() + 30
        for name, port in self.ports.items():
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.time() > deadline or self.procs[name].poll() is not None:
                        self.stop()
                        raise SystemExit("server %s did not start" % name)
                    time.sleep(0.05)

    def stop(self):
        for p in self.procs.values():
            if p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()


def build_request(case):
    """The raw bytes of a case: the request line, Host (unless host is None),
    the case's headers, in order, and the blank line."""
    target = bytes.fromhex(case["target"])
    out = case.get("method", "GET").encode() + b" " + target + b" HTTP/1.1\r\n"
    if case.get("host") is not None:
        out += b"Host: " + bytes.fromhex(case["host"]) + b"\r\n"
    for name, value in case.get("headers") or []:
        out += name.encode("latin-1") + b": " + bytes.fromhex(value) + b"\r\n"
    return out + b"\r\n"


def read_response(sock):
    """Reads one response: (status, body); status 0 when nothing came before
    the timeout, -1 when the connection closed without a response."""
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = sock.recv(65536)
            if not chunk:
                break
            buf += chunk
    except socket.timeout:
        if not buf:
            return 0, None
    if not buf:
        return -1, None
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    try:
        status = int(lines[0].split(b" ")[1])
    except (IndexError, ValueError):
        return -2, None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.strip().lower()] = v.strip()
    try:
        if status == 101 and headers.get(b"upgrade", b"").lower() == b"h2c":
            return read_h2(sock, rest)
        if status == 101:
            return status, read_frame(sock, rest)
        if status == 200:
            n = int(headers.get(b"content-length", b"0"))
            while len(rest) < n:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
            return status, rest[:n]
    except (socket.timeout, OSError):
        return status, None
    return status, None


def recv_at_least(sock, buf, n):
    """buf with what sock sends next appended until it holds n bytes;
    OSError if the server closes first."""
    while len(buf) < n:
        chunk = sock.recv(65536)
        if not chunk:
            raise OSError("closed")
        buf += chunk
    return buf


def read_h2(sock, buf):
    """After a 101 to h2c, as hypercorn answers an HTTP/1.1 request that
    asks for it: speaks HTTP/2 far enough to read the response to stream 1,
    the upgraded request. Returns (status, body); the status is 200 when the
    HEADERS frame starts with HPACK's indexed ":status: 200" (0x88)."""
    sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")
    status, body = -4, b""
    while True:
        buf = recv_at_least(sock, buf, 9)
        n = int.from_bytes(buf[:3], "big")
        kind, flags, stream = buf[3], buf[4], int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF
        buf = recv_at_least(sock, buf, 9 + n)
        payload, buf = buf[9:9 + n], buf[9 + n:]
        if kind == 4 and not flags & 1:  # the server's SETTINGS: acknowledge
            sock.sendall(b"\x00\x00\x00\x04\x01\x00\x00\x00\x00")
        if stream != 1:
            continue
        if kind == 1:
            status = 200 if payload[:1] == b"\x88" else -5
        elif kind == 0:
            body += payload
        if kind in (0, 1) and flags & 1:
            return status, body


def read_frame(sock, buf):
    """The payload of the first WebSocket frame the server sends."""
    buf = recv_at_least(sock, buf, 2)
    n = buf[1] & 0x7F
    off = 2
    if n == 126:
        buf = recv_at_least(sock, buf, 4)
        n, off = int.from_bytes(buf[2:4], "big"), 4
    elif n == 127:
        buf = recv_at_least(sock, buf, 10)
        n, off = int.from_bytes(buf[2:10], "big"), 10
    buf = recv_at_least(sock, buf, off + n)
    return buf[off:off + n]


def probe_one(port, raw, timeout):
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError:
        return {"status": -3}
    try:
        sock.settimeout(timeout)
        try:
            sock.sendall(raw)
        except OSError:
            pass
        status, body = read_response(sock)
    except OSError:
        status, body = -1, None
    finally:
        sock.close()
    out = {"status": status}
    if body is not None:
        try:
            out["app"] = json.loads(body)
        except ValueError:
            out["body"] = body.hex()
    return out


def probe_all(servers, cases, timeout=2.0, workers=24):
    """Every case sent to every server: a list, per case, of a dict from
    configuration name to answer."""
    jobs = [(i, name) for i in range(len(cases)) for name in servers.ports]
    raws = [build_request(c) for c in cases]
    results = [dict() for _ in cases]

    def work(job):
        i, name = job
        ans = probe_one(servers.ports[name], raws[i], timeout)
        # A hang or a connection closed unanswered: try twice more, to tell
        # the server's answer from a moment of overload.
        for _ in range(2):
            if ans["status"] not in (0, -1, -3):
                break
            ans = probe_one(servers.ports[name], raws[i], timeout * 2)
        results[i][name] = ans

    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(work, jobs))
    return results


# Request headers that make a request a WebSocket handshake, or nearly one.
def hx(s):
    return s.encode("latin-1").hex()


WS_HEADERS = [["Upgrade", hx("websocket")], ["Connection", hx("Upgrade")],
              ["Sec-WebSocket-Key", WS_KEY.hex()], ["Sec-WebSocket-Version", hx("13")]]

# Header variants of the HTTP-or-WebSocket decision, by name.
VARIANTS = {
    "http": [],
    "ws": WS_HEADERS,
    "upgrade-only": [["Upgrade", hx("websocket")], ["Sec-WebSocket-Key", WS_KEY.hex()], ["Sec-WebSocket-Version", hx("13")]],
    "connection-only": [["Connection", hx("Upgrade")], ["Sec-WebSocket-Key", WS_KEY.hex()], ["Sec-WebSocket-Version", hx("13")]],
    "ws-h2c": [["Upgrade", hx("websocket, h2c")], ["Connection", hx("Upgrade")],
               ["Sec-WebSocket-Key", WS_KEY.hex()], ["Sec-WebSocket-Version", hx("13")]],
    "ws-case": [["Upgrade", hx("WebSocket")], ["Connection", hx("keep-alive, Upgrade")],
                ["Sec-WebSocket-Key", WS_KEY.hex()], ["Sec-WebSocket-Version", hx("13")]],
    "ws-nokey": [["Upgrade", hx("websocket")], ["Connection", hx("Upgrade")], ["Sec-WebSocket-Version", hx("13")]],
    "ws-version": [["Upgrade", hx("websocket")], ["Connection", hx("Upgrade")],
                   ["Sec-WebSocket-Key", WS_KEY.hex()], ["Sec-WebSocket-Version", hx("8")]],
    "h2c": [["Upgrade", hx("h2c")], ["Connection", hx("Upgrade, HTTP2-Settings")], ["HTTP2-Settings", hx("AAMAAABkAARAAAAAAAIAAAAA")]],
    "connection-close": [["Connection", hx("close")]],
}


def case(target, host=b"h", variant="http", method="GET", extra=()):
    c = {"target": target.hex(), "host": None if host is None else host.hex(), "variant": variant,
         "method": method, "headers": VARIANTS[variant] + [[k, hx(v) if isinstance(v, str) else v.hex()] for k, v in extra]}
    return c


def parse_probe_line(s):
    """'GET /a?b HTTP/1.1' with Python escapes, to a case with Host h."""
    raw = s.encode("latin-1").decode("unicode_escape").encode("latin-1")
    method, _, rest = raw.partition(b" ")
    target = rest[:rest.rfind(b" ")] if rest.endswith(b"HTTP/1.1") else rest
    return {"target": target.hex(), "host": b"h".hex(), "method": method.decode(), "headers": []}


# Hosts with every shape that Starlette's Host check, urlsplit and the
# servers tell apart.
HOSTS = [
    b"h", b"example.com", b"EXAMPLE.com", b"a.b-c", b"127.0.0.1", b"127.0.0.1:8000", b"h:80", b"h:0080",
    b"h:x", b"h:", b":80", b"h:+1", b"h:1_0", b"h: 1", b"1.2.3.4:99999", b"h_x", b"h!x", b"h%41",
    b"[::1]", b"[::1]:8000", b"[::1]:x", b"[::1]x", b"[1:2]", b"[1:2]:80", b"[::ffff:1.2.3.4]",
    b"[::ffff:1.2.3.04]", b"[1::2::3]", b"[::A]", b"[1:2:3:4:5:6:7:8]", b"[1:2:3:4:5:6:7:8:9]",
    b"[::]", b"[:::]", b"[12345::]", b"[1:2:3:4:5:6:7::]", b"[::1.2.3]", b"[v1.x]", b"[fe80::1%25eth0]",
    b"[]", b"[", b"]", b"[::1", b"::1]", b"a[::1]", b"[a:b]", b"[g::1]", b"h:8000:80", b"[::1]:",
    b" [1:2]", b"[1:2] ", b"[1:2]\t", b"\t[1:2]", b"[1:2]\x0c", b"[1:2]\x1f", b"h\x0b:x", b"h:x\x0c",
]

# Request targets with every structure the servers and urlsplit tell apart.
TARGETS = [
    b"/", b"/p", b"/p?", b"/p??", b"/p?a=1", b"/p?a=1&a=2", b"/p?a=1#", b"/p?a=1#x", b"/p?a=1#x&a=2",
    b"/p#x?a=1", b"/p#?a=1", b"/p?#", b"/p?a=1?b=2", b"/p?a=%23&b=%3F", b"/q%3Fx=1?y=2", b"/q%3Fx=1",
    b"/q%23x?y=2", b"/q%3f%23?y=2", b"/q%09?a=1", b"/q%0A?a=1", b"/q%0D%0A?a=1", b"/q%2F?a=1", b"/q%25?a=1",
    b"/q%C3%A9?a=1", b"/q%FF?a=1", b"/q%E2%82?a=1", b"/q%3F%C3%A9=%FF", b"/q%3F%FF", b"//x/p?a=1",
    b"//x?a=1", b"///p?a=1", b"/a;b?c=1", b"/a;b;c/d;e?f", b"/%3B?a=1", b"*", b"*?a=1", b"*/p?a=1",
    b"http://x/y?a=1", b"http://x/y?a=1#b", b"http://x?a=1", b"http://x:80/p?a=1", b"http://u@x/p?a=1",
    b"http://[::1]/p?a=1", b"http://[::1]:8/p?a=1", b"HTTP://x/p?a=1", b"ws://x/p?a=1", b"x:/p?a=1",
    b"http:/x/p?a=1", b"http:///p?a=1", b"http://x:99999/p?a=1", b"http://x_y/p?a=1", b"http://x:/p?a=1",
    b"http://[::1/p", b"http://u:p@x/p", b"http://@x/p", b"http://x@@y/p", b"x/p?a=1", b"p", b"?a=1",
    b"/p?a=\xc3\xa9", b"/\xc3\xa9?a=1", b"/p?a=\xff", b"/p?a=\xed\xa0\x80", b"/p?a=\xc3", b"/p?%C3%A9=\xc3\xa9",
    b"/p?a=1%", b"/p?a=%zz", b"/p?a+b=c+d", b"/p?a=1;b=2", b"/p?=", b"/p?&&", b"/%3F%3F?%3F",
    b"/p?a=1 ", b"/p?a=1  ", b" /p?a=1", b"/p?a=1\t", b"/p\t?a=\t1", b"/p?a=\x0c", b"/p?a=1\x1f",
    b"/p\x1f?a=1", b"\x1f/p?a=1", b"/p?a=1#\x1f", b"/p?a=1\r\nX-Y: z", b"/p?a=1\n", b"/p\x00?a=\x00",
    b"/p?a=1\x7f", b"/p?a=1\x0b\x0b", b"/q%3Fa=1\t", b"/x%3F\xc3\xa9?a=1", b"/x%3F%C3%A9\xc3\xa9=\xff?a",
    b"/p\nX: y", b"/p\r\nX-Y: z", b"/p?\rx", b"http://", b"http:", b"h", b"/p;x=1?a=1", b"//x/p;y?a=1",
]

ALPHA_PATH = ["a", "b", "p", "0", "-", ".", "_", "~", "/", "/", "%20", "%2F", "%3F", "%23", "%25", "%09", "%0A",
              "%C3%A9", "%FF", "%E2%82", ";", ",", ":", "@", "!", "$", "&", "'", "(", ")", "*", "+", "=", "%", "%zz"]
ALPHA_QUERY = ["&", "&", "&", "=", "=", "=", "+", "%", ";", "#", "?", "a", "b", "x", "0", "1", "%2B", "%26",
               "%3D", "%20", "%25", "%23", "%3F", "%C3", "%A9", "%C3%A9", "%E2%82%AC", "%FF", "%ED%A0%80", "%zz",
               "/", ":", "@", "!", "$", "'", "(", ")", "*", ",", "~", "-", ".", "_", "[", "]", "{", "}", "|", "\\",
               "^", "`", '"', "<", ">"]
RAW = [b"\xc3\xa9", b"\xe2\x82\xac", b"\xf0\x9f\x98\x80", b"\xc3", b"\xa9", b"\xff", b"\x80", b"\xed\xa0\x80"]
CONTROLS = [bytes([b]) for b in list(range(0, 0x21)) + [0x7F]]


def random_target(rng, controls):
    out = bytearray(b"/")
    for _ in range(rng.randrange(0, 6)):
        out += rng.choice(ALPHA_PATH).encode()
    if rng.random() < 0.1:
        out += rng.choice(RAW)
    if rng.random() < 0.9:
        out += b"?"
        for _ in range(rng.randrange(0, 24)):
            r = rng.random()
            if r < 0.85:
                out += rng.choice(ALPHA_QUERY).encode()
            elif r < 0.95 or not controls:
                out += rng.choice(RAW)
            else:
                out += rng.choice(CONTROLS)
    if controls and rng.random() < 0.5:
        i = rng.randrange(0, len(out) + 1)
        out[i:i] = rng.choice(CONTROLS)
    return bytes(out)


def random_absolute(rng):
    scheme = rng.choice([b"http", b"https", b"ws", b"x", b"HTTP", b"h1"])
    auth = rng.choice([b"x", b"x:80", b"x:", b"x:8a", b"[::1]", b"[::1]:80", b"[::1", b"u@x", b"u:p@x", b"@x",
                       b"x_y", b"x-y.z", b"x!y", b"x%41", b"[fe80::1%eth0]", b"", b"x:99999", b"x:65535"])
    rest = rng.choice([b"", b"/", b"/p", b"/p;q"]) + rng.choice([b"", b"?", b"?a=1", b"?a=1#f", b"#f", b"?a=1?b#c#d"])
    sep = rng.choice([b"://", b"://", b":/", b":", b":///"])
    return scheme + sep + auth + rest


def random_host(rng):
    if rng.random() < 0.7:
        return rng.choice([b"h", b"example.com", b"127.0.0.1", b"127.0.0.1:8000", b"localhost:8080"])
    return rng.choice(HOSTS)


def golden_cases():
    rng = random.Random(20261201)
    cases = []

    def add(group, target, host=b"h", variant="http", method="GET", extra=()):
        c = case(target, host=host, variant=variant, method=method, extra=extra)
        c["group"] = group
        cases.append(c)

    positions = {
        "path": lambda b: b"/p" + b + b"x?a=1",
        "query": lambda b: b"/p?a=" + b + b"&c=1",
        "query-end": lambda b: b"/p?a=1" + b,
        "path-end": lambda b: b"/p" + b,
        "lead": lambda b: b + b"/p?a=1",
        "fragment": lambda b: b"/p?a=1#" + b + b"x",
        "path-fragment": lambda b: b"/p#" + b + b"?a=1",
    }
    hosts = {
        "host": lambda b: b"h" + b + b"x",
        "host-lead": lambda b: b + b"h",
        "host-end": lambda b: b"h" + b,
    }
    for variant in ("http", "ws"):
        for pos, make in positions.items():
            for b in range(256):
                add("byte " + pos, make(bytes([b])), variant=variant)
        for pos, make in hosts.items():
            for b in range(256):
                add("byte " + pos, b"/p?a=1", host=make(bytes([b])), variant=variant)
    for variant in VARIANTS:
        for target in (b"/p?a=1", b"/p?a=1#x", b"/p?a=1#", b"/p?a=\xc3\xa9"):
            for method in ("GET", "POST"):
                add("variant", target, variant=variant, method=method)
        add("variant no host", b"/p?a=1", host=None, variant=variant)
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        for variant in ("http", "ws", "upgrade-only", "h2c"):
            for target in (b"/p?a=1#x", b"/q%3Fx=1?y=2", b"/p?a=\xc3\xa9"):
                add("method", target, variant=variant, method=method)
    for target in (b"/p?a=1#x", b"/p?a=1"):
        add("h2c body", target, variant="h2c", extra=(("Content-Length", "0"),))
        add("h2c body", target, variant="h2c", method="POST", extra=(("Content-Length", "0"),))
    for extra in (
        (("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Connection", "close")),
        (("Upgrade", "h2c"), ("Upgrade", "websocket"), ("Connection", "Upgrade")),
        (("Upgrade", "websocket"), ("Upgrade", "h2c"), ("Connection", "Upgrade")),
        (("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", "abc"), ("Sec-WebSocket-Version", "13")),
        (("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", WS_KEY), ("Sec-WebSocket-Key", WS_KEY), ("Sec-WebSocket-Version", "13")),
    ):
        add("repeated headers", b"/p?a=1", extra=extra)
    for host in HOSTS:
        for target in (b"/p?a=1", b"/q%3Fx=1?y=2"):
            for variant in ("http", "ws"):
                add("host", target, host=host, variant=variant)
    for target in TARGETS:
        for variant in ("http", "ws"):
            add("target", target, variant=variant)
            add("target", target, host=b"[::1]:8000", variant=variant)
    for rp in ("/r", "/r%3Fx=1", "/r%23", "r", "", "%2F%3F", "/r%C3%A9", "/r%FF", "/r?x", "/r#"):
        for target in (b"/p?a=1", b"/p"):
            add("root path", target, extra=(("Daphne-Root-Path", rp),))
            add("root path", target, variant="ws", extra=(("Daphne-Root-Path", rp),))
    add("root path", b"/p?a=1", extra=(("Daphne-Root-Path", b"/r\xc3\xa9"),))
    for xf in ("https", "http", "ws", "wss", "x?", "a#b", " ws ", "", "h/t", "HTTP", "x:y", "1x", "zz",
               b"\xe9?x", b"?\xe9", b"\x1fhttp\x1f", b"\xa0ws", b"x'y", b"\x01", b"a\\b"):
        for host in (b"h", b"h:x", b"[1:2]"):
            add("forwarded proto", b"/p?a=1", host=host, extra=(("X-Forwarded-Proto", xf),))
            add("forwarded proto", b"/p?a=1", host=host, variant="ws", extra=(("X-Forwarded-Proto", xf),))
    # Long targets: "/p?a=" and x up to n bytes. The golden file records
    # only n and, where the app answered, the length of its query string.
    for n in (4095, 4096, 8000, 16259, 16260, 16364, 16365, 16380, 81894, 81895, 90000):
        for variant in ("http", "ws"):
            add("length", b"/p?a=" + b"x" * (n - 5), variant=variant)
    for _ in range(1500):
        variant = "ws" if rng.random() < 0.4 else "http"
        add("random", random_target(rng, False), host=random_host(rng), variant=variant)
    for _ in range(600):
        variant = "ws" if rng.random() < 0.4 else "http"
        add("random controls", random_target(rng, True), host=random_host(rng), variant=variant)
    for _ in range(600):
        variant = "ws" if rng.random() < 0.3 else "http"
        add("random absolute", random_absolute(rng), variant=variant)
    for _ in range(300):
        extra = []
        if rng.random() < 0.5:
            extra.append(("Daphne-Root-Path", random_target(rng, False).split(b"?")[0]))
        if rng.random() < 0.5:
            extra.append(("X-Forwarded-Proto", rng.choice([b"https", b"x?", b"a#", b"", b"h t", b"ws"])))
        add("random headers", random_target(rng, False), host=random_host(rng),
            variant=rng.choice(["http", "ws", "upgrade-only", "ws-case"]), extra=tuple(extra))
    return cases


URL_ALPHA = ["a", "b", "z", "0", "9", "+", "-", ".", ":", ":", "/", "/", "/", "?", "#", "@", "[", "]", "%",
             "v", "V", "f", "F", "1", "::", ":8", "\t", "\r", "\n", " ", "\x00", "\x1f", ";", "=", "&",
             "\u00e9", "\u2100", "\uff0f", "\uff1f", "\u2047", "\ufe13", "\u00aa", "\u212a", "\u0130", "\U0001F600"]
URL_PIECES = ["http://", "https://", "ws://", "//", "[::1]", "[1:2]", "[v1.x]", "[v1.]", "[::ffff:1.2.3.4]",
              "[1.2.3.4]", "[fe80::1%eth0]", "[::1%]", "[a:b:c:d:e:f:1:2]", "[1::2::3]", "[::1]:80", "u:p@",
              "[0001::]", "[12345::]", "[::1.2.3.04]", "[1:2:3:4:5:6:7::]", "[::2:3:4:5:6:7:8]", "[:1]", "[1:]"]


def random_url(rng):
    out = ""
    if rng.random() < 0.2:
        out += rng.choice(["\x00", " ", "\x1f", "\t"])
    for _ in range(rng.randrange(0, 10)):
        out += rng.choice(URL_PIECES) if rng.random() < 0.25 else rng.choice(URL_ALPHA)
    return out


def split_answer(url):
    from urllib.parse import urlsplit
    try:
        r = urlsplit(url)
        return {"parts": [r.scheme, r.netloc, r.path, r.query, r.fragment]}
    except ValueError as e:
        return {"error": str(e)}


def unquote_vectors(rng):
    from urllib.parse import unquote
    pieces = ["%C3%A9", "%c3%a9", "%C3", "%A9", "%FF", "%80", "%ED%A0%80", "%F0%9F%98%80", "%F0%9F%98", "%E2%82",
              "%E0%80%AF", "%C0%AF", "%F4%90%80%80", "%2B", "%25", "%3F", "%4g", "%", "%%", "+", "a", "/", "\u00e9",
              "\U0001F600", "%0A", "%00", " "]
    out = []
    for _ in range(1500):
        s = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        out.append({"in": s.encode().hex(), "out": unquote(s).encode().hex()})
    return out


def compact(c, ans):
    """An answer without what the Go side does not read; for a long target,
    only the status and the length of the query string."""
    out = {"status": ans["status"]}
    if "app" in ans:
        out["app"] = ans["app"]
        if c["group"] == "length":
            out["app"] = {"type": ans["app"]["type"], "qs_len": len(ans["app"]["qs"]) // 2}
    return out


def golden():
    import platform
    cases = golden_cases()
    servers = Servers(1800)
    try:
        results = probe_all(servers, cases)
    finally:
        servers.stop()
    answers, index = [], {}
    rows = []
    for c, r in zip(cases, results):
        row = {}
        for name in CONFIGS:
            a = json.dumps(compact(c, r[name]), sort_keys=True)
            if a not in index:
                index[a] = len(answers)
                answers.append(json.loads(a))
            row[name] = index[a]
        rows.append(row)
    for c, row in zip(cases, rows):
        c["answers"] = row
        if c["group"] == "length":
            c["length"] = len(bytes.fromhex(c.pop("target")))
    rng = random.Random(20261202)
    urls = [random_url(rng) for _ in range(3000)] + [
        "http://h/p?a=1#x", "http://[1:2]/p", "http://[::1]/p", "//[v1.x]/", "//[v1.]/", "//a]b[/", "//[a]b/",
        "//u@[::1]:80/", "//[::1]x/", "http://\u2100/", "http://a\u2100b:80/", "\x00 http://h/", "ht\ttp://h/",
        "1http://h/", "http:h/p", "HTTP://H/P", "h+-.:x", ":x", "", "?", "#", "//", "//h?#", "a:?#",
    ]
    doc = {
        "about": "Written by testdata/oracle/servers_oracle.py golden; do not edit.",
        "versions": versions(),
        "python": platform.python_version(),
        "cases": cases,
        "answers": answers,
        "urlsplit": [dict(split_answer(u), url=u.encode().hex()) for u in urls],
        "unquote": unquote_vectors(rng),
    }
    json.dump(doc, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


def versions():
    """The version of each Python package measured, and of the Debian
    package that carries it where dpkg knows it."""
    from importlib import metadata
    out = {}
    for dist, deb in (("starlette", "python3-starlette"), ("uvicorn", "python3-uvicorn"), ("h11", "python3-h11"),
                      ("httptools", "python3-httptools"), ("websockets", "python3-websockets"),
                      ("wsproto", "python3-wsproto"), ("hypercorn", "python3-hypercorn"), ("daphne", "python3-daphne"),
                      ("Twisted", "python3-twisted"), ("autobahn", "python3-autobahn")):
        try:
            v = metadata.version(dist)
        except metadata.PackageNotFoundError:
            v = "unknown"
        try:
            d = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", deb], capture_output=True, text=True).stdout
        except OSError:
            d = ""
        out[dist.lower()] = v + (" (Debian %s)" % d if d else "")
    return out


def main():
    args = sys.argv[1:]
    if args[:1] == ["run"]:
        run_server(args[1], int(args[2]), float(args[3]))
    elif args[:1] == ["probe"]:
        variant = os.environ.get("VARIANT", "http")
        servers = Servers(120)
        try:
            cases = []
            for s in args[1:]:
                c = parse_probe_line(s)
                c["headers"] = VARIANTS[variant]
                cases.append(c)
            for c, r in zip(cases, probe_all(servers, cases)):
                print(bytes.fromhex(c["target"]))
                for name, ans in r.items():
                    print("   %-26s %s" % (name, json.dumps(ans)))
        finally:
            servers.stop()
    elif args[:1] == ["golden"]:
        golden()
    elif args[:1] == ["serve"]:
        serve(float(args[1]) if len(args) > 1 else 600)
    else:
        sys.exit("usage: servers_oracle.py golden|serve [LIFETIME]|probe LINE...")


def serve(lifetime):
    servers = Servers(lifetime)
    try:
        sys.stdout.write(json.dumps({"servers": list(servers.ports)}) + "\n")
        sys.stdout.flush()
        batch = []
        for line in sys.stdin:
            if not line.strip():
                # a blank line ends a batch: answer it, probing its cases in parallel
                for r in probe_all(servers, batch):
                    sys.stdout.write(json.dumps(r) + "\n")
                sys.stdout.flush()
                batch = []
                continue
            batch.append(json.loads(line))
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
