package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// mineWorld is the shared-duty department of shared_test.go (twelve units
// with their managers, employees, board members, the Förvaltningschef)
// beside a second department with the same plan, on one database served
// by two replicas that cache trees and Mitt ansvar (as serve does) and one
// server that caches nothing, all on one clock the test sets.
type mineWorld struct {
	*sharedDept
	a, b     *replica
	uncached string
	clock    atomic.Int64 // unix nanoseconds
	deptB    int
	readerB  *viewer.Viewer // Förvaltningschef of department B
	editor   *viewer.Viewer // edits department A's plans
	viewers  []*viewer.Viewer
}

// mineQuery is the web app's Mitt ansvar query (operations.graphql) with
// units' and shares' fields, as of today.
const mineQuery = `query Mine {
  myActions(first: 500) {
    action { id number text deadlineKind dueMonth dueDate deadlineLabel scope responsible { id name } }
    plan { id title }
    followUp { status statusLabel due dueLabel lastSignedOn subActionsDone subActionsTotal
      shares { done total label } periods { key label start end status signedOn shares { done total label } } }
    units { id name }
  }
}`

func newMineWorld(t *testing.T, dia string) *mineWorld {
	t.Helper()
	url := dbtest.URL(t, dia)
	w := &mineWorld{a: openReplica(t, url), b: openReplica(t, url)}
	w.setDay("2024-12-20", 10)
	w.sharedDept = newSharedDept(t, w.a.db)
	c := w.a.db.Client
	ctx := rule.SystemContext(context.Background(), "test")
	planstest.ImportBollebygd(t, c, otherDept)
	w.deptB = c.Department.Query().Where(department.Slug(otherDept)).OnlyIDX(ctx)
	w.readerB = authtest.User(t, c, otherDept, "Förvaltningschef")
	w.editor = authtest.User(t, c, bollebygd, "Förvaltningschef", "Systemförvaltare")
	w.viewers = []*viewer.Viewer{w.owner, w.managers[0], w.managers[1], w.employees[0], w.employees[1], w.members[0], w.readerB, w.editor}
	clock := graph.Clock(func() time.Time { return time.Unix(0, w.clock.Load()) })
	w.a.url = serveViewers(t, w.a.db, clock, graph.CacheTrees(), graph.CacheMyActions())
	w.b.url = serveViewers(t, w.b.db, clock, graph.CacheTrees(), graph.CacheMyActions())
	w.uncached = serveViewers(t, w.a.db, clock)
	return w
}

// setDay sets the clock to hour o'clock of day in Stockholm.
func (w *mineWorld) setDay(day string, hour int) {
	d, err := time.ParseInLocation(time.DateOnly, day, followup.Location())
	if err != nil {
		panic(err)
	}
	w.clock.Store(d.Add(time.Duration(hour) * time.Hour).UnixNano())
}

// mine asks replica r for v's Mitt ansvar and reports the statements it
// cost.
func (r *replica) mine(t testing.TB, v *viewer.Viewer) ([]byte, int64) {
	t.Helper()
	r.counter.Reset()
	raw := ask(t, r.url, v, mineQuery, "", nil)
	if bytes.Contains(raw, []byte(`"errors"`)) {
		t.Fatalf("myActions: %.300s", raw)
	}
	return raw, r.counter.Count()
}

func TestACachedMyActionsIsTheComputedOneByteForByte(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newMineWorld(t, dia)
			doc := webAppDocument(t)
			for i, v := range w.viewers {
				first, n := w.a.mine(t, v)
				if n <= 1 {
					t.Fatalf("viewer %d: the first request cost %d statements; it cannot have been computed", i, n)
				}
				second, n := w.a.mine(t, v)
				if n != 1 {
					t.Errorf("viewer %d: the second request cost %d statements; want 1 (the versions) from the cache", i, n)
				}
				uncached := ask(t, w.uncached, v, mineQuery, "", nil)
				if !bytes.Equal(first, second) || !bytes.Equal(second, uncached) {
					t.Errorf("viewer %d: cached %.200s\ncomputed %.200s\nuncached %.200s", i, second, first, uncached)
				}
				// The web app's own queries of Mitt ansvar are the cache's too.
				for _, op := range []string{"MyActions", "MyShare"} {
					computed := ask(t, w.a.url, v, doc, op, nil)
					w.a.counter.Reset()
					cached := ask(t, w.a.url, v, doc, op, nil)
					if n := w.a.counter.Count(); n != 1 || !bytes.Equal(cached, computed) {
						t.Errorf("viewer %d, %s: %d statements the second time, same bytes %v; want 1 and true", i, op, n, bytes.Equal(cached, computed))
					}
				}
			}
			// A later hour of the same day is the same day's answer.
			w.setDay("2024-12-20", 23)
			if _, n := w.a.mine(t, w.owner); n != 1 {
				t.Errorf("later the same day the answer cost %d statements; want it cached", n)
			}
		})
	}
}

