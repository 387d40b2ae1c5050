package graph_test

import (
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitbooking"
)

// Dates that cannot be true are BAD_USER_INPUT on the date's field, and
// nothing is written.
func TestImpossibleDatesAreRefused(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	w.meeting(t, "2026-06-16") // after the study visit below: a report-back would be due then
	planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
	member := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
	chef := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef", "Enhetschef"))

	visit := func(t *testing.T, meeting string) string {
		var v struct{ AssignBoardVisit struct{ ID string } }
		planner.mustDo(assignVisit, map[string]any{"m": w.meeting(t, meeting), "o": w.ops[0].ID, "u": w.units[0].ID}, &v)
		return v.AssignBoardVisit.ID
	}
	booking := func(t *testing.T, slot string) string {
		var b struct{ BookStudyVisit struct{ ID string } }
		member.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[1], slot, 3)}, &b)
		return b.BookStudyVisit.ID
	}
	action := actionByText(t, db, reportBackAtAPT)

	tests := []struct {
		name, field, message string
		do                   func(t *testing.T) []gqlError
	}{
		{"a board visit held before its meeting", "heldOn", "before the board meeting", func(t *testing.T) []gqlError {
			return planner.do(holdVisit, map[string]any{"id": visit(t, "2024-10-03"), "in": map[string]any{"heldOn": "2024-10-02"}}, nil)
		}},
		{"a board visit of a meeting in the future", "heldOn", "in the future", func(t *testing.T) []gqlError {
			return planner.do(holdVisit, map[string]any{"id": visit(t, "2099-01-20"), "in": map[string]any{}}, nil)
		}},
		{"a board visit held on a day in the future", "heldOn", "in the future", func(t *testing.T) []gqlError {
			return planner.do(holdVisit, map[string]any{"id": visit(t, "2024-09-12"), "in": map[string]any{"heldOn": "2099-09-12"}}, nil)
		}},
		{"a study visit held before its slot", "heldOn", "before the study visit", func(t *testing.T) []gqlError {
			return member.do(holdStudy, map[string]any{"id": booking(t, "2024-09-25T09:00:00+02:00"), "on": "2024-09-24"}, nil)
		}},
		{"a late study visit dated back under the rule's end date", "heldOn", "before the study visit", func(t *testing.T) []gqlError {
			return member.do(holdStudy, map[string]any{"id": booking(t, "2026-06-03T09:00:00+02:00"), "on": "2026-05-29"}, nil)
		}},
		{"a sign-off dated before the plan existed", "doneOn", "before the plan", func(t *testing.T) []gqlError {
			return chef.do(signOffMutation, map[string]any{"in": map[string]any{"actionID": action, "doneOn": "2023-11-30", "idempotencyKey": "early-1"}}, nil)
		}},
		{"a plan adopted in the year 9999", "adoptedAt", "not in the years 2000–2100", func(t *testing.T) []gqlError {
			return chef.do(`mutation($id: ID!) { adoptPlan(id: $id, adoptedBy: "Socialnämnden", adoptedAt: "9999-01-20", paragraph: "§ 1") { id } }`,
				map[string]any{"id": db.Client.Plan.Query().OnlyIDX(sys())}, nil)
		}},
		{"a board meeting in the year 9999", "date", "not in the years 2000–2100", func(t *testing.T) []gqlError {
			return planner.do(`mutation($d: ID!) { createBoardMeeting(departmentID: $d, input: {date: "9999-01-20"}) { id } }`,
				map[string]any{"d": w.dept}, nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := tt.do(t)
			if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != tt.field || !strings.Contains(errs[0].detail(), tt.message) {
				t.Errorf("errors = %+v, want BAD_USER_INPUT on %s saying %q", errs, tt.field, tt.message)
			}
		})
	}
	if n := db.Client.StudyVisitBooking.Query().Where(studyvisitbooking.HeldOnNotNil()).CountX(sys()); n != 0 {
		t.Errorf("%d study visits were recorded as held", n)
	}

	t.Run("the day of the meeting, of the slot and of the plan are fine", func(t *testing.T) {
		planner.mustDo(holdVisit, map[string]any{"id": visit(t, "2024-10-10"), "in": map[string]any{"heldOn": "2024-10-10"}}, nil)
		member.mustDo(holdStudy, map[string]any{"id": booking(t, "2024-10-01T09:00:00+02:00"), "on": "2024-10-01"}, nil)
		chef.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": action, "doneOn": "2024-01-24", "idempotencyKey": "first-day"}}, nil)
	})
}

// Every day of the year belongs to a follow-up period: work done in July
// is signed off for the autumn term (July–December) of a termly plan, and
// a day outside a named period is refused with what to do instead.
func TestWorkDoneInJulyIsSignedOffForTheAutumnTerm(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	seedBollebygd(t, db)
	target := actionByText(t, db, raiseMinutes) // continuous; the plan follows up per term
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	sign := func(key, doneOn, period string) (signedOff, []gqlError) {
		in := map[string]any{"actionID": target, "doneOn": doneOn, "idempotencyKey": key}
		if period != "" {
			in["period"] = period
		}
		var out signedOff
		return out, a.do(signOffMutation, map[string]any{"in": in}, &out)
	}

	got, errs := sign("july-1", "2024-07-15", "")
	if len(errs) > 0 || got.SignOff.Period != "2024-HT" {
		t.Fatalf("a sign-off of 15 July = %+v, %+v; want it for 2024-HT", got.SignOff, errs)
	}
	got, errs = sign("july-2", "2025-07-01", "2025-HT")
	if len(errs) > 0 || got.SignOff.Period != "2025-HT" {
		t.Errorf("a sign-off of 1 July naming HT = %+v, %+v; want it for 2025-HT", got.SignOff, errs)
	}
	_, errs = sign("july-3", "2025-07-31", "2025-VT")
	if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "doneOn" ||
		!strings.Contains(errs[0].detail(), "2025-01-01 to 2025-06-30") || !strings.Contains(errs[0].detail(), "leave out the period") {
		t.Errorf("July named as the spring term = %+v; want doneOn refused with the term's days and what to do", errs)
	}
}
