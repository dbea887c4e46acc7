package queryparams

import (
	"fmt"
	"strings"
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

// TestMultiMap checks every accessor on the example of docs/semantics.md,
// "The multi-map".
func TestMultiMap(t *testing.T) {
	const in = "b=1&a=2&b=3&c"
	p := Parse(in)
	check := func(name string, got, want any) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Parse(%q).%s = %v, want %v (semantics: The multi-map)", in, name, got, want)
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
		{"The multi-map", "a=1&a=2", "a=2&a=1", true},
		{"The multi-map", "a=1", "a=1&a=1", false},
		{"The multi-map", "a=%FF", "a=%FE", true},
		{"The multi-map", "a+b=1", "a%20b=1", true},
		{"The multi-map", "a=1&b=1", "a=1&a=1", false},
		{"The multi-map", "", "&&", true},
		{"The multi-map", "a=1&a=1&b=2", "a=1&b=2&b=2", false},
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

// TestInvalidKeyArgument checks the case that lookups and edits once read
// differently: on Parse("%FF=1&b=2"), whose first key is "\uFFFD", the key
// argument "\xff" means b"\xff".decode("utf-8", "replace"), "\uFFFD".
// Starlette, given that key: `k in q` is True, q.getlist(k) is ['1'],
// popping it leaves "b=2", and md[k] = "x" gives "b=2&%EF%BF%BD=x".
func TestInvalidKeyArgument(t *testing.T) {
	q := Parse("%FF=1&b=2")
	if !q.Has("\xff") {
		t.Errorf(`Has("\xff") = false, want true`)
	}
	if v, ok := q.Lookup("\xff"); v != "1" || !ok {
		t.Errorf(`Lookup("\xff") = %q, %v, want "1", true`, v, ok)
	}
	if got := q.GetList("\xff"); !cmp.Equal(got, []string{"1"}) {
		t.Errorf(`GetList("\xff") = %q, want ["1"]`, got)
	}
	if got := q.Without("\xff").String(); got != "b=2" {
		t.Errorf(`Without("\xff") = %q, want "b=2"`, got)
	}
	if got := q.With("\xff", "x").String(); got != "b=2&%EF%BF%BD=x" {
		t.Errorf(`With("\xff", "x") = %q, want "b=2&%%EF%%BF%%BD=x"`, got)
	}
}

// TestInputsNotKept checks that New and ParseBytes copy what they keep, so
// that a caller's later writes to its slice or its bytes change nothing.
// (That a caller's writes to the slices a Params returns change nothing is
// TestPropertyImmutable.)
func TestInputsNotKept(t *testing.T) {
	for _, in := range []string{"a=1&b=2&a=3", strings.Repeat("a=1&b=2&", linearLimit)} {
		want := refEncode(refParse(in))
		raw := []byte(in)
		r := ParseBytes(raw)
		for i := range raw {
			raw[i] = 'x'
		}
		if got := r.String(); got != want {
			t.Errorf("ParseBytes(%q) kept the caller's bytes: String() = %q, want %q", in, got, want)
		}
	}
	pairs := kv("a", "1")
	q := New(pairs...)
	pairs[0].Value = "x"
	if got := q.Get("a"); got != "1" {
		t.Errorf("New kept the caller's slice: Get(\"a\") = %q, want \"1\"", got)
	}
}