// TestNoViewerGetsAnotherViewersMyActions warms every viewer's entry on
// one replica, in turn and then again, and checks each answer against the
// server without the cache: no viewer ever gets another's list, whether
// they hold the same roles (two unit managers, two employees at different
// units) or are of another department.
func TestNoViewerGetsAnotherViewersMyActions(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newMineWorld(t, dia)
			// Two employees with the same memberships, one of whom has
			// done this period's part of their duty.
			if _, errs := w.sign(t, w.employees[0], w.readMinutes, 0, "2024-12-10"); len(errs) > 0 {
				t.Fatal(errs)
			}
			want := map[int][]byte{}
			for _, v := range w.viewers {
				want[v.UserID] = ask(t, w.uncached, v, mineQuery, "", nil)
			}
			for round := range 3 {
				for _, v := range w.viewers {
					if got, _ := w.a.mine(t, v); !bytes.Equal(got, want[v.UserID]) {
						t.Errorf("round %d: viewer %d got %.200s\nwant %.200s", round, v.UserID, got, want[v.UserID])
					}
				}
			}
			for _, pair := range [][2]*viewer.Viewer{{w.managers[0], w.managers[1]}, {w.employees[0], w.employees[1]}, {w.owner, w.readerB}} {
				if bytes.Equal(want[pair[0].UserID], want[pair[1].UserID]) {
					t.Errorf("viewers %d and %d have the same list; the test proves nothing", pair[0].UserID, pair[1].UserID)
				}
			}
			// Department B's Förvaltningschef answers for B's actions only.
			var got struct {
				Data struct {
					MyActions []struct{ Action struct{ ID string } }
				}
			}
			if err := json.Unmarshal(want[w.readerB.UserID], &got); err != nil || len(got.Data.MyActions) == 0 {
				t.Fatalf("department B's list: %v, %d items", err, len(got.Data.MyActions))
			}
			ctx := rule.SystemContext(context.Background(), "test")
			for _, it := range got.Data.MyActions {
				id, _ := strconv.Atoi(it.Action.ID)
				if a := w.a.db.Client.Action.GetX(ctx, id); a.DepartmentID != w.deptB {
					t.Fatalf("department B's viewer got action %d of department %d", id, a.DepartmentID)
				}
			}
		})
	}
}

