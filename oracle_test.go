package queryparams

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// This file checks the library against the real Starlette, twice over:
// TestGolden replays testdata/starlette_golden.json, which
// testdata/oracle/starlette_oracle.py wrote with the real Starlette, and needs
// no Python; TestLiveOracle sends freshly generated inputs to a running
// Starlette and compares every answer.

var (
	oracleCases = flag.Int("oracle.n", 20000, "number of inputs TestLiveOracle sends to Starlette")
	oracleSeed  = flag.Uint64("oracle.seed", 0, "seed of TestLiveOracle's inputs (0: from the clock)")
)

// oraclePython is Debian's interpreter, the one that sees python3-starlette;
// a python3 earlier on PATH may not.
const oraclePython = "/usr/bin/python3"

// oracleRequest is one line sent to starlette_oracle.py serve.
type oracleRequest struct {
	Mode      string `json:"mode"`            // "str", "bytes" or "pairs"
	Input     any    `json:"input"`           // hex of the query, or the pairs as [][2]string
	Other     string `json:"other,omitempty"` // hex of a query to compare with Equal
	OtherMode string `json:"other_mode,omitempty"`
	Ops       []any  `json:"ops,omitempty"` // MultiDict operations applied to the query (see applyOps)
}

// answer is everything Starlette can be asked about one QueryParams.
type answer struct {
	MultiItems [][2]string `json:"multi_items"`
	Keys       []string    `json:"keys"`
	Values     []string    `json:"values"`
	Items      [][2]string `json:"items"`
	Len        int         `json:"len"`
	Str        string      `json:"str"`
	Repr       string      `json:"repr"`
	Probes     []probe     `json:"probes"`
	Equal      *bool       `json:"equal,omitempty"`
	Error      string      `json:"error,omitempty"`
}

// probe is the answer to looking one key up.
type probe struct {
	Key     string   `json:"key"`
	Has     bool     `json:"has"`
	Get     *string  `json:"get"` // nil: Python's None, an absent key
	GetList []string `json:"getlist"`
}

// observe asks p every question in want, in the same order, so the two can
// be compared whole.
func observe(p Params, want answer) answer {
	got := answer{
		MultiItems: pairsToLists(p.MultiItems()),
		Keys:       orEmpty(p.Keys()),
		Values:     orEmpty(p.Values()),
		Items:      pairsToLists(p.Items()),
		Len:        p.Len(),
		Str:        p.String(),
		Repr:       p.GoString(),
	}
	for _, pr := range want.Probes {
		var get *string
		if v, ok := p.Lookup(pr.Key); ok {
			get = &v
		}
		got.Probes = append(got.Probes, probe{pr.Key, p.Has(pr.Key), get, orEmpty(p.GetList(pr.Key))})
	}
	return got
}

