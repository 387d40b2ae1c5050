package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/loginattempt"
	"github.com/handlingsplan/handlingsplan/ent/session"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/metrics"
	"github.com/handlingsplan/handlingsplan/rule"
)

const (
	loginCookie   = "hp_login"
	loginLifetime = 10 * time.Minute
)

// Routes registers the login routes on mux.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /auth/login", s.limited(s.login))
	mux.HandleFunc("GET /auth/callback", s.limited(s.callback))
	mux.HandleFunc("POST /auth/logout", s.limited(s.logout))
}

func (s *Service) limited(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.limit.allow(r) {
			metrics.LoginRefused(r.Context(), ReasonRateLimited)
			w.Header().Set("Retry-After", "60")
			http.Error(w, "För många inloggningsförsök. Försök igen om en minut.", http.StatusTooManyRequests)
			return
		}
		h(w, r)
	}
}

// login starts the code flow: it records state, nonce and PKCE verifier,
// binds the state to this browser with a cookie, and sends the browser to
// the provider.
func (s *Service) login(w http.ResponseWriter, r *http.Request) {
	p := s.current()
	if p == nil {
		metrics.LoginRefused(r.Context(), ReasonUnavailable)
		http.Error(w, "Inloggningen är inte tillgänglig just nu. Försök igen om en stund.", http.StatusServiceUnavailable)
		return
	}
	state, nonce, verifier := randomToken(), randomToken(), oauth2.GenerateVerifier()
	err := s.client.LoginAttempt.Create().
		SetStateHash(hash(state)).SetNonce(nonce).SetPkceVerifier(verifier).
		SetReturnTo(SafeReturnPath(r.URL.Query().Get("return"))).
		SetExpiresAt(time.Now().Add(loginLifetime)).
		Exec(rule.SystemContext(r.Context(), "login"))
	if err != nil {
		s.fail(w, r, "record login attempt", err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: loginCookie, Value: state, Path: "/auth/", MaxAge: int(loginLifetime.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, p.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// errLogin is a refused login; the browser is told to try again.
var errLogin = errors.New("login refused")

// Why a login or an API token was refused: the reason label of the metric
// handlingsplan_logins_refused_total. The list is fixed, so the metric's
// series are bounded.
const (
	ReasonRateLimited  = "rate_limited"         // too many login requests from one client address
	ReasonUnavailable  = "provider_unavailable" // the identity provider is not discovered (yet)
	ReasonProvider     = "provider_error"       // the provider sent the browser back with an error
	ReasonState        = "state"                // state missing, not this browser's, unknown or used
	ReasonExpired      = "expired"              // the login took longer than loginLifetime
	ReasonCodeExchange = "code_exchange"        // the provider would not exchange the code
	ReasonIDToken      = "id_token"             // the ID token did not verify
	ReasonNonce        = "nonce"                // the ID token's nonce is not the attempt's
	ReasonClaims       = "claims"               // the ID token's claims could not be read
	ReasonBearer       = "bearer_token"         // an API client's Bearer token did not verify
)

// refused is a refused login and its reason.
type refused struct {
	reason string
	err    error
}

func (e *refused) Error() string { return e.err.Error() }
func (e *refused) Unwrap() error { return e.err }

func refusal(reason, format string, args ...any) error {
	return &refused{reason: reason, err: fmt.Errorf("%w: "+format, append([]any{errLogin}, args...)...)}
}

// callback finishes the code flow: the state must match this browser's
// cookie and an unused login attempt, the code is exchanged with the PKCE
// verifier, and the ID token must verify (signature, issuer, audience,
// expiry) and carry the attempt's nonce. Only then is a session created.
func (s *Service) callback(w http.ResponseWriter, r *http.Request) {
	ctx := rule.SystemContext(r.Context(), "login")
	p := s.current()
	if p == nil {
		metrics.LoginRefused(r.Context(), ReasonUnavailable)
		http.Error(w, "Inloggningen är inte tillgänglig just nu.", http.StatusServiceUnavailable)
		return
	}
	q := r.URL.Query()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Path: "/auth/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	if e := q.Get("error"); e != "" {
		s.refuse(w, r, refusal(ReasonProvider, "provider says %s", e))
		return
	}
	attempt, err := s.takeAttempt(ctx, r, q.Get("state"))
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	oauthCtx := oidc.ClientContext(r.Context(), s.cfg.HTTPClient)
	tok, err := p.oauth.Exchange(oauthCtx, q.Get("code"), oauth2.VerifierOption(attempt.PkceVerifier))
	if err != nil {
		s.refuse(w, r, refusal(ReasonCodeExchange, "code exchange: %v", err))
		return
	}
	rawID, _ := tok.Extra("id_token").(string)
	idToken, err := p.idVerifier.Verify(oauthCtx, rawID)
	if err != nil {
		s.refuse(w, r, refusal(ReasonIDToken, "ID token: %v", err))
		return
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(attempt.Nonce)) != 1 {
		s.refuse(w, r, refusal(ReasonNonce, "nonce mismatch"))
		return
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		s.refuse(w, r, refusal(ReasonClaims, "claims: %v", err))
		return
	}
	token, err := s.startSession(ctx, idToken, claims, rawID)
	if err != nil {
		s.fail(w, r, "start session", err)
		return
	}
	http.SetCookie(w, s.sessionCookie(token, int(s.cfg.AbsoluteTimeout.Seconds())))
	http.Redirect(w, r, attempt.ReturnTo, http.StatusFound)
}

// takeAttempt consumes the login attempt of state. It is deleted whatever
// happens next, so a replayed callback finds nothing.
func (s *Service) takeAttempt(ctx context.Context, r *http.Request, state string) (*ent.LoginAttempt, error) {
	c, err := r.Cookie(loginCookie)
	if err != nil || state == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		return nil, refusal(ReasonState, "state does not match this browser")
	}
	attempt, err := s.client.LoginAttempt.Query().Where(loginattempt.StateHash(hash(state))).Only(ctx)
	if err != nil {
		return nil, refusal(ReasonState, "unknown or used state")
	}
	n, err := s.client.LoginAttempt.Delete().Where(loginattempt.ID(attempt.ID)).Exec(ctx)
	if err != nil || n != 1 { // another request took it first
		return nil, refusal(ReasonState, "used state")
	}
	if time.Now().After(attempt.ExpiresAt) {
		return nil, refusal(ReasonExpired, "login took too long")
	}
	return attempt, nil
}

// startSession records the user and their claim roles and opens a session,
// in one transaction. It returns the session token for the cookie.
func (s *Service) startSession(ctx context.Context, idToken *oidc.IDToken, claims map[string]any, rawID string) (string, error) {
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return "", err
	}
	c := tx.Client()
	userID, err := s.upsertUser(ctx, c, idToken.Issuer, idToken.Subject, claims, true)
	if err == nil {
		err = c.User.UpdateOneID(userID).SetLastLoginAt(time.Now()).Exec(ctx)
	}
	token := randomToken()
	if err == nil {
		now := time.Now()
		err = c.Session.Create().SetTokenHash(hash(token)).SetUserID(userID).
			SetCreatedAt(now).SetLastSeenAt(now).SetExpiresAt(now.Add(s.cfg.AbsoluteTimeout)).
			SetIDToken(rawID).Exec(ctx)
	}
	if err != nil {
		_ = tx.Rollback()
		return "", err
	}
	return token, tx.Commit()
}

// The longest name and e-mail address a user row takes (ent/schema).
const (
	maxName       = 200
	maxEmail      = 254
	maxReturnPath = 2000
)

// fromProvider fits the name and e-mail of a token to the user row: a name
// too long is cut (it is only shown) and loses control characters
// (PostgreSQL refuses NUL), an address too long cannot be one and is left
// out. A provider's odd claims never stop a login.
func fromProvider(name, email string) (string, string) {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > maxName {
		name = string([]rune(name)[:maxName])
	}
	if utf8.RuneCountInString(email) > maxEmail {
		email = ""
	}
	return name, email
}

// upsertUser finds or creates the user of issuer and subject, copies name
// and e-mail from the claims, and syncs their claim roles. It writes only
// what changed. At login the claims are the whole truth (no role claim: no
// claim roles); an API token without the role claim leaves the roles of
// the last login alone, since access tokens often omit it.
func (s *Service) upsertUser(ctx context.Context, c *ent.Client, issuer, subject string, claims map[string]any, login bool) (int, error) {
	name, hasName := claims["name"].(string)
	email, hasEmail := claims["email"].(string)
	name, email = fromProvider(name, email)
	u, err := c.User.Query().Where(user.Issuer(issuer), user.Subject(subject)).Only(ctx)
	if err == nil && !login { // keep what the last login said where the token is silent
		if !hasName {
			name = u.Name
		}
		if !hasEmail {
			email = u.Email
		}
	}
	verified := hasEmail && email != "" && claims["email_verified"] == true
	switch {
	case ent.IsNotFound(err) && verified:
		u, err = takeOver(ctx, c, issuer, subject, name, email)
		if err == nil && u == nil {
			u, err = createUser(ctx, c, issuer, subject, name, email)
		}
	case ent.IsNotFound(err):
		u, err = createUser(ctx, c, issuer, subject, name, email)
	case err == nil && (u.Name != name || u.Email != email):
		u, err = u.Update().SetName(name).SetEmail(email).Save(ctx)
	}
	if err == nil && verified && u.Issuer != "" {
		err = mergeAddedAhead(ctx, c, u.ID, email)
	}
	if err != nil {
		return 0, err
	}
	if !login && !s.cfg.Mapping.present(claims) {
		return u.ID, nil
	}
	values := s.cfg.Mapping.values(claims)
	if admin := s.cfg.Mapping.municipalityAdmin(values); admin != u.MunicipalityAdminByClaim {
		if err := c.User.UpdateOneID(u.ID).SetMunicipalityAdminByClaim(admin).Exec(ctx); err != nil {
			return 0, err
		}
	}
	unknown, err := s.cfg.Mapping.syncClaimAssignments(ctx, c, u.ID, claims)
	if err != nil {
		return 0, err
	}
	if len(unknown) > 0 {
		s.logger.WarnContext(ctx, "claim values map to roles that do not exist", "user_id", u.ID, "mappings", unknown)
	}
	return u.ID, nil
}

// logout ends the session here and, when the provider offers it, there.
func (s *Service) logout(w http.ResponseWriter, r *http.Request) {
	ctx := rule.SystemContext(r.Context(), "logout")
	target := "/"
	if c, err := r.Cookie(s.sessionCookieName()); err == nil {
		sess, err := s.client.Session.Query().Where(session.TokenHash(hash(c.Value))).Only(ctx)
		if err == nil {
			if err := s.client.Session.DeleteOne(sess).Exec(ctx); err != nil {
				s.fail(w, r, "end session", err)
				return
			}
			if p := s.current(); p != nil && p.endSession != "" {
				target = endSessionURL(p.endSession, sess.IDToken, s.cfg.ClientID, s.postLogoutURL())
			}
		}
	}
	http.SetCookie(w, s.sessionCookie("", -1))
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func endSessionURL(endpoint, idToken, clientID, postLogout string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return "/"
	}
	q := u.Query()
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	q.Set("client_id", clientID)
	q.Set("post_logout_redirect_uri", postLogout)
	u.RawQuery = q.Encode()
	return u.String()
}

// postLogoutURL is this site's root, derived from the redirect URL.
func (s *Service) postLogoutURL() string {
	u, _ := url.Parse(s.cfg.RedirectURL)
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"}).String()
}

// SafeReturnPath keeps a return URL only when it is a path on this site;
// anything else ("//evil", "https://evil", "/\\evil") becomes "/". It is
// stored before anyone has logged in, so it is also bounded: no more than
// a web address's 2,000 bytes, valid UTF-8 and no control characters
// (PostgreSQL refuses invalid UTF-8 and NUL).
func SafeReturnPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\") ||
		len(p) > maxReturnPath || !utf8.ValidString(p) || strings.ContainsFunc(p, unicode.IsControl) {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return p
}

// refuse answers a login that failed for the browser's or the provider's
// reasons; nothing was created.
func (s *Service) refuse(w http.ResponseWriter, r *http.Request, err error) {
	reason := "other"
	var rf *refused
	if errors.As(err, &rf) {
		reason = rf.reason
	}
	metrics.LoginRefused(r.Context(), reason)
	s.logger.WarnContext(r.Context(), "login refused", "reason", reason, "error", err.Error())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprint(w, `<!doctype html><html lang="sv"><meta charset="utf-8"><title>Inloggningen misslyckades</title>`+
		`<h1>Inloggningen misslyckades</h1><p><a href="/auth/login">Försök igen</a></p></html>`)
}

func (s *Service) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.logger.ErrorContext(r.Context(), "login failed", "step", what, "error", err.Error())
	http.Error(w, "Något gick fel vid inloggningen.", http.StatusInternalServerError)
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}
