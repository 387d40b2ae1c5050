package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
)

type countsOf struct{ Total, Done, Overdue, DueSoon, NotStarted, Missed, Logged int }

type labelled struct {
	Action   struct{ ID string }
	FollowUp struct{ Status, StatusLabel string }
}

// TestOverdueIsOneFigureEverywhere: Uppföljning's summary, its list of
// what is late, its table per area, Planen's statuses and the board's
// report all count "försenad" the same way: a deadline passed, or a period
// missed while the current one is not done.
func TestOverdueIsOneFigureEverywhere(t *testing.T) {
	db := dbtest.Open(t, dbtest.Dialects[0], nil)
	seeded := seedBollebygd(t, db)
	elin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	// One continuous action is made up: its current period is done, though
	// earlier ones were missed. It is not late.
	madeUp := actionByText(t, db, raiseMinutes)
	elin.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": madeUp, "doneOn": "2025-09-01", "idempotencyKey": "made-up"}}, nil)

	const asOf = "2025-09-15"
	var got struct {
		PlanStatus struct {
			Counts  countsOf
			Areas   []struct{ Counts countsOf }
			Overdue []labelled
			Actions []labelled
		}
	}
	newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef")).mustDo(`query($id: ID!, $asOf: Date) { planStatus(planID: $id, asOf: $asOf) {
		counts { total done overdue dueSoon notStarted missed logged }
		areas { counts { total done overdue dueSoon notStarted missed logged } }
		overdue { action { id } followUp { status statusLabel } }
		actions { action { id } followUp { status statusLabel } } } }`, map[string]any{"id": seeded.PlanID, "asOf": asOf}, &got)
	ps := got.PlanStatus
	c := ps.Counts
	if c.Missed == 0 || c.Overdue <= c.Missed {
		t.Fatalf("counts = %+v; want actions behind on a deadline and on a missed period", c)
	}
	if c.Done+c.Overdue+c.DueSoon+c.NotStarted+c.Logged != c.Total {
		t.Errorf("counts = %+v: each action must count once", c)
	}
	if len(ps.Overdue) != c.Overdue {
		t.Errorf("the summary says %d overdue, the list holds %d", c.Overdue, len(ps.Overdue))
	}
	var perArea, missedPerArea int
	for _, a := range ps.Areas {
		perArea += a.Counts.Overdue
		missedPerArea += a.Counts.Missed
	}
	if perArea != c.Overdue || missedPerArea != c.Missed {
		t.Errorf("the areas count %d overdue (%d missed), the summary %d (%d)", perArea, missedPerArea, c.Overdue, c.Missed)
	}
	// Planen shows each action's status: those behind are exactly the list.
	var behind []string
	for _, a := range ps.Actions {
		if a.FollowUp.Status == "overdue" || a.FollowUp.Status == "missed" {
			behind = append(behind, a.Action.ID)
		}
		if a.Action.ID == fmt.Sprint(madeUp) && a.FollowUp.Status != "done" {
			t.Errorf("the action done this period is %s, want done", a.FollowUp.Status)
		}
	}
	var listed []string
	for _, a := range ps.Overdue {
		listed = append(listed, a.Action.ID)
		if want := map[string]string{"overdue": "Försenad", "missed": "Missad period"}[a.FollowUp.Status]; a.FollowUp.StatusLabel != want {
			t.Errorf("late action %s is %s (%q)", a.Action.ID, a.FollowUp.Status, a.FollowUp.StatusLabel)
		}
	}
	if !slices.Equal(behind, listed) {
		t.Errorf("Planen's late actions %v, the list %v", behind, listed)
	}

	// The board's report, from the same roll-up.
	day, _ := time.ParseInLocation(time.DateOnly, asOf, followup.Location())
	r, err := progress.BoardReport(rule.SystemContext(context.Background(), "test"), db.Client, seeded.PlanID, day, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	reportAreas := 0
	for _, a := range r.Areas {
		reportAreas += a.Summary.Overdue
	}
	if r.Totals.Overdue != c.Overdue || len(r.Overdue) != c.Overdue || reportAreas != c.Overdue {
		t.Errorf("the report counts %d overdue, lists %d, %d by area; the app %d", r.Totals.Overdue, len(r.Overdue), reportAreas, c.Overdue)
	}
	for _, o := range r.Overdue {
		if o.Status != "Försenad" && o.Status != "Missad period" {
			t.Errorf("the report lists %q as %q", o.Text, o.Status)
		}
	}
}

type myFollowUp struct {
	Status, StatusLabel, DueLabel string
	LastSignedOn                  *string
	Missed                        int
	Periods                       []struct{ Key, Status, StatusLabel string }
}

// TestAMissedPeriodIsSignedOffAfterTheCurrentOne: once the current period
// is done the action is Klar, what is due next is the next period (not the
// one just done), and a missed period can still be signed off late.
func TestAMissedPeriodIsSignedOffAfterTheCurrentOne(t *testing.T) {
	db := dbtest.Open(t, dbtest.Dialects[0], nil)
	seedBollebygd(t, db)
	elin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	target := actionByText(t, db, raiseMinutes)
	const asOf = "2026-12-01" // HT 2026; every term since VT 2024 missed
	mine := func() myFollowUp {
		t.Helper()
		var got struct {
			MyActions []struct {
				Action   struct{ ID, DeadlineLabel string }
				FollowUp myFollowUp
			}
		}
		elin.mustDo(`query($asOf: Date) { myActions(asOf: $asOf) { action { id deadlineLabel } followUp {
			status statusLabel dueLabel lastSignedOn missed periods { key status statusLabel } } } }`, map[string]any{"asOf": asOf}, &got)
		for _, it := range got.MyActions {
			if it.Action.ID == fmt.Sprint(target) {
				if it.Action.DeadlineLabel != "Fortlöpande" {
					t.Errorf("deadlineLabel = %q", it.Action.DeadlineLabel)
				}
				return it.FollowUp
			}
		}
		t.Fatal("the action is not Elin's")
		return myFollowUp{}
	}
	sign := func(key, doneOn, period string) {
		t.Helper()
		in := map[string]any{"actionID": target, "doneOn": doneOn, "idempotencyKey": key}
		if period != "" {
			in["period"] = period
		}
		elin.mustDo(signOffMutation, map[string]any{"in": in}, nil)
	}

	f := mine()
	if f.Status != "missed" || f.StatusLabel != "Missad period" || f.Missed != 5 || f.LastSignedOn != nil {
		t.Errorf("before: %+v; want missed (Missad period), 5 periods missed", f)
	}
	if f.DueLabel != "HT 2026, senast 31 december 2026" {
		t.Errorf("before: dueLabel %q", f.DueLabel)
	}

	sign("current", "2026-10-01", "")
	f = mine()
	if f.Status != "done" || f.StatusLabel != "Klar" || f.Missed != 5 || deref(f.LastSignedOn) != "2026-10-01" {
		t.Errorf("the current period done: %+v; want Klar with 5 missed, checked 2026-10-01", f)
	}
	if f.DueLabel != "VT 2027, senast 30 juni 2027" {
		t.Errorf("the current period done: dueLabel %q, want the next period's", f.DueLabel)
	}

	sign("late", "2025-03-03", "2025-VT")
	f = mine()
	if f.Status != "done" || f.Missed != 4 || deref(f.LastSignedOn) != "2026-10-01" {
		t.Errorf("VT 2025 signed off late: %+v; want done with 4 missed", f)
	}
	for _, p := range f.Periods {
		want := map[string]string{"2025-VT": "Klar", "2026-HT": "Klar", "2025-HT": "Missad period"}[p.Key]
		if want != "" && p.StatusLabel != want {
			t.Errorf("period %s is %q, want %q", p.Key, p.StatusLabel, want)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestViewerCanWithdrawIsTheRuleWithdrawKeeps: the app offers "Ångra" to
// exactly those the server lets withdraw: the signer and the plan owner,
// not a plan editor who does not own the plan.
func TestViewerCanWithdrawIsTheRuleWithdrawKeeps(t *testing.T) {
	db := dbtest.Open(t, dbtest.Dialects[0], nil)
	seedBollebygd(t, db)
	target := actionByText(t, db, reportBackAtAPT)
	elin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	var signed signedOff
	elin.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": target, "doneOn": "2024-11-02", "idempotencyKey": "w"}}, &signed)
	may := func(a *api) bool {
		t.Helper()
		var got struct {
			Node struct {
				SignOffs []struct {
					ID                string
					ViewerCanWithdraw bool
				}
			}
		}
		a.mustDo(`query($id: ID!) { node(id: $id) { ... on Action { signOffs { id viewerCanWithdraw } } } }`, map[string]any{"id": target}, &got)
		if len(got.Node.SignOffs) != 1 {
			t.Fatalf("sign-offs = %+v", got.Node.SignOffs)
		}
		return got.Node.SignOffs[0].ViewerCanWithdraw
	}
	withdraw := func(a *api) []gqlError {
		return a.do(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Fel") { id } }`, map[string]any{"id": signed.SignOff.ID}, nil)
	}
	for _, who := range []string{"Utvecklingschef", "Medarbetare", "Verksamhetschef"} {
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, who))
		if may(a) {
			t.Errorf("%s may withdraw Elin's sign-off, says viewerCanWithdraw", who)
		}
		errs := withdraw(a)
		if len(errs) == 0 || errs[0].Extensions["code"] != "FORBIDDEN" {
			t.Fatalf("%s withdrew it: %+v", who, errs)
		}
		if !strings.HasPrefix(errs[0].Message, "Bara den som markerade") || errs[0].detail() == "" {
			t.Errorf("%s is told %q (%q)", who, errs[0].Message, errs[0].detail())
		}
	}
	owner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
	if !may(elin) || !may(owner) {
		t.Errorf("the signer (%v) and the plan owner (%v) may withdraw it", may(elin), may(owner))
	}
	if errs := withdraw(owner); len(errs) > 0 {
		t.Fatal(errs)
	}
	if may(elin) || may(owner) {
		t.Error("a withdrawn sign-off can be withdrawn again, says viewerCanWithdraw")
	}
}

