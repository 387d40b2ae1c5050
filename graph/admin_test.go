package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/departments"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

const kulturOchFritid = "bollebygd-kultur-och-fritid"

// municipalityAdmin is a user who holds no role anywhere and creates departments.
func municipalityAdmin(t *testing.T, db *database.DB) *viewer.Viewer {
	t.Helper()
	v := authtest.User(t, db.Client, bollebygd)
	ctx := rule.SystemContext(context.Background(), "test")
	db.Client.User.UpdateOneID(v.UserID).SetName("Kim Kommunadmin").SetMunicipalityAdmin(true).ExecX(ctx)
	v.Name, v.MunicipalityAdmin = "Kim Kommunadmin", true
	return v
}

// template is the role template as the API gives it, for createDepartment.
func template(t *testing.T, a *api) []map[string]any {
	t.Helper()
	var out struct{ RoleTemplate []map[string]any }
	a.mustDo(`{ roleTemplate { name kind aliases editsPlans administers boardMember members } }`, nil, &out)
	return out.RoleTemplate
}

const createDepartment = `mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id slug } }`

func newDepartment(slug string, roles []map[string]any, admin map[string]any) map[string]any {
	in := map[string]any{"slug": slug, "name": "Kultur- och fritidsförvaltningen", "municipality": "Bollebygds kommun",
		"roles": roles, "administratorRole": "Systemförvaltare"}
	for k, v := range admin {
		in[k] = v
	}
	return map[string]any{"in": in}
}

