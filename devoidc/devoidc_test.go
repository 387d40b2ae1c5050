package devoidc_test

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/oauth2"

	"github.com/handlingsplan/handlingsplan/devoidc"
)

const (
	clientID     = "handlingsplan"
	clientSecret = "dev-secret"

	elinButton = "Elin Enhetschef Enhetschef, Socialförvaltningen"
	hugoButton = "Hugo Handläggare Handläggare, Socialförvaltningen"
)

var demoUsers = []devoidc.User{
	{
		Subject: "demo-enhetschef",
		Name:    "Elin Enhetschef",
		Email:   "elin.enhetschef@bollebygd.example",
		Groups:  []string{"hp:bollebygd-socialforvaltningen:Enhetschef"},
		Title:   "Enhetschef, Socialförvaltningen",
	},
	{
		Subject: "demo-handlaggare",
		Name:    "Hugo Handläggare",
		Email:   "hugo.handlaggare@bollebygd.example",
		Groups:  []string{"hp:bollebygd-socialforvaltningen:Handläggare", "hp:bollebygd-ifo:Läsare"},
		Title:   "Handläggare, Socialförvaltningen",
	},
}

// env is a started provider with a relying party and a browser for it.
type env struct {
	provider      *oidc.Provider
	oauth         oauth2.Config
	browser       *http.Client
	appURL        string
	postLogoutURI string
}

func start(t *testing.T) *env {
	t.Helper()
	// The app's server only reserves a free port for the redirect URI: the
	// browser stops before following a redirect into it.
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the browser followed a redirect into the app: %s", r.URL)
	}))
	t.Cleanup(app.Close)
	redirectURI := app.URL + "/auth/callback"
	postLogoutURI := app.URL + "/utloggad"

	p, err := devoidc.Start("127.0.0.1:0", demoUsers, devoidc.Client{
		ID:                     clientID,
		Secret:                 clientSecret,
		RedirectURIs:           []string{redirectURI},
		PostLogoutRedirectURIs: []string{postLogoutURI},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(context.Background()); err != nil {
			t.Error(err)
		}
	})

	provider, err := oidc.NewProvider(t.Context(), p.Issuer())
	if err != nil {
		t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{
		Jar: jar,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if strings.HasPrefix(req.URL.String(), app.URL+"/") {
				return http.ErrUseLastResponse
			}
			if len(via) >= 10 {
				return errors.New("too many redirects")
			}
			return nil
		},
	}
	endpoint := provider.Endpoint()
	// client_secret_basic; auto-detection would retry a failed exchange with
	// client_secret_post, and the code is gone by then.
	endpoint.AuthStyle = oauth2.AuthStyleInHeader
	return &env{
		provider: provider,
		oauth: oauth2.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			Endpoint:     endpoint,
			RedirectURL:  redirectURI,
			Scopes:       []string{oidc.ScopeOpenID, "profile", "email"},
		},
		browser:       browser,
		appURL:        app.URL,
		postLogoutURI: postLogoutURI,
	}
}

// authorization is one started login: what the app keeps in its session.
type authorization struct {
	url, state, nonce, verifier string
}

func (e *env) authorize() authorization {
	a := authorization{state: rand.Text(), nonce: rand.Text(), verifier: oauth2.GenerateVerifier()}
	a.url = e.oauth.AuthCodeURL(a.state, oidc.Nonce(a.nonce), oauth2.S256ChallengeOption(a.verifier))
	return a
}

// login goes through the login page as the user whose button has the given
// text and returns the authorization and the code the app received.
func (e *env) login(t *testing.T, button string) (authorization, string) {
	t.Helper()
	a := e.authorize()
	resp, body := e.get(t, a.url)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", a.url, resp.Status, body)
	}
	form := parseLoginPage(t, body, resp.Request.URL)
	b, ok := form.buttons[button]
	if !ok {
		t.Fatalf("no button %q on the login page; buttons: %v", button, form.buttons)
	}
	form.fields.Set(b.name, b.value)

	resp, err := e.browser.PostForm(form.action, form.fields)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback := e.redirectedToApp(t, resp)
	if got := callback.Query().Get("state"); got != a.state {
		t.Fatalf("state = %q, want %q", got, a.state)
	}
	code := callback.Query().Get("code")
	if code == "" {
		t.Fatalf("no code in %s", callback)
	}
	return a, code
}

func (e *env) get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := e.browser.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// redirectedToApp returns where resp redirects the browser, which must be
// the app.
func (e *env) redirectedToApp(t *testing.T, resp *http.Response) *url.URL {
	t.Helper()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("%s: %v", resp.Status, err)
	}
	if !strings.HasPrefix(loc.String(), e.appURL+"/") {
		t.Fatalf("redirected to %s, not to the app", loc)
	}
	return loc
}

type loginForm struct {
	action  string
	fields  url.Values          // the hidden inputs
	buttons map[string]struct { // by text
		name, value string
	}
}

