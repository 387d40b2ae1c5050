package graph_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/planversion"
)

const (
	updateOperation = `mutation($id: ID!, $in: UpdateOperationInput!) { updateOperation(id: $id, input: $in) { id name operationArea { code } } }`
	deleteOperation = `mutation($id: ID!) { deleteOperation(id: $id) }`
	createUnit      = `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id name manager { id } } }`
	updateUnit      = `mutation($id: ID!, $in: UpdateUnitInput!) { updateUnit(id: $id, input: $in) { id name operationID manager { id name } } }`
	deleteUnit      = `mutation($id: ID!) { deleteUnit(id: $id) }`
	createAreaOp    = `mutation($d: ID!, $in: CreateOperationAreaInput!) { createOperationArea(departmentID: $d, input: $in) { id code name position } }`
	updateAreaOp    = `mutation($id: ID!, $in: UpdateOperationAreaInput!) { updateOperationArea(id: $id, input: $in) { id code name } }`
	moveAreaOp      = `mutation($id: ID!, $p: Int!) { moveOperationArea(id: $id, position: $p) { code position } }`
	deleteAreaOp    = `mutation($id: ID!) { deleteOperationArea(id: $id) }`
	deleteAPT       = `mutation($id: ID!) { deleteWorkplaceMeeting(id: $id) }`
	updateAPT       = `mutation($id: ID!, $date: Date!) { updateWorkplaceMeeting(id: $id, input: {date: $date}) { id date } }`
	updateDept      = `mutation($id: ID!, $in: UpdateDepartmentInput!) { updateDepartment(id: $id, input: $in) { id name municipality workshopMinimums { code seats } studyVisitReportBackUntil } }`
)