func TestOnlyAMunicipalityAdministratorCreatesADepartment(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	seedBollebygd(t, db)
	ctx := rule.SystemContext(context.Background(), "test")
	kim := municipalityAdmin(t, db)
	a := newAPI(t, db, kim)
	roles := template(t, a)
	ahead := map[string]any{"administrator": map[string]any{"name": "Anna Admin", "email": "Anna.Admin@bollebygd.se"}}

	t.Run("others are refused", func(t *testing.T) {
		for name, v := range map[string]*viewer.Viewer{
			"a department's administrator": authtest.User(t, db.Client, bollebygd, "Systemförvaltare"),
			"a plan editor":                authtest.User(t, db.Client, bollebygd, "Förvaltningschef"),
		} {
			if errs := newAPI(t, db, v).do(createDepartment, newDepartment(kulturOchFritid, roles, ahead), nil); code(errs) != "FORBIDDEN" {
				t.Errorf("%s: %+v, want FORBIDDEN", name, errs)
			}
		}
		if errs := newAPI(t, db, kim).do(`{ allDepartments { id } }`, nil, nil); len(errs) != 0 {
			t.Errorf("allDepartments for Kim: %+v", errs)
		}
	})

	t.Run("the template becomes the department's roles, with its administrator added ahead", func(t *testing.T) {
		var out struct{ CreateDepartment struct{ ID, Slug string } }
		a.mustDo(createDepartment, newDepartment(kulturOchFritid, roles, ahead), &out)
		d := db.Client.Department.Query().Where(department.Slug(kulturOchFritid)).OnlyX(ctx)
		if strconv.Itoa(d.ID) != out.CreateDepartment.ID {
			t.Fatalf("answered %+v, made %d", out, d.ID)
		}
		got := db.Client.Role.Query().Where(role.DepartmentID(d.ID)).WithMembers().AllX(ctx)
		if len(got) != len(departments.Template) {
			t.Errorf("%d roles, want the template's %d", len(got), len(departments.Template))
		}
		for _, r := range got {
			if r.Name == "Chefer" && (r.Kind != role.KindGroup || len(r.Edges.Members) != 4) {
				t.Errorf("Chefer = %s with %d members, want the group of four managers", r.Kind, len(r.Edges.Members))
			}
		}
		anna := db.Client.User.Query().Where(user.Email("anna.admin@bollebygd.se")).OnlyX(ctx)
		if anna.Issuer != "" {
			t.Errorf("Anna has issuer %q before logging in", anna.Issuer)
		}
		held := db.Client.RoleAssignment.Query().Where(roleassignment.UserID(anna.ID)).WithRole().AllX(ctx)
		if len(held) != 1 || held[0].Edges.Role.Name != "Systemförvaltare" || held[0].DepartmentID != d.ID {
			t.Errorf("Anna holds %+v, want Systemförvaltare of the new department", held)
		}
		// Every row of it is on the audit trail, in Kim's name.
		for _, typ := range []string{"Department", "Role", "User", "RoleAssignment"} {
			n := db.Client.AuditRecord.Query().Where(auditrecord.EntityType(typ), auditrecord.ActorID(kim.UserID)).CountX(ctx)
			if n == 0 {
				t.Errorf("no audit record of a %s in Kim's name", typ)
			}
		}
		var all struct {
			AllDepartments []struct {
				Slug   string
				Member bool
			}
		}
		a.mustDo(`{ allDepartments { slug member } }`, nil, &all)
		if len(all.AllDepartments) != 2 || all.AllDepartments[0].Member {
			t.Errorf("allDepartments = %+v, want both, Kim a member of none", all.AllDepartments)
		}
		// The list gives names, not data: the other department's plans stay out of reach.
		var plans struct{ Plans struct{ TotalCount int } }
		a.mustDo(`{ plans { totalCount } }`, nil, &plans)
		if plans.Plans.TotalCount != 0 {
			t.Errorf("Kim sees %d plans", plans.Plans.TotalCount)
		}
	})

	t.Run("refusals name what is wrong", func(t *testing.T) {
		for _, c := range []struct {
			name, want string
			vars       map[string]any
		}{
			{"a slug in use", "CONFLICT", newDepartment(kulturOchFritid, roles, ahead)},
			{"a slug with spaces", "BAD_USER_INPUT", newDepartment("Kultur Fritid", roles, ahead)},
			{"no administrator", "BAD_USER_INPUT", newDepartment("kff-2", roles, nil)},
			{"an administrator role that does not administer", "BAD_USER_INPUT", func() map[string]any {
				v := newDepartment("kff-3", roles, ahead)
				v["in"].(map[string]any)["administratorRole"] = "Medarbetare"
				return v
			}()},
			{"a group of unknown positions", "BAD_USER_INPUT", newDepartment("kff-4", append(roles[:0:0], map[string]any{"name": "Chefer", "kind": "group", "members": []string{"Rektor"}}, map[string]any{"name": "Systemförvaltare", "administers": true}), ahead)},
			{"an administrator who is no e-mail", "BAD_USER_INPUT", newDepartment("kff-5", roles, map[string]any{"administrator": map[string]any{"name": "A", "email": "inte en adress"}})},
		} {
			if errs := a.do(createDepartment, c.vars, nil); code(errs) != c.want || errs[0].Message == "" {
				t.Errorf("%s: %+v, want %s", c.name, errs, c.want)
			}
		}
		if n := db.Client.Department.Query().CountX(ctx); n != 2 {
			t.Errorf("%d departments after the refusals, want 2", n)
		}
	})
}

// twoDepartments is Bollebygd's Socialförvaltningen and a department made
// by createDepartment's code, each with an administrator.
func twoDepartments(t *testing.T, db *database.DB) (own, other *viewer.Viewer, ownID, otherID int) {
	t.Helper()
	seedBollebygd(t, db)
	ctx := rule.SystemContext(context.Background(), "test")
	own = authtest.User(t, db.Client, bollebygd, "Systemförvaltare")
	founder := authtest.User(t, db.Client, bollebygd)
	_, err := departments.Create(ctx, db.Client, departments.New{
		Slug: kulturOchFritid, Name: "Kultur och fritid", Municipality: "Bollebygds kommun",
		Roles: departments.Template, AdministratorRole: "Systemförvaltare", AdministratorUserID: &founder.UserID,
	})
	if err != nil {
		t.Fatal(err)
	}
	other = authtest.User(t, db.Client, kulturOchFritid, "Systemförvaltare")
	ownID = db.Client.Department.Query().Where(department.Slug(bollebygd)).OnlyIDX(ctx)
	otherID = db.Client.Department.Query().Where(department.Slug(kulturOchFritid)).OnlyIDX(ctx)
	return own, other, ownID, otherID
}

