package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/devoidc"
	"github.com/handlingsplan/handlingsplan/logging/logtest"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

const bollebygd = "bollebygd-socialforvaltningen"

// app is the whole product on a test server, logging in through the
// development provider.
type app struct {
	url string
	db  *database.DB
	idp *devoidc.Provider
}

func newApp(t *testing.T) *app { return newAppWith(t, auth.Config{}, io.Discard) }

// newAppWith starts the app with cfg's timeouts, logging to logs.
func newAppWith(t *testing.T, cfg auth.Config, logs io.Writer) *app {
	t.Helper()
	return newAppOpts(t, cfg, logs, server.Options{})
}

// newAppOpts starts the app with cfg's timeouts and the server's opts.
func newAppOpts(t *testing.T, cfg auth.Config, logs io.Writer, opts server.Options) *app {
	t.Helper()
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, bollebygd)
	// The app's URL must be known before the provider registers it.
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	idp, err := devoidc.Start("127.0.0.1:0", []devoidc.User{
		{Subject: "elin", Name: "Elin Enhetschef", Email: "elin@example.se", Groups: []string{"g-enhetschef"}, Title: "Enhetschef"},
		{Subject: "frida", Name: "Frida Förvaltningschef", Email: "frida@example.se", Groups: []string{"g-fch", "g-unknown"}, Title: "Förvaltningschef"},
	}, devoidc.Client{ID: "hp", Secret: "s3cret", RedirectURIs: []string{srv.URL + "/auth/callback"}, PostLogoutRedirectURIs: []string{srv.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close(context.Background()) })
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc, err := auth.New(auth.Config{
		IdleTimeout: cfg.IdleTimeout, AbsoluteTimeout: cfg.AbsoluteTimeout,
		Issuer: idp.Issuer(), ClientID: "hp", ClientSecret: "s3cret", RedirectURL: srv.URL + "/auth/callback",
		Mapping: &auth.ClaimMapping{Claim: "groups", Mappings: []auth.ClaimToRole{
			{Value: "g-enhetschef", Department: bollebygd, Role: "Enhetschef", OperationArea: "ÄO"},
			{Value: "g-fch", Department: bollebygd, Role: "Förvaltningschef"},
		}},
	}, db.Client, logger)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	svc.Discover(ctx)
	if err := svc.Ready(); err != nil {
		t.Fatal(err)
	}
	handler = server.New(db, svc, logger, opts)
	return &app{url: srv.URL, db: db, idp: idp}
}

type meResponse struct {
	Data *struct {
		Me struct {
			User        struct{ Name, Email string }
			Departments []struct{ Slug string }
			Assignments []struct {
				Source        string
				Role          struct{ Name string }
				OperationArea *struct{ Code string }
			}
		}
	}
	Errors []struct{ Extensions map[string]any }
}

