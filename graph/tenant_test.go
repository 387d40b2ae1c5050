package graph_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/migrate"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// unknownID is an id of the same type as id (each type has its own range
// of 2³² ids) that no row has.
func unknownID(id int) int { return id + 1<<30 }

// withoutID returns errs with the id a caller asked for blanked in their
// messages: repeating the caller's own input tells nothing.
func withoutID(errs []gqlError, id int) []gqlError {
	out := slices.Clone(errs)
	for i := range out {
		out[i].Message = strings.ReplaceAll(out[i].Message, fmt.Sprint(id), "<id>")
		out[i].Extensions = maps.Clone(out[i].Extensions)
		out[i].Extensions["detail"] = strings.ReplaceAll(out[i].detail(), fmt.Sprint(id), "<id>")
	}
	return out
}

// sameAnswer checks that a reference to another department's row was
// refused exactly as a reference to an id that does not exist: NOT_FOUND,
// the same field, the same message.
func sameAnswer(t *testing.T, what string, foreign, unknown []gqlError) {
	t.Helper()
	if code(foreign) != "NOT_FOUND" {
		t.Errorf("%s, another department's: %s %+v, want NOT_FOUND", what, code(foreign), foreign)
		return
	}
	if len(unknown) == 0 || !reflect.DeepEqual(foreign[0], unknown[0]) {
		t.Errorf("%s: another department's answers %+v, an unknown id %+v; they must not differ", what, foreign, unknown)
	}
}

func TestAssignRoleRefusesAnOperationAreaOfAnotherDepartment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		own := planstest.ImportBollebygd(t, db.Client, bollebygd)
		other := planstest.ImportBollebygd(t, db.Client, otherDept)
		admin := authtest.User(t, db.Client, bollebygd, "Systemförvaltare")
		member := authtest.User(t, db.Client, bollebygd, "Medarbetare")
		ledamot := db.Client.Role.Query().Where(role.DepartmentID(own.DepartmentID), role.Name("Ledamot")).OnlyIDX(sys())
		area := func(dept int) int {
			return db.Client.OperationArea.Query().Where(operationarea.DepartmentID(dept), operationarea.Code("ÄO")).OnlyIDX(sys())
		}
		a := newAPI(t, db, admin)
		const assign = `mutation($u: ID!, $r: ID!, $oa: ID) { assignRole(userID: $u, roleID: $r, operationAreaID: $oa) { id operationArea { code } } }`

		foreign := a.do(assign, map[string]any{"u": member.UserID, "r": ledamot, "oa": area(other.DepartmentID)}, nil)
		unknown := a.do(assign, map[string]any{"u": member.UserID, "r": ledamot, "oa": unknownID(area(other.DepartmentID))}, nil)
		sameAnswer(t, "assignRole(operationAreaID)", foreign, unknown)
		if n := db.Client.RoleAssignment.Query().CountX(sys()); n != 2 {
			t.Errorf("%d role assignments, want the 2 of the test users: a refused assignment writes nothing", n)
		}
		a.mustDo(assign, map[string]any{"u": member.UserID, "r": ledamot, "oa": area(own.DepartmentID)}, nil)
	})
}

