package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/logging"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/server"
	"github.com/handlingsplan/handlingsplan/viewer"

	"entgo.io/ent/dialect"
)

// signedIn stands in for package auth here: every request comes from its
// viewer (by default a member of no department), unless it says
// "X-Anonymous". The login itself is tested end to end in package auth.
type signedIn struct {
	ready  error
	viewer *viewer.Viewer
}

func (signedIn) Routes(*http.ServeMux) {}
func (a signedIn) Ready() error        { return a.ready }
func (a signedIn) Middleware(next http.Handler) http.Handler {
	v := a.viewer
	if v == nil {
		v = &viewer.Viewer{UserID: 1, Name: "Test"}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Anonymous") == "" {
			r = r.WithContext(viewer.NewContext(r.Context(), v))
		}
		next.ServeHTTP(w, r)
	})
}

func newServer(t *testing.T, opts server.Options) (*httptest.Server, *bytes.Buffer) {
	t.Helper()
	db := dbtest.Open(t, dialect.SQLite, nil)
	logs := &bytes.Buffer{}
	srv := httptest.NewServer(server.New(db, signedIn{}, logging.New(logs, slog.LevelInfo), opts))
	t.Cleanup(srv.Close)
	return srv, logs
}

func post(t *testing.T, srv *httptest.Server, accept, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func errorCode(t *testing.T, resp *http.Response) string {
	t.Helper()
	var body struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &body); err != nil || len(body.Errors) == 0 {
		t.Fatalf("want an error response, got %d %s", resp.StatusCode, raw)
	}
	code, _ := body.Errors[0].Extensions["code"].(string)
	return code
}

func TestHealthAndReadiness(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s = %d", path, resp.StatusCode)
		}
	}
}

func TestReadinessFailsWhenTheDatabaseIsGone(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	srv := httptest.NewServer(server.New(db, signedIn{}, slog.New(slog.DiscardHandler), server.Options{}))
	defer srv.Close()
	db.SQL.Close()
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d with a closed database, want 503", resp.StatusCode)
	}
}

func TestReadinessWaitsForTheIdentityProvider(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	srv := httptest.NewServer(server.New(db, signedIn{ready: errors.New("provider down")}, slog.New(slog.DiscardHandler), server.Options{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(raw), "provider down") {
		t.Errorf("/readyz = %d %s, want 503 naming the provider", resp.StatusCode, raw)
	}
}

func TestTheAPIIsNotAnonymous(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	for _, path := range []string{"/graphql?query=%7Bme%7Buser%7Bname%7D%7D%7D", "/audit.csv"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("X-Anonymous", "1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous %s = %d, want 401", path, resp.StatusCode)
		}
	}
}

func TestCrossSiteWritesAreRefused(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"mutation { deletePlan(id: 1) }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", resp.StatusCode)
	}
}

func TestGraphQLOverHTTP(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	const query = `{"query":"{ departments { totalCount } }"}`

	t.Run("POST answers as application/graphql-response+json when asked", func(t *testing.T) {
		resp := post(t, srv, "application/graphql-response+json", query)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/graphql-response+json") {
			t.Errorf("Content-Type = %q", ct)
		}
	})
	t.Run("POST answers as application/json when asked", func(t *testing.T) {
		resp := post(t, srv, "application/json", query)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q", ct)
		}
	})
	t.Run("GET runs queries", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/graphql?query=" + url.QueryEscape("{ departments { totalCount } }"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"totalCount":0`) {
			t.Errorf("GET query = %d %s", resp.StatusCode, raw)
		}
	})
	t.Run("GET refuses mutations", func(t *testing.T) {
		q := `mutation { deletePlan(id: 1) }`
		resp, err := http.Get(srv.URL + "/graphql?query=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == http.StatusOK || !strings.Contains(string(raw), "only allow query") {
			t.Errorf("GET mutation = %d %s", resp.StatusCode, raw)
		}
	})
	t.Run("other methods are not allowed", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPut, srv.URL+"/graphql", strings.NewReader(query))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("PUT = %d", resp.StatusCode)
		}
	})
	t.Run("a body over the limit is refused", func(t *testing.T) {
		big := `{"query":"{ departments { totalCount } }","variables":{"pad":"` + strings.Repeat("x", server.MaxBodyBytes) + `"}}`
		resp := post(t, srv, "", big)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status = %d, want 413", resp.StatusCode)
		}
	})
	t.Run("a query nested too deep is refused", func(t *testing.T) {
		deep := "{ departments { edges { node { plans { edges { node { areas { actions { subActions { parent { area { plan { owner { groups { members { name } } } } } } } } } } } } } } } }"
		body, _ := json.Marshal(map[string]string{"query": deep})
		resp := post(t, srv, "", string(body))
		if code := errorCode(t, resp); code != "BAD_USER_INPUT" {
			t.Errorf("code = %q", code)
		}
	})
	t.Run("a query too complex is refused", func(t *testing.T) {
		wide := `{ plans(first: 100000) { edges { node { areas { actions { subActions { text } } } } } } }`
		body, _ := json.Marshal(map[string]string{"query": wide})
		resp := post(t, srv, "", string(body))
		if code := errorCode(t, resp); code != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Errorf("code = %q", code)
		}
	})
	t.Run("introspection is off outside dev mode", func(t *testing.T) {
		resp := post(t, srv, "", `{"query":"{ __schema { types { name } } }"}`)
		if code := errorCode(t, resp); code == "" {
			t.Error("introspection answered without --dev")
		}
	})
}

