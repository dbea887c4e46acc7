package queryparams

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parseCall runs the entry point a case names and the call's text for
// messages.
func parseCall(c parseCase) (Params, string) {
	if c.bytes {
		return ParseBytes([]byte(c.in)), fmt.Sprintf("ParseBytes(%q)", c.in)
	}
	return Parse(c.in), fmt.Sprintf("Parse(%q)", c.in)
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

// TestMultiMap checks every accessor on SPEC section 5's example.
func TestMultiMap(t *testing.T) {
	const in = "b=1&a=2&b=3&c"
	p := Parse(in)
	check := func(name string, got, want any) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Parse(%q).%s = %v, want %v (SPEC 5)", in, name, got, want)
		}
	}
	check("MultiItems()", p.MultiItems(), kv("b", "1", "a", "2", "b", "3", "c", ""))
	check("Keys()", p.Keys(), []string{"b", "a", "c"})
	check("Values()", p.Values(), []string{"3", "2", ""})
	check("Items()", p.Items(), kv("b", "3", "a", "2", "c", ""))
	check(`Get("b")`, p.Get("b"), "3")
	check(`GetList("b")`, p.GetList("b"), []string{"1", "3"})
	check(`GetList("zz")`, p.GetList("zz"), []string(nil))
	check(`Has("b")`, p.Has("b"), true)
	check(`Has("B")`, p.Has("B"), false)
	check("Len()", p.Len(), 3)
	check("String()", p.String(), "b=1&a=2&b=3&c=")
	v, ok := p.Lookup("c")
	check(`Lookup("c")`, []any{v, ok}, []any{"", true})
	v, ok = p.Lookup("d")
	check(`Lookup("d")`, []any{v, ok}, []any{"", false})
}

// TestStarletteQueryParams is Starlette's tests/test_datastructures.py
// test_queryparams.
func TestStarletteQueryParams(t *testing.T) {
	q := Parse("a=123&a=456&b=789")
	if !q.Has("a") || q.Has("A") || q.Has("c") {
		t.Errorf("Has: a=%v A=%v c=%v, want true false false", q.Has("a"), q.Has("A"), q.Has("c"))
	}
	if got := q.Get("a"); got != "456" {
		t.Errorf(`Get("a") = %q, want "456"`, got)
	}
	if _, ok := q.Lookup("nope"); ok {
		t.Errorf(`Lookup("nope") found a value`)
	}
	if diff := cmp.Diff([]string{"123", "456"}, q.GetList("a")); diff != "" {
		t.Errorf(`GetList("a"): %s`, diff)
	}
	if diff := cmp.Diff([]string{"a", "b"}, q.Keys()); diff != "" {
		t.Errorf("Keys(): %s", diff)
	}
	if diff := cmp.Diff([]string{"456", "789"}, q.Values()); diff != "" {
		t.Errorf("Values(): %s", diff)
	}
	if diff := cmp.Diff(kv("a", "456", "b", "789"), q.Items()); diff != "" {
		t.Errorf("Items(): %s", diff)
	}
	if q.Len() != 2 {
		t.Errorf("Len() = %d, want 2", q.Len())
	}
	if got := q.String(); got != "a=123&a=456&b=789" {
		t.Errorf("String() = %q", got)
	}
	if got := q.GoString(); got != "QueryParams('a=123&a=456&b=789')" {
		t.Errorf("GoString() = %q", got)
	}
	if got := fmt.Sprintf("%#v", q); got != "QueryParams('a=123&a=456&b=789')" {
		t.Errorf("%%#v = %q", got)
	}
	a := New(Pair{"a", "123"}, Pair{"b", "456"})
	for _, other := range []Params{Parse("a=123&b=456"), New(Pair{"b", "456"}, Pair{"a", "123"}), a} {
		if !a.Equal(other) || !other.Equal(a) {
			t.Errorf("%#v and %#v are not Equal", a, other)
		}
	}
	if !New().Equal(Params{}) {
		t.Errorf("New() does not equal the zero Params")
	}
	if !New(Pair{"a", "123"}, Pair{"a", "456"}).Equal(Parse("a=123&a=456")) {
		t.Errorf(`New(a=123, a=456) does not equal Parse("a=123&a=456")`)
	}
}

