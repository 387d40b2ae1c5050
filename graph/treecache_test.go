package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// replica is one server instance: its own pool and ent client on the
// shared database, its own tree cache, and a count of the statements it
// sends. A cached answer costs one statement (the plan versions).
type replica struct {
	db      *database.DB
	counter *database.StatementCounter
	url     string
}

// openReplica opens and migrates the database at url as one server of
// several would, counting its statements.
func openReplica(t *testing.T, url string) *replica {
	t.Helper()
	wrap, counter := database.CountStatements()
	db, err := database.Open(url, wrap)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &replica{db: db, counter: counter}
}

// treeWorld is one database with the Bollebygd plan in two departments,
// served by two replicas that cache trees (as serve does) and one server
// that does not, to compare answers with.
type treeWorld struct {
	a, b                *replica
	uncached            string
	planA, planB        int
	deptA, deptB        int
	editorA, readerA    *viewer.Viewer
	readerB, readerBoth *viewer.Viewer
	enhetschef          int
}

func newTreeWorld(t *testing.T, dia string) *treeWorld {
	t.Helper()
	url := dbtest.URL(t, dia)
	w := &treeWorld{a: openReplica(t, url), b: openReplica(t, url)}
	db := w.a.db
	resA := seedBollebygd(t, db)
	resB := planstest.ImportBollebygd(t, db.Client, otherDept)
	w.planA, w.planB, w.deptA, w.deptB = resA.PlanID, resB.PlanID, resA.DepartmentID, resB.DepartmentID
	ctx := rule.SystemContext(context.Background(), "test")
	w.enhetschef = db.Client.Role.Query().Where(role.DepartmentID(w.deptA), role.Name("Enhetschef")).OnlyIDX(ctx)
	w.editorA = authtest.User(t, db.Client, bollebygd, "Förvaltningschef", "Systemförvaltare")
	w.readerA = authtest.User(t, db.Client, bollebygd, "Enhetschef")
	w.readerB = authtest.User(t, db.Client, otherDept, "Enhetschef")
	both := authtest.User(t, db.Client, bollebygd, "Enhetschef")
	other := authtest.User(t, db.Client, otherDept, "Enhetschef")
	both.Departments[w.deptB] = other.Departments[w.deptB] // the viewer as login loads it, in both
	w.readerBoth = both

	w.a.url = serveViewers(t, w.a.db, graph.CacheTrees())
	w.b.url = serveViewers(t, w.b.db, graph.CacheTrees())
	w.uncached = serveViewers(t, w.a.db)
	return w
}

// viewers are the test's viewers by user id: a request names its viewer
// in the X-Test-Viewer header, and the test servers put it into the
// request's context as the login middleware would.
var viewers sync.Map // int → *viewer.Viewer

func serveViewers(t *testing.T, db *database.DB, opts ...graph.Option) string {
	h := graph.NewHandler(db.Client, slog.New(slog.DiscardHandler), graph.DefaultLimits, false, opts...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.Header.Get("X-Test-Viewer"))
		v, ok := viewers.Load(id)
		if !ok {
			http.Error(w, "no viewer", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v.(*viewer.Viewer))))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// ask posts a request as v and returns the body as sent.
func ask(t testing.TB, url string, v *viewer.Viewer, query, operation string, vars map[string]any) []byte {
	t.Helper()
	viewers.Store(v.UserID, v)
	body, _ := json.Marshal(map[string]any{"query": query, "operationName": operation, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Test-Viewer", strconv.Itoa(v.UserID))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %.300s (%v)", resp.StatusCode, raw, err)
	}
	return raw
}

// treeOf asks replica r for plan's tree as v and reports the statements it
// cost.
func (r *replica) treeOf(t testing.TB, v *viewer.Viewer, plan int) ([]byte, int64) {
	t.Helper()
	r.counter.Reset()
	raw := ask(t, r.url, v, planTreeQuery, "", map[string]any{"id": fmt.Sprint(plan)})
	return raw, r.counter.Count()
}

