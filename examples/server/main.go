// Command server is a small net/http service that reads its query
// parameters exactly as a Starlette or FastAPI service would, so that it can
// stand beside, in front of, or in place of one.
//
//	go run ./examples/server -addr localhost:8080
//	curl 'localhost:8080/search?q=go&tag=a&tag=b&q=python'
//
// GET /search answers with JSON: the winning value of q (the last, as in
// Starlette), every tag, the page (default 1), and the query re-encoded as
// Starlette's str(request.query_params) would.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"strconv"

	"github.com/seed-3058a48d/queryparams"
	"github.com/seed-3058a48d/queryparams/httpquery"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()
	log.Printf("listening on http://%s/search", *addr)
	log.Fatal(http.ListenAndServe(*addr, newHandler()))
}

// newHandler returns the service's routes.
func newHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /search", search)
	return mux
}

// searchResponse is what GET /search returns.
type searchResponse struct {
	Q     string   `json:"q"`
	Tags  []string `json:"tags"`
	Page  int      `json:"page"`
	Query string   `json:"query"`
}

// limits bound what one request may send.
var limits = queryparams.Options{MaxBytes: 8 << 10, MaxFields: 256}

func search(w http.ResponseWriter, r *http.Request) {
	if _, err := limits.Parse(r.URL.RawQuery); err != nil {
		http.Error(w, err.Error(), http.StatusRequestURITooLong)
		return
	}
	q := httpquery.FromRequest(r)
	page := 1
	if s, ok := q.Lookup("page"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			http.Error(w, "page must be a positive integer", http.StatusBadRequest)
			return
		}
		page = n
	}
	tags := q.GetList("tag")
	if tags == nil {
		tags = []string{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(searchResponse{Q: q.Get("q"), Tags: tags, Page: page, Query: q.String()})
}
