package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSearch sends real requests over loopback, with raw request lines so
// that no client re-encodes them, and checks what the service read against
// what Starlette's request.query_params gives for the same request
// (docs/semantics.md, "Entry points" to "Encoding"; the golden file holds
// the same inputs).
func TestSearch(t *testing.T) {
	srv := httptest.NewServer(newHandler())
	defer srv.Close()
	for _, c := range []struct {
		name   string
		target string
		status int
		want   searchResponse
	}{
		{"repeated keys: the last wins", "/search?q=go&tag=a&q=python&tag=b",
			200, searchResponse{Q: "python", Tags: []string{"a", "b"}, Page: 1, Query: "q=go&tag=a&q=python&tag=b"}},
		{"';' is data", "/search?q=a;b&page=2",
			200, searchResponse{Q: "a;b", Tags: []string{}, Page: 2, Query: "q=a%3Bb&page=2"}},
		{"a bad escape is kept", "/search?q=100%zz&tag=%",
			200, searchResponse{Q: "100%zz", Tags: []string{"%"}, Page: 1, Query: "q=100%25zz&tag=%25"}},
		{"raw UTF-8 is latin-1, escapes are UTF-8", "/search?q=\xc3\xa9&tag=%C3%A9",
			200, searchResponse{Q: "Ã©", Tags: []string{"é"}, Page: 1, Query: "q=%C3%83%C2%A9&tag=%C3%A9"}},
		{"'+' is a space, %2B a plus", "/search?q=c%2B%2B+go",
			200, searchResponse{Q: "c++ go", Tags: []string{}, Page: 1, Query: "q=c%2B%2B+go"}},
		{"a bare key is an empty value", "/search?q&page=3",
			200, searchResponse{Q: "", Tags: []string{}, Page: 3, Query: "q=&page=3"}},
		{"bad page", "/search?page=0", 400, searchResponse{}},
		{"too many fields", "/search?" + strings.Repeat("a=1&", 300), 414, searchResponse{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, body := rawGet(t, srv.Listener.Addr().String(), c.target)
			if status != c.status {
				t.Fatalf("GET %q: status %d, want %d (%s)", c.target, status, c.status, body)
			}
			if status != 200 {
				return
			}
			var got searchResponse
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("GET %q (-want +got):\n%s", c.target, diff)
			}
		})
	}
}

// rawGet sends target byte for byte in a GET request line and returns the
// status and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return resp.StatusCode, b.String()
}
