package progress_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// TestMyActionsUnchanged compares MyActions with the implementation it
// replaced (OldMyActions, export_test.go) on a department with shared
// duties, years of sign-offs of which some are withdrawn, and dates on
// both sides of period boundaries, for people of every kind and with every
// filter: the same items, in the same order, with the same follow-up. A
// second department, with an action assigned to the viewers, must never
// show up.
func TestMyActionsUnchanged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		files := synth.Department(2, 6, 12, 7)
		var planIDs []int
		for _, f := range files {
			res, err := planstore.Import(ctx, db.Client, f)
			if err != nil {
				t.Fatal(err)
			}
			planIDs = append(planIDs, res.PlanID)
		}
		people, err := synth.Populate(ctx, db.Client, planIDs[0], synth.Staff{Units: 4, Employees: 12, Shared: true, Seed: 3, AsOf: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		chief := authtest.User(t, db.Client, synth.Slug, "Förvaltningschef")
		if _, err := synth.SignAll(ctx, db.Client, chief.UserID, time.Now()); err != nil {
			t.Fatal(err)
		}
		// Gaps: withdraw every third sign-off, so that periods are missed
		// and deadlines open again.
		// (Straight in SQL: the audit trail refuses bulk updates.)
		withdraw := `UPDATE sign_offs SET withdrawn_at = ?, withdrawn_by_id = ? WHERE id % 3 = 0`
		if db.Dialect == dialect.Postgres {
			withdraw = `UPDATE sign_offs SET withdrawn_at = $1, withdrawn_by_id = $2 WHERE id % 3 = 0`
		}
		if _, err := db.SQL.ExecContext(ctx, withdraw, time.Now(), chief.UserID); err != nil {
			t.Fatal(err)
		}

		// Another department with the same roles, one of whose actions is
		// assigned to each viewer below: none may appear.
		other := *files[1]
		other.Department.Slug, other.Department.Name = "annan-forvaltning", "Annan förvaltning"
		if _, err := planstore.Import(ctx, db.Client, &other); err != nil {
			t.Fatal(err)
		}
		otherDept := db.Client.Department.Query().Where(department.Slug("annan-forvaltning")).OnlyIDX(ctx)
		foreign := db.Client.Action.Query().Where(action.DepartmentID(otherDept)).Order(action.ByID()).Limit(8).AllX(ctx)

		load := func(user int) *viewer.Viewer {
			v, err := auth.LoadViewer(ctx, db.Client, user)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		viewers := map[string]*viewer.Viewer{
			"Förvaltningschef": chief,
			"employee":         load(people.Employees[1]),
			"manager":          load(people.Managers[0]),
			"ten roles": authtest.User(t, db.Client, synth.Slug, "Förvaltningschef", "Utvecklingschef", "Verksamhetschef",
				"Enhetschef", "Ordförande", "Ledamot", "Medarbetare", "Kvalitetsutvecklare", "Socialsekreterare", "HR-partner"),
		}
		i := 0
		for _, v := range viewers {
			f := foreign[i]
			db.Client.Action.Create().SetText("Återrapportera besöket.").SetNumber(100 + i).SetPosition(1000 + i).
				SetDeadlineKind(action.DeadlineKindMonth).SetDueMonth("2025-05").SetAreaID(f.AreaID).
				SetResponsibleID(f.ResponsibleID).SetDepartmentID(otherDept).SetAssigneeID(v.UserID).ExecX(ctx)
			i++
		}

		term, err := followup.PeriodByKey(followup.Term, "2025-HT")
		if err != nil {
			t.Fatal(err)
		}
		filters := map[string]progress.Filter{
			"all":             {Limit: progress.MaxItems},
			"first 7":         {Limit: 7},
			"behind":          {Statuses: []followup.Status{followup.Overdue, followup.Missed}},
			"done or logged":  {Statuses: []followup.Status{followup.Done, followup.Logged}, Limit: 40},
			"autumn term '25": {Period: &term},
		}
		days := []string{"2023-03-01", "2023-12-31", "2024-01-01", "2024-06-30", "2024-07-01", "2025-03-31",
			"2025-12-31", "2026-01-01", time.Now().Format(time.DateOnly)}
		home := db.Client.Department.Query().Where(department.Slug(synth.Slug)).OnlyIDX(ctx)
		compared := 0
		for who, v := range viewers {
			vctx := viewer.NewContext(context.Background(), v)
			for _, day := range days {
				asOf, _ := time.ParseInLocation(time.DateOnly, day, followup.Location())
				asOf = asOf.Add(13 * time.Hour)
				for name, f := range filters {
					want, err := progress.OldMyActions(vctx, db.Client, asOf, f)
					if err != nil {
						t.Fatal(err)
					}
					got, err := progress.MyActions(vctx, db.Client, asOf, f)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(views(got), views(want)) {
						t.Errorf("%s, %s, %s: MyActions differs from the old one\n got %v\nwant %v", who, day, name, views(got), views(want))
					}
					for _, it := range got {
						if it.Action.DepartmentID != home || it.Plan.DepartmentID != it.Action.DepartmentID {
							t.Errorf("%s sees action %d of department %d", who, it.Action.ID, it.Action.DepartmentID)
						}
					}
					compared += len(want)
				}
			}
		}
		if compared < 1000 {
			t.Errorf("only %d items compared: the department is too small to tell", compared)
		}
	})
}

// view is what a person sees of an item, in comparable form.
type view struct {
	Action, Plan    int
	Text, Role      string
	Status          followup.Status
	Due             string
	Missed, Logged  int
	Shares          string
	Periods         []string
	SubDone, SubAll int
	Units           []int
	LastSignedOn    string
	SignOffs        int
}

func views(items []progress.Item) []view {
	out := make([]view, len(items))
	for i, it := range items {
		r := it.Result
		v := view{
			Action: it.Action.ID, Plan: it.Plan.ID, Text: it.Action.Text, Status: r.Status,
			Missed: r.Missed, Logged: r.Logged, SubDone: it.SubActionsDone, SubAll: it.SubActionsTotal,
			LastSignedOn: it.LastSignedOn, SignOffs: len(it.Action.Edges.SignOffs),
		}
		if it.Action.Edges.Responsible != nil {
			v.Role = it.Action.Edges.Responsible.Name
		}
		if r.Due != nil {
			v.Due = r.Due.UTC().Format(time.RFC3339)
		}
		if r.Shares != nil {
			v.Shares = fmt.Sprint(*r.Shares)
		}
		for _, p := range r.Periods {
			s := fmt.Sprint(p.Period.Key, " ", p.Status)
			if p.SignedOn != nil {
				s += " " + p.SignedOn.Format(time.DateOnly)
			}
			if p.Shares != nil {
				s += fmt.Sprint(" ", *p.Shares)
			}
			v.Periods = append(v.Periods, s)
		}
		for _, u := range it.Units {
			v.Units = append(v.Units, u.ID)
		}
		out[i] = v
	}
	return out
}
