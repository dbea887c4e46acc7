// Command websocket is a chat WebSocket endpoint that authenticates each
// connection from its query string, ?token=…&thread_id=…, reading the query
// exactly as a Starlette or FastAPI endpoint's websocket.query_params would.
//
//	go run . -addr localhost:8081
//
// It is the scenario queryparams was built for: a Go service taking over
// WebSocket connections from a Python one must accept and refuse the same
// connections. A query that repeats the token is refused rather than read
// either way, since the two languages' parsers disagree on which copy wins.
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
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/seed-3058a48d/queryparams"
	"github.com/seed-3058a48d/queryparams/httpquery"
)

func main() {
	addr := flag.String("addr", "localhost:8081", "address to listen on")
	flag.Parse()
	secret := []byte("change me")
	log.Printf("listening on ws://%s/chat; a token for user 42 is %s", *addr, signToken(secret, "42"))
	log.Fatal(http.ListenAndServe(*addr, newHandler(secret)))
}

// newHandler returns the chat endpoint, which trusts tokens signed with
// secret.
func newHandler(secret []byte) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /chat", func(w http.ResponseWriter, r *http.Request) {
		serveChat(w, r, secret)
	})
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

func serveChat(w http.ResponseWriter, r *http.Request, secret []byte) {
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return // Accept has answered the client
	}
	defer conn.CloseNow()
	ctx, reason := buildContext(httpquery.FromRequest(r), secret)
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

// buildContext checks the query of a connection and returns its context,
// or the reason to refuse it.
func buildContext(q queryparams.Params, secret []byte) (connContext, string) {
	tokens := q.GetList("token")
	switch {
	case len(tokens) == 0:
		return connContext{}, "missing token"
	case len(tokens) > 1:
		return connContext{}, fmt.Sprintf("token given %d times", len(tokens))
	}
	user, ok := verifyToken(secret, tokens[0])
	if !ok {
		return connContext{}, "invalid token"
	}
	thread := q.Get("thread_id")
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
