package database_test

import (
	"context"
	"testing"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
)

func TestAnalyzeGivesThePlannerStatistics(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		planstest.ImportBollebygd(t, db.Client, "bollebygd-socialforvaltningen")
		if dbtest.Analysed(t, db, "actions") {
			t.Fatal("statistics before Analyze; the test shows nothing")
		}
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		if !dbtest.Analysed(t, db, "actions") {
			t.Error("no planner statistics on actions after Analyze")
		}
		// Again, now that statistics exist (PRAGMA optimize on SQLite).
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