func TestPlanEditorsEditTheOrganisation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		plannerV := authtest.User(t, db.Client, bollebygd, "Utvecklingschef")
		planner := newAPI(t, db, plannerV)
		staff := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
		manager := authtest.User(t, db.Client, bollebygd, "Enhetschef")

		t.Run("an operation is renamed and moved to an area", func(t *testing.T) {
			var out struct {
				UpdateOperation struct {
					Name          string
					OperationArea struct{ Code string }
				}
			}
			planner.mustDo(updateOperation, map[string]any{"id": w.ops[0].ID, "in": map[string]any{"name": " Hemtjänst norra ", "operationAreaID": w.areaIDs["ÄO"]}}, &out)
			if out.UpdateOperation.Name != "Hemtjänst norra" || out.UpdateOperation.OperationArea.Code != "ÄO" {
				t.Errorf("updateOperation = %+v", out)
			}
			errs := planner.do(updateOperation, map[string]any{"id": w.ops[0].ID, "in": map[string]any{"name": "LSS-boendet"}}, nil)
			if code(errs) != "CONFLICT" || errs[0].Extensions["field"] != "name" || !strings.Contains(errs[0].Message, "LSS-boendet") {
				t.Errorf("a name another operation has: %+v, want CONFLICT on name", errs)
			}
		})

		t.Run("a unit gets a manager of the department, is moved and renamed", func(t *testing.T) {
			var out struct {
				UpdateUnit struct {
					Name        string
					OperationID string
					Manager     *struct{ ID string }
				}
			}
			planner.mustDo(updateUnit, map[string]any{"id": w.units[2].ID, "in": map[string]any{"managerID": manager.UserID, "name": "Mottagningen", "operationID": w.ops[1].ID}}, &out)
			if out.UpdateUnit.Manager == nil || out.UpdateUnit.Manager.ID != fmt.Sprint(manager.UserID) ||
				out.UpdateUnit.Name != "Mottagningen" || out.UpdateUnit.OperationID != fmt.Sprint(w.ops[1].ID) {
				t.Errorf("updateUnit = %+v", out)
			}
			planner.mustDo(updateUnit, map[string]any{"id": w.units[2].ID, "in": map[string]any{"clearManager": true}}, &out)
			if out.UpdateUnit.Manager != nil {
				t.Errorf("the manager was not cleared: %+v", out)
			}
		})

		t.Run("a manager who holds no role in the department is refused at the field", func(t *testing.T) {
			// A person of another department only is not seen: not found.
			planstest.ImportBollebygd(t, db.Client, otherDept)
			other := authtest.User(t, db.Client, otherDept, "Enhetschef")
			errs := planner.do(updateUnit, map[string]any{"id": w.units[0].ID, "in": map[string]any{"managerID": other.UserID}}, nil)
			if code(errs) != "NOT_FOUND" || errs[0].Extensions["field"] != "managerID" {
				t.Errorf("another department's person: %+v, want NOT_FOUND on managerID", errs)
			}
			// Someone the planner sees (they share a department) without a
			// role in this one: told in words.
			both := authtest.User(t, db.Client, bollebygd, "Medarbetare")
			for _, ra := range db.Client.RoleAssignment.Query().Where(roleassignment.UserID(both.UserID)).AllX(sys()) {
				db.Client.RoleAssignment.DeleteOne(ra).ExecX(sys())
			}
			errs = planner.do(createUnit, map[string]any{"in": map[string]any{"operationID": w.ops[0].ID, "name": "Ny", "managerID": both.UserID}}, nil)
			if c := code(errs); c != "NOT_FOUND" && c != "BAD_USER_INPUT" || len(errs) > 0 && errs[0].Extensions["field"] != "managerID" {
				t.Errorf("a person without a role here: %+v, want refused on managerID", errs)
			}
		})

		t.Run("staff may not edit it", func(t *testing.T) {
			for _, c := range []struct {
				q    string
				vars map[string]any
			}{
				{updateOperation, map[string]any{"id": w.ops[0].ID, "in": map[string]any{"name": "X"}}},
				{deleteUnit, map[string]any{"id": w.units[0].ID}},
				{createAreaOp, map[string]any{"d": w.dept, "in": map[string]any{"code": "X", "name": "X"}}},
				{deleteAPT, map[string]any{"id": db.Client.WorkplaceMeeting.Query().FirstIDX(sys())}},
				{updateDept, map[string]any{"id": w.dept, "in": map[string]any{"name": "X"}}},
			} {
				if errs := staff.do(c.q, c.vars, nil); code(errs) != "FORBIDDEN" {
					t.Errorf("%s as Medarbetare: %+v, want FORBIDDEN", c.q[:40], errs)
				}
			}
		})

		t.Run("APT dates are moved and removed", func(t *testing.T) {
			apts := db.Client.WorkplaceMeeting.Query().Where(workplacemeeting.UnitID(w.units[0].ID)).Order(workplacemeeting.ByDate()).AllX(sys())
			errs := planner.do(updateAPT, map[string]any{"id": apts[0].ID, "date": apts[1].Date}, nil)
			if code(errs) != "CONFLICT" || errs[0].Extensions["field"] != "date" {
				t.Errorf("moving an APT onto another: %+v, want CONFLICT on date", errs)
			}
			planner.mustDo(updateAPT, map[string]any{"id": apts[0].ID, "date": "2024-09-12"}, nil)
			planner.mustDo(deleteAPT, map[string]any{"id": apts[1].ID}, nil)
			if n := db.Client.WorkplaceMeeting.Query().Where(workplacemeeting.UnitID(w.units[0].ID)).CountX(sys()); n != 2 {
				t.Errorf("%d APT dates left, want 2", n)
			}
		})

		t.Run("each change is audited as the planner's", func(t *testing.T) {
			n := db.Client.AuditRecord.Query().Where(auditrecord.EntityTypeIn("Operation", "Unit", "WorkplaceMeeting"),
				auditrecord.ActorID(plannerV.UserID)).CountX(sys())
			if n < 5 {
				t.Errorf("%d audit records of the planner's changes, want at least 5", n)
			}
		})
	})
}

