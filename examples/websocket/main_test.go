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
)

// TestChat makes real WebSocket handshakes over loopback with a real client.
func TestChat(t *testing.T) {
	secret := []byte("test secret")
	srv := httptest.NewServer(newHandler(secret))
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
		{"duplicated token", "token=" + token + "&token=" + token + "&thread_id=7", "token given 2 times"},
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