// TestEveryWriteToMyActionsIsSeenByTheOtherReplica writes through one
// replica (through the API, or beside it in a transaction, as imports and
// logins do) each kind of thing Mitt ansvar depends on, and reads through
// the other, whose cache held the list before: the next answer is the new
// one, the same bytes the server without a cache gives.
func TestEveryWriteToMyActionsIsSeenByTheOtherReplica(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newMineWorld(t, dia)
			ctx := rule.SystemContext(context.Background(), "test")
			c := w.a.db.Client
			api := func(v *viewer.Viewer, query string, vars map[string]any) func() {
				return func() {
					raw := ask(t, w.a.url, v, query, "", vars)
					if bytes.Contains(raw, []byte(`"errors"`)) {
						t.Fatalf("%s: %s", query, raw)
					}
				}
			}
			inTx := func(f func(tx *ent.Tx) error) func() {
				return func() {
					if err := withTx(ctx, c, f); err != nil {
						t.Fatal(err)
					}
				}
			}
			var signOffID string
			manager, employee := w.managers[0], w.employees[0]
			enhetschef := c.Role.Query().Where(role.DepartmentID(w.deptID), role.Name("Enhetschef")).OnlyIDX(ctx)
			medarbetare := c.Role.Query().Where(role.DepartmentID(w.deptID), role.Name("Medarbetare")).OnlyIDX(ctx)
			oaFrom := c.OperationArea.Create().SetCode("TA").SetName("Testområde A").SetDepartmentID(w.deptID).SaveX(ctx)
			oaTo := c.OperationArea.Create().SetCode("TB").SetName("Testområde B").SetDepartmentID(w.deptID).SaveX(ctx)
			op := c.Unit.GetX(ctx, w.units[0]).QueryOperation().OnlyX(ctx)
			c.Operation.UpdateOne(op).SetOperationAreaID(oaFrom.ID).ExecX(ctx)
			// A manager of unit 2 who also holds Enhetschef for the operation area IFO.
			areaChef := w.managers[1]
			c.RoleAssignment.Create().SetUserID(areaChef.UserID).SetRoleID(enhetschef).SetDepartmentID(w.deptID).
				SetOperationAreaID(oaTo.ID).SetSource(roleassignment.SourceClaim).ExecX(ctx)
			routines := c.Action.GetX(ctx, w.unitRoutines)
			writes := []struct {
				name string
				v    *viewer.Viewer
				do   func()
			}{
				{"a sign-off", manager, func() {
					var got signedOff
					newAPI(t, w.a.db, manager).mustDo(signOffMutation, map[string]any{"in": map[string]any{
						"actionID": w.unitRoutines, "unitID": w.units[0], "doneOn": "2024-12-18", "idempotencyKey": "mine-1"}}, &got)
					signOffID = got.SignOff.ID
				}},
				{"its withdrawal", manager, func() {
					api(manager, `mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Fel enhet") { id } }`, map[string]any{"id": signOffID})()
				}},
				{"a sign-off by the plan's owner on the unit's behalf", manager, api(w.owner, signOffMutation, map[string]any{"in": map[string]any{
					"actionID": w.unitRoutines, "unitID": w.units[0], "doneOn": "2024-12-19", "idempotencyKey": "mine-2"}})},
				{"a unit's new manager", manager, inTx(func(tx *ent.Tx) error {
					return tx.Unit.UpdateOneID(w.units[0]).SetManagerID(w.managers[2].UserID).Exec(ctx)
				})},
				{"a role assignment given a unit", manager, inTx(func(tx *ent.Tx) error {
					ra := tx.RoleAssignment.Query().Where(roleassignment.UserID(manager.UserID), roleassignment.RoleID(enhetschef)).OnlyX(ctx)
					return tx.RoleAssignment.UpdateOne(ra).SetUnitID(w.units[3]).Exec(ctx)
				})},
				{"a role taken back through the API", employee, func() {
					ra := c.RoleAssignment.Query().Where(roleassignment.UserID(employee.UserID), roleassignment.RoleID(medarbetare)).OnlyX(ctx)
					api(w.editor, `mutation($id: ID!) { unassignRole(id: $id) }`, map[string]any{"id": ra.ID})()
				}},
				{"an operation moved to another operation area", areaChef, inTx(func(tx *ent.Tx) error {
					return tx.Operation.UpdateOneID(op.ID).SetOperationAreaID(oaTo.ID).Exec(ctx)
				})},
				{"an action's text", manager, api(w.editor, `mutation($id: ID!) { updateAction(id: $id, input: {text: "En ny åtgärdstext"}) { id } }`,
					map[string]any{"id": routines.ID})},
				{"a report-back given to one person", manager, inTx(func(tx *ent.Tx) error {
					// As visits.reportBack makes one when a board visit is held.
					return tx.Action.Create().SetAreaID(routines.AreaID).SetReportBackOfID(routines.ID).SetPosition(0).
						SetText("Återrapportering på APT").SetResponsibleID(enhetschef).SetAssigneeID(manager.UserID).
						SetDeadlineKind(action.DeadlineKindDate).SetDueDate("2024-12-30").SetDepartmentID(w.deptID).Exec(ctx)
				})},
				{"the plan archived", w.owner, api(w.editor, `mutation($id: ID!) { archivePlan(id: $id) { id } }`, map[string]any{"id": w.planID})},
				{"the plan reopened", w.owner, api(w.editor, `mutation($id: ID!) { reopenPlan(id: $id) { id } }`, map[string]any{"id": w.planID})},
				{"a new day", w.owner, func() { w.setDay("2025-01-01", 1) }},
			}
			for _, wr := range writes {
				before, _ := w.b.mine(t, wr.v)
				if _, n := w.b.mine(t, wr.v); n != 1 {
					t.Fatalf("before %s: the list was not cached (%d statements)", wr.name, n)
				}
				bBefore, _ := w.b.mine(t, w.readerB)
				wr.do()
				after, n := w.b.mine(t, wr.v)
				if n <= 1 || bytes.Equal(before, after) {
					t.Errorf("after %s the other replica answered from its cache (%d statements, the same bytes: %v)", wr.name, n, bytes.Equal(before, after))
				}
				if uncached := ask(t, w.uncached, wr.v, mineQuery, "", nil); !bytes.Equal(after, uncached) {
					t.Errorf("after %s: cached %.300s\nuncached %.300s", wr.name, after, uncached)
				}
				if _, n := w.b.mine(t, wr.v); n != 1 {
					t.Errorf("after %s the new list was not cached (%d statements)", wr.name, n)
				}
				// Department B was not written: its list stays cached, but
				// for the day, which is everyone's.
				bAfter, n := w.b.mine(t, w.readerB)
				if wr.name != "a new day" && (n != 1 || !bytes.Equal(bBefore, bAfter)) {
					t.Errorf("after %s in department A, B's list cost %d statements", wr.name, n)
				}
			}
		})
	}
}