func TestACachedTreeIsTheComputedOneByteForByte(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newTreeWorld(t, dia)
			first, n := w.a.treeOf(t, w.readerA, w.planA)
			if n <= 1 {
				t.Fatalf("the first request cost %d statements; it cannot have been computed", n)
			}
			second, n := w.a.treeOf(t, w.readerA, w.planA)
			if n != 1 {
				t.Errorf("the second request cost %d statements; want 1 (the versions) from the cache", n)
			}
			uncached := ask(t, w.uncached, w.readerA, planTreeQuery, "", map[string]any{"id": fmt.Sprint(w.planA)})
			if !bytes.Equal(first, second) || !bytes.Equal(second, uncached) {
				t.Errorf("cached %.200s\ncomputed %.200s\nuncached %.200s", second, first, uncached)
			}
			if !bytes.Contains(second, []byte(`"slug":"`+bollebygd+`"`)) {
				t.Errorf("not the plan: %.300s", second)
			}

			// The web app's own queries of the plan are the cache's too.
			doc := webAppDocument(t)
			for _, op := range []string{"PlanTree", "AdminPlan"} {
				vars := map[string]any{"id": fmt.Sprint(w.planA)}
				computed := ask(t, w.a.url, w.editorA, doc, op, vars)
				w.a.counter.Reset()
				cached := ask(t, w.a.url, w.editorA, doc, op, vars)
				if n := w.a.counter.Count(); n != 1 || !bytes.Equal(cached, computed) {
					t.Errorf("%s: %d statements the second time, same bytes %v; want 1 and true", op, n, bytes.Equal(cached, computed))
				}
			}
		})
	}
}

func TestNoViewerGetsAnotherDepartmentsTree(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newTreeWorld(t, dia)
			// Warm every entry as the viewer of department A, twice.
			for range 2 {
				w.a.treeOf(t, w.readerA, w.planA)
				w.a.treeOf(t, w.readerA, w.planB)
			}
			for range 2 { // computed, then cached
				if got, _ := w.a.treeOf(t, w.readerB, w.planA); string(got) != `{"data":{"plan":null}}` {
					t.Errorf("department B's viewer asked for A's plan and got %.200s", got)
				}
				got, _ := w.a.treeOf(t, w.readerB, w.planB)
				if !bytes.Contains(got, []byte(`"slug":"`+otherDept+`"`)) || bytes.Contains(got, []byte(bollebygd)) {
					t.Errorf("department B's viewer got %.200s for its own plan", got)
				}
				if got, _ := w.a.treeOf(t, w.readerA, w.planB); string(got) != `{"data":{"plan":null}}` {
					t.Errorf("department A's viewer asked for B's plan and got %.200s", got)
				}
				if got, _ := w.a.treeOf(t, w.readerBoth, w.planB); !bytes.Contains(got, []byte(`"slug":"`+otherDept+`"`)) {
					t.Errorf("a viewer of both departments got %.200s for B's plan", got)
				}
			}
		})
	}
}

// TestADraftsTreeReachesItsEditorsOnly caches a draft's tree for its editor
// and asks again as a reader of the same department, who must not see it
// (rule.FilterDraftPlans), and as the editor, who may edit it (viewerCanEdit
// is in the key's memberships, not the department alone).
func TestADraftsTreeReachesItsEditorsOnly(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newTreeWorld(t, dia)
			ctx := rule.SystemContext(context.Background(), "test")
			if err := w.a.db.Client.Plan.UpdateOneID(w.planA).SetStatus(plan.StatusDraft).Exec(ctx); err != nil {
				t.Fatal(err)
			}
			const query = `query($id: ID!) { plan(id: $id) { id title viewerCanEdit } }`
			vars := map[string]any{"id": fmt.Sprint(w.planA)}
			for range 2 { // computed, then cached
				if got := ask(t, w.a.url, w.editorA, query, "", vars); !bytes.Contains(got, []byte(`"viewerCanEdit":true`)) {
					t.Errorf("the draft's editor got %.200s", got)
				}
				if got := ask(t, w.a.url, w.readerA, query, "", vars); string(got) != `{"data":{"plan":null}}` {
					t.Errorf("a reader of the draft's department got %.200s", got)
				}
			}
		})
	}
}

