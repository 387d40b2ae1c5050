package planstore_test

import (
	"bytes"
	"context"
	"fmt"
	"github.com/handlingsplan/handlingsplan/lifecycle"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans"
	"github.com/handlingsplan/handlingsplan/plans/source"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

// sys is the context of the system importing and exporting plans.
func sys() context.Context { return rule.SystemContext(context.Background(), "test") }

func bollebygd(t *testing.T) *planfile.File {
	t.Helper()
	f, err := planfile.ParseYAML(plans.Bollebygd())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustImport(t *testing.T, db *database.DB, f *planfile.File) planstore.Result {
	t.Helper()
	res, err := planstore.Import(sys(), db.Client, f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func export(t *testing.T, db *database.DB, planID int) *planfile.File {
	t.Helper()
	f, err := planstore.Export(sys(), db.Client, planID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// yamlOf renders a file canonically, so two files compare as text and a
// difference prints readably.
func yamlOf(t *testing.T, f *planfile.File) string {
	t.Helper()
	var b bytes.Buffer
	if err := planfile.Write(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// tableCounts counts the rows of every table the importer writes.
func tableCounts(t *testing.T, db *database.DB) map[string]int {
	ctx := sys()
	c := db.Client
	return map[string]int{
		"departments":     c.Department.Query().CountX(ctx),
		"roles":           c.Role.Query().CountX(ctx),
		"operation_areas": c.OperationArea.Query().CountX(ctx),
		"plans":           c.Plan.Query().CountX(ctx),
		"areas":           c.Area.Query().CountX(ctx),
		"actions":         c.Action.Query().CountX(ctx),
	}
}

func TestImportExportImportIsLossless(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		original := bollebygd(t)
		first := mustImport(t, db, original)
		exported := export(t, db, first.PlanID)
		if got, want := yamlOf(t, exported), string(plans.Bollebygd()); got != want {
			t.Errorf("export differs from the imported file:\n%s", diff(want, got))
		}

		other := dbtest.Open(t, db.Dialect, nil)
		reparsed, err := planfile.ParseYAML([]byte(yamlOf(t, exported)))
		if err != nil {
			t.Fatal(err)
		}
		second := mustImport(t, other, reparsed)
		if got, want := yamlOf(t, export(t, other, second.PlanID)), yamlOf(t, exported); got != want {
			t.Errorf("a second round trip changed the plan:\n%s", diff(want, got))
		}
	})
}

func TestReimportUpdatesThePlanInPlace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := sys()
		first := mustImport(t, db, bollebygd(t))
		before := tableCounts(t, db)
		ids := db.Client.Action.Query().Order(action.ByID()).IDsX(ctx)

		again := mustImport(t, db, bollebygd(t))
		if again.Created || again.PlanID != first.PlanID {
			t.Errorf("re-import = %+v, want an update of plan %d", again, first.PlanID)
		}
		if after := tableCounts(t, db); !reflect.DeepEqual(after, before) {
			t.Errorf("re-import changed row counts from %v to %v", before, after)
		}
		if got := db.Client.Action.Query().Order(action.ByID()).IDsX(ctx); !reflect.DeepEqual(got, ids) {
			t.Error("re-import replaced actions instead of updating them")
		}

		// An edited file: a changed text, a removed sub-action, a new action,
		// another follow-up cadence.
		edited := bollebygd(t)
		edited.Plan.FollowUpCadence, edited.Plan.DueSoonDays = "quarter", 30
		area := &edited.Plan.Areas[0]
		area.Actions[0].Text = "Verksamheterna besöker nämnden (reviderad)."
		area.Actions[0].SubActions = nil
		area.Actions = append(area.Actions, planfile.Action{Number: 3, Text: "Ny åtgärd.", Responsible: "Enhetschefer",
			Deadline: planfile.Deadline{Kind: planfile.DeadlineMonth, Month: "2025-06"}})
		mustImport(t, db, edited)
		// A plural spelling is stored as the role it means, and the new
		// action, whose file states no scope, gets the one it implies:
		// "Enhetschefer", each unit.
		area.Actions[2].Responsible = "Enhetschef"
		area.Actions[2].Scope = planfile.ScopeEachUnit
		// The adopted plan changed: a revision of today is kept.
		edited.Plan.Revisions = append(edited.Plan.Revisions, planfile.Revision{Date: lifecycle.Today(time.Now())})
		if got, want := yamlOf(t, export(t, db, first.PlanID)), yamlOf(t, edited); got != want {
			t.Errorf("the plan does not match the edited file:\n%s", diff(want, got))
		}
		if n := db.Client.Action.Query().CountX(ctx); n != before["actions"] {
			t.Errorf("actions = %d, want %d (one removed, one added)", n, before["actions"])
		}
		if !db.Client.Action.Query().Where(action.ID(ids[0])).ExistX(ctx) {
			t.Error("the edited action lost its id")
		}
	})
}

func TestABrokenFileLeavesTheDatabaseUntouched(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		mustImport(t, db, bollebygd(t))
		before := tableCounts(t, db)
		beforeYAML := yamlOf(t, export(t, db, mustFind(t, db)))

		tests := []struct {
			name  string
			edit  func(f *planfile.File)
			inErr string
		}{
			{"an unknown responsible role", func(f *planfile.File) {
				f.Plan.Areas[7].Actions[2].SubActions[0].Responsible = "Kommundirektör"
			}, "Kommundirektör"},
			{"duplicate action numbers", func(f *planfile.File) {
				f.Plan.Areas[2].Actions[1].Number = 1
			}, "number"},
			{"a bad month", func(f *planfile.File) {
				f.Plan.Areas[0].Actions[0].Deadline.Month = "2024-13"
			}, "2024-13"},
			{"a NUL in a text, which PostgreSQL cannot store", func(f *planfile.File) {
				f.Plan.Areas[1].Actions[0].Text = "Nämnden \x00 följer."
			}, "plan.areas[1].actions[0].text: holds a NUL character"},
			{"text that is not UTF-8", func(f *planfile.File) {
				f.Plan.Background = "Bakgrund i Latin-1: F\xf6rvaltningen."
			}, "plan.background: not valid UTF-8"},
			{"an adoption in the year 9999", func(f *planfile.File) {
				f.Plan.AdoptedAt = "9999-01-20"
			}, "9999-01-20"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := bollebygd(t)
				f.Plan.Title = "Ändrad titel som inte får sparas"
				tt.edit(f)
				_, err := planstore.Import(sys(), db.Client, f)
				if err == nil || !strings.Contains(err.Error(), tt.inErr) {
					t.Fatalf("error = %v, want one naming %q", err, tt.inErr)
				}
				if after := tableCounts(t, db); !reflect.DeepEqual(after, before) {
					t.Errorf("rows changed from %v to %v", before, after)
				}
				if got := yamlOf(t, export(t, db, mustFind(t, db))); got != beforeYAML {
					t.Errorf("the stored plan changed:\n%s", diff(beforeYAML, got))
				}
			})
		}
	})
}