// tenantRows creates one row of every tenant-owned type in the department
// with the slug (whose Bollebygd plan is imported), as the system, and
// returns their ids by type; "Department" is the department itself. A
// tenant-owned type without a row here fails TestTenantIsolation.
func tenantRows(t *testing.T, c *ent.Client, slug string) map[string]int {
	t.Helper()
	ctx := sys()
	dept := c.Department.Query().Where(department.Slug(slug)).OnlyX(ctx)
	d := dept.ID
	ids := map[string]int{"Department": d}
	p := c.Plan.Query().Where(plan.DepartmentID(d), plan.RegistryNumber("SN2024/10")).OnlyX(ctx)
	ids["Plan"] = p.ID
	ids["Area"] = p.QueryAreas().FirstIDX(ctx)
	ids["Action"] = c.Action.Query().Where(action.AreaID(ids["Area"]), action.Number(1)).OnlyIDX(ctx)
	ids["Role"] = c.Role.Query().Where(role.DepartmentID(d), role.Name("Ledamot")).OnlyIDX(ctx)
	ids["OperationArea"] = c.OperationArea.Query().Where(operationarea.DepartmentID(d), operationarea.Code("ÄO")).OnlyIDX(ctx)
	member := authtest.User(t, c, slug, "Medarbetare").UserID
	ids["RoleAssignment"] = c.RoleAssignment.Query().Where(roleassignment.UserID(member)).OnlyIDX(ctx)
	visited := c.BoardMeeting.Create().SetDepartmentID(d).SetDate("2024-09-20").SaveX(ctx).ID
	ids["BoardMeeting"] = c.BoardMeeting.Create().SetDepartmentID(d).SetDate("2024-10-18").SaveX(ctx).ID
	ids["Operation"] = c.Operation.Create().SetDepartmentID(d).SetName("Hemtjänsten").SetOperationAreaID(ids["OperationArea"]).SaveX(ctx).ID
	ids["Unit"] = c.Unit.Create().SetDepartmentID(d).SetOperationID(ids["Operation"]).SetName("Hemtjänsten norr").SaveX(ctx).ID
	ids["WorkplaceMeeting"] = c.WorkplaceMeeting.Create().SetDepartmentID(d).SetUnitID(ids["Unit"]).SetDate("2024-10-03").SaveX(ctx).ID
	ids["BoardVisit"] = c.BoardVisit.Create().SetDepartmentID(d).SetMeetingID(visited).SetOperationID(ids["Operation"]).SetUnitID(ids["Unit"]).SaveX(ctx).ID
	ids["StudyVisitSlot"] = c.StudyVisitSlot.Create().SetDepartmentID(d).SetOperationID(ids["Operation"]).
		SetStartsAt(time.Date(2024, 9, 25, 9, 0, 0, 0, time.UTC)).SetSize(3).SaveX(ctx).ID
	ids["StudyVisitBooking"] = c.StudyVisitBooking.Create().SetDepartmentID(d).SetSlotID(ids["StudyVisitSlot"]).
		SetUserID(member).SetSeat(1).SaveX(ctx).ID
	ids["Workshop"] = c.Workshop.Create().SetDepartmentID(d).SetTopic("Tillit").SetDate("2030-10-15").
		SetCapacity(10).SetMinimums(map[string]int{}).
		SetRegistrationOpensAt(time.Now().Add(-time.Hour)).SetRegistrationClosesAt(time.Now().Add(24 * time.Hour)).SaveX(ctx).ID
	ids["WorkshopRegistration"] = c.WorkshopRegistration.Create().SetDepartmentID(d).SetWorkshopID(ids["Workshop"]).
		SetUserID(member).SetOperationAreaID(ids["OperationArea"]).SaveX(ctx).ID
	ids["Evidence"] = c.Evidence.Create().SetDepartmentID(d).SetName("protokoll.pdf").SetContentType("application/pdf").
		SetSize(4).SetSha256("00").SetContent([]byte("%PDF")).SetUploaderID(member).SaveX(ctx).ID
	ids["SignOff"] = c.SignOff.Create().SetDepartmentID(d).SetActionID(ids["Action"]).SetSlot("once").SetDoneOn("2024-09-01").
		SetSignerID(member).SetEvidenceID(ids["Evidence"]).SetIdempotencyKey("k-" + slug).SaveX(ctx).ID
	ids["GroupMapping"] = c.GroupMapping.Create().SetDepartmentID(d).SetValue("HP-" + slug).SetRoleID(ids["Role"]).
		SetOperationAreaID(ids["OperationArea"]).SaveX(ctx).ID
	return ids
}