func TestOperationAreasAreEditedInTheApp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		codes := func() []string {
			var out []string
			for _, a := range db.Client.OperationArea.Query().Where(operationarea.DepartmentID(w.dept)).
				Order(operationarea.ByPosition(), operationarea.ByID()).AllX(sys()) {
				out = append(out, a.Code)
			}
			return out
		}
		before := codes()

		var created struct {
			CreateOperationArea struct {
				ID, Code string
				Position int
			}
		}
		planner.mustDo(createAreaOp, map[string]any{"d": w.dept, "in": map[string]any{"code": "KOF", "name": "Kost och fritid"}}, &created)
		if got := codes(); !slices.Equal(got, append(slices.Clone(before), "KOF")) {
			t.Errorf("after createOperationArea: %v, want it last", got)
		}
		if errs := planner.do(createAreaOp, map[string]any{"d": w.dept, "in": map[string]any{"code": "LSS", "name": "Dubblett"}}, nil); code(errs) != "CONFLICT" || errs[0].Extensions["field"] != "code" {
			t.Errorf("a code the department has: %+v, want CONFLICT on code", errs)
		}

		planner.mustDo(moveAreaOp, map[string]any{"id": created.CreateOperationArea.ID, "p": 1}, nil)
		if got := codes(); got[0] != "KOF" || !slices.Equal(got[1:], before) {
			t.Errorf("after moving KOF first: %v", got)
		}
		if errs := planner.do(moveAreaOp, map[string]any{"id": created.CreateOperationArea.ID, "p": 99}, nil); code(errs) != "BAD_USER_INPUT" {
			t.Errorf("a place outside the list: %+v, want BAD_USER_INPUT", errs)
		}

		t.Run("a new code carries the workshop minimums over", func(t *testing.T) {
			d := db.Client.Department.GetX(sys(), w.dept)
			seats := d.WorkshopMinimums["ÄO"]
			if seats == 0 {
				t.Fatalf("the plan sets no ÄO minimum: %v", d.WorkshopMinimums)
			}
			planner.mustDo(updateAreaOp, map[string]any{"id": w.areaIDs["ÄO"], "in": map[string]any{"code": "ÄLD"}}, nil)
			m := db.Client.Department.GetX(sys(), w.dept).WorkshopMinimums
			if _, ok := m["ÄO"]; ok || m["ÄLD"] != seats {
				t.Errorf("minimums after renaming ÄO to ÄLD: %v", m)
			}
		})

		t.Run("an area in use is kept, one unused is deleted with its minimum", func(t *testing.T) {
			db.Client.Operation.UpdateOne(w.ops[0]).SetOperationAreaID(w.areaIDs["LSS"]).ExecX(sys())
			errs := planner.do(deleteAreaOp, map[string]any{"id": w.areaIDs["LSS"]}, nil)
			if code(errs) != "CONFLICT" || !strings.Contains(errs[0].Message, "1 verksamhet") {
				t.Errorf("deleting an area an operation names: %+v, want CONFLICT saying so", errs)
			}
			editor := db.Client.Role.Query().Where(role.DepartmentID(w.dept), role.Name("Medarbetare")).OnlyX(sys())
			db.Client.GroupMapping.Create().SetDepartmentID(w.dept).SetValue("HP-HSV").SetRoleID(editor.ID).SetOperationAreaID(w.areaIDs["HSV"]).ExecX(sys())
			errs = planner.do(deleteAreaOp, map[string]any{"id": w.areaIDs["HSV"]}, nil)
			if code(errs) != "CONFLICT" || !strings.Contains(errs[0].Message, "gruppmappning") {
				t.Errorf("deleting an area a group mapping names (which a planner does not read): %+v, want CONFLICT", errs)
			}
			if n := db.Client.GroupMapping.Query().CountX(sys()); n != 1 {
				t.Errorf("%d group mappings, want the one kept", n)
			}
			planner.mustDo(deleteAreaOp, map[string]any{"id": w.areaIDs["ÄO"]}, nil) // now ÄLD, used by nothing
			m := db.Client.Department.GetX(sys(), w.dept).WorkshopMinimums
			if _, ok := m["ÄLD"]; ok {
				t.Errorf("the deleted area's minimum is still set: %v", m)
			}
		})
	})
}