// TestViewerCanSignOffIsTheRuleSignOffKeeps: the sign-off form shows for
// those whose sign-off the server takes.
func TestViewerCanSignOffIsTheRuleSignOffKeeps(t *testing.T) {
	db := dbtest.Open(t, dbtest.Dialects[0], nil)
	d := newSharedDept(t, db)
	once := actionByText(t, db, reportBackAtAPT) // Enhetschef, done once
	query := `query($id: ID!) { node(id: $id) { ... on Action { viewerCanSignOff } } }`
	may := func(a *api, id int) bool {
		t.Helper()
		var got struct {
			Node struct{ ViewerCanSignOff bool }
		}
		a.mustDo(query, map[string]any{"id": id}, &got)
		return got.Node.ViewerCanSignOff
	}
	utv := authtest.User(t, db.Client, bollebygd, "Utvecklingschef")
	tests := []struct {
		who    string
		api    *api
		action int
		want   bool
	}{
		{"a unit manager, a duty of Enhetschef", d.api(t, d.managers[0]), once, true},
		{"the plan owner, on the responsible's behalf", d.api(t, d.owner), once, true},
		{"a plan editor who is not the owner", d.api(t, utv), once, false},
		{"an employee", d.api(t, d.employees[0]), once, false},
		{"a unit manager, for their unit", d.api(t, d.managers[3]), d.raiseMinutes, true},
		{"the plan owner, for any unit", d.api(t, d.owner), d.raiseMinutes, true},
		{"a board member, a unit duty", d.api(t, d.members[0]), d.raiseMinutes, false},
		{"a board member, their own part", d.api(t, d.members[0]), d.memberDuty, true},
		{"an employee, their own part", d.api(t, d.employees[1]), d.readMinutes, true},
		{"a unit manager, the employees' duty", d.api(t, d.managers[1]), d.readMinutes, false},
	}
	for _, tt := range tests {
		if got := may(tt.api, tt.action); got != tt.want {
			t.Errorf("%s: viewerCanSignOff = %v, want %v", tt.who, got, tt.want)
		}
	}
	// And the server agrees: the employee's sign-off of a unit duty is
	// refused, in Swedish.
	_, errs := d.sign(t, d.employees[0], d.raiseMinutes, 0, "2026-10-01")
	if len(errs) == 0 || errs[0].Extensions["code"] != "FORBIDDEN" || !strings.Contains(errs[0].Message, "enheter") {
		t.Errorf("an employee signing a unit duty: %+v", errs)
	}
}

