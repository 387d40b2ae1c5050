package graph_test

import (
	"bytes"
	"context"
	"fmt"
	"github.com/handlingsplan/handlingsplan/lifecycle"
	"maps"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

const importPlanFile = `mutation($content: String!) {
  importPlanFile(content: $content) { created plan { id registryNumber title department { slug } } }
}`

type planImport struct {
	ImportPlanFile struct {
		Created bool
		Plan    struct {
			ID, RegistryNumber, Title string
			Department                struct{ Slug string }
		}
	}
}

// exported is the plan as its plan file, read by the system.
func exported(t *testing.T, db *database.DB, planID int) *planfile.File {
	t.Helper()
	f, err := planstore.Export(rule.SystemContext(context.Background(), "test"), db.Client, planID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func yamlText(t *testing.T, f *planfile.File) string {
	t.Helper()
	var b bytes.Buffer
	if err := planfile.Write(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// snapshot is everything an import could write: row counts, the audit
// trail's length, and each department's plans as plan files.
func snapshot(t *testing.T, db *database.DB) string {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	c := db.Client
	var b strings.Builder
	fmt.Fprintf(&b, "departments %d roles %d operation areas %d plans %d areas %d actions %d audit records %d\n",
		c.Department.Query().CountX(ctx), c.Role.Query().CountX(ctx), c.OperationArea.Query().CountX(ctx),
		c.Plan.Query().CountX(ctx), c.Area.Query().CountX(ctx), c.Action.Query().CountX(ctx), c.AuditRecord.Query().CountX(ctx))
	for _, id := range c.Plan.Query().IDsX(ctx) {
		b.WriteString(yamlText(t, exported(t, db, id)))
	}
	return b.String()
}

// auditedSince returns the actors of the audit records written after the
// record with id last, counted by actor.
func auditedSince(t *testing.T, db *database.DB, last int) map[string]int {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	actors := map[string]int{}
	for _, r := range db.Client.AuditRecord.Query().Where(auditrecord.IDGT(last)).AllX(ctx) {
		id := 0
		if r.ActorID != nil {
			id = *r.ActorID
		}
		actors[fmt.Sprintf("%d %s", id, r.Actor)]++
	}
	return actors
}

func lastAuditID(t *testing.T, db *database.DB) int {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	id, err := db.Client.AuditRecord.Query().Order(auditrecord.ByID()).IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return id[len(id)-1]
}

// trimAudit leaves the audit trail's length out of a snapshot.
func trimAudit(snap string) string {
	i := strings.Index(snap, " audit records")
	return snap[:i] + snap[strings.IndexByte(snap, '\n'):]
}

func actorOf(v *viewer.Viewer) string { return fmt.Sprintf("%d %s", v.UserID, v.Name) }

func TestAnEditedExportImportsInPlaceAsThePlanEditor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		seeded := seedBollebygd(t, db)
		editor := authtest.User(t, db.Client, bollebygd, "Förvaltningschef") // edits plans, administers nothing
		api := newAPI(t, db, editor)
		actionIDs := db.Client.Action.Query().Order(action.ByID()).IDsX(ctx)
		kept := db.Client.Action.Query().Where(action.TextHasPrefix("Verksamheterna besöker nämnden")).OnlyIDX(ctx)
		since := lastAuditID(t, db)

		edited := exported(t, db, seeded.PlanID)
		edited.Plan.Title = "Handlingsplan tillitsfull dialog (reviderad)"
		first := &edited.Plan.Areas[0].Actions[0]
		first.Text = "Verksamheterna besöker nämnden, två gånger om året."
		first.SubActions = first.SubActions[:len(first.SubActions)-1]
		var got planImport
		api.mustDo(importPlanFile, map[string]any{"content": yamlText(t, edited)}, &got)

		if got.ImportPlanFile.Created || got.ImportPlanFile.Plan.ID != fmt.Sprint(seeded.PlanID) ||
			got.ImportPlanFile.Plan.Title != edited.Plan.Title {
			t.Errorf("import = %+v, want plan %d updated", got.ImportPlanFile, seeded.PlanID)
		}
		// The adopted plan changed: a revision of today is kept.
		edited.Plan.Revisions = append(edited.Plan.Revisions, planfile.Revision{Date: lifecycle.Today(time.Now())})
		if g, w := yamlText(t, exported(t, db, seeded.PlanID)), yamlText(t, edited); g != w {
			t.Errorf("the stored plan is not the edited file:\n%s", g)
		}
		ids := db.Client.Action.Query().Order(action.ByID()).IDsX(ctx)
		if len(ids) != len(actionIDs)-1 || !db.Client.Action.Query().Where(action.ID(kept)).ExistX(ctx) {
			t.Errorf("actions %d → %d, edited action kept: %v; want one sub-action fewer and ids kept",
				len(actionIDs), len(ids), db.Client.Action.Query().Where(action.ID(kept)).ExistX(ctx))
		}
		audited := auditedSince(t, db, since)
		if audited[actorOf(editor)] == 0 || len(audited) != 1 {
			t.Errorf("audit records by actor = %v, want all by %s", audited, actorOf(editor))
		}
		del, err := db.Client.AuditRecord.Query().
			Where(auditrecord.IDGT(since), auditrecord.EntityType("Action"), auditrecord.OperationEQ(auditrecord.OperationDelete)).Only(ctx)
		if err != nil || del.ActorID == nil || *del.ActorID != editor.UserID {
			t.Errorf("the removed sub-action's audit record = %+v, %v", del, err)
		}

		// The same file again changes nothing but the audit trail's length.
		before := snapshot(t, db)
		api.mustDo(importPlanFile, map[string]any{"content": yamlText(t, edited)}, &got)
		if after := snapshot(t, db); trimAudit(after) != trimAudit(before) {
			t.Errorf("importing the same file again changed the plan:\n%.300s\n%.300s", before, after)
		}
	})
}

func TestANewRegistryNumberImportsAsANewPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		seeded := seedBollebygd(t, db)
		editor := authtest.User(t, db.Client, bollebygd, "Utvecklingschef")
		since := lastAuditID(t, db)
		f := exported(t, db, seeded.PlanID)
		f.Plan.RegistryNumber, f.Plan.Status = "SN2025/7", planfile.StatusDraft

		var got planImport
		newAPI(t, db, editor).mustDo(importPlanFile, map[string]any{"content": yamlText(t, f)}, &got)
		p := got.ImportPlanFile
		if !p.Created || p.Plan.RegistryNumber != "SN2025/7" || p.Plan.Department.Slug != bollebygd {
			t.Fatalf("import = %+v, want a new plan SN2025/7 in %s", p, bollebygd)
		}
		if n := db.Client.Plan.Query().CountX(ctx); n != 2 {
			t.Errorf("plans = %d, want 2", n)
		}
		var id int
		fmt.Sscan(p.Plan.ID, &id)
		if g, w := yamlText(t, exported(t, db, id)), yamlText(t, f); g != w {
			t.Errorf("the new plan is not the file:\n%s", g)
		}
		created, err := db.Client.AuditRecord.Query().
			Where(auditrecord.IDGT(since), auditrecord.EntityType("Plan"), auditrecord.EntityID(id), auditrecord.OperationEQ(auditrecord.OperationCreate)).Only(ctx)
		if err != nil || created.ActorID == nil || *created.ActorID != editor.UserID || created.Actor != editor.Name {
			t.Errorf("the plan's audit record = %+v, %v; want it by %s", created, err, editor.Name)
		}
		if audited := auditedSince(t, db, since); len(audited) != 1 {
			t.Errorf("audit records by actor = %v, want all by the editor", audited)
		}
	})
}

