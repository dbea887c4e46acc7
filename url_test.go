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

func TestURLHelpers(t *testing.T) {
	// Starlette tests/test_datastructures.py::test_url_query_params.
	u, _ := url.Parse("https://example.org/path/to/somewhere?page=3")
	u = IncludeQueryParams(u, Pair{"page", "4"})
	if u.String() != "https://example.org/path/to/somewhere?page=4" {
		t.Errorf("include(page=4) = %s", u)
	}
	u = IncludeQueryParams(u, Pair{"search", "testing"})
	if u.String() != "https://example.org/path/to/somewhere?page=4&search=testing" {
		t.Errorf("include(search=testing) = %s", u)
	}
	u = ReplaceQueryParams(u, Pair{"order", "name"})
	if u.String() != "https://example.org/path/to/somewhere?order=name" {
		t.Errorf("replace(order=name) = %s", u)
	}
	before := u.String()
	r := RemoveQueryParams(u, "order")
	if r.String() != "https://example.org/path/to/somewhere" {
		t.Errorf("remove(order) = %s", r)
	}
	if u.String() != before {
		t.Errorf("RemoveQueryParams changed its input: %s", u)
	}
	withUser, _ := url.Parse("https://me:pw@example.org/?a=1")
	out := IncludeQueryParams(withUser, Pair{"b", "2"})
	if out.User == withUser.User {
		t.Errorf("the result shares the input's Userinfo")
	}
}
