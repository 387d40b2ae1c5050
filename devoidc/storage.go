package devoidc

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"errors"
	"maps"
	"net/url"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

const (
	// authRequestLifetime bounds both the login and the code it yields.
	authRequestLifetime = 10 * time.Minute
	tokenLifetime       = time.Hour
)

var (
	errUnsupported      = errors.New("devoidc: not supported by the development provider")
	errNoSuchAuthReq    = errors.New("devoidc: unknown or expired auth request")
	errNoSuchUser       = errors.New("devoidc: unknown user")
	errLoginAlreadyDone = errors.New("devoidc: a user was already chosen for this auth request")
)

// storage is the in-memory op.Storage: the demo users, the one client, the
// signing key, pending auth requests and the access tokens issued.
type storage struct {
	users  []User // in the picker's order
	client Client
	key    signingKey

	mu       sync.Mutex
	requests map[string]*authRequest // by ID
	tokens   map[string]accessToken  // by token ID, the access token JWT's jti
}

var (
	_ op.Storage                        = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest      = (*storage)(nil)
	_ op.CanGetPrivateClaimsFromRequest = (*storage)(nil)
)

func newStorage(users []User, client Client, key *rsa.PrivateKey) *storage {
	return &storage{
		users:    users,
		client:   client,
		key:      signingKey{id: rand.Text(), key: key},
		requests: make(map[string]*authRequest),
		tokens:   make(map[string]accessToken),
	}
}

func (s *storage) user(subject string) (User, bool) {
	i := slices.IndexFunc(s.users, func(u User) bool { return u.Subject == subject })
	if i < 0 {
		return User{}, false
	}
	return s.users[i], true
}

// claims returns what the scopes let the client learn about u. Like Entra
// ID with group claims configured, groups come with every token.
func (u User) claims(scopes []string) map[string]any {
	c := make(map[string]any)
	if len(u.Groups) > 0 {
		c["groups"] = u.Groups
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		c["name"] = u.Name
		c["preferred_username"] = u.Email
	}
	if slices.Contains(scopes, oidc.ScopeEmail) {
		c["email"] = u.Email
		if u.EmailVerified {
			c["email_verified"] = true
		}
	}
	return c
}

func (s *storage) setUserinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	u, ok := s.user(subject)
	if !ok {
		return errNoSuchUser
	}
	info.Subject = u.Subject
	for name, value := range u.claims(scopes) {
		info.AppendClaims(name, value)
	}
	return nil
}

// authRequest is an authorization request from /authorize until its code is
// exchanged. op reads it through the op.AuthRequest methods.
type authRequest struct {
	*oidc.AuthRequest // as parsed by op; never changed

	id       string
	created  time.Time
	subject  string // the chosen user; "" until then
	authTime time.Time
	code     string // the code issued for it; "" once used
}

func (r *authRequest) expired() bool { return time.Since(r.created) > authRequestLifetime }

func (r *authRequest) GetID() string          { return r.id }
func (r *authRequest) GetACR() string         { return "" }
func (r *authRequest) GetAMR() []string       { return nil }
func (r *authRequest) GetAudience() []string  { return []string{r.ClientID} }
func (r *authRequest) GetAuthTime() time.Time { return r.authTime }
func (r *authRequest) GetClientID() string    { return r.ClientID }
func (r *authRequest) GetNonce() string       { return r.Nonce }
func (r *authRequest) GetScopes() []string    { return r.Scopes }
func (r *authRequest) GetSubject() string     { return r.subject }
func (r *authRequest) Done() bool             { return r.subject != "" }
func (r *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	return &oidc.CodeChallenge{Challenge: r.CodeChallenge, Method: r.CodeChallengeMethod}
}

func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	// The production flow uses PKCE, so the development one insists on it too.
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with code_challenge_method S256 is required")
	}
	// There are no sessions: every login goes through the picker.
	if slices.Contains(req.Prompt, oidc.PromptNone) {
		return nil, oidc.ErrLoginRequired()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	maps.DeleteFunc(s.requests, func(_ string, r *authRequest) bool { return r.expired() })
	r := &authRequest{AuthRequest: req, id: rand.Text(), created: time.Now()}
	s.requests[r.id] = r
	return r, nil
}

// chooseUser completes the login of a pending auth request as the given user.
func (s *storage) chooseUser(id, subject string) error {
	if _, ok := s.user(subject); !ok {
		return errNoSuchUser
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok || r.expired() {
		return errNoSuchAuthReq
	}
	if r.Done() {
		return errLoginAlreadyDone
	}
	r.subject, r.authTime = subject, time.Now()
	return nil
}

// AuthRequestByID returns a copy, so that op can read it while the login
// page changes the stored one.
func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok || r.expired() {
		return nil, errNoSuchAuthReq
	}
	c := *r
	return &c, nil
}