func TestTheSeedMarkdownImportsAsTheShippedPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		shipped := bollebygd(t)
		seed, err := source.CorrectedBollebygdMarkdown()
		if err != nil {
			t.Fatal(err)
		}
		md, err := planfile.ParseMarkdown(bytes.NewReader(seed), shipped.Department, planfile.MarkdownOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res := mustImport(t, db, md)
		// The plan must be the same; the department's catalogue may list
		// roles in another order, as the markdown meets them.
		got, want := export(t, db, res.PlanID), bollebygd(t)
		got.Department, want.Department = planfile.Department{}, planfile.Department{}
		// Nor does the markdown know the rule markers, which are the
		// department's configuration rather than the document's text.
		for i := range want.Plan.Areas {
			for j := range want.Plan.Areas[i].Actions {
				a := &want.Plan.Areas[i].Actions[j]
				a.Rule = ""
				for k := range a.SubActions {
					a.SubActions[k].Rule = ""
				}
			}
		}
		if g, w := yamlOf(t, got), yamlOf(t, want); g != w {
			t.Errorf("the imported markdown differs from the shipped plan:\n%s", diff(w, g))
		}
	})
}

func mustFind(t *testing.T, db *database.DB) int {
	t.Helper()
	id, err := planstore.FindPlan(sys(), db.Client, "bollebygd-socialforvaltningen", "SN2024/10")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// diff lists the lines that differ, with their line numbers.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func TestADraftWithoutDatesImportsAndReimports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := bollebygd(t)
		f.Plan.Date, f.Plan.AdoptedAt, f.Plan.AdoptedBy, f.Plan.AdoptedParagraph, f.Plan.Status = "", "", "", "", planfile.StatusDraft
		res := mustImport(t, db, f)
		mustImport(t, db, f)
		if got, want := yamlOf(t, export(t, db, res.PlanID)), yamlOf(t, f); got != want {
			t.Errorf("the draft changed on its way through the database:\n%s", diff(want, got))
		}
		// Dates set later, and cleared again, are stored as given.
		dated := bollebygd(t)
		mustImport(t, db, dated)
		mustImport(t, db, f)
		if got := export(t, db, res.PlanID); got.Plan.Date != "" || got.Plan.AdoptedAt != "" {
			t.Errorf("cleared dates remain: %q %q", got.Plan.Date, got.Plan.AdoptedAt)
		}
	})
}