func TestEveryResponseCarriesARequestIDAndSecurityHeaders(t *testing.T) {
	srv, logs := newServer(t, server.Options{})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for header, want := range map[string]string{
		"X-Request-Id":           "abc-123",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if !strings.Contains(logs.String(), `"request_id":"abc-123"`) {
		t.Errorf("the access log does not name the request id:\n%s", logs)
	}
}

func TestTheWebAppIsServedWithAFallbackToIndex(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	for _, path := range []string{"/", "/planer/123"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), `<html lang="sv">`) {
			t.Errorf("%s = %d, not the Swedish index page", path, resp.StatusCode)
		}
	}
}

func TestTheStartGuideIsServedToAll(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	resp, err := http.Get(srv.URL + "/kom-igang") // no login: the guide is read before the first one
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(raw)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("/kom-igang = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`<html lang="sv">`, "<h1>Kom igång med Handlingsplan</h1>", "Gruppmappning", `href="/kom-igang.css"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the guide lacks %q", want)
		}
	}
	if strings.Contains(page, `id="app"`) {
		t.Error("/kom-igang served the web app, not the guide")
	}
	css, err := http.Get(srv.URL + "/kom-igang.css")
	if err != nil {
		t.Fatal(err)
	}
	css.Body.Close()
	if css.StatusCode != http.StatusOK || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Errorf("/kom-igang.css = %d %s", css.StatusCode, css.Header.Get("Content-Type"))
	}
}

func TestGraphiQLOnlyInDevMode(t *testing.T) {
	for _, dev := range []bool{false, true} {
		srv, _ := newServer(t, server.Options{Dev: dev, Limits: graph.DefaultLimits})
		resp, err := http.Get(srv.URL + "/graphiql")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.Contains(string(raw), "graphiql"); got != dev {
			t.Errorf("dev=%v: GraphiQL served = %v", dev, got)
		}
	}
}

func TestTheAuditTrailExportsAsCSVForAdministrators(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	get := func(v *viewer.Viewer, query string) (int, [][]string) {
		srv := httptest.NewServer(server.New(db, signedIn{viewer: v}, slog.New(slog.DiscardHandler), server.Options{}))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/audit.csv" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		rows, _ := csv.NewReader(resp.Body).ReadAll()
		return resp.StatusCode, rows
	}
	admin := authtest.User(t, db.Client, "bollebygd-socialforvaltningen", "Systemförvaltare")
	status, rows := get(admin, "?entityType=Plan")
	if status != http.StatusOK || len(rows) != 2 {
		t.Fatalf("audit.csv?entityType=Plan = %d with %d rows, want the header and the plan's creation", status, len(rows))
	}
	if rows[0][0] != "at" || rows[1][4] != "Plan" || rows[1][6] != "create" || rows[1][3] != "system:test" {
		t.Errorf("rows = %q", rows)
	}
	if status, rows := get(admin, "?from=2999-01-01"); status != http.StatusOK || len(rows) != 1 {
		t.Errorf("a window with nothing in it gave %d rows", len(rows)-1)
	}
	if status, _ := get(admin, "?from=igår"); status != http.StatusBadRequest {
		t.Errorf("a bad date = %d, want 400", status)
	}
	editor := authtest.User(t, db.Client, "bollebygd-socialforvaltningen", "Förvaltningschef")
	if _, rows := get(editor, ""); len(rows) != 1 {
		t.Errorf("a plan editor who is not an administrator got %d audit rows", len(rows)-1)
	}
}

func TestTheCSPLetsLogoutRedirectToTheProvider(t *testing.T) {
	srv, _ := newServer(t, server.Options{FormTargets: []string{"https://idp.example"}})
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://idp.example") {
		t.Errorf("CSP = %q, want the provider among the form targets", csp)
	}
}

// /readyz says whether e-mail is sent, and the unsubscribe address is
// open without a login, also to a POST from another site (a mail
// provider's one-click request), where a bad token is refused.
func TestReadinessSaysEmailAndUnsubscribeIsOpen(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	srv := httptest.NewServer(server.New(db, signedIn{}, slog.New(slog.DiscardHandler), server.Options{Mail: "off: no SMTP relay configured (--smtp-host)"}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"email":"off: no SMTP relay configured`) {
		t.Errorf("/readyz = %d %s", resp.StatusCode, raw)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/avregistrera?t=1.digest.x", strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://mail.example.com")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), "Länken fungerar inte") {
		t.Errorf("POST /avregistrera with a bad token = %d %s, want 400 from the handler (not the cross-origin guard)", resp.StatusCode, raw)
	}
}
