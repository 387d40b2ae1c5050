package auth_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/clientip"
	"github.com/handlingsplan/handlingsplan/metrics"
	"github.com/handlingsplan/handlingsplan/server"
)

// logins asks for /auth/login n times with X-Forwarded-For set to
// forwarded(i) (none when it returns ""), and returns how many were let
// through and how many refused with 429.
func logins(t *testing.T, a *app, n int, forwarded func(i int) string) (through, limited int) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := range n {
		req, _ := http.NewRequest("GET", a.url+"/auth/login", nil)
		if f := forwarded(i); f != "" {
			req.Header.Set("X-Forwarded-For", f)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusFound:
			through++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("login = %d", resp.StatusCode)
		}
	}
	return through, limited
}

func trusting(t *testing.T, list string) clientip.Trusted {
	t.Helper()
	p, err := clientip.ParseTrusted(list)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBehindATrustedProxyEachUserHasABucket: every login comes from the
// proxy, but the morning's logins of one office are not one bucket: the
// address the proxy forwards is the client's, and each has its own.
func TestBehindATrustedProxyEachUserHasABucket(t *testing.T) {
	a := newAppOpts(t, auth.Config{}, io.Discard, server.Options{TrustedProxies: trusting(t, "127.0.0.1/32, ::1")})
	through, limited := logins(t, a, 25, func(int) string { return "203.0.113.7" })
	if through != 20 || limited != 5 {
		t.Errorf("one user's 25 logins: %d through, %d limited; want 20 and 5", through, limited)
	}
	// Another user behind the same proxy is not refused for the first's.
	if through, _ := logins(t, a, 20, func(int) string { return "203.0.113.8" }); through != 20 {
		t.Errorf("a second user behind the proxy got %d of 20 logins through", through)
	}
	// A client cannot escape its bucket by sending its own header: the
	// proxy appends the address it saw, and that is the one read.
	if through, _ := logins(t, a, 5, func(i int) string { return "198.51.100." + string(rune('1'+i)) + ", 203.0.113.7" }); through != 0 {
		t.Errorf("the first user, naming other addresses before the proxy's, got %d logins through", through)
	}
}

// TestAnUntrustedPeerCannotSpoofForwardedFor: without trusted proxies the
// header is ignored, so a script that names a new address on every
// request still has one bucket.
func TestAnUntrustedPeerCannotSpoofForwardedFor(t *testing.T) {
	for name, trusted := range map[string]string{"no proxies": "", "another proxy": "192.0.2.10"} {
		t.Run(name, func(t *testing.T) {
			a := newAppOpts(t, auth.Config{}, io.Discard, server.Options{TrustedProxies: trusting(t, trusted)})
			through, limited := logins(t, a, 25, func(i int) string { return "203.0.113." + strings.Repeat("1", 1+i%3) })
			if through != 20 || limited != 5 {
				t.Errorf("25 logins naming other addresses: %d through, %d limited; want 20 and 5", through, limited)
			}
		})
	}
}

// TestRefusedLoginsAreCountedByReason: each refusal counts under its
// reason, for an alert on a surge.
func TestRefusedLoginsAreCountedByReason(t *testing.T) {
	m := metrics.New(nil)
	a := newAppOpts(t, auth.Config{}, io.Discard, server.Options{Metrics: m})
	get := func(path string, header ...string) {
		req, _ := http.NewRequest("GET", a.url+path, nil)
		if len(header) == 2 {
			req.Header.Set(header[0], header[1])
		}
		resp, err := noRedirects(t).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	get("/auth/callback?error=access_denied")
	get("/auth/callback?code=c&state=s")
	get("/graphql?query=%7Bme%7Bid%7D%7D", "Authorization", "Bearer not-a-token")
	logins(t, a, 22, func(int) string { return "" })
	for reason, want := range map[string]float64{
		auth.ReasonProvider: 1, auth.ReasonState: 1, auth.ReasonBearer: 1, auth.ReasonRateLimited: 4,
	} {
		if got := m.Value("handlingsplan_logins_refused_total", map[string]string{"reason": reason}); got != want {
			t.Errorf("logins refused for %s = %v, want %v", reason, got, want)
		}
	}
}