func roleID(t *testing.T, db *database.DB, dept int, name string) int {
	t.Helper()
	return db.Client.Role.Query().Where(role.DepartmentID(dept), role.Name(name)).OnlyIDX(rule.SystemContext(context.Background(), "test"))
}

const (
	mapGroup  = `mutation($d: ID!, $v: String!, $r: ID!) { createGroupMapping(departmentID: $d, input: {value: $v, roleID: $r}) { id value role { name } } }`
	addPerson = `mutation($d: ID!, $n: String!, $e: String!, $r: [ID!]!) { addPerson(departmentID: $d, person: {name: $n, email: $e}, roleIDs: $r) { id addedAhead } }`
)

func TestADepartmentAdministratorChangesOnlyTheirOwnDepartment(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	own, other, ownID, otherID := twoDepartments(t, db)
	ctx := rule.SystemContext(context.Background(), "test")
	a := newAPI(t, db, own)
	var mapped struct{ CreateGroupMapping struct{ ID string } }
	newAPI(t, db, other).mustDo(mapGroup, map[string]any{"d": otherID, "v": "HP-KFF-Enhetschef", "r": roleID(t, db, otherID, "Enhetschef")}, &mapped)

	for _, c := range []struct {
		name, query, want string
		vars              map[string]any
	}{
		{"maps a group in the other department", mapGroup, "NOT_FOUND", map[string]any{"d": otherID, "v": "x", "r": roleID(t, db, otherID, "Enhetschef")}},
		{"maps a group to the other department's role", mapGroup, "NOT_FOUND", map[string]any{"d": ownID, "v": "x", "r": roleID(t, db, otherID, "Enhetschef")}},
		{"removes the other department's mapping", `mutation($id: ID!) { deleteGroupMapping(id: $id) }`, "NOT_FOUND", map[string]any{"id": mapped.CreateGroupMapping.ID}},
		{"adds a person to the other department", addPerson, "NOT_FOUND", map[string]any{"d": otherID, "n": "X", "e": "x@bollebygd.se", "r": []int{roleID(t, db, otherID, "Medarbetare")}}},
		{"gives a person added ahead the other department's role", addPerson, "NOT_FOUND", map[string]any{"d": ownID, "n": "X", "e": "x@bollebygd.se", "r": []int{roleID(t, db, otherID, "Medarbetare")}}},
		{"makes someone a municipality administrator", `mutation($u: ID!) { setMunicipalityAdministrator(userID: $u, granted: true) { id } }`, "FORBIDDEN", map[string]any{"u": own.UserID}},
	} {
		if errs := a.do(c.query, c.vars, nil); code(errs) != c.want {
			t.Errorf("%s: %+v, want %s", c.name, errs, c.want)
		}
	}
	var seen struct {
		Departments struct {
			Edges []struct {
				Node struct {
					Slug          string
					GroupMappings []struct{ Value string }
				}
			}
		}
		Users struct{ TotalCount int }
	}
	a.mustDo(`{ departments { edges { node { slug groupMappings { value } } } } users { totalCount } }`, nil, &seen)
	if len(seen.Departments.Edges) != 1 || len(seen.Departments.Edges[0].Node.GroupMappings) != 0 {
		t.Errorf("the own administrator sees %+v", seen.Departments)
	}

	t.Run("members who do not administer are refused, and see no mappings", func(t *testing.T) {
		staff := authtest.User(t, db.Client, kulturOchFritid, "Medarbetare")
		s := newAPI(t, db, staff)
		if errs := s.do(mapGroup, map[string]any{"d": otherID, "v": "y", "r": roleID(t, db, otherID, "Enhetschef")}, nil); code(errs) != "FORBIDDEN" {
			t.Errorf("a Medarbetare maps a group: %+v", errs)
		}
		if errs := s.do(addPerson, map[string]any{"d": otherID, "n": "Y", "e": "y@bollebygd.se", "r": []int{roleID(t, db, otherID, "Medarbetare")}}, nil); code(errs) != "FORBIDDEN" {
			t.Errorf("a Medarbetare adds a person: %+v", errs)
		}
		var mine struct {
			Departments struct {
				Edges []struct {
					Node struct{ GroupMappings []struct{ Value string } }
				}
			}
		}
		s.mustDo(`{ departments { edges { node { groupMappings { value } } } } }`, nil, &mine)
		if len(mine.Departments.Edges) != 1 || len(mine.Departments.Edges[0].Node.GroupMappings) != 0 {
			t.Errorf("a Medarbetare sees %+v", mine.Departments)
		}
	})

	t.Run("a person who has logged in is given roles, not added", func(t *testing.T) {
		db.Client.User.UpdateOneID(own.UserID).SetEmail("sara@bollebygd.se").ExecX(ctx)
		if errs := a.do(addPerson, map[string]any{"d": ownID, "n": "Sara", "e": "Sara@bollebygd.se", "r": []int{roleID(t, db, ownID, "Medarbetare")}}, nil); code(errs) != "CONFLICT" {
			t.Errorf("adding Sara again: %+v, want CONFLICT", errs)
		}
	})

	t.Run("two departments add the same person ahead: one person, both roles", func(t *testing.T) {
		var first, second struct{ AddPerson struct{ ID string } }
		a.mustDo(addPerson, map[string]any{"d": ownID, "n": "Per", "e": "per@bollebygd.se", "r": []int{roleID(t, db, ownID, "Medarbetare")}}, &first)
		newAPI(t, db, other).mustDo(addPerson, map[string]any{"d": otherID, "n": "Per P", "e": "PER@bollebygd.se", "r": []int{roleID(t, db, otherID, "Ledamot")}}, &second)
		if first.AddPerson.ID != second.AddPerson.ID {
			t.Fatalf("two rows for one person: %s and %s", first.AddPerson.ID, second.AddPerson.ID)
		}
		id, _ := strconv.Atoi(first.AddPerson.ID)
		if n := db.Client.RoleAssignment.Query().Where(roleassignment.UserID(id)).CountX(ctx); n != 2 {
			t.Errorf("Per holds %d roles, want one in each department", n)
		}
		// Each department's log tells its own changes, and no other's.
		var log struct {
			AuditLog struct {
				Edges []struct{ Node struct{ Summary string } }
			}
		}
		newAPI(t, db, other).mustDo(`{ auditLog(first: 3) { edges { node { summary } } } }`, nil, &log)
		var said []string
		for _, e := range log.AuditLog.Edges {
			said = append(said, e.Node.Summary)
		}
		want := []string{"Test bollebygd-kultur-och-fritid gav Per rollen Ledamot", "Test bollebygd-kultur-och-fritid lade till gruppen ”HP-KFF-Enhetschef” för rollen Enhetschef"}
		if len(said) < 2 || said[0] != want[0] || !slices.Contains(said, want[1]) {
			t.Errorf("the other department's log says %q, want %q first", said, want)
		}
	})
}