func pairsToLists(ps []Pair) [][2]string {
	out := [][2]string{}
	for _, p := range ps {
		out = append(out, [2]string{p.Key, p.Value})
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// build makes the Params that mirrors the oracle's QueryParams for a request.
func build(t testing.TB, mode string, input any) Params {
	t.Helper()
	return buildWith(t, mode, input, standard())
}

// buildWith is build, parsing as rd says.
func buildWith(t testing.TB, mode string, input any, rd reading) Params {
	t.Helper()
	switch mode {
	case "str", "bytes":
		raw, err := hex.DecodeString(input.(string))
		if err != nil {
			t.Fatalf("bad hex %q: %v", input, err)
		}
		if mode == "str" {
			return parseWith(string(raw), false, rd)
		}
		p := parseBytesWith(raw, rd)
		clear(raw) // ParseBytes copies what it keeps, so raw may be reused
		return p
	case "latin1": // the oracle's "bytes", read by ParseLatin1
		raw, err := hex.DecodeString(input.(string))
		if err != nil {
			t.Fatalf("bad hex %q: %v", input, err)
		}
		return parseLatin1With(string(raw), rd)
	case "pairs":
		return New(jsonPairs(input)...)
	}
	t.Fatalf("unknown mode %q", mode)
	return Params{}
}

// applyOps applies the oracle's MultiDict operations to p with the
// methods that mirror them.
func applyOps(t testing.TB, p Params, ops []any) Params {
	t.Helper()
	for _, op := range ops {
		op := op.([]any)
		switch op[0] {
		case "with":
			p = p.With(op[1].(string), op[2].(string))
		case "add":
			p = p.Add(op[1].(string), op[2].(string))
		case "without":
			p = p.Without(strs(op[1])...)
		case "setlist":
			p = p.SetList(op[1].(string), strs(op[2])...)
		case "update":
			p = p.Update(New(jsonPairs(op[1])...))
		default:
			t.Fatalf("unknown op %v", op)
		}
	}
	return p
}

// applyURLOps applies the oracle's URL helper calls to u.
func applyURLOps(t testing.TB, u *url.URL, ops []any) *url.URL {
	t.Helper()
	for _, op := range ops {
		op := op.([]any)
		switch op[0] {
		case "include":
			u = IncludeQueryParams(u, jsonPairs(op[1])...)
		case "replace":
			u = ReplaceQueryParams(u, jsonPairs(op[1])...)
		case "remove":
			u = RemoveQueryParams(u, strs(op[1])...)
		default:
			t.Fatalf("unknown op %v", op)
		}
	}
	return u
}

// strs converts a decoded JSON array of strings.
func strs(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

// jsonPairs converts a decoded JSON array of [key, value] arrays.
func jsonPairs(v any) []Pair {
	var out []Pair
	for _, kv := range v.([]any) {
		kv := kv.([]any)
		out = append(out, Pair{kv[0].(string), kv[1].(string)})
	}
	return out
}

// describeCall names the Go call that a request mirrors, for failure messages.
func describeCall(mode string, input any) string {
	switch mode {
	case "str":
		raw, _ := hex.DecodeString(input.(string))
		return fmt.Sprintf("Parse(%q)", raw)
	case "bytes":
		raw, _ := hex.DecodeString(input.(string))
		return fmt.Sprintf("ParseBytes([]byte(%q))", raw)
	case "latin1":
		raw, _ := hex.DecodeString(input.(string))
		return fmt.Sprintf("ParseLatin1(%q)", raw)
	}
	return fmt.Sprintf("New(%v)", input)
}

// golden is testdata/starlette_golden.json.
type golden struct {
	Starlette string `json:"starlette"`
	Python    string `json:"python"`
	Cases     []struct {
		Mode  string `json:"mode"`
		Input any    `json:"input"`
		Ops   []any  `json:"ops"`
		Want  answer `json:"want"`
	} `json:"cases"`
	URLs []struct {
		Input string `json:"input"`
		Ops   []any  `json:"ops"`
		Want  struct {
			URL   string `json:"url"`
			Query string `json:"query"`
		} `json:"want"`
	} `json:"urls"`
	Equal []struct {
		Mode  string `json:"mode"`
		A     string `json:"a"`
		B     string `json:"b"`
		Equal bool   `json:"equal"`
	} `json:"equal"`
}

var loadGolden = sync.OnceValues(func() (*golden, error) {
	data, err := os.ReadFile("testdata/starlette_golden.json")
	if err != nil {
		return nil, err
	}
	g := new(golden)
	return g, json.Unmarshal(data, g)
})

func TestGolden(t *testing.T) {
	replayGolden(t, standard())
}

// TestGoldenPaths replays the golden file through the parser's other
// paths, which most golden queries, being short, do not take (see
// readings).
func TestGoldenPaths(t *testing.T) {
	for _, r := range readings {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			replayGolden(t, r.rd)
		})
	}
}

// readings are the parser's paths that the golden replay and FuzzParse run
// every input through, on any machine: the search of the fields, with the
// assembly of vector_amd64.s where the CPU runs it and without it, the stop
// masks of inputs of up to maxMaskQuery bytes where the CPU runs them, and
// of longer ones window by window, reading every field byte by byte, and
// parseLong, used for queries too long for spans (2 GiB and more).
var readings = []struct {
	name string
	rd   reading
}{
	{"search", reading{spanLimit: maxSpanText}},
	{"masks", reading{spanLimit: maxSpanText, maskLimit: maxMaskQuery}},
	{"windows", reading{spanLimit: maxSpanText, maskLimit: maxMaskQuery, windows: true}},
	{"search-portable", reading{spanLimit: maxSpanText, portable: true}},
	{"bytewise", reading{shortQuery: math.MaxInt, spanLimit: maxSpanText}},
	{"long", reading{shortQuery: standard().shortQuery, shortField: standard().shortField}},
	{"long-portable", reading{shortQuery: standard().shortQuery, shortField: standard().shortField, portable: true}},
}

// replayGolden checks the package against every answer of Starlette's that
// the golden file records.
func replayGolden(t *testing.T, rd reading) {
	g, err := loadGolden()
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) < 5000 || len(g.Equal) == 0 {
		t.Fatalf("golden file has %d cases and %d equality pairs; want at least 5000 and some", len(g.Cases), len(g.Equal))
	}
	mismatches := 0
	for _, c := range g.Cases {
		if c.Ops == nil {
			checkReference(t, c.Mode, c.Input, c.Want)
		}
		modes := []string{c.Mode}
		if c.Mode == "bytes" {
			modes = append(modes, "latin1")
		}
		for _, mode := range modes {
			got := observe(applyOps(t, buildWith(t, mode, c.Input, rd), c.Ops), c.Want)
			if diff := cmp.Diff(c.Want, got); diff != "" {
				mismatches++
				if mismatches <= 10 {
					t.Errorf("%s disagrees with Starlette %s (-want +got):\n%s", describeCall(mode, c.Input), g.Starlette, diff)
				}
			}
		}
	}
	for _, e := range g.Equal {
		a, b := buildWith(t, e.Mode, e.A, rd), buildWith(t, e.Mode, e.B, rd)
		if got := a.Equal(b); got != e.Equal {
			mismatches++
			if mismatches <= 10 {
				t.Errorf("%s.Equal(%s) = %v, want %v", describeCall(e.Mode, e.A), describeCall(e.Mode, e.B), got, e.Equal)
			}
		}
	}
	for _, c := range g.URLs {
		u, err := url.Parse(c.Input)
		if err != nil {
			t.Fatal(err)
		}
		got := applyURLOps(t, u, c.Ops)
		if got.RawQuery != c.Want.Query || got.String() != c.Want.URL || u.String() != c.Input {
			mismatches++
			t.Errorf("URL %q after %v = %q, want %q (Starlette); input now %q", c.Input, c.Ops, got, c.Want.URL, u)
		}
	}
	if mismatches > 0 {
		t.Errorf("%d of %d golden answers differ", mismatches, len(g.Cases)+len(g.Equal)+len(g.URLs))
	}
	t.Logf("%d cases, %d equality pairs and %d URL edits agree with Starlette %s (Python %s)",
		len(g.Cases), len(g.Equal), len(g.URLs), g.Starlette, g.Python)
}

