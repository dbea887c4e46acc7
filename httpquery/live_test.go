package httpquery

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestLiveServers sends fresh raw requests both to a real net/http server,
// whose handler captures each *http.Request, and to every ASGI server
// (started by testdata/oracle/servers_oracle.py serve), and compares what
// the model says of each captured request with what each server did.

var (
	serversCases = flag.Int("servers.n", 1200, "number of requests TestLiveServers sends to each server")
	serversSeed  = flag.Uint64("servers.seed", 0, "seed of TestLiveServers' requests (0: from the clock)")
)

const serversPython = "/usr/bin/python3"

// serversUnavailable returns why the servers cannot run here, or "".
func serversUnavailable() string {
	const probe = "import starlette, uvicorn, httptools, websockets, wsproto, hypercorn, daphne"
	out, err := exec.Command(serversPython, "-c", probe).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("the ASGI servers are not available to %s (%v: %s); install them with: "+
			"apt-get install -y python3-starlette python3-uvicorn python3-httptools python3-wsproto "+
			"python3-websockets python3-hypercorn python3-daphne", serversPython, err, strings.TrimSpace(string(out)))
	}
	return ""
}

// liveServers is a running servers_oracle.py serve.
type liveServers struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
	done chan struct{}
}

// startServers starts the servers for t and stops them when t ends, or
// skips t when they are not installed (fails with QUERYPARAMS_ORACLE=require).
func startServers(t *testing.T) *liveServers {
	t.Helper()
	if why := serversUnavailable(); why != "" {
		if os.Getenv("QUERYPARAMS_ORACLE") == "require" {
			t.Fatal(why + " (QUERYPARAMS_ORACLE=require)")
		}
		t.Skip(why)
	}
	// The servers end themselves after 600 s whatever happens here.
	cmd := exec.Command(serversPython, "../testdata/oracle/servers_oracle.py", "serve", "600")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ls := &liveServers{cmd: cmd, in: in, out: bufio.NewScanner(out), done: make(chan struct{})}
	ls.out.Buffer(make([]byte, 1<<20), 64<<20)
	go func() { cmd.Wait(); close(ls.done) }()
	t.Cleanup(func() {
		in.Close() // the script stops every server it started by its process id, then exits
		select {
		case <-ls.done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-ls.done
		}
	})
	if !ls.out.Scan() {
		t.Fatalf("the servers did not start: %v", ls.out.Err())
	}
	var hello struct{ Servers []string }
	if err := json.Unmarshal(ls.out.Bytes(), &hello); err != nil || len(hello.Servers) != len(configs) {
		t.Fatalf("servers_oracle.py said %q", ls.out.Bytes())
	}
	return ls
}

// ask sends one batch of cases and returns each server's answers.
func (ls *liveServers) ask(t *testing.T, cases []goldenCase) []map[string]serverAnswer {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		w := bufio.NewWriter(ls.in)
		enc := json.NewEncoder(w)
		for _, c := range cases {
			if err := enc.Encode(c); err != nil {
				errc <- err
				return
			}
		}
		w.WriteString("\n")
		errc <- w.Flush()
	}()
	out := make([]map[string]serverAnswer, len(cases))
	for i := range out {
		if !ls.out.Scan() {
			t.Fatalf("the servers stopped after %d answers: %v", i, ls.out.Err())
		}
		if err := json.Unmarshal(ls.out.Bytes(), &out[i]); err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	return out
}

