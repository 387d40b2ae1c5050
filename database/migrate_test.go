package database_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
)

// TestAnOlderDatabaseSurvivesTheUpgrade migrates a database made by an older
// schema, with rows in it, and checks that the rows are intact and the new
// columns and tables work.
func TestAnOlderDatabaseSurvivesTheUpgrade(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			ctx := rule.SystemContext(context.Background(), "test")
			url := dbtest.URL(t, dia)
			loadSQL(t, dia, url, "testdata/schema-v0."+map[string]string{dialect.SQLite: "sqlite", dialect.Postgres: "postgres"}[dia]+".sql")

			db, err := database.Open(url, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("migrate the older schema: %v", err)
			}
			// Migrating twice is harmless: replicas all migrate at start.
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("migrate again: %v", err)
			}

			p, err := db.Client.Plan.Query().Where(plan.RegistryNumber("SN2024/10")).
				WithAreas(func(q *ent.AreaQuery) { q.WithActions() }).Only(ctx)
			if err != nil {
				t.Fatalf("the plan did not survive: %v", err)
			}
			if p.Title != "Handlingsplan tillitsfull dialog Socialförvaltning" || p.AdoptedParagraph != "§ xx" || p.Status != plan.StatusAdopted {
				t.Errorf("plan = %+v", p)
			}
			if len(p.Edges.Areas) != 1 || len(p.Edges.Areas[0].Edges.Actions) != 2 {
				t.Fatalf("areas/actions did not survive: %+v", p.Edges.Areas)
			}
			sub := db.Client.Action.Query().Where(action.ParentIDNotNil()).OnlyX(ctx)
			if sub.Text != "Verksamheterna återrapporterar ..." || *sub.DueMonth != "2024-12" {
				t.Errorf("sub-action = %+v", sub)
			}

			// New columns and tables are usable, and new rows get ids in
			// their type's range next to the old ones.
			if err := p.Update().SetCompletedActivities([]string{"Enkät 2022"}).Exec(ctx); err != nil {
				t.Errorf("set a new column: %v", err)
			}
			oa, err := db.Client.OperationArea.Create().SetDepartmentID(p.DepartmentID).SetCode("ÄO").SetName("Äldreomsorg").Save(ctx)
			if err != nil {
				t.Fatalf("use a new table: %v", err)
			}
			if oa.ID>>32 != 3 {
				t.Errorf("operation area id %d is outside its type's range", oa.ID)
			}
			newAction, err := db.Client.Action.Create().SetAreaID(p.Edges.Areas[0].ID).SetNumber(2).SetPosition(2).
				SetText("Ny").SetResponsibleID(p.OwnerID).SetDeadlineKind(action.DeadlineKindContinuous).Save(ctx)
			if err != nil {
				t.Fatalf("add an action after the upgrade: %v", err)
			}
			if newAction.ID != 3 {
				t.Errorf("new action id = %d, want 3 (after the two old ones)", newAction.ID)
			}
		})
	}
}

func loadSQL(t *testing.T, dia, url, file string) {
	t.Helper()
	script, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	driver, dsn := "sqlite3", url
	if dia == dialect.Postgres {
		driver = "pgx"
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(string(script)); err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
}

// TestSignOffsOfTheReleaseBeforeSharedDutiesKeepCounting migrates a
// database of the release before shared duties (sign-offs made once for a
// whole role, no units on them): each old sign-off is given its signer's
// unit, so that when the plan marks the duty each unit it counts for that
// unit; and two units can now sign the same period.
func TestSignOffsOfTheReleaseBeforeSharedDutiesKeepCounting(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			ctx := rule.SystemContext(context.Background(), "test")
			url := dbtest.URL(t, dia)
			loadSQL(t, dia, url, "testdata/release-46d09c5."+map[string]string{dialect.SQLite: "sqlite", dialect.Postgres: "postgres"}[dia]+".sql")
			db, err := database.Open(url, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for range 2 { // replicas all migrate at start
				if err := db.Migrate(ctx); err != nil {
					t.Fatalf("migrate: %v", err)
				}
			}
			c := db.Client
			solgarden := c.Unit.Query().Where(unit.Name("Solgården")).OnlyX(ctx)
			for _, s := range c.SignOff.Query().AllX(ctx) {
				if s.UnitID == nil || *s.UnitID != solgarden.ID || s.Share != "" {
					t.Errorf("sign-off %d: unit %v, share %q; want Solgården, its manager's unit, and no share", s.ID, s.UnitID, s.Share)
				}
			}

			routines := c.Action.Query().Where(action.TextHasPrefix("Säkerställ att alla enhetens rutiner")).OnlyX(ctx)
			routines = c.Action.UpdateOne(routines).SetScope(action.ScopeEachUnit).SaveX(ctx)
			p := c.Plan.Query().OnlyX(ctx)
			cov, err := progress.LoadCoverage(ctx, c, p.DepartmentID)
			if err != nil {
				t.Fatal(err)
			}
			asOf := time.Date(2024, 12, 15, 12, 0, 0, 0, followup.Location())
			res := progress.EvaluateDuty(p, routines, c.SignOff.Query().Where(signoff.ActionID(routines.ID)).AllX(ctx), cov.Shares(routines), asOf)
			if res.Shares == nil || *res.Shares != (followup.Tally{Done: 1, Total: 2}) || res.Status == followup.Done {
				t.Errorf("the duty each unit = %+v %+v, want Solgården's old sign-off counted: 1 of 2", res.Status, res.Shares)
			}

			// Ekhagen signs the period Solgården signed in the old release.
			minutes := c.Action.Query().Where(action.TextHasPrefix("Enhetschefer ska lyfta protokoll")).OnlyX(ctx)
			ekhagen := c.Unit.Query().Where(unit.Name("Ekhagen")).OnlyX(ctx)
			err = c.SignOff.Create().SetActionID(minutes.ID).SetDepartmentID(p.DepartmentID).SetSlot("2024-HT").SetPeriod("2024-HT").
				SetShare(progress.UnitShare(ekhagen.ID)).SetUnitID(ekhagen.ID).SetDoneOn("2024-10-02").
				SetSignerID(*ekhagen.ManagerID).SetIdempotencyKey("after-upgrade").Exec(ctx)
			if err != nil {
				t.Errorf("a second unit's sign-off of the same period: %v (the old index over action and slot must go)", err)
			}
		})
	}
}