// scopes lists every action's scope in the database, by text.
func scopes(t *testing.T, db *database.DB) map[string]action.Scope {
	t.Helper()
	out := map[string]action.Scope{}
	for _, a := range db.Client.Action.Query().AllX(sys()) {
		out[a.Text] = a.Scope
	}
	return out
}

func TestScopeIsStoredExportedAndUpdatedInPlace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := sys()
		res := mustImport(t, db, bollebygd(t))
		const minutes = "Enhetschefer ska lyfta protokoll från ledningsgrupper och samverkan på sina APT så medarbetare ges möjlighet att även ta del av informationen muntligt."
		got := scopes(t, db)
		for text, want := range map[string]action.Scope{
			minutes: action.ScopeEachUnit,
			"Vid nästkommande nämndsmöte återrapporterar varje nämndsledamot vad de har sett och tagit till sig.": action.ScopeEachPerson,
			"Nämnden ska följa fastställt regelverk från KF.":                                                     action.ScopeOnce,
		} {
			if got[text] != want {
				t.Errorf("%q has scope %s, want %s", text, got[text], want)
			}
		}

		// An editor makes a shared duty one the role does once; the export
		// says so, and importing that export keeps it.
		id := db.Client.Action.Query().Where(action.Text(minutes)).OnlyIDX(ctx)
		db.Client.Action.UpdateOneID(id).SetScope(action.ScopeOnce).ExecX(ctx)
		exported := export(t, db, res.PlanID)
		if s := exported.Plan.Areas[3].Actions[0].SubActions[0].Scope; s != planfile.ScopeOnce {
			t.Errorf("the export states %q, want once", s)
		}
		mustImport(t, db, exported)
		if s := scopes(t, db)[minutes]; s != action.ScopeOnce {
			t.Errorf("re-importing the export made it %s", s)
		}

		// The shipped file states each-unit: a re-import sets it back, in
		// place.
		mustImport(t, db, bollebygd(t))
		a := db.Client.Action.GetX(ctx, id)
		if a.Scope != action.ScopeEachUnit {
			t.Errorf("re-importing the shipped file left scope %s, want each_unit", a.Scope)
		}
	})
}

func TestAFileWithoutScopesGetsTheInferredOnes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := bollebygd(t)
		want := map[string]action.Scope{}
		for i := range f.Plan.Areas {
			for j := range f.Plan.Areas[i].Actions {
				a := &f.Plan.Areas[i].Actions[j]
				a.Scope = ""
				want[a.Text] = action.Scope(strings.ReplaceAll(string(f.Department.ScopeOf(a)), "-", "_"))
				for k := range a.SubActions {
					s := &a.SubActions[k]
					s.Scope = ""
					want[s.Text] = action.Scope(strings.ReplaceAll(string(f.Department.ScopeOf(s)), "-", "_"))
				}
			}
		}
		mustImport(t, db, f)
		if got := scopes(t, db); !reflect.DeepEqual(got, want) {
			t.Errorf("stored scopes %v\nwant %v", got, want)
		}
		// The words still hand out the duties: "på sina APT", "varje
		// nämndsledamot", "Varje enskild medarbetare".
		var shared int
		for _, s := range want {
			if s != action.ScopeOnce {
				shared++
			}
		}
		if shared < 10 {
			t.Errorf("only %d shared duties inferred from the plan file", shared)
		}
	})
}