func TestAPlanOwnerImportsTheirPlanAndAnAdministratorTheCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		seedBollebygd(t, db)
		owned := planstest.Bollebygd(t)
		owned.Plan.RegistryNumber, owned.Plan.Owner = "SN2025/1", "Enhetschef"
		ownedID := planstest.Import(t, db.Client, owned).PlanID

		// The holder of the owner role edits their plan, as with updatePlan.
		owned.Plan.Title = "Enhetschefens plan"
		var got planImport
		newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef")).
			mustDo(importPlanFile, map[string]any{"content": yamlText(t, owned)}, &got)
		if got.ImportPlanFile.Created || got.ImportPlanFile.Plan.ID != fmt.Sprint(ownedID) || got.ImportPlanFile.Plan.Title != owned.Plan.Title {
			t.Errorf("owner's import = %+v", got.ImportPlanFile)
		}

		// One who edits plans and administers the department changes its
		// roles and settings with the file, audited as theirs.
		both := authtest.User(t, db.Client, bollebygd, "Förvaltningschef", "Systemförvaltare")
		since := lastAuditID(t, db)
		f := exported(t, db, ownedID)
		roleNamed(f, "Medarbetare").Permissions = []planfile.Permission{planfile.PermissionBoard}
		f.Department.Settings.WorkshopMinimums["LSS"] = 3
		newAPI(t, db, both).mustDo(importPlanFile, map[string]any{"content": yamlText(t, f)}, &got)
		if g, w := yamlText(t, exported(t, db, ownedID)), yamlText(t, f); g != w {
			t.Errorf("the catalogue is not the file's:\n%s", g)
		}
		for _, entity := range []string{"Role", "Department"} {
			rec, err := db.Client.AuditRecord.Query().Where(auditrecord.IDGT(since), auditrecord.EntityType(entity)).Only(ctx)
			if err != nil || rec.ActorID == nil || *rec.ActorID != both.UserID {
				t.Errorf("%s audit record = %+v, %v; want one by the administrator", entity, rec, err)
			}
		}
	})
}

