package database_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/devoidc"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

// nextRelease is what a next release's migrations might do, written as
// they must be (docs/operations.md, Upgrades): add a column with a default
// the previous release does not know to write, a table, and an index,
// built without blocking writes; and take a while, as a backfill of a big
// department would, so that the previous release serves during it.
var nextRelease = map[string]string{
	"29990101000000_sign_off_channel.sql": `CREATE TABLE sign_off_channels (name text PRIMARY KEY);
SELECT pg_sleep(1);
ALTER TABLE sign_offs ADD COLUMN channel text NOT NULL DEFAULT 'web';
`,
	"29990101000001_sign_off_channel_index.sql": `-- atlas:txmode none

CREATE INDEX CONCURRENTLY sign_off_channel ON sign_offs (channel);
`,
}

// TestARollingUpgrade: a replica of this release serves sign-offs on a
// PostgreSQL database while two replicas of the next release start at once
// and migrate it. The old replica answers every request meanwhile and
// after, the next release's migrations run once, every acknowledged
// sign-off is stored once, and the old release, restarted, refuses the
// database it no longer knows.
func TestARollingUpgrade(t *testing.T) {
	dsn := dbtest.URL(t, dialect.Postgres)
	ctx := rule.SystemContext(context.Background(), "test")
	old := openMigrated(t, dsn)
	planstest.ImportBollebygd(t, old.Client, planstest.BollebygdSlug)
	actions := old.Client.Action.Query().Where(action.TextHasPrefix("Verksamheterna återrapporterar")).IDsX(ctx)
	if len(actions) != 1 {
		t.Fatalf("actions %v", actions)
	}
	old.Client.Action.UpdateOneID(actions[0]).SetScope(action.ScopeOnce).ExecX(ctx)

	// A reverse proxy in front, first to the old replica alone.
	var (
		mu       sync.Mutex
		replicas []string
		turn     int
	)
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			mu.Lock()
			turn++
			u, _ := url.Parse(replicas[turn%len(replicas)])
			mu.Unlock()
			pr.SetURL(u)
			pr.SetXForwarded()
		},
		ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError),
	})
	defer proxy.Close()
	idp, err := devoidc.Start("127.0.0.1:0", []devoidc.User{
		{Subject: "elin", Name: "Elin Enhetschef", Email: "elin@example.se", Groups: []string{"g-enhetschef"}, Title: "Enhetschef"},
	}, devoidc.Client{ID: "hp", Secret: "s3cret", RedirectURIs: []string{proxy.URL + "/auth/callback"}, PostLogoutRedirectURIs: []string{proxy.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	defer idp.Close(context.Background())
	serve := func(db *database.DB) string {
		svc, err := auth.New(auth.Config{
			Issuer: idp.Issuer(), ClientID: "hp", ClientSecret: "s3cret", RedirectURL: proxy.URL + "/auth/callback",
			Mapping: &auth.ClaimMapping{Claim: "groups", Mappings: []auth.ClaimToRole{
				{Value: "g-enhetschef", Department: planstest.BollebygdSlug, Role: "Enhetschef"},
			}},
		}, db.Client, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		svc.Discover(context.Background())
		srv := httptest.NewServer(server.New(db, svc, slog.New(slog.DiscardHandler), server.Options{}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	replicas = []string{serve(old)}
	browser := authtest.Browser(t)
	landed := authtest.LoginWithDevProvider(t, browser, proxy.URL, "/", "Elin Enhetschef")
	landed.Body.Close()
	if landed.StatusCode != http.StatusOK {
		t.Fatalf("login landed with %d", landed.StatusCode)
	}

	// Elin signs off and withdraws, one request after the other, until
	// told to stop; every answer that is not a success is a failure.
	var (
		acked     []string
		failures  []string
		during    atomic.Int64 // sign-offs acknowledged while the next release migrated
		migrating atomic.Bool
		stop      = make(chan struct{})
		worker    sync.WaitGroup
	)
	worker.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			key := fmt.Sprintf("rolling-%d", i)
			out, err := graphql(browser, proxy.URL, `mutation($in: SignOffInput!) { signOff(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"actionID": actions[0], "doneOn": "2024-10-01", "idempotencyKey": key}})
			if err != nil {
				failures = append(failures, fmt.Sprintf("sign-off %s: %v", key, err))
				continue
			}
			id := fmt.Sprint(out["signOff"].(map[string]any)["id"])
			acked = append(acked, key)
			if migrating.Load() {
				during.Add(1)
			}
			if _, err := graphql(browser, proxy.URL, `mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Prov") { id } }`, map[string]any{"id": id}); err != nil {
				failures = append(failures, fmt.Sprintf("withdraw %s: %v", key, err))
			}
		}
	})

	// The next release: two replicas start at once and both migrate.
	time.Sleep(200 * time.Millisecond)
	restore := database.WithNextRelease(nextRelease)
	next := make([]*database.DB, 2)
	errs := make([]error, 2)
	var starting sync.WaitGroup
	migrating.Store(true)
	for i := range next {
		db, err := database.Open(dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		next[i] = db
		starting.Go(func() { errs[i] = db.Migrate(context.Background()) })
	}
	starting.Wait()
	migrating.Store(false)
	restore()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("the next release's migration: %v", err)
	}
	// Both releases serve side by side behind the proxy for a while.
	b := serve(next[0])
	mu.Lock()
	replicas = append(replicas, b)
	mu.Unlock()
	time.Sleep(500 * time.Millisecond)
	close(stop)
	worker.Wait()

	for _, f := range failures {
		t.Error(f)
	}
	if during.Load() == 0 {
		t.Error("no sign-off was acknowledged while the next release migrated: the test proves nothing")
	}
	var stored []struct {
		Key     string `json:"idempotency_key"`
		Channel string `json:"channel"`
	}
	rows, err := old.SQL.QueryContext(ctx, `SELECT idempotency_key, channel FROM sign_offs WHERE action_id = $1`, actions[0])
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s struct {
			Key     string `json:"idempotency_key"`
			Channel string `json:"channel"`
		}
		if err := rows.Scan(&s.Key, &s.Channel); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, s)
	}
	rows.Close()
	byKey := map[string]int{}
	for _, s := range stored {
		byKey[s.Key]++
		if s.Channel != "web" {
			t.Errorf("sign-off %s has channel %q: the old release's inserts must get the new column's default", s.Key, s.Channel)
		}
	}
	for _, key := range acked {
		if byKey[key] != 1 {
			t.Errorf("acknowledged sign-off %s stored %d times", key, byKey[key])
		}
	}
	if len(stored) != len(acked) {
		t.Errorf("%d sign-offs stored for %d acknowledged", len(stored), len(acked))
	}
	var once int
	old.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version LIKE '2999%'`).Scan(&once)
	if once != len(nextRelease) {
		t.Errorf("%d of the next release's migrations recorded, want each once: %d", once, len(nextRelease))
	}
	n := old.Client.SignOff.Query().Where(signoff.ActionID(actions[0]), signoff.WithdrawnAtIsNil()).CountX(ctx)
	t.Logf("%d sign-offs acknowledged, %d while the next release migrated; %d live", len(acked), during.Load(), n)

	// The old release, restarted, refuses the database.
	restarted, err := database.Open(dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	var newer *database.NewerDatabaseError
	if err := restarted.Migrate(context.Background()); !errors.As(err, &newer) {
		t.Errorf("the old release restarted on the upgraded database: %v, want a NewerDatabaseError", err)
	}
}

func openMigrated(t *testing.T, dsn string) *database.DB {
	t.Helper()
	db, err := database.Open(dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// graphql posts a query with the browser's cookies and returns its data,
// or an error for anything but a 200 without errors.
func graphql(browser *http.Client, base, query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := browser.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) > 0 || out.Data == nil {
		return nil, fmt.Errorf("%d %s", resp.StatusCode, raw)
	}
	return out.Data, nil
}
