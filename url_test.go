package queryparams

import (
	"net/url"
	"testing"
)

// TestURLHelpersNilURL checks that the URL helpers read a nil *url.URL as
// the empty URL. The wanted strings are Starlette's answers for URL(""):
// URL("").include_query_params(a="1", b="x y") and replace_query_params
// of the same are "?a=1&b=x+y", and remove_query_params(["a"]) is "".
func TestURLHelpersNilURL(t *testing.T) {
	pairs := []Pair{{"a", "1"}, {"b", "x y"}}
	for _, c := range []struct {
		name string // the call, with u for the URL
		call func(u *url.URL) *url.URL
		want string
	}{
		{`IncludeQueryParams(u, {a 1}, {b "x y"})`, func(u *url.URL) *url.URL { return IncludeQueryParams(u, pairs...) }, "?a=1&b=x+y"},
		{`ReplaceQueryParams(u, {a 1}, {b "x y"})`, func(u *url.URL) *url.URL { return ReplaceQueryParams(u, pairs...) }, "?a=1&b=x+y"},
		{`RemoveQueryParams(u, "a")`, func(u *url.URL) *url.URL { return RemoveQueryParams(u, "a") }, ""},
		{`IncludeQueryParams(u)`, func(u *url.URL) *url.URL { return IncludeQueryParams(u) }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got *url.URL
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s with u nil panicked: %v", c.name, r)
					}
				}()
				got = c.call(nil)
			}()
			if got == nil {
				t.Fatalf("%s with u nil = nil, want a URL", c.name)
			}
			if got.String() != c.want {
				t.Errorf("%s with u nil = %q, want %q (Starlette, on URL(\"\"))", c.name, got, c.want)
			}
			if empty := c.call(&url.URL{}); *got != *empty {
				t.Errorf("%s with u nil = %#v, want %#v, the answer for the empty URL", c.name, got, empty)
			}
		})
	}
}
