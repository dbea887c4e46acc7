package queryparams

import (
	"errors"
	"fmt"
	"strings"
)

// Errors reported by [Options.Parse] and [Options.ParseBytes]. Match them with
// errors.Is; the error itself is a *[LimitError] or a *[SyntaxError] that says
// what was seen, or for ErrInvalidOptions an error whose message names both
// limits.
var (
	// ErrTooManyFields means the query has more fields than Options.MaxFields.
	ErrTooManyFields = errors.New("queryparams: too many fields")
	// ErrTooLong means the query is longer than Options.MaxBytes.
	ErrTooLong = errors.New("queryparams: query too long")
	// ErrMalformed means that, with Options.Strict, a field is empty or has
	// no '='.
	ErrMalformed = errors.New("queryparams: malformed field")
	// ErrInvalidOptions means that Options.MaxFields or Options.MaxBytes is
	// negative, which is a programming error rather than bad input.
	ErrInvalidOptions = errors.New("queryparams: invalid Options")
)

// Options bound and check the parsing of untrusted input. The zero value
// imposes no limit and is lenient: its Parse and ParseBytes then return
// exactly what the package-level [Parse] and [ParseBytes] return, and a nil
// error.
//
// Starlette itself has no limit: it accepts 400,000 fields, and one megabyte
// of '%' costs CPython half a second. net/url refuses more than 10,000 fields
// but answers with an empty map. Options lets a server refuse such input up
// front, with an error that says why.
type Options struct {
	// MaxFields, if positive, is the most fields a query may have. Fields
	// are counted as CPython's max_num_fields and net/url count them: one
	// more than the number of '&', empty fields included (and 0 for an
	// empty query). The count is made before anything is allocated.
	MaxFields int

	// MaxBytes, if positive, is the longest a query may be, in bytes of
	// input. It is checked before any other work.
	MaxBytes int

	// Strict, if true, makes an empty field ("a=1&&b=2", or a leading or
	// trailing '&') or a field with no '=' ("flag") an error, as CPython's
	// strict_parsing=True does. An empty query is not an error.
	Strict bool
}

// LimitError reports a query over one of the limits of [Options]. It
// matches [ErrTooManyFields] or [ErrTooLong] with errors.Is.
type LimitError struct {
	Err   error // ErrTooManyFields or ErrTooLong
	Limit int   // the limit: Options.MaxFields or Options.MaxBytes
	Got   int   // what the query has: fields, or bytes
}

// Error says which limit the query broke and by how much, for example
// "queryparams: too many fields: 11 fields, over the limit of 10".
func (e *LimitError) Error() string {
	what := "fields"
	if e.Err == ErrTooLong {
		what = "bytes"
	}
	return fmt.Sprintf("%v: %d %s, over the limit of %d", e.Err, e.Got, what, e.Limit)
}

// Unwrap returns e.Err, so that errors.Is matches the sentinel.
func (e *LimitError) Unwrap() error { return e.Err }

// SyntaxError reports a field that [Options] with Strict set refuses. It
// matches [ErrMalformed] with errors.Is.
type SyntaxError struct {
	Field  string // the field as it appears in the input, cut to at most 64 bytes
	Offset int    // the byte offset of the field in the input
	Reason string // "empty field" or "no '=' in field"
}

// maxQuoted is how much of a bad field a SyntaxError keeps.
const maxQuoted = 64

// Error names the reason, the field and its offset, for example
// "queryparams: malformed field: no '=' in field "flag" at byte 4".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%v: %s %q at byte %d", ErrMalformed, e.Reason, e.Field, e.Offset)
}

// Unwrap returns ErrMalformed, so that errors.Is matches it.
func (e *SyntaxError) Unwrap() error { return ErrMalformed }

// Parse is the package-level [Parse] under the limits and strictness of o.
// If s breaks a rule, Parse returns an empty Params and an error that matches
// [ErrTooLong], [ErrTooManyFields] or [ErrMalformed], checked in that order;
// it never returns part of a query. A negative MaxFields or MaxBytes is a
// programming error: Parse then returns an empty Params and an error that
// matches [ErrInvalidOptions], whatever s is.
func (o Options) Parse(s string) (Params, error) {
	if err := o.check(s); err != nil {
		return Params{}, err
	}
	return Parse(s), nil
}

// ParseBytes is the package-level [ParseBytes] under the limits and
// strictness of o, as [Options.Parse] describes. Offsets and lengths count
// bytes of b.
func (o Options) ParseBytes(b []byte) (Params, error) {
	if err := o.check(bytesToString(b)); err != nil {
		return Params{}, err
	}
	return ParseBytes(b), nil
}

// check applies o's rules to the raw input. Only ASCII bytes ('&' and '=')
// decide them, so the raw bytes give the same answer as the decoded text,
// and offsets count bytes of the input.
func (o Options) check(s string) error {
	if o.MaxBytes < 0 || o.MaxFields < 0 {
		return fmt.Errorf("%w: MaxBytes %d and MaxFields %d must not be negative", ErrInvalidOptions, o.MaxBytes, o.MaxFields)
	}
	if o.MaxBytes > 0 && len(s) > o.MaxBytes {
		return &LimitError{Err: ErrTooLong, Limit: o.MaxBytes, Got: len(s)}
	}
	if o.MaxFields > 0 {
		if n := rawFieldCount(s); n > o.MaxFields {
			return &LimitError{Err: ErrTooManyFields, Limit: o.MaxFields, Got: n}
		}
	}
	if o.Strict {
		return checkStrict(s)
	}
	return nil
}

// checkStrict returns a *SyntaxError for the first field of s that is empty
// or has no '=', as CPython's parse_qsl with strict_parsing=True does. The
// error holds a copy of the field, since s may alias the caller's bytes.
func checkStrict(s string) error {
	if s == "" {
		return nil
	}
	for start := 0; ; {
		end := rawFieldEnd(s, start)
		field := s[start:end]
		switch {
		case field == "":
			return &SyntaxError{Field: "", Offset: start, Reason: "empty field"}
		case strings.IndexByte(field, keySep) < 0:
			return &SyntaxError{Field: strings.Clone(truncate(field)), Offset: start, Reason: "no '=' in field"}
		}
		if end == len(s) {
			return nil
		}
		start = end + 1
	}
}

// truncate returns s cut to at most maxQuoted bytes.
func truncate(s string) string {
	if len(s) > maxQuoted {
		return s[:maxQuoted]
	}
	return s
}