// TestMyActionsStaysFreshUnderConcurrentWrites reads the Förvaltningschef's
// Mitt ansvar through two replicas while they sign their open deadlines
// off one after another through either replica, and then withdraw those
// sign-offs again: a request that starts after a write has been answered
// never shows the list from before it, and department B's viewer never
// gets one of A's actions. Run with -race.
func TestMyActionsStaysFreshUnderConcurrentWrites(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			w := newMineWorld(t, dia)
			ctx := rule.SystemContext(context.Background(), "test")
			// The owner's open month deadlines done once.
			var todo []int
			for _, it := range w.itemsOf(t, w.a, w.owner) {
				if it.FollowUp.Status != "done" && it.Action.DeadlineKind == "month" && it.Action.Scope == "once" {
					id, _ := strconv.Atoi(it.Action.ID)
					todo = append(todo, id)
				}
			}
			if len(todo) < 3 {
				t.Fatalf("the owner has %d open month deadlines; want 3 or more", len(todo))
			}
			// Write i (1-based) signs todo[i-1] off, then write n+i
			// withdraws it: after write j, want[j] of the owner's actions
			// are done.
			base := w.doneOf(t, w.a, w.owner)
			n := len(todo)
			want := make([]int, 2*n+1)
			for j := range want {
				want[j] = base + min(j, 2*n-j)
			}
			var written atomic.Int64
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
						floor := written.Load()
						got := w.doneOf(t, rep, w.owner)
						// A write in flight may have committed before its answer.
						ceil := min(written.Load()+1, int64(2*n))
						ok := false
						for j := floor; j <= ceil; j++ {
							ok = ok || got == want[j]
						}
						if !ok {
							t.Errorf("a request that started after write %d (of %d) counted %d done; want one of %v", floor, 2*n, got, want[floor:ceil+1])
						}
						for _, it := range w.itemsOf(t, rep, w.readerB) {
							id, _ := strconv.Atoi(it.Action.ID)
							if w.a.db.Client.Action.GetX(ctx, id).DepartmentID != w.deptB {
								t.Errorf("department B's viewer got action %d", id)
							}
						}
						reads.Add(1)
					}
				})
			}
			ids := make([]string, n)
			for i, id := range todo {
				var got struct {
					Data signedOff
				}
				raw := ask(t, []*replica{w.a, w.b}[i%2].url, w.owner, signOffMutation, "", map[string]any{"in": map[string]any{
					"actionID": id, "doneOn": "2024-12-19", "idempotencyKey": fmt.Sprint("race-", i)}})
				if err := json.Unmarshal(raw, &got); err != nil || got.Data.SignOff.ID == "" {
					t.Fatalf("sign-off %d: %s", i, raw)
				}
				ids[i] = got.Data.SignOff.ID
				written.Store(int64(i + 1))
			}
			for i, id := range ids {
				raw := ask(t, []*replica{w.b, w.a}[i%2].url, w.owner, `mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Fel") { id } }`, "",
					map[string]any{"id": id})
				if bytes.Contains(raw, []byte(`"errors"`)) {
					t.Fatalf("withdrawal %d: %s", i, raw)
				}
				written.Store(int64(n + i + 1))
			}
			close(stop)
			wg.Wait()
			if got := w.doneOf(t, w.b, w.owner); got != base {
				t.Errorf("after signing and withdrawing, %d are done; want %d", got, base)
			}
			t.Logf("%d reads during %d writes", reads.Load(), 2*n)
		})
	}
}

type mineItem struct {
	Action struct {
		ID, DeadlineKind, Scope string
	}
	FollowUp struct{ Status string }
}

func (w *mineWorld) itemsOf(t testing.TB, r *replica, v *viewer.Viewer) []mineItem {
	t.Helper()
	var got struct {
		Data struct{ MyActions []mineItem }
	}
	raw := ask(t, r.url, v, mineQuery, "", nil)
	if err := json.Unmarshal(raw, &got); err != nil || len(got.Data.MyActions) == 0 {
		t.Fatalf("myActions: %v: %.300s", err, raw)
	}
	return got.Data.MyActions
}

func (w *mineWorld) doneOf(t testing.TB, r *replica, v *viewer.Viewer) int {
	n := 0
	for _, it := range w.itemsOf(t, r, v) {
		if it.FollowUp.Status == "done" {
			n++
		}
	}
	return n
}