func TestDeletingAnOperationOrUnitInUseLosesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))

		errs := planner.do(deleteOperation, map[string]any{"id": w.ops[0].ID}, nil)
		if code(errs) != "CONFLICT" || !strings.Contains(errs[0].Message, "1 enhet") || errs[0].Extensions["units"] != float64(1) {
			t.Errorf("deleting an operation with a unit: %+v, want CONFLICT naming the unit", errs)
		}

		// A unit held by a board visit, by a role assignment, by a sign-off.
		planner.mustDo(assignVisit, map[string]any{"m": w.meeting(t, "2024-09-20"), "o": w.ops[0].ID, "u": w.units[0].ID}, nil)
		manager := authtest.User(t, db.Client, bollebygd, "Enhetschef")
		ra := db.Client.RoleAssignment.Query().Where(roleassignment.UserID(manager.UserID)).OnlyX(sys())
		db.Client.RoleAssignment.UpdateOne(ra).SetUnitID(w.units[1].ID).ExecX(sys())
		act := db.Client.Action.Query().Where(action.DepartmentID(w.dept)).FirstX(sys())
		db.Client.SignOff.Create().SetDepartmentID(w.dept).SetActionID(act.ID).SetSlot("once").SetUnitID(w.units[2].ID).
			SetDoneOn("2024-10-01").SetSignerID(manager.UserID).SetIdempotencyKey("k").
			SetWithdrawnAt(db.Client.Department.GetX(sys(), w.dept).CreatedAt).ExecX(sys()) // withdrawn: still history
		for i, want := range []string{"nämndbesök", "person med roll för enheten", "markering som utförd"} {
			errs := planner.do(deleteUnit, map[string]any{"id": w.units[i].ID}, nil)
			if code(errs) != "CONFLICT" || !strings.Contains(errs[0].Message, want) {
				t.Errorf("deleting %s: %+v, want CONFLICT naming %q", w.units[i].Name, errs, want)
			}
		}
		if n := db.Client.Unit.Query().Where(unit.DepartmentID(w.dept)).CountX(sys()); n != 3 {
			t.Errorf("%d units, want every one kept", n)
		}

		// A unit with only APT dates goes with them; then its operation.
		var u struct{ CreateUnit struct{ ID string } }
		op := db.Client.Operation.Create().SetDepartmentID(w.dept).SetName("Tillfällig verksamhet").SaveX(sys())
		planner.mustDo(createUnit, map[string]any{"in": map[string]any{"operationID": op.ID, "name": "Tillfällig enhet"}}, &u)
		planner.mustDo(`mutation($u: ID!) { createWorkplaceMeeting(input: {unitID: $u, date: "2024-12-05"}) { id } }`, map[string]any{"u": u.CreateUnit.ID}, nil)
		planner.mustDo(deleteUnit, map[string]any{"id": u.CreateUnit.ID}, nil)
		planner.mustDo(deleteOperation, map[string]any{"id": op.ID}, nil)
		if n := db.Client.WorkplaceMeeting.Query().Where(workplacemeeting.UnitID(atoi(t, u.CreateUnit.ID))).CountX(sys()); n != 0 {
			t.Errorf("%d APT dates of the deleted unit left", n)
		}

		t.Run("a unit a board visit names stays with its operation", func(t *testing.T) {
			errs := planner.do(updateUnit, map[string]any{"id": w.units[0].ID, "in": map[string]any{"operationID": w.ops[1].ID}}, nil)
			if code(errs) != "CONFLICT" || errs[0].Extensions["field"] != "operationID" {
				t.Errorf("moving a unit with a board visit: %+v, want CONFLICT on operationID", errs)
			}
		})
	})
}

