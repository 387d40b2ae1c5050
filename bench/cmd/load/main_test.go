package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/bench"
)

func TestLoopbackURL(t *testing.T) {
	for _, u := range []string{
		"http://127.0.0.1:8080/graphql",
		"http://[::1]:8080/graphql",
		"http://localhost:8080/graphql",
		"https://127.0.0.2/graphql",
	} {
		if _, err := loopbackURL(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	for _, u := range []string{
		"http://10.0.0.1:8080/graphql",
		"http://192.168.1.10/graphql",
		"http://[2001:db8::1]/graphql",
		"ftp://127.0.0.1/graphql",
		"127.0.0.1:8080",
		"http:///graphql",
	} {
		if _, err := loopbackURL(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

func TestParseLevels(t *testing.T) {
	got, err := parseLevels("1, 4,16,64")
	if err != nil || len(got) != 4 || got[0] != 1 || got[3] != 64 {
		t.Errorf("parseLevels = %v, %v", got, err)
	}
	if _, err := parseLevels("1,x"); err == nil {
		t.Error("a non-number was accepted")
	}
	if _, err := parseFlags([]string{"--sweep", "1,2000"}); err == nil {
		t.Error("concurrency 2000 was accepted")
	}
	if _, err := parseFlags([]string{"--duration", "1h"}); err == nil {
		t.Error("an hour-long run was accepted")
	}
}

func TestPercentileAndSaturation(t *testing.T) {
	r := result{concurrency: 1, elapsed: time.Second}
	for i := 1; i <= 100; i++ {
		r.latencies = append(r.latencies, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := r.percentile(q); got != want {
			t.Errorf("percentile(%v) = %v, want %v", q, got, want)
		}
	}
	level := func(n, ok int) result {
		return result{concurrency: n, elapsed: time.Second, latencies: make([]time.Duration, ok)}
	}
	best, knee := saturation([]result{level(1, 40), level(4, 97), level(16, 100), level(64, 90)})
	if best.concurrency != 16 || knee.concurrency != 4 {
		t.Errorf("best %d, knee %d; want 16 and 4", best.concurrency, knee.concurrency)
	}
}

func TestReadStat(t *testing.T) {
	st, ok := readStat("/proc/self/stat")
	if !ok {
		t.Skip("no /proc here")
	}
	if st.name == "" || st.cpu < 0 || st.children < 0 {
		t.Errorf("readStat = %+v", st)
	}
}

// TestMeasure runs the load loop against a stub server, to check that
// successes, GraphQL errors and HTTP errors are told apart.
func TestMeasure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body bytes.Buffer
		body.ReadFrom(r.Body)
		switch {
		case strings.Contains(body.String(), `"id":"2"`):
			w.Write([]byte(`{"errors":[{"message":"boom"}],"data":{"plan":null}}`))
		case strings.Contains(body.String(), `"id":"3"`):
			http.Error(w, "down", http.StatusServiceUnavailable)
		default:
			w.Write([]byte(`{"data":{"plan":{"id":"1"}}}`))
		}
	}))
	defer srv.Close()
	cfg, err := parseFlags([]string{"--url", srv.URL, "--concurrency", "2"})
	if err != nil {
		t.Fatal(err)
	}
	client, sent := newClient(cfg)
	bodies := [][]byte{requestBody("q", "1"), requestBody("q", "2"), requestBody("q", "3")}
	r := measure(context.Background(), client, srv.URL, bodies, 2, 200*time.Millisecond, 0)
	if got := sent.Load(); got != int64(r.requests()) {
		t.Errorf("transport counted %d requests, the workers %d", got, r.requests())
	}
	if len(r.latencies) == 0 || r.errors == 0 {
		t.Fatalf("%d successes, %d errors; want both", len(r.latencies), r.errors)
	}
	var sawGraphQL, sawHTTP bool
	for msg := range r.errorSamples {
		sawGraphQL = sawGraphQL || strings.HasPrefix(msg, "GraphQL error")
		sawHTTP = sawHTTP || msg == "HTTP 503"
	}
	if !sawGraphQL || !sawHTTP {
		t.Errorf("error kinds = %v, want a GraphQL error and HTTP 503", r.errorSamples)
	}
}

// TestDevLogin walks a stub of serve --dev's login: the app sends the
// browser to the provider's page, the chosen user's form post goes back
// through the callback, which sets the session cookie.
func TestDevLogin(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /auth/login", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/provider/authorize", http.StatusFound)
	})
	mux.HandleFunc("GET /provider/authorize", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<form method="post" action="/provider/login">
<input type="hidden" name="authRequestID" value="req-1">
<ul><li><button type="submit" name="sub" value="demo-1"><span class="name">Frida F&ouml;rvaltningschef</span> <span class="title">Förvaltningschef, Socialförvaltningen</span></button></li>
<li><button type="submit" name="sub" value="demo-2"><span class="name">Elin Enhetschef</span> <span class="title">Enhetschef, Socialförvaltningen</span></button></li></ul></form>`))
	})
	mux.HandleFunc("POST /provider/login", func(w http.ResponseWriter, r *http.Request) {
		if r.PostFormValue("authRequestID") != "req-1" {
			http.Error(w, "bad request id", http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, "/auth/callback?sub="+r.PostFormValue("sub"), http.StatusFound)
	})
	mux.HandleFunc("GET /auth/callback", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "hp_session", Value: r.FormValue("sub"), Path: "/"})
		http.Redirect(w, r, "/", http.StatusFound)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	app, _ := loopbackURL(srv.URL + "/graphql")

	jar, who, err := devLogin(context.Background(), http.DefaultTransport, app, "enhetschef")
	if err != nil {
		t.Fatal(err)
	}
	if who != "Elin Enhetschef Enhetschef, Socialförvaltningen" {
		t.Errorf("logged in as %q", who)
	}
	if c := jar.Cookies(app); len(c) != 1 || c[0].Value != "demo-2" {
		t.Errorf("cookies = %v, want the session of demo-2", c)
	}
	if _, _, err := devLogin(context.Background(), http.DefaultTransport, app, "Ordförande"); err == nil ||
		!strings.Contains(err.Error(), "Frida Förvaltningschef") {
		t.Errorf("an unknown user gave %v; want the list of users", err)
	}
}

func TestSessionJar(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sessions")
	if err := os.WriteFile(path, []byte("employee tok-e\nmanager tok-m\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	app, _ := url.Parse("http://127.0.0.1:8080/graphql")
	jar, err := sessionJar(app, path, "manager")
	if err != nil {
		t.Fatal(err)
	}
	if c := jar.Cookies(app); len(c) != 1 || c[0].Name != "hp_session" || c[0].Value != "tok-m" {
		t.Errorf("cookies %v", c)
	}
	if _, err := sessionJar(app, path, "chief"); err == nil || !strings.Contains(err.Error(), "employee, manager") {
		t.Errorf("an unknown name gave %v", err)
	}
	if _, err := parseFlags([]string{"--session-file", path}); err == nil {
		t.Error("--session-file without --session was accepted")
	}
	if _, err := parseFlags([]string{"--session-file", path, "--session", "manager", "--login", "Enhetschef"}); err == nil {
		t.Error("--session-file with --login was accepted")
	}
	if cfg, err := parseFlags([]string{"--query", "my-actions"}); err != nil || cfg.queryName != "my-actions" {
		t.Errorf("--query my-actions: %v", err)
	}
	if cfg, err := parseFlags([]string{"--query", "me"}); err != nil || cfg.query != bench.MeQuery {
		t.Errorf("--query me: %v", err)
	}
	if cfg, err := parseFlags([]string{"--plan-dnr", "SN2024/10"}); err != nil || cfg.planDnr != "SN2024/10" {
		t.Errorf("--plan-dnr: %v", err)
	}
	if _, err := parseFlags([]string{"--plan", "1", "--plan-dnr", "SN2024/10"}); err == nil {
		t.Error("--plan with --plan-dnr was accepted")
	}
}
