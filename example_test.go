package queryparams_test

import (
	"fmt"
	"net/url"

	"github.com/seed-3058a48d/queryparams"
)

func ExampleParse() {
	q := queryparams.Parse("b=1&a=2&b=3&c")
	for k, v := range q.All() {
		fmt.Printf("%q=%q\n", k, v)
	}
	// Output:
	// "b"="1"
	// "a"="2"
	// "b"="3"
	// "c"=""
}

// Parse keeps ';' and malformed escapes as data, where net/url drops the
// pair and reports an error.
func ExampleParse_netURL() {
	const raw = "a=1;b=2&c=%zz&d=4"
	q := queryparams.Parse(raw)
	fmt.Println(q.MultiItems())

	v, err := url.ParseQuery(raw)
	fmt.Println(v, err != nil)
	// Output:
	// [{a 1;b=2} {c %zz} {d 4}]
	// map[d:[4]] true
}

// '+' is a space; only %2B is a plus sign.
func ExampleParse_plus() {
	q := queryparams.Parse("q=1+1&r=1%2B1")
	fmt.Printf("%q %q\n", q.Get("q"), q.Get("r"))
	// Output: "1 1" "1+1"
}

// Escaped bytes that are not UTF-8 become U+FFFD, one per maximal invalid
// subpart, as CPython counts them.
func ExampleParse_invalidUTF8() {
	q := queryparams.Parse("a=%E2%82%AC&b=%E2%82&c=%ED%A0%80")
	fmt.Printf("%+q %+q %+q\n", q.Get("a"), q.Get("b"), q.Get("c"))
	// Output: "\u20ac" "\ufffd" "\ufffd\ufffd\ufffd"
}

// ParseBytes is what Starlette's request.query_params does: raw bytes are
// latin-1, so a raw "é" reads as "Ã©". Escapes are still UTF-8.
func ExampleParseBytes() {
	raw := []byte("name=\xc3\xa9&escaped=%C3%A9")
	q := queryparams.ParseBytes(raw)
	fmt.Println(q.Get("name"), q.Get("escaped"))
	fmt.Println(queryparams.Parse(string(raw)).Get("name"))
	// Output:
	// Ã© é
	// é
}

func ExampleNew() {
	q := queryparams.New(
		queryparams.Pair{Key: "search", Value: "a+b c"},
		queryparams.Pair{Key: "page", Value: "2"},
	)
	fmt.Println(q)
	// Output: search=a%2Bb+c&page=2
}

// Get returns the LAST value of a repeated key, where url.Values.Get returns
// the first.
func ExampleParams_Get() {
	q := queryparams.Parse("role=user&role=admin")
	fmt.Println(q.Get("role"))

	v, _ := url.ParseQuery("role=user&role=admin")
	fmt.Println(v.Get("role"))
	// Output:
	// admin
	// user
}

func ExampleParams_Lookup() {
	q := queryparams.Parse("debug&page=")
	v, ok := q.Lookup("debug")
	fmt.Printf("%q %v\n", v, ok)
	v, ok = q.Lookup("verbose")
	fmt.Printf("%q %v\n", v, ok)
	// Output:
	// "" true
	// "" false
}

func ExampleParams_GetList() {
	q := queryparams.Parse("tag=go&tag=python&x=1")
	fmt.Println(q.GetList("tag"), len(q.GetList("missing")))
	// Output: [go python] 0
}

// Keys are compared after decoding, exactly and case-sensitively.
func ExampleParams_Has() {
	q := queryparams.Parse("first+name=Ada")
	fmt.Println(q.Has("first name"), q.Has("first+name"), q.Has("First name"))
	// Output: true false false
}

// Len counts distinct keys, not pairs.
func ExampleParams_Len() {
	q := queryparams.Parse("a=1&a=2&b=3")
	fmt.Println(q.Len(), len(q.MultiItems()))
	// Output: 2 3
}

func ExampleParams_Keys() {
	q := queryparams.Parse("b=1&a=2&b=3")
	fmt.Println(q.Keys())
	// Output: [b a]
}

func ExampleParams_Values() {
	q := queryparams.Parse("b=1&a=2&b=3")
	fmt.Println(q.Values())
	// Output: [3 2]
}

func ExampleParams_Items() {
	q := queryparams.Parse("b=1&a=2&b=3")
	fmt.Println(q.Items())
	// Output: [{b 3} {a 2}]
}

func ExampleParams_MultiItems() {
	q := queryparams.Parse("b=1&a=2&b=3")
	fmt.Println(q.MultiItems())
	// Output: [{b 1} {a 2} {b 3}]
}

func ExampleParams_All() {
	q := queryparams.Parse("x=1&y=2&x=3")
	for k, v := range q.All() {
		fmt.Println(k, v)
	}
	// Output:
	// x 1
	// y 2
	// x 3
}

// String re-encodes every pair in order, never sorting; a bare key gets its
// '='.
func ExampleParams_String() {
	q := queryparams.Parse("z=1&a&q=caf%C3%A9+au+lait&z=%2a")
	fmt.Println(q.String())
	// Output: z=1&a=&q=caf%C3%A9+au+lait&z=%2A
}

func ExampleParams_GoString() {
	q := queryparams.Parse("a=1&b")
	fmt.Printf("%#v\n", q)
	// Output: QueryParams('a=1&b=')
}

// Equal compares pairs as a multiset: order is ignored, repetition is not.
func ExampleParams_Equal() {
	a := queryparams.Parse("a=1&a=2")
	fmt.Println(a.Equal(queryparams.Parse("a=2&a=1")))
	fmt.Println(a.Equal(queryparams.Parse("a=1&a=2&a=2")))
	fmt.Println(queryparams.Parse("k=%FF").Equal(queryparams.Parse("k=%FE")))
	// Output:
	// true
	// false
	// true
}