func roleNamed(f *planfile.File, name string) *planfile.Role {
	for i := range f.Department.Roles {
		if f.Department.Roles[i].Name == name {
			return &f.Department.Roles[i]
		}
	}
	panic("no role " + name)
}

func TestARefusedImportWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seeded := seedBollebygd(t, db)
		planstest.ImportBollebygd(t, db.Client, otherDept)
		valid := yamlText(t, exported(t, db, seeded.PlanID))
		edit := func(change func(f *planfile.File)) string {
			f := exported(t, db, seeded.PlanID)
			f.Plan.Title = "Ändrad titel som inte får sparas"
			change(f)
			return yamlText(t, f)
		}
		lineOf := func(content, prefix string) int {
			for i, l := range strings.Split(content, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), prefix) {
					return i + 1
				}
			}
			t.Fatalf("no line %q", prefix)
			return 0
		}
		badSyntax := strings.Replace(valid, "  title: Handlingsplan", "\ttitle: Handlingsplan", 1)
		unknownRole := edit(func(f *planfile.File) { f.Plan.Areas[1].Actions[0].Responsible = "Kommundirektör" })
		unknownKey := strings.Replace(valid, "  adoptedBy:", "  antagenAv:", 1)
		// An action's problems are reported at its first line.
		actionLine := lineOf(unknownRole, "responsible: Kommundirektör")
		for lines := strings.Split(unknownRole, "\n"); !strings.HasPrefix(strings.TrimSpace(lines[actionLine-1]), "- number:"); {
			actionLine--
		}

		tests := []struct {
			name, who, content, code string
			inMessage                []string
		}{
			{"bad YAML", "Förvaltningschef", badSyntax, "BAD_USER_INPUT",
				[]string{fmt.Sprintf("line %d:", lineOf(badSyntax, "title: Handlingsplan"))}},
			{"an unknown key", "Förvaltningschef", unknownKey, "BAD_USER_INPUT",
				[]string{fmt.Sprintf("line %d", lineOf(unknownKey, "antagenAv:")), "antagenAv"}},
			{"an unknown role", "Förvaltningschef", unknownRole, "BAD_USER_INPUT",
				[]string{fmt.Sprintf("line %d: plan.areas[1].actions[0].responsible", actionLine), "Kommundirektör"}},
			{"an empty file", "Förvaltningschef", "", "BAD_USER_INPUT", []string{"empty"}},
			{"a NUL character, which PostgreSQL cannot store", "Förvaltningschef",
				edit(func(f *planfile.File) { f.Plan.Title = "Handlingsplan \x00" }), "BAD_USER_INPUT",
				[]string{"plan.title: holds a NUL character"}},
			{"an adoption in the year 9999", "Förvaltningschef",
				edit(func(f *planfile.File) { f.Plan.AdoptedAt = "9999-01-20" }), "BAD_USER_INPUT",
				[]string{"plan.adoptedAt: invalid date \"9999-01-20\" (want a year from 2000 to 2100)"}},
			{"another department", "Förvaltningschef", edit(func(f *planfile.File) { f.Department.Slug = otherDept }), "NOT_FOUND",
				[]string{"department " + otherDept + ": not found"}},
			{"a new department", "Förvaltningschef", edit(func(f *planfile.File) { f.Department.Slug = "ny-forvaltning" }), "NOT_FOUND",
				[]string{"department ny-forvaltning: not found"}},
			{"a role without rights to the plan", "Enhetschef", valid, "FORBIDDEN", []string{"plan SN2024/10"}},
			{"a member", "Medarbetare", valid, "FORBIDDEN", []string{"plan SN2024/10"}},
			{"an administrator who does not edit plans", "Systemförvaltare", valid, "FORBIDDEN", []string{"plan SN2024/10"}},
			{"a plan editor changing a role", "Förvaltningschef",
				edit(func(f *planfile.File) {
					roleNamed(f, "Medarbetare").Permissions = []planfile.Permission{planfile.PermissionAdminister}
				}),
				"FORBIDDEN", []string{"role Medarbetare"}},
			{"a plan editor adding a role", "Förvaltningschef",
				edit(func(f *planfile.File) {
					f.Department.Roles = append(f.Department.Roles, planfile.Role{Name: "Kommundirektör"})
				}),
				"FORBIDDEN", []string{"role Kommundirektör"}},
			// Operation areas are plan editors' to change, in the app as in a file
			// (TestOperationAreasAreEditedInTheApp); a member's are not.
			{"a member changing an operation area", "Medarbetare",
				edit(func(f *planfile.File) { f.Department.OperationAreas[0].Name = "Äldreboende" }),
				"FORBIDDEN", []string{"operation area ÄO"}},
			{"a plan editor changing the settings", "Förvaltningschef",
				edit(func(f *planfile.File) {
					f.Department.Settings.WorkshopMinimums = maps.Clone(f.Department.Settings.WorkshopMinimums)
					f.Department.Settings.WorkshopMinimums["ÄO"] = 5
				}),
				"FORBIDDEN", []string{"department " + bollebygd}},
			{"a plan editor renaming the department", "Förvaltningschef",
				edit(func(f *planfile.File) { f.Department.Name = "Omsorgsförvaltningen" }),
				"FORBIDDEN", []string{"department " + bollebygd}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				api := newAPI(t, db, authtest.User(t, db.Client, bollebygd, tt.who))
				before := snapshot(t, db)
				errs := api.do(importPlanFile, map[string]any{"content": tt.content}, nil)
				if len(errs) != 1 {
					t.Fatalf("errors = %+v, want one", errs)
				}
				e := errs[0]
				t.Logf("%s: %s", e.Extensions["code"], e.Message)
				if e.Extensions["code"] != tt.code {
					t.Errorf("code = %v, want %s (%s)", e.Extensions["code"], tt.code, e.Message)
				}
				if tt.code == "BAD_USER_INPUT" && e.Extensions["field"] != "content" {
					t.Errorf("field = %v, want content", e.Extensions["field"])
				}
				for _, want := range tt.inMessage {
					if !strings.Contains(e.detail(), want) {
						t.Errorf("detail %q lacks %q", e.detail(), want)
					}
				}
				if after := snapshot(t, db); after != before {
					t.Errorf("a refused import wrote:\nbefore %.200s\nafter  %.200s", before, after)
				}
			})
		}
	})
}

