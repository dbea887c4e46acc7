package queryparams

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOptionsMaxFields(t *testing.T) {
	// CPython test_parse_qsl_max_num_fields: 10 fields pass a limit of 10, 11 fail.
	ten, eleven := strings.Repeat("a=1&", 9)+"a=1", strings.Repeat("a=1&", 10)+"a=1"
	o := Options{MaxFields: 10}
	if p, err := o.Parse(ten); err != nil || len(p.MultiItems()) != 10 {
		t.Errorf("Options{MaxFields: 10}.Parse(10 fields) = %d pairs, %v; want 10, nil", len(p.MultiItems()), err)
	}
	p, err := o.Parse(eleven)
	var le *LimitError
	if !errors.Is(err, ErrTooManyFields) || !errors.As(err, &le) || le.Limit != 10 || le.Got != 11 {
		t.Errorf("Options{MaxFields: 10}.Parse(11 fields) error = %v, want ErrTooManyFields with Limit 10, Got 11", err)
	}
	if p.MultiItems() != nil || p.Len() != 0 {
		t.Errorf("Options{MaxFields: 10}.Parse(11 fields) returned pairs with its error")
	}
	// CPython counts empty fields: "&&" is 3 fields; "" is none.
	for _, c := range []struct {
		in    string
		limit int
		ok    bool
	}{{"&&", 3, true}, {"&&", 2, false}, {"", 1, true}, {"a", 1, true}, {"a&", 1, false}} {
		_, err := Options{MaxFields: c.limit}.Parse(c.in)
		if (err == nil) != c.ok {
			t.Errorf("Options{MaxFields: %d}.Parse(%q) error = %v, want ok=%v (CPython max_num_fields)", c.limit, c.in, err, c.ok)
		}
	}
}

func TestOptionsMaxBytes(t *testing.T) {
	o := Options{MaxBytes: 5}
	if _, err := o.ParseBytes([]byte("a=123")); err != nil {
		t.Errorf("Options{MaxBytes: 5}.ParseBytes(5 bytes) = %v, want nil", err)
	}
	_, err := o.ParseBytes([]byte("a=1234"))
	var le *LimitError
	if !errors.Is(err, ErrTooLong) || !errors.As(err, &le) || le.Limit != 5 || le.Got != 6 {
		t.Errorf("Options{MaxBytes: 5}.ParseBytes(6 bytes) error = %v, want ErrTooLong, Limit 5, Got 6", err)
	}
	if want := "queryparams: query too long: 6 bytes, over the limit of 5"; err == nil || err.Error() != want {
		t.Errorf("error text = %q, want %q", err, want)
	}
	// MaxBytes is checked first.
	if _, err := (Options{MaxBytes: 2, MaxFields: 1, Strict: true}).Parse("&&&"); !errors.Is(err, ErrTooLong) {
		t.Errorf("MaxBytes is not checked first: %v", err)
	}
}

func TestOptionsStrict(t *testing.T) {
	// Expected outcomes from CPython 3.11 parse_qsl(strict_parsing=True).
	for _, c := range []struct {
		in     string
		offset int    // -1: no error
		field  string // the field the error names
	}{
		{"a=1&&b=2", 4, ""},
		{"&a=1", 0, ""},
		{"a=1&", 4, ""},
		{"&", 0, ""},
		{"flag", 0, "flag"},
		{"a=1&b", 4, "b"},
		{"", -1, ""},
		{"a=&=b", -1, ""},
		{"a=1;b", -1, ""},
		{"a=1&" + strings.Repeat("x", 100), 4, strings.Repeat("x", maxQuoted)},
	} {
		for _, bytes := range []bool{false, true} {
			o := Options{Strict: true}
			var p Params
			var err error
			if bytes {
				p, err = o.ParseBytes([]byte(c.in))
			} else {
				p, err = o.Parse(c.in)
			}
			if c.offset < 0 {
				if err != nil || !p.Equal(Parse(c.in)) {
					t.Errorf("Options{Strict: true}.Parse(%q) = %v, %v; want Parse's pairs, nil", c.in, p, err)
				}
				continue
			}
			var se *SyntaxError
			if !errors.Is(err, ErrMalformed) || !errors.As(err, &se) || se.Offset != c.offset || se.Field != c.field {
				t.Errorf("Options{Strict: true}.Parse(%q) error = %#v, want ErrMalformed at %d naming %q", c.in, err, c.offset, c.field)
			}
			if !strings.HasPrefix(err.Error(), "queryparams: malformed field: ") {
				t.Errorf("error text %q lacks its prefix", err)
			}
			if p.Len() != 0 {
				t.Errorf("Options{Strict: true}.Parse(%q) returned pairs with its error", c.in)
			}
		}
	}
	// The error keeps a copy of the field, not the caller's bytes.
	raw := []byte("a=1&flag")
	_, err := Options{Strict: true}.ParseBytes(raw)
	copy(raw, "xxxxxxxx")
	var se *SyntaxError
	if !errors.As(err, &se) || se.Field != "flag" {
		t.Errorf("SyntaxError.Field changed with the caller's bytes: %v", err)
	}
}

func TestOptionsZeroIsLenient(t *testing.T) {
	for _, c := range parseCases {
		var got Params
		var err error
		if c.bytes {
			got, err = Options{}.ParseBytes([]byte(c.in))
		} else {
			got, err = Options{}.Parse(c.in)
		}
		if err != nil || !cmp.Equal(got.MultiItems(), c.want) {
			t.Errorf("Options{}.Parse(%q) = %v, %v; want %v, nil (%s)", c.in, got.MultiItems(), err, c.want, c.src)
		}
	}
}

