package queryparams

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInterop(t *testing.T) {
	v := url.Values{"b": {"1", "2"}, "a": {"x"}, "empty": {}}
	p := FromValues(v)
	if want := kv("a", "x", "b", "1", "b", "2"); !cmp.Equal(p.MultiItems(), want) {
		t.Errorf("FromValues(%v) = %v, want %v (sorted keys, values in order)", v, p.MultiItems(), want)
	}
	back := Parse("b=1&a=x&b=2").ToValues()
	if want := (url.Values{"a": {"x"}, "b": {"1", "2"}}); !cmp.Equal(back, want) {
		t.Errorf("ToValues() = %v, want %v", back, want)
	}
	m := FromMap(map[string]string{"z": "1", "a": "2"})
	if want := kv("a", "2", "z", "1"); !cmp.Equal(m.MultiItems(), want) {
		t.Errorf("FromMap = %v, want %v", m.MultiItems(), want)
	}

	type config struct {
		Query Params `json:"query"`
	}
	in := config{Query: Parse("b=1&a=x+y&b=2&c")}
	data, err := json.Marshal(in)
	if err != nil || string(data) != `{"query":"b=1\u0026a=x+y\u0026b=2\u0026c="}` {
		t.Errorf("json.Marshal = %s, %v", data, err)
	}
	var out config
	if err := json.Unmarshal(data, &out); err != nil || !cmp.Equal(out.Query.MultiItems(), in.Query.MultiItems()) {
		t.Errorf("json round trip = %v, %v; want %v", out.Query.MultiItems(), err, in.Query.MultiItems())
	}
	b, _ := Parse("a=1").AppendText([]byte("prefix:"))
	if string(b) != "prefix:a=1" {
		t.Errorf("AppendText = %q", b)
	}
	if b, err := (Params{}).MarshalText(); len(b) != 0 || err != nil {
		t.Errorf("empty MarshalText = %q, %v", b, err)
	}
}
