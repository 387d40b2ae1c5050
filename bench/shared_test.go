package bench_test

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/bench"
	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

var (
	benchUnits     = flag.Int("units", 40, "units of the synthetic department in BenchmarkSharedDuties")
	benchEmployees = flag.Int("employees", 1500, "employees of the synthetic department in BenchmarkSharedDuties")
	benchScopes    = flag.Bool("scopes", true, "BenchmarkSharedDuties: share half of the first plan; false keeps the same duties done once")
)

// staffed is the synthetic department with its people, and the viewers
// the shared-duty queries ask as.
type staffed struct {
	db                       *database.DB
	counter                  *database.StatementCounter
	planID                   int
	people                   *synth.People
	employee, manager, chief *viewer.Viewer
}

func newStaffed(tb testing.TB, dia string, plans int, s synth.Staff) *staffed {
	tb.Helper()
	wrap, counter := database.CountStatements()
	db := dbtest.Open(tb, dia, wrap)
	ids := importFiles(tb, db, synth.Department(plans, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed))
	ctx := rule.SystemContext(context.Background(), "bench")
	people, err := synth.Populate(ctx, db.Client, ids[0], s)
	if err != nil {
		tb.Fatal(err)
	}
	load := func(user int) *viewer.Viewer {
		v, err := auth.LoadViewer(ctx, db.Client, user)
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
	return &staffed{
		db: db, counter: counter, planID: ids[0], people: people,
		employee: load(people.Employees[0]), manager: load(people.Managers[0]),
		chief: authtest.User(tb, db.Client, synth.Slug, "Förvaltningschef"),
	}
}

// BenchmarkSharedDuties measures, one request at a time through the real
// GraphQL handler, the three queries of issue 12 on a department of 40
// units and 1,500 employees (flags -units, -employees) whose first plan is
// half shared: an employee's and a unit manager's myActions (the web app's
// Mitt ansvar query) and the Förvaltningschef's planStatus of that plan
// (Uppföljning). It reports stmts/op, allocations, and p50/p99 latency.
// -scopes=false keeps the same duties done once, for comparison. Setting up
// takes a few minutes (some 150 000 sign-offs).
//
//	go test -run '^$' -bench SharedDuties -benchtime 50x ./bench/
func BenchmarkSharedDuties(b *testing.B) {
	for _, dia := range dbtest.Dialects {
		b.Run(dia, func(b *testing.B) {
			d := newStaffed(b, dia, *benchPlans, synth.Staff{
				Units: *benchUnits, Employees: *benchEmployees, Shared: *benchScopes, Seed: synth.DefaultSeed, AsOf: time.Now()})
			b.Logf("%d units, %d employees, %d sign-offs; plan %d shares %d actions by unit and %d sub-actions by person (scopes %v)",
				len(d.people.Units), len(d.people.Employees), d.people.SignOffs, d.planID,
				len(d.people.UnitDuties), len(d.people.PersonDuties), *benchScopes)
			cases := []struct {
				name  string
				v     *viewer.Viewer
				query string
				plan  int
			}{
				{"employee-my-actions", d.employee, bench.MyActionsQuery, 0},
				{"manager-my-actions", d.manager, bench.MyActionsQuery, 0},
				{"chief-plan-status", d.chief, bench.PlanStatusQuery, d.planID},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					url := serve(b, d.db, c.v)
					client := &http.Client{}
					body := sharedBody(c.query, c.plan)
					b.SetBytes(int64(len(postData(b, client, url, body))))
					b.ReportAllocs()
					var latencies []time.Duration
					d.counter.Reset()
					for b.Loop() {
						t0 := time.Now()
						postData(b, client, url, body)
						latencies = append(latencies, time.Since(t0))
					}
					b.ReportMetric(float64(d.counter.Count())/float64(b.N), "stmts/op")
					slices.Sort(latencies)
					b.ReportMetric(ms(percentile(latencies, 0.50)), "p50-ms")
					b.ReportMetric(ms(percentile(latencies, 0.99)), "p99-ms")
				})
			}
		})
	}
}

func sharedBody(query string, planID int) []byte {
	if planID != 0 {
		return requestBody(query, planID)
	}
	body, _ := json.Marshal(map[string]string{"query": query})
	return body
}

// TestSharedDepartment checks, on a small department, that the people and
// shared duties synth.Populate makes are what the benchmarks mean to ask
// about: the employee and the unit manager each see their own share, and
// planStatus counts every unit and person.
func TestSharedDepartment(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			d := newStaffed(t, dia, 1, synth.Staff{Units: 3, Employees: 12, Shared: true, Seed: 1, AsOf: time.Now()})
			if len(d.people.UnitDuties) != 100 || len(d.people.PersonDuties) < 50 || d.people.SignOffs == 0 {
				t.Fatalf("%d unit duties, %d person duties, %d sign-offs", len(d.people.UnitDuties), len(d.people.PersonDuties), d.people.SignOffs)
			}
			ids := func(v *viewer.Viewer) map[string]bool {
				var resp struct {
					Data struct {
						MyActions []struct{ Action struct{ ID string } }
					}
				}
				raw := postData(t, &http.Client{}, serve(t, d.db, v), sharedBody(bench.MyActionsQuery, 0))
				if err := json.Unmarshal(raw, &resp); err != nil {
					t.Fatal(err)
				}
				out := map[string]bool{}
				for _, it := range resp.Data.MyActions {
					out[it.Action.ID] = true
				}
				return out
			}
			has := func(got map[string]bool, want []int) int {
				n := 0
				for _, id := range want {
					if got[jsonID(id)] {
						n++
					}
				}
				return n
			}
			emp, mgr := ids(d.employee), ids(d.manager)
			if n := has(emp, d.people.PersonDuties); n == 0 || has(emp, d.people.UnitDuties) > 0 {
				t.Errorf("the employee's myActions has %d of the person duties and %d unit duties", n, has(emp, d.people.UnitDuties))
			}
			if n := has(mgr, d.people.UnitDuties); n == 0 {
				t.Errorf("the unit manager's myActions has none of the unit duties")
			}

			var resp struct {
				Data struct {
					PlanStatus struct{ Counts struct{ Total int } }
				}
			}
			raw := postData(t, &http.Client{}, serve(t, d.db, d.chief), sharedBody(bench.PlanStatusQuery, d.planID))
			if err := json.Unmarshal(raw, &resp); err != nil || resp.Data.PlanStatus.Counts.Total < 300 {
				t.Errorf("planStatus counts %d actions (%v): %.300s", resp.Data.PlanStatus.Counts.Total, err, raw)
			}
		})
	}
}

func jsonID(id int) string { b, _ := json.Marshal(id); return string(b) }