// TestAdversarialMemory parses 1 MB inputs built to be expensive and checks
// that memory stays within memoryPerByte times the input size.
func TestAdversarialMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates tens of megabytes")
	}
	inputs := adversarialInputs(1 << 20)
	// The promise and its reasons are with memoryPerByte; TestMemoryEverySize
	// checks it at every size class.
	perByte := memoryPerByte
	for name, in := range inputs {
		raw := []byte(in)
		for _, parse := range []struct {
			name string
			f    func() Params
		}{{"Parse", func() Params { return Parse(in) }}, {"ParseBytes", func() Params { return ParseBytes(raw) }}} {
			got := allocatedBytes(func() {
				p := parse.f()
				p.Get("k")
				p.Len()
			})
			t.Logf("%s(%s): %.2f bytes per input byte", parse.name, name, float64(got)/float64(len(in)))
			if limit := uint64(perByte * float64(len(in))); got > limit {
				t.Errorf("%s(%s) allocated %d bytes for %d input bytes, more than %d", parse.name, name, got, len(in), limit)
			}
		}
	}
}

// allocatedBytes returns how many bytes f allocates.
func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// fewestAllocatedBytes returns the fewest bytes f allocates in up to three
// runs, stopping at the first run that allocates at most limit: what else
// allocates meanwhile can only add to a run's count, never take from it.
func fewestAllocatedBytes(f func(), limit uint64) uint64 {
	got := allocatedBytes(f)
	for try := 0; try < 2 && got > limit; try++ {
		got = min(got, allocatedBytes(f))
	}
	return got
}

// decodedTextSize returns the length of the text that the fields of pairs
// take once decoded, each key, '=' and value, as a parsed Params keeps it,
// and the allocation that holds it: that length rounded up to 16 bytes, as
// the allocator's size classes are up to 256 bytes.
func decodedTextSize(pairs []Pair) (decoded int, alloc uint64) {
	for _, pr := range pairs {
		decoded += len(pr.Key) + 1 + len(pr.Value)
	}
	return decoded, uint64(decoded+15) &^ 15
}

// adversarialInputs builds inputs of about size bytes designed to be
// expensive, for TestAdversarialMemory and BenchmarkAdversarial.
func adversarialInputs(size int) map[string]string {
	return map[string]string{
		"all &":                  strings.Repeat("&", size),
		"all %":                  strings.Repeat("%", size),
		"all invalid UTF-8":      strings.Repeat("\xff", size),
		"one key repeated":       strings.Repeat("k=v&", size/4),
		"one long key":           strings.Repeat("k", size),
		"escapes":                strings.Repeat("%E2%82%AC", size/9),
		"bad escapes":            strings.Repeat("%zz", size/3),
		"single-byte fields":     strings.Repeat("a&", size/2),
		"single-byte fields, =":  strings.Repeat("=&", size/2),
		"raw latin-1 bytes":      strings.Repeat("\xe9", size),
		"distinct keys":          distinctKeys(size),
		"escaped ampersands":     strings.Repeat("%26", size/3),
		"plus signs":             strings.Repeat("+", size),
		"equals signs":           strings.Repeat("=", size),
		"truncated UTF-8 escape": strings.Repeat("%F0%9F%98", size/9),
	}
}

// distinctKeys returns about size bytes of fields with distinct keys.
func distinctKeys(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "k%d=&", i)
	}
	return b.String()
}

// TestOptionsNegative checks that a negative limit is reported with an error
// that matches ErrInvalidOptions, and no limit error, whatever the input,
// and that the message names the limits.
func TestOptionsNegative(t *testing.T) {
	for _, o := range []Options{{MaxBytes: -1}, {MaxFields: -1}, {MaxBytes: -5, MaxFields: -7, Strict: true}} {
		for _, in := range []string{"", "a=1", strings.Repeat("a&", 100)} {
			for _, parse := range []struct {
				name string
				f    func() (Params, error)
			}{
				{"Parse", func() (Params, error) { return o.Parse(in) }},
				{"ParseBytes", func() (Params, error) { return o.ParseBytes([]byte(in)) }},
			} {
				p, err := parse.f()
				call := fmt.Sprintf("%+v.%s(%q)", o, parse.name, in)
				if !errors.Is(err, ErrInvalidOptions) {
					t.Errorf("%s error = %v, want one matching ErrInvalidOptions", call, err)
				}
				if errors.Is(err, ErrTooLong) || errors.Is(err, ErrTooManyFields) || errors.Is(err, ErrMalformed) {
					t.Errorf("%s error = %v, which also matches a limit or syntax error", call, err)
				}
				if p.n != 0 {
					t.Errorf("%s = %d pairs, want none", call, p.n)
				}
				if err != nil {
					msg := err.Error()
					if !strings.HasPrefix(msg, "queryparams: ") ||
						!strings.Contains(msg, fmt.Sprintf("MaxBytes %d", o.MaxBytes)) ||
						!strings.Contains(msg, fmt.Sprintf("MaxFields %d", o.MaxFields)) {
						t.Errorf("%s error = %q, want the prefix \"queryparams: \" and both limits", call, msg)
					}
				}
			}
		}
	}
}