func TestEqual(t *testing.T) {
	for _, c := range []struct {
		src  string
		a, b string
		want bool
	}{
		{"SPEC 5", "a=1&a=2", "a=2&a=1", true},
		{"SPEC 5", "a=1", "a=1&a=1", false},
		{"SPEC 5", "a=%FF", "a=%FE", true},
		{"SPEC 5", "a+b=1", "a%20b=1", true},
		{"SPEC 5", "a=1&b=1", "a=1&a=1", false},
		{"SPEC 5", "", "&&", true},
		{"SPEC 5", "a=1&a=1&b=2", "a=1&b=2&b=2", false},
	} {
		// Repeating both sides past linearLimit exercises the indexed path.
		for _, reps := range []int{1, linearLimit + 1} {
			a := Parse(strings.Repeat(c.a+"&", reps))
			b := Parse(strings.Repeat(c.b+"&", reps))
			if got := a.Equal(b); got != c.want {
				t.Errorf("Parse(%q).Equal(Parse(%q)) x%d = %v, want %v (%s)", c.a, c.b, reps, got, c.want, c.src)
			}
		}
	}
}

func TestString(t *testing.T) {
	for _, c := range []struct {
		src   string
		pairs []Pair
		want  string
	}{
		{"SPEC 6", nil, ""},
		{"SPEC 6", kv("a", ""), "a="},
		{"SPEC 6", kv("", ""), "="},
		{"SPEC 6", kv("+", "*/", "sp ce", "\uFFFD"), "%2B=%2A%2F&sp+ce=%EF%BF%BD"},
		{"SPEC 6 (never sorts)", kv("b", "1", "a", "2", "b", "3"), "b=1&a=2&b=3"},
		{"CPython urlencode", kv("&", "="), "%26=%3D"},
		{"CPython urlencode", kv("key name", "A bunch of pluses"), "key+name=A+bunch+of+pluses"},
		{"CPython urlencode", kv("a", "some value"), "a=some+value"},
		{"CPython urlencode", kv("\u00a0", "\u00c1"), "%C2%A0=%C3%81"},
		{"CPython quote_plus", kv("alpha+beta gamma", "ab[]cd"), "alpha%2Bbeta+gamma=ab%5B%5Dcd"},
		{"CPython quote", kv("\u6f22\u5b57", "\xa2\xd8ab\xff"), "%E6%BC%A2%E5%AD%97=%EF%BF%BD%EF%BF%BDab%EF%BF%BD"},
		{"CPython quote (always quoted)", kv("<>#%\"{}|\\^[]`", "\x00\x1f\x7f"), "%3C%3E%23%25%22%7B%7D%7C%5C%5E%5B%5D%60=%00%1F%7F"},
		{"CPython quote (never quoted)", kv("AZaz09_.-~", ""), "AZaz09_.-~="},
	} {
		t.Run(fmt.Sprintf("%q", c.pairs), func(t *testing.T) {
			p := New(c.pairs...)
			if got := p.String(); got != c.want {
				t.Errorf("New(%q).String() = %q, want %q (%s)", c.pairs, got, c.want, c.src)
			}
			if got, want := p.GoString(), "QueryParams('"+c.want+"')"; got != want {
				t.Errorf("New(%q).GoString() = %q, want %q (%s)", c.pairs, got, want, c.src)
			}
		})
	}
}

// TestKeepTable checks the quote_plus table against url.QueryEscape, which
// SPEC section 7 says is byte-identical to quote_plus.
func TestKeepTable(t *testing.T) {
	for c := range 256 {
		s := string([]byte{byte(c)})
		got := string(appendQuoted(nil, s))
		if want := url.QueryEscape(s); got != want {
			t.Errorf("quote_plus(%q) = %q, want %q (url.QueryEscape)", s, got, want)
		}
		if quotedLen(s) != len(got) {
			t.Errorf("quotedLen(%q) = %d, want %d", s, quotedLen(s), len(got))
		}
	}
}

// TestHexTable checks hexValue against strconv.
func TestHexTable(t *testing.T) {
	for c := range 256 {
		v, err := strconv.ParseUint(string([]byte{byte(c)}), 16, 8)
		want := byte(0xFF)
		if err == nil {
			want = byte(v)
		}
		if hexValue[c] != want {
			t.Errorf("hexValue[%q] = %#x, want %#x", c, hexValue[c], want)
		}
	}
}

