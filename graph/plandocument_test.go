package graph_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/department"
	entplan "github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/plans/source"
	"github.com/handlingsplan/handlingsplan/rule"
)

const importPlanDocument = `mutation($d: ID!, $name: String!, $content: String!, $create: Boolean!) {
  importPlanDocument(departmentID: $d, fileName: $name, content: $content, createRoles: $create) {
    created plan { id registryNumber title department { slug } }
  }
}`

type documentImport struct {
	ImportPlanDocument struct {
		Created bool
		Plan    struct {
			ID, RegistryNumber, Title string
			Department                struct{ Slug string }
		}
	}
}

// wordFile is a Word document of planfile's testdata, in base64.
func wordFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "planfile", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(data)
}

func departmentID(t *testing.T, db *database.DB, slug string) int {
	t.Helper()
	return db.Client.Department.Query().Where(department.Slug(slug)).OnlyIDX(rule.SystemContext(context.Background(), "test"))
}

func TestImportPlanDocument(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		seeded := seedBollebygd(t, db)
		dept := departmentID(t, db, bollebygd)
		editor := authtest.User(t, db.Client, bollebygd, "Förvaltningschef")

		t.Run("a plan editor re-imports the plan from Word in place, keeping its rules, audited as theirs", func(t *testing.T) {
			since := lastAuditID(t, db)
			var got documentImport
			newAPI(t, db, editor).mustDo(importPlanDocument, map[string]any{"d": dept, "name": "Handlingsplan.docx",
				"content": wordFile(t, "bollebygd-libreoffice.docx"), "create": false}, &got)
			p := got.ImportPlanDocument
			if p.Created || p.Plan.ID != fmt.Sprint(seeded.PlanID) || p.Plan.RegistryNumber != "SN2024/10" {
				t.Fatalf("import = %+v, want plan %d updated", p, seeded.PlanID)
			}
			if n := db.Client.Action.Query().Where(action.RuleNotNil()).CountX(ctx); n != 3 {
				t.Errorf("%d actions keep a rule, want 3", n)
			}
			for actor := range auditedSince(t, db, since) {
				if actor != actorOf(editor) {
					t.Errorf("audited as %s, want %s", actor, actorOf(editor))
				}
			}
		})

		t.Run("an administrator who edits plans imports Word into a department of its own roles", func(t *testing.T) {
			planstest.ImportBollebygd(t, db.Client, otherDept)
			other := departmentID(t, db, otherDept)
			both := authtest.User(t, db.Client, otherDept, "Förvaltningschef", "Systemförvaltare")
			id := db.Client.Plan.Query().Where(entplan.DepartmentID(other)).OnlyIDX(ctx)
			db.Client.Plan.UpdateOneID(id).SetRegistryNumber("UN2023/1").ExecX(ctx)
			var got documentImport
			newAPI(t, db, both).mustDo(importPlanDocument, map[string]any{"d": other, "name": "plan.docx",
				"content": wordFile(t, "bollebygd-python-docx.docx"), "create": false}, &got)
			p := got.ImportPlanDocument
			if !p.Created || p.Plan.Department.Slug != otherDept {
				t.Fatalf("import = %+v, want a new plan in %s", p, otherDept)
			}
			if n := db.Client.Area.Query().Where(area.PlanID(atoi(t, p.Plan.ID))).CountX(ctx); n != 8 {
				t.Errorf("the new plan has %d areas, want 8", n)
			}
		})
	})
}

func TestARefusedDocumentImportWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		planstest.ImportBollebygd(t, db.Client, otherDept)
		dept, other := departmentID(t, db, bollebygd), departmentID(t, db, otherDept)
		plan := exported(t, db, db.Client.Plan.Query().Where(entplan.DepartmentID(other)).OnlyIDX(rule.SystemContext(context.Background(), "test")))
		typo := strings.Replace(string(source.BollebygdMarkdown), "<p>Ordförande</p> <p>Förvaltningschef</p>", "<p>Ordförande</p> <p>Förvaltningchef</p>", 1)
		tests := []struct {
			name, who, file, content string
			dept                     int
			create                   bool
			code, field, say, detail string
		}{
			{"a row with an unknown deadline", "Förvaltningschef", "plan.docx", wordFile(t, "broken-deadline.docx"), dept, false,
				"BAD_USER_INPUT", "content", "Dokumentet har ett fel (tabell 2, rad 4, kolumn Klart när): ”Snart” är inget Klart när", `table 2, row 4, column Klart när`},
			{"a file that is not a Word document", "Förvaltningschef", "plan.docx", base64.StdEncoding.EncodeToString([]byte("inte en zip")), dept, false,
				"BAD_USER_INPUT", "content", "går inte att läsa som ett Word-dokument", "not a Word document"},
			{"a misspelt role in markdown", "Förvaltningschef", "plan.md", base64.StdEncoding.EncodeToString([]byte(typo)), dept, false,
				"BAD_USER_INPUT", "content", "Lägg till roller som saknas", `unknown role "Förvaltningchef"`},
			{"a misspelt role added as a new one by a plan editor who does not administer", "Förvaltningschef", "plan.md", base64.StdEncoding.EncodeToString([]byte(typo)), dept, true,
				"FORBIDDEN", "", "", "role Förvaltningchef"},
			{"a plan file of another department", "Förvaltningschef", "plan.yaml", base64.StdEncoding.EncodeToString([]byte(yamlText(t, plan))), dept, false,
				"BAD_USER_INPUT", "content", "Planfilen hör till förvaltningen", otherDept},
			{"content that is not base64", "Förvaltningschef", "plan.docx", "inte base64!", dept, false,
				"BAD_USER_INPUT", "content", "Filen kom inte fram hel", "not base64"},
			{"a file over the limit", "Förvaltningschef", "plan.docx", strings.Repeat("A", base64.StdEncoding.EncodedLen(graph.MaxPlanDocumentBytes)+4), dept, false,
				"BAD_USER_INPUT", "content", "Filen är för stor", "larger than 700 KiB"},
			{"a department of someone else's", "Förvaltningschef", "plan.docx", wordFile(t, "bollebygd-python-docx.docx"), other, false,
				"NOT_FOUND", "departmentID", "", ""},
			{"a member who edits no plan", "Medarbetare", "plan.docx", wordFile(t, "bollebygd-python-docx.docx"), dept, false,
				"FORBIDDEN", "", "", "plan SN2024/10"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				api := newAPI(t, db, authtest.User(t, db.Client, bollebygd, tt.who))
				before := snapshot(t, db)
				errs := api.do(importPlanDocument, map[string]any{"d": tt.dept, "name": tt.file, "content": tt.content, "create": tt.create}, nil)
				if len(errs) != 1 {
					t.Fatalf("errors = %+v, want one", errs)
				}
				e := errs[0]
				if e.Extensions["code"] != tt.code || (tt.field != "" && e.Extensions["field"] != tt.field) {
					t.Errorf("code, field = %v, %v; want %s, %s (%s)", e.Extensions["code"], e.Extensions["field"], tt.code, tt.field, e.Message)
				}
				if !strings.Contains(e.Message, tt.say) || !strings.Contains(e.detail(), tt.detail) {
					t.Errorf("message %q, detail %q; want them to hold %q and %q", e.Message, e.detail(), tt.say, tt.detail)
				}
				if after := snapshot(t, db); after != before {
					t.Errorf("a refused import wrote:\nbefore %.200s\nafter  %.200s", before, after)
				}
			})
		}
	})
}

// The same Word document imported as a new plan by several editors at
// once makes one plan; the others update it.
func TestConcurrentDocumentImportsMakeOnePlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seeded := seedBollebygd(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		db.Client.Plan.UpdateOneID(seeded.PlanID).SetRegistryNumber("SN2023/1").ExecX(ctx)
		editor := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
		dept, content := departmentID(t, db, bollebygd), wordFile(t, "bollebygd-libreoffice.docx")
		codes := atOnce(4, func(int) []gqlError {
			return editor.do(importPlanDocument, map[string]any{"d": dept, "name": "plan.docx", "content": content, "create": false}, nil)
		})
		if got := tally(codes); got["ok"] < 1 || got["ok"]+got["CONFLICT"] != 4 {
			t.Errorf("answers = %v, want ok, or CONFLICT for those that lost the race to create it", got)
		}
		if n := db.Client.Plan.Query().Where(entplan.RegistryNumber("SN2024/10")).CountX(ctx); n != 1 {
			t.Errorf("%d plans SN2024/10, want 1", n)
		}
	})
}
