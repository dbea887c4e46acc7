package queryparams

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed-3058a48d/queryparams/internal/corpus"
)

// TestInlining checks the functions whose comments promise that the
// compiler inlines them: the entry points, each one call that fills its
// result in place, the small helpers of the scanner's inner loops, and
// appendMarked, called for each decoded key and value. It asks the
// compiler (go build -gcflags=-m), so it needs the go command, and skips
// without it.
func TestInlining(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to ask the compiler")
	}
	if testing.Short() {
		t.Skip("builds the package again; skipped in -short mode")
	}
	want := []string{
		"Parse", "ParseBytes", "ParseLatin1", "standard",
		"load64", "matches", `\(\*stops\)\.next`, `\(\*stops\)\.nextAmp`, "useVector",
		"asciiText", "appendMarked",
	}
	out, err := exec.Command(goCmd, "build", "-gcflags=-m", "-o", "/dev/null", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build -gcflags=-m: %v\n%s", err, out)
	}
	for _, name := range want {
		re := regexp.MustCompile(`(?m): can inline ` + name + `(\[.*\])?$`)
		if !re.Match(out) {
			t.Errorf("the compiler does not inline %s", name)
		}
	}
	// appendMarked is promised inlined at its two calls in decodeFields.
	if n := len(regexp.MustCompile(`(?m)^\./parse\.go:\d+:\d+: inlining call to appendMarked$`).FindAll(out, -1)); n != 2 {
		t.Errorf("the compiler inlines %d calls of appendMarked in parse.go, want 2", n)
	}
}

// parseCase is one row of the shared table that feeds the unit tests and the
// fuzz seeds. Every expected value comes from docs/semantics.md, from
// CPython's or Starlette's published tests (docs/semantics.md, "Test
// vectors"), or from a bug found by the oracle or the fuzzer, as src says;
// none is copied from this package's output.
type parseCase struct {
	src   string // where the expected value comes from
	in    string // the query; for bytes cases, its raw bytes
	bytes bool   // read with ParseBytes instead of Parse
	want  []Pair // nil: no pairs
}

// parseWith is Parse reading as rd says, and with valid as parseText
// takes it; parseBytesWith and parseLatin1With are ParseBytes and
// ParseLatin1 reading as rd says.
func parseWith(s string, valid bool, rd reading) (p Params) {
	p.parseText(s, valid, rd)
	return p
}

func parseBytesWith(b []byte, rd reading) (p Params) {
	p.parseBytes(b, rd)
	return p
}

func parseLatin1With(s string, rd reading) (p Params) {
	p.parseLatin1(s, rd)
	return p
}

// kv builds a []Pair from alternating keys and values.
func kv(s ...string) []Pair {
	var ps []Pair
	for i := 0; i+1 < len(s); i += 2 {
		ps = append(ps, Pair{s[i], s[i+1]})
	}
	return ps
}

