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
	"slices"
	"strconv"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// sharedDept is the Bollebygd plan in a department of twelve units, each
// with its manager, eleven board members and fifty employees spread over
// the units, all holding their roles since before the plan was adopted.
type sharedDept struct {
	db        *database.DB
	units     []int            // by name: Enhet 01 … Enhet 12
	managers  []*viewer.Viewer // managers[i] manages units[i]
	members   []*viewer.Viewer // Ledamot
	employees []*viewer.Viewer // Medarbetare; employees[i] works at units[i%12]
	owner     *viewer.Viewer   // Förvaltningschef, the plan's owner
	// Shared duties of the plan, by scope as a careful reader marks them.
	raiseMinutes   int // "Enhetschefer ska lyfta protokoll … på sina APT": each unit, continuous
	unitRoutines   int // "Säkerställ att alla enhetens rutiner …": each unit, December 2024
	readMinutes    int // "Medarbetare ska ta ansvar …": each person, continuous
	memberDuty     int // a board member duty of each person, due in November 2026
	planID, deptID int
}

func newSharedDept(t *testing.T, db *database.DB) *sharedDept {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	c := db.Client
	seeded := seedBollebygd(t, db)
	d := &sharedDept{db: db, planID: seeded.PlanID}
	d.deptID = c.Department.Query().Where(department.Slug(bollebygd)).OnlyIDX(ctx)
	op := c.Operation.Create().SetName("Äldreomsorg").SetDepartmentID(d.deptID).SaveX(ctx)
	for i := range 12 {
		m := authtest.User(t, c, bollebygd, "Enhetschef")
		u := c.Unit.Create().SetName(fmt.Sprintf("Enhet %02d", i+1)).SetOperationID(op.ID).
			SetManagerID(m.UserID).SetDepartmentID(d.deptID).SaveX(ctx)
		d.units, d.managers = append(d.units, u.ID), append(d.managers, m)
	}
	for range 11 {
		d.members = append(d.members, authtest.User(t, c, bollebygd, "Ledamot"))
	}
	for i := range 50 {
		e := authtest.User(t, c, bollebygd, "Medarbetare")
		ra := c.RoleAssignment.Query().Where(roleassignment.UserID(e.UserID)).OnlyX(ctx)
		c.RoleAssignment.UpdateOne(ra).SetUnitID(d.units[i%12]).ExecX(ctx)
		d.employees = append(d.employees, e)
	}
	d.owner = authtest.User(t, c, bollebygd, "Förvaltningschef")
	// Everyone has held their role since before the plan was adopted.
	if _, err := db.SQL.ExecContext(ctx, `UPDATE role_assignments SET created_at = '2024-01-01 00:00:00+00:00'`); err != nil {
		t.Fatal(err)
	}
	set := func(prefix string, scope action.Scope) int {
		a := c.Action.Query().Where(action.TextHasPrefix(prefix)).OnlyX(ctx)
		c.Action.UpdateOne(a).SetScope(scope).ExecX(ctx)
		return a.ID
	}
	d.raiseMinutes = set(raiseMinutes, action.ScopeEachUnit)
	d.unitRoutines = set(unitRoutines, action.ScopeEachUnit)
	d.readMinutes = set("Medarbetare ska ta ansvar", action.ScopeEachPerson)
	parent := c.Action.Query().Where(action.TextHasPrefix("Politiker gör studiebesök")).OnlyX(ctx)
	ledamot := c.Role.Query().Where(role.Name("Ledamot"), role.DepartmentID(d.deptID)).OnlyIDX(ctx)
	d.memberDuty = c.Action.Create().SetAreaID(parent.AreaID).SetParentID(parent.ID).SetPosition(9).
		SetText("Varje ledamot lämnar sina intryck skriftligt.").SetResponsibleID(ledamot).
		SetDeadlineKind(action.DeadlineKindMonth).SetDueMonth("2026-11").SetScope(action.ScopeEachPerson).
		SetDepartmentID(d.deptID).SaveX(ctx).ID
	return d
}

func (d *sharedDept) api(t *testing.T, v *viewer.Viewer) *api { return newAPI(t, d.db, v) }

