package httpquery_test

import (
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed-3058a48d/queryparams"
	"github.com/seed-3058a48d/queryparams/httpquery"
)

func TestFromRequest(t *testing.T) {
	for _, c := range []struct {
		src    string
		target string
		want   []queryparams.Pair
	}{
		{"Starlette test_request_query_params", "/?a=123&b=456", []queryparams.Pair{{Key: "a", Value: "123"}, {Key: "b", Value: "456"}}},
		{"raw bytes are latin-1", "/?n=\xc3\xa9&e=%C3%A9", []queryparams.Pair{{Key: "n", Value: "Ã©"}, {Key: "e", Value: "é"}}},
		{"semicolon is data, a malformed escape is kept", "/?a=1;b=2&c=%zz", []queryparams.Pair{{Key: "a", Value: "1;b=2"}, {Key: "c", Value: "%zz"}}},
		{"no query", "/", nil},
	} {
		r := httptest.NewRequest("GET", c.target, nil)
		if got := httpquery.FromRequest(r).MultiItems(); !cmp.Equal(got, c.want) {
			t.Errorf("FromRequest(GET %q) = %q, want %q (%s)", c.target, got, c.want, c.src)
		}
	}
	if got := httpquery.FromRequest(nil); got.Len() != 0 {
		t.Errorf("FromRequest(nil) = %v, want empty", got)
	}
}

func TestFromRequestAllocs(t *testing.T) {
	r := httptest.NewRequest("GET", "/?token=abc&thread_id=42", nil)
	if got := testing.AllocsPerRun(20, func() { httpquery.FromRequest(r) }); got > 1 {
		t.Errorf("FromRequest makes %v allocations, want at most 1: the query is not copied", got)
	}
}