// Deleting a unit while a board visit is assigned to it, or an operation
// while a unit is added to it: either the delete wins and the other is
// refused, or the other wins and the delete is refused. Never both, which
// would leave a visit without its unit or delete the new unit with its
// operation.
func TestDeletingWhileItIsUsedIsOneOrTheOther(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		const rounds = 8
		results := map[string]int{}
		for i := range rounds {
			op := db.Client.Operation.Create().SetDepartmentID(w.dept).SetName(fmt.Sprint("Runda ", i)).SaveX(sys())
			u := db.Client.Unit.Create().SetDepartmentID(w.dept).SetOperationID(op.ID).SetName("Enhet").SaveX(sys())
			meeting := w.meeting(t, fmt.Sprintf("2025-%02d-10", i+1))
			codes := atOnce(2, func(j int) []gqlError {
				if j == 0 {
					return planner.do(deleteUnit, map[string]any{"id": u.ID}, nil)
				}
				return planner.do(assignVisit, map[string]any{"m": meeting, "o": op.ID, "u": u.ID}, nil)
			})
			results[strings.Join(codes, "+")]++
			visit, _ := db.Client.BoardVisit.Query().Where(boardvisit.MeetingID(meeting)).Only(sys())
			unitLeft := db.Client.Unit.Query().Where(unit.ID(u.ID)).ExistX(sys())
			switch {
			case codes[0] == "ok" && codes[1] == "ok":
				t.Fatalf("round %d: the unit was deleted and a visit assigned to it", i)
			case codes[0] == "ok" && (unitLeft || visit != nil):
				t.Fatalf("round %d: the delete won, yet unit %v, visit %+v", i, unitLeft, visit)
			case codes[1] == "ok" && (!unitLeft || visit == nil || visit.UnitID == nil || *visit.UnitID != u.ID):
				t.Fatalf("round %d: the visit won, yet unit left %v, visit %+v", i, unitLeft, visit)
			case codes[0] != "ok" && codes[0] != "CONFLICT", codes[1] != "ok" && codes[1] != "CONFLICT" && codes[1] != "NOT_FOUND":
				t.Fatalf("round %d: answers %v", i, codes)
			}

			// An operation and a unit added to it at the same moment.
			op2 := db.Client.Operation.Create().SetDepartmentID(w.dept).SetName(fmt.Sprint("Andra ", i)).SaveX(sys())
			codes = atOnce(2, func(j int) []gqlError {
				if j == 0 {
					return planner.do(deleteOperation, map[string]any{"id": op2.ID}, nil)
				}
				return planner.do(createUnit, map[string]any{"in": map[string]any{"operationID": op2.ID, "name": "Ny"}}, nil)
			})
			units := db.Client.Unit.Query().Where(unit.OperationID(op2.ID)).CountX(sys())
			switch {
			case codes[0] == "ok" && codes[1] == "ok":
				t.Fatalf("round %d: the operation was deleted and a unit added to it", i)
			case codes[1] == "ok" && units != 1:
				t.Fatalf("round %d: the unit was added, but %d units are there", i, units)
			}
			results["operation "+strings.Join(codes, "+")]++
		}
		t.Logf("outcomes: %v", slices.Sorted(maps.Keys(results)))
	})
}

