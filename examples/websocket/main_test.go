package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/seed-3058a48d/queryparams/httpquery"
)

// TestChat makes real WebSocket handshakes over loopback with a real client.
func TestChat(t *testing.T) {
	secret := []byte("test secret")
	srv := httptest.NewServer(newHandler(secret, httpquery.UvicornHTTPTools, true))
	defer srv.Close()
	base := "ws" + strings.TrimPrefix(srv.URL, "http") + "/chat?"
	token := url.QueryEscape(signToken(secret, "42"))

	t.Run("valid token connects", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, base+"token="+token+"&thread_id=7&thread_id=8", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()
		var got welcome
		if err := wsjson.Read(ctx, conn, &got); err != nil {
			t.Fatal(err)
		}
		// The last thread_id wins, as in Starlette.
		if got.Hello != (connContext{UserID: "42", ThreadID: "8"}) {
			t.Errorf("welcome = %+v, want user 42 in thread 8", got)
		}
		if err := conn.Write(ctx, websocket.MessageText, []byte("hi")); err != nil {
			t.Fatal(err)
		}
		if _, msg, err := conn.Read(ctx); err != nil || string(msg) != "hi" {
			t.Errorf("echo = %q, %v", msg, err)
		}
		conn.Close(websocket.StatusNormalClosure, "")
	})

	for _, c := range []struct {
		name, query, reason string
	}{
		{"missing token", "thread_id=7", "missing token"},
		{"forged token", "token=42.00&thread_id=7", "invalid token"},
		{"token split by ';' is not a token", "token;x=" + token + "&thread_id=7", "missing token"},
		{"missing thread", "token=" + token, "missing thread_id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, base+c.query, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			_, _, err = conn.Read(ctx)
			var ce websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != websocket.StatusPolicyViolation || ce.Reason != c.reason {
				t.Errorf("?%s: read error %v, want close 1008 %q", c.query, err, c.reason)
			}
		})
	}
}

// dial connects to url and returns the welcome, or the close reason of a
// refused connection, or the HTTP status of a refused handshake.
func dial(t *testing.T, url string) (welcome, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		if resp == nil {
			t.Fatal(err)
		}
		return welcome{}, "", resp.StatusCode
	}
	defer conn.CloseNow()
	var got welcome
	if err := wsjson.Read(ctx, conn, &got); err != nil {
		var ce websocket.CloseError
		if !errors.As(err, &ce) {
			t.Fatal(err)
		}
		return welcome{}, ce.Reason, 101
	}
	conn.Close(websocket.StatusNormalClosure, "")
	return got, "", 101
}

// TestIdiomAndGuard shows the road and the guard. With an escaped '?' in
// the path, websocket.url.query is "thread_id=9?token=…": the Python idiom
// finds no token there, and neither does the port, where query_params
// (httpquery.FromRequest) would have found one. A raw "é" in the query is
// refused, as uvicorn-httptools refuses it (500). The guard answers 400 to
// the first before any handshake, and lets a repeated token through: every
// reading agrees that its last value wins, as in the Python dict.
func TestIdiomAndGuard(t *testing.T) {
	secret := []byte("test secret")
	token := url.QueryEscape(signToken(secret, "42"))
	open := httptest.NewServer(newHandler(secret, httpquery.UvicornHTTPTools, false))
	defer open.Close()
	guarded := httptest.NewServer(newHandler(secret, httpquery.UvicornHTTPTools, true))
	defer guarded.Close()
	base := func(srv *httptest.Server) string { return "ws" + strings.TrimPrefix(srv.URL, "http") }
	moved := "/chat/room%3Fthread_id=9?token=" + token

	if _, reason, status := dial(t, base(open)+moved); status != 101 || reason != "missing token" {
		t.Errorf("unguarded %s: status %d, close %q; want 101 and close \"missing token\"", moved, status, reason)
	}
	if _, _, status := dial(t, base(guarded)+moved); status != 400 {
		t.Errorf("guarded %s: status %d, want 400", moved, status)
	}
	if _, _, status := dial(t, base(open)+"/chat?token="+token+"&thread_id=\u00e9"); status != 400 {
		t.Errorf("unguarded, raw \u00e9 in the query: status %d, want 400", status)
	}
	if got, _, status := dial(t, base(guarded)+"/chat?token=42.00&token="+token+"&thread_id=7"); status != 101 || got.Hello.UserID != "42" {
		t.Errorf("guarded, repeated token: status %d, welcome %+v; want user 42 (the last token)", status, got)
	}
}
