package httpquery_test

import (
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
