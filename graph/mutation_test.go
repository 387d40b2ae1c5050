package graph_test

import (
	"context"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/rule"
)

// fixture holds ids of the seeded Bollebygd plan that the tests refer to.
type fixture struct {
	db                          *database.DB
	api                         *api
	dept, plan, area, action    int
	enhetschef, chefer, ledamot int
}

func newFixture(t *testing.T, db *database.DB) fixture {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	res := seedBollebygd(t, db)
	roleID := func(name string) int {
		id, err := db.Client.Role.Query().Where(role.DepartmentID(res.DepartmentID), role.Name(name)).OnlyID(ctx)
		if err != nil {
			t.Fatalf("role %s: %v", name, err)
		}
		return id
	}
	areaID := db.Client.Plan.GetX(ctx, res.PlanID).QueryAreas().FirstIDX(ctx)
	actionID := db.Client.Action.Query().Where(action.AreaID(areaID), action.Number(1)).OnlyIDX(ctx)
	return fixture{
		db: db, api: newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef", "Enhetschef")),
		dept: res.DepartmentID, plan: res.PlanID, area: areaID, action: actionID,
		enhetschef: roleID("Enhetschef"), chefer: roleID("Chefer"), ledamot: roleID("Ledamot"),
	}
}

// rowCounts is the number of plans, areas and actions in the database.
func (f fixture) rowCounts(t *testing.T) [3]int {
	ctx := rule.SystemContext(context.Background(), "test")
	return [3]int{f.db.Client.Plan.Query().CountX(ctx), f.db.Client.Area.Query().CountX(ctx), f.db.Client.Action.Query().CountX(ctx)}
}

func TestMutationsCreateUpdateAndDeleteThePlanTree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		var created struct {
			CreatePlan struct {
				ID     string
				Status string
				Owner  struct{ Name string }
			}
		}
		f.api.mustDo(`mutation($dept: ID!, $owner: ID!) {
			createPlan(departmentID: $dept, input: {title: "Handlingsplan digitalisering", registryNumber: "SN2025/3", ownerID: $owner, date: "2025-03-01"}) {
				id status owner { name }
			}
		}`, map[string]any{"dept": f.dept, "owner": f.chefer}, &created)
		if created.CreatePlan.Status != "draft" || created.CreatePlan.Owner.Name != "Chefer" {
			t.Errorf("created plan = %+v, want a draft owned by Chefer", created.CreatePlan)
		}
		planID := created.CreatePlan.ID

		var area struct{ CreateArea struct{ ID string } }
		f.api.mustDo(`mutation($plan: ID!) { createArea(input: {planID: $plan, position: 1, title: "Digitala arbetssätt.", purpose: "Syftar till..."}) { id } }`,
			map[string]any{"plan": planID}, &area)
		var act struct {
			CreateAction struct {
				ID         string
				Department struct{ Slug string }
			}
		}
		f.api.mustDo(`mutation($area: ID!, $role: ID!) {
			createAction(input: {areaID: $area, number: 1, position: 1, text: "Inventera system.", responsibleID: $role, deadlineKind: month, dueMonth: "2025-12"}) {
				id department { slug }
			}
		}`, map[string]any{"area": area.CreateArea.ID, "role": f.enhetschef}, &act)
		if act.CreateAction.Department.Slug != "bollebygd-socialforvaltningen" {
			t.Errorf("the action did not inherit its plan's department: %+v", act.CreateAction)
		}
		var sub struct{ CreateAction struct{ ID string } }
		f.api.mustDo(`mutation($area: ID!, $parent: ID!, $role: ID!) {
			createAction(input: {areaID: $area, parentID: $parent, position: 1, text: "Per enhet.", responsibleID: $role, deadlineKind: continuous}) { id }
		}`, map[string]any{"area": area.CreateArea.ID, "parent": act.CreateAction.ID, "role": f.enhetschef}, &sub)

		var updated struct {
			UpdateAction struct {
				DeadlineKind string
				DueMonth     *string
			}
		}
		f.api.mustDo(`mutation($id: ID!) { updateAction(id: $id, input: {deadlineKind: continuous, clearDueMonth: true}) { deadlineKind dueMonth } }`,
			map[string]any{"id": act.CreateAction.ID}, &updated)
		if updated.UpdateAction.DeadlineKind != "continuous" || updated.UpdateAction.DueMonth != nil {
			t.Errorf("updated action = %+v", updated.UpdateAction)
		}

		before := f.rowCounts(t)
		f.api.mustDo(`mutation($id: ID!) { deletePlan(id: $id) }`, map[string]any{"id": planID}, nil)
		after := f.rowCounts(t)
		if want := [3]int{before[0] - 1, before[1] - 1, before[2] - 2}; after != want {
			t.Errorf("after deleting the plan: plans/areas/actions = %v, want %v (areas and actions go with it)", after, want)
		}
		var gone struct{ Plan *struct{ ID string } }
		f.api.mustDo(`query($id: ID!) { plan(id: $id) { id } }`, map[string]any{"id": planID}, &gone)
		if gone.Plan != nil {
			t.Error("deleted plan is still found")
		}
	})
}