func TestAnImportGivesThePlannerStatisticsAfterItCommits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seeded := seedBollebygd(t, db)
		editor := authtest.User(t, db.Client, bollebygd, "Utvecklingschef")
		f := exported(t, db, seeded.PlanID)
		f.Plan.RegistryNumber, f.Plan.Status = "SN2025/8", planfile.StatusDraft
		var calls atomic.Int32
		analyze := graph.AfterImport(func(ctx context.Context) {
			calls.Add(1)
			// Outside the import's transaction, its plan is already there.
			if n := db.Client.Plan.Query().CountX(rule.SystemContext(context.Background(), "test")); n != 2 {
				t.Errorf("after the import's commit %d plans are visible, want 2", n)
			}
			if err := db.Analyze(ctx); err != nil {
				t.Error(err)
			}
		})
		if dbtest.Analysed(t, db, "actions") {
			t.Fatal("statistics before the import; the test shows nothing")
		}
		newAPI(t, db, editor, analyze).mustDo(importPlanFile, map[string]any{"content": yamlText(t, f)}, nil)
		if calls.Load() != 1 || !dbtest.Analysed(t, db, "actions") {
			t.Errorf("after the import: %d calls, statistics on actions: %v; want 1, true", calls.Load(), dbtest.Analysed(t, db, "actions"))
		}
		// A refused import commits nothing and analyses nothing.
		newAPI(t, db, editor, analyze).do(importPlanFile, map[string]any{"content": "plan: ["}, nil)
		if calls.Load() != 1 {
			t.Errorf("a refused import ran the hook: %d calls", calls.Load())
		}
	})
}
