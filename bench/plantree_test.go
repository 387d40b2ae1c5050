package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime/metrics"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/bench"
	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// benchPlans is how many synthetic plans the benchmarks import. Every plan
// is full size (10 areas × 20 actions with sub-actions); only the first is
// queried, but the others fill the tables around it, so a query that scans
// a table instead of using an index gets slower as -plans grows. The default
// keeps the setup to a second or two; the whole department is
//
//	go test -run '^$' -bench PlanTree ./bench/ -args -plans 100
var benchPlans = flag.Int("plans", 3, "number of synthetic plans the benchmarks import")

// BenchmarkPlanTree measures one plan-tree request through the real
// GraphQL handler over HTTP, on each database, and reports the SQL
// statements it costs (stmts/op), the goroutines it starts
// (goroutines/op), its allocations, and the response size (as MB/s).
//
//	go test -run '^$' -bench PlanTree ./bench/
func BenchmarkPlanTree(b *testing.B) { benchmarkQuery(b, bench.PlanTreeQuery) }

// BenchmarkPlanHeader is BenchmarkPlanTree for the header only: the fixed
// cost of a request.
func BenchmarkPlanHeader(b *testing.B) { benchmarkQuery(b, bench.PlanHeaderQuery) }

func benchmarkQuery(b *testing.B, query string, opts ...graph.Option) {
	for _, dia := range dbtest.Dialects {
		b.Run(dia, func(b *testing.B) {
			wrap, counter := database.CountStatements()
			db := dbtest.Open(b, dia, wrap)
			files := synth.Department(*benchPlans, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed)
			ids := importFiles(b, db, files)
			url := serve(b, db, reader(b, db), opts...)
			client := &http.Client{}
			body := requestBody(query, ids[0])
			b.SetBytes(int64(len(post(b, client, url, body))))

			b.ReportAllocs()
			counter.Reset()
			goroutines := goroutinesCreated()
			for b.Loop() {
				post(b, client, url, body)
			}
			b.ReportMetric(float64(counter.Count())/float64(b.N), "stmts/op")
			// gqlgen resolves fields in goroutines of their own; how many a
			// request starts tells much of its CPU cost (stack growth, GC).
			b.ReportMetric(float64(goroutinesCreated()-goroutines)/float64(b.N), "goroutines/op")
		})
	}
}

// TestPlanTreeIsFull checks that the plan-tree query the benchmarks and the
// load tool send returns a synthetic plan whole, on each database.
func TestPlanTreeIsFull(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		files := synth.Department(1, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed)
		ids := importFiles(t, db, files)
		url := serve(t, db, reader(t, db))

		var resp struct {
			Data struct{ Plan *tree } `json:"data"`
		}
		raw := post(t, &http.Client{}, url, requestBody(bench.PlanTreeQuery, ids[0]))
		if err := json.Unmarshal(raw, &resp); err != nil || resp.Data.Plan == nil {
			t.Fatalf("no plan in %.300s (%v)", raw, err)
		}
		got, want := resp.Data.Plan.counts(), synth.Count(files)
		if got != want {
			t.Errorf("tree has %+v, the file %+v", got, want)
		}
		if want.Areas != 10 || want.Actions != 200 {
			t.Errorf("the file has %+v, want 10 areas and 200 actions", want)
		}
		checkResponsibles(t, resp.Data.Plan, files[0])
		t.Logf("plan tree: %d bytes", len(raw))
	})
}

type tree struct {
	Areas []struct {
		Actions []struct {
			Responsible struct{ Name string }
			SubActions  []struct {
				Responsible struct{ Name string }
			}
		}
	}
}

func (p *tree) counts() synth.Counts {
	c := synth.Counts{Plans: 1, Areas: len(p.Areas)}
	for _, a := range p.Areas {
		c.Actions += len(a.Actions)
		for _, act := range a.Actions {
			c.SubActions += len(act.SubActions)
		}
	}
	return c
}

// checkResponsibles compares the responsible role of every action with the
// file's, resolved to canonical names (the file may use plural aliases).
func checkResponsibles(t *testing.T, got *tree, f *planfile.File) {
	t.Helper()
	want := func(name string) string {
		canonical, _ := f.Department.ResolveRole(name)
		return canonical
	}
	for i, a := range f.Plan.Areas {
		if i >= len(got.Areas) || len(got.Areas[i].Actions) != len(a.Actions) {
			return // counts already reported
		}
		for j, act := range a.Actions {
			g := got.Areas[i].Actions[j]
			if g.Responsible.Name != want(act.Responsible) {
				t.Errorf("area %d action %d: responsible %q, want %q", i+1, j+1, g.Responsible.Name, want(act.Responsible))
			}
			for k, sub := range act.SubActions {
				if k < len(g.SubActions) && g.SubActions[k].Responsible.Name != want(sub.Responsible) {
					t.Errorf("area %d action %d sub-action %d: responsible %q, want %q",
						i+1, j+1, k+1, g.SubActions[k].Responsible.Name, want(sub.Responsible))
				}
			}
		}
	}
}

// goroutinesCreated returns how many goroutines the process has started.
func goroutinesCreated() uint64 {
	sample := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return sample[0].Value.Uint64()
}

// importFiles imports files, as the import command does, and returns the
// plan ids in file order.
func importFiles(tb testing.TB, db *database.DB, files []*planfile.File) []int {
	tb.Helper()
	ctx := rule.SystemContext(context.Background(), "import")
	ids := make([]int, len(files))
	for i, f := range files {
		res, err := planstore.Import(ctx, db.Client, f)
		if err != nil {
			tb.Fatalf("import plan %d: %v", i, err)
		}
		ids[i] = res.PlanID
	}
	if err := db.Analyze(ctx); err != nil { // after the commits, as the import command does
		tb.Fatal(err)
	}
	return ids
}

// reader returns the viewer the benchmarks ask as: a Förvaltningschef of
// the synthetic department, so the privacy rules filter every query as they
// do for a real user.
func reader(tb testing.TB, db *database.DB) *viewer.Viewer {
	return authtest.User(tb, db.Client, synth.Slug, "Förvaltningschef")
}

// serve returns the URL of the real GraphQL handler over db, with v in the
// request context as the login middleware puts it there. The session
// lookup that middleware does is not part of what is measured here.
func serve(tb testing.TB, db *database.DB, v *viewer.Viewer, opts ...graph.Option) string {
	logger := slog.New(slog.DiscardHandler)
	h := graph.NewHandler(db.Client, logger, graph.DefaultLimits, false, opts...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}

func requestBody(query string, planID int) []byte {
	body, err := json.Marshal(map[string]any{"query": query, "variables": map[string]any{"id": fmt.Sprint(planID)}})
	if err != nil {
		panic(err)
	}
	return body
}

// post sends one request and returns the response body; a GraphQL error or
// a missing plan fails the test, so a benchmark never measures an error
// path.
func post(tb testing.TB, client *http.Client, url string, body []byte) []byte {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	// A successful response starts with data: gqlgen writes errors first.
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(raw, []byte(`{"data":{"plan":{`)) {
		tb.Fatalf("status %d: %.300s", resp.StatusCode, raw)
	}
	return raw
}