// TestEveryWriteToATreeIsSeenByTheOtherReplica writes through one replica
// (and, for the department's name, beside the API) and reads through the
// other, whose cache held the tree before: the next answer is the new tree,
// the same bytes a server without a cache gives, and after it the cache
// answers again.
func TestEveryWriteToATreeIsSeenByTheOtherReplica(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newTreeWorld(t, dia)
			ctx := rule.SystemContext(context.Background(), "test")
			c := w.a.db.Client
			areaID := c.Plan.GetX(ctx, w.planA).QueryAreas().FirstIDX(ctx)
			act := c.Action.Query().Where(action.AreaID(areaID), action.ParentIDIsNil()).FirstX(ctx)
			sub := c.Action.Query().Where(action.DepartmentID(w.deptA), action.ParentIDNotNil()).FirstX(ctx)
			mutate := func(query string, vars map[string]any) func() {
				return func() {
					raw := ask(t, w.a.url, w.editorA, query, "", vars)
					if bytes.Contains(raw, []byte(`"errors"`)) {
						t.Fatalf("%s: %s", query, raw)
					}
				}
			}
			writes := []struct {
				name  string
				write func()
				shows string
			}{
				{"a plan's title", mutate(`mutation($id: ID!) { updatePlan(id: $id, input: {title: "Ny titel på planen"}) { id } }`,
					map[string]any{"id": w.planA}), "Ny titel på planen"},
				{"a new area", mutate(`mutation($plan: ID!) { createArea(input: {planID: $plan, position: 20, title: "Ett nytt område"}) { id } }`,
					map[string]any{"plan": w.planA}), "Ett nytt område"},
				{"an area's purpose", mutate(`mutation($id: ID!) { updateArea(id: $id, input: {purpose: "Ett nytt syfte"}) { id } }`,
					map[string]any{"id": areaID}), "Ett nytt syfte"},
				{"an action's text", mutate(`mutation($id: ID!) { updateAction(id: $id, input: {text: "En ny åtgärdstext"}) { id } }`,
					map[string]any{"id": act.ID}), "En ny åtgärdstext"},
				{"a sub-action's deadline", mutate(`mutation($id: ID!) { updateAction(id: $id, input: {deadlineKind: month, dueMonth: "2031-07"}) { id } }`,
					map[string]any{"id": sub.ID}), "2031-07"},
				{"a new sub-action", mutate(`mutation($area: ID!, $parent: ID!, $role: ID!) {
					createAction(input: {areaID: $area, parentID: $parent, position: 9, text: "En ny delåtgärd", responsibleID: $role, deadlineKind: continuous}) { id } }`,
					map[string]any{"area": act.AreaID, "parent": act.ID, "role": w.enhetschef}), "En ny delåtgärd"},
				{"a role's name", mutate(`mutation($id: ID!) { updateRole(id: $id, input: {name: "Enhetsledare"}) { id } }`,
					map[string]any{"id": w.enhetschef}), "Enhetsledare"},
				{"the department's name, beside the API", func() {
					err := withTx(ctx, w.a.db.Client, func(tx *ent.Tx) error {
						return tx.Department.UpdateOneID(w.deptA).SetName("Omsorgsförvaltningen").Exec(ctx)
					})
					if err != nil {
						t.Fatal(err)
					}
				}, "Omsorgsförvaltningen"},
				{"a moved area", mutate(`mutation($id: ID!) { moveArea(id: $id, position: 1) { id } }`,
					map[string]any{"id": c.Area.Query().Where(area.PlanID(w.planA)).Order(area.ByPosition()).Offset(2).FirstIDX(ctx)}), ""},
				{"a moved action", mutate(`mutation($id: ID!) { moveAction(id: $id, position: 2) { id } }`,
					map[string]any{"id": act.ID}), ""},
				{"a deleted action", mutate(`mutation($id: ID!) { deleteAction(id: $id) }`,
					map[string]any{"id": act.ID}), ""},
			}
			for _, wr := range writes {
				before, _ := w.b.treeOf(t, w.readerA, w.planA)
				if _, n := w.b.treeOf(t, w.readerA, w.planA); n != 1 {
					t.Fatalf("before %s: the tree was not cached (%d statements)", wr.name, n)
				}
				wr.write()
				after, n := w.b.treeOf(t, w.readerA, w.planA)
				if n <= 1 || bytes.Equal(before, after) {
					t.Errorf("after %s the other replica answered from its cache (%d statements)", wr.name, n)
				}
				if !bytes.Contains(after, []byte(wr.shows)) {
					t.Errorf("after %s the tree lacks %q", wr.name, wr.shows)
				}
				if wr.name == "a deleted action" && bytes.Contains(after, []byte(`"id":"`+strconv.Itoa(act.ID)+`"`)) {
					t.Errorf("the deleted action is still in the tree")
				}
				if uncached := ask(t, w.uncached, w.readerA, planTreeQuery, "", map[string]any{"id": fmt.Sprint(w.planA)}); !bytes.Equal(after, uncached) {
					t.Errorf("after %s: cached %.200s, uncached %.200s", wr.name, after, uncached)
				}
				// Department B's tree was not written: still cached.
				w.b.treeOf(t, w.readerB, w.planB)
				if _, n := w.b.treeOf(t, w.readerB, w.planB); n != 1 {
					t.Errorf("after %s in department A, B's tree cost %d statements; want it cached", wr.name, n)
				}
			}
		})
	}
}