// checkReference checks the reference model of refmodel_test.go against one
// of Starlette's answers, so that the fuzz targets that trust it are sound.
func checkReference(t *testing.T, mode string, input any, want answer) {
	t.Helper()
	var pairs []Pair
	switch mode {
	case "str", "bytes":
		raw, _ := hex.DecodeString(input.(string))
		if mode == "str" {
			pairs = refParse(string(raw))
		} else {
			pairs = refParseBytes(raw)
		}
		if got := pairsToLists(pairs); !cmp.Equal(got, want.MultiItems) {
			t.Errorf("reference model: %s = %q, want %q", describeCall(mode, input), got, want.MultiItems)
		}
	}
	if pairs != nil {
		if got := refEncode(pairs); got != want.Str {
			t.Errorf("reference model: refEncode of %s = %q, want %q", describeCall(mode, input), got, want.Str)
		}
	}
}

// oracle is a running starlette_oracle.py serve.
type oracle struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

// oracleUnavailable returns why the live oracle cannot run here, or "".
func oracleUnavailable() string {
	out, err := exec.Command(oraclePython, "-c", "import starlette.datastructures").CombinedOutput()
	if err != nil {
		return fmt.Sprintf("Starlette is not available to %s (%v: %s); install it with: apt-get install -y python3-starlette",
			oraclePython, err, strings.TrimSpace(string(out)))
	}
	return ""
}