// Two administrators adding the same person at once meet at the unique
// index of people added ahead: one row, and the loser is told to retry.
func TestConcurrentAdditionsOfOnePersonMakeOneRow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		own, other, ownID, otherID := twoDepartments(t, db)
		apis := []*api{newAPI(t, db, own), newAPI(t, db, other)}
		vars := []map[string]any{
			{"d": ownID, "n": "Per", "e": "per@bollebygd.se", "r": []int{roleID(t, db, ownID, "Medarbetare")}},
			{"d": otherID, "n": "Per", "e": "per@bollebygd.se", "r": []int{roleID(t, db, otherID, "Medarbetare")}},
		}
		const tries = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		ids := map[string]bool{}
		for i := range tries {
			wg.Go(func() {
				var out struct{ AddPerson struct{ ID string } }
				errs := apis[i%2].do(addPerson, vars[i%2], &out)
				mu.Lock()
				defer mu.Unlock()
				switch code(errs) {
				case "ok":
					ids[out.AddPerson.ID] = true
				case "CONFLICT":
				default:
					t.Errorf("try %d: %+v", i, errs)
				}
			})
		}
		wg.Wait()
		ctx := rule.SystemContext(context.Background(), "test")
		rows := db.Client.User.Query().Where(user.Email("per@bollebygd.se")).AllX(ctx)
		if len(rows) != 1 || len(ids) != 1 || !ids[fmt.Sprint(rows[0].ID)] {
			t.Errorf("rows %d, answered ids %v, want one person", len(rows), ids)
		}
	})
}
