package queryparams

import (
	"fmt"
	"net/url"
	"testing"
)

func TestString(t *testing.T) {
	for _, c := range []struct {
		src   string
		pairs []Pair
		want  string
	}{
		{"Encoding", nil, ""},
		{"Encoding", kv("a", ""), "a="},
		{"Encoding", kv("", ""), "="},
		{"Encoding", kv("+", "*/", "sp ce", "\uFFFD"), "%2B=%2A%2F&sp+ce=%EF%BF%BD"},
		{"Encoding (never sorts)", kv("b", "1", "a", "2", "b", "3"), "b=1&a=2&b=3"},
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
// docs/semantics.md, "Where net/url differs" says is byte-identical to
// quote_plus.
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