// sign signs off actionID as v, for unitID when not zero.
func (d *sharedDept) sign(t *testing.T, v *viewer.Viewer, actionID, unitID int, doneOn string) (string, []gqlError) {
	t.Helper()
	in := map[string]any{"actionID": actionID, "doneOn": doneOn, "idempotencyKey": fmt.Sprintf("k-%d-%d-%d-%s", v.UserID, actionID, unitID, doneOn)}
	if unitID != 0 {
		in["unitID"] = unitID
	}
	var got signedOff
	errs := d.api(t, v).do(signOffMutation, map[string]any{"in": in}, &got)
	return got.SignOff.ID, errs
}

type shareTally struct {
	Done, Total int
	Label       string
}

type dutyStatus struct {
	Status string
	Shares *shareTally
}

// status reads an action's follow-up from planStatus as of a day (today
// when empty), as the board sees it.
func (d *sharedDept) status(t *testing.T, actionID int, asOf string) dutyStatus {
	t.Helper()
	var got struct {
		PlanStatus struct {
			Actions []struct {
				Action   struct{ ID string }
				FollowUp dutyStatus
			}
		}
	}
	vars := map[string]any{"id": d.planID}
	if asOf != "" { // today
		vars["asOf"] = asOf
	}
	d.api(t, d.owner).mustDo(`query($id: ID!, $asOf: Date) { planStatus(planID: $id, asOf: $asOf) {
		actions { action { id } followUp { status shares { done total label } } } } }`, vars, &got)
	for _, a := range got.PlanStatus.Actions {
		if a.Action.ID == fmt.Sprint(actionID) {
			return a.FollowUp
		}
	}
	t.Fatalf("action %d is not in planStatus", actionID)
	return dutyStatus{}
}

// mine reads an action from v's myActions: their own share.
func (d *sharedDept) mine(t *testing.T, v *viewer.Viewer, actionID int, asOf string) (dutyStatus, []string, bool) {
	t.Helper()
	var got struct {
		MyActions []struct {
			Action   struct{ ID string }
			Units    []struct{ Name string }
			FollowUp dutyStatus
		}
	}
	d.api(t, v).mustDo(`query($asOf: Date) { myActions(asOf: $asOf, first: 500) {
		action { id } units { name } followUp { status shares { done total label } } } }`, map[string]any{"asOf": asOf}, &got)
	for _, a := range got.MyActions {
		if a.Action.ID == fmt.Sprint(actionID) {
			var units []string
			for _, u := range a.Units {
				units = append(units, u.Name)
			}
			return a.FollowUp, units, true
		}
	}
	return dutyStatus{}, nil, false
}

