package graph_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/department"
	entplan "github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

const planTemplatePreview = `query($p: ID!, $d: ID!) {
  planTemplatePreview(planID: $p, departmentID: $d) { sourceRole match { id name } }
}`

const copyPlan = `mutation($p: ID, $d: ID!, $dnr: String!, $title: String, $owner: ID, $choices: [RoleChoice!]!) {
  copyPlan(planID: $p, departmentID: $d, registryNumber: $dnr, title: $title, ownerRoleID: $owner, roleChoices: $choices) {
    id title registryNumber status owner { name } department { slug }
  }
}`

type copiedPlan struct {
	CopyPlan struct {
		ID, Title, RegistryNumber, Status string
		Owner                             struct{ Name string }
		Department                        struct{ Slug string }
	}
}

const copyDept = "alingsas-socialforvaltningen"

// copyWorld is the Bollebygd plan, one sign-off on it, and another
// department with the plan's roles but Ordförande and Ledamot, and a
// Nämndsekreterare of its own.
type copyWorld struct {
	source   int
	target   int
	sekreter int // Nämndsekreterare
}

func newCopyWorld(t *testing.T, db *database.DB) copyWorld {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	seeded := seedBollebygd(t, db)
	signer := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	act := db.Client.Action.Query().Where(action.TextHasPrefix(reportBackAtAPT)).OnlyX(ctx)
	signer.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": act.ID, "idempotencyKey": "copy"}}, nil)

	f := planstest.Bollebygd(t)
	f.Department.Slug, f.Department.Name, f.Department.Municipality = copyDept, "Socialförvaltningen", "Alingsås kommun"
	f.Department.Roles = slices.DeleteFunc(f.Department.Roles, func(r planfile.Role) bool { return r.Name == "Ordförande" || r.Name == "Ledamot" })
	f.Department.Roles = append(f.Department.Roles, planfile.Role{Name: "Nämndsekreterare"})
	f.Plan = planfile.Plan{Title: "En egen plan", RegistryNumber: "SN2025/1", Owner: "Förvaltningschef"}
	target := planstest.Import(t, db.Client, f).DepartmentID
	sekreter := db.Client.Role.Query().Where(role.DepartmentID(target), role.Name("Nämndsekreterare")).OnlyIDX(ctx)
	return copyWorld{source: seeded.PlanID, target: target, sekreter: sekreter}
}

