package queryparams

// String returns the pairs encoded as a query string, exactly as Starlette's
// str(q) does (CPython's urlencode with quote_plus): every pair, in order,
// repeated keys included, as key=value joined by '&'. Unlike
// url.Values.Encode it never sorts. A pair with an empty value still gets
// its '=' ("a" parses and re-encodes as "a="), and an empty Params gives "".
//
// Each key and value is written as its UTF-8 bytes: A–Z a–z 0–9 and "_.-~"
// stay, a space becomes '+', and every other byte becomes %XX with uppercase
// hex, so '+' itself becomes "%2B". The result is ASCII, and
// Parse(p.String()) holds the same pairs as p, in the same order.
func (p Params) String() string {
	if p.n == 0 {
		return ""
	}
	return bytesToString(p.appendEncoded(make([]byte, 0, p.encodedLen())))
}

// encodedLen returns the length of p.String().
func (p *Params) encodedLen() int {
	n := p.n*2 - 1
	for i := range p.n {
		n += quotedLen(p.key(i)) + quotedLen(p.value(i))
	}
	return n
}

// appendEncoded appends p.String() to dst.
func (p *Params) appendEncoded(dst []byte) []byte {
	for i := range p.n {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = appendQuoted(dst, p.key(i))
		dst = append(dst, '=')
		dst = appendQuoted(dst, p.value(i))
	}
	return dst
}

// GoString returns p as Python's repr(q) shows it: QueryParams('…') around
// [Params.String]. It is what the %#v verb prints.
func (p Params) GoString() string {
	return "QueryParams('" + p.String() + "')"
}

// unreserved lists the bytes quote_plus writes as they are.
const unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"

// keep[c] reports whether quote_plus writes byte c as it is.
var keep = func() (t [256]bool) {
	for i := 0; i < len(unreserved); i++ {
		t[unreserved[i]] = true
	}
	return t
}()

// quotedLen returns the length of s written by writeQuoted.
func quotedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if !keep[s[i]] && s[i] != ' ' {
			n += 2
		}
	}
	return n
}

// appendQuoted appends s to dst as CPython's quote_plus(s) writes it.
func appendQuoted(dst []byte, s string) []byte {
	const upperhex = "0123456789ABCDEF"
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && keep[s[j]] {
			j++
		}
		dst = append(dst, s[i:j]...)
		if j == len(s) {
			return dst
		}
		if c := s[j]; c == ' ' {
			dst = append(dst, '+')
		} else {
			dst = append(dst, '%', upperhex[c>>4], upperhex[c&0x0F])
		}
		i = j + 1
	}
	return dst
}
