package queryparams

import (
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
