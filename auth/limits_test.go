package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/rule"
)

// TestAProvidersLongClaimsDoNotStopALogin: the user row bounds a name to
// 200 characters and an e-mail address to 254; a provider that sends more
// still logs the person in, with the name cut and the address left out.
func TestAProvidersLongClaimsDoNotStopALogin(t *testing.T) {
	a := newRefusalApp(t)
	browser := noRedirects(t)
	state, nonce := a.startLogin(t, browser, "/")
	claims := a.claims(nonce)
	claims["name"] = strings.Repeat("Å", 300) + "\x00"
	claims["email"] = strings.Repeat("e", 300) + "@example.se"
	a.idp.idToken = a.idp.sign(claims, a.idp.key, "RS256")
	if resp := a.callback(t, browser, "code-1", state); resp.StatusCode != http.StatusFound || a.sessions(t) != 1 {
		t.Fatalf("login = %d with %d sessions, want a session", resp.StatusCode, a.sessions(t))
	}
	u := a.db.Client.User.Query().Where(user.Subject("u1")).OnlyX(rule.SystemContext(context.Background(), "test"))
	if u.Name != strings.Repeat("Å", 200) || u.Email != "" {
		t.Errorf("user = %d characters %q, e-mail %q; want the name cut to 200 and no address", utf8.RuneCountInString(u.Name), u.Name[:10], u.Email)
	}
}

// TestAReturnPathIsBounded: the return path is stored before anyone has
// logged in, so one too long, not UTF-8 or with control characters is
// dropped for the start page.
func TestAReturnPathIsBounded(t *testing.T) {
	for _, p := range []string{"/" + strings.Repeat("a", 2000), "/planer\xff", "/planer\x00", "/planer\t1"} {
		if got := auth.SafeReturnPath(p); got != "/" {
			t.Errorf("SafeReturnPath(%.20q…) = %.20q…, want /", p, got)
		}
	}
	for _, p := range []string{"/" + strings.Repeat("a", 1999), "/planer/1?vy=lista", "/åtgärder"} {
		if got := auth.SafeReturnPath(p); got != p {
			t.Errorf("SafeReturnPath(%.20q…) = %.20q…, want it kept", p, got)
		}
	}
}
