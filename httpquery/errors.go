package httpquery

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrRefused is matched, with errors.Is, by the error of a reading where
	// the server answers the request itself (400, 405, 426 or 500, or by
	// closing the connection) before the app sees it. The error is a
	// [*RefusedError], which says what caused it.
	ErrRefused = errors.New("queryparams: the server refuses the request")

	// ErrInvalidUTF8 is matched by the error of [Server.URLQuery] where
	// Python raises UnicodeDecodeError: Starlette decodes the raw query as
	// strict UTF-8 to build request.url. The error is a [*UTF8Error].
	ErrInvalidUTF8 = errors.New("queryparams: the raw query is not valid UTF-8")

	// ErrAmbiguous is matched by the error of [Consistent] when the readings
	// of a request's query differ. The error is an [*AmbiguousError].
	ErrAmbiguous = errors.New("queryparams: the servers and roads read the query differently")

	// ErrUnmodelled is matched by the error of a reading the model cannot
	// predict: a request outside what was measured (a method other than GET,
	// POST, PUT, DELETE, PATCH and OPTIONS, a repeated Upgrade, Connection or
	// Sec-WebSocket header, a CR or LF in the Host header where a server
	// would read a folded or extra header line), or one whose answer depends
	// on how its bytes arrive (an h11 server's head over 16 KiB). The error
	// is an [*UnmodelledError].
	ErrUnmodelled = errors.New("queryparams: the model cannot say how the server reads the request")

	// ErrUnrepresentable is matched by the error of [Server.URLQuery] where
	// Python's answer holds text no Go string can carry: a lone surrogate,
	// which is how the websockets library hands on raw bytes 80-FF of the
	// path, reaching the query when the path also holds "%3F". The error
	// is an [*UnrepresentableError].
	ErrUnrepresentable = errors.New("queryparams: the reading holds a lone surrogate")
)

// A RefusedError says why a server answers a request before its app sees
// it. It matches [ErrRefused].
type RefusedError struct {
	Server    Server
	WebSocket bool   // the server had taken the request for a WebSocket handshake
	Status    int    // the status the server answers, or 0 when it closes the connection unanswered
	Part      string // "request target", "Host header", "request line", "request head", or a header's name
	Offset    int    // offset in Part of the byte that causes the refusal, or -1
	Byte      byte   // that byte, when Offset >= 0
	Reason    string // what the server objects to
}

// Error returns the message, prefixed "queryparams: ".
func (e *RefusedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "queryparams: %s ", e.Server)
	if e.Status == 0 {
		b.WriteString("closes the connection")
	} else {
		fmt.Fprintf(&b, "answers %d", e.Status)
	}
	if e.WebSocket {
		b.WriteString(" to the WebSocket handshake")
	}
	b.WriteString(": ")
	if e.Offset >= 0 {
		fmt.Fprintf(&b, "byte %s at offset %d of the %s", quoteByte(e.Byte), e.Offset, e.Part)
	} else {
		b.WriteString(e.Part)
	}
	if e.Reason != "" {
		b.WriteString(": " + e.Reason)
	}
	return b.String()
}

// Unwrap returns [ErrRefused].
func (e *RefusedError) Unwrap() error { return ErrRefused }

// quoteByte shows a byte as its hex value, with the character when it is
// printable ASCII.
func quoteByte(c byte) string {
	if 0x21 <= c && c <= 0x7e {
		return fmt.Sprintf("0x%02X %q", c, rune(c))
	}
	return fmt.Sprintf("0x%02X", c)
}

// A UTF8Error is the UnicodeDecodeError of Starlette's request.url: the raw
// query is not valid UTF-8. It matches [ErrInvalidUTF8].
type UTF8Error struct {
	Server Server
	Offset int    // offset in the raw query of the first byte that is not part of valid UTF-8
	Query  string // the raw query, scope["query_string"]
}

// Error returns the message, prefixed "queryparams: ".
func (e *UTF8Error) Error() string {
	return fmt.Sprintf("queryparams: %s: request.url raises UnicodeDecodeError: byte %s at offset %d of the raw query is not valid UTF-8",
		e.Server, quoteByte(e.Query[e.Offset]), e.Offset)
}

// Unwrap returns [ErrInvalidUTF8].
func (e *UTF8Error) Unwrap() error { return ErrInvalidUTF8 }

// A PythonError is an exception other than UnicodeDecodeError that Python
// raises on the url.query road: ValueError from urlsplit for a Host such as
// "[1:2]", or KeyError from Starlette for a scheme it has no default port
// for. Its Err is the [queryparams.SplitError] of a ValueError, or nil.
type PythonError struct {
	Server    Server
	Exception string // the exception's type, "ValueError" or "KeyError"
	Message   string // str() of the exception, as Python gives it
	Err       error
}

// Error returns the message, prefixed "queryparams: ".
func (e *PythonError) Error() string {
	return fmt.Sprintf("queryparams: %s: request.url.query raises %s: %s", e.Server, e.Exception, e.Message)
}

// Unwrap returns Err.
func (e *PythonError) Unwrap() error { return e.Err }

// An UnmodelledError says why the model cannot predict a reading. It
// matches [ErrUnmodelled].
type UnmodelledError struct {
	Server Server
	Reason string
}

// Error returns the message, prefixed "queryparams: ".
func (e *UnmodelledError) Error() string {
	return fmt.Sprintf("queryparams: %s: cannot predict the reading: %s", e.Server, e.Reason)
}

// Unwrap returns [ErrUnmodelled].
func (e *UnmodelledError) Unwrap() error { return ErrUnmodelled }

// An UnrepresentableError is a url.query reading holding a lone surrogate.
// It matches [ErrUnrepresentable].
type UnrepresentableError struct {
	Server Server
	Offset int    // offset in Query of the first surrogate
	Byte   byte   // the raw byte of the target it stands for
	Query  string // request.url.query, with each surrogate in its three-byte form (ED B2-B3 xx)
}

// Error returns the message, prefixed "queryparams: ".
func (e *UnrepresentableError) Error() string {
	return fmt.Sprintf("queryparams: %s: request.url.query holds a lone surrogate, for raw byte %s of the path, at offset %d",
		e.Server, quoteByte(e.Byte), e.Offset)
}

// Unwrap returns [ErrUnrepresentable].
func (e *UnrepresentableError) Unwrap() error { return ErrUnrepresentable }