// userIn is a user with roles in Bollebygd and in the other department.
func userIn(t *testing.T, db *database.DB, bollebygdRoles, otherRoles []string) *viewer.Viewer {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	v := authtest.User(t, db.Client, bollebygd, bollebygdRoles...)
	for _, name := range otherRoles {
		r := db.Client.Role.Query().Where(role.Name(name), role.HasDepartmentWith(department.Slug(copyDept))).OnlyX(ctx)
		db.Client.RoleAssignment.Create().SetUserID(v.UserID).SetRoleID(r.ID).SetDepartmentID(r.DepartmentID).
			SetSource(roleassignment.SourceAdmin).ExecX(ctx)
	}
	v, err := auth.LoadViewer(ctx, db.Client, v.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCopyingAPlanIntoAnotherDepartment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		w := newCopyWorld(t, db)
		editor := newAPI(t, db, userIn(t, db, []string{"Medarbetare"}, []string{"Förvaltningschef", "Systemförvaltare"}))

		var preview struct {
			PlanTemplatePreview []struct {
				SourceRole string
				Match      *struct{ ID, Name string }
			}
		}
		editor.mustDo(planTemplatePreview, map[string]any{"p": w.source, "d": w.target}, &preview)
		var unmatched []string
		for _, r := range preview.PlanTemplatePreview {
			switch {
			case r.Match == nil:
				unmatched = append(unmatched, r.SourceRole)
			case r.Match.Name != r.SourceRole:
				t.Errorf("%s matched %s", r.SourceRole, r.Match.Name)
			}
		}
		slices.Sort(unmatched)
		if !slices.Equal(unmatched, []string{"Ledamot", "Ordförande"}) || len(preview.PlanTemplatePreview) != 8 {
			t.Errorf("preview = %+v, want 8 roles, Ledamot and Ordförande unmatched", preview.PlanTemplatePreview)
		}

		// Without a choice for Ledamot, nothing is made.
		errs := editor.do(copyPlan, map[string]any{"p": w.source, "d": w.target, "dnr": "SN2025/7",
			"choices": []map[string]any{{"sourceRole": "Ordförande", "targetRoleID": w.sekreter}}}, nil)
		if code(errs) != "BAD_USER_INPUT" {
			t.Errorf("copy without a choice = %+v, want BAD_USER_INPUT", errs)
		}

		since := lastAuditID(t, db)
		var got copiedPlan
		editor.mustDo(copyPlan, map[string]any{"p": w.source, "d": w.target, "dnr": "SN2025/7", "title": "Tillit i Alingsås",
			"choices": []map[string]any{{"sourceRole": "Ordförande", "targetRoleID": w.sekreter}, {"sourceRole": "Ledamot", "create": true}}}, &got)
		c := got.CopyPlan
		if c.Status != "draft" || c.RegistryNumber != "SN2025/7" || c.Title != "Tillit i Alingsås" || c.Department.Slug != copyDept {
			t.Errorf("copy = %+v, want a draft SN2025/7 in %s", c, copyDept)
		}
		var id int
		fmt.Sscan(c.ID, &id)
		want, have := exported(t, db, w.source).Plan, exported(t, db, id).Plan
		rename := map[string]string{"Ordförande": "Nämndsekreterare"}
		for i := range want.Areas {
			for j := range want.Areas[i].Actions {
				a := &want.Areas[i].Actions[j]
				a.Responsible = cmp.Or(rename[a.Responsible], a.Responsible)
				for k := range a.SubActions {
					a.SubActions[k].Responsible = cmp.Or(rename[a.SubActions[k].Responsible], a.SubActions[k].Responsible)
				}
			}
		}
		wantYAML, haveYAML := yamlText(t, &planfile.File{Plan: planfile.Plan{Areas: want.Areas}}), yamlText(t, &planfile.File{Plan: planfile.Plan{Areas: have.Areas}})
		if wantYAML != haveYAML {
			t.Errorf("the copy's areas are not the template's:\n%.3000s", haveYAML)
		}
		if have.AdoptedAt != "" || len(have.Revisions) != 0 {
			t.Errorf("the copy keeps the adoption: %+v", have)
		}
		if n := db.Client.Role.Query().Where(role.DepartmentID(w.target), role.Name("Ledamot")).CountX(ctx); n != 1 {
			t.Errorf("%d Ledamot roles in the target, want the one created", n)
		}
		if n := db.Client.SignOff.Query().Where(signoff.HasActionWith(action.HasAreaWith(area.PlanID(w.source)))).CountX(ctx); n == 0 {
			t.Fatal("the template has no sign-off to leave behind")
		}
		if n := db.Client.SignOff.Query().Where(signoff.HasActionWith(action.HasAreaWith(area.PlanID(id)))).CountX(ctx); n != 0 {
			t.Errorf("%d sign-offs on the copy, want 0", n)
		}
		if n := db.Client.AuditRecord.Query().Where(auditrecord.IDGT(since), auditrecord.EntityType("Plan"), auditrecord.EntityID(id),
			auditrecord.OperationEQ(auditrecord.OperationCreate)).CountX(ctx); n != 1 {
			t.Errorf("%d audit records of the copy's creation, want 1", n)
		}

		// The same number again is a conflict.
		errs = editor.do(copyPlan, map[string]any{"p": w.source, "d": w.target, "dnr": "SN2025/7",
			"choices": []map[string]any{{"sourceRole": "Ordförande", "targetRoleID": w.sekreter}}}, nil)
		if code(errs) != "CONFLICT" {
			t.Errorf("copy to a taken number = %+v, want CONFLICT", errs)
		}

		// An empty plan, owned by the role chosen.
		editor.mustDo(copyPlan, map[string]any{"d": w.target, "dnr": "SN2025/8", "title": "Tom", "owner": w.sekreter, "choices": []any{}}, &got)
		if got.CopyPlan.Owner.Name != "Nämndsekreterare" || got.CopyPlan.Status != "draft" {
			t.Errorf("empty plan = %+v", got.CopyPlan)
		}

		// One who reads the template but does not edit the target's plans is refused.
		viewerOnly := newAPI(t, db, userIn(t, db, []string{"Förvaltningschef"}, []string{"Medarbetare"}))
		for _, q := range []string{planTemplatePreview, copyPlan} {
			errs := viewerOnly.do(q, map[string]any{"p": w.source, "d": w.target, "dnr": "SN2025/9",
				"choices": []map[string]any{{"sourceRole": "Ordförande", "targetRoleID": w.sekreter}, {"sourceRole": "Ledamot", "targetRoleID": w.sekreter}}}, nil)
			if code(errs) != "FORBIDDEN" {
				t.Errorf("viewer's %.30s = %+v, want FORBIDDEN", q, errs)
			}
		}
		// An editor who does not administer the target may not create roles.
		planner := newAPI(t, db, userIn(t, db, []string{"Medarbetare"}, []string{"Förvaltningschef"}))
		errs = planner.do(copyPlan, map[string]any{"p": w.source, "d": w.target, "dnr": "SN2025/9",
			"choices": []map[string]any{{"sourceRole": "Ordförande", "create": true}}}, nil)
		if code(errs) != "FORBIDDEN" {
			t.Errorf("role creation by a non-administrator = %+v, want FORBIDDEN", errs)
		}
	})
}

// Two copies to the same number at once make one plan; the other is refused.
func TestConcurrentCopiesToOneNumberGiveOnePlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newCopyWorld(t, db)
		editor := newAPI(t, db, userIn(t, db, []string{"Medarbetare"}, []string{"Förvaltningschef"}))
		codes := atOnce(2, func(int) []gqlError {
			return editor.do(copyPlan, map[string]any{"p": w.source, "d": w.target, "dnr": "SN2025/7",
				"choices": []map[string]any{{"sourceRole": "Ordförande", "targetRoleID": w.sekreter}, {"sourceRole": "Ledamot", "targetRoleID": w.sekreter}}}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 1})
		ctx := rule.SystemContext(context.Background(), "test")
		if n := db.Client.Plan.Query().Where(entplan.DepartmentID(w.target), entplan.RegistryNumber("SN2025/7")).CountX(ctx); n != 1 {
			t.Errorf("%d plans SN2025/7, want 1", n)
		}
	})
}