// tableOf finds the table of a type in the generated migration schema.
func tableOf(t *testing.T, typ string) *schema.Table {
	t.Helper()
	var b strings.Builder
	for i, r := range typ {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	for _, tbl := range migrate.Tables {
		if tbl.Name == b.String()+"s" {
			return tbl
		}
	}
	t.Fatalf("no table for %s in ent/migrate", typ)
	return nil
}

// TestTenantOwnedTypesAreTheTablesWithADepartment checks the generated list
// of tenant-owned types (ent.TenantTypes, the types with TenantMixin, which
// the isolation tests walk) against the database schema: every table with a
// department_id referencing departments is one, so a type that carries a
// department without TenantMixin is caught.
func TestTenantOwnedTypesAreTheTablesWithADepartment(t *testing.T) {
	want := map[string]bool{}
	for _, tbl := range migrate.Tables {
		for _, fk := range tbl.ForeignKeys {
			if fk.RefTable.Name == "departments" && len(fk.Columns) == 1 && fk.Columns[0].Name == "department_id" {
				want[tbl.Name] = true
			}
		}
	}
	got := map[string]bool{}
	for _, typ := range ent.TenantTypes {
		got[tableOf(t, typ).Name] = true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("types with TenantMixin have tables %v; the tables with a department are %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}

// TestTenantIsolation walks every tenant-owned type (ent.TenantTypes,
// generated from the schema): a row of another department is missing,
// for a member, an administrator and a plan editor, from the GraphQL
// connections, node(id) and the ent client's queries, exactly like an id
// that does not exist.
func TestTenantIsolation(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, bollebygd)
	planstest.ImportBollebygd(t, db.Client, otherDept)
	own, other := tenantRows(t, db.Client, bollebygd), tenantRows(t, db.Client, otherDept)
	for _, typ := range ent.TenantTypes {
		if other[typ] == 0 {
			t.Fatalf("tenantRows makes no %s: add one, so its isolation is tested", typ)
		}
	}
	gqlSchema := graph.NewSchema(db.Client).Schema()
	for _, who := range []string{"Medarbetare", "Systemförvaltare", "Förvaltningschef"} {
		v := authtest.User(t, db.Client, bollebygd, who)
		ctx := viewer.NewContext(context.Background(), v)
		a := newAPI(t, db, v)
		for _, typ := range append(slices.Clone(ent.TenantTypes), "Department") {
			t.Run(who+"/"+typ, func(t *testing.T) {
				id := other[typ]
				// A type may narrow reading further inside the department:
				// a workshop's registrations are its organisers' list (the
				// Förvaltningschef in this plan), and each member's own.
				// Group mappings are the administrators'.
				ownVisible := (typ != "WorkshopRegistration" || who == "Förvaltningschef") &&
					(typ != "GroupMapping" || who == "Systemförvaltare")
				// node(id) answers as for an id that does not exist.
				const node = `query($id: ID!) { node(id: $id) { id } }`
				var got, none struct{ Node *struct{ ID string } }
				foreign, unknown := a.do(node, map[string]any{"id": id}, &got), a.do(node, map[string]any{"id": unknownID(id)}, &none)
				if got.Node != nil || !reflect.DeepEqual(withoutID(foreign, id), withoutID(unknown, unknownID(id))) {
					t.Errorf("node(another department's %s) = %+v %+v; an unknown id: %+v", typ, got.Node, foreign, unknown)
				}
				var nodes struct{ Nodes []*struct{ ID string } }
				errs := a.do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []int{own[typ], id}}, &nodes)
				if len(nodes.Nodes) != 2 || (nodes.Nodes[0] == nil) == ownVisible || nodes.Nodes[1] != nil || (len(errs) > 0 && code(errs) != "NOT_FOUND") {
					t.Errorf("nodes(own, another department's %s) = %+v %+v, want the own and null", typ, nodes.Nodes, errs)
				}

				// The ent client: Get, IDs and Count see only the viewer's department.
				c := reflect.ValueOf(db.Client).Elem().FieldByName(typ)
				call := func(v reflect.Value, method string, args ...any) []reflect.Value {
					in := []reflect.Value{}
					for _, a := range args {
						in = append(in, reflect.ValueOf(a))
					}
					return v.MethodByName(method).Call(in)
				}
				if err, _ := call(c, "Get", ctx, id)[1].Interface().(error); !ent.IsNotFound(err) {
					t.Errorf("client.%s.Get(another department's) = %v, want not found", typ, err)
				}
				ids := call(call(c, "Query")[0], "IDs", ctx)[0].Interface().([]int)
				if slices.Contains(ids, id) || slices.Contains(ids, own[typ]) != ownVisible {
					t.Errorf("client.%s.Query().IDs = %v: want %d, not another department's %d", typ, ids, own[typ], id)
				}
				count := call(call(c, "Query")[0], "Count", ctx)[0].Interface().(int)
				var want int
				if typ == "Department" {
					want = 1
				} else if err := db.SQL.QueryRow("SELECT count(*) FROM "+tableOf(t, typ).Name+" WHERE department_id = ?", own["Department"]).Scan(&want); err != nil {
					t.Fatal(err)
				}
				if !ownVisible {
					want = 0
				}
				if count != want {
					t.Errorf("client.%s.Query().Count = %d, want the %d of the viewer's department", typ, count, want)
				}

				// A GraphQL connection of the type, when there is one.
				for _, f := range gqlSchema.Query.Fields {
					if f.Type.Name() != typ+"Connection" {
						continue
					}
					var conn map[string]struct {
						TotalCount int
						Edges      []struct{ Node struct{ ID string } }
					}
					if errs := a.do(fmt.Sprintf(`{ %s(first: 1000) { totalCount edges { node { id } } } }`, f.Name), nil, &conn); len(errs) > 0 {
						t.Fatalf("%s: %+v", f.Name, errs)
					}
					if got := conn[f.Name]; got.TotalCount != want || len(got.Edges) != want {
						t.Errorf("%s: totalCount %d, %d edges; want the %d of the viewer's department", f.Name, got.TotalCount, len(got.Edges), want)
					}
				}
			})
		}
	}
}

// TestEveryEdgeBetweenTenantTypesStaysInItsDepartment sets every edge from
// a tenant-owned type to another (ent.TenantEdges, generated from the
// schema) on a row of one department to a row of another, through the ent
// client as the system (the rule holds whoever asks): it is refused as
// NOT_FOUND naming the input field, exactly as an id that does not exist,
// and a row of the same department is not.
func TestEveryEdgeBetweenTenantTypesStaysInItsDepartment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		planstest.ImportBollebygd(t, db.Client, bollebygd)
		planstest.ImportBollebygd(t, db.Client, otherDept)
		own, other := tenantRows(t, db.Client, bollebygd), tenantRows(t, db.Client, otherDept)
		for _, typ := range ent.TenantTypes {
			for _, e := range ent.TenantEdges[typ] {
				t.Run(typ+"."+e.Name, func(t *testing.T) {
					set := func(ref int) error {
						tx, err := db.Client.Tx(sys())
						if err != nil {
							t.Fatal(err)
						}
						defer tx.Rollback()
						update := reflect.ValueOf(tx.Client()).Elem().FieldByName(typ).
							MethodByName("UpdateOneID").Call([]reflect.Value{reflect.ValueOf(own[typ])})[0]
						m := update.MethodByName("Mutation").Call(nil)[0]
						setter := "Set" + strings.ToUpper(e.Input[:1]) + e.Input[1:]
						if strings.HasSuffix(e.Input, "IDs") {
							setter = "Add" + strings.ToUpper(e.Input[:1]) + e.Input[1:]
						}
						method := m.MethodByName(setter)
						if !method.IsValid() {
							t.Fatalf("%T has no %s", m.Interface(), setter)
						}
						method.Call([]reflect.Value{reflect.ValueOf(ref)})
						err, _ = update.MethodByName("Save").Call([]reflect.Value{reflect.ValueOf(sys())})[1].Interface().(error)
						return err
					}
					foreign, unknown := set(other[e.Type]), set(unknownID(other[e.Type]))
					f, ok := fault.As(foreign)
					field := e.Input
					if strings.HasSuffix(field, "IDs") { // an update adds to a list
						field = "add" + strings.ToUpper(field[:1]) + field[1:]
					}
					if !ok || f.Code != fault.NotFound || f.Field != field {
						t.Fatalf("another department's %s: %v, want NOT_FOUND on %s", e.Type, foreign, field)
					}
					if u, _ := fault.As(unknown); !reflect.DeepEqual(f, u) {
						t.Errorf("another department's %s answers %+v, an unknown id %+v; they must not differ", e.Type, f, unknown)
					}
					if err := set(own[e.Type]); err != nil && reflect.DeepEqual(err, foreign) {
						t.Errorf("the own department's %s is refused too: %v", e.Type, err)
					}
				})
			}
		}
	})
}

