package queryparams_test

import (
	"encoding/json"
	"errors"
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

// ParseLatin1 reads a raw query held in a string, such as an HTTP request's
// URL.RawQuery, as request.query_params does.
func ExampleParseLatin1() {
	q := queryparams.ParseLatin1("name=\xc3\xa9&escaped=%C3%A9")
	fmt.Println(q.Get("name"), q.Get("escaped"))
	// Output: Ã© é
}

func ExampleOptions_Parse() {
	opts := queryparams.Options{MaxFields: 3, Strict: true}

	_, err := opts.Parse("a=1&b=2&c=3&d=4")
	fmt.Println(err)
	fmt.Println(errors.Is(err, queryparams.ErrTooManyFields))

	_, err = opts.Parse("a=1&&b=2")
	fmt.Println(err)

	q, err := opts.Parse("a=1&b=2")
	fmt.Println(q, err)
	// Output:
	// queryparams: too many fields: 4 fields, over the limit of 3
	// true
	// queryparams: malformed field: empty field "" at byte 4
	// a=1&b=2 <nil>
}

func ExampleOptions_ParseBytes() {
	opts := queryparams.Options{MaxBytes: 8}
	_, err := opts.ParseBytes([]byte("token=abcdef"))
	var limit *queryparams.LimitError
	if errors.As(err, &limit) {
		fmt.Println(limit.Got, "bytes, limit", limit.Limit)
	}
	// Output: 12 bytes, limit 8
}

func ExampleSyntaxError() {
	_, err := queryparams.Options{Strict: true}.Parse("page=2&debug")
	var syntax *queryparams.SyntaxError
	if errors.As(err, &syntax) {
		fmt.Printf("%s %q at byte %d\n", syntax.Reason, syntax.Field, syntax.Offset)
	}
	// Output: no '=' in field "debug" at byte 7
}

// With replaces every value of a key and moves the key to the end, as
// md[key] = value does in Starlette.
func ExampleParams_With() {
	q := queryparams.Parse("page=1&sort=name&page=2")
	fmt.Println(q.With("page", "3"))
	fmt.Println(q) // unchanged
	// Output:
	// sort=name&page=3
	// page=1&sort=name&page=2
}

func ExampleParams_Add() {
	q := queryparams.Parse("tag=a")
	fmt.Println(q.Add("tag", "b"), q.Add("tag", "b").Get("tag"))
	// Output: tag=a&tag=b b
}

func ExampleParams_Without() {
	q := queryparams.Parse("a=1&token=secret&b=2&token=again")
	fmt.Println(q.Without("token", "missing"))
	// Output: a=1&b=2
}

func ExampleParams_SetList() {
	q := queryparams.Parse("id=1&x=0&id=2")
	fmt.Println(q.SetList("id", "7", "8", "9"))
	fmt.Println(q.SetList("id"))
	// Output:
	// x=0&id=7&id=8&id=9
	// x=0
}

func ExampleParams_Update() {
	q := queryparams.Parse("a=1&b=2&a=3")
	fmt.Println(q.Update(queryparams.Parse("a=9&c=0")))
	// Output: b=2&a=9&c=0
}

func ExampleIncludeQueryParams() {
	u, _ := url.Parse("https://example.org/items?page=3&sort=name")
	next := queryparams.IncludeQueryParams(u, queryparams.Pair{Key: "page", Value: "4"})
	fmt.Println(next)
	// Output: https://example.org/items?sort=name&page=4
}

func ExampleReplaceQueryParams() {
	u, _ := url.Parse("https://example.org/items?page=3")
	fmt.Println(queryparams.ReplaceQueryParams(u, queryparams.Pair{Key: "q", Value: "a b"}))
	// Output: https://example.org/items?q=a+b
}

func ExampleRemoveQueryParams() {
	u, _ := url.Parse("https://example.org/items?page=3&q=x")
	fmt.Println(queryparams.RemoveQueryParams(u, "page", "q"))
	// Output: https://example.org/items
}

func ExampleFromValues() {
	v := url.Values{"b": {"1", "2"}, "a": {"x"}}
	q := queryparams.FromValues(v)
	fmt.Println(q, q.Get("b"), v.Get("b"))
	// Output: a=x&b=1&b=2 2 1
}

func ExampleParams_ToValues() {
	v := queryparams.Parse("b=1&a=x&b=2").ToValues()
	fmt.Println(v["b"], v.Get("b"))
	// Output: [1 2] 1
}

func ExampleFromMap() {
	fmt.Println(queryparams.FromMap(map[string]string{"z": "1", "a": "b c"}))
	// Output: a=b+c&z=1
}

// A Params marshals to its query string, so it fits in JSON and config files.
func ExampleParams_MarshalText() {
	type link struct {
		Query queryparams.Params `json:"query"`
	}
	data, _ := json.Marshal(link{Query: queryparams.Parse("q=caf%C3%A9&page=2&flag")})
	fmt.Println(string(data))
	// Output: {"query":"q=caf%C3%A9\u0026page=2\u0026flag="}
}

func ExampleParams_UnmarshalText() {
	var q queryparams.Params
	_ = q.UnmarshalText([]byte("a=1&a=2"))
	fmt.Println(q.Get("a"), q.GetList("a"))
	// Output: 2 [1 2]
}

func ExampleParams_AppendText() {
	b, _ := queryparams.Parse("x=1 2").AppendText([]byte("/search?"))
	fmt.Println(string(b))
	// Output: /search?x=1+2
}
