package graph_test

import (
	"context"
	"fmt"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

const otherDept = "ulricehamn-socialforvaltningen"

// world is two departments with a plan each, and a second Bollebygd plan
// owned by Enhetschef.
type world struct {
	db *database.DB
	// ids by department: "own" is Bollebygd, "other" the other department;
	// user holds Medarbetare, role is Ledamot (for assigning).
	plan, ownedPlan, area, action, role, user map[string]int
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	w := &world{db: db, plan: map[string]int{}, ownedPlan: map[string]int{}, area: map[string]int{}, action: map[string]int{}, role: map[string]int{}, user: map[string]int{}}
	for key, slug := range map[string]string{"own": bollebygd, "other": otherDept} {
		f := planstest.Bollebygd(t)
		f.Department.Slug = slug
		res, err := planstore.Import(ctx, db.Client, f)
		if err != nil {
			t.Fatal(err)
		}
		w.plan[key] = res.PlanID
		f.Plan.RegistryNumber, f.Plan.Owner = "SN2025/1", "Enhetschef"
		owned, err := planstore.Import(ctx, db.Client, f)
		if err != nil {
			t.Fatal(err)
		}
		w.ownedPlan[key] = owned.PlanID
		w.area[key] = db.Client.Plan.GetX(ctx, res.PlanID).QueryAreas().FirstIDX(ctx)
		w.action[key] = db.Client.Action.Query().Where(action.AreaID(w.area[key]), action.Number(1)).OnlyIDX(ctx)
		w.role[key] = db.Client.Role.Query().Where(role.DepartmentID(res.DepartmentID), role.Name("Ledamot")).OnlyIDX(ctx)
		w.user[key] = authtest.User(t, db.Client, slug, "Medarbetare").UserID
	}
	return w
}

// TestAuthorisationMatrix runs every operation as every kind of user, on
// their own department and on another, through the GraphQL API.
func TestAuthorisationMatrix(t *testing.T) {
	type op struct {
		name  string
		query func(w *world, dept string) (string, map[string]any)
		// ok checks the data of an allowed operation.
		ok func(data map[string]any) bool
	}
	found := func(field string) func(map[string]any) bool {
		return func(d map[string]any) bool { return d[field] != nil }
	}
	ops := map[string]op{
		"read plan": {"read plan", func(w *world, d string) (string, map[string]any) {
			return `query($id: ID!) { plan(id: $id) { title } }`, map[string]any{"id": w.plan[d]}
		}, found("plan")},
		"update plan": {"update plan", func(w *world, d string) (string, map[string]any) {
			return `mutation($id: ID!) { updatePlan(id: $id, input: {title: "Ny titel"}) { id } }`, map[string]any{"id": w.plan[d]}
		}, found("updatePlan")},
		"update owned plan": {"update owned plan", func(w *world, d string) (string, map[string]any) {
			return `mutation($id: ID!) { updatePlan(id: $id, input: {title: "Ny titel"}) { id } }`, map[string]any{"id": w.ownedPlan[d]}
		}, found("updatePlan")},
		"create area": {"create area", func(w *world, d string) (string, map[string]any) {
			return `mutation($plan: ID!) { createArea(input: {planID: $plan, position: 9, title: "Nytt område."}) { id } }`, map[string]any{"plan": w.plan[d]}
		}, found("createArea")},
		"delete action": {"delete action", func(w *world, d string) (string, map[string]any) {
			return `mutation($id: ID!) { deleteAction(id: $id) }`, map[string]any{"id": w.action[d]}
		}, found("deleteAction")},
		"move area": {"move area", func(w *world, d string) (string, map[string]any) {
			return `mutation($id: ID!) { moveArea(id: $id, position: 2) { id } }`, map[string]any{"id": w.area[d]}
		}, found("moveArea")},
		"move action": {"move action", func(w *world, d string) (string, map[string]any) {
			return `mutation($id: ID!) { moveAction(id: $id, position: 2) { id } }`, map[string]any{"id": w.action[d]}
		}, found("moveAction")},
		"assign role": {"assign role", func(w *world, d string) (string, map[string]any) {
			return `mutation($user: ID!, $role: ID!) { assignRole(userID: $user, roleID: $role) { id } }`, map[string]any{"user": w.user[d], "role": w.role[d]}
		}, found("assignRole")},
		"read audit log": {"read audit log", func(w *world, d string) (string, map[string]any) {
			return `{ auditLog(first: 1) { totalCount } }`, nil
		}, func(d map[string]any) bool {
			return d["auditLog"].(map[string]any)["totalCount"].(float64) > 0
		}},
	}

	// Expected outcome: "ok", or the error code. Another department's rows
	// are always NOT_FOUND, never FORBIDDEN.
	type row struct {
		who  string // role held in Bollebygd
		op   string
		dept string
		want string
	}
	rows := []row{}
	add := func(who, opName, own, other string) {
		rows = append(rows, row{who, opName, "own", own}, row{who, opName, "other", other})
	}
	for _, who := range []string{"Förvaltningschef", "Enhetschef", "Systemförvaltare", "Medarbetare"} {
		readOther := "null" // plan(id) of another department answers null
		add(who, "read plan", "ok", readOther)
	}
	add("Förvaltningschef", "update plan", "ok", "NOT_FOUND")
	add("Förvaltningschef", "create area", "ok", "NOT_FOUND") // the other plan does not exist for them
	add("Förvaltningschef", "delete action", "ok", "NOT_FOUND")
	add("Förvaltningschef", "move area", "ok", "NOT_FOUND")
	add("Förvaltningschef", "move action", "ok", "NOT_FOUND")
	add("Förvaltningschef", "assign role", "FORBIDDEN", "NOT_FOUND")
	add("Förvaltningschef", "read audit log", "empty", "empty")
	add("Enhetschef", "update plan", "FORBIDDEN", "NOT_FOUND")
	add("Enhetschef", "update owned plan", "ok", "NOT_FOUND")
	add("Enhetschef", "create area", "FORBIDDEN", "NOT_FOUND")
	add("Enhetschef", "delete action", "FORBIDDEN", "NOT_FOUND")
	add("Enhetschef", "move action", "FORBIDDEN", "NOT_FOUND")
	add("Enhetschef", "assign role", "FORBIDDEN", "NOT_FOUND")
	add("Systemförvaltare", "update plan", "FORBIDDEN", "NOT_FOUND")
	add("Systemförvaltare", "delete action", "FORBIDDEN", "NOT_FOUND")
	add("Systemförvaltare", "assign role", "ok", "NOT_FOUND")
	add("Systemförvaltare", "read audit log", "ok", "ok")
	add("Medarbetare", "update plan", "FORBIDDEN", "NOT_FOUND")
	add("Medarbetare", "delete action", "FORBIDDEN", "NOT_FOUND")
	add("Medarbetare", "move area", "FORBIDDEN", "NOT_FOUND")
	add("Systemförvaltare", "move action", "FORBIDDEN", "NOT_FOUND")
	add("Medarbetare", "read audit log", "empty", "empty")

	for _, r := range rows {
		t.Run(fmt.Sprintf("%s/%s/%s department", r.who, r.op, r.dept), func(t *testing.T) {
			w := newWorld(t)
			o := ops[r.op]
			query, vars := o.query(w, r.dept)
			a := newAPI(t, w.db, authtest.User(t, w.db.Client, bollebygd, r.who))
			var data map[string]any
			errs := a.do(query, vars, &data)
			got := "ok"
			switch {
			case len(errs) > 0:
				got, _ = errs[0].Extensions["code"].(string)
			case r.op == "read plan" && data["plan"] == nil:
				got = "null"
			case r.op == "read audit log" && !o.ok(data):
				got = "empty"
			case o.ok != nil && !o.ok(data):
				got = "no data"
			}
			if got != r.want {
				t.Errorf("got %s, want %s (%+v)", got, r.want, errs)
			}
		})
	}
}

func TestAnotherDepartmentIsInvisibleInListsCountsAndNodes(t *testing.T) {
	w := newWorld(t)
	a := newAPI(t, w.db, authtest.User(t, w.db.Client, bollebygd, "Förvaltningschef"))
	var lists struct {
		Departments struct{ TotalCount int }
		Plans       struct{ TotalCount int }
		Roles       struct{ TotalCount int }
		Users       struct{ TotalCount int }
	}
	a.mustDo(`{ departments { totalCount } plans { totalCount } roles { totalCount } users { totalCount } }`, nil, &lists)
	if lists.Departments.TotalCount != 1 || lists.Plans.TotalCount != 2 || lists.Roles.TotalCount != 9 {
		t.Errorf("lists = %+v, want only Bollebygd's department, 2 plans and 9 roles", lists)
	}
	if lists.Users.TotalCount != 2 { // the Medarbetare of the world and the viewer
		t.Errorf("users = %d, want the 2 of Bollebygd", lists.Users.TotalCount)
	}
	for name, id := range map[string]int{"plan": w.plan["other"], "area": w.area["other"], "action": w.action["other"], "role": w.role["other"], "user": w.user["other"]} {
		var got struct{ Node *struct{ ID string } }
		errs := a.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, &got)
		if got.Node != nil {
			t.Errorf("node(%s of another department) = %+v", name, got.Node)
		}
		if len(errs) > 0 && errs[0].Extensions["code"] != "NOT_FOUND" {
			t.Errorf("node(%s of another department): %+v, want NOT_FOUND", name, errs)
		}
	}
	var nodes struct{ Nodes []*struct{ ID string } }
	a.do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []int{w.plan["own"], w.plan["other"]}}, &nodes)
	if len(nodes.Nodes) != 2 || nodes.Nodes[0] == nil || nodes.Nodes[1] != nil {
		t.Errorf("nodes(own, other) = %+v, want the own plan and null", nodes.Nodes)
	}
}

func TestAViewerWithoutRolesSeesNothing(t *testing.T) {
	w := newWorld(t)
	a := newAPI(t, w.db, &viewer.Viewer{UserID: -1, Name: "Ingen"})
	var lists struct {
		Departments struct{ TotalCount int }
		Plans       struct{ TotalCount int }
	}
	a.mustDo(`{ departments { totalCount } plans { totalCount } }`, nil, &lists)
	if lists.Departments.TotalCount != 0 || lists.Plans.TotalCount != 0 {
		t.Errorf("lists = %+v, want nothing", lists)
	}
}
