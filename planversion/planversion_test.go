package planversion_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/planversion"
	"github.com/handlingsplan/handlingsplan/rule"
)

// twoDepartments imports the Bollebygd plan into two departments and
// returns the first one's plan and both departments' ids.
func twoDepartments(t *testing.T, db *database.DB) (planID, a, b int) {
	t.Helper()
	res := planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	planstest.ImportBollebygd(t, db.Client, "annan-forvaltning")
	ctx := rule.SystemContext(context.Background(), "test")
	a = db.Client.Department.Query().Where(department.Slug(planstest.BollebygdSlug)).OnlyIDX(ctx)
	b = db.Client.Department.Query().Where(department.Slug("annan-forvaltning")).OnlyIDX(ctx)
	return res.PlanID, a, b
}

// versions reads through the client, as the tree cache does: on SQLite that
// is a reader, which a transaction holding the writer does not block.
func versions(t *testing.T, db *database.DB, depts ...int) []int64 {
	t.Helper()
	v, err := planversion.Read(context.Background(), db.Client, depts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEveryWriteToATreeBumpsItsDepartmentOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		planID, a, b := twoDepartments(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		c := db.Client
		if v := versions(t, db, a, b); v[0] == 0 || v[1] == 0 {
			t.Fatalf("the imports left versions %v; want both above 0", v)
		}
		p := c.Plan.GetX(ctx, planID)
		area := p.QueryAreas().FirstX(ctx)
		act := area.QueryActions().Where(action.ParentIDIsNil()).FirstX(ctx)
		sub := c.Action.Query().Where(action.ParentIDNotNil(), action.DepartmentID(a)).FirstX(ctx)
		role := c.Role.GetX(ctx, act.ResponsibleID)
		writes := []struct {
			name  string
			write func() error
		}{
			{"a plan's title", func() error { return c.Plan.UpdateOne(p).SetTitle("Ny titel").Exec(ctx) }},
			{"a new area", func() error {
				return c.Area.Create().SetPlanID(planID).SetPosition(99).SetTitle("Nytt område").Exec(ctx)
			}},
			{"an area's purpose", func() error { return c.Area.UpdateOne(area).SetPurpose("Nytt syfte").Exec(ctx) }},
			{"an action's text", func() error { return c.Action.UpdateOne(act).SetText("Ny text").Exec(ctx) }},
			{"a sub-action's text", func() error { return c.Action.UpdateOne(sub).SetText("Ny deltext").Exec(ctx) }},
			{"a role's name", func() error { return c.Role.UpdateOne(role).SetName("Omdöpt chef").Exec(ctx) }},
			{"the department's name", func() error { return c.Department.UpdateOneID(a).SetName("Nytt namn").Exec(ctx) }},
			{"a deleted sub-action", func() error { return c.Action.DeleteOne(sub).Exec(ctx) }},
		}
		for _, w := range writes {
			before := versions(t, db, a, b)
			if err := w.write(); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			after := versions(t, db, a, b)
			if after[0] <= before[0] {
				t.Errorf("%s: the department's version stayed at %d", w.name, after[0])
			}
			if after[1] != before[1] {
				t.Errorf("%s: the other department's version moved from %d to %d", w.name, before[1], after[1])
			}
		}

		// The audit hook refuses bulk writes of these types; should one
		// get through, it cannot tell its departments, so all must move.
		before := versions(t, db, a, b)
		bulk := c.Action.Update().Where(action.DepartmentID(a)).SetText("alla").Mutation()
		wrote := planversion.Hook()(ent.MutateFunc(func(context.Context, ent.Mutation) (ent.Value, error) { return 1, nil }))
		if _, err := wrote.Mutate(ctx, bulk); err != nil {
			t.Fatal(err)
		}
		if after := versions(t, db, a, b); after[0] <= before[0] || after[1] <= before[1] {
			t.Errorf("a bulk update moved the versions from %v to %v; want both up", before, after)
		}
	})
}

// TestTheVersionMovesWithTheCommit checks that the bump is part of the
// write's transaction: unseen before the commit, and gone with a rollback.
func TestTheVersionMovesWithTheCommit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		planID, a, _ := twoDepartments(t, db)
		ctx := rule.SystemContext(context.Background(), "test")

		start := versions(t, db, a)[0]
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Plan.UpdateOneID(planID).SetTitle("Ångras").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if v := versions(t, db, a)[0]; v != start {
			t.Errorf("after a rollback the version is %d, want %d", v, start)
		}

		tx, err = db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Plan.UpdateOneID(planID).SetTitle("Sparas").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		// Another connection reads the last committed state (on SQLite
		// too: WAL).
		if v := versions(t, db, a)[0]; v != start {
			t.Errorf("before the commit another connection reads version %d, want %d", v, start)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if v := versions(t, db, a)[0]; v != start+1 {
			t.Errorf("after the commit the version is %d, want %d", v, start+1)
		}
	})
}

// TestConcurrentWritersEachBump fires writers of one department at once,
// each in its own transaction; every one of them must count.
func TestConcurrentWritersEachBump(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		planID, a, _ := twoDepartments(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		areas := db.Client.Plan.GetX(ctx, planID).QueryAreas().AllX(ctx)
		start := versions(t, db, a)[0]

		const writers = 16
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := range writers {
			wg.Go(func() {
				errs <- withTx(ctx, db.Client, func(tx *ent.Tx) error {
					return tx.Area.UpdateOneID(areas[i%len(areas)].ID).SetNote(fmt.Sprint("skribent ", i)).Exec(ctx)
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if v := versions(t, db, a)[0]; v != start+writers {
			t.Errorf("after %d writers the version is %d, want %d", writers, v, start+writers)
		}
	})
}

func withTx(ctx context.Context, client *ent.Client, f func(*ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}