func parseLoginPage(t *testing.T, body string, base *url.URL) loginForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	form := loginForm{fields: url.Values{}, buttons: map[string]struct{ name, value string }{}}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Form:
			if attr(n, "method") != "post" {
				t.Errorf("form method = %q, want post", attr(n, "method"))
			}
			action, err := base.Parse(attr(n, "action"))
			if err != nil {
				t.Fatal(err)
			}
			form.action = action.String()
		case atom.Input:
			if attr(n, "type") == "hidden" {
				form.fields.Set(attr(n, "name"), attr(n, "value"))
			}
		case atom.Button:
			form.buttons[text(n)] = struct{ name, value string }{attr(n, "name"), attr(n, "value")}
		}
	}
	if form.action == "" {
		t.Fatal("no form on the login page")
	}
	return form
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is n's text as a screen reader would read it: whitespace collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestLoginPage(t *testing.T) {
	t.Parallel()
	e := start(t)
	resp, body := e.get(t, e.authorize().url)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s\n%s", resp.Status, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}

	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var buttons []string
	var stylesheet string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Html:
			if attr(n, "lang") != "sv" {
				t.Errorf(`<html lang=%q>, want "sv"`, attr(n, "lang"))
			}
		case atom.H1:
			if got := text(n); got != "Logga in (utvecklingsläge)" {
				t.Errorf("heading = %q", got)
			}
		case atom.Button:
			buttons = append(buttons, text(n))
		case atom.Link:
			stylesheet = attr(n, "href")
		case atom.Script, atom.Style:
			t.Errorf("the page has a <%s>", n.Data)
		}
		if attr(n, "style") != "" || slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return strings.HasPrefix(a.Key, "on") }) {
			t.Errorf("<%s> has inline style or script: %v", n.Data, n.Attr)
		}
	}
	if want := []string{elinButton, hugoButton}; !slices.Equal(buttons, want) {
		t.Errorf("buttons = %q, want %q", buttons, want)
	}
	if !strings.Contains(body, "utveckling") || !strings.Contains(body, "demoanvändare") {
		t.Errorf("the page does not say it is a development provider with demo users:\n%s", body)
	}

	cssURL, err := resp.Request.URL.Parse(stylesheet)
	if err != nil {
		t.Fatal(err)
	}
	if cssURL.Host != resp.Request.URL.Host {
		t.Errorf("stylesheet %s is not served by the provider", cssURL)
	}
	resp, css := e.get(t, cssURL.String())
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("GET %s: %s, %s", cssURL, resp.Status, resp.Header.Get("Content-Type"))
	}
	if !strings.Contains(css, "min-height: 44px") {
		t.Errorf("buttons are not at least 44px high:\n%s", css)
	}
}

func TestCodeFlow(t *testing.T) {
	t.Parallel()
	e := start(t)
	a, code := e.login(t, hugoButton)
	token, err := e.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(a.verifier))
	if err != nil {
		t.Fatal(err)
	}

	verifier := e.provider.Verifier(&oidc.Config{ClientID: clientID})
	rawIDToken, _ := token.Extra("id_token").(string)
	idToken, err := verifier.Verify(t.Context(), rawIDToken)
	if err != nil {
		t.Fatal(err)
	}
	if idToken.Nonce != a.nonce {
		t.Errorf("nonce = %q, want %q", idToken.Nonce, a.nonce)
	}
	if !slices.Equal(idToken.Audience, []string{clientID}) {
		t.Errorf("aud = %q, want [%q]", idToken.Audience, clientID)
	}
	want := claims{
		Subject:           "demo-handlaggare",
		Name:              "Hugo Handläggare",
		Email:             "hugo.handlaggare@bollebygd.example",
		PreferredUsername: "hugo.handlaggare@bollebygd.example",
		Groups:            []string{"hp:bollebygd-socialforvaltningen:Handläggare", "hp:bollebygd-ifo:Läsare"},
	}
	want.check(t, "ID token", idToken.Claims)

	// The app accepts the access token as a bearer token by verifying it
	// against the provider's keys, issuer and the client ID as audience.
	accessToken, err := verifier.Verify(t.Context(), token.AccessToken)
	if err != nil {
		t.Fatalf("access token: %v", err)
	}
	want.check(t, "access token", accessToken.Claims)

	userinfo, err := e.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(token))
	if err != nil {
		t.Fatal(err)
	}
	want.check(t, "userinfo", userinfo.Claims)
}

type claims struct {
	Subject           string   `json:"sub"`
	Name              string   `json:"name"`
	Email             string   `json:"email"`
	PreferredUsername string   `json:"preferred_username"`
	Groups            []string `json:"groups"`
}

func (want claims) check(t *testing.T, what string, decode func(any) error) {
	t.Helper()
	var got claims
	if err := decode(&got); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got.Subject != want.Subject || got.Name != want.Name || got.Email != want.Email ||
		got.PreferredUsername != want.PreferredUsername || !slices.Equal(got.Groups, want.Groups) {
		t.Errorf("%s claims = %+v, want %+v", what, got, want)
	}
}