func TestDepartmentAdministratorsEditTheDepartment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		adminV := authtest.User(t, db.Client, bollebygd, "Systemförvaltare")
		admin := newAPI(t, db, adminV)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		v0, err := planversion.Read(sys(), db.SQL, []int{w.dept}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			UpdateDepartment struct {
				Name             string
				WorkshopMinimums []struct {
					Code  string
					Seats int
				}
				StudyVisitReportBackUntil *string
			}
		}
		admin.mustDo(updateDept, map[string]any{"id": w.dept, "in": map[string]any{
			"name": "Socialförvaltningen i Bollebygd", "workshopMinimums": []map[string]any{{"code": "LSS", "seats": 2}},
			"studyVisitReportBackUntil": "2026-06-30",
		}}, &out)
		if out.UpdateDepartment.Name != "Socialförvaltningen i Bollebygd" || len(out.UpdateDepartment.WorkshopMinimums) != 1 ||
			deref(out.UpdateDepartment.StudyVisitReportBackUntil) != "2026-06-30" {
			t.Errorf("updateDepartment = %+v", out)
		}
		// The department's name is part of the plan's tree: its version moved.
		if v1, _ := planversion.Read(sys(), db.SQL, []int{w.dept}, nil); v1[0] == v0[0] {
			t.Errorf("plan version %d before and after renaming the department: the tree cache would keep the old name", v0[0])
		}
		if errs := admin.do(updateDept, map[string]any{"id": w.dept, "in": map[string]any{"workshopMinimums": []map[string]any{{"code": "XYZ", "seats": 1}}}}, nil); code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "workshopMinimums" {
			t.Errorf("a minimum for an unknown area: %+v, want BAD_USER_INPUT", errs)
		}
		if errs := planner.do(updateDept, map[string]any{"id": w.dept, "in": map[string]any{"name": "X"}}, nil); code(errs) != "FORBIDDEN" {
			t.Errorf("a plan editor renaming the department: %+v, want FORBIDDEN", errs)
		}
		if n := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("Department"), auditrecord.ActorID(adminV.UserID)).CountX(sys()); n != 1 {
			t.Errorf("%d audit records of the department's change, want 1", n)
		}
	})
}

func TestATakenRegistryNumberIsRefusedAtItsField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		res := seedBollebygd(t, db)
		editor := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
		owner := db.Client.Role.Query().Where(role.DepartmentID(res.DepartmentID), role.Name("Förvaltningschef")).OnlyIDX(sys())
		var created struct{ CreatePlan struct{ ID string } }
		editor.mustDo(`mutation($d: ID!, $o: ID!) { createPlan(departmentID: $d, input: {title: "Ny", registryNumber: "SN2025/1", ownerID: $o}) { id } }`,
			map[string]any{"d": res.DepartmentID, "o": owner}, &created)
		for name, c := range map[string]struct {
			q    string
			vars map[string]any
		}{
			"createPlan": {`mutation($d: ID!, $o: ID!) { createPlan(departmentID: $d, input: {title: "Ny", registryNumber: "SN2024/10", ownerID: $o}) { id } }`, map[string]any{"d": res.DepartmentID, "o": owner}},
			"updatePlan": {`mutation($id: ID!) { updatePlan(id: $id, input: {registryNumber: "SN2024/10"}) { id } }`, map[string]any{"id": created.CreatePlan.ID}},
			"copyPlan":   {`mutation($d: ID!, $o: ID) { copyPlan(departmentID: $d, registryNumber: "SN2024/10", title: "Kopia", ownerRoleID: $o) { id } }`, map[string]any{"d": res.DepartmentID, "o": owner}},
		} {
			errs := editor.do(c.q, c.vars, nil)
			if code(errs) != "CONFLICT" || errs[0].Extensions["field"] != "registryNumber" || !strings.Contains(errs[0].Message, "Dnr SN2024/10") {
				t.Errorf("%s with a taken Dnr: %+v, want CONFLICT on registryNumber saying the Dnr", name, errs)
			}
		}
		// The plan's own number is no clash with itself.
		editor.mustDo(`mutation($id: ID!) { updatePlan(id: $id, input: {registryNumber: "SN2025/1", title: "Ny titel"}) { id } }`, map[string]any{"id": created.CreatePlan.ID}, nil)
	})
}

// The web app's Organisation page asks for everything in one query, within
// the API's limits, as a plan editor and as an administrator.
func TestTheOrganisationPagesQueryIsAnswered(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	for _, who := range []string{"Utvecklingschef", "Systemförvaltare"} {
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, who))
		if errs := a.doOperation(webAppDocument(t), "Organisation", map[string]any{"department": w.dept}); len(errs) > 0 {
			t.Errorf("Organisation as %s: %+v", who, errs)
		}
	}
}
