// Command inspect shows how Starlette reads a query string: every pair in
// order, each distinct key with the value that wins (the last), and the
// re-encoded string.
//
// Usage:
//
//	go run ./examples/inspect [flags] ['query' ...]
//
// With no query arguments it reads queries from standard input, one per line.
// A query is the part of a URL after '?', without the '?'. Flags:
//
//	-bytes           read each query as raw bytes, as request.query_params does
//	-json            print one JSON object per query
//	-compare         also show, key by key, where net/url reads the query differently,
//	                 and where the ASGI servers and the two roads read it differently
//	-limit-fields N  refuse a query of more than N fields
//	-strict          refuse empty fields and fields without '='
//	-server NAME     read each argument as a request target ("/path?query"), as the
//	                 Starlette app behind NAME reads request.query_params: uvicorn-h11,
//	                 uvicorn-httptools, hypercorn or daphne
//	-url-query       read each argument as a request target, as the app reads
//	                 QueryParams(request.url.query) (behind -server, or uvicorn-h11)
//
// With -server or -url-query, each argument is a request target, sent as a
// plain GET with "Host: localhost"; -limit-fields and -strict do not apply.
// -compare then shows all eight readings (four servers, two roads) and
// whether httpquery.Consistent passes the request.
//
// It exits 1 if any query was refused (by the options, or by the server,
// or where the road raises), 2 on bad flags.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/seed-3058a48d/queryparams"
	"github.com/seed-3058a48d/queryparams/httpquery"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// config is what the flags ask for.
type config struct {
	bytes, json, compare bool
	opts                 queryparams.Options
	server               httpquery.Server // with targets: the server whose app reads them
	targets, urlQuery    bool             // arguments are request targets; read url.query
}

// run is the whole command, apart from the process: it returns the exit
// status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&cfg.bytes, "bytes", false, "read each query as raw bytes, as request.query_params does (ParseBytes: latin-1)")
	fs.BoolVar(&cfg.json, "json", false, "print one JSON object per query")
	fs.BoolVar(&cfg.compare, "compare", false, "also show, key by key, where net/url.ParseQuery reads the query differently")
	fs.IntVar(&cfg.opts.MaxFields, "limit-fields", 0, "refuse a query of more than `N` fields (0: no limit)")
	fs.BoolVar(&cfg.opts.Strict, "strict", false, "refuse empty fields and fields without '=' (CPython's strict_parsing)")
	serverName := fs.String("server", "", "read each argument as a request target, as the app behind `NAME` reads it (uvicorn-h11, uvicorn-httptools, hypercorn, daphne)")
	fs.BoolVar(&cfg.urlQuery, "url-query", false, "read each argument as a request target, as QueryParams(request.url.query) reads it")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: inspect [-bytes] [-json] [-compare] [-limit-fields N] [-strict] [-server NAME] [-url-query] ['query' ...]\n\n"+
			"Shows how Starlette's QueryParams reads each query (the part of a URL after '?').\n"+
			"With no query arguments, reads one query per line from standard input.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *serverName != "" || cfg.urlQuery {
		cfg.targets, cfg.server = true, httpquery.UvicornH11
		if *serverName != "" {
			s, err := httpquery.ParseServer(*serverName)
			if err != nil {
				fmt.Fprintln(stderr, "inspect:", err)
				fs.Usage()
				return 2
			}
			cfg.server = s
		}
	}
	if cfg.opts.MaxFields < 0 {
		fmt.Fprintln(stderr, "inspect: -limit-fields must not be negative")
		fs.Usage()
		return 2
	}
	refused := false
	show := func(query string) error {
		ok, err := inspect(stdout, query, cfg)
		refused = refused || !ok
		return err
	}
	if fs.NArg() > 0 {
		for _, query := range fs.Args() {
			if err := show(query); err != nil {
				fmt.Fprintln(stderr, "inspect:", err)
				return 1
			}
		}
	} else {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64*1024), 16<<20)
		for sc.Scan() {
			if err := show(strings.TrimSuffix(sc.Text(), "\r")); err != nil {
				fmt.Fprintln(stderr, "inspect:", err)
				return 1
			}
		}
		if err := sc.Err(); err != nil {
			fmt.Fprintln(stderr, "inspect:", err)
			return 1
		}
	}
	if refused {
		return 1
	}
	return 0
}

