package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/logging"
	"github.com/handlingsplan/handlingsplan/server"
)

// TestRequestsAreCountedByRouteAndOperation: the route label is the
// pattern that served the request, the operation label an allowlisted
// name of the web app's or "other"; the public address has no /metrics.
func TestRequestsAreCountedByRouteAndOperation(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	m := server.NewMetrics(db)
	srv := httptest.NewServer(server.New(db, signedIn{}, logging.New(io.Discard, slog.LevelInfo), server.Options{Metrics: m}))
	t.Cleanup(srv.Close)

	post(t, srv, "", `{"query":"query Me { me { __typename } }"}`)
	post(t, srv, "", `{"query":"query Me { me { __typename } }"}`)
	post(t, srv, "", `{"query":"query WhoKnows { me { __typename } }"}`)
	post(t, srv, "", `{"query":"{ me { __typename } }"}`)
	for _, path := range []string{"/healthz", "/metrics", "/plans/7/plan.yaml", "/atgard/12"} {
		resp, _ := fetch(t, must(http.NewRequest("GET", srv.URL+path, nil)))
		if path == "/metrics" && resp.StatusCode != http.StatusNotFound {
			t.Errorf("the public address answers /metrics with %d, want 404", resp.StatusCode)
		}
	}
	for _, c := range []struct {
		labels map[string]string
		want   float64
	}{
		{map[string]string{"route": "POST /graphql", "operation": "Me", "code": "200"}, 2},
		{map[string]string{"route": "POST /graphql", "operation": "other"}, 2},
		{map[string]string{"route": "GET /healthz", "operation": "", "code": "200"}, 1},
		{map[string]string{"route": "GET /metrics", "code": "404"}, 1},
		{map[string]string{"route": "GET /plans/{id}/plan.yaml"}, 1},
		{map[string]string{"route": "GET /"}, 1},
	} {
		if got := m.Value("handlingsplan_http_requests_total", c.labels); got != c.want {
			t.Errorf("requests%v = %v, want %v", c.labels, got, c.want)
		}
	}
	if got := m.Value("handlingsplan_http_request_duration_seconds", map[string]string{"route": "POST /graphql", "operation": "Me"}); got != 2 {
		t.Errorf("latency observations of Me = %v, want 2", got)
	}
	if len(server.WebAppOperations()) < 50 {
		t.Errorf("the allowlist has %d operations; frontend/src/operations.graphql has more", len(server.WebAppOperations()))
	}
}

// TestDatabasePoolsAreWatched: sql.DBStats of each pool, the SQLite
// file's writer and readers apart, PostgreSQL's one.
func TestDatabasePoolsAreWatched(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		m := server.NewMetrics(db)
		pools := map[string][]string{"sqlite3": {"writer", "reader"}, "postgres": {"postgres"}}[db.Dialect]
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		text := rec.Body.String()
		for _, pool := range pools {
			for _, name := range []string{"go_sql_in_use_connections", "go_sql_idle_connections", "go_sql_wait_count_total", "go_sql_wait_duration_seconds_total", "go_sql_max_open_connections"} {
				if !strings.Contains(text, name+`{db_name="`+pool+`"}`) {
					t.Errorf("no %s of pool %s in:\n%.2000s", name, pool, text)
				}
			}
		}
		if got := m.Value("go_sql_max_open_connections", map[string]string{"db_name": pools[0]}); got < 1 {
			t.Errorf("max open connections of %s = %v", pools[0], got)
		}
	})
}
