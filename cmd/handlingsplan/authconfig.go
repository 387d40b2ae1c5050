package main

import (
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/handlingsplan/handlingsplan/auth"
)

// authFlags are the login settings of serve; see docs/auth.md.
type authFlags struct {
	issuer, clientID, secretFile, redirectURL, scopes, apiAudience, mapping *string
}

func addAuthFlags(fs *flag.FlagSet) authFlags {
	return authFlags{
		issuer:      fs.String("oidc-issuer", os.Getenv("HANDLINGSPLAN_OIDC_ISSUER"), "OpenID provider issuer URL (env HANDLINGSPLAN_OIDC_ISSUER)"),
		clientID:    fs.String("oidc-client-id", os.Getenv("HANDLINGSPLAN_OIDC_CLIENT_ID"), "client ID registered at the provider (env HANDLINGSPLAN_OIDC_CLIENT_ID)"),
		secretFile:  fs.String("oidc-client-secret-file", os.Getenv("HANDLINGSPLAN_OIDC_CLIENT_SECRET_FILE"), "file holding the client secret; or set HANDLINGSPLAN_OIDC_CLIENT_SECRET"),
		redirectURL: fs.String("oidc-redirect-url", os.Getenv("HANDLINGSPLAN_OIDC_REDIRECT_URL"), "this site's https://…/auth/callback (env HANDLINGSPLAN_OIDC_REDIRECT_URL)"),
		scopes:      fs.String("oidc-scopes", envOr("HANDLINGSPLAN_OIDC_SCOPES", "openid profile email"), "scopes to ask for, space-separated (env HANDLINGSPLAN_OIDC_SCOPES)"),
		apiAudience: fs.String("oidc-api-audience", os.Getenv("HANDLINGSPLAN_OIDC_API_AUDIENCE"), "audience of Bearer tokens from API clients; default the client ID (env HANDLINGSPLAN_OIDC_API_AUDIENCE)"),
		mapping:     fs.String("role-mapping", os.Getenv("HANDLINGSPLAN_ROLE_MAPPING"), "YAML file mapping a token claim to roles (env HANDLINGSPLAN_ROLE_MAPPING)"),
	}
}

// config returns the login configuration of the flags. The secret comes
// from a file or the environment, never from a flag (flags show in ps).
func (f authFlags) config() (auth.Config, error) {
	if *f.issuer == "" {
		return auth.Config{}, fmt.Errorf("no identity provider: set --oidc-issuer and friends (docs/auth.md), or run with --dev for demo users")
	}
	secret := os.Getenv("HANDLINGSPLAN_OIDC_CLIENT_SECRET")
	if *f.secretFile != "" {
		data, err := os.ReadFile(*f.secretFile)
		if err != nil {
			return auth.Config{}, fmt.Errorf("client secret: %w", err)
		}
		secret = strings.TrimSpace(string(data))
	}
	cfg := auth.Config{
		Issuer: *f.issuer, ClientID: *f.clientID, ClientSecret: secret, RedirectURL: *f.redirectURL,
		Scopes: strings.Fields(*f.scopes), APIAudience: *f.apiAudience,
	}
	if *f.mapping != "" {
		m, err := auth.LoadClaimMapping(*f.mapping)
		if err != nil {
			return auth.Config{}, err
		}
		cfg.Mapping = m
	}
	return cfg, cfg.Validate()
}

func randomSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