// skipWithoutOracle skips t, or fails it when QUERYPARAMS_ORACLE=require.
func skipWithoutOracle(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("QUERYPARAMS_ORACLE") == "require" {
		t.Fatal(why + " (QUERYPARAMS_ORACLE=require)")
	}
	t.Skip(why)
}

// startOracle starts the live oracle for t and stops it when t ends, or
// skips t when Starlette is not installed (fails with
// QUERYPARAMS_ORACLE=require).
func startOracle(t testing.TB) *oracle {
	t.Helper()
	if why := oracleUnavailable(); why != "" {
		skipWithoutOracle(t, why)
	}
	o := spawnOracle(t)
	t.Cleanup(func() { o.in.Close(); o.cmd.Wait() })
	return o
}

// spawnOracle starts starlette_oracle.py serve.
func spawnOracle(t testing.TB) *oracle {
	t.Helper()
	cmd := exec.Command(oraclePython, "testdata/oracle/starlette_oracle.py", "serve")
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
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	return &oracle{cmd, in, sc}
}

// askAll sends every request and returns the answers in order. Requests are
// written from a second goroutine so that neither side's pipe fills up.
func (o *oracle) askAll(t testing.TB, reqs []oracleRequest) []answer {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		w := bufio.NewWriter(o.in)
		enc := json.NewEncoder(w)
		for _, r := range reqs {
			if err := enc.Encode(r); err != nil {
				errc <- err
				return
			}
		}
		errc <- w.Flush()
	}()
	answers := make([]answer, len(reqs))
	for i := range answers {
		if !o.out.Scan() {
			t.Fatalf("oracle stopped after %d answers: %v", i, o.out.Err())
		}
		if err := json.Unmarshal(o.out.Bytes(), &answers[i]); err != nil {
			t.Fatalf("oracle answer %d: %v", i, err)
		}
		if answers[i].Error != "" {
			t.Fatalf("oracle failed on %+v: %s", reqs[i], answers[i].Error)
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	return answers
}

// compare checks Params built for each request against the oracle's answers
// and returns how many differ.
func compare(t testing.TB, reqs []oracleRequest, answers []answer) int {
	t.Helper()
	mismatches := 0
	for i, r := range reqs {
		p := applyOps(t, build(t, r.Mode, r.Input), r.Ops)
		got := observe(p, answers[i])
		want := answers[i]
		if want.Equal != nil {
			eq := p.Equal(build(t, r.OtherMode, r.Other))
			got.Equal = &eq
		}
		if diff := cmp.Diff(want, got); diff != "" {
			mismatches++
			if mismatches <= 10 {
				t.Errorf("%s disagrees with Starlette (-want +got):\n%s", describeCall(r.Mode, r.Input), diff)
			}
		}
	}
	return mismatches
}

func TestLiveOracle(t *testing.T) {
	o := startOracle(t)
	seed := *oracleSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -oracle.seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	const batch = 5000
	total, mismatches := 0, 0
	for total < *oracleCases {
		n := min(batch, *oracleCases-total)
		reqs := make([]oracleRequest, n)
		for i := range reqs {
			reqs[i] = randomRequest(rng)
		}
		mismatches += compare(t, reqs, o.askAll(t, reqs))
		total += n
		if mismatches > 0 {
			break
		}
	}
	if mismatches > 0 {
		t.Fatalf("%d of %d inputs disagree with Starlette; seed %d", mismatches, total, seed)
	}
	t.Logf("%d inputs agree with Starlette", total)
}

// randomRequest returns a request for a query drawn from queryAlphabet, read
// through Parse or ParseBytes, sometimes with a second query to compare.
func randomRequest(rng *rand.Rand) oracleRequest {
	raw := randomQuery(rng)
	mode := "str"
	if rng.IntN(2) == 0 {
		mode = "bytes"
	}
	r := oracleRequest{Mode: mode, Input: hex.EncodeToString(raw)}
	switch rng.IntN(8) {
	case 0, 1:
		r.Other, r.OtherMode = hex.EncodeToString(relatedQuery(rng, raw)), mode
	case 2:
		r.Ops = randomOps(rng)
	}
	return r
}

// opKeys are the keys random MultiDict operations use; they collide with
// the keys of randomQuery often enough.
var opKeys = []string{"a", "b", "A", "a b", "é", "", "\uFFFD", "\xff"}

// randomOps returns one to four random MultiDict operations, as the oracle's
// apply_ops reads them.
func randomOps(rng *rand.Rand) []any {
	key := func() any { return opKeys[rng.IntN(len(opKeys))] }
	value := func() any { return randomValue(rng) }
	var ops []any
	for range 1 + rng.IntN(4) {
		switch rng.IntN(5) {
		case 0:
			ops = append(ops, []any{"with", key(), value()})
		case 1:
			ops = append(ops, []any{"add", key(), value()})
		case 2:
			ops = append(ops, []any{"without", []any{key(), key()}[:rng.IntN(3)]})
		case 3:
			ops = append(ops, []any{"setlist", key(), []any{value(), value()}[:rng.IntN(3)]})
		case 4:
			ops = append(ops, []any{"update", []any{[]any{key(), value()}, []any{key(), value()}}[:rng.IntN(3)]})
		}
	}
	return ops
}

// randomValue returns a short value with the bytes that need encoding.
func randomValue(rng *rand.Rand) string {
	const chars = "ab &=+%;#"
	b := make([]byte, rng.IntN(5))
	for i := range b {
		b[i] = chars[rng.IntN(len(chars))]
	}
	return string(b)
}

// queryAlphabet is weighted toward the bytes that steer parsing (& = + % ;),
// hex digits and near-hex, escapes of every UTF-8 class, raw multi-byte and
// invalid UTF-8, controls and NUL.
var queryAlphabet = []string{
	"&", "&", "&", "=", "=", "=", "+", "+", "%", "%", "%", ";", "#", "?", " ",
	"a", "b", "A", "0", "1", "9", "c", "F", "f", "g", "G", "z",
	"%2B", "%26", "%3D", "%20", "%25", "%41", "%4g", "%%",
	"%C3", "%A9", "%C3%A9", "%E2%82%AC", "%E2%82", "%F0%9F%98%80", "%F0%9F%98",
	"%FF", "%80", "%C0%AF", "%ED%A0%80", "%E0%80%AF", "%F4%90%80%80", "%EF%BB%BF",
	"é", "€", "😀", "漢", "\x00", "\x01", "\x1f", "\x7f", "\n",
	"\xc3", "\xa9", "\xff", "\x80", "\xed\xa0\x80", "\xf0\x9f\x98", "\xe0\x80", "\xf4\x90", "\xc0\xaf",
}

// randomQuery draws up to 48 tokens from queryAlphabet.
func randomQuery(rng *rand.Rand) []byte {
	var b []byte
	for range rng.IntN(48) {
		b = append(b, queryAlphabet[rng.IntN(len(queryAlphabet))]...)
	}
	return b
}

// relatedQuery returns a query that often equals raw in Starlette's eyes: its
// fields shuffled, one repeated, or '+' re-spelled; or an unrelated one.
func relatedQuery(rng *rand.Rand, raw []byte) []byte {
	fields := strings.Split(string(raw), "&")
	switch rng.IntN(4) {
	case 0:
		rng.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
		return []byte(strings.Join(fields, "&"))
	case 1:
		return []byte(string(raw) + "&" + fields[rng.IntN(len(fields))])
	case 2:
		return []byte(strings.ReplaceAll(string(raw), "+", "%20"))
	}
	return randomQuery(rng)
}