var parseCases = []parseCase{
	// CPython Lib/test/test_urlparse.py parse_qsl_test_cases (keep_blank_values=True).
	{src: "CPython parse_qsl", in: "", want: nil},
	{src: "CPython parse_qsl", in: "&", want: nil},
	{src: "CPython parse_qsl", in: "&&", want: nil},
	{src: "CPython parse_qsl", in: "=", want: kv("", "")},
	{src: "CPython parse_qsl", in: "=a", want: kv("", "a")},
	{src: "CPython parse_qsl", in: "a", want: kv("a", "")},
	{src: "CPython parse_qsl", in: "a=", want: kv("a", "")},
	{src: "CPython parse_qsl", in: "a=b=c", want: kv("a", "b=c")},
	{src: "CPython parse_qsl", in: "a%3Db=c", want: kv("a=b", "c")},
	{src: "CPython parse_qsl", in: "a=b&c=d", want: kv("a", "b", "c", "d")},
	{src: "CPython parse_qsl", in: "a=b%26c=d", want: kv("a", "b&c=d")},
	{src: "CPython parse_qsl", in: "&a=b", want: kv("a", "b")},
	{src: "CPython parse_qsl", in: "a=a+b&b=b+c", want: kv("a", "a b", "b", "b c")},
	{src: "CPython parse_qsl", in: "a=1&a=2", want: kv("a", "1", "a", "2")},
	{src: "CPython parse_qsl", in: ";a=b", want: kv(";a", "b")},
	{src: "CPython parse_qsl", in: "a=a+b;b=b+c", want: kv("a", "a b;b=b c")},
	{src: "CPython parse_qsl", in: "\u0141=\u00e9", want: kv("\u0141", "\u00e9")},
	{src: "CPython parse_qsl", in: "%C5%81=%C3%A9", want: kv("\u0141", "\u00e9")},
	{src: "CPython parse_qsl", in: "%81=%A9", want: kv(fffd, fffd)},
	{src: "CPython parse_qs", in: "a=a%E2%80%99b", want: kv("a", "a\u2019b")},
	{src: "CPython parse_qsl_encoding (utf-8)", in: "key=\u0141%C3%A9", want: kv("key", "\u0141\u00e9")},
	// CPython Lib/test/test_urllib.py unquote tests, as a value.
	{src: "CPython test_urllib unquote", in: "v=%xab", want: kv("v", "%xab")},
	{src: "CPython test_urllib unquote", in: "v=%x", want: kv("v", "%x")},
	{src: "CPython test_urllib unquote", in: "v=%", want: kv("v", "%")},
	{src: "CPython test_urllib unquote", in: "v=ab%63d", want: kv("v", "abcd")},
	{src: "CPython test_urllib unquote_plus", in: "v=are+there+spaces...", want: kv("v", "are there spaces...")},
	{src: "CPython test_urllib unquote", in: "v=br%C3%BCckner_sapporo_20050930.doc", want: kv("v", "br\u00fcckner_sapporo_20050930.doc")},
	{src: "CPython test_urllib unquote", in: "v=%E6%BC%A2%E5%AD%97", want: kv("v", "漢字")},
	{src: "CPython test_urllib unquote", in: "v=%F3%B1", want: kv("v", fffd)},
	{src: "CPython test_urllib unquote", in: "v=\u6f22%C3%BC", want: kv("v", "漢ü")},
	{src: "CPython test_urllib unquote", in: "v=bl%c3%a5b%c3%a6rsyltet%c3%b8j", want: kv("v", "blåbærsyltetøj")},
	// Starlette tests/test_datastructures.py::test_queryparams and request/websocket tests.
	{src: "Starlette test_queryparams", in: "a=123&a=456&b=789", want: kv("a", "123", "a", "456", "b", "789")},
	{src: "Starlette test_request_query_params", in: "a=123&b=456", bytes: true, want: kv("a", "123", "b", "456")},
	{src: "Starlette test_websocket_query_params", in: "a=abc&b=456", bytes: true, want: kv("a", "abc", "b", "456")},
	{src: "Starlette test_testclient test_query_params", in: "date=2020-07-14T00%3A00%3A00%2B00%3A00&c=Espa%C3%B1a&v=voil%C3%A0", bytes: true,
		want: kv("date", "2020-07-14T00:00:00+00:00", "c", "España", "v", "voilà")},
	// docs/semantics.md, "Entry points": the bytes path is latin-1.
	{src: "Entry points", in: "v=\xc3\xa9", bytes: true, want: kv("v", "Ã©")},
	{src: "Entry points", in: "v=\xc3\xa9", want: kv("v", "é")},
	{src: "Entry points (invalid UTF-8 on the str path)", in: "v=\xff&\xc3=1", want: kv("v", fffd, fffd, "1")},
	// docs/semantics.md, "Splitting".
	{src: "Splitting, rule 2", in: "a=1;b=2", want: kv("a", "1;b=2")},
	{src: "Splitting, rule 3", in: "&&a=1&&", want: kv("a", "1")},
	{src: "Splitting, rule 4", in: "a==", want: kv("a", "=")},
	{src: "Splitting, rule 5", in: "A=1&a=2", want: kv("A", "1", "a", "2")},
	{src: "Splitting, rule 5", in: " a = 1 ", want: kv(" a ", " 1 ")},
	{src: "Splitting, rule 5", in: "#a=?b", want: kv("#a", "?b")},
	{src: "Splitting, rule 5", in: "a=\x00\x01&\x7f", want: kv("a", "\x00\x01", "\x7f", "")},
	{src: "Splitting, rule 6", in: "a=b%26c%3Dd", want: kv("a", "b&c=d")},
	// docs/semantics.md, "Decoding".
	{src: "Decoding, rule 1", in: "a+b=c+d&e=%2B", want: kv("a b", "c d", "e", "+")},
	{src: "Decoding, rule 4", in: "%4a%4A%4g%4%", want: kv("JJ%4g%4%", "")},
	{src: "Decoding, rule 4", in: "%%41", want: kv("%A", "")},
	{src: "Decoding, rule 4", in: "%2541", want: kv("%41", "")},
	{src: "Decoding, rule 4", in: "%zz", want: kv("%zz", "")},
	{src: "Decoding, rule 4", in: "abc%", want: kv("abc%", "")},
	{src: "Decoding, rule 4", in: "%u0041", want: kv("%u0041", "")},
	{src: "Decoding, rule 5", in: "%C3é", want: kv(fffd+"é", "")},
	{src: "Decoding, rule 5", in: "é%A9", want: kv("é"+fffd, "")},
	{src: "Decoding (bytes path)", in: "\xf0\x9f\x98%80", bytes: true, want: kv("ð\u009f\u0098"+fffd, "")},
	{src: "Decoding (bytes path)", in: "\xc3%A9", bytes: true, want: kv("Ã"+fffd, "")},
	// docs/semantics.md, "UTF-8 repair": one U+FFFD per maximal subpart.
	{src: "UTF-8 repair", in: "%C3", want: kv(fffd, "")},
	{src: "UTF-8 repair", in: "%E2%82", want: kv(fffd, "")},
	{src: "UTF-8 repair", in: "%F0%9F%98", want: kv(fffd, "")},
	{src: "UTF-8 repair", in: "%FF", want: kv(fffd, "")},
	{src: "UTF-8 repair", in: "%80", want: kv(fffd, "")},
	{src: "UTF-8 repair", in: "%C3%28", want: kv(fffd+"(", "")},
	{src: "UTF-8 repair", in: "%C0%AF", want: kv(fffd+fffd, "")},
	{src: "UTF-8 repair", in: "%80%80", want: kv(fffd+fffd, "")},
	{src: "UTF-8 repair", in: "%FE%FF", want: kv(fffd+fffd, "")},
	{src: "UTF-8 repair", in: "%ED%A0%80", want: kv(fffd+fffd+fffd, "")},
	{src: "UTF-8 repair", in: "%E0%80%AF", want: kv(fffd+fffd+fffd, "")},
	{src: "UTF-8 repair", in: "%F4%90%80%80", want: kv(fffd+fffd+fffd+fffd, "")},
	{src: "UTF-8 repair", in: "%F5%80%80%80", want: kv(fffd+fffd+fffd+fffd, "")},
	{src: "UTF-8 repair", in: "%E2%82%AC%E2%82", want: kv("€"+fffd, "")},
	{src: "UTF-8 repair", in: "%EF%BB%BF", want: kv("\uFEFF", "")},
	{src: "UTF-8 repair (raw bytes, str path)", in: "\xed\xa0\x80=\xe0\x80\xaf", want: kv(fffd+fffd+fffd, fffd+fffd+fffd)},
	{src: "UTF-8 repair (raw bytes, str path)", in: "\xf0\x9f\x98=\xe2\x82\xac\xe2\x82", want: kv(fffd, "€"+fffd)},
	// docs/semantics.md, "The multi-map": its example.
	{src: "The multi-map", in: "b=1&a=2&b=3&c", want: kv("b", "1", "a", "2", "b", "3", "c", "")},
	{src: "The multi-map", in: "a+b=1&a%20b=2&a b=3", want: kv("a b", "1", "a b", "2", "a b", "3")},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		t.Run(fmt.Sprintf("%q", c.in), func(t *testing.T) {
			p, call := parseCall(c)
			if got := p.MultiItems(); !cmp.Equal(got, c.want) {
				t.Errorf("%s = %v, want %v (%s)\n%s", call, got, c.want, c.src, cmp.Diff(c.want, got))
			}
			if c.bytes {
				if got := ParseLatin1(c.in).MultiItems(); !cmp.Equal(got, c.want) {
					t.Errorf("ParseLatin1(%q) = %v, want %v (%s)", c.in, got, c.want, c.src)
				}
			}
		})
	}
}

