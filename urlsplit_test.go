package queryparams

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The expected values of these tests come from Python: the urlsplit and
// unquote sections of testdata/servers_golden.json, which
// testdata/oracle/servers_oracle.py wrote with Debian 12's Python 3.11.2,
// and the table below, each row of which is what that Python printed.

type urlsplitGolden struct {
	Python   string `json:"python"`
	URLSplit []struct {
		URL   string   `json:"url"` // hex of UTF-8
		Parts []string `json:"parts"`
		Error *string  `json:"error"`
	} `json:"urlsplit"`
	Unquote []struct {
		In  string `json:"in"`
		Out string `json:"out"`
	} `json:"unquote"`
}

func loadURLSplitGolden(t *testing.T) *urlsplitGolden {
	t.Helper()
	data, err := os.ReadFile("testdata/servers_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	g := new(urlsplitGolden)
	if err := json.Unmarshal(data, g); err != nil {
		t.Fatal(err)
	}
	if len(g.URLSplit) < 1000 || len(g.Unquote) < 1000 {
		t.Fatalf("golden file has %d urlsplit and %d unquote vectors; want at least 1000 of each", len(g.URLSplit), len(g.Unquote))
	}
	return g
}

func unhexString(t *testing.T, s string) string {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSplitURLGolden(t *testing.T) {
	g := loadURLSplitGolden(t)
	bad := 0
	for _, c := range g.URLSplit {
		url := unhexString(t, c.URL)
		got, err := SplitURL(url)
		switch {
		case c.Error != nil:
			var se *SplitError
			if !errors.As(err, &se) || se.Msg != *c.Error || !errors.Is(err, ErrInvalidURL) {
				bad++
				t.Errorf("SplitURL(%q) = %+v, %v, want ValueError %q", url, got, err, *c.Error)
			}
		case err != nil:
			bad++
			t.Errorf("SplitURL(%q) = %v, want %q", url, err, c.Parts)
		default:
			parts := []string{got.Scheme, got.Netloc, got.Path, got.Query, got.Fragment}
			if d := cmp.Diff(c.Parts, parts); d != "" {
				bad++
				t.Errorf("SplitURL(%q) (-python +got):\n%s", url, d)
			}
		}
		if bad > 20 {
			t.Fatal("too many failures")
		}
	}
}

func TestUnquoteGolden(t *testing.T) {
	g := loadURLSplitGolden(t)
	for _, c := range g.Unquote {
		in, want := unhexString(t, c.In), unhexString(t, c.Out)
		if got := Unquote(in); got != want {
			t.Errorf("Unquote(%q) = %q, want %q", in, got, want)
		}
	}
}

// Rows printed by Python 3.11.2's urllib.parse (Debian 12).
func TestSplitURL(t *testing.T) {
	for _, c := range []struct {
		url  string
		want URLParts
		err  string
	}{
		// Starlette's request.url for "/q%3Fx=1?y=2": the decoded path moves the query.
		{"http://h/q?x=1?y=2", URLParts{"http", "h", "/q", "x=1?y=2", ""}, ""},
		{"http://h/q#x?y=2", URLParts{"http", "h", "/q", "", "x?y=2"}, ""},
		{"http://h/p?a=\t1#b", URLParts{"http", "h", "/p", "a=1", "b"}, ""},
		{"\x00 HTTP://H/P", URLParts{"http", "H", "/P", "", ""}, ""},
		{"1x://h/p", URLParts{"", "", "1x://h/p", "", ""}, ""},
		{"x?://h/p?a=1", URLParts{"", "", "x", "://h/p?a=1", ""}, ""},
		{"http://[::1]:80/p", URLParts{"http", "[::1]:80", "/p", "", ""}, ""},
		{"http://[1:2]/p", URLParts{}, "'1:2' does not appear to be an IPv4 or IPv6 address"},
		{"http://[1.2.3.4]/p", URLParts{}, "An IPv4 address cannot be in brackets"},
		{"http://[v1.]/p", URLParts{}, "IPvFuture address is invalid"},
		{"http://[::1/p", URLParts{}, "Invalid IPv6 URL"},
		{"http://a[::1]/p", URLParts{}, "Invalid IPv6 URL"},
		{"http://a\u2100b/p", URLParts{}, "netloc 'a\u2100b' contains invalid characters under NFKC normalization"},
	} {
		t.Run(c.url, func(t *testing.T) {
			got, err := SplitURL(c.url)
			if c.err != "" {
				var se *SplitError
				if !errors.As(err, &se) || se.Msg != c.err {
					t.Errorf("SplitURL(%q) = %+v, %v, want ValueError %q", c.url, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("SplitURL(%q) = %+v, %v, want %+v", c.url, got, err, c.want)
			}
		})
	}
}

// Rows printed by Python 3.11.2's urllib.parse.unquote; a raw byte that is
// not UTF-8 stands for Python's surrogate escape and is kept.
func TestUnquote(t *testing.T) {
	for _, c := range [][2]string{
		{"/q%3Fx", "/q?x"},
		{"a+b%20c", "a+b c"},
		{"%E2%82", "\uFFFD"},
		{"%E2%82%E2%82%AC", "\uFFFD€"},
		{"%ED%A0%80", "\uFFFD\uFFFD\uFFFD"},
		{"%4g%", "%4g%"},
		{"é%C3%A9", "éé"},
		{"%C3\xc3%A9", "\uFFFD\xc3\uFFFD"},
	} {
		if got := Unquote(c[0]); got != c[1] {
			t.Errorf("Unquote(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}
