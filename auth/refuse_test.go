package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

// fakeProvider is an OpenID provider whose token endpoint answers with
// whatever ID token the test sets, so every way a token can be wrong is
// tried against the real callback.
type fakeProvider struct {
	oidctest.Server
	url string
	key *rsa.PrivateKey

	mu      sync.Mutex
	idToken string
	codes   map[string]bool // codes already exchanged
}

func newFakeProvider(t *testing.T) *fakeProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeProvider{key: key, codes: map[string]bool{}}
	p.PublicKeys = []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: "k1", Algorithm: "RS256"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/token" {
			p.Server.ServeHTTP(w, r)
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		code := r.PostFormValue("code")
		if p.codes[code] || r.PostFormValue("code_verifier") == "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant"}`)
			return
		}
		p.codes[code] = true
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": p.idToken})
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	p.SetIssuer(srv.URL)
	return p
}

// sign returns an ID token with claims, signed by key as alg.
func (p *fakeProvider) sign(claims map[string]any, key *rsa.PrivateKey, alg string) string {
	data, _ := json.Marshal(claims)
	if alg == "none" {
		enc := base64.RawURLEncoding
		return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(data) + "."
	}
	return oidctest.SignIDToken(key, "k1", alg, string(data))
}

// refusalApp is the app on the fake provider.
type refusalApp struct {
	url string
	db  *database.DB
	idp *fakeProvider
}

func newRefusalApp(t *testing.T) *refusalApp {
	t.Helper()
	idp := newFakeProvider(t)
	db := dbtest.Open(t, dialect.SQLite, nil)
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	svc, err := auth.New(auth.Config{Issuer: idp.url, ClientID: "hp", ClientSecret: "s", RedirectURL: srv.URL + "/auth/callback"}, db.Client, logger)
	if err != nil {
		t.Fatal(err)
	}
	svc.Discover(context.Background())
	handler = server.New(db, svc, logger, server.Options{})
	return &refusalApp{url: srv.URL, db: db, idp: idp}
}

// noRedirects is a browser that shows each redirect instead of following it.
func noRedirects(t *testing.T) *http.Client {
	b := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Jar = jar
	return b
}

// startLogin begins a login and returns the state and nonce sent to the
// provider.
func (a *refusalApp) startLogin(t *testing.T, browser *http.Client, returnTo string) (state, nonce string) {
	t.Helper()
	resp, err := browser.Get(a.url + "/auth/login?return=" + url.QueryEscape(returnTo))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("login = %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	q := loc.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Errorf("the login does not use PKCE S256: %s", loc)
	}
	return q.Get("state"), q.Get("nonce")
}

func (a *refusalApp) callback(t *testing.T, browser *http.Client, code, state string) *http.Response {
	t.Helper()
	resp, err := browser.Get(a.url + "/auth/callback?code=" + url.QueryEscape(code) + "&state=" + url.QueryEscape(state))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func (a *refusalApp) sessions(t *testing.T) int {
	return a.db.Client.Session.Query().CountX(rule.SystemContext(context.Background(), "test"))
}

func (a *refusalApp) claims(nonce string) map[string]any {
	now := time.Now()
	return map[string]any{"iss": a.idp.url, "aud": "hp", "sub": "u1", "nonce": nonce, "name": "Test",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
}

func TestLoginRefusesEveryBadAnswerAndCreatesNoSession(t *testing.T) {
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	tests := []struct {
		name  string
		token func(a *refusalApp, nonce string) string
	}{
		{"wrong issuer", func(a *refusalApp, nonce string) string {
			c := a.claims(nonce)
			c["iss"] = "https://evil.example"
			return a.idp.sign(c, a.idp.key, "RS256")
		}},
		{"wrong audience", func(a *refusalApp, nonce string) string {
			c := a.claims(nonce)
			c["aud"] = "someone-else"
			return a.idp.sign(c, a.idp.key, "RS256")
		}},
		{"expired token", func(a *refusalApp, nonce string) string {
			c := a.claims(nonce)
			c["exp"] = time.Now().Add(-time.Hour).Unix()
			return a.idp.sign(c, a.idp.key, "RS256")
		}},
		{"bad signature", func(a *refusalApp, nonce string) string {
			return a.idp.sign(a.claims(nonce), otherKey, "RS256")
		}},
		{"alg none", func(a *refusalApp, nonce string) string {
			return a.idp.sign(a.claims(nonce), nil, "none")
		}},
		{"nonce mismatch", func(a *refusalApp, nonce string) string {
			return a.idp.sign(a.claims("another-nonce"), a.idp.key, "RS256")
		}},
		{"no ID token", func(a *refusalApp, nonce string) string { return "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newRefusalApp(t)
			browser := noRedirects(t)
			state, nonce := a.startLogin(t, browser, "/")
			a.idp.idToken = tt.token(a, nonce)
			if resp := a.callback(t, browser, "code-1", state); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("callback = %d, want 400", resp.StatusCode)
			}
			if n := a.sessions(t); n != 0 {
				t.Errorf("%d sessions created", n)
			}
		})
	}
}

func TestLoginRefusesForgedOrReplayedCallbacks(t *testing.T) {
	t.Run("a good login works, to compare with", func(t *testing.T) {
		a := newRefusalApp(t)
		browser := noRedirects(t)
		state, nonce := a.startLogin(t, browser, "/planer")
		a.idp.idToken = a.idp.sign(a.claims(nonce), a.idp.key, "RS256")
		resp := a.callback(t, browser, "code-1", state)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/planer" || a.sessions(t) != 1 {
			t.Fatalf("good login = %d to %q with %d sessions", resp.StatusCode, resp.Header.Get("Location"), a.sessions(t))
		}
	})
	t.Run("state mismatch", func(t *testing.T) {
		a := newRefusalApp(t)
		browser := noRedirects(t)
		_, nonce := a.startLogin(t, browser, "/")
		a.idp.idToken = a.idp.sign(a.claims(nonce), a.idp.key, "RS256")
		if resp := a.callback(t, browser, "code-1", "forged-state"); resp.StatusCode != http.StatusBadRequest || a.sessions(t) != 0 {
			t.Errorf("callback = %d with %d sessions", resp.StatusCode, a.sessions(t))
		}
	})
	t.Run("a callback from another browser (login CSRF)", func(t *testing.T) {
		a := newRefusalApp(t)
		state, nonce := a.startLogin(t, noRedirects(t), "/")
		a.idp.idToken = a.idp.sign(a.claims(nonce), a.idp.key, "RS256")
		if resp := a.callback(t, noRedirects(t), "code-1", state); resp.StatusCode != http.StatusBadRequest || a.sessions(t) != 0 {
			t.Errorf("callback = %d with %d sessions", resp.StatusCode, a.sessions(t))
		}
	})
	t.Run("a replayed callback", func(t *testing.T) {
		a := newRefusalApp(t)
		browser := noRedirects(t)
		state, nonce := a.startLogin(t, browser, "/")
		a.idp.idToken = a.idp.sign(a.claims(nonce), a.idp.key, "RS256")
		loginCookie := browser.Jar.Cookies(mustURL(t, a.url+"/auth/"))
		a.callback(t, browser, "code-1", state)
		for _, c := range loginCookie {
			browser.Jar.SetCookies(mustURL(t, a.url+"/auth/"), []*http.Cookie{{Name: c.Name, Value: c.Value, Path: "/auth/"}})
		}
		if resp := a.callback(t, browser, "code-1", state); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("replayed callback = %d, want 400", resp.StatusCode)
		}
		if n := a.sessions(t); n != 1 {
			t.Errorf("sessions = %d, want only the first login's", n)
		}
	})
	t.Run("a tampered login cookie", func(t *testing.T) {
		a := newRefusalApp(t)
		browser := noRedirects(t)
		state, nonce := a.startLogin(t, browser, "/")
		a.idp.idToken = a.idp.sign(a.claims(nonce), a.idp.key, "RS256")
		browser.Jar.SetCookies(mustURL(t, a.url+"/auth/"), []*http.Cookie{{Name: "hp_login", Value: state + "x", Path: "/auth/"}})
		if resp := a.callback(t, browser, "code-1", state); resp.StatusCode != http.StatusBadRequest || a.sessions(t) != 0 {
			t.Errorf("callback = %d with %d sessions", resp.StatusCode, a.sessions(t))
		}
	})
	t.Run("a tampered session cookie is no session", func(t *testing.T) {
		a := newRefusalApp(t)
		browser := noRedirects(t)
		state, nonce := a.startLogin(t, browser, "/")
		a.idp.idToken = a.idp.sign(a.claims(nonce), a.idp.key, "RS256")
		a.callback(t, browser, "code-1", state)
		var sess *http.Cookie
		for _, c := range browser.Jar.Cookies(mustURL(t, a.url)) {
			if c.Name == "hp_session" {
				sess = c
			}
		}
		if sess == nil {
			t.Fatal("no session cookie")
		}
		req, _ := http.NewRequest(http.MethodGet, a.url+"/graphql?query=%7Bme%7Buser%7Bname%7D%7D%7D", nil)
		req.AddCookie(&http.Cookie{Name: "hp_session", Value: sess.Value[:len(sess.Value)-2] + "AA"})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("tampered session cookie = %d, want 401", resp.StatusCode)
		}
	})
	t.Run("a foreign return URL becomes the start page", func(t *testing.T) {
		for _, foreign := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"} {
			a := newRefusalApp(t)
			browser := noRedirects(t)
			state, nonce := a.startLogin(t, browser, foreign)
			a.idp.idToken = a.idp.sign(a.claims(nonce), a.idp.key, "RS256")
			resp := a.callback(t, browser, "code-1", state)
			if loc := resp.Header.Get("Location"); loc != "/" {
				t.Errorf("return %q sent the browser to %q", foreign, loc)
			}
		}
	})
}

func TestBearerTokensAreVerified(t *testing.T) {
	a := newRefusalApp(t)
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	good := a.claims("")
	delete(good, "nonce")
	expired := a.claims("")
	expired["exp"] = time.Now().Add(-time.Minute).Unix()
	wrongAud := a.claims("")
	wrongAud["aud"] = "other"
	tests := []struct {
		name   string
		token  string
		status int
	}{
		{"a valid token", a.idp.sign(good, a.idp.key, "RS256"), http.StatusOK},
		{"an expired token", a.idp.sign(expired, a.idp.key, "RS256"), http.StatusUnauthorized},
		{"a token for another audience", a.idp.sign(wrongAud, a.idp.key, "RS256"), http.StatusUnauthorized},
		{"a token signed by someone else", a.idp.sign(good, otherKey, "RS256"), http.StatusUnauthorized},
		{"an unsigned token", a.idp.sign(good, nil, "none"), http.StatusUnauthorized},
		{"garbage", "not-a-token", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, a.url+"/graphql", strings.NewReader(`{"query":"{ me { user { name } } }"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tt.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d: %s", resp.StatusCode, tt.status, raw)
			}
		})
	}
	if n := a.sessions(t); n != 0 {
		t.Errorf("Bearer requests created %d sessions", n)
	}
}
