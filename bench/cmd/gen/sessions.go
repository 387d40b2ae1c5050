package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/user"
)

// sessionLife is how long the written sessions last; the server also
// ends a session after two hours without requests.
const sessionLife = 12 * time.Hour

// writeSessions opens a session for each user of who, as a login through
// the identity provider would (a random token; its SHA-256 in the
// database), and writes "NAME TOKEN" lines to path, readable by the owner
// only. The synthetic people are recorded under synth.Issuer, where nobody
// can log in, so this is how the load tool asks as one of them; every
// request then pays for its session lookup and viewer as after a real
// login.
func writeSessions(ctx context.Context, client *ent.Client, path string, who map[string]int, stdout io.Writer) error {
	var lines strings.Builder
	for _, name := range slices.Sorted(maps.Keys(who)) {
		u, err := client.User.Query().Where(user.ID(who[name])).Only(ctx)
		if err != nil {
			return err
		}
		b := make([]byte, 32)
		rand.Read(b)
		token := base64.RawURLEncoding.EncodeToString(b)
		sum := sha256.Sum256([]byte(token))
		now := time.Now()
		if err := client.Session.Create().SetTokenHash(sum[:]).SetUserID(u.ID).
			SetCreatedAt(now).SetLastSeenAt(now).SetExpiresAt(now.Add(sessionLife)).Exec(ctx); err != nil {
			return fmt.Errorf("session for %s: %w", name, err)
		}
		fmt.Fprintf(&lines, "%s %s\n", name, token)
		fmt.Fprintf(stdout, "session %q: %s (user %d)\n", name, u.Name, u.ID)
	}
	return os.WriteFile(path, []byte(lines.String()), 0o600)
}