func TestClientSecretPost(t *testing.T) {
	t.Parallel()
	e := start(t)
	e.oauth.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	a, code := e.login(t, elinButton)
	token, err := e.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(a.verifier))
	if err != nil {
		t.Fatal(err)
	}
	rawIDToken, _ := token.Extra("id_token").(string)
	idToken, err := e.provider.Verifier(&oidc.Config{ClientID: clientID}).Verify(t.Context(), rawIDToken)
	if err != nil {
		t.Fatal(err)
	}
	if idToken.Subject != "demo-enhetschef" {
		t.Errorf("sub = %q, want demo-enhetschef", idToken.Subject)
	}
}

func TestWrongClientSecret(t *testing.T) {
	t.Parallel()
	e := start(t)
	a, code := e.login(t, elinButton)
	e.oauth.ClientSecret = "wrong"
	if _, err := e.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(a.verifier)); err == nil {
		t.Fatal("exchange with a wrong client secret succeeded")
	}
}

func TestCodeIsSingleUse(t *testing.T) {
	t.Parallel()
	e := start(t)
	a, code := e.login(t, elinButton)
	if _, err := e.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(a.verifier)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(a.verifier)); err == nil {
		t.Fatal("the same code was exchanged twice")
	}
}

func TestWrongPKCEVerifier(t *testing.T) {
	t.Parallel()
	e := start(t)
	_, code := e.login(t, elinButton)
	_, err := e.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" || re.ErrorDescription != "invalid code_verifier" {
		t.Fatalf("exchange with a wrong code_verifier: %v, want invalid_grant", err)
	}
}

func TestPKCERequired(t *testing.T) {
	t.Parallel()
	e := start(t)
	u := e.oauth.AuthCodeURL(rand.Text(), oidc.Nonce(rand.Text()))
	resp, body := e.get(t, u)
	callback := e.redirectedToApp(t, resp)
	if got := callback.Query().Get("error"); got != "invalid_request" {
		t.Fatalf("error = %q, want invalid_request; code = %q\n%s", got, callback.Query().Get("code"), body)
	}
}

func TestUnregisteredRedirectURI(t *testing.T) {
	t.Parallel()
	e := start(t)
	a := e.authorize()
	u := e.oauth.AuthCodeURL(a.state, oidc.Nonce(a.nonce), oauth2.S256ChallengeOption(a.verifier),
		oauth2.SetAuthURLParam("redirect_uri", e.appURL+"/elsewhere"))
	resp, body := e.get(t, u)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("%s, want %d; Location %q\n%s", resp.Status, http.StatusBadRequest, resp.Header.Get("Location"), body)
	}
	if strings.Contains(body, "<button") {
		t.Error("the login page was shown for an unregistered redirect_uri")
	}
}

func TestEndSession(t *testing.T) {
	t.Parallel()
	e := start(t)
	a, code := e.login(t, elinButton)
	token, err := e.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(a.verifier))
	if err != nil {
		t.Fatal(err)
	}
	rawIDToken, _ := token.Extra("id_token").(string)
	var discovery struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := e.provider.Claims(&discovery); err != nil {
		t.Fatal(err)
	}

	logout := func(postLogoutURI string) *http.Response {
		t.Helper()
		q := url.Values{
			"id_token_hint":            {rawIDToken},
			"post_logout_redirect_uri": {postLogoutURI},
			"state":                    {"s1"},
		}
		resp, _ := e.get(t, discovery.EndSession+"?"+q.Encode())
		return resp
	}

	if resp := logout(e.appURL + "/elsewhere"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("end_session to an unregistered URI: %s, want %d; Location %q",
			resp.Status, http.StatusBadRequest, resp.Header.Get("Location"))
	}

	loc := e.redirectedToApp(t, logout(e.postLogoutURI))
	if want := e.postLogoutURI + "?state=s1"; loc.String() != want {
		t.Errorf("end_session redirected to %s, want %s", loc, want)
	}
	if _, err := e.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(token)); err == nil {
		t.Error("userinfo accepted an access token after end_session")
	}
}

func TestStartOnlyOnLoopback(t *testing.T) {
	t.Parallel()
	client := devoidc.Client{ID: clientID, Secret: clientSecret, RedirectURIs: []string{"http://127.0.0.1:8080/auth/callback"}}
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.1:0", "example.com:0"} {
		if p, err := devoidc.Start(addr, demoUsers, client); err == nil {
			p.Close(context.Background())
			t.Errorf("Start(%q) succeeded", addr)
		}
	}

	p, err := devoidc.Start("localhost:0", demoUsers, client)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	if !strings.HasPrefix(p.Issuer(), "http://127.0.0.1:") {
		t.Errorf("issuer = %q, want http://127.0.0.1:port", p.Issuer())
	}
}
