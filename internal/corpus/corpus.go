// Package corpus holds the named, realistic query strings that the
// benchmarks of queryparams and of its competitors share. It is
// deterministic: the same queries on every run and every machine.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Query is one named benchmark input.
type Query struct {
	Name string
	Raw  string
}

// Realistic returns the queries that stand for real traffic.
func Realistic() []Query {
	return []Query{
		{"websocket", WebSocket()},
		{"api", API()},
		{"cjk-emoji", cjkEmoji()},
		{"tracking", tracking()},
	}
}

// Large returns the big inputs: many pairs, one long value.
func Large() []Query {
	return []Query{
		{"10k-pairs", manyPairs(10000)},
		{"1MB-value", "data=" + randomText(1<<20, base64URL)},
	}
}

// Adversarial returns inputs built to make a parser slow or hungry.
func Adversarial() []Query {
	return []Query{
		{"50k-ampersands", strings.Repeat("&", 50000)},
		{"20k-bad-escapes", "v=" + strings.Repeat("%zz%", 20000)},
	}
}

// Tiny is the smallest useful query.
var Tiny = Query{"tiny", "a=1"}

// All returns every query: realistic, tiny, large, adversarial.
func All() []Query {
	all := append(Realistic(), Tiny)
	all = append(all, Large()...)
	return append(all, Adversarial()...)
}

// API is the query of a REST list call: paging, a sort, a repeated tag, and
// two escaped fields (q=hello+world, filter=status%3Aopen).
func API() string {
	return "page=2&per_page=50&sort=-created_at&tag=go&tag=python&q=hello+world&filter=status%3Aopen&fields=id,name,updated_at"
}

// WebSocket is the query of a chat WebSocket connect: a 350-character JWT,
// two UUIDs and a word, 465 bytes in all.
func WebSocket() string {
	rng := rand.New(rand.NewPCG(1, 1))
	jwt := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + randomTextFrom(rng, 284, base64URL) + "." + randomTextFrom(rng, 35, base64URL)
	return "token=" + jwt + "&thread_id=" + uuid(rng) + "&user_id=" + uuid(rng) + "&mode=chat"
}

const base64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func randomText(n int, alphabet string) string {
	return randomTextFrom(rand.New(rand.NewPCG(2, 2)), n, alphabet)
}

func randomTextFrom(rng *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

func uuid(rng *rand.Rand) string {
	const hex = "0123456789abcdef"
	h := randomTextFrom(rng, 32, hex)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

// cjkEmoji is a search for Japanese, Chinese and emoji text, every non-ASCII
// byte percent-encoded, about 300 bytes.
func cjkEmoji() string {
	esc := func(s string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
		return b.String()
	}
	return "q=" + esc("東京の天気") + "+" + esc("予報") + "&lang=ja&city=" + esc("北京") +
		"&reaction=" + esc("😀🎉") + "&note=" + esc("漢字テスト") + "&title=" + esc("天気予報のまとめ") + "&page=1&sort=relevance"
}

// tracking is a landing-page URL's query with UTM parameters and click ids,
// about 400 bytes.
func tracking() string {
	rng := rand.New(rand.NewPCG(3, 3))
	return "utm_source=newsletter&utm_medium=email&utm_campaign=black_friday_2026" +
		"&utm_term=running+shoes&utm_content=hero%20banner" +
		"&gclid=" + randomTextFrom(rng, 96, base64URL) +
		"&fbclid=" + randomTextFrom(rng, 120, base64URL) +
		"&ref=https%3A%2F%2Fexample.com%2Fsale%3Fid%3D42&session=" + uuid(rng)
}

// manyPairs is n short pairs, keys mostly distinct, about 15 bytes each.
func manyPairs(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte('&')
		}
		fmt.Fprintf(&b, "k%05d=v%07d", i, i*7)
	}
	return b.String()
}