func TestASharedDutyIsDoneWhenEveryUnitOrPersonHasSigned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		d := newSharedDept(t, db)

		t.Run("one unit manager's sign-off is their unit's share, not the duty", func(t *testing.T) {
			if _, errs := d.sign(t, d.managers[0], d.unitRoutines, 0, "2024-11-20"); len(errs) > 0 {
				t.Fatal(errs)
			}
			got := d.status(t, d.unitRoutines, "2024-11-30")
			if got.Status == "done" || got.Shares == nil || got.Shares.Done != 1 || got.Shares.Total != 12 || got.Shares.Label != "1 av 12 enheter" {
				t.Errorf("planStatus = %+v, want open with 1 av 12 enheter", got)
			}
			mine, units, ok := d.mine(t, d.managers[0], d.unitRoutines, "2024-11-30")
			if !ok || mine.Status != "done" || !slices.Equal(units, []string{"Enhet 01"}) {
				t.Errorf("the signer's own myActions = %+v %v %v, want done for Enhet 01", mine, units, ok)
			}
			other, _, _ := d.mine(t, d.managers[1], d.unitRoutines, "2024-11-30")
			if other.Status == "done" {
				t.Errorf("another unit manager's share = %+v, want open", other)
			}
		})

		t.Run("past the deadline the duty is overdue, and so is each unit that did not sign", func(t *testing.T) {
			got := d.status(t, d.unitRoutines, "2025-01-15")
			if got.Status != "overdue" || got.Shares.Done != 1 {
				t.Errorf("planStatus = %+v, want overdue with one unit done", got)
			}
			late, _, _ := d.mine(t, d.managers[5], d.unitRoutines, "2025-01-15")
			if late.Status != "overdue" {
				t.Errorf("a unit without its sign-off = %+v, want overdue", late)
			}
			var shares struct {
				Node struct {
					Shares []struct {
						Unit     *struct{ Name string }
						Status   string
						SignedOn *string
					}
				}
			}
			d.api(t, d.owner).mustDo(`query($id: ID!) { node(id: $id) { ... on Action { shares(asOf: "2025-01-15") { unit { name } status signedOn } } } }`,
				map[string]any{"id": d.unitRoutines}, &shares)
			var done, missing []string
			for _, s := range shares.Node.Shares {
				if s.Status == "done" {
					done = append(done, s.Unit.Name+" "+*s.SignedOn)
				} else if s.Status == "overdue" {
					missing = append(missing, s.Unit.Name)
				}
			}
			if !slices.Equal(done, []string{"Enhet 01 2024-11-20"}) || len(missing) != 11 || missing[0] != "Enhet 02" {
				t.Errorf("who has done it: %v; who has not: %v", done, missing)
			}
		})

		t.Run("when every unit has signed, the duty is done", func(t *testing.T) {
			for i := 1; i < 12; i++ {
				if _, errs := d.sign(t, d.managers[i], d.unitRoutines, 0, "2024-12-1"+fmt.Sprint(i%10)); len(errs) > 0 {
					t.Fatal(errs)
				}
			}
			if got := d.status(t, d.unitRoutines, "2024-12-31"); got.Status != "done" || got.Shares.Label != "12 av 12 enheter" {
				t.Errorf("planStatus = %+v, want done, 12 av 12 enheter", got)
			}
		})

		t.Run("a unit manager signs for their own unit only; the plan owner for any, on its behalf", func(t *testing.T) {
			_, errs := d.sign(t, d.managers[0], d.raiseMinutes, d.units[1], "2024-10-01")
			if len(errs) == 0 || errs[0].Extensions["code"] != "FORBIDDEN" {
				t.Errorf("signing for another's unit = %+v, want FORBIDDEN", errs)
			}
			if _, errs := d.sign(t, d.owner, d.raiseMinutes, 0, "2024-10-01"); len(errs) == 0 || errs[0].Extensions["field"] != "unitID" {
				t.Errorf("the owner without a unit = %+v, want to be asked for the unit", errs)
			}
			if _, errs := d.sign(t, d.owner, d.raiseMinutes, d.units[1], "2024-10-01"); len(errs) > 0 {
				t.Errorf("the owner for Enhet 02 = %+v", errs)
			}
			// Twice for one unit is a conflict; another unit is not.
			if _, errs := d.sign(t, d.managers[1], d.raiseMinutes, 0, "2024-10-02"); len(errs) == 0 || errs[0].Extensions["code"] != "CONFLICT" {
				t.Errorf("Enhet 02 again = %+v, want CONFLICT", errs)
			}
			if _, errs := d.sign(t, d.managers[2], d.raiseMinutes, 0, "2024-10-02"); len(errs) > 0 {
				t.Errorf("Enhet 03 = %+v", errs)
			}
			got := d.status(t, d.raiseMinutes, "2024-10-31")
			if got.Status == "done" || got.Shares.Label != "2 av 12 enheter" {
				t.Errorf("planStatus = %+v, want 2 av 12 enheter in HT 2024", got)
			}
		})

		t.Run("each employee signs for themselves; withdrawing one share reopens it for them alone", func(t *testing.T) {
			var ids []string
			for _, e := range d.employees[:49] {
				id, errs := d.sign(t, e, d.readMinutes, 0, "2024-10-05")
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				ids = append(ids, id)
			}
			if got := d.status(t, d.readMinutes, "2024-10-31"); got.Status == "done" || got.Shares.Label != "49 av 50 personer" {
				t.Errorf("planStatus = %+v, want 49 av 50 personer", got)
			}
			if _, errs := d.sign(t, d.employees[49], d.readMinutes, 0, "2024-10-06"); len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := d.status(t, d.readMinutes, "2024-10-31"); got.Status != "done" {
				t.Errorf("planStatus after the fiftieth = %+v, want done", got)
			}
			d.api(t, d.employees[3]).mustDo(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "fel termin") { id } }`, map[string]any{"id": ids[3]}, nil)
			if got := d.status(t, d.readMinutes, "2024-10-31"); got.Status == "done" || got.Shares.Done != 49 {
				t.Errorf("planStatus after a withdrawal = %+v, want 49 done", got)
			}
			if mine, _, _ := d.mine(t, d.employees[3], d.readMinutes, "2024-10-31"); mine.Status == "done" {
				t.Errorf("the withdrawn share = %+v, want open", mine)
			}
			if mine, _, _ := d.mine(t, d.employees[4], d.readMinutes, "2024-10-31"); mine.Status != "done" {
				t.Errorf("a colleague's share = %+v, want done", mine)
			}
			// A unit manager sees how far the people of their unit have come.
			var unitView struct {
				Node struct {
					Shares []struct {
						User   struct{ ID string }
						Status string
					}
				}
			}
			d.api(t, d.managers[3]).mustDo(`query($id: ID!, $unit: ID!) { node(id: $id) { ... on Action {
				shares(asOf: "2024-10-31", unitID: $unit) { user { id } status } } } }`,
				map[string]any{"id": d.readMinutes, "unit": d.units[3]}, &unitView)
			var people, open []string
			for _, sh := range unitView.Node.Shares {
				people = append(people, sh.User.ID)
				if sh.Status != "done" {
					open = append(open, sh.User.ID)
				}
			}
			if len(people) != 4 || !slices.Equal(open, []string{fmt.Sprint(d.employees[3].UserID)}) {
				t.Errorf("Enhet 04's people = %v, not done %v; want its 4 employees (3, 15, 27, 39), employee 3 not done", people, open)
			}
			// Nobody signs for another person, not even the plan owner.
			if _, errs := d.sign(t, d.owner, d.readMinutes, 0, "2024-10-07"); len(errs) == 0 || errs[0].Extensions["code"] != "FORBIDDEN" {
				t.Errorf("the owner signing an employee's duty = %+v, want FORBIDDEN", errs)
			}
		})

		t.Run("a board member's duty is overdue for those who did not report", func(t *testing.T) {
			for _, m := range d.members[:9] {
				if _, errs := d.sign(t, m, d.memberDuty, 0, "2026-11-10"); len(errs) > 0 {
					t.Fatal(errs)
				}
			}
			if got := d.status(t, d.memberDuty, "2026-12-01"); got.Status != "overdue" || got.Shares.Label != "9 av 11 personer" {
				t.Errorf("planStatus = %+v, want overdue, 9 av 11 personer", got)
			}
			if mine, _, _ := d.mine(t, d.members[10], d.memberDuty, "2026-12-01"); mine.Status != "overdue" {
				t.Errorf("a member who did not report = %+v, want overdue", mine)
			}
			if mine, _, _ := d.mine(t, d.members[0], d.memberDuty, "2026-12-01"); mine.Status != "done" {
				t.Errorf("a member who reported = %+v, want done", mine)
			}
		})

		t.Run("a person who gets the role later joins the count from that day", func(t *testing.T) {
			authtest.User(t, db.Client, bollebygd, "Ledamot") // holds it from today
			if got := d.status(t, d.memberDuty, "2026-12-01"); got.Shares.Total != 11 {
				t.Errorf("a deadline before they joined counts %d members, want 11", got.Shares.Total)
			}
			if got := d.status(t, d.readMinutes, "2024-10-31"); got.Shares.Total != 50 {
				t.Errorf("a past period counts %d employees, want 50", got.Shares.Total)
			}
			authtest.User(t, db.Client, bollebygd, "Medarbetare")
			if got := d.status(t, d.readMinutes, ""); got.Shares.Total != 51 {
				t.Errorf("the current period counts %d employees, want 51 with the newcomer", got.Shares.Total)
			}
		})

		t.Run("a manager who moves to another unit signs for the new one; the old unit keeps its sign-off", func(t *testing.T) {
			ctx := rule.SystemContext(context.Background(), "test")
			// Enhet 03's manager moves to Enhet 04, whose manager left.
			db.Client.Unit.UpdateOneID(d.units[3]).SetManagerID(d.managers[2].UserID).ExecX(ctx)
			db.Client.Unit.UpdateOneID(d.units[2]).ClearManagerID().ExecX(ctx)
			_, units, ok := d.mine(t, d.managers[2], d.raiseMinutes, "2024-11-30")
			if !ok || !slices.Equal(units, []string{"Enhet 04"}) {
				t.Errorf("after the move they sign for %v, want Enhet 04", units)
			}
			if _, errs := d.sign(t, d.managers[2], d.raiseMinutes, 0, "2024-11-30"); len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := d.status(t, d.raiseMinutes, "2024-12-31"); got.Shares.Label != "3 av 12 enheter" {
				t.Errorf("planStatus = %+v, want Enhet 02, 03 (before the move) and 04", got)
			}
		})
	})
}

// TestSignOffsFromBeforeDutiesWereSharedKeepCounting: a database that
// signed a duty once, before it was marked each unit, counts that sign-off
// for the signer's unit after the upgrade.
func TestSignOffsFromBeforeDutiesWereSharedKeepCounting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		d := newSharedDept(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		// The duty is done once, as everything was before the upgrade, and
		// its old sign-off named no unit.
		db.Client.Action.UpdateOneID(d.unitRoutines).SetScope(action.ScopeOnce).ExecX(ctx)
		if _, errs := d.sign(t, d.managers[6], d.unitRoutines, 0, "2024-11-20"); len(errs) > 0 {
			t.Fatal(errs)
		}
		// And the database is of the release before versioned migrations:
		// no record of them, so Migrate takes it to the baseline.
		if _, err := db.SQL.ExecContext(ctx, `UPDATE sign_offs SET unit_id = NULL`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL.ExecContext(ctx, `DROP TABLE schema_migrations`); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		db.Client.Action.UpdateOneID(d.unitRoutines).SetScope(action.ScopeEachUnit).ExecX(ctx)
		got := d.status(t, d.unitRoutines, "2024-11-30")
		if got.Shares == nil || got.Shares.Done != 1 {
			t.Fatalf("planStatus = %+v, want the old sign-off counted for its unit", got)
		}
		if mine, _, _ := d.mine(t, d.managers[6], d.unitRoutines, "2024-11-30"); mine.Status != "done" {
			t.Errorf("the signer's share = %+v, want done", mine)
		}
		var n int
		if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM sign_offs WHERE unit_id IS NOT NULL`).Scan(&n); err != nil || n != 1 {
			t.Errorf("sign-offs with a unit after the upgrade = %d (%v), want 1", n, err)
		}
	})
}