// mutationRefs is every id a mutation takes (argument or input field, as
// mutation.argument[.field]), with a mutation that uses it: the variable
// that carries it, named by the type it refers to ($Role, or $Role_2 for a
// second one, [ID!] lists as $Role_list); the other variables are rows of
// the viewer's department. A new id argument must be added here.
var mutationRefs = map[string]struct{ query, ref string }{
	"setNotificationSettings.departmentID":     {`mutation($Department: ID!) { setNotificationSettings(departmentID: $Department, input: {digestWeekday: 2, digestHour: 8, reminderDays: 5}) { digestHour } }`, "Department"},
	"createPlan.departmentID":                  {`mutation($Department: ID!, $Role: ID!, $Role_2: ID) { createPlan(departmentID: $Department, input: {title: "T", registryNumber: "X9", ownerID: $Role, approvedByID: $Role_2}) { id } }`, "Department"},
	"createPlan.input.ownerID":                 {`mutation($Department: ID!, $Role: ID!, $Role_2: ID) { createPlan(departmentID: $Department, input: {title: "T", registryNumber: "X9", ownerID: $Role, approvedByID: $Role_2}) { id } }`, "Role"},
	"createPlan.input.approvedByID":            {`mutation($Department: ID!, $Role: ID!, $Role_2: ID) { createPlan(departmentID: $Department, input: {title: "T", registryNumber: "X9", ownerID: $Role, approvedByID: $Role_2}) { id } }`, "Role_2"},
	"updatePlan.id":                            {`mutation($Plan: ID!, $Role: ID, $Role_2: ID) { updatePlan(id: $Plan, input: {ownerID: $Role, approvedByID: $Role_2}) { id } }`, "Plan"},
	"updatePlan.input.ownerID":                 {`mutation($Plan: ID!, $Role: ID, $Role_2: ID) { updatePlan(id: $Plan, input: {ownerID: $Role, approvedByID: $Role_2}) { id } }`, "Role"},
	"updatePlan.input.approvedByID":            {`mutation($Plan: ID!, $Role: ID, $Role_2: ID) { updatePlan(id: $Plan, input: {ownerID: $Role, approvedByID: $Role_2}) { id } }`, "Role_2"},
	"deletePlan.id":                            {`mutation($Plan: ID!) { deletePlan(id: $Plan) }`, "Plan"},
	"adoptPlan.id":                             {`mutation($Plan: ID!) { adoptPlan(id: $Plan, adoptedBy: "KS", adoptedAt: "2025-01-01", paragraph: "§ 1") { id } }`, "Plan"},
	"archivePlan.id":                           {`mutation($Plan: ID!) { archivePlan(id: $Plan) { id } }`, "Plan"},
	"reopenPlan.id":                            {`mutation($Plan: ID!) { reopenPlan(id: $Plan) { id } }`, "Plan"},
	"noteRevision.planID":                      {`mutation($Plan: ID!) { noteRevision(planID: $Plan, date: "2025-01-01", note: "N") { id } }`, "Plan"},
	"createArea.input.planID":                  {`mutation($Plan: ID!) { createArea(input: {planID: $Plan, position: 9, title: "T"}) { id } }`, "Plan"},
	"updateArea.id":                            {`mutation($Area: ID!) { updateArea(id: $Area, input: {title: "T"}) { id } }`, "Area"},
	"deleteArea.id":                            {`mutation($Area: ID!) { deleteArea(id: $Area) }`, "Area"},
	"createAction.input.areaID":                {`mutation($Area: ID!, $Action: ID, $Role: ID!) { createAction(input: {areaID: $Area, parentID: $Action, position: 9, text: "T", responsibleID: $Role, deadlineKind: continuous}) { id } }`, "Area"},
	"createAction.input.parentID":              {`mutation($Area: ID!, $Action: ID, $Role: ID!) { createAction(input: {areaID: $Area, parentID: $Action, position: 9, text: "T", responsibleID: $Role, deadlineKind: continuous}) { id } }`, "Action"},
	"createAction.input.responsibleID":         {`mutation($Area: ID!, $Action: ID, $Role: ID!) { createAction(input: {areaID: $Area, parentID: $Action, position: 9, text: "T", responsibleID: $Role, deadlineKind: continuous}) { id } }`, "Role"},
	"updateAction.id":                          {`mutation($Action: ID!, $Role: ID) { updateAction(id: $Action, input: {responsibleID: $Role}) { id } }`, "Action"},
	"updateAction.input.responsibleID":         {`mutation($Action: ID!, $Role: ID) { updateAction(id: $Action, input: {responsibleID: $Role}) { id } }`, "Role"},
	"deleteAction.id":                          {`mutation($Action: ID!) { deleteAction(id: $Action) }`, "Action"},
	"moveArea.id":                              {`mutation($Area: ID!) { moveArea(id: $Area, position: 1) { id } }`, "Area"},
	"moveAction.id":                            {`mutation($Action: ID!) { moveAction(id: $Action, position: 1) { id } }`, "Action"},
	"createRole.departmentID":                  {`mutation($Department: ID!, $Role_list: [ID!]) { createRole(departmentID: $Department, input: {name: "Ny", memberIDs: $Role_list}) { id } }`, "Department"},
	"createRole.input.groupIDs":                {`mutation($Department: ID!, $Role_list: [ID!]) { createRole(departmentID: $Department, input: {name: "Ny", kind: position, groupIDs: $Role_list}) { id } }`, "Role_list"},
	"createRole.input.memberIDs":               {`mutation($Department: ID!, $Role_list: [ID!]) { createRole(departmentID: $Department, input: {name: "Ny", kind: group, memberIDs: $Role_list}) { id } }`, "Role_list"},
	"updateRole.id":                            {`mutation($Role: ID!) { updateRole(id: $Role, input: {aliases: ["X"]}) { id } }`, "Role"},
	"updateRole.input.addGroupIDs":             {`mutation($Role: ID!, $Role_list: [ID!]) { updateRole(id: $Role, input: {addGroupIDs: $Role_list}) { id } }`, "Role_list"},
	"updateRole.input.removeGroupIDs":          {`mutation($Role: ID!, $Role_list: [ID!]) { updateRole(id: $Role, input: {removeGroupIDs: $Role_list}) { id } }`, "Role_list"},
	"updateRole.input.addMemberIDs":            {`mutation($Role: ID!, $Role_list: [ID!]) { updateRole(id: $Role, input: {addMemberIDs: $Role_list}) { id } }`, "Role_list"},
	"updateRole.input.removeMemberIDs":         {`mutation($Role: ID!, $Role_list: [ID!]) { updateRole(id: $Role, input: {removeMemberIDs: $Role_list}) { id } }`, "Role_list"},
	"assignRole.roleID":                        {`mutation($User: ID!, $Role: ID!, $OperationArea: ID) { assignRole(userID: $User, roleID: $Role, operationAreaID: $OperationArea) { id } }`, "Role"},
	"assignRole.operationAreaID":               {`mutation($User: ID!, $Role: ID!, $OperationArea: ID) { assignRole(userID: $User, roleID: $Role, operationAreaID: $OperationArea) { id } }`, "OperationArea"},
	"assignRole.unitID":                        {`mutation($User: ID!, $Role: ID!, $Unit: ID) { assignRole(userID: $User, roleID: $Role, unitID: $Unit) { id } }`, "Unit"},
	"unassignRole.id":                          {`mutation($RoleAssignment: ID!) { unassignRole(id: $RoleAssignment) }`, "RoleAssignment"},
	"signOff.input.actionID":                   {`mutation($Action: ID!, $Evidence: ID) { signOff(input: {actionID: $Action, evidenceID: $Evidence, idempotencyKey: "x"}) { id } }`, "Action"},
	"signOff.input.evidenceID":                 {`mutation($Action: ID!, $Evidence: ID) { signOff(input: {actionID: $Action, evidenceID: $Evidence, idempotencyKey: "x"}) { id } }`, "Evidence"},
	"signOff.input.unitID":                     {`mutation($Action: ID!, $Unit: ID) { signOff(input: {actionID: $Action, unitID: $Unit, idempotencyKey: "x"}) { id } }`, "Unit"},
	"withdrawSignOff.id":                       {`mutation($SignOff: ID!) { withdrawSignOff(id: $SignOff, reason: "R") { id } }`, "SignOff"},
	"createBoardMeeting.departmentID":          {`mutation($Department: ID!) { createBoardMeeting(departmentID: $Department, input: {date: "2024-12-01"}) { id } }`, "Department"},
	"updateBoardMeeting.id":                    {`mutation($BoardMeeting: ID!) { updateBoardMeeting(id: $BoardMeeting, input: {note: "N"}) { id } }`, "BoardMeeting"},
	"deleteBoardMeeting.id":                    {`mutation($BoardMeeting: ID!) { deleteBoardMeeting(id: $BoardMeeting) }`, "BoardMeeting"},
	"importPlanDocument.departmentID":          {`mutation($Department: ID!) { importPlanDocument(departmentID: $Department, fileName: "plan.docx", content: "") { created } }`, "Department"},
	"importBoardMeetings.departmentID":         {`mutation($Department: ID!) { importBoardMeetings(departmentID: $Department, ics: "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20241201\nSUMMARY:SN\nEND:VEVENT\nEND:VCALENDAR\n") { id } }`, "Department"},
	"createOperation.departmentID":             {`mutation($Department: ID!, $OperationArea: ID) { createOperation(departmentID: $Department, input: {name: "Ny", operationAreaID: $OperationArea}) { id } }`, "Department"},
	"createOperation.input.operationAreaID":    {`mutation($Department: ID!, $OperationArea: ID) { createOperation(departmentID: $Department, input: {name: "Ny", operationAreaID: $OperationArea}) { id } }`, "OperationArea"},
	"createUnit.input.operationID":             {`mutation($Operation: ID!) { createUnit(input: {operationID: $Operation, name: "Ny"}) { id } }`, "Operation"},
	"createWorkplaceMeeting.input.unitID":      {`mutation($Unit: ID!) { createWorkplaceMeeting(input: {unitID: $Unit, date: "2024-12-05"}) { id } }`, "Unit"},
	"importWorkplaceMeetings.unitID":           {`mutation($Unit: ID!) { importWorkplaceMeetings(unitID: $Unit, ics: "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20241205\nEND:VEVENT\nEND:VCALENDAR\n") { id } }`, "Unit"},
	"assignBoardVisit.meetingID":               {`mutation($BoardMeeting: ID!, $Operation: ID!, $Unit: ID) { assignBoardVisit(meetingID: $BoardMeeting, operationID: $Operation, unitID: $Unit) { id } }`, "BoardMeeting"},
	"assignBoardVisit.operationID":             {`mutation($BoardMeeting: ID!, $Operation: ID!, $Unit: ID) { assignBoardVisit(meetingID: $BoardMeeting, operationID: $Operation, unitID: $Unit) { id } }`, "Operation"},
	"assignBoardVisit.unitID":                  {`mutation($BoardMeeting: ID!, $Operation: ID!, $Unit: ID) { assignBoardVisit(meetingID: $BoardMeeting, operationID: $Operation, unitID: $Unit) { id } }`, "Unit"},
	"unassignBoardVisit.id":                    {`mutation($BoardVisit: ID!) { unassignBoardVisit(id: $BoardVisit) }`, "BoardVisit"},
	"applyRotation.departmentID":               {`mutation($Department: ID!) { applyRotation(departmentID: $Department, from: "2024-11-01", to: "2024-12-31") { id } }`, "Department"},
	"holdBoardVisit.id":                        {`mutation($BoardVisit: ID!, $Unit: ID) { holdBoardVisit(id: $BoardVisit, input: {unitID: $Unit, heldOn: "2024-09-20"}) { id } }`, "BoardVisit"},
	"holdBoardVisit.input.unitID":              {`mutation($BoardVisit: ID!, $Unit: ID) { holdBoardVisit(id: $BoardVisit, input: {unitID: $Unit, heldOn: "2024-09-20"}) { id } }`, "Unit"},
	"createStudyVisitSlot.input.operationID":   {`mutation($Operation: ID!, $Unit: ID) { createStudyVisitSlot(input: {operationID: $Operation, unitID: $Unit, startsAt: "2024-12-01T09:00:00Z", size: 2}) { id } }`, "Operation"},
	"createStudyVisitSlot.input.unitID":        {`mutation($Operation: ID!, $Unit: ID) { createStudyVisitSlot(input: {operationID: $Operation, unitID: $Unit, startsAt: "2024-12-01T09:00:00Z", size: 2}) { id } }`, "Unit"},
	"changeStudyVisitSlot.id":                  {`mutation($StudyVisitSlot: ID!, $Unit: ID) { changeStudyVisitSlot(id: $StudyVisitSlot, input: {unitID: $Unit, note: "N"}) { id } }`, "StudyVisitSlot"},
	"changeStudyVisitSlot.input.unitID":        {`mutation($StudyVisitSlot: ID!, $Unit: ID) { changeStudyVisitSlot(id: $StudyVisitSlot, input: {unitID: $Unit, note: "N"}) { id } }`, "Unit"},
	"bookStudyVisit.slotID":                    {`mutation($StudyVisitSlot: ID!) { bookStudyVisit(slotID: $StudyVisitSlot) { id } }`, "StudyVisitSlot"},
	"cancelStudyVisitBooking.id":               {`mutation($StudyVisitBooking: ID!) { cancelStudyVisitBooking(id: $StudyVisitBooking) }`, "StudyVisitBooking"},
	"holdStudyVisit.id":                        {`mutation($StudyVisitBooking: ID!) { holdStudyVisit(id: $StudyVisitBooking, notes: "N") { id } }`, "StudyVisitBooking"},
	"createWorkshop.departmentID":              {`mutation($Department: ID!) { createWorkshop(departmentID: $Department, input: {topic: "T", date: "2030-11-20", capacity: 12, registrationOpensAt: "2030-10-01T00:00:00Z", registrationClosesAt: "2030-11-01T00:00:00Z"}) { id } }`, "Department"},
	"registerForWorkshop.workshopID":           {`mutation($Workshop: ID!, $OperationArea: ID!) { registerForWorkshop(workshopID: $Workshop, operationAreaID: $OperationArea) { id } }`, "Workshop"},
	"registerForWorkshop.operationAreaID":      {`mutation($Workshop: ID!, $OperationArea: ID!) { registerForWorkshop(workshopID: $Workshop, operationAreaID: $OperationArea) { id } }`, "OperationArea"},
	"cancelWorkshopRegistration.id":            {`mutation($WorkshopRegistration: ID!) { cancelWorkshopRegistration(id: $WorkshopRegistration) { id } }`, "WorkshopRegistration"},
	"allocateWorkshopSeats.workshopID":         {`mutation($Workshop: ID!) { allocateWorkshopSeats(workshopID: $Workshop) { id } }`, "Workshop"},
	"addPerson.departmentID":                   {`mutation($Department: ID!, $Role_list: [ID!]!) { addPerson(departmentID: $Department, person: {name: "N", email: "n@example.se"}, roleIDs: $Role_list) { id } }`, "Department"},
	"addPerson.roleIDs":                        {`mutation($Department: ID!, $Role_list: [ID!]!) { addPerson(departmentID: $Department, person: {name: "N", email: "n@example.se"}, roleIDs: $Role_list) { id } }`, "Role_list"},
	"createGroupMapping.departmentID":          {`mutation($Department: ID!, $Role: ID!, $OperationArea: ID) { createGroupMapping(departmentID: $Department, input: {value: "G", roleID: $Role, operationAreaID: $OperationArea}) { id } }`, "Department"},
	"createGroupMapping.input.roleID":          {`mutation($Department: ID!, $Role: ID!, $OperationArea: ID) { createGroupMapping(departmentID: $Department, input: {value: "G", roleID: $Role, operationAreaID: $OperationArea}) { id } }`, "Role"},
	"createGroupMapping.input.operationAreaID": {`mutation($Department: ID!, $Role: ID!, $OperationArea: ID) { createGroupMapping(departmentID: $Department, input: {value: "G", roleID: $Role, operationAreaID: $OperationArea}) { id } }`, "OperationArea"},
	"deleteGroupMapping.id":                    {`mutation($GroupMapping: ID!) { deleteGroupMapping(id: $GroupMapping) }`, "GroupMapping"},
	"updateDepartment.id":                      {`mutation($Department: ID!) { updateDepartment(id: $Department, input: {name: "Ny"}) { id } }`, "Department"},
	"updateOperation.id":                       {`mutation($Operation: ID!, $OperationArea: ID) { updateOperation(id: $Operation, input: {name: "Ny", operationAreaID: $OperationArea}) { id } }`, "Operation"},
	"updateOperation.input.operationAreaID":    {`mutation($Operation: ID!, $OperationArea: ID) { updateOperation(id: $Operation, input: {name: "Ny", operationAreaID: $OperationArea}) { id } }`, "OperationArea"},
	"deleteOperation.id":                       {`mutation($Operation: ID!) { deleteOperation(id: $Operation) }`, "Operation"},
	"updateUnit.id":                            {`mutation($Unit: ID!, $Operation: ID) { updateUnit(id: $Unit, input: {name: "Ny", operationID: $Operation}) { id } }`, "Unit"},
	"updateUnit.input.operationID":             {`mutation($Unit: ID!, $Operation: ID) { updateUnit(id: $Unit, input: {name: "Ny", operationID: $Operation}) { id } }`, "Operation"},
	"deleteUnit.id":                            {`mutation($Unit: ID!) { deleteUnit(id: $Unit) }`, "Unit"},
	"updateWorkplaceMeeting.id":                {`mutation($WorkplaceMeeting: ID!) { updateWorkplaceMeeting(id: $WorkplaceMeeting, input: {date: "2024-12-06"}) { id } }`, "WorkplaceMeeting"},
	"deleteWorkplaceMeeting.id":                {`mutation($WorkplaceMeeting: ID!) { deleteWorkplaceMeeting(id: $WorkplaceMeeting) }`, "WorkplaceMeeting"},
	"createOperationArea.departmentID":         {`mutation($Department: ID!) { createOperationArea(departmentID: $Department, input: {code: "NY", name: "Nytt"}) { id } }`, "Department"},
	"updateOperationArea.id":                   {`mutation($OperationArea: ID!) { updateOperationArea(id: $OperationArea, input: {name: "Nytt"}) { id } }`, "OperationArea"},
	"moveOperationArea.id":                     {`mutation($OperationArea: ID!) { moveOperationArea(id: $OperationArea, position: 1) { id } }`, "OperationArea"},
	"deleteOperationArea.id":                   {`mutation($OperationArea: ID!) { deleteOperationArea(id: $OperationArea) }`, "OperationArea"},
	"copyPlan.planID":                          {`mutation($Plan: ID, $Department: ID!) { copyPlan(planID: $Plan, departmentID: $Department, registryNumber: "K1") { id } }`, "Plan"},
	"copyPlan.departmentID":                    {`mutation($Plan: ID, $Department: ID!) { copyPlan(planID: $Plan, departmentID: $Department, registryNumber: "K1") { id } }`, "Department"},
	"copyPlan.ownerRoleID":                     {`mutation($Department: ID!, $Role: ID) { copyPlan(departmentID: $Department, registryNumber: "K1", title: "T", ownerRoleID: $Role) { id } }`, "Role"},
	"copyPlan.roleChoices.targetRoleID":        {`mutation($Plan: ID, $Department: ID!, $Role: ID) { copyPlan(planID: $Plan, departmentID: $Department, registryNumber: "K1", roleChoices: [{sourceRole: "Ledamot", targetRoleID: $Role}]) { id } }`, "Role"},
}