// TestKontrollUtfordIsTheServers: "Kontroll utförd" in Planen is the
// latest sign-off still standing, and a shared duty has one only when
// every part is done; Planen's roles are every role that answers for an
// action or a sub-action.
func TestKontrollUtfordIsTheServers(t *testing.T) {
	db := dbtest.Open(t, dbtest.Dialects[0], nil)
	d := newSharedDept(t, db)
	once := actionByText(t, db, reportBackAtAPT)
	status := func() (map[string]*string, []string) {
		t.Helper()
		var got struct {
			PlanStatus struct {
				Roles   []struct{ Role struct{ Name string } }
				Actions []struct {
					Action   struct{ ID string }
					FollowUp struct{ LastSignedOn *string }
				}
			}
		}
		d.api(t, d.owner).mustDo(`query($id: ID!) { planStatus(planID: $id, asOf: "2026-11-30") {
			roles { role { name } } actions { action { id } followUp { lastSignedOn } } } }`, map[string]any{"id": d.planID}, &got)
		last := map[string]*string{}
		for _, a := range got.PlanStatus.Actions {
			last[a.Action.ID] = a.FollowUp.LastSignedOn
		}
		var roles []string
		for _, r := range got.PlanStatus.Roles {
			roles = append(roles, r.Role.Name)
		}
		return last, roles
	}
	first, _ := d.sign(t, d.managers[0], once, 0, "2024-11-02")
	d.api(t, d.owner).mustDo(`mutation($id: ID!) { withdrawSignOff(id: $id, reason: "Fel dag") { id } }`, map[string]any{"id": first}, nil)
	if _, errs := d.sign(t, d.managers[0], once, 0, "2024-10-15"); len(errs) > 0 {
		t.Fatal(errs)
	}
	for i, u := range d.units[:11] {
		if _, errs := d.sign(t, d.managers[i], d.unitRoutines, u, "2024-12-0"+fmt.Sprint(1+i%9)); len(errs) > 0 {
			t.Fatal(errs)
		}
	}
	last, roles := status()
	if got := deref(last[fmt.Sprint(once)]); got != "2024-10-15" {
		t.Errorf("Kontroll utförd = %q, want the sign-off standing (2024-10-15), not the withdrawn one", got)
	}
	if got := last[fmt.Sprint(d.unitRoutines)]; got != nil {
		t.Errorf("11 of 12 units done: Kontroll utförd = %q, want none", *got)
	}
	if _, errs := d.sign(t, d.managers[11], d.unitRoutines, d.units[11], "2024-12-20"); len(errs) > 0 {
		t.Fatal(errs)
	}
	if last, _ = status(); deref(last[fmt.Sprint(d.unitRoutines)]) != "2024-12-20" {
		t.Errorf("every unit done: Kontroll utförd = %q, want the last unit's day", deref(last[fmt.Sprint(d.unitRoutines)]))
	}
	for _, want := range []string{"Ledamot", "Medarbetare", "Enhetschef", "Förvaltningschef"} {
		if !slices.Contains(roles, want) {
			t.Errorf("planStatus.roles = %v, missing %s (a sub-action's role)", roles, want)
		}
	}
}

func TestStatusLabelsAreOneTable(t *testing.T) {
	db := dbtest.Open(t, dbtest.Dialects[0], nil)
	seedBollebygd(t, db)
	var got struct {
		FollowUpStatuses []struct{ Status, Label string }
	}
	newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare")).mustDo(`{ followUpStatuses { status label } }`, nil, &got)
	want := "overdue:Försenad missed:Missad period due_soon:Snart dags not_started:Ej påbörjad logged:Utförd done:Klar"
	var have []string
	for _, s := range got.FollowUpStatuses {
		have = append(have, s.Status+":"+s.Label)
	}
	if strings.Join(have, " ") != want {
		t.Errorf("followUpStatuses = %v, want %s", have, want)
	}
}
