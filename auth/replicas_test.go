package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/clientip"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/devoidc"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

// replica is one running copy of the server, as its own process would be:
// its own pool, its own login service. kill ends it as a crash would: its
// listener and connections close, and the requests it is running are
// cancelled, so what they had not committed is rolled back.
type replica struct {
	srv      *httptest.Server
	inFlight atomic.Int64
	dead     context.Context
	kill     context.CancelFunc
}

// cluster is two replicas on one PostgreSQL database behind a reverse
// proxy (httputil.ReverseProxy) that takes turns between the live ones.
type cluster struct {
	proxy    *httptest.Server
	replicas []*replica
	db       *database.DB

	mu   sync.Mutex
	live []*replica
	next int
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	dsn := dbtest.URL(t, dialect.Postgres)
	c := &cluster{}
	c.proxy = httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			r := c.pick()
			pr.SetURL(mustURL(t, r.srv.URL))
			pr.SetXForwarded()
		},
		ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError),
	})
	t.Cleanup(c.proxy.Close)
	idp, err := devoidc.Start("127.0.0.1:0", []devoidc.User{
		{Subject: "elin", Name: "Elin Enhetschef", Email: "elin@example.se", Groups: []string{"g-enhetschef"}, Title: "Enhetschef"},
	}, devoidc.Client{ID: "hp", Secret: "s3cret", RedirectURIs: []string{c.proxy.URL + "/auth/callback"}, PostLogoutRedirectURIs: []string{c.proxy.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close(context.Background()) })
	trusted, _ := clientip.ParseTrusted("127.0.0.1")
	logger := slog.New(slog.DiscardHandler)

	// Both start at once, as replicas do: the migration's advisory lock
	// lets one migrate while the other waits.
	dbs := make([]*database.DB, 2)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range dbs {
		db, err := database.Open(dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
		wg.Go(func() { errs[i] = db.Migrate(context.Background()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c.db = dbs[0]
	planstest.ImportBollebygd(t, c.db.Client, bollebygd)
	for _, db := range dbs {
		svc, err := auth.New(auth.Config{
			Issuer: idp.Issuer(), ClientID: "hp", ClientSecret: "s3cret", RedirectURL: c.proxy.URL + "/auth/callback",
			Mapping: &auth.ClaimMapping{Claim: "groups", Mappings: []auth.ClaimToRole{
				{Value: "g-enhetschef", Department: bollebygd, Role: "Enhetschef"},
			}},
		}, db.Client, logger)
		if err != nil {
			t.Fatal(err)
		}
		svc.Discover(context.Background())
		h := server.New(db, svc, logger, server.Options{TrustedProxies: trusted})
		r := &replica{}
		r.dead, r.kill = context.WithCancel(context.Background())
		r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			r.inFlight.Add(1)
			defer r.inFlight.Add(-1)
			ctx, cancel := context.WithCancel(req.Context())
			defer cancel()
			defer context.AfterFunc(r.dead, cancel)()
			h.ServeHTTP(w, req.WithContext(ctx))
		}))
		t.Cleanup(r.srv.Close)
		c.replicas = append(c.replicas, r)
	}
	c.live = append([]*replica(nil), c.replicas...)
	return c
}

func (c *cluster) pick() *replica {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	return c.live[c.next%len(c.live)]
}

// crash takes r out of the proxy's turns (its health check failed) and
// kills it.
func (c *cluster) crash(r *replica) {
	c.mu.Lock()
	for i, l := range c.live {
		if l == r {
			c.live = append(c.live[:i:i], c.live[i+1:]...)
		}
	}
	c.mu.Unlock()
	r.kill()
	r.srv.Listener.Close()
	r.srv.CloseClientConnections()
}

// graphql posts a query with the browser's cookies to base; it returns the
// status (0 when the connection failed) and the decoded body.
func graphqlAt(browser *http.Client, base, query string, vars map[string]any) (int, map[string]any) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := browser.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// TestTwoReplicasBehindAProxy: a login that starts on one replica and
// ends on the other gives a session both accept; when one replica dies in
// the middle of requests, every sign-off that was acknowledged is in the
// database afterwards, and the client's retries (same idempotency key,
// through the proxy to the one left) double none.
func TestTwoReplicasBehindAProxy(t *testing.T) {
	c := newCluster(t)
	browser := authtest.Browser(t)
	landed := authtest.LoginWithDevProvider(t, browser, c.proxy.URL, "/", "Elin Enhetschef")
	landed.Body.Close()
	if landed.StatusCode != http.StatusOK {
		t.Fatalf("login through the proxy landed with %d", landed.StatusCode)
	}
	// The session cookie was set for the proxy's address; each replica
	// accepts it directly.
	cookies := browser.Jar.Cookies(mustURL(t, c.proxy.URL))
	for i, r := range c.replicas {
		direct := authtest.Browser(t)
		direct.Jar.SetCookies(mustURL(t, r.srv.URL), cookies)
		status, out := graphqlAt(direct, r.srv.URL, `{ me { user { name } } }`, nil)
		if status != http.StatusOK || !strings.Contains(fmt.Sprint(out), "Elin Enhetschef") {
			t.Fatalf("replica %d answered me with %d %v", i, status, out)
		}
	}

	// Two workers sign off and withdraw, each on an action of its own,
	// through the proxy; replica 1 is killed while requests run on it.
	ctx := rule.SystemContext(context.Background(), "test")
	actions := c.db.Client.Action.Query().Where(action.Or(action.TextHasPrefix("Verksamheterna återrapporterar"), action.TextHasPrefix("Enhetschefer ska lyfta protokoll"))).IDsX(ctx)
	if len(actions) != 2 {
		t.Fatalf("actions %v", actions)
	}
	// Signed once, by anyone with the role (not once per unit).
	for _, id := range actions {
		c.db.Client.Action.UpdateOneID(id).SetScope(action.ScopeOnce).ExecX(ctx)
	}
	const cycles = 12
	var (
		mu    sync.Mutex
		acked = map[string]string{} // idempotency key → sign-off id
		tries atomic.Int64
		lost  atomic.Int64 // answers lost with the replica (502 from the proxy)
	)
	// signOff retries one sign-off until it is acknowledged, with the same
	// key, as the web app's queue does.
	signOff := func(t *testing.T, actionID int, key string) string {
		var last string
		for range 50 {
			tries.Add(1)
			status, out := graphqlAt(browser, c.proxy.URL, `mutation($in: SignOffInput!) { signOff(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"actionID": actionID, "doneOn": "2024-10-01", "idempotencyKey": key}})
			if data, _ := out["data"].(map[string]any); status == http.StatusOK && data != nil && data["signOff"] != nil {
				return fmt.Sprint(data["signOff"].(map[string]any)["id"])
			}
			if status != http.StatusOK {
				lost.Add(1)
			}
			last = fmt.Sprint(status, out)
			time.Sleep(20 * time.Millisecond)
		}
		t.Errorf("sign-off %s never acknowledged: %s", key, last)
		return ""
	}
	// withdraw retries a withdrawal until the sign-off is withdrawn.
	withdraw := func(t *testing.T, id string) {
		for range 50 {
			status, out := graphqlAt(browser, c.proxy.URL, `mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Prov") { id } }`, map[string]any{"id": id})
			if status == http.StatusOK && out["errors"] == nil {
				return
			}
			if status != http.StatusOK {
				lost.Add(1)
			}
			var n int
			fmt.Sscan(id, &n)
			if s, err := c.db.Client.SignOff.Get(ctx, n); err == nil && s.WithdrawnAt != nil {
				return // an earlier try committed before its answer was lost
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Errorf("sign-off %s never withdrawn", id)
	}
	var done atomic.Int64
	var wg sync.WaitGroup
	for w, actionID := range actions {
		wg.Go(func() {
			for i := range cycles {
				key := fmt.Sprintf("w%d-%d", w, i)
				id := signOff(t, actionID, key)
				if id == "" {
					return
				}
				mu.Lock()
				acked[key] = id
				mu.Unlock()
				if i < cycles-1 {
					withdraw(t, id)
				}
				done.Add(1)
			}
		})
	}
	victim := c.replicas[1]
	deadline := time.Now().Add(30 * time.Second)
	for done.Load() < cycles/2 || victim.inFlight.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no request in flight on the replica to kill")
		}
		time.Sleep(time.Millisecond)
	}
	c.crash(victim)
	wg.Wait()

	if len(acked) != 2*cycles {
		t.Fatalf("%d sign-offs acknowledged, want %d", len(acked), 2*cycles)
	}
	rows := c.db.Client.SignOff.Query().Where(signoff.ActionIDIn(actions...)).AllX(ctx)
	byKey := map[string]int{}
	for _, s := range rows {
		byKey[s.IdempotencyKey]++
	}
	for key, id := range acked {
		var n int
		fmt.Sscan(id, &n)
		s, err := c.db.Client.SignOff.Get(ctx, n)
		if err != nil || s.IdempotencyKey != key {
			t.Errorf("acknowledged sign-off %s (%s) is not in the database: %v", id, key, err)
		}
	}
	for key, n := range byKey {
		if n != 1 {
			t.Errorf("sign-off %s stored %d times", key, n)
		}
	}
	if len(rows) != len(acked) {
		t.Errorf("%d sign-offs stored for %d acknowledged", len(rows), len(acked))
	}
	live := 0
	for _, s := range rows {
		if s.WithdrawnAt == nil {
			live++
		}
	}
	if live != 2 {
		t.Errorf("%d live sign-offs, want the last of each worker", live)
	}
	t.Logf("%d sign-off requests for %d acknowledged, %d answers lost when replica 1 was killed", tries.Load(), len(acked), lost.Load())
}
