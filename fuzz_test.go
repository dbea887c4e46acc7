package queryparams

import (
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// Fuzz targets. Each checks, on every input, that nothing panics, that the
// laws of properties_test.go hold, and that the library agrees with the
// reference model of refmodel_test.go, a plain transcription of
// docs/semantics.md that shares no code with the package. Seeds: the table of
// parse_test.go, every input of the golden file, and any crasher kept under
// testdata/fuzz/.

// addQuerySeeds adds every table and golden input, read by the entry point
// that bytes selects.
func addQuerySeeds(f *testing.F, bytes bool) {
	for _, c := range parseCases {
		f.Add([]byte(c.in))
	}
	g, err := loadGolden()
	if err != nil {
		f.Fatal(err)
	}
	mode := "str"
	if bytes {
		mode = "bytes"
	}
	for _, c := range g.Cases {
		if c.Mode == mode {
			raw, _ := hex.DecodeString(c.Input.(string))
			f.Add(raw)
		}
	}
}

func FuzzParse(f *testing.F) {
	addQuerySeeds(f, false)
	f.Fuzz(func(t *testing.T, raw []byte) {
		want := refParse(string(raw))
		checkAgainstModel(t, "Parse", raw, Parse(string(raw)), want)
		// The parser reads short queries byte by byte and searches long
		// ones, with AVX2 where it can; make it do each with every query.
		for _, r := range readings {
			got := parseWith(string(raw), false, r.rd).MultiItems()
			if !slices.Equal(got, want) {
				t.Fatalf("Parse(%q) = %q, reading with %s, want %q (reference model)", raw, got, r.name, want)
			}
		}
		// Eight long fields first make a query that starts being searched;
		// at the ninth field, raw's first, the parser chooses how to read on.
		long := strings.Repeat("k="+strings.Repeat("v", 40)+"&", inlineSpans) + string(raw)
		if got, want := Parse(long).MultiItems(), refParse(long); !slices.Equal(got, want) {
			t.Fatalf("Parse(%q) = %q, want %q (reference model)", long, got, want)
		}
	})
}

func FuzzParseBytes(f *testing.F) {
	addQuerySeeds(f, true)
	f.Fuzz(func(t *testing.T, raw []byte) {
		want := refParseBytes(raw)
		b := slices.Clone(raw)
		p := ParseBytes(b)
		clear(b) // ParseBytes copies what it keeps, so b may be reused
		checkAgainstModel(t, "ParseBytes", raw, p, want)
		checkAgainstModel(t, "ParseLatin1", raw, ParseLatin1(string(raw)), want)
	})
}

// checkAgainstModel checks p, parsed from raw, against the model's pairs and
// the laws that apply to any Params.
func checkAgainstModel(t *testing.T, call string, raw []byte, p Params, want []Pair) {
	t.Helper()
	if got := p.MultiItems(); !slices.Equal(got, want) {
		t.Fatalf("%s(%q) = %q, want %q (reference model)", call, raw, got, want)
	}
	for k, v := range p.All() {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			t.Fatalf("%s(%q) returned invalid UTF-8: %q=%q", call, raw, k, v)
		}
	}
	s := p.String()
	if want := refEncode(want); s != want {
		t.Fatalf("%s(%q).String() = %q, want %q (reference model)", call, raw, s, want)
	}
	if !canonicalForm.MatchString(s) || Parse(s).String() != s {
		t.Fatalf("%s(%q).String() = %q is not canonical", call, raw, s)
	}
	if !slices.Equal(Parse(s).MultiItems(), want) {
		t.Fatalf("%s(%q) does not survive String and Parse", call, raw)
	}
	if !multiMapConsistent(p) {
		t.Fatalf("%s(%q): the multi-map accessors disagree", call, raw)
	}
}