// TestFifteenHundredEmployeesSignTheSameDutyAtOnce: every employee of a
// large department signs their share of one each-person duty within the
// same minute, and half of them retry (a flaky network): no share is lost
// or doubled. PostgreSQL runs the writers together.
func TestFifteenHundredEmployeesSignTheSameDutyAtOnce(t *testing.T) {
	const employees = 1500
	db := dbtest.Open(t, dialect.Postgres, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	c := db.Client
	seeded := seedBollebygd(t, db)
	dept := c.Department.Query().Where(department.Slug(bollebygd)).OnlyIDX(ctx)
	medarbetare := c.Role.Query().Where(role.Name("Medarbetare"), role.DepartmentID(dept)).OnlyIDX(ctx)
	duty := c.Action.Query().Where(action.TextHasPrefix("Medarbetare ska ta ansvar")).OnlyX(ctx)
	c.Action.UpdateOne(duty).SetScope(action.ScopeEachPerson).ExecX(ctx)

	users := make([]*ent.UserCreate, employees)
	for i := range users {
		users[i] = c.User.Create().SetIssuer("https://idp.test").SetSubject(fmt.Sprintf("employee-%d", i)).SetName(fmt.Sprintf("Medarbetare %04d", i))
	}
	created := c.User.CreateBulk(users...).SaveX(ctx)
	holds := make([]*ent.RoleAssignmentCreate, employees)
	viewers := make([]*viewer.Viewer, employees)
	for i, u := range created {
		holds[i] = c.RoleAssignment.Create().SetUserID(u.ID).SetRoleID(medarbetare).SetDepartmentID(dept).SetSource(roleassignment.SourceClaim)
		viewers[i] = &viewer.Viewer{UserID: u.ID, Name: u.Name, Departments: map[int]viewer.Membership{dept: {RoleIDs: []int{medarbetare}}}}
	}
	c.RoleAssignment.CreateBulk(holds...).ExecX(ctx)

	// One server; each request says which employee it is.
	h := graph.NewHandler(c, slog.New(slog.NewJSONHandler(io.Discard, nil)), graph.DefaultLimits, false)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.Header.Get("X-Employee"))
		h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), viewers[i])))
	}))
	defer srv.Close()
	sign := func(i int) error {
		body, _ := json.Marshal(map[string]any{"query": signOffMutation, "variables": map[string]any{"in": map[string]any{
			"actionID": duty.ID, "doneOn": "2024-10-10", "idempotencyKey": fmt.Sprintf("once-%d", i)}}})
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Employee", strconv.Itoa(i))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var r gqlResponse
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			return err
		}
		if len(r.Errors) > 0 {
			return fmt.Errorf("employee %d: %+v", i, r.Errors)
		}
		return nil
	}
	// Every employee once, and every other one a second time at once.
	var jobs []int
	for i := range employees {
		jobs = append(jobs, i)
		if i%2 == 0 {
			jobs = append(jobs, i)
		}
	}
	work := make(chan int)
	errs := make(chan error, len(jobs))
	var wg sync.WaitGroup
	for range 48 {
		wg.Go(func() {
			for i := range work {
				if err := sign(i); err != nil {
					errs <- err
				}
			}
		})
	}
	for _, i := range jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	var live, people int
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT signer_id) FROM sign_offs WHERE action_id = $1 AND withdrawn_at IS NULL`, duty.ID).Scan(&live, &people); err != nil {
		t.Fatal(err)
	}
	if live != employees || people != employees {
		t.Errorf("%d live sign-offs by %d people, want %d by %d", live, people, employees, employees)
	}
	var got struct {
		PlanStatus struct {
			Actions []struct {
				Action   struct{ ID string }
				FollowUp dutyStatus
			}
		}
	}
	newAPI(t, db, authtest.User(t, c, bollebygd, "Förvaltningschef")).mustDo(`query($id: ID!) { planStatus(planID: $id, asOf: "2024-10-31") {
		actions { action { id } followUp { status shares { done total label } } } } }`, map[string]any{"id": seeded.PlanID}, &got)
	for _, a := range got.PlanStatus.Actions {
		if a.Action.ID == strconv.Itoa(duty.ID) && (a.FollowUp.Status != "done" || a.FollowUp.Shares.Label != "1500 av 1500 personer") {
			t.Errorf("planStatus = %+v, want done, 1500 av 1500 personer", a.FollowUp)
		}
	}
}

// TestSharedDutiesCostAConstantNumberOfStatements: myActions of an employee
// and of a unit manager, and planStatus of a 200-action plan of which half
// are shared, read as many statements for a department of 2 units and 5
// employees as for one of 40 units and 1,500 employees who have signed.
func TestSharedDutiesCostAConstantNumberOfStatements(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			wrap, counter := database.CountStatements()
			db := dbtest.Open(t, dia, wrap)
			ctx := rule.SystemContext(context.Background(), "test")
			c := db.Client
			seedBollebygd(t, db)
			big, err := planstore.Import(ctx, c, bigPlan(t, 10, 10))
			if err != nil {
				t.Fatal(err)
			}
			// Half of the plan is shared: the actions of odd areas by unit,
			// the sub-actions of even areas by person.
			for i, ar := range c.Area.Query().Where(area.PlanID(big.PlanID)).Order(ent.Asc(area.FieldPosition)).AllX(ctx) {
				top := i%2 == 0
				for _, a := range c.Action.Query().Where(action.AreaID(ar.ID), action.ParentIDIsNil()).AllX(ctx) {
					if top {
						c.Action.UpdateOne(a).SetScope(action.ScopeEachUnit).ExecX(ctx)
					}
				}
				for _, a := range c.Action.Query().Where(action.AreaID(ar.ID), action.ParentIDNotNil()).AllX(ctx) {
					if !top {
						c.Action.UpdateOne(a).SetScope(action.ScopeEachPerson).ExecX(ctx)
					}
				}
			}
			dept := c.Department.Query().Where(department.Slug(bollebygd)).OnlyIDX(ctx)
			op := c.Operation.Create().SetName("Äldreomsorg").SetDepartmentID(dept).SaveX(ctx)
			medarbetare := c.Role.Query().Where(role.Name("Medarbetare"), role.DepartmentID(dept)).OnlyIDX(ctx)
			shared := c.Action.Query().Where(action.ScopeEQ(action.ScopeEachPerson)).FirstX(ctx)
			var units int
			grow := func(addUnits, addEmployees int) {
				for range addUnits {
					units++
					m := authtest.User(t, c, bollebygd, "Enhetschef")
					c.Unit.Create().SetName(fmt.Sprintf("Enhet %02d", units)).SetOperationID(op.ID).
						SetManagerID(m.UserID).SetDepartmentID(dept).ExecX(ctx)
				}
				us := make([]*ent.UserCreate, addEmployees)
				for i := range us {
					us[i] = c.User.Create().SetIssuer("https://idp.test").SetSubject(fmt.Sprintf("e-%d-%d", units, i)).SetName("Medarbetare")
				}
				var holds []*ent.RoleAssignmentCreate
				var signed []*ent.SignOffCreate
				for _, u := range c.User.CreateBulk(us...).SaveX(ctx) {
					holds = append(holds, c.RoleAssignment.Create().SetUserID(u.ID).SetRoleID(medarbetare).SetDepartmentID(dept).SetSource(roleassignment.SourceClaim))
					signed = append(signed, c.SignOff.Create().SetActionID(shared.ID).SetDepartmentID(dept).SetSlot("once").SetShare(progress.PersonShare(u.ID)).
						SetDoneOn("2025-05-01").SetSignerID(u.ID).SetIdempotencyKey("k"))
				}
				c.RoleAssignment.CreateBulk(holds...).ExecX(ctx)
				c.SignOff.CreateBulk(signed...).ExecX(ctx)
			}
			grow(2, 5)
			employee := authtest.User(t, c, bollebygd, "Medarbetare")
			manager := authtest.User(t, c, bollebygd, "Enhetschef")
			c.Unit.Create().SetName("Enhet 00").SetOperationID(op.ID).SetManagerID(manager.UserID).SetDepartmentID(dept).ExecX(ctx)
			owner := authtest.User(t, c, bollebygd, "Förvaltningschef")
			const mine = `{ myActions(asOf: "2025-05-15", first: 500) { action { id text } units { name } followUp { status shares { label } periods { key status shares { label } } } } }`
			cost := func() [3]int64 {
				var out [3]int64
				for i, v := range []*viewer.Viewer{employee, manager} {
					var got struct {
						MyActions []struct{ Action struct{ ID string } }
					}
					counter.Reset()
					newAPI(t, db, v).mustDo(mine, nil, &got)
					out[i] = counter.Count()
					if len(got.MyActions) < 50 {
						t.Fatalf("viewer %d has %d actions, want the shared duties among them", i, len(got.MyActions))
					}
				}
				counter.Reset()
				newAPI(t, db, owner).mustDo(`query($id: ID!) { planStatus(planID: $id, asOf: "2025-05-15") {
					counts { done } actions { action { id } followUp { status shares { label } } } } }`, map[string]any{"id": big.PlanID}, nil)
				out[2] = counter.Count()
				return out
			}
			small := cost()
			grow(38, 1495)
			large := cost()
			if small != large {
				t.Errorf("statements (employee's myActions, manager's myActions, planStatus) = %v for 2 units and 5 employees, %v for 40 and 1,500; want the same", small, large)
			}
			t.Logf("statements (employee's myActions, manager's myActions, planStatus): %v", large)
		})
	}
}
