// Command websocket is a chat WebSocket endpoint that authenticates each
// connection from its query string, ?token=…&thread_id=…, reading the query
// exactly as the Python endpoint it replaces did:
//
//	go run . -addr localhost:8081 -backend uvicorn-httptools
//
// It is the scenario queryparams was built for: a Go service taking over
// WebSocket connections from a Python one must accept and refuse the same
// connections. The Python endpoint, a Starlette (or FastAPI) app under
// uvicorn, read its query with the common idiom
//
//	params = dict(QueryParams(websocket.url.query)) if websocket.url.query else {}
//
// which is not what websocket.query_params reads: Starlette rebuilds
// websocket.url from the percent-decoded path and the query, and splits it
// again, so an escaped '?' or '#' in the path moves the query, and a tab
// or a '#' in the query is read otherwise. So the port reads the same road,
// httpquery's Server.URLQuery, as the app behind the chosen server read it
// (-backend), and not httpquery.FromRequest, which is query_params.
//
// In front of the endpoint sits the guard, httpquery.RequireConsistent
// (-guard, on by default): it answers 400 to a handshake whose query the
// servers and the two roads would read differently, so that no connection
// is accepted here that a Python backend would have read another way.
//
// It lives in a module of its own so that the library's users never
// download its WebSocket dependency.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/seed-3058a48d/queryparams/httpquery"
)

func main() {
	addr := flag.String("addr", "localhost:8081", "address to listen on")
	backend := flag.String("backend", "uvicorn-httptools", "the server the Python endpoint ran under: uvicorn-h11, uvicorn-httptools, hypercorn or daphne")
	guard := flag.Bool("guard", true, "refuse (400) a handshake whose query the servers and roads read differently")
	flag.Parse()
	server, err := httpquery.ParseServer(*backend)
	if err != nil {
		log.Fatal(err)
	}
	secret := []byte("change me")
	log.Printf("listening on ws://%s/chat; a token for user 42 is %s", *addr, signToken(secret, "42"))
	log.Fatal(http.ListenAndServe(*addr, newHandler(secret, server, *guard)))
}

// newHandler returns the chat endpoint, which trusts tokens signed with
// secret and reads queries as the app behind server did; with guard, it
// refuses the queries that servers and roads read differently.
func newHandler(secret []byte, server httpquery.Server, guard bool) http.Handler {
	mux := http.NewServeMux()
	chat := func(w http.ResponseWriter, r *http.Request) { serveChat(w, r, secret, server) }
	mux.HandleFunc("GET /chat", chat)
	mux.HandleFunc("GET /chat/", chat) // /chat/{room}
	if guard {
		return httpquery.RequireConsistent(mux)
	}
	return mux
}

// connContext is what a chat connection knows about itself, built from its
// query.
type connContext struct {
	UserID   string `json:"user_id"`
	ThreadID string `json:"thread_id"`
}

// welcome is the first message of an accepted connection.
type welcome struct {
	Hello connContext `json:"hello"`
}

func serveChat(w http.ResponseWriter, r *http.Request, secret []byte, server httpquery.Server) {
	params, err := urlQueryParams(r, server)
	if err != nil {
		// Where the Python app raised (a query that is not UTF-8, a Host
		// urlsplit rejects) or its server refused the handshake, so do we.
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return // Accept has answered the client
	}
	defer conn.CloseNow()
	ctx, reason := buildContext(params, secret)
	if reason != "" {
		conn.Close(websocket.StatusPolicyViolation, reason)
		return
	}
	c, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	if err := wsjson.Write(c, conn, welcome{Hello: ctx}); err != nil {
		return
	}
	for { // echo, until the client closes
		typ, msg, err := conn.Read(c)
		if err != nil {
			return
		}
		if err := conn.Write(c, typ, msg); err != nil {
			return
		}
	}
}

// urlQueryParams is the Python idiom, line for line:
//
//	params = dict(QueryParams(websocket.url.query)) if websocket.url.query else {}
//
// server.URLQuery is QueryParams(websocket.url.query) as the app behind
// server reads it, and dict keeps the last value of each key, as Items
// does. An empty url.query reads as no pairs, so the else branch is the
// same empty dict.
func urlQueryParams(r *http.Request, server httpquery.Server) (map[string]string, error) {
	q, err := server.URLQuery(r) // QueryParams(websocket.url.query)
	if err != nil {
		return nil, err // where Python raises, or the server never hands the app the handshake
	}
	params := map[string]string{} // dict(...) ... else {}
	for _, p := range q.Items() {
		params[p.Key] = p.Value
	}
	return params, nil
}

// buildContext checks the query of a connection and returns its context,
// or the reason to refuse it, as the Python endpoint did with params.
func buildContext(params map[string]string, secret []byte) (connContext, string) {
	token, ok := params["token"]
	if !ok {
		return connContext{}, "missing token"
	}
	user, ok := verifyToken(secret, token)
	if !ok {
		return connContext{}, "invalid token"
	}
	thread := params["thread_id"]
	if thread == "" {
		return connContext{}, "missing thread_id"
	}
	return connContext{UserID: user, ThreadID: thread}, ""
}

// signToken returns a token for user: the user id, a dot, and the hex
// HMAC-SHA256 of the id under secret.
func signToken(secret []byte, user string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(user))
	return user + "." + hex.EncodeToString(mac.Sum(nil))
}

// verifyToken returns the user a token was signed for, if its signature
// holds.
func verifyToken(secret []byte, token string) (string, bool) {
	user, _, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(signToken(secret, user)), []byte(token)) {
		return "", false
	}
	return user, true
}