func FuzzRoundTrip(f *testing.F) {
	f.Add("a\x1f1\x1ea\x1f2")
	f.Add("key name\x1fA bunch of pluses\x1e&\x1f=")
	f.Add("\xff\x1f\xe2\x82\x1e+\x1f%2B")
	f.Add("")
	f.Fuzz(func(t *testing.T, spec string) {
		// spec is pairs separated by \x1e, key and value by \x1f.
		var pairs []Pair
		for _, kv := range strings.Split(spec, "\x1e") {
			k, v, _ := strings.Cut(kv, "\x1f")
			pairs = append(pairs, Pair{k, v})
		}
		var want []Pair // New replaces invalid UTF-8 as Parse does
		for _, pr := range pairs {
			want = append(want, Pair{refDecodeUTF8([]byte(pr.Key)), refDecodeUTF8([]byte(pr.Value))})
		}
		p := New(pairs...)
		if !slices.Equal(p.MultiItems(), want) {
			t.Fatalf("New(%q) = %q, want %q", pairs, p.MultiItems(), want)
		}
		s := p.String()
		if s != refEncode(want) {
			t.Fatalf("New(%q).String() = %q, want %q", pairs, s, refEncode(want))
		}
		if got := Parse(s).MultiItems(); !slices.Equal(got, want) {
			t.Fatalf("Parse(New(%q).String()) = %q, want the pairs back", pairs, got)
		}
		if !Parse(s).Equal(p) || p.GoString() != "QueryParams('"+s+"')" {
			t.Fatalf("New(%q): Equal or GoString wrong", pairs)
		}
	})
}

func FuzzDecodeUTF8(f *testing.F) {
	for _, s := range []string{"", "abc", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xff", "\x80", "\xc3\x28",
		"\xc0\xaf", "\x80\x80", "\xfe\xff", "\xed\xa0\x80", "\xe0\x80\xaf", "\xf4\x90\x80\x80",
		"\xf5\x80\x80\x80", "\xe2\x82\xac\xe2\x82", "\xef\xbb\xbf", "\xf4\x8f\xbf\xbf"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := refDecodeUTF8(b)
		if got := string(appendValidUTF8(nil, string(b))); got != want {
			t.Fatalf("appendValidUTF8(%q) = %q, want %q", b, got, want)
		}
		// The escape decoder must count U+FFFD the same way when every byte
		// is spelled as an escape.
		var esc strings.Builder
		for _, c := range b {
			esc.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
		if got := string(appendDecoded(nil, esc.String())); got != want {
			t.Fatalf("appendDecoded(%q) = %q, want %q", esc.String(), got, want)
		}
	})
}

// FuzzStarlette sends fuzz inputs to the real Starlette through the live
// oracle and compares every answer. It skips without Starlette (fails with
// QUERYPARAMS_ORACLE=require). Run it with:
//
//	go test -run '^$' -fuzz FuzzStarlette -fuzztime 60s
func FuzzStarlette(f *testing.F) {
	for _, c := range parseCases {
		f.Add([]byte(c.in), c.bytes)
	}
	f.Fuzz(func(t *testing.T, raw []byte, bytes bool) {
		o := sharedOracle(t)
		mode := "str"
		if bytes {
			mode = "bytes"
		}
		reqs := []oracleRequest{{Mode: mode, Input: hex.EncodeToString(raw)}}
		o.mu.Lock()
		answers := o.askAll(t, reqs)
		o.mu.Unlock()
		if compare(t, reqs, answers) > 0 {
			t.Fatalf("%s(%q) disagrees with Starlette", map[bool]string{false: "Parse", true: "ParseBytes"}[bytes], raw)
		}
	})
}

var (
	oracleOnce   sync.Once
	oracleShared *lockedOracle
	oracleWhy    string // why oracleShared is nil
)

// lockedOracle is one oracle process shared by every call of a fuzz worker.
type lockedOracle struct {
	*oracle
	mu sync.Mutex
}

// sharedOracle starts the worker's oracle on first use. It is never stopped:
// it ends with the worker process, when its standard input closes.
func sharedOracle(t *testing.T) *lockedOracle {
	t.Helper()
	oracleOnce.Do(func() {
		if oracleWhy = oracleUnavailable(); oracleWhy == "" {
			oracleShared = &lockedOracle{oracle: spawnOracle(t)}
		}
	})
	if oracleShared == nil {
		skipWithoutOracle(t, oracleWhy)
	}
	return oracleShared
}
