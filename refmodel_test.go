package queryparams

// This file is the reference model: a deliberately plain transcription of
// docs/semantics.md, sharing no code with the package, against which the fuzz
// targets, the properties and the benchmarks check the library. It favours
// being obviously right over being fast.

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refParse is docs/semantics.md, "Entry points" to "Decoding", for Parse:
// decode the input as UTF-8 with replacement, then split and decode.
func refParse(s string) []Pair {
	return refSplit(refDecodeUTF8([]byte(s)))
}

// refParseBytes is docs/semantics.md, "Entry points" for ParseBytes: latin-1,
// then the same.
func refParseBytes(b []byte) []Pair {
	runes := make([]rune, len(b))
	for i, c := range b {
		runes[i] = rune(c)
	}
	return refSplit(string(runes))
}

// refSplit is docs/semantics.md, "Splitting": split at '&', drop empty
// fields, cut at the first '=', decode both sides.
func refSplit(text string) []Pair {
	var pairs []Pair
	for _, field := range strings.Split(text, "&") {
		if field == "" {
			continue
		}
		name, value := field, ""
		if i := strings.Index(field, "="); i >= 0 {
			name, value = field[:i], field[i+1:]
		}
		pairs = append(pairs, Pair{refUnquotePlus(name), refUnquotePlus(value)})
	}
	return pairs
}

// refUnquotePlus is docs/semantics.md, "Decoding": '+' to space first, then
// percent-decode each maximal ASCII run on its own, decoding its bytes as
// UTF-8 with replacement; non-ASCII runs are copied.
func refUnquotePlus(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s
	}
	var out strings.Builder
	runes := []rune(s)
	for i := 0; i < len(runes); {
		j := i
		isASCII := runes[i] < 0x80
		for j < len(runes) && (runes[j] < 0x80) == isASCII {
			j++
		}
		run := string(runes[i:j])
		if isASCII {
			out.WriteString(refDecodeUTF8(refPercentDecode(run)))
		} else {
			out.WriteString(run)
		}
		i = j
	}
	return out.String()
}

// refPercentDecode is docs/semantics.md, "Decoding", rule 4: '%' and two hex
// digits is one byte; any other '%' is literal.
func refPercentDecode(s string) []byte {
	isHex := func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			var v byte
			for _, c := range []byte(strings.ToLower(s[i+1 : i+3])) {
				v = v*16 + byte(strings.IndexByte("0123456789abcdef", c))
			}
			out = append(out, v)
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// refSecond gives, for each UTF-8 lead byte, its sequence length and the
// allowed range of its second byte: the table of docs/semantics.md, "UTF-8
// repair", row by row.
var refSecond = []struct {
	lo, hi   byte // lead byte range
	n        int
	lo2, hi2 byte
}{
	{0xC2, 0xDF, 2, 0x80, 0xBF},
	{0xE0, 0xE0, 3, 0xA0, 0xBF},
	{0xE1, 0xEC, 3, 0x80, 0xBF},
	{0xED, 0xED, 3, 0x80, 0x9F},
	{0xEE, 0xEF, 3, 0x80, 0xBF},
	{0xF0, 0xF0, 4, 0x90, 0xBF},
	{0xF1, 0xF3, 4, 0x80, 0xBF},
	{0xF4, 0xF4, 4, 0x80, 0x8F},
}

// refDecodeUTF8 is docs/semantics.md, "UTF-8 repair": one U+FFFD per maximal
// invalid subpart.
func refDecodeUTF8(b []byte) string {
	var out strings.Builder
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			out.WriteByte(b[i])
			i++
			continue
		}
		n, lo2, hi2 := 0, byte(0), byte(0)
		for _, row := range refSecond {
			if row.lo <= b[i] && b[i] <= row.hi {
				n, lo2, hi2 = row.n, row.lo2, row.hi2
			}
		}
		if n == 0 {
			out.WriteString("\uFFFD")
			i++
			continue
		}
		matched := 1
		for matched < n && i+matched < len(b) {
			c := b[i+matched]
			lo, hi := byte(0x80), byte(0xBF)
			if matched == 1 {
				lo, hi = lo2, hi2
			}
			if c < lo || c > hi {
				break
			}
			matched++
		}
		if matched == n {
			out.Write(b[i : i+n])
		} else {
			out.WriteString("\uFFFD")
		}
		i += matched
	}
	return out.String()
}

// refEncode is docs/semantics.md, "Encoding": quote_plus(k) + "=" +
// quote_plus(v) for every pair, joined by '&'. url.QueryEscape is
// byte-identical to quote_plus (docs/semantics.md, "Where net/url differs").
func refEncode(pairs []Pair) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = url.QueryEscape(p.Key) + "=" + url.QueryEscape(p.Value)
	}
	return strings.Join(parts, "&")
}

// refGet is the last-value-wins lookup of docs/semantics.md, "The multi-map".
func refGet(pairs []Pair, key string) (string, bool) {
	value, found := "", false
	for _, p := range pairs {
		if p.Key == key {
			value, found = p.Value, true
		}
	}
	return value, found
}

// refKeys is the distinct keys of docs/semantics.md, "The multi-map", in
// first-occurrence order.
func refKeys(pairs []Pair) []string {
	var keys []string
	seen := map[string]bool{}
	for _, p := range pairs {
		if !seen[p.Key] {
			seen[p.Key] = true
			keys = append(keys, p.Key)
		}
	}
	return keys
}

// TestReferenceModel checks that the reference model, which the fuzz targets
// and benchmarks trust, itself agrees with the table of cases.
func TestReferenceModel(t *testing.T) {
	for _, c := range parseCases {
		var got []Pair
		if c.bytes {
			got = refParseBytes([]byte(c.in))
		} else {
			got = refParse(c.in)
		}
		if !cmp.Equal(got, c.want) {
			t.Errorf("refParse(%q) = %v, want %v (%s)", c.in, got, c.want, c.src)
		}
	}
}