// TestViewerAndDateFieldsAreNeverCached asks, twice each, queries of a
// plan that also read a field outside the tree: each costs, every time,
// what it costs a server without the cache (which reads no versions), and
// two viewers of the same department get their own answers.
func TestViewerAndDateFieldsAreNeverCached(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newTreeWorld(t, dia)
			ledamot := authtest.User(t, w.a.db.Client, bollebygd, "Ledamot")
			vars := map[string]any{"id": fmt.Sprint(w.planA)}
			cost := func(url string, q string) int64 {
				w.a.counter.Reset()
				if raw := ask(t, url, w.readerA, q, "", vars); bytes.Contains(raw, []byte(`"errors"`)) {
					t.Fatalf("%s: %s", q, raw)
				}
				return w.a.counter.Count()
			}
			for _, q := range []string{
				`query($id: ID!) { plan(id: $id) { title owner { responsibilities(first: 5) { edges { node { id viewerCanSignOff } } } } } }`,
				`query($id: ID!) { plan(id: $id) { title owner { responsibilities(first: 5) { edges { node { id shares { status } } } } } } }`,
				`query($id: ID!) { plan(id: $id) { areas { actions { id signOffs { id doneOn } } } } }`,
				`query($id: ID!) { plan(id: $id) { title } planStatus(planID: $id) { asOf } }`,
				`query($id: ID!) { node(id: $id) { id ... on Plan { title } } }`,
				`query($id: ID!) { plan(id: $id) { department { viewerOrganisesWorkshops } } }`,
				`query($id: ID!) { plan(id: $id) { title } me { user { name } } }`,
			} {
				want := cost(w.uncached, q)
				for i := range 2 {
					if n := cost(w.a.url, q); n != want {
						t.Errorf("request %d of %s cost %d statements, %d without the cache", i+1, q, n, want)
					}
				}
			}

			// The plan owner's holder may sign their actions off, a
			// Ledamot none of them: each gets their own answer, whoever
			// asked first.
			q := `query($id: ID!) { plan(id: $id) { owner { responsibilities(first: 10) { edges { node { id viewerCanSignOff } } } } } }`
			owners := ask(t, w.a.url, w.editorA, q, "", vars)
			theirs := ask(t, w.a.url, ledamot, q, "", vars)
			if !bytes.Contains(owners, []byte(`"viewerCanSignOff":true`)) || bytes.Contains(theirs, []byte(`"viewerCanSignOff":true`)) {
				t.Fatalf("the Förvaltningschef got %.300s\nthe Ledamot %.300s", owners, theirs)
			}
			for _, c := range []struct {
				v    *viewer.Viewer
				want []byte
			}{{w.editorA, owners}, {ledamot, theirs}, {w.editorA, owners}} {
				if got := ask(t, w.a.url, c.v, q, "", vars); !bytes.Equal(got, c.want) {
					t.Errorf("viewerCanSignOff changed between two requests of the same viewer: %.200s", got)
				}
			}
		})
	}
}

// TestTheTreeStaysFreshUnderConcurrentWrites reads a plan's title through
// two replicas while its editor renames it again and again: a request that
// starts after a rename has been answered never shows an earlier title,
// and department B's viewer never sees A's plan. Run with -race.
func TestTheTreeStaysFreshUnderConcurrentWrites(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newTreeWorld(t, dia)
			const renames = 15
			var done atomic.Int64 // the last rename answered
			titleQuery := `query($id: ID!) { plan(id: $id) { title areas { id title } } }`
			vars := map[string]any{"id": fmt.Sprint(w.planA)}
			rename := func(i int) {
				raw := ask(t, w.a.url, w.editorA, `mutation($id: ID!, $t: String!) { updatePlan(id: $id, input: {title: $t}) { id } }`, "",
					map[string]any{"id": w.planA, "t": fmt.Sprint("Titel ", i)})
				if bytes.Contains(raw, []byte(`"errors"`)) {
					t.Errorf("rename %d: %s", i, raw)
				}
			}
			rename(0)
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var reads atomic.Int64
			for r := range 4 {
				rep := []*replica{w.a, w.b}[r%2]
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						floor := done.Load()
						var got struct {
							Data struct{ Plan *struct{ Title string } }
						}
						if err := json.Unmarshal(ask(t, rep.url, w.readerA, titleQuery, "", vars), &got); err != nil || got.Data.Plan == nil {
							t.Errorf("no plan: %v", err)
							return
						}
						n, err := strconv.Atoi(strings.TrimPrefix(got.Data.Plan.Title, "Titel "))
						if err != nil || int64(n) < floor {
							t.Errorf("a request that started after rename %d read %q", floor, got.Data.Plan.Title)
						}
						if other := ask(t, rep.url, w.readerB, titleQuery, "", vars); string(other) != `{"data":{"plan":null}}` {
							t.Errorf("department B's viewer read %.200s", other)
						}
						reads.Add(1)
					}
				})
			}
			for i := 1; i <= renames; i++ {
				rename(i)
				done.Store(int64(i))
			}
			close(stop)
			wg.Wait()
			t.Logf("%d reads during %d renames", reads.Load(), renames)
		})
	}
}

func withTx(ctx context.Context, client *ent.Client, f func(*ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