// AuthRequestByCode uses the code up, even if the token request then fails
// (a wrong code_verifier, say): a code is good for one attempt only.
func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.requests {
		if r.code != "" && r.code == code && !r.expired() {
			r.code = ""
			c := *r
			return &c, nil
		}
	}
	return nil, errors.New("devoidc: unknown, used or expired code")
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok {
		return errNoSuchAuthReq
	}
	r.code = code
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	return nil
}

// accessToken is what the userinfo endpoint needs to know about a token.
type accessToken struct {
	subject string
	scopes  []string
	expires time.Time
}

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	maps.DeleteFunc(s.tokens, func(_ string, t accessToken) bool { return now.After(t.expires) })
	id := rand.Text()
	t := accessToken{subject: req.GetSubject(), scopes: req.GetScopes(), expires: now.Add(tokenLifetime)}
	s.tokens[id] = t
	return id, t.expires, nil
}

// GetPrivateClaimsFromRequest puts the user's claims into the access token
// JWT. op passes the scopes without profile and email, so use the request's.
func (s *storage) GetPrivateClaimsFromRequest(_ context.Context, req op.TokenRequest, _ []string) (map[string]any, error) {
	u, ok := s.user(req.GetSubject())
	if !ok {
		return nil, errNoSuchUser
	}
	return u.claims(req.GetScopes()), nil
}

// SetUserinfoFromRequest fills the ID token's claims.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return s.setUserinfo(info, req.GetSubject(), scopes)
}

// SetUserinfoFromToken serves the userinfo endpoint.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || t.subject != subject || time.Now().After(t.expires) {
		return errors.New("devoidc: unknown, revoked or expired access token")
	}
	return s.setUserinfo(info, subject, t.scopes)
}

// TerminateSession runs on end_session. It revokes the user's tokens for
// userinfo; access token JWTs still verify until they expire, as with any
// provider.
func (s *storage) TerminateSession(_ context.Context, userID, _ string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	maps.DeleteFunc(s.tokens, func(_ string, t accessToken) bool { return t.subject == userID })
	return nil
}

func (s *storage) RevokeToken(_ context.Context, tokenID, _, _ string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, tokenID)
	return nil
}

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != s.client.ID {
		return nil, errors.New("devoidc: unknown client")
	}
	return opClient{s.client}, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.ID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.client.Secret)) != 1 {
		return errors.New("devoidc: wrong client id or secret")
	}
	return nil
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }
func (s *storage) KeySet(context.Context) ([]op.Key, error)          { return []op.Key{publicKey{s.key}}, nil }
func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) Health(context.Context) error { return nil }

// SetUserinfoFromScopes is deprecated in op in favour of SetUserinfoFromRequest.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// GetPrivateClaimsFromScopes is unused, as GetPrivateClaimsFromRequest exists.
func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// The client gets neither refresh tokens, introspection nor JWT profile grants.

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errUnsupported
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, errUnsupported
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errUnsupported
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errUnsupported
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errUnsupported
}

// signingKey signs ID and access tokens with RS256.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) ID() string                                  { return k.id }
func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }

// publicKey is the signing key as published at the JWKS endpoint.
type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }

// opClient presents Client to op as a confidential web client using the
// authorization code flow and JWT access tokens.
type opClient struct{ c Client }

func (c opClient) GetID() string                       { return c.c.ID }
func (c opClient) RedirectURIs() []string              { return c.c.RedirectURIs }
func (c opClient) PostLogoutRedirectURIs() []string    { return c.c.PostLogoutRedirectURIs }
func (c opClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }

// AuthMethod is basic; op.Config.AuthMethodPost lets the client post the
// secret in the form instead.
func (c opClient) AuthMethod() oidc.AuthMethod { return oidc.AuthMethodBasic }
func (c opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c opClient) GrantTypes() []oidc.GrantType { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c opClient) LoginURL(id string) string {
	return loginPath + "?authRequestID=" + url.QueryEscape(id)
}
func (c opClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeJWT }
func (c opClient) IDTokenLifetime() time.Duration       { return tokenLifetime }
func (c opClient) DevMode() bool                        { return false }
func (c opClient) IsScopeAllowed(string) bool           { return false }
func (c opClient) ClockSkew() time.Duration             { return 0 }
func (c opClient) IDTokenUserinfoClaimsAssertion() bool { return true } // claims in the ID token, like Entra ID
func (c opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
func (c opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
