package queryparams

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// TestEdits checks each MultiDict operation on one example; the expected
// pairs follow Starlette's MultiDict source (setlist, append, pop, update),
// and the golden file and live oracle check many more against Starlette.
func TestEdits(t *testing.T) {
	base := Parse("a=1&b=2&a=3")
	for _, c := range []struct {
		name string
		got  Params
		want []Pair
	}{
		{"With(a, 9)", base.With("a", "9"), kv("b", "2", "a", "9")},
		{"With(c, 9)", base.With("c", "9"), kv("a", "1", "b", "2", "a", "3", "c", "9")},
		{"Add(a, 9)", base.Add("a", "9"), kv("a", "1", "b", "2", "a", "3", "a", "9")},
		{"Without(a)", base.Without("a"), kv("b", "2")},
		{"Without(a, b, z)", base.Without("a", "b", "z"), nil},
		{"Without()", base.Without(), kv("a", "1", "b", "2", "a", "3")},
		{"SetList(a, x, y)", base.SetList("a", "x", "y"), kv("b", "2", "a", "x", "a", "y")},
		{"SetList(a)", base.SetList("a"), kv("b", "2")},
		{"Update(b=5&c=6&b=7)", base.Update(Parse("b=5&c=6&b=7")), kv("a", "1", "a", "3", "b", "5", "c", "6", "b", "7")},
		{"Update(empty)", base.Update(Params{}), kv("a", "1", "b", "2", "a", "3")},
		{"zero.Add(k, v)", Params{}.Add("k", "v"), kv("k", "v")},
		{"Add(\\xff, v)", Params{}.Add("\xff", "v"), kv(fffd, "v")},
	} {
		if got := c.got.MultiItems(); !cmp.Equal(got, c.want) {
			t.Errorf("Parse(%q).%s = %v, want %v", "a=1&b=2&a=3", c.name, got, c.want)
		}
	}
	if got := base.String(); got != "a=1&b=2&a=3" {
		t.Errorf("the edits changed their receiver: %q", got)
	}
}

func TestPropertyEdits(t *testing.T) {
	checkProperty(t, "edits obey their laws and never change the receiver", prop.ForAll(func(raw, key, value string, values []string) bool {
		p := Parse(raw)
		before := p.String()
		w := p.With(key, value)
		if !cmp.Equal(w.GetList(key), []string{value}) || w.Get(key) != value {
			return false
		}
		if n := p.Without(key); n.Has(key) || n.Len() != p.Len()-boolToInt(p.Has(key)) {
			return false
		}
		if !cmp.Equal(p.SetList(key, values...).GetList(key), nilIfEmptyStrings(values)) {
			return false
		}
		a := p.Add(key, value)
		if a.Get(key) != value || len(a.GetList(key)) != len(p.GetList(key))+1 {
			return false
		}
		u := p.Update(p)
		if !u.Equal(p) {
			return false // updating with itself keeps the multiset
		}
		return p.String() == before && multiMapConsistent(w) && multiMapConsistent(a)
	}, genQuery(), genText(), genText(), gen.SliceOf(genText())))
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nilIfEmptyStrings(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
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

func TestInterop(t *testing.T) {
	v := url.Values{"b": {"1", "2"}, "a": {"x"}, "empty": {}}
	p := FromValues(v)
	if want := kv("a", "x", "b", "1", "b", "2"); !cmp.Equal(p.MultiItems(), want) {
		t.Errorf("FromValues(%v) = %v, want %v (sorted keys, values in order)", v, p.MultiItems(), want)
	}
	back := Parse("b=1&a=x&b=2").ToValues()
	if want := (url.Values{"a": {"x"}, "b": {"1", "2"}}); !cmp.Equal(back, want) {
		t.Errorf("ToValues() = %v, want %v", back, want)
	}
	m := FromMap(map[string]string{"z": "1", "a": "2"})
	if want := kv("a", "2", "z", "1"); !cmp.Equal(m.MultiItems(), want) {
		t.Errorf("FromMap = %v, want %v", m.MultiItems(), want)
	}

	type config struct {
		Query Params `json:"query"`
	}
	in := config{Query: Parse("b=1&a=x+y&b=2&c")}
	data, err := json.Marshal(in)
	if err != nil || string(data) != `{"query":"b=1\u0026a=x+y\u0026b=2\u0026c="}` {
		t.Errorf("json.Marshal = %s, %v", data, err)
	}
	var out config
	if err := json.Unmarshal(data, &out); err != nil || !cmp.Equal(out.Query.MultiItems(), in.Query.MultiItems()) {
		t.Errorf("json round trip = %v, %v; want %v", out.Query.MultiItems(), err, in.Query.MultiItems())
	}
	b, _ := Parse("a=1").AppendText([]byte("prefix:"))
	if string(b) != "prefix:a=1" {
		t.Errorf("AppendText = %q", b)
	}
	if b, err := (Params{}).MarshalText(); len(b) != 0 || err != nil {
		t.Errorf("empty MarshalText = %q, %v", b, err)
	}
}