// notTenantRefs are the mutations' ids that do not refer to a department's
// rows: users are shared by every department, calendar feeds are a user's.
var notTenantRefs = []string{"assignRole.userID", "createUnit.input.managerID", "updateUnit.input.managerID", "revokeCalendarFeed.id",
	"createDepartment.input.administratorUserID", "setMunicipalityAdministrator.userID"}

// mutationIDs lists every id argument and input field of the mutations.
func mutationIDs(s *ast.Schema) []string {
	var keys []string
	for _, f := range s.Mutation.Fields {
		for _, a := range f.Arguments {
			if a.Type.Name() == "ID" {
				keys = append(keys, f.Name+"."+a.Name)
			}
			if d := s.Types[a.Type.Name()]; d != nil && d.Kind == ast.InputObject {
				for _, x := range d.Fields {
					if x.Type.Name() == "ID" {
						keys = append(keys, f.Name+"."+a.Name+"."+x.Name)
					}
				}
			}
		}
	}
	return keys
}

// TestAReferenceToAnotherDepartmentIsAnUnknownID sends every mutation that
// takes an id (found in the GraphQL schema, so a new one must be listed in
// mutationRefs) with a row of another department, and with an id that does
// not exist, through the real GraphQL handler. An administrator, plan
// editor and board member gets NOT_FOUND for both, alike; a member who may
// change nothing gets the same answer for both. Removing an id that was
// never linked is a no-op, alike too.
func TestAReferenceToAnotherDepartmentIsAnUnknownID(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, bollebygd)
	planstest.ImportBollebygd(t, db.Client, otherDept)
	own, other := tenantRows(t, db.Client, bollebygd), tenantRows(t, db.Client, otherDept)
	own["User"] = authtest.User(t, db.Client, bollebygd).UserID

	for _, key := range mutationIDs(graph.NewSchema(db.Client).Schema()) {
		if _, ok := mutationRefs[key]; !ok && !slices.Contains(notTenantRefs, key) {
			t.Errorf("mutation id %s is not in mutationRefs: add it, so a reference to another department's row is tested", key)
		}
	}
	typeOf := func(v string) string { return strings.Split(v, "_")[0] }
	for _, who := range [][]string{{"Förvaltningschef", "Systemförvaltare", "Ledamot"}, {"Medarbetare"}} {
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, who...))
		for _, key := range slices.Sorted(maps.Keys(mutationRefs)) {
			c := mutationRefs[key]
			t.Run(strings.Join(who, "+")+"/"+key, func(t *testing.T) {
				answer := func(ref int) []gqlError {
					vars := map[string]any{}
					for typ, id := range own {
						vars[typ], vars[typ+"_2"], vars[typ+"_list"] = id, id, []int{id}
					}
					vars[c.ref] = ref
					if strings.HasSuffix(c.ref, "_list") {
						vars[c.ref] = []int{ref}
					}
					return withoutID(a.do(c.query, vars, nil), ref)
				}
				id := other[typeOf(c.ref)]
				foreign, unknown := answer(id), answer(unknownID(id))
				if !reflect.DeepEqual(foreign, unknown) {
					t.Errorf("another department's %s answers %+v, an unknown id %+v; they must not differ", typeOf(c.ref), foreign, unknown)
				}
				field := key[strings.LastIndex(key, ".")+1:]
				switch {
				case len(who) == 1, strings.Contains(key, ".remove"):
				case code(foreign) != "NOT_FOUND":
					t.Errorf("another department's %s: %+v, want NOT_FOUND", typeOf(c.ref), foreign)
				case foreign[0].Extensions["field"] != nil && foreign[0].Extensions["field"] != field:
					t.Errorf("another department's %s: %+v, want NOT_FOUND on %s", typeOf(c.ref), foreign, field)
				}
			})
		}
	}
}