// rawRequest is the bytes of a case, as servers_oracle.py builds them.
func rawRequest(t testing.TB, c *goldenCase) []byte {
	var b strings.Builder
	b.WriteString(c.Method + " " + mustHex(t, c.Target) + " HTTP/1.1\r\n")
	if c.Host != nil {
		b.WriteString("Host: " + mustHex(t, *c.Host) + "\r\n")
	}
	for _, h := range c.Headers {
		b.WriteString(h[0] + ": " + mustHex(t, h[1]) + "\r\n")
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// capture is a net/http server that keeps the request each connection
// carries, keyed by the client's address.
type capture struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs map[string]*http.Request
}

func newCapture() *capture {
	c := &capture{reqs: map[string]*http.Request{}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kept := r.Clone(r.Context())
		kept.Body = nil
		c.mu.Lock()
		c.reqs[r.RemoteAddr] = kept
		c.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	return c
}

// send sends raw over a connection of its own and returns the request Go's
// server handed its handler, or nil when net/http refused the bytes.
func (c *capture) send(raw []byte) (*http.Request, error) {
	conn, err := net.DialTimeout("tcp", c.srv.Listener.Addr().String(), 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(raw); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.reqs[conn.LocalAddr().String()]
	delete(c.reqs, conn.LocalAddr().String())
	return r, nil
}

// The alphabets of live requests: only bytes Go's server accepts in a
// target (21-7E but controls, and 80-FF), weighted toward what the servers
// and roads read differently.
var (
	livePath = []string{"a", "b", "p", "0", "-", ".", "_", "~", "/", "/", "%20", "%2F", "%3F", "%3f", "%23", "%25",
		"%09", "%0A", "%C3%A9", "%FF", "%E2%82", ";", ",", ":", "@", "!", "$", "&", "'", "(", ")", "*", "+", "=",
		"#"} // no malformed escape: net/url refuses it in a path
	liveQuery = []string{"&", "&", "&", "=", "=", "=", "+", "%", ";", "#", "#", "?", "a", "b", "x", "0", "1", "%2B",
		"%26", "%3D", "%20", "%25", "%23", "%3F", "%C3", "%A9", "%C3%A9", "%E2%82%AC", "%FF", "%ED%A0%80", "%zz",
		"/", ":", "@", "!", "$", "'", "(", ")", "*", ",", "~", "-", ".", "_", "[", "]", "{", "}", "|", "\\", "^",
		"`", `"`, "<", ">"}
	// liveRaw are raw bytes 80-FF, valid UTF-8 and not, which every server
	// but httptools refuses somewhere; a quarter of requests hold them.
	liveRaw   = []string{"é", "€", "😀", "\xc3", "\xa9", "\xff", "\x80", "\xed\xa0\x80"}
	liveHosts = []string{"h", "h", "example.com", "127.0.0.1", "127.0.0.1:8000", "localhost:8080", "EXAMPLE.com",
		"h:80", "h:x", "h:", "h:+1", "[::1]", "[::1]:8000", "[1:2]", "[1:2]:80", "[::ffff:1.2.3.4]", "[v1.x]", "[]",
		"h_x", "h!x", "[::1]x", "h:8000:80", "a.b-c"}
	liveVariants = []string{"http", "http", "http", "http", "ws", "ws", "ws", "upgrade-only", "connection-only",
		"ws-h2c", "ws-case", "h2c", "connection-close"}
)

// liveVariantHeaders are the headers of each variant, as servers_oracle.py
// names them.
var liveVariantHeaders = map[string][][2]string{
	"http": nil,
	"ws": {{"Upgrade", "websocket"}, {"Connection", "Upgrade"},
		{"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}},
	"upgrade-only":     {{"Upgrade", "websocket"}, {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}},
	"connection-only":  {{"Connection", "Upgrade"}, {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}},
	"ws-h2c":           {{"Upgrade", "websocket, h2c"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}},
	"ws-case":          {{"Upgrade", "WebSocket"}, {"Connection", "keep-alive, Upgrade"}, {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}},
	"h2c":              {{"Upgrade", "h2c"}, {"Connection", "Upgrade, HTTP2-Settings"}, {"HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA"}},
	"connection-close": {{"Connection", "close"}},
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// liveCase returns a fresh request net/http should accept.
func liveCase(rng *rand.Rand) goldenCase {
	var b strings.Builder
	raw := rng.IntN(4) == 0
	token := func(alphabet []string) string {
		if raw && rng.IntN(8) == 0 {
			return pick(rng, liveRaw)
		}
		return pick(rng, alphabet)
	}
	b.WriteString("/")
	for range rng.IntN(6) {
		b.WriteString(token(livePath))
	}
	if rng.IntN(10) < 9 {
		b.WriteString("?")
		for range rng.IntN(24) {
			b.WriteString(token(liveQuery))
		}
	}
	host := hex.EncodeToString([]byte(pick(rng, liveHosts)))
	variant := pick(rng, liveVariants)
	c := goldenCase{Group: "live", Variant: variant, Method: "GET", Target: hex.EncodeToString([]byte(b.String())), Host: &host}
	if rng.IntN(20) == 0 {
		c.Method = "POST"
	}
	hs := slices.Clone(liveVariantHeaders[variant])
	switch rng.IntN(20) {
	case 0:
		hs = append(hs, [2]string{"X-Forwarded-Proto", pick(rng, []string{"https", "x?", "a#b", "", "zz", "h/t"})})
	case 1:
		hs = append(hs, [2]string{"Daphne-Root-Path", pick(rng, []string{"/r", "/r%3Fx=1", "/r%23", "r"})})
	}
	for _, h := range hs {
		c.Headers = append(c.Headers, [2]string{h[0], hex.EncodeToString([]byte(h[1]))})
	}
	return c
}

func TestLiveServers(t *testing.T) {
	ls := startServers(t)
	cp := newCapture()
	defer cp.srv.Close()
	seed := *serversSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -servers.seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	counts := map[string]*[3]int{}   // per server: agree, model declines, disagree
	outcomes := map[string]*[3]int{} // per server: refused, plain request, WebSocket
	for name := range configs {
		counts[name], outcomes[name] = new([3]int), new([3]int)
	}
	goRefused, consistent, total := 0, 0, 0
	const batch = 500
	for total < *serversCases {
		n := min(batch, *serversCases-total)
		cases := make([]goldenCase, n)
		for i := range cases {
			cases[i] = liveCase(rng)
		}
		reqs := make([]*http.Request, n)
		var wg sync.WaitGroup
		sem := make(chan struct{}, 8)
		for i := range cases {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				r, err := cp.send(rawRequest(t, &cases[i]))
				if err == nil {
					reqs[i] = r
				}
			}()
		}
		wg.Wait()
		answers := ls.ask(t, cases)
		for i, c := range cases {
			r := reqs[i]
			if r == nil {
				goRefused++
				if goRefused <= 5 {
					t.Logf("net/http refuses %s", c.describe(t))
				}
				continue
			}
			for name, a := range answers[i] {
				switch {
				case a.App == nil:
					outcomes[name][0]++
				case a.App.Type == "http":
					outcomes[name][1]++
				default:
					outcomes[name][2]++
				}
				switch d := compareAnswer(t, configs[name], r, a); d {
				case "":
					counts[name][0]++
				case "skip":
					counts[name][1]++
				default:
					counts[name][2]++
					if counts[name][2] <= 5 {
						t.Errorf("%s: %s:\n%s", name, c.describe(t), d)
					}
				}
			}
			if checkConsistentLive(t, r, &c, answers[i]) {
				consistent++
			}
		}
		total += n
	}
	for name, n := range counts {
		o := outcomes[name]
		t.Logf("%-26s %d agree, %d the model declines, %d disagree (the server refused %d, read %d as plain requests and %d as WebSocket)",
			name, n[0], n[1], n[2], o[0], o[1], o[2])
		if n[2] > 0 {
			t.Errorf("%s: %d of %d requests disagree with the model; seed %d", name, n[2], total-goRefused, seed)
		}
	}
	t.Logf("%d requests, %d refused by net/http itself, %d consistent", total, goRefused, consistent)
}

// checkConsistentLive checks, for a request Consistent passes, that the
// four real servers read its query alike on both roads, and that
// FromRequest reads what uvicorn --http h11 does.
func checkConsistentLive(t *testing.T, r *http.Request, c *goldenCase, answers map[string]serverAnswer) bool {
	t.Helper()
	if a := answers["uvicorn-h11"]; a.App != nil {
		if d := cmp.Diff(hexPairs(t, a.App.QP), pairsOf(FromRequest(r))); d != "" {
			t.Errorf("FromRequest disagrees with uvicorn-h11 on %s (-want +got):\n%s", c.describe(t), d)
		}
	}
	if Consistent(r) != nil {
		return false
	}
	var first [][2]string
	for _, s := range Servers() {
		a := answers[s.String()]
		if a.App == nil || a.App.URLError != nil {
			t.Errorf("Consistent passes %s, but %s answers %d", c.describe(t), s, a.Status)
			return true
		}
		for _, ps := range [][][2]string{a.App.QP, a.App.URL} {
			got := hexPairs(t, ps)
			if first == nil {
				first = got
			} else if !cmp.Equal(first, got) {
				t.Errorf("Consistent passes %s, but %s reads %q where another reading gives %q", c.describe(t), s, got, first)
			}
		}
	}
	return true
}