func (a *app) me(t *testing.T, browser *http.Client) (int, meResponse) {
	t.Helper()
	body := `{"query":"{ me { user { name email } departments { slug } assignments { source role { name } operationArea { code } } } }"}`
	req, _ := http.NewRequest(http.MethodPost, a.url+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out meResponse
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestABrowserLogsInSeesWhoItIsAndLogsOut(t *testing.T) {
	a := newApp(t)
	browser := authtest.Browser(t)

	landed := authtest.LoginWithDevProvider(t, browser, a.url, "/planer/1?vy=lista", "Elin Enhetschef")
	landed.Body.Close()
	if landed.StatusCode != http.StatusOK || landed.Request.URL.Path != "/planer/1" || landed.Request.URL.RawQuery != "vy=lista" {
		t.Fatalf("landed on %s (%d), want the return path", landed.Request.URL, landed.StatusCode)
	}

	status, me := a.me(t, browser)
	if status != http.StatusOK || me.Data == nil {
		t.Fatalf("me = %d %+v", status, me)
	}
	m := me.Data.Me
	if m.User.Name != "Elin Enhetschef" || m.User.Email != "elin@example.se" {
		t.Errorf("user = %+v, want the ID token's name and e-mail", m.User)
	}
	if len(m.Departments) != 1 || m.Departments[0].Slug != bollebygd {
		t.Errorf("departments = %+v", m.Departments)
	}
	if len(m.Assignments) != 1 || m.Assignments[0].Role.Name != "Enhetschef" || m.Assignments[0].Source != "claim" ||
		m.Assignments[0].OperationArea == nil || m.Assignments[0].OperationArea.Code != "ÄO" {
		t.Errorf("assignments = %+v, want Enhetschef in ÄO from the groups claim", m.Assignments)
	}

	// Log out: the session is deleted here and at the provider.
	req, _ := http.NewRequest(http.MethodPost, a.url+"/auth/logout", nil)
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.String() != a.url+"/" {
		t.Errorf("after logout the browser is at %s, want the app's start page", resp.Request.URL)
	}
	if status, _ := a.me(t, browser); status != http.StatusUnauthorized {
		t.Errorf("me after logout = %d, want 401", status)
	}
	ctx := rule.SystemContext(context.Background(), "test")
	if n := a.db.Client.Session.Query().CountX(ctx); n != 0 {
		t.Errorf("%d sessions left after logout", n)
	}
}

func TestLoggingInAgainUpdatesTheUserAndTheirClaimRoles(t *testing.T) {
	a := newApp(t)
	for range 2 {
		browser := authtest.Browser(t)
		authtest.LoginWithDevProvider(t, browser, a.url, "/", "Frida Förvaltningschef").Body.Close()
		_, me := a.me(t, browser)
		if me.Data == nil || len(me.Data.Me.Assignments) != 1 || me.Data.Me.Assignments[0].Role.Name != "Förvaltningschef" {
			t.Fatalf("me = %+v", me)
		}
	}
	ctx := rule.SystemContext(context.Background(), "test")
	if n := a.db.Client.User.Query().CountX(ctx); n != 1 {
		t.Errorf("users = %d after two logins of one person, want 1", n)
	}
	if n := a.db.Client.Session.Query().CountX(ctx); n != 2 {
		t.Errorf("sessions = %d, want one per login", n)
	}
}

func TestSessionsAreSharedThroughTheDatabase(t *testing.T) {
	a := newApp(t)
	browser := authtest.Browser(t)
	authtest.LoginWithDevProvider(t, browser, a.url, "/", "Elin Enhetschef").Body.Close()

	// A second replica: another server over the same database and provider.
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	svc, err := auth.New(auth.Config{Issuer: a.idp.Issuer(), ClientID: "hp", ClientSecret: "s3cret", RedirectURL: a.url + "/auth/callback"}, a.db.Client, logger)
	if err != nil {
		t.Fatal(err)
	}
	svc.Discover(context.Background())
	replica := httptest.NewServer(server.New(a.db, svc, logger, server.Options{}))
	defer replica.Close()

	cookies := browser.Jar.Cookies(mustURL(t, a.url))
	req, _ := http.NewRequest(http.MethodPost, replica.URL+"/graphql", bytes.NewBufferString(`{"query":"{ me { user { name } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), "Elin Enhetschef") {
		t.Errorf("the other replica answered %d %s", resp.StatusCode, raw)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSessionsEndWhenIdleAndAtTheirAbsoluteEnd(t *testing.T) {
	for name, cfg := range map[string]auth.Config{
		"idle":     {IdleTimeout: 300 * time.Millisecond, AbsoluteTimeout: time.Hour},
		"absolute": {IdleTimeout: time.Hour, AbsoluteTimeout: 300 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAppWith(t, cfg, io.Discard)
			browser := authtest.Browser(t)
			authtest.LoginWithDevProvider(t, browser, a.url, "/", "Elin Enhetschef").Body.Close()
			if status, _ := a.me(t, browser); status != http.StatusOK {
				t.Fatalf("me right after login = %d", status)
			}
			time.Sleep(400 * time.Millisecond)
			if status, _ := a.me(t, browser); status != http.StatusUnauthorized {
				t.Errorf("me after the %s timeout = %d, want 401", name, status)
			}
			if n := a.db.Client.Session.Query().CountX(rule.SystemContext(context.Background(), "test")); n != 0 {
				t.Errorf("the ended session is still stored (%d)", n)
			}
		})
	}
}

func TestNoSecretOrTokenIsLogged(t *testing.T) {
	var logs logtest.Buffer
	a := newAppWith(t, auth.Config{}, &logs)
	browser := authtest.Browser(t)
	authtest.LoginWithDevProvider(t, browser, a.url, "/", "Elin Enhetschef").Body.Close()
	a.me(t, browser)
	var secrets []string
	for _, c := range browser.Jar.Cookies(mustURL(t, a.url)) {
		secrets = append(secrets, c.Value)
	}
	secrets = append(secrets, "s3cret")
	if len(secrets) < 2 {
		t.Fatal("no session cookie to look for")
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log contains a secret or token")
		}
	}
	if !strings.Contains(logs.String(), "/auth/callback") {
		t.Error("the requests were not logged at all; the check above proves nothing")
	}
}

func TestLoginRoutesAreRateLimited(t *testing.T) {
	a := newApp(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var limited bool
	for range 30 {
		resp, err := client.Get(a.url + "/auth/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("30 logins a minute from one address were all let through")
	}
}