func TestBadInputIsRefusedWithTheFieldAndWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		vars := map[string]any{"dept": f.dept, "plan": f.plan, "area": f.area, "action": f.action,
			"role": f.enhetschef, "owner": f.chefer}
		tests := []struct {
			name, query, code, field string
		}{
			{"a plan needs a title",
				`mutation($dept: ID!, $owner: ID!) { createPlan(departmentID: $dept, input: {title: "", registryNumber: "X1", ownerID: $owner}) { id } }`,
				"BAD_USER_INPUT", "title"},
			{"a plan's date must be a calendar date",
				`mutation($dept: ID!, $owner: ID!) { createPlan(departmentID: $dept, input: {title: "T", registryNumber: "X1", ownerID: $owner, date: "2024-02-30"}) { id } }`,
				"BAD_USER_INPUT", "date"},
			{"a registry number is unique in the department",
				`mutation($dept: ID!, $owner: ID!) { createPlan(departmentID: $dept, input: {title: "T", registryNumber: "SN2024/10", ownerID: $owner}) { id } }`,
				"CONFLICT", "registryNumber"},
			{"a month deadline needs its month",
				`mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, number: 9, position: 9, text: "T", responsibleID: $role, deadlineKind: month}) { id } }`,
				"BAD_USER_INPUT", "dueMonth"},
			{"a month must be a calendar month",
				`mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, number: 9, position: 9, text: "T", responsibleID: $role, deadlineKind: month, dueMonth: "2024-13"}) { id } }`,
				"BAD_USER_INPUT", "dueMonth"},
			{"a continuous action has no month",
				`mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, number: 9, position: 9, text: "T", responsibleID: $role, deadlineKind: continuous, dueMonth: "2024-12"}) { id } }`,
				"BAD_USER_INPUT", "dueMonth"},
			{"action numbers are unique in the area",
				`mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, number: 1, position: 9, text: "T", responsibleID: $role, deadlineKind: continuous}) { id } }`,
				"BAD_USER_INPUT", "number"},
			{"an action's number is at most 999",
				`mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, number: 2147483647, position: 9, text: "T", responsibleID: $role, deadlineKind: continuous}) { id } }`,
				"BAD_USER_INPUT", "number"},
			{"a top-level action needs a number",
				`mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, position: 9, text: "T", responsibleID: $role, deadlineKind: continuous}) { id } }`,
				"BAD_USER_INPUT", "number"},
			{"sub-actions are not numbered",
				`mutation($area: ID!, $action: ID!, $role: ID!) { createAction(input: {areaID: $area, parentID: $action, number: 4, position: 9, text: "T", responsibleID: $role, deadlineKind: continuous}) { id } }`,
				"BAD_USER_INPUT", "number"},
			{"an action's text cannot be empty",
				`mutation($action: ID!) { updateAction(id: $action, input: {text: ""}) { id } }`,
				"BAD_USER_INPUT", "text"},
			{"the responsible role must exist",
				`mutation($area: ID!) { createAction(input: {areaID: $area, number: 9, position: 9, text: "T", responsibleID: 999, deadlineKind: continuous}) { id } }`,
				"NOT_FOUND", "responsibleID"},
			{"an area needs an existing plan",
				`mutation { createArea(input: {planID: 12345, position: 1, title: "T"}) { id } }`,
				"NOT_FOUND", "planID"},
			{"updating a missing action is not found",
				`mutation { updateAction(id: 424242, input: {text: "T"}) { id } }`,
				"NOT_FOUND", ""},
			{"deleting a missing plan is not found",
				`mutation { deletePlan(id: 424242) }`,
				"NOT_FOUND", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.rowCounts(t)
				errs := f.api.do(tt.query, vars, nil)
				if len(errs) != 1 {
					t.Fatalf("errors = %+v, want one", errs)
				}
				if code := errs[0].Extensions["code"]; code != tt.code {
					t.Errorf("code = %v, want %s (%s)", code, tt.code, errs[0].Message)
				}
				if field, _ := errs[0].Extensions["field"].(string); field != tt.field {
					t.Errorf("field = %q, want %q (%s)", field, tt.field, errs[0].Message)
				}
				if after := f.rowCounts(t); after != before {
					t.Errorf("rows changed from %v to %v", before, after)
				}
			})
		}
	})
}

func TestARoleSeesEverythingItAnswersFor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		type conn struct {
			Node struct {
				Responsibilities struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Text, DeadlineKind string
							DueMonth           *string
							Responsible        struct{ Name string }
							Parent             *struct{ Number int }
						}
					}
				}
			}
		}
		query := `query($id: ID!, $where: ActionWhereInput, $groups: Boolean!) {
			node(id: $id) { ... on Role { responsibilities(where: $where, includeGroups: $groups, orderBy: {field: DUE_MONTH}) {
				totalCount edges { node { text deadlineKind dueMonth responsible { name } parent { number } } } } } }
		}`
		tests := []struct {
			name   string
			where  map[string]any
			groups bool
			want   int
		}{
			// In the plan, Enhetschef answers for areas 1 and 6 (sub-actions,
			// December 2024), area 3 action 2 and an area 4 sub-action
			// (continuous); as one of Chefer, for three continuous items of area 8.
			{"an Enhetschef's own actions", nil, false, 4},
			{"with what Chefer answer for", nil, true, 7},
			{"only continuous ones", map[string]any{"deadlineKind": "continuous"}, true, 5},
			{"due in a window", map[string]any{"dueMonthGTE": "2024-06", "dueMonthLTE": "2024-12"}, true, 2},
			{"due in a window with nothing", map[string]any{"dueMonthGTE": "2025-01"}, true, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got conn
				f.api.mustDo(query, map[string]any{"id": f.enhetschef, "where": tt.where, "groups": tt.groups}, &got)
				r := got.Node.Responsibilities
				if r.TotalCount != tt.want || len(r.Edges) != tt.want {
					t.Errorf("got %d (%d edges), want %d", r.TotalCount, len(r.Edges), tt.want)
				}
				for _, e := range r.Edges {
					if n := e.Node.Responsible.Name; n != "Enhetschef" && !(tt.groups && n == "Chefer") {
						t.Errorf("%q is for %s", e.Node.Text, n)
					}
				}
			})
		}
	})
}
