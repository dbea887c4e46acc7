package queryparams

// parseCase is one row of the shared table that feeds the unit tests and the
// fuzz seeds. Every expected value comes from SPEC.md, from CPython's or
// Starlette's published tests (../shared/UPSTREAM-VECTORS.md), or from a bug
// found by the oracle or the fuzzer, as src says; none is copied from this
// package's output.
type parseCase struct {
	src   string // where the expected value comes from
	in    string // the query; for bytes cases, its raw bytes
	bytes bool   // read with ParseBytes instead of Parse
	want  []Pair // nil: no pairs
}

// kv builds a []Pair from alternating keys and values.
func kv(s ...string) []Pair {
	var ps []Pair
	for i := 0; i+1 < len(s); i += 2 {
		ps = append(ps, Pair{s[i], s[i+1]})
	}
	return ps
}

const fffd = "\uFFFD"

var parseCases = []parseCase{
	// CPython Lib/test/test_urlparse.py parse_qsl_test_cases (keep_blank_values=True).
	{src: "CPython parse_qsl", in: "", want: nil},
	{src: "CPython parse_qsl", in: "&", want: nil},
	{src: "CPython parse_qsl", in: "&&", want: nil},
	{src: "CPython parse_qsl", in: "=", want: kv("", "")},
	{src: "CPython parse_qsl", in: "=a", want: kv("", "a")},
	{src: "CPython parse_qsl", in: "a", want: kv("a", "")},
	{src: "CPython parse_qsl", in: "a=", want: kv("a", "")},
	{src: "CPython parse_qsl", in: "a=b=c", want: kv("a", "b=c")},
	{src: "CPython parse_qsl", in: "a%3Db=c", want: kv("a=b", "c")},
	{src: "CPython parse_qsl", in: "a=b&c=d", want: kv("a", "b", "c", "d")},
	{src: "CPython parse_qsl", in: "a=b%26c=d", want: kv("a", "b&c=d")},
	{src: "CPython parse_qsl", in: "&a=b", want: kv("a", "b")},
	{src: "CPython parse_qsl", in: "a=a+b&b=b+c", want: kv("a", "a b", "b", "b c")},
	{src: "CPython parse_qsl", in: "a=1&a=2", want: kv("a", "1", "a", "2")},
	{src: "CPython parse_qsl", in: ";a=b", want: kv(";a", "b")},
	{src: "CPython parse_qsl", in: "a=a+b;b=b+c", want: kv("a", "a b;b=b c")},
	{src: "CPython parse_qsl", in: "\u0141=\u00e9", want: kv("\u0141", "\u00e9")},
	{src: "CPython parse_qsl", in: "%C5%81=%C3%A9", want: kv("\u0141", "\u00e9")},
	{src: "CPython parse_qsl", in: "%81=%A9", want: kv(fffd, fffd)},
	{src: "CPython parse_qs", in: "a=a%E2%80%99b", want: kv("a", "a\u2019b")},
	{src: "CPython parse_qsl_encoding (utf-8)", in: "key=\u0141%C3%A9", want: kv("key", "\u0141\u00e9")},
	// CPython Lib/test/test_urllib.py unquote tests, as a value.
	{src: "CPython test_urllib unquote", in: "v=%xab", want: kv("v", "%xab")},
	{src: "CPython test_urllib unquote", in: "v=%x", want: kv("v", "%x")},
	{src: "CPython test_urllib unquote", in: "v=%", want: kv("v", "%")},
	{src: "CPython test_urllib unquote", in: "v=ab%63d", want: kv("v", "abcd")},
	{src: "CPython test_urllib unquote_plus", in: "v=are+there+spaces...", want: kv("v", "are there spaces...")},
	{src: "CPython test_urllib unquote", in: "v=br%C3%BCckner_sapporo_20050930.doc", want: kv("v", "br\u00fcckner_sapporo_20050930.doc")},
	{src: "CPython test_urllib unquote", in: "v=%E6%BC%A2%E5%AD%97", want: kv("v", "漢字")},
	{src: "CPython test_urllib unquote", in: "v=%F3%B1", want: kv("v", fffd)},
	{src: "CPython test_urllib unquote", in: "v=\u6f22%C3%BC", want: kv("v", "漢ü")},
	{src: "CPython test_urllib unquote", in: "v=bl%c3%a5b%c3%a6rsyltet%c3%b8j", want: kv("v", "blåbærsyltetøj")},
	// Starlette tests/test_datastructures.py::test_queryparams and request/websocket tests.
	{src: "Starlette test_queryparams", in: "a=123&a=456&b=789", want: kv("a", "123", "a", "456", "b", "789")},
	{src: "Starlette test_request_query_params", in: "a=123&b=456", bytes: true, want: kv("a", "123", "b", "456")},
	{src: "Starlette test_websocket_query_params", in: "a=abc&b=456", bytes: true, want: kv("a", "abc", "b", "456")},
	{src: "Starlette test_testclient test_query_params", in: "date=2020-07-14T00%3A00%3A00%2B00%3A00&c=Espa%C3%B1a&v=voil%C3%A0", bytes: true,
		want: kv("date", "2020-07-14T00:00:00+00:00", "c", "España", "v", "voilà")},
	// SPEC section 1: the bytes path is latin-1.
	{src: "SPEC 1", in: "v=\xc3\xa9", bytes: true, want: kv("v", "Ã©")},
	{src: "SPEC 1", in: "v=\xc3\xa9", want: kv("v", "é")},
	{src: "SPEC 1 (invalid UTF-8 on the str path)", in: "v=\xff&\xc3=1", want: kv("v", fffd, fffd, "1")},
	// SPEC section 2: splitting.
	{src: "SPEC 2.2", in: "a=1;b=2", want: kv("a", "1;b=2")},
	{src: "SPEC 2.3", in: "&&a=1&&", want: kv("a", "1")},
	{src: "SPEC 2.4", in: "a==", want: kv("a", "=")},
	{src: "SPEC 2.5", in: "A=1&a=2", want: kv("A", "1", "a", "2")},
	{src: "SPEC 2.5", in: " a = 1 ", want: kv(" a ", " 1 ")},
	{src: "SPEC 2.5", in: "#a=?b", want: kv("#a", "?b")},
	{src: "SPEC 2.5", in: "a=\x00\x01&\x7f", want: kv("a", "\x00\x01", "\x7f", "")},
	{src: "SPEC 2.6", in: "a=b%26c%3Dd", want: kv("a", "b&c=d")},
	// SPEC section 3: decoding.
	{src: "SPEC 3.1", in: "a+b=c+d&e=%2B", want: kv("a b", "c d", "e", "+")},
	{src: "SPEC 3.4", in: "%4a%4A%4g%4%", want: kv("JJ%4g%4%", "")},
	{src: "SPEC 3.4", in: "%%41", want: kv("%A", "")},
	{src: "SPEC 3.4", in: "%2541", want: kv("%41", "")},
	{src: "SPEC 3.4", in: "%zz", want: kv("%zz", "")},
	{src: "SPEC 3.4", in: "abc%", want: kv("abc%", "")},
	{src: "SPEC 3.4", in: "%u0041", want: kv("%u0041", "")},
	{src: "SPEC 3.5", in: "%C3é", want: kv(fffd+"é", "")},
	{src: "SPEC 3.5", in: "é%A9", want: kv("é"+fffd, "")},
	{src: "SPEC 3 (bytes path)", in: "\xf0\x9f\x98%80", bytes: true, want: kv("ð\u009f\u0098"+fffd, "")},
	{src: "SPEC 3 (bytes path)", in: "\xc3%A9", bytes: true, want: kv("Ã"+fffd, "")},
	// SPEC section 4: one U+FFFD per maximal subpart.
	{src: "SPEC 4", in: "%C3", want: kv(fffd, "")},
	{src: "SPEC 4", in: "%E2%82", want: kv(fffd, "")},
	{src: "SPEC 4", in: "%F0%9F%98", want: kv(fffd, "")},
	{src: "SPEC 4", in: "%FF", want: kv(fffd, "")},
	{src: "SPEC 4", in: "%80", want: kv(fffd, "")},
	{src: "SPEC 4", in: "%C3%28", want: kv(fffd+"(", "")},
	{src: "SPEC 4", in: "%C0%AF", want: kv(fffd+fffd, "")},
	{src: "SPEC 4", in: "%80%80", want: kv(fffd+fffd, "")},
	{src: "SPEC 4", in: "%FE%FF", want: kv(fffd+fffd, "")},
	{src: "SPEC 4", in: "%ED%A0%80", want: kv(fffd+fffd+fffd, "")},
	{src: "SPEC 4", in: "%E0%80%AF", want: kv(fffd+fffd+fffd, "")},
	{src: "SPEC 4", in: "%F4%90%80%80", want: kv(fffd+fffd+fffd+fffd, "")},
	{src: "SPEC 4", in: "%F5%80%80%80", want: kv(fffd+fffd+fffd+fffd, "")},
	{src: "SPEC 4", in: "%E2%82%AC%E2%82", want: kv("€"+fffd, "")},
	{src: "SPEC 4", in: "%EF%BB%BF", want: kv("\uFEFF", "")},
	{src: "SPEC 4 (raw bytes, str path)", in: "\xed\xa0\x80=\xe0\x80\xaf", want: kv(fffd+fffd+fffd, fffd+fffd+fffd)},
	{src: "SPEC 4 (raw bytes, str path)", in: "\xf0\x9f\x98=\xe2\x82\xac\xe2\x82", want: kv(fffd, "€"+fffd)},
	// SPEC section 5: the multi-map example.
	{src: "SPEC 5", in: "b=1&a=2&b=3&c", want: kv("b", "1", "a", "2", "b", "3", "c", "")},
	{src: "SPEC 5", in: "a+b=1&a%20b=2&a b=3", want: kv("a b", "1", "a b", "2", "a b", "3")},
}
