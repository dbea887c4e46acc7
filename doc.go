// Package queryparams reads URL query strings exactly as Python's Starlette
// does.
//
// The reference behaviour is Starlette's QueryParams
// (starlette.datastructures.QueryParams, the object behind
// request.query_params in Starlette and FastAPI), which is built on CPython's
// urllib.parse.parse_qsl(qs, keep_blank_values=True) for reading and
// urllib.parse.urlencode (with quote_plus) for writing. Every answer a
// [Params] gives — its pairs, keys, values, length, equality and re-encoding —
// is byte for byte the one Starlette gives for the same input.
//
// # Where this differs from net/url
//
// The same query string reads differently through [net/url.ParseQuery]:
//
//   - Duplicate keys: [Params.Get] returns the LAST value, as Starlette does;
//     url.Values.Get returns the first. Two services that disagree on which
//     value wins are open to HTTP parameter pollution.
//   - ";" is data here ("a=1;b=2" is one pair); net/url drops the pair and
//     reports an error.
//   - A malformed escape such as "%zz" is kept literally; net/url drops the pair.
//   - Invalid UTF-8 becomes U+FFFD, one per maximal subpart as CPython does;
//     net/url keeps the raw bytes.
//   - Key order is kept, and [Params.String] never sorts.
//   - There is no field limit (net/url returns an empty map above 10,000
//     fields); use [Options] to impose one on untrusted input.
//
// # Text or raw bytes
//
// [Parse] reads a Go string as Starlette's QueryParams(str) would; input that
// is not valid UTF-8 is first decoded with replacement, as Python's
// bytes.decode("utf-8", "replace") does. [ParseBytes] reads raw bytes as
// QueryParams(bytes) does, decoding them as latin-1 first: that is what
// request.query_params sees, because Starlette hands it the raw
// scope["query_string"]. [ParseLatin1] does the same for a raw query held in
// a string, such as http.Request's URL.RawQuery, and the httpquery
// subpackage's FromRequest applies it to a request. The paths differ only for
// raw (unescaped) bytes above 0x7F.
//
// No entry point fails or panics on any input, and every key and value they
// return is valid UTF-8. To bound or check untrusted input, use [Options].
//
// # Editing
//
// A Params is immutable. [Params.With], [Params.Add], [Params.Without],
// [Params.SetList] and [Params.Update] return edited copies, as Starlette's
// MultiDict operations would leave it, and [IncludeQueryParams],
// [ReplaceQueryParams] and [RemoveQueryParams] edit the query of a URL as
// Starlette's URL helpers do.
package queryparams
