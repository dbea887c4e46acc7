// Package httpquery reads the query of a net/http request as Starlette's
// request.query_params does.
//
// It is a package of its own so that programs that use queryparams without
// net/http do not link net/http: the root package imports only what parsing
// needs.
package httpquery

import (
	"net/http"

	"github.com/seed-3058a48d/queryparams"
)

// FromRequest returns the query parameters of r exactly as Starlette's
// request.query_params gives them for the same request: the raw query,
// r.URL.RawQuery, read byte by byte as latin-1 (see
// [queryparams.ParseLatin1]). A raw "é" in the request line therefore reads
// as "Ã©", while "%C3%A9" reads as "é".
//
// The query is not copied when it is ASCII, as nearly every request's is:
// keys and values that need no decoding share memory with r.URL.RawQuery.
// FromRequest never fails; for limits on untrusted input, apply
// [queryparams.Options] to r.URL.RawQuery instead.
//
// Unlike r.URL.Query and r.FormValue, which follow net/url, the LAST value of
// a repeated key wins, ';' is data, and a malformed escape is kept. A nil
// request or URL gives an empty Params.
//
// FromRequest lives in this small package rather than in queryparams itself
// so that programs that use queryparams without net/http do not link
// net/http, which is large.
func FromRequest(r *http.Request) queryparams.Params {
	if r == nil || r.URL == nil {
		return queryparams.Params{}
	}
	return queryparams.ParseLatin1(r.URL.RawQuery)
}
