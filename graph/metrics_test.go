package graph_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/metrics"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// measuredAPI is newAPI behind the metrics' middleware, as server.New
// mounts the endpoint.
func measuredAPI(t *testing.T, db *database.DB, v *viewer.Viewer, m *metrics.Metrics) *api {
	t.Helper()
	h := graph.NewHandler(db.Client, slog.New(slog.DiscardHandler), graph.DefaultLimits, false)
	mux := http.NewServeMux()
	mux.Handle("POST /graphql", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
	}))
	srv := httptest.NewServer(m.Middleware(metrics.Routed(mux)))
	t.Cleanup(srv.Close)
	return &api{t: t, srv: &httptest.Server{URL: srv.URL + "/graphql"}, log: &bytes.Buffer{}}
}

// TestSignOffsImportsAndErrorsAreCounted: a sign-off counts once when it
// commits (its retry with the same key not again), a withdrawal once;
// errors count by extensions.code; an operation outside the web app's
// list counts as "other".
func TestSignOffsImportsAndErrorsAreCounted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		target := actionByText(t, db, reportBackAtAPT)
		m := metrics.New([]string{"SignOff", "WithdrawSignOff"})
		a := measuredAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"), m)
		const named = `mutation SignOff($in: SignOffInput!) { signOff(input: $in) { id } }`
		sign := func(key, doneOn string) (signedOff, []gqlError) {
			var got signedOff
			errs := a.do(named, map[string]any{"in": map[string]any{"actionID": target, "doneOn": doneOn, "idempotencyKey": key}}, &got)
			return got, errs
		}
		first, errs := sign("key-1", "2024-11-20")
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if _, errs := sign("key-1", "2024-11-20"); len(errs) > 0 {
			t.Fatal(errs)
		}
		if _, errs := sign("key-2", "2024-11-21"); len(errs) != 1 {
			t.Fatalf("a second sign-off = %+v, want CONFLICT", errs)
		}
		a.mustDo(`mutation WithdrawSignOff($id: ID!) { withdrawSignOff(id: $id, reason: "Fel") { id } }`, map[string]any{"id": first.SignOff.ID}, nil)
		a.do(`query Snoop { nosuchfield }`, nil, nil)
		a.do(importPlanFile, map[string]any{"content": "inte: [en plan"}, nil)

		for _, c := range []struct {
			name   string
			labels map[string]string
			want   float64
		}{
			{"handlingsplan_signoffs_total", map[string]string{"event": "created"}, 1},
			{"handlingsplan_signoffs_total", map[string]string{"event": "withdrawn"}, 1},
			{"handlingsplan_graphql_errors_total", map[string]string{"code": "CONFLICT", "operation": "SignOff"}, 1},
			{"handlingsplan_graphql_errors_total", map[string]string{"code": "GRAPHQL_VALIDATION_FAILED", "operation": "other"}, 1},
			{"handlingsplan_graphql_errors_total", map[string]string{"code": "BAD_USER_INPUT"}, 1},
			{"handlingsplan_plan_imports_total", map[string]string{"source": "file", "result": "refused"}, 1},
			{"handlingsplan_http_requests_total", map[string]string{"route": "POST /graphql", "operation": "SignOff", "code": "200"}, 3},
			{"handlingsplan_http_requests_total", map[string]string{"route": "POST /graphql", "operation": "WithdrawSignOff"}, 1},
			{"handlingsplan_http_requests_total", map[string]string{"route": "POST /graphql", "operation": "other"}, 2},
			{"handlingsplan_http_request_duration_seconds", map[string]string{"route": "POST /graphql"}, 6},
			{"handlingsplan_http_requests_total", map[string]string{"operation": "Snoop"}, 0},
		} {
			if got := m.Value(c.name, c.labels); got != c.want {
				t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
			}
		}
	})
}
