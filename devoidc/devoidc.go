// Package devoidc is a development OpenID Connect provider with demo users.
//
// `handlingsplan serve --dev` starts it on loopback so that the app logs in
// through exactly the same OIDC code path (authorization code flow with
// PKCE, state and nonce) as against a municipality's real provider. The login
// page lists the demo users; choosing one completes the login. There are no
// passwords, so Start refuses any address that is not loopback.
package devoidc

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is a demo person who can log in.
type User struct {
	Subject string // stable id, e.g. "demo-enhetschef"
	Name    string // e.g. "Elin Enhetschef"
	Email   string // also sent as preferred_username, like the UPN in Entra ID
	// EmailVerified sends email_verified: true, as Keycloak does for an
	// address it has checked; a person added ahead is taken over only then.
	EmailVerified bool
	Groups        []string // sent as the "groups" claim, like Entra ID, e.g. "hp:bollebygd-socialforvaltningen:Enhetschef"
	Title         string   // shown in the picker, e.g. "Enhetschef, Socialförvaltningen"
}

// Client is the one relying party the provider knows. It authenticates at
// the token endpoint with client_secret_basic or client_secret_post.
type Client struct {
	ID, Secret             string
	RedirectURIs           []string // exact match, e.g. "http://127.0.0.1:8080/auth/callback"
	PostLogoutRedirectURIs []string // exact match
}

// Provider is a running development OpenID provider on loopback.
type Provider struct {
	issuer string
	server *http.Server
}

// Start listens on addr, which must be a loopback address such as
// "127.0.0.1:0" ("localhost" means 127.0.0.1), and serves the provider until
// Close. Its RSA signing key is generated here and lives only in memory, so
// tokens from an earlier run do not verify.
func Start(addr string, users []User, client Client) (*Provider, error) {
	addr, err := loopbackAddr(addr)
	if err != nil {
		return nil, err
	}
	if err := validate(users, client); err != nil {
		return nil, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("devoidc: generate signing key: %w", err)
	}
	store := newStorage(slices.Clone(users), client, key)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("devoidc: %w", err)
	}
	issuer := "http://" + ln.Addr().String()

	var codeKey [32]byte // op encrypts the authorization codes with it
	rand.Read(codeKey[:])
	config := &op.Config{
		CryptoKey:                codeKey,
		DefaultLogoutRedirectURI: loggedOutPath,
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		SupportedScopes:          []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeEmail},
		SupportedClaims: []string{
			"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp",
			"name", "preferred_username", "email", "email_verified", "groups",
		},
	}
	// op demands an https issuer unless told otherwise; loopback has no TLS.
	provider, err := op.NewProvider(config, store, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("devoidc: %w", err)
	}

	mux := http.NewServeMux()
	registerPages(mux, store, provider)
	mux.Handle("/", provider)
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	// Serve returns only when Close shuts the server down.
	go server.Serve(ln)
	return &Provider{issuer: issuer, server: server}, nil
}

// Issuer returns the issuer URL, e.g. "http://127.0.0.1:41234", without a
// trailing slash. Discovery is at Issuer() + "/.well-known/openid-configuration".
func (p *Provider) Issuer() string { return p.issuer }

// Close stops the provider, waiting for requests in flight until ctx ends.
func (p *Provider) Close(ctx context.Context) error { return p.server.Shutdown(ctx) }

// loopbackAddr checks that addr is on loopback before anything listens on it,
// as anyone who reaches the provider can log in as any demo user.
func loopbackAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("devoidc: %w", err)
	}
	if host == "localhost" {
		// One fixed address keeps the issuer unambiguous.
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("devoidc: refusing %q: the development provider listens only on loopback", addr)
	}
	return addr, nil
}

func validate(users []User, client Client) error {
	if len(users) == 0 {
		return errors.New("devoidc: no demo users")
	}
	seen := make(map[string]bool)
	for _, u := range users {
		if u.Subject == "" || u.Name == "" || u.Email == "" {
			return fmt.Errorf("devoidc: user %q needs Subject, Name and Email", u.Subject)
		}
		if seen[u.Subject] {
			return fmt.Errorf("devoidc: two users have the subject %q", u.Subject)
		}
		seen[u.Subject] = true
	}
	if client.ID == "" || client.Secret == "" || len(client.RedirectURIs) == 0 {
		return errors.New("devoidc: the client needs ID, Secret and RedirectURIs")
	}
	return nil
}