// inspect prints one query as cfg asks and reports whether the query was
// accepted; the error is one of writing.
func inspect(w io.Writer, query string, cfg config) (bool, error) {
	if cfg.targets {
		return inspectTarget(w, query, cfg)
	}
	var q queryparams.Params
	var perr error
	if cfg.bytes {
		q, perr = cfg.opts.ParseBytes([]byte(query))
	} else {
		q, perr = cfg.opts.Parse(query)
	}
	if cfg.json {
		return perr == nil, writeJSON(w, query, cfg, q, perr)
	}
	fmt.Fprintf(w, "%s(%q)\n", entryPoint(cfg.bytes), query)
	if perr != nil {
		_, err := fmt.Fprintf(w, "refused: %v\n\n", perr)
		return false, err
	}
	writeText(w, q)
	if cfg.compare {
		writeComparison(w, query, q)
		writeReadings(w, targetRequest("/?"+query))
	}
	_, err := fmt.Fprintln(w)
	return true, err
}

// targetRequest is a plain GET of target, as a server receives it.
func targetRequest(target string) *http.Request {
	return &http.Request{Method: "GET", RequestURI: target, Host: "localhost", Header: http.Header{},
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
}

// road names the reading cfg asks for.
func road(cfg config) string {
	if cfg.urlQuery {
		return "QueryParams(request.url.query)"
	}
	return "request.query_params"
}

// inspectTarget prints how the app behind cfg.server reads a request
// target, and reports whether it reads it at all.
func inspectTarget(w io.Writer, target string, cfg config) (bool, error) {
	r := targetRequest(target)
	read := cfg.server.QueryParams
	if cfg.urlQuery {
		read = cfg.server.URLQuery
	}
	q, rerr := read(r)
	if cfg.json {
		return rerr == nil, writeTargetJSON(w, target, cfg, r, q, rerr)
	}
	fmt.Fprintf(w, "%s %s of GET %q\n", cfg.server, road(cfg), target)
	if rerr != nil {
		fmt.Fprintf(w, "refused: %v\n", rerr)
	} else {
		writeText(w, q)
	}
	if cfg.compare {
		writeReadings(w, r)
	}
	_, err := fmt.Fprintln(w)
	return rerr == nil, err
}

// writeReadings prints the eight readings of r and marks those that
// differ from uvicorn-h11's query_params, the first.
func writeReadings(w io.Writer, r *http.Request) {
	fmt.Fprintf(w, "servers and roads, for GET %q:\n", r.RequestURI)
	rs := httpquery.Readings(r)
	for _, x := range rs {
		mark := " "
		if x.Err != nil || rs[0].Err != nil || !slices.Equal(x.Pairs, rs[0].Pairs) {
			mark = "≠"
		}
		fmt.Fprintf(w, "  %s %s\n", mark, x)
	}
	if err := httpquery.Consistent(r); err != nil {
		var ae *httpquery.AmbiguousError
		if errors.As(err, &ae) && ae.Offset >= 0 {
			fmt.Fprintf(w, "  disagree: first at byte %d of the target, %q\n", ae.Offset, []byte{ae.Byte})
		} else {
			fmt.Fprintln(w, "  disagree")
		}
	} else {
		fmt.Fprintln(w, "  all eight agree (httpquery.Consistent passes)")
	}
}

// targetReport is the JSON form of one target.
type targetReport struct {
	Target     string          `json:"target"`
	Server     string          `json:"server"`
	Road       string          `json:"road"`
	Error      string          `json:"error,omitempty"`
	MultiItems [][2]string     `json:"multi_items"`
	Str        string          `json:"str"`
	Readings   []readingReport `json:"readings,omitempty"`
	Consistent *bool           `json:"consistent,omitempty"`
}

// readingReport is one of the eight readings, in JSON.
type readingReport struct {
	Server     string      `json:"server"`
	Road       string      `json:"road"`
	MultiItems [][2]string `json:"multi_items"`
	Error      string      `json:"error,omitempty"`
}

func pairLists(ps []queryparams.Pair) [][2]string {
	out := [][2]string{}
	for _, p := range ps {
		out = append(out, [2]string{p.Key, p.Value})
	}
	return out
}

// writeTargetJSON prints one target's reading as one line of JSON.
func writeTargetJSON(w io.Writer, target string, cfg config, r *http.Request, q queryparams.Params, rerr error) error {
	rep := targetReport{Target: target, Server: cfg.server.String(), Road: road(cfg),
		MultiItems: pairLists(q.MultiItems()), Str: q.String()}
	if rerr != nil {
		rep.Error = rerr.Error()
	}
	if cfg.compare {
		for _, x := range httpquery.Readings(r) {
			rr := readingReport{Server: x.Server.String(), Road: x.Road, MultiItems: pairLists(x.Pairs)}
			if x.Err != nil {
				rr.Error = x.Err.Error()
			}
			rep.Readings = append(rep.Readings, rr)
		}
		ok := httpquery.Consistent(r) == nil
		rep.Consistent = &ok
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

// entryPoint names the function that read a query.
func entryPoint(asBytes bool) string {
	if asBytes {
		return "ParseBytes"
	}
	return "Parse"
}

// writeText prints q for a person.
func writeText(w io.Writer, q queryparams.Params) {
	pairs := q.MultiItems()
	fmt.Fprintf(w, "pairs (%d, in order):\n", len(pairs))
	for i, p := range pairs {
		fmt.Fprintf(w, "  %d. %q = %q\n", i+1, p.Key, p.Value)
	}
	fmt.Fprintf(w, "keys (%d, the last value wins):\n", q.Len())
	for _, it := range q.Items() {
		note := ""
		if n := len(q.GetList(it.Key)); n > 1 {
			note = fmt.Sprintf("  (last of %d values)", n)
		}
		fmt.Fprintf(w, "  %q = %q%s\n", it.Key, it.Value, note)
	}
	fmt.Fprintf(w, "str:  %s\n", q.String())
	fmt.Fprintf(w, "repr: %#v\n", q)
}

// writeComparison prints, key by key, how net/url.ParseQuery reads the same
// query, marking every difference.
func writeComparison(w io.Writer, query string, q queryparams.Params) {
	v, err := url.ParseQuery(query)
	fmt.Fprintln(w, "net/url.ParseQuery:")
	if err != nil {
		fmt.Fprintf(w, "  error: %v\n", err)
	}
	same := true
	for _, k := range q.Keys() {
		ours, theirs := q.GetList(k), v[k]
		var notes []string
		switch {
		case theirs == nil:
			notes = append(notes, "net/url has no such key")
		case !slices.Equal(ours, theirs):
			notes = append(notes, fmt.Sprintf("net/url values %q", theirs))
		}
		if theirs != nil && v.Get(k) != q.Get(k) {
			notes = append(notes, fmt.Sprintf("net/url Get gives %q (the first)", v.Get(k)))
		}
		if len(notes) > 0 {
			same = false
			fmt.Fprintf(w, "  %q: Starlette Get %q, values %q; %s\n", k, q.Get(k), ours, strings.Join(notes, "; "))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(v)) {
		if !q.Has(k) {
			same = false
			fmt.Fprintf(w, "  %q: only net/url has this key, values %q\n", k, v[k])
		}
	}
	if enc := v.Encode(); enc != q.String() {
		fmt.Fprintf(w, "  Encode: %s\n", enc)
	}
	if same && err == nil {
		fmt.Fprintln(w, "  same keys and values (Encode may still sort)")
	}
}

// report is the JSON form of one query.
type report struct {
	Query      string              `json:"query"`
	Parser     string              `json:"parser"`
	Error      string              `json:"error,omitempty"`
	MultiItems [][2]string         `json:"multi_items"`
	Items      [][2]string         `json:"items"`
	GetList    map[string][]string `json:"getlist"`
	Len        int                 `json:"len"`
	Str        string              `json:"str"`
	Repr       string              `json:"repr"`
	NetURL     *netURLReport       `json:"net_url,omitempty"`
}

// netURLReport is how net/url.ParseQuery reads the same query.
type netURLReport struct {
	Values url.Values `json:"values"`
	Error  string     `json:"error,omitempty"`
	Encode string     `json:"encode"`
}

// writeJSON prints q as one line of JSON.
func writeJSON(w io.Writer, query string, cfg config, q queryparams.Params, perr error) error {
	r := report{
		Query:      query,
		Parser:     entryPoint(cfg.bytes),
		MultiItems: [][2]string{},
		Items:      [][2]string{},
		GetList:    map[string][]string{},
		Len:        q.Len(),
		Str:        q.String(),
		Repr:       q.GoString(),
	}
	if perr != nil {
		r.Error = perr.Error()
	}
	for k, v := range q.All() {
		r.MultiItems = append(r.MultiItems, [2]string{k, v})
	}
	for _, it := range q.Items() {
		r.Items = append(r.Items, [2]string{it.Key, it.Value})
		r.GetList[it.Key] = q.GetList(it.Key)
	}
	if cfg.compare {
		v, err := url.ParseQuery(query)
		r.NetURL = &netURLReport{Values: v, Encode: v.Encode()}
		if err != nil {
			r.NetURL.Error = err.Error()
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
