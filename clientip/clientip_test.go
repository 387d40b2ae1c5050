package clientip

import (
	"net/http/httptest"
	"testing"
)

func TestClient(t *testing.T) {
	trusted, err := ParseTrusted("10.0.0.0/8, 127.0.0.1 ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		peer, forwarded, want string
	}{
		{"192.0.2.1:5000", "", "192.0.2.1"},
		{"192.0.2.1:5000", "203.0.113.9", "192.0.2.1"},                 // an untrusted peer's header is ignored
		{"127.0.0.1:5000", "", "127.0.0.1"},                            // the proxy itself
		{"127.0.0.1:5000", "203.0.113.9", "203.0.113.9"},               // one proxy
		{"127.0.0.1:5000", "203.0.113.9, 10.1.2.3", "203.0.113.9"},     // two proxies
		{"127.0.0.1:5000", "198.51.100.1, 203.0.113.9", "203.0.113.9"}, // a client's own header before the proxy's
		{"127.0.0.1:5000", "garbage, 10.1.2.3", "10.1.2.3"},            // a hop that does not parse: the proxy that added it
		{"127.0.0.1:5000", "10.9.9.9, 10.1.2.3", "10.9.9.9"},           // only proxies: the farthest
		{"[::1]:5000", "[2001:db8::7]:443", "2001:db8::7"},
		{"[::ffff:127.0.0.1]:5000", "203.0.113.9", "203.0.113.9"}, // IPv4 seen as IPv6
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.forwarded != "" {
			r.Header.Set("X-Forwarded-For", c.forwarded)
		}
		if got := trusted.Client(r); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %s, want %s", c.peer, c.forwarded, got, c.want)
		}
	}
	if _, err := ParseTrusted("10.0.0.0/33"); err == nil {
		t.Error("a bad CIDR was accepted")
	}
	if _, err := ParseTrusted("proxy.example.se"); err == nil {
		t.Error("a host name was accepted")
	}
}
