package httpquery_test

import (
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/seed-3058a48d/queryparams/httpquery"
)

// The last value wins, as in Starlette, where r.URL.Query().Get returns the
// first.
func ExampleFromRequest() {
	r := httptest.NewRequest("GET", "/search?role=user&role=admin&q=caf%C3%A9", nil)
	q := httpquery.FromRequest(r)
	fmt.Println(q.Get("role"), r.URL.Query().Get("role"), q.Get("q"))
	// Output: admin user café
}

// The same request, as the apps behind two servers read it: uvicorn's
// default parser, httptools, cuts the query at '#'; h11 does not.
func ExampleServer_QueryParams() {
	r := httptest.NewRequest("GET", "/ws?role=admin#&role=user", nil)
	for _, s := range []httpquery.Server{httpquery.UvicornH11, httpquery.UvicornHTTPTools} {
		q, err := s.QueryParams(r)
		fmt.Println(s, q.GetList("role"), err)
	}
	// Output:
	// uvicorn-h11 [admin# user] <nil>
	// uvicorn-httptools [admin] <nil>
}

// QueryParams(request.url.query) reads the percent-decoded path: an escaped
// '?' moves the query.
func ExampleServer_URLQuery() {
	r := httptest.NewRequest("GET", "/q%3Fx=1?y=2", nil)
	qp, _ := httpquery.Hypercorn.QueryParams(r)
	u, _ := httpquery.Hypercorn.URLQuery(r)
	fmt.Printf("query_params %q, url.query %q\n", qp.MultiItems(), u.MultiItems())
	// Output: query_params [{"y" "2"}], url.query [{"x" "1?y=2"}]
}

// A gateway refuses what its backends would read differently.
func ExampleConsistent() {
	for _, target := range []string{"/ws?role=user&token=abc", "/ws?role=admin#&role=user"} {
		err := httpquery.Consistent(httptest.NewRequest("GET", target, nil))
		fmt.Println(target, errors.Is(err, httpquery.ErrAmbiguous))
	}
	// Output:
	// /ws?role=user&token=abc false
	// /ws?role=admin#&role=user true
}
