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
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
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

// TestFollowUpWritesBumpTheirDepartmentsFollowUpVersionOnly: a sign-off,
// its withdrawal, a unit, an operation area and a role assignment each
// move their department's follow-up version, in the write's transaction,
// and neither the plan version (the plan's tree is unchanged) nor another
// department's.
func TestFollowUpWritesBumpTheirDepartmentsFollowUpVersionOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		_, a, b := twoDepartments(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		c := db.Client
		both := func() []int64 {
			v, err := planversion.ReadBoth(context.Background(), db.Client, []int{a, b}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		act := c.Action.Query().Where(action.DepartmentID(a), action.ParentIDIsNil()).FirstX(ctx)
		user := c.User.Create().SetIssuer("https://idp.test").SetSubject("fu").SetName("Test Testsson").SaveX(ctx)
		var so *ent.SignOff
		var unitID int
		writes := []struct {
			name  string
			write func(tx *ent.Tx) error
		}{
			{"an operation area", func(tx *ent.Tx) error {
				return tx.OperationArea.Create().SetCode("TA").SetName("Testområde").SetDepartmentID(a).Exec(ctx)
			}},
			{"a unit", func(tx *ent.Tx) error {
				op, err := tx.Operation.Create().SetName("Testverksamhet").SetDepartmentID(a).Save(ctx)
				if err != nil {
					return err
				}
				u, err := tx.Unit.Create().SetName("Testenhet").SetOperationID(op.ID).SetDepartmentID(a).Save(ctx)
				unitID = u.ID
				return err
			}},
			{"a unit's manager", func(tx *ent.Tx) error { return tx.Unit.UpdateOneID(unitID).SetManagerID(user.ID).Exec(ctx) }},
			{"a role assignment", func(tx *ent.Tx) error {
				return tx.RoleAssignment.Create().SetUserID(user.ID).SetRoleID(act.ResponsibleID).SetDepartmentID(a).SetSource(roleassignment.SourceAdmin).Exec(ctx)
			}},
			{"a sign-off", func(tx *ent.Tx) error {
				var err error
				so, err = tx.SignOff.Create().SetActionID(act.ID).SetSlot("x").SetDoneOn("2024-12-01").SetSignerID(user.ID).
					SetIdempotencyKey("fu-1").SetDepartmentID(a).Save(ctx)
				return err
			}},
			{"its withdrawal", func(tx *ent.Tx) error { return tx.SignOff.UpdateOneID(so.ID).SetWithdrawReason("fel").Exec(ctx) }},
		}
		for _, wr := range writes {
			before := both()
			if err := withTx(ctx, c, func(tx *ent.Tx) error {
				if err := wr.write(tx); err != nil {
					return err
				}
				return errors.New("roll back")
			}); err == nil || err.Error() != "roll back" {
				t.Fatalf("%s: %v", wr.name, err)
			}
			if after := both(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s rolled back moved the versions from %v to %v", wr.name, before, after)
			}
			if err := withTx(ctx, c, wr.write); err != nil {
				t.Fatalf("%s: %v", wr.name, err)
			}
			after := both() // plan a, plan b, follow-up a, follow-up b
			if after[0] != before[0] || after[1] != before[1] || after[2] <= before[2] || after[3] != before[3] {
				t.Errorf("%s moved the versions from %v to %v; want department A's follow-up version alone", wr.name, before, after)
			}
		}
	})
}
