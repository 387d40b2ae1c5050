package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/session"
	"github.com/handlingsplan/handlingsplan/metrics"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// touchEvery limits how often a busy session's last-seen time is written.
const touchEvery = time.Minute

// sessionCookieName is __Host- prefixed over https, so the browser refuses
// it from a subdomain or without Secure.
func (s *Service) sessionCookieName() string {
	if s.secure {
		return "__Host-hp_session"
	}
	return "hp_session"
}

func (s *Service) sessionCookie(token string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: s.sessionCookieName(), Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	}
}

// Middleware puts the viewer of a valid session cookie or Bearer token
// into the request's context. A request without either goes on without a
// viewer; RequireViewer turns those away where a viewer is needed.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v *viewer.Viewer
		var err error
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			v, err = s.bearerViewer(r.Context(), bearer)
			if v == nil {
				metrics.LoginRefused(r.Context(), ReasonBearer)
			}
		} else if c, cerr := r.Cookie(s.sessionCookieName()); cerr == nil {
			v, err = s.sessionViewer(r.Context(), c.Value)
			// Forget the cookie only when its session is gone. A failed
			// read (a database hiccup, a replica stopping mid-request)
			// says nothing about it: clearing the cookie then would log
			// the person out for good.
			if v == nil && err == nil {
				http.SetCookie(w, s.sessionCookie("", -1))
			}
		}
		if err != nil {
			s.logger.WarnContext(r.Context(), "credentials refused", "error", err.Error())
		}
		if v != nil {
			r = r.WithContext(viewer.NewContext(r.Context(), v))
		}
		next.ServeHTTP(w, r)
	})
}

// sessionViewer returns the viewer of a live session, or nil. An expired
// session is deleted.
func (s *Service) sessionViewer(ctx context.Context, token string) (*viewer.Viewer, error) {
	sys := rule.SystemContext(ctx, "session")
	sess, err := s.client.Session.Query().Where(session.TokenHash(hash(token))).Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.cfg.IdleTimeout {
		return nil, s.client.Session.DeleteOne(sess).Exec(sys)
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := sess.Update().SetLastSeenAt(now).Exec(sys); err != nil {
			return nil, err
		}
	}
	return LoadViewer(ctx, s.client, sess.UserID)
}

// bearerViewer verifies a token from the provider (signature, issuer,
// audience, expiry) and returns its user's viewer. A user seen for the
// first time, or with changed claims, is recorded as at login.
func (s *Service) bearerViewer(ctx context.Context, raw string) (*viewer.Viewer, error) {
	p := s.current()
	if p == nil {
		return nil, s.Ready()
	}
	tok, err := p.apiVerifier.Verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	var claims map[string]any
	if err := tok.Claims(&claims); err != nil {
		return nil, err
	}
	sys := rule.SystemContext(ctx, "login")
	tx, err := s.client.Tx(sys)
	if err != nil {
		return nil, err
	}
	userID, err := s.upsertUser(sys, tx.Client(), tok.Issuer, tok.Subject, claims, false)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return LoadViewer(ctx, s.client, userID)
}

// RequireViewer answers 401 with a GraphQL-shaped UNAUTHENTICATED error
// to requests without a viewer.
func RequireViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viewer.FromContext(r.Context()) == nil {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("WWW-Authenticate", `Bearer realm="handlingsplan"`)
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
				"message": "log in first", "extensions": map[string]string{"code": "UNAUTHENTICATED"},
			}}})
			return
		}
		next.ServeHTTP(w, r)
	})
}