// TestParseBytesCopies checks ParseBytes's promise that its argument may be
// reused once it returns: each corpus query and each input of parseCases,
// parsed in every reading, is overwritten after the parse, and the Params
// must still hold what the reference model read before. (An ASCII query is
// parsed through a view of b and copied after; a query with no field is
// not copied at all.)
func TestParseBytesCopies(t *testing.T) {
	inputs := []struct{ name, in string }{{"empty", ""}, {"separators", "&&&"}, {"latin-1", "\xe9=\xe9&a=%41"}}
	for _, q := range corpus.All() {
		inputs = append(inputs, struct{ name, in string }{q.Name, q.Raw})
	}
	for _, c := range parseCases {
		inputs = append(inputs, struct{ name, in string }{fmt.Sprintf("%q", c.in), c.in})
	}
	for _, r := range readings {
		for _, in := range inputs {
			t.Run(r.name+"/"+in.name, func(t *testing.T) {
				b := []byte(in.in)
				want := refParseBytes(b)
				p := parseBytesWith(b, r.rd)
				for i := range b {
					b[i] = 'X'
				}
				if got := p.MultiItems(); !cmp.Equal(got, want) {
					t.Errorf("ParseBytes(%.60q), then its argument overwritten: pairs differ (-want +got):\n%s", in.in, cmp.Diff(want, got))
				}
			})
		}
	}
}

