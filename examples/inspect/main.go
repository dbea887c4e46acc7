// Command inspect shows how Starlette reads a query string: every pair in
// order, each distinct key with the value that wins (the last), and the
// re-encoded string.
//
// Usage:
//
//	go run ./examples/inspect [-bytes] [-json] ['query' ...]
//
// With no query arguments it reads queries from standard input, one per line.
// A query is the part of a URL after '?', without the '?'.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/seed-3058a48d/queryparams"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, apart from the process: it returns the exit
// status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asBytes := fs.Bool("bytes", false, "read each query as raw bytes, as request.query_params does (ParseBytes: latin-1)")
	asJSON := fs.Bool("json", false, "print one JSON object per query")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: inspect [-bytes] [-json] ['query' ...]\n\n"+
			"Shows how Starlette's QueryParams reads each query (the part of a URL after '?').\n"+
			"With no query arguments, reads one query per line from standard input.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	show := func(query string) error {
		var q queryparams.Params
		if *asBytes {
			q = queryparams.ParseBytes([]byte(query))
		} else {
			q = queryparams.Parse(query)
		}
		if *asJSON {
			return writeJSON(stdout, query, *asBytes, q)
		}
		writeText(stdout, query, *asBytes, q)
		return nil
	}
	if fs.NArg() > 0 {
		for _, query := range fs.Args() {
			if err := show(query); err != nil {
				fmt.Fprintln(stderr, "inspect:", err)
				return 1
			}
		}
		return 0
	}
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
	return 0
}

// entryPoint names the function that read a query.
func entryPoint(asBytes bool) string {
	if asBytes {
		return "ParseBytes"
	}
	return "Parse"
}

// writeText prints q for a person.
func writeText(w io.Writer, query string, asBytes bool, q queryparams.Params) {
	pairs := q.MultiItems()
	fmt.Fprintf(w, "%s(%q)\n", entryPoint(asBytes), query)
	fmt.Fprintf(w, "pairs (%d, in order):\n", len(pairs))
	for i, p := range pairs {
		fmt.Fprintf(w, "  %d. %q = %q\n", i+1, p.Key, p.Value)
	}
	fmt.Fprintf(w, "keys (%d, the last value wins):\n", q.Len())
	for _, it := range q.Items() {
		n := len(q.GetList(it.Key))
		note := ""
		if n > 1 {
			note = fmt.Sprintf("  (last of %d values)", n)
		}
		fmt.Fprintf(w, "  %q = %q%s\n", it.Key, it.Value, note)
	}
	fmt.Fprintf(w, "str:  %s\n", q.String())
	fmt.Fprintf(w, "repr: %#v\n\n", q)
}

// report is the JSON form of one query.
type report struct {
	Query      string              `json:"query"`
	Parser     string              `json:"parser"`
	MultiItems [][2]string         `json:"multi_items"`
	Items      [][2]string         `json:"items"`
	GetList    map[string][]string `json:"getlist"`
	Len        int                 `json:"len"`
	Str        string              `json:"str"`
	Repr       string              `json:"repr"`
}

// writeJSON prints q as one line of JSON.
func writeJSON(w io.Writer, query string, asBytes bool, q queryparams.Params) error {
	r := report{
		Query:      query,
		Parser:     entryPoint(asBytes),
		MultiItems: [][2]string{},
		Items:      [][2]string{},
		GetList:    map[string][]string{},
		Len:        q.Len(),
		Str:        q.String(),
		Repr:       q.GoString(),
	}
	for k, v := range q.All() {
		r.MultiItems = append(r.MultiItems, [2]string{k, v})
	}
	for _, it := range q.Items() {
		r.Items = append(r.Items, [2]string{it.Key, it.Value})
		r.GetList[it.Key] = q.GetList(it.Key)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