// TestValidUTF8 checks the replacement decoder on SPEC section 4's table,
// written as raw bytes.
func TestValidUTF8(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"\xc3", fffd}, {"\xe2\x82", fffd}, {"\xf0\x9f\x98", fffd}, {"\xff", fffd}, {"\x80", fffd},
		{"\xc3\x28", fffd + "("},
		{"\xc0\xaf", fffd + fffd}, {"\x80\x80", fffd + fffd}, {"\xfe\xff", fffd + fffd},
		{"\xed\xa0\x80", fffd + fffd + fffd}, {"\xe0\x80\xaf", fffd + fffd + fffd},
		{"\xf4\x90\x80\x80", fffd + fffd + fffd + fffd}, {"\xf5\x80\x80\x80", fffd + fffd + fffd + fffd},
		{"\xe2\x82\xac\xe2\x82", "€" + fffd},
		{"\xef\xbb\xbf", "\uFEFF"},
		{"\xf4\x8f\xbf\xbf", "\U0010FFFF"},
		{"\xed\x9f\xbf", "\uD7FF"},
	} {
		if got := string(appendValidUTF8(nil, c.in)); got != c.want {
			t.Errorf("appendValidUTF8(%q) = %q, want %q (SPEC 4)", c.in, got, c.want)
		}
	}
}

// TestASCII checks ascii, which reads 64 and 8 bytes at a time, against a
// plain loop: one high byte at every position of every length across those
// block edges, in both of its instantiations.
func TestASCII(t *testing.T) {
	for n := range 200 {
		plain := strings.Repeat("a", n)
		if !ascii(plain) || !ascii([]byte(plain)) {
			t.Errorf("ascii(%d bytes of 'a') = false, want true", n)
		}
		for i := range n {
			for _, high := range []byte{0x80, 0xFF} {
				b := []byte(plain)
				b[i] = high
				if ascii(string(b)) || ascii(b) {
					t.Errorf("ascii(%q) = true, want false", b)
				}
			}
		}
	}
}

// TestMatches checks the bit trick that finds a byte in a word against a
// byte-by-byte comparison: every byte value searched for, in words that hold
// it nowhere, everywhere, at each position, and beside its neighbours
// (c±1, c^0x80), where a borrow or a carry would show.
func TestMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for c := range 256 {
		c := byte(c)
		words := []uint64{0, ^uint64(0), 0x0101010101010101 * uint64(c)}
		for range 64 {
			var b [8]byte
			for i := range b {
				b[i] = []byte{c, c - 1, c + 1, c ^ 0x80, byte(rng.Uint32())}[rng.IntN(5)]
			}
			words = append(words, binary.LittleEndian.Uint64(b[:]))
		}
		for _, w := range words {
			var want uint64
			for i := range 8 {
				if byte(w>>(8*i)) == c {
					want |= 0x80 << (8 * i)
				}
			}
			if got := matches(w, c); got != want {
				t.Errorf("matches(%#016x, %#02x) = %#016x, want %#016x", w, c, got, want)
			}
		}
	}
}

func TestZeroValue(t *testing.T) {
	var p Params
	if p.Len() != 0 || p.Get("a") != "" || p.Has("a") || p.GetList("a") != nil ||
		p.Keys() != nil || p.Values() != nil || p.Items() != nil || p.MultiItems() != nil ||
		p.String() != "" || p.GoString() != "QueryParams('')" || !p.Equal(Parse("")) {
		t.Errorf("the zero Params is not empty: %#v", p)
	}
	for range p.All() {
		t.Errorf("All() on the zero Params yields a pair")
	}
}

// TestNewInvalidUTF8 checks that New replaces invalid UTF-8 as Parse does,
// since a Python str cannot hold it.
func TestNewInvalidUTF8(t *testing.T) {
	p := New(Pair{"\xff", "a\xe2\x82"})
	if diff := cmp.Diff(kv(fffd, "a"+fffd), p.MultiItems()); diff != "" {
		t.Errorf("New(\\xff=a\\xe2\\x82): %s", diff)
	}
	if got, want := p.String(), "%EF%BF%BD=a%EF%BF%BD"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestLarge checks the indexed lookups, used above linearLimit pairs, on a
// query whose answers follow from SPEC section 5: keys k0..k(n-1), each given
// the value "first" and later "last", and one key given n values.
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

// TestImmutable checks that no slice a method returns is shared with p.
func TestImmutable(t *testing.T) {
	for _, in := range []string{"a=1&b=2&a=3", strings.Repeat("a=1&b=2&", linearLimit)} {
		p := Parse(in)
		want := p.String()
		p.MultiItems()[0] = Pair{"x", "x"}
		p.Items()[0] = Pair{"x", "x"}
		p.Keys()[0] = "x"
		p.Values()[0] = "x"
		p.GetList("a")[0] = "x"
		if got := p.String(); got != want || p.Get("a") == "x" || !p.Has("a") {
			t.Errorf("Parse(%q) changed after its results were written to: %q", in, got)
		}
		pairs := kv("a", "1")
		q := New(pairs...)
		pairs[0].Value = "x"
		if q.Get("a") != "1" {
			t.Errorf("New kept the caller's slice")
		}
		raw := []byte(in)
		r := ParseBytes(raw)
		for i := range raw {
			raw[i] = 'x'
		}
		if r.String() != want {
			t.Errorf("ParseBytes kept the caller's bytes: %q", r.String())
		}
	}
}

// TestConcurrent reads one Params from many goroutines; run it with -race.
func TestConcurrent(t *testing.T) {
	in := strings.Repeat("a=1&b=2&c=3&", 10) + "a=last"
	p := Parse(in)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if p.Get("a") != "last" || p.Len() != 3 || len(p.GetList("b")) != 10 {
				t.Errorf("concurrent read of Parse(%q) gave a wrong answer", in)
			}
		}()
	}
	wg.Wait()
}