// TestDecodeStackEdge checks queries whose escaped fields make one byte
// less, exactly and one byte more than the text decodeSpans decodes on the
// stack (stackDecode bytes), against the reference model: escaped text,
// '+', an escape that is not one and one that spells invalid UTF-8. For
// escaped text it also checks where the edge lies: up to stackDecode bytes
// the parse allocates no more than the decoded text, rounded up to 16, and
// one byte more gets a buffer of the escaped size.
func TestDecodeStackEdge(t *testing.T) {
	for _, n := range []int{stackDecode - 1, stackDecode, stackDecode + 1} {
		for _, unit := range []string{"%E2%82%AC", "+", "%zz", "%FF"} {
			// Two escaped fields of n bytes in all, the first "v=..."
			// ending in '+' where the units do not fill it.
			const second = "b%20c=d"
			size := n - len(second) - len("v=")
			value := strings.Repeat(unit, size/len(unit))
			value += strings.Repeat("+", size-len(value))
			in := "a=1&v=" + value + "&" + second
			t.Run(fmt.Sprintf("%d/%s", n, unit), func(t *testing.T) {
				want := refParse(in)
				if got := Parse(in).MultiItems(); !cmp.Equal(got, want) {
					t.Errorf("Parse(%.40q…) differs from the reference model (-want +got):\n%s", in, cmp.Diff(want, got))
				}
				if unit != "%E2%82%AC" || raceEnabled {
					return
				}
				decoded, limit := decodedTextSize(want[1:]) // the two escaped fields
				var got uint64
				if n <= stackDecode {
					got = fewestAllocatedBytes(func() { Parse(in) }, limit)
				} else {
					got = allocatedBytes(func() { Parse(in) })
				}
				switch {
				case n <= stackDecode && got > limit:
					t.Errorf("Parse of %d escaped bytes allocated %d bytes, want at most %d (%d decoded, rounded up)", n, got, limit, decoded)
				case n > stackDecode && got < uint64(n):
					t.Errorf("Parse of %d escaped bytes allocated %d bytes, want a buffer of at least %d", n, got, n)
				}
			})
		}
	}
}

// TestLarge checks the indexed lookups, used above linearLimit pairs, on a
// query whose answers follow from docs/semantics.md, "The multi-map": keys
// k0..k(n-1), each given the value "first" and later "last", and one key
// given n values.
func TestLarge(t *testing.T) {
	for _, n := range []int{linearLimit - 1, linearLimit, linearLimit + 1, 1000} {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "k%d=first&", i)
		}
		for i := range n {
			fmt.Fprintf(&b, "k%d=last&r=%d&", i, i)
		}
		p := Parse(b.String())
		if p.Len() != n+1 {
			t.Errorf("n=%d: Len() = %d, want %d", n, p.Len(), n+1)
		}
		keys := p.Keys()
		if len(keys) != n+1 || keys[n] != "r" {
			t.Fatalf("n=%d: Keys() = %v…, want k0…k%d then r", n, keys[:min(len(keys), 3)], n-1)
		}
		var rs []string
		for i := range n {
			k := fmt.Sprintf("k%d", i)
			if keys[i] != k {
				t.Errorf("n=%d: Keys()[%d] = %q, want %q", n, i, keys[i], k)
			}
			if got := p.Get(k); got != "last" {
				t.Errorf("n=%d: Get(%q) = %q, want last", n, k, got)
			}
			if got := p.GetList(k); !cmp.Equal(got, []string{"first", "last"}) {
				t.Errorf("n=%d: GetList(%q) = %q", n, k, got)
			}
			rs = append(rs, strconv.Itoa(i))
		}
		if got := p.GetList("r"); !cmp.Equal(got, rs) {
			t.Errorf("n=%d: GetList(r) = %v…", n, got[:min(3, len(got))])
		}
		if got := p.Get("r"); got != strconv.Itoa(n-1) {
			t.Errorf("n=%d: Get(r) = %q, want %d", n, got, n-1)
		}
		if p.Has("k") || p.GetList("k") != nil {
			t.Errorf("n=%d: absent key k found", n)
		}
		values := p.Values()
		if values[0] != "last" || values[n] != strconv.Itoa(n-1) {
			t.Errorf("n=%d: Values() = %v…", n, values[:3])
		}
	}
}

const fffd = "\uFFFD"
