package graph_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
)

// TestVisitsAuthorisationMatrix runs the operations of board visits, study
// visits and workshops as every role of the plan, on their own department
// and on another, through the GraphQL API: who may plan, book and report.
func TestVisitsAuthorisationMatrix(t *testing.T) {
	type ids struct{ dept, meeting, op, slot, workshop, area int }
	// world returns Bollebygd's and another department's ids, with a
	// booking of the viewer's user on a slot of each.
	world := func(t *testing.T, who string) (*api, map[string]ids, map[string]int) {
		db := dbtest.Open(t, "sqlite3", nil)
		planstest.ImportBollebygd(t, db.Client, bollebygd)
		planstest.ImportBollebygd(t, db.Client, otherDept)
		v := authtest.User(t, db.Client, bollebygd, who)
		out, bookings := map[string]ids{}, map[string]int{}
		for key, slug := range map[string]string{"own": bollebygd, "other": otherDept} {
			c := db.Client
			dept := c.Department.Query().Where(department.Slug(slug)).OnlyX(sys())
			id := ids{dept: dept.ID}
			id.meeting = c.BoardMeeting.Create().SetDepartmentID(dept.ID).SetDate("2024-09-20").SaveX(sys()).ID
			c.BoardMeeting.Create().SetDepartmentID(dept.ID).SetDate("2024-10-18").ExecX(sys())
			id.op = c.Operation.Create().SetDepartmentID(dept.ID).SetName("Hemtjänsten").SaveX(sys()).ID
			id.slot = c.StudyVisitSlot.Create().SetDepartmentID(dept.ID).SetOperationID(id.op).
				SetStartsAt(time.Date(2024, 9, 25, 9, 0, 0, 0, time.UTC)).SetSize(3).SaveX(sys()).ID
			held := c.StudyVisitSlot.Create().SetDepartmentID(dept.ID).SetOperationID(id.op).
				SetStartsAt(time.Date(2024, 9, 26, 9, 0, 0, 0, time.UTC)).SetSize(3).SaveX(sys()).ID
			bookings[key] = c.StudyVisitBooking.Create().SetDepartmentID(dept.ID).SetSlotID(held).
				SetUserID(v.UserID).SetSeat(1).SaveX(sys()).ID
			id.workshop = c.Workshop.Create().SetDepartmentID(dept.ID).SetTopic("Tillit").SetDate("2024-10-15").
				SetCapacity(10).SetMinimums(map[string]int{}).
				SetRegistrationOpensAt(time.Now().Add(-time.Hour)).SetRegistrationClosesAt(time.Now().Add(time.Hour)).SaveX(sys()).ID
			id.area = c.OperationArea.Query().Where(operationarea.DepartmentID(dept.ID), operationarea.Code("ÄO")).OnlyIDX(sys())
			out[key] = id
		}
		return newAPI(t, db, v), out, bookings
	}

	type op func(w ids, booking int) (string, map[string]any)
	ops := map[string]op{
		"plan meeting": func(w ids, _ int) (string, map[string]any) {
			return `mutation($d: ID!) { createBoardMeeting(departmentID: $d, input: {date: "2024-11-15"}) { id } }`, map[string]any{"d": w.dept}
		},
		"assign visit": func(w ids, _ int) (string, map[string]any) {
			return `mutation($m: ID!, $o: ID!) { assignBoardVisit(meetingID: $m, operationID: $o) { id } }`, map[string]any{"m": w.meeting, "o": w.op}
		},
		"offer study visit": func(w ids, _ int) (string, map[string]any) {
			return `mutation($o: ID!) { createStudyVisitSlot(input: {operationID: $o, startsAt: "2024-10-01T09:00:00Z", size: 2}) { id } }`, map[string]any{"o": w.op}
		},
		"book study visit": func(w ids, _ int) (string, map[string]any) {
			return `mutation($s: ID!) { bookStudyVisit(slotID: $s) { id } }`, map[string]any{"s": w.slot}
		},
		"report own study visit": func(_ ids, booking int) (string, map[string]any) {
			return `mutation($b: ID!) { holdStudyVisit(id: $b, notes: "Sett") { id } }`, map[string]any{"b": booking}
		},
		"create workshop": func(w ids, _ int) (string, map[string]any) {
			return `mutation($d: ID!) { createWorkshop(departmentID: $d, input: {topic: "Tillit", date: "2024-11-20", capacity: 12,
				registrationOpensAt: "2024-10-01T00:00:00Z", registrationClosesAt: "2024-11-01T00:00:00Z"}) { id } }`, map[string]any{"d": w.dept}
		},
		"register for workshop": func(w ids, _ int) (string, map[string]any) {
			return `mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id } }`, map[string]any{"w": w.workshop, "a": w.area}
		},
	}

	type row struct{ who, op, own, other string }
	var rows []row
	planners := map[string]bool{"Förvaltningschef": true, "Utvecklingschef": true}
	board := map[string]bool{"Ledamot": true, "Ordförande": true}
	for _, who := range []string{"Förvaltningschef", "Utvecklingschef", "Enhetschef", "Ledamot", "Ordförande", "Medarbetare"} {
		plan, member, head := "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"
		if planners[who] {
			plan = "ok"
		}
		if board[who] {
			member = "ok"
		}
		if who == "Förvaltningschef" { // the responsible role of the plan's workshop action
			head = "ok"
		}
		rows = append(rows,
			row{who, "plan meeting", plan, "NOT_FOUND"},
			row{who, "assign visit", plan, "NOT_FOUND"}, // the other meeting does not exist for them
			row{who, "offer study visit", plan, "NOT_FOUND"},
			row{who, "book study visit", member, "NOT_FOUND"},
			row{who, "report own study visit", member, "NOT_FOUND"},
			row{who, "create workshop", head, "NOT_FOUND"},
			row{who, "register for workshop", "ok", "NOT_FOUND"},
		)
	}
	for _, r := range rows {
		for dept, want := range map[string]string{"own": r.own, "other": r.other} {
			t.Run(fmt.Sprintf("%s/%s/%s department", r.who, r.op, dept), func(t *testing.T) {
				a, w, bookings := world(t, r.who)
				query, vars := ops[r.op](w[dept], bookings[dept])
				if got := code(a.do(query, vars, nil)); got != want {
					t.Errorf("got %s, want %s", got, want)
				}
			})
		}
	}
}
