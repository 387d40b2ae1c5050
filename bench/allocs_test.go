package bench_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/handlingsplan/handlingsplan/bench"
	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// The bounds of TestPlanTreeAllocations, for the synthetic plan of 10 areas,
// 200 actions and about 210 sub-actions on SQLite, in-process. Measured
// 60,6xx allocations and 9 goroutines per request once the executor stopped
// starting a goroutine per field and per list element (issue 18), against
// 72,4xx and 603 before; 55,5xx once Area.actions stopped loading the
// sub-actions that Action.subActions loads again. The 9 are go-sqlite3's,
// one per statement, to interrupt it when the request is cancelled. Raise
// them only with a reason in the commit.
const (
	planTreeAllocs     = 58_000
	planTreeGoroutines = 15
)

// TestPlanTreeAllocations keeps the cost of the plan tree, the plan page's
// query, from growing back: the allocations and the goroutines one request
// makes through the real GraphQL handler, measured by testing.AllocsPerRun
// (the same request BenchmarkPlanTree times; `go test -bench PlanTree
// -benchmem ./bench/` shows the figures).
func TestPlanTreeAllocations(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	files := synth.Department(1, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed)
	ids := importFiles(t, db, files)
	v := reader(t, db)
	h := graph.NewHandler(db.Client, slog.New(slog.DiscardHandler), graph.DefaultLimits, false)
	body := requestBody(bench.PlanTreeQuery, ids[0])
	ask := func() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req.WithContext(viewer.NewContext(req.Context(), v)))
		if rec.Code != http.StatusOK || !bytes.HasPrefix(rec.Body.Bytes(), []byte(`{"data":{"plan":{"id"`)) {
			t.Fatalf("status %d: %.300s", rec.Code, rec.Body.Bytes())
		}
	}
	ask() // warm the query cache and the statement cache

	before := goroutinesCreated()
	allocs := testing.AllocsPerRun(20, ask)
	goroutines := float64(goroutinesCreated()-before) / 21 // AllocsPerRun runs once more to warm up
	t.Logf("plan tree: %.0f allocations, %.1f goroutines per request", allocs, goroutines)
	if allocs > planTreeAllocs {
		t.Errorf("plan tree: %.0f allocations per request, the bound is %d", allocs, planTreeAllocs)
	}
	if goroutines > planTreeGoroutines {
		t.Errorf("plan tree: %.1f goroutines started per request, the bound is %d", goroutines, planTreeGoroutines)
	}
}