func TestAllStops(t *testing.T) {
	p := Parse("a=1&b=2&c=3")
	var got []Pair
	for k, v := range p.All() {
		got = append(got, Pair{k, v})
		if k == "b" {
			break
		}
	}
	if diff := cmp.Diff(kv("a", "1", "b", "2"), got); diff != "" {
		t.Errorf("All() with break at b: %s", diff)
	}
}

// TestReferenceModel checks that the reference model, which the fuzz targets
// and benchmarks trust, itself agrees with the table of cases.
func TestReferenceModel(t *testing.T) {
	for _, c := range parseCases {
		var got []Pair
		if c.bytes {
			got = refParseBytes([]byte(c.in))
		} else {
			got = refParse(c.in)
		}
		if !cmp.Equal(got, c.want) {
			t.Errorf("refParse(%q) = %v, want %v (%s)", c.in, got, c.want, c.src)
		}
	}
}

// TestCountFields checks the field count parseText sizes its spans by
// against the reference model's split, on the table's inputs and on runs of
// '&', with the AVX2 blocks of countFieldsVector (where the machine has
// them) and without them.
func TestCountFields(t *testing.T) {
	for _, vector := range []bool{true, false} {
		for _, in := range countInputs() {
			if got, want := countFields(in, vector), len(refSplit(in)); got != want {
				t.Errorf("countFields(%q, %v) = %d, want %d", in, vector, got, want)
			}
		}
	}
}

// countInputs returns the inputs of TestCountFields: short cases, the
// table's inputs, and random runs of '&', '=', 'a' and near misses of '&'
// across word and block edges.
func countInputs() []string {
	inputs := []string{"&", "&&", "a", "&a", "a&", "&a&", "a&&b", "a&b", "%", "+&", "&&a&&b&&"}
	for _, c := range parseCases {
		inputs = append(inputs, c.in)
	}
	rng := rand.New(rand.NewPCG(1, 2)) // every pattern of '&' across word and block edges
	for range 20000 {
		b := make([]byte, rng.IntN(101))
		for i := range b {
			// 0xA6 differs from '&' in the high bit only, '\'' in the low one.
			b[i] = "&&a=\xa6'"[rng.IntN(6)]
		}
		inputs = append(inputs, string(b))
	}
	return inputs
}

// TestEveryASCIIEscape is CPython test_urllib's check that every ASCII byte,
// written as %XX in uppercase (and here in lowercase too), unquotes to itself.
func TestEveryASCIIEscape(t *testing.T) {
	for c := range 0x80 {
		for _, format := range []string{"v=%%%02X", "v=%%%02x"} {
			in := fmt.Sprintf(format, c)
			if got := Parse(in).Get("v"); got != string(rune(c)) {
				t.Errorf("Parse(%q).Get(\"v\") = %q, want %q (CPython test_urllib)", in, got, string(rune(c)))
			}
		}
	}
}

// TestLeadTable checks the UTF-8 lead byte table against the reference
// model's transcription of SPEC section 4.
func TestLeadTable(t *testing.T) {
	for c := range 256 {
		wantN, wantLo, wantHi := 0, byte(0), byte(0)
		if c < 0x80 {
			wantN = 1
		}
		for _, row := range refSecond {
			if row.lo <= byte(c) && byte(c) <= row.hi {
				wantN, wantLo, wantHi = row.n, row.lo2, row.hi2
			}
		}
		n, lo, hi := utf8Lead(byte(c))
		if n != wantN || (n > 1 && (lo != wantLo || hi != wantHi)) {
			t.Errorf("utf8Lead(%#x) = %d, %#x, %#x; want %d, %#x, %#x", c, n, lo, hi, wantN, wantLo, wantHi)
		}
	}
}
