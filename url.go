package queryparams

import "net/url"

// The query helpers of Starlette's URL. Each returns a new *url.URL and
// leaves u as it was; only the query changes. Like Starlette, they read u's
// query as text ([Parse] on u.RawQuery) and write it back with
// [Params.String], so the whole query is re-encoded in Starlette's canonical
// form. An empty result removes the '?'. A nil u is read as the empty URL,
// as Starlette's URL("") is: the result then holds only a query, such as
// "?a=1", or nothing. The result is never nil.

// IncludeQueryParams returns u with each of pairs set in its query, as
// Starlette's url.include_query_params(**pairs) does: pairs with those keys
// are removed, and pairs are appended in order. Pass each key once, as
// Python's keyword arguments must be. A nil u is the empty URL:
// IncludeQueryParams(nil, Pair{"a", "1"}) is "?a=1".
func IncludeQueryParams(u *url.URL, pairs ...Pair) *url.URL {
	u = emptyIfNil(u)
	return withQuery(u, Parse(u.RawQuery).Update(New(pairs...)))
}

// ReplaceQueryParams returns u with its query replaced by pairs, as
// Starlette's url.replace_query_params(**pairs) does. A nil u is the empty
// URL: ReplaceQueryParams(nil, Pair{"a", "1"}) is "?a=1".
func ReplaceQueryParams(u *url.URL, pairs ...Pair) *url.URL {
	return withQuery(emptyIfNil(u), New(pairs...))
}

// RemoveQueryParams returns u without any pair whose key is one of keys, as
// Starlette's url.remove_query_params(keys) does. A nil u is the empty URL,
// so the result is an empty URL too.
func RemoveQueryParams(u *url.URL, keys ...string) *url.URL {
	u = emptyIfNil(u)
	return withQuery(u, Parse(u.RawQuery).Without(keys...))
}

// emptyIfNil returns u, or the empty URL if u is nil.
func emptyIfNil(u *url.URL) *url.URL {
	if u == nil {
		return new(url.URL)
	}
	return u
}

// withQuery returns a copy of u whose query is q.
func withQuery(u *url.URL, q Params) *url.URL {
	out := *u
	if u.User != nil {
		user := *u.User
		out.User = &user
	}
	out.RawQuery = q.String()
	out.ForceQuery = false
	return &out
}
