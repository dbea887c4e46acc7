// Package httpquery reads the query of a net/http request as a Starlette
// app reads it, and says whether every deployment would read it alike.
//
// Which bytes a Starlette app receives as its query depends on the ASGI
// server in front of it, and there are two roads to the query inside the
// app: request.query_params, and QueryParams(request.url.query), which
// rebuilds and re-splits the URL. [FromRequest] is the raw reading;
// [Server.QueryParams] and [Server.URLQuery] model each measured server
// (uvicorn with h11 or httptools, hypercorn, daphne) on each road; and
// [Consistent] and [RequireConsistent] let a gateway refuse a request that
// its Python backends could read differently from one another or from it.
//
// It is a package of its own so that programs that use queryparams without
// net/http do not link net/http: the root package imports only what parsing
// needs.
package httpquery

import (
	"net/http"

	"github.com/seed-3058a48d/queryparams"
)

// FromRequest returns the query parameters of r as Starlette's
// request.query_params gives them when the server hands the app every byte
// after the first '?' of the target, as uvicorn with --http h11 and
// hypercorn do: the raw query, r.URL.RawQuery, read byte by byte as latin-1
// (see [queryparams.ParseLatin1]). A raw "é" in the request line therefore
// reads as "Ã©", while "%C3%A9" reads as "é". Other servers hand on other
// bytes (uvicorn with httptools, its default, cuts the query at '#'), and
// some refuse requests net/http accepts: for the reading of a given
// server use [Server.QueryParams], and to refuse what servers read
// differently, [RequireConsistent].
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
