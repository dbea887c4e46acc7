package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestRunText(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"a=1&a=2&b"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("run(a=1&a=2&b) = %d, stderr %q", code, errOut.String())
	}
	// Expected from docs/semantics.md, "The multi-map" and "Encoding": three pairs, two keys, a wins with 2, b re-encodes as b=.
	for _, want := range []string{
		`pairs (3, in order):`, `1. "a" = "1"`, `2. "a" = "2"`, `3. "b" = ""`,
		`keys (2, the last value wins):`, `"a" = "2"  (last of 2 values)`,
		"str:  a=1&a=2&b=\n", "repr: QueryParams('a=1&a=2&b=')",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("inspect 'a=1&a=2&b' output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunJSONFromStdin(t *testing.T) {
	var out, errOut bytes.Buffer
	in := strings.NewReader("n=\xc3\xa9&n=%C3%A9\r\nx=%zz\n")
	if code := run([]string{"-json", "-bytes"}, in, &out, &errOut); code != 0 {
		t.Fatalf("run = %d, stderr %q", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d JSON lines, want 2:\n%s", len(lines), out.String())
	}
	var r report
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	// docs/semantics.md, "Raw bytes and latin-1": the bytes path reads raw é as latin-1 "Ã©"; the escape is UTF-8.
	if r.Parser != "ParseBytes" || r.Len != 1 || r.Items[0] != [2]string{"n", "é"} ||
		len(r.GetList["n"]) != 2 || r.GetList["n"][0] != "Ã©" {
		t.Errorf("first report = %+v", r)
	}
	if err := json.Unmarshal([]byte(lines[1]), &r); err != nil {
		t.Fatal(err)
	}
	if r.Str != "x=%25zz" {
		t.Errorf("second report str = %q, want x=%%25zz (a malformed escape is kept, and its %% re-encoded)", r.Str)
	}
}

func TestRunBadFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-nope"}, nil, &out, &errOut); code != 2 {
		t.Errorf("run(-nope) = %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "usage: inspect") {
		t.Errorf("run(-nope) printed no usage: %q", errOut.String())
	}
}

func TestRunLimitsAndStrict(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-limit-fields", "2", "a=1&b=2", "a=1&b=2&c=3"}, nil, &out, &errOut)
	if code != 1 {
		t.Errorf("run with a refused query = %d, want 1", code)
	}
	if !strings.Contains(out.String(), "refused: queryparams: too many fields: 3 fields, over the limit of 2") ||
		!strings.Contains(out.String(), `1. "a" = "1"`) {
		t.Errorf("output:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"-strict", "-json", "a=1&flag"}, nil, &out, &errOut); code != 1 {
		t.Errorf("run -strict on a bare key = %d, want 1", code)
	}
	var r report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || !strings.Contains(r.Error, `no '=' in field "flag" at byte 4`) {
		t.Errorf("strict JSON report = %+v, %v", r, err)
	}
	if code := run([]string{"-limit-fields", "-1", "a"}, nil, &out, &errOut); code != 2 {
		t.Errorf("run -limit-fields -1 = %d, want 2", code)
	}
}

func TestRunCompare(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-compare", "a=1&a=2&b=x;y&c=%zz"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("run -compare = %d: %s", code, errOut.String())
	}
	// net/url: the first value wins; pairs with ";" or a bad
	// escape are dropped with an error.
	for _, want := range []string{
		`"a": Starlette Get "2", values ["1" "2"]; net/url Get gives "1" (the first)`,
		`"b": Starlette Get "x;y", values ["x;y"]; net/url has no such key`,
		`"c": Starlette Get "%zz", values ["%zz"]; net/url has no such key`,
		"error: invalid semicolon separator in query",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-compare output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"-compare", "-json", "k=1&k=2"}, nil, &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	var r report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.NetURL == nil || r.NetURL.Values.Get("k") != "1" || r.Items[0][1] != "2" {
		t.Errorf("-compare -json report = %+v, %v", r, err)
	}
}

// Expected values from the measured servers: uvicorn with httptools cuts
// the query at '#'; url.query reads the decoded path, so an escaped '?'
// moves the query; daphne refuses a raw byte 80-FF in the target.
func TestRunServerAndURLQuery(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-server", "uvicorn-httptools", "-compare", "/ws?role=admin#&role=user"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("run -server uvicorn-httptools = %d: %s", code, errOut.String())
	}
	for _, want := range []string{
		`uvicorn-httptools request.query_params of GET "/ws?role=admin#&role=user"`,
		`1. "role" = "admin"`,
		`    uvicorn-h11 query_params: ["role"="admin#" "role"="user"]`,
		`  ≠ uvicorn-httptools query_params: ["role"="admin"]`,
		`disagree: first at byte 14 of the target, "#"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"-url-query", "-json", "/q%3Fx=1?y=2"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("run -url-query = %d: %s", code, errOut.String())
	}
	var r targetReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.Road != "QueryParams(request.url.query)" ||
		len(r.MultiItems) != 1 || r.MultiItems[0] != [2]string{"x", "1?y=2"} {
		t.Errorf("-url-query -json report = %+v, %v", r, err)
	}
	out.Reset()
	if code := run([]string{"-server", "daphne", "/p\xff?a=1"}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(out.String(), "refused: queryparams: daphne answers 400: byte 0xFF at offset 2 of the request target") {
		t.Errorf("run -server daphne on a raw FF = %d:\n%s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"-server", "gunicorn", "/"}, nil, &out, &errOut); code != 2 {
		t.Errorf("run -server gunicorn = %d, want 2", code)
	}
}

func TestRunCompareShowsAgreement(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-compare", "a=1&b=2"}, nil, &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	if !strings.Contains(out.String(), "all eight agree (httpquery.Consistent passes)") {
		t.Errorf("-compare output:\n%s", out.String())
	}
}
