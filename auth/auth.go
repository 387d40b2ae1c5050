// Package auth logs people in with the municipality's OpenID Connect
// provider (authorization-code flow with PKCE, state and nonce), keeps
// server-side sessions in the database so every replica shares them,
// accepts Bearer tokens from the same provider for API clients, and puts
// the viewer into each request's context.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/handlingsplan/handlingsplan/ent"
)

// Config configures login. ClientSecret is never logged.
type Config struct {
	Issuer       string   // the provider's issuer URL; discovery is at Issuer/.well-known/openid-configuration
	ClientID     string   // also the audience of ID tokens
	ClientSecret string   //
	RedirectURL  string   // this site's /auth/callback, as registered at the provider
	Scopes       []string // default: openid profile email
	// APIAudience is the audience Bearer tokens must carry; default ClientID.
	APIAudience string
	Mapping     *ClaimMapping
	// Session lifetimes: a session ends after IdleTimeout without requests,
	// and after AbsoluteTimeout in any case.
	IdleTimeout     time.Duration // default 2h
	AbsoluteTimeout time.Duration // default 12h
	// HTTPClient talks to the provider; default http.DefaultClient.
	HTTPClient *http.Client
}

func (c *Config) defaults() {
	if len(c.Scopes) == 0 {
		c.Scopes = []string{oidc.ScopeOpenID, "profile", "email"}
	}
	if c.APIAudience == "" {
		c.APIAudience = c.ClientID
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 2 * time.Hour
	}
	if c.AbsoluteTimeout == 0 {
		c.AbsoluteTimeout = 12 * time.Hour
	}
	if c.HTTPClient == nil {
		c.HTTPClient = http.DefaultClient
	}
}

// Validate reports a configuration that cannot work.
func (c *Config) Validate() error {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"issuer", c.Issuer}, {"client id", c.ClientID}, {"redirect URL", c.RedirectURL},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("auth: missing %v", missing)
	}
	if _, err := url.Parse(c.RedirectURL); err != nil {
		return fmt.Errorf("auth: redirect URL: %w", err)
	}
	return nil
}

// Service is the login machinery.
type Service struct {
	cfg    Config
	client *ent.Client
	logger *slog.Logger
	secure bool // cookies only over https
	limit  *rateLimiter

	mu          sync.RWMutex
	provider    *provider // nil until discovery succeeds
	discoverErr error
}

// provider is what discovery yields.
type provider struct {
	oauth       oauth2.Config
	idVerifier  *oidc.IDTokenVerifier
	apiVerifier *oidc.IDTokenVerifier
	endSession  string
}

// New returns the service; call Discover to reach the provider.
func New(cfg Config, client *ent.Client, logger *slog.Logger) (*Service, error) {
	cfg.defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	u, _ := url.Parse(cfg.RedirectURL)
	return &Service{
		cfg: cfg, client: client, logger: logger,
		secure:      u.Scheme == "https",
		limit:       newRateLimiter(20, time.Minute),
		discoverErr: errors.New("identity provider not discovered yet"),
	}, nil
}

// Discover reaches the provider's discovery document, retrying with
// backoff while it is down, until it succeeds or ctx ends. The server runs
// meanwhile; Ready says why it is not ready.
func (s *Service) Discover(ctx context.Context) {
	backoff := time.Second
	for {
		err := s.discover(ctx)
		if err == nil {
			s.logger.InfoContext(ctx, "identity provider discovered", "issuer", s.cfg.Issuer)
			return
		}
		s.mu.Lock()
		s.discoverErr = err
		s.mu.Unlock()
		s.logger.WarnContext(ctx, "identity provider unreachable; retrying", "issuer", s.cfg.Issuer, "error", err.Error(), "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, time.Minute)
	}
}

func (s *Service) discover(ctx context.Context) error {
	ctx = oidc.ClientContext(ctx, s.cfg.HTTPClient)
	p, err := oidc.NewProvider(ctx, s.cfg.Issuer)
	if err != nil {
		return err
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return err
	}
	// A fixed auth style: auto-detection retries a failed exchange with the
	// other style, and a provider that burns the code on the first try then
	// only says "invalid code".
	endpoint := p.Endpoint()
	endpoint.AuthStyle = oauth2.AuthStyleInHeader
	s.mu.Lock()
	defer s.mu.Unlock()
	s.provider = &provider{
		oauth: oauth2.Config{
			ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret,
			RedirectURL: s.cfg.RedirectURL, Endpoint: endpoint, Scopes: s.cfg.Scopes,
		},
		idVerifier:  p.Verifier(&oidc.Config{ClientID: s.cfg.ClientID}),
		apiVerifier: p.Verifier(&oidc.Config{ClientID: s.cfg.APIAudience}),
		endSession:  extra.EndSession,
	}
	s.discoverErr = nil
	return nil
}

// Ready returns nil once the provider is discovered, or why not.
func (s *Service) Ready() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.discoverErr
}

func (s *Service) current() *provider {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.provider
}

// Mapping returns the mapping file, or nil without one.
func (s *Service) Mapping() *ClaimMapping { return s.cfg.Mapping }
