package queryparams

import (
	"strings"
	"unicode/utf8"
)

// Parse reads the query string s (without the leading '?') as Starlette's
// QueryParams(s) does for a str: it splits at every '&' (and nowhere else: ';'
// is data), drops empty fields, splits each field at its first '=' (a field
// with no '=' has the value ""), and decodes each key and value: '+' becomes
// a space, "%XX" becomes the byte it names, a '%' that does not start such an
// escape stays as it is, and escaped bytes that are not valid UTF-8 become
// U+FFFD.
//
// A Go string may hold bytes that are not UTF-8, which a Python str cannot.
// Parse reads such input as QueryParams(s.decode("utf-8", "replace")) would:
// each maximal invalid subpart of s becomes one U+FFFD before anything else
// happens. So every key and value of the result is valid UTF-8.
//
// Parse never fails and never panics: Starlette has no error for a query
// string, so neither does Parse. To bound the work done for untrusted input,
// or to reject malformed fields, use [Options.Parse]. To read the raw bytes of
// an HTTP request as request.query_params does, use [ParseBytes].
//
// Keys and values that need no decoding share memory with s.
func Parse(s string) Params {
	if !utf8.ValidString(s) {
		s = bytesToString(appendValidUTF8(make([]byte, 0, len(s)+len(s)/2), s))
	}
	return parseText(s)
}

// ParseBytes reads the raw query string b as Starlette's QueryParams(b) does
// for bytes, which is what request.query_params and websocket.query_params
// return: b is decoded as latin-1 (byte 0xNN becomes U+00NN, so a raw "é",
// bytes C3 A9, reads as "Ã©"), then parsed exactly as [Parse] parses text.
// Percent-escapes are still decoded as UTF-8: "%C3%A9" reads as "é".
//
// ParseBytes never fails and never panics. It copies what it keeps, so b may
// be reused once it returns.
func ParseBytes(b []byte) Params {
	var s string
	if ascii(b) {
		s = string(b)
	} else {
		s = bytesToString(appendLatin1(make([]byte, 0, len(b)+len(b)/2), b))
	}
	return parseText(s)
}

// ascii reports whether every byte of b is below 0x80.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// parseText parses s, which must be valid UTF-8. It makes two passes: the
// first counts the non-empty fields and the bytes that need decoding, so that
// the second allocates the pairs and one buffer for all decoded text exactly
// once. Nothing is sized from the number of '&', so a run of empty fields
// costs no memory.
func parseText(s string) Params {
	fields, decodeLen := measure(s)
	if fields == 0 {
		return Params{}
	}
	pairs := make([]Pair, 0, fields)
	var buf []byte
	if decodeLen > 0 {
		buf = make([]byte, 0, decodeLen)
	}
	for s != "" {
		var field string
		field, s = nextField(s)
		if field == "" {
			continue
		}
		key, value, _ := strings.Cut(field, "=")
		key, buf = decodeComponent(key, buf)
		value, buf = decodeComponent(value, buf)
		pairs = append(pairs, Pair{key, value})
	}
	return fromPairs(pairs)
}

// measure returns the number of non-empty fields of s and the total length of
// the fields that hold a byte needing decoding, an upper bound on the
// decoded text they produce.
func measure(s string) (fields, decodeLen int) {
	for s != "" {
		var field string
		field, s = nextField(s)
		if field == "" {
			continue
		}
		fields++
		if needsDecoding(field) {
			decodeLen += len(field)
		}
	}
	return fields, decodeLen
}

// nextField splits s at its first '&' and returns the text before it and the
// rest after it.
func nextField(s string) (field, rest string) {
	if s[0] == '&' {
		return "", s[1:]
	}
	if i := strings.IndexByte(s, '&'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// decodeComponent returns s decoded. When s needs decoding, the result is
// appended to buf, whose capacity the caller has reserved, and the result
// shares buf's memory; otherwise s itself is returned.
func decodeComponent(s string, buf []byte) (string, []byte) {
	if !needsDecoding(s) {
		return s, buf
	}
	start := len(buf)
	buf = appendDecoded(buf, s)
	return bytesToString(buf[start:]), buf
}
