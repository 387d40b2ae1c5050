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
			return `mutation($o: ID!) { createStudyVisitSlot(input: {operationID: $o, startsAt: "2099-10-01T09:00:00Z", size: 2}) { id } }`, map[string]any{"o": w.op}
		},
		"move meeting": func(w ids, _ int) (string, map[string]any) {
			return `mutation($m: ID!) { updateBoardMeeting(id: $m, input: {date: "2024-09-27"}) { id } }`, map[string]any{"m": w.meeting}
		},
		"change study visit": func(w ids, _ int) (string, map[string]any) {
			return `mutation($s: ID!) { changeStudyVisitSlot(id: $s, input: {startsAt: "2099-10-02T09:00:00Z"}) { id } }`, map[string]any{"s": w.slot}
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
			row{who, "move meeting", plan, "NOT_FOUND"},
			row{who, "change study visit", plan, "NOT_FOUND"},
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

// TestWhatTheViewerMayDoWithVisits: the API tells each role whether it may
// record a board visit as held (viewerCanHold) and whether it organises
// the department's workshops (viewerOrganisesWorkshops), by the rules
// that refuse the others, so the web app shows only what will work.
func TestWhatTheViewerMayDoWithVisits(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	c := db.Client
	past := c.BoardMeeting.Create().SetDepartmentID(w.dept).SetDate("2024-10-03").SaveX(sys())
	pastVisit := c.BoardVisit.Create().SetDepartmentID(w.dept).SetMeetingID(past.ID).SetOperationID(w.ops[0].ID).SaveX(sys())
	coming := c.BoardMeeting.Create().SetDepartmentID(w.dept).SetDate(time.Now().AddDate(0, 1, 0).Format(time.DateOnly)).SaveX(sys())
	comingVisit := c.BoardVisit.Create().SetDepartmentID(w.dept).SetMeetingID(coming.ID).SetOperationID(w.ops[1].ID).SaveX(sys())
	held := c.BoardMeeting.Create().SetDepartmentID(w.dept).SetDate("2024-09-20").SaveX(sys())
	heldVisit := c.BoardVisit.Create().SetDepartmentID(w.dept).SetMeetingID(held.ID).SetOperationID(w.ops[2].ID).
		SetUnitID(w.units[2].ID).SetHeldOn("2024-09-20").SaveX(sys())

	query := `query($past: ID!, $coming: ID!, $held: ID!) {
		past: node(id: $past) { ... on BoardVisit { viewerCanHold } }
		coming: node(id: $coming) { ... on BoardVisit { viewerCanHold } }
		held: node(id: $held) { ... on BoardVisit { viewerCanHold } }
		me { departments { viewerOrganisesWorkshops } } }`
	for who, want := range map[string][2]bool{ // may hold, organises workshops
		"Förvaltningschef": {true, true}, // a plan editor, and the responsible role of the workshops action
		"Utvecklingschef":  {true, false},
		"Enhetschef":       {false, false},
		"Ledamot":          {false, false},
		"Ordförande":       {false, false},
		"Medarbetare":      {false, false},
	} {
		var got struct {
			Past, Coming, Held struct{ ViewerCanHold bool }
			Me                 struct {
				Departments []struct{ ViewerOrganisesWorkshops bool }
			}
		}
		newAPI(t, db, authtest.User(t, c, bollebygd, who)).mustDo(query,
			map[string]any{"past": pastVisit.ID, "coming": comingVisit.ID, "held": heldVisit.ID}, &got)
		if got.Past.ViewerCanHold != want[0] || got.Coming.ViewerCanHold || got.Held.ViewerCanHold {
			t.Errorf("%s: viewerCanHold past %v, coming %v, held %v; want %v, false, false",
				who, got.Past.ViewerCanHold, got.Coming.ViewerCanHold, got.Held.ViewerCanHold, want[0])
		}
		if len(got.Me.Departments) != 1 || got.Me.Departments[0].ViewerOrganisesWorkshops != want[1] {
			t.Errorf("%s: departments %+v, want viewerOrganisesWorkshops %v", who, got.Me.Departments, want[1])
		}
		// What it says is what the mutation does.
		errs := newAPI(t, db, authtest.User(t, c, bollebygd, who)).do(holdVisit,
			map[string]any{"id": pastVisit.ID, "in": map[string]any{"unitID": w.units[0].ID}}, nil)
		if want[0] && len(errs) > 0 || !want[0] && code(errs) != "FORBIDDEN" {
			t.Errorf("%s holding the visit: %+v", who, errs)
		}
		if want[0] { // held now: for the next role, it is a held visit
			pastVisit = c.BoardVisit.Create().SetDepartmentID(w.dept).SetOperationID(w.ops[0].ID).
				SetMeetingID(c.BoardMeeting.Create().SetDepartmentID(w.dept).SetDate("2024-10-03").SaveX(sys()).ID).SaveX(sys())
		}
	}
}

// TestWorkshopParticipantsAreTheOrganisersList: who registered for a
// workshop, who has a seat and who waits is read by its organisers; a
// member reads their own registration and the number of seats taken;
// another department reads nothing of it.
func TestWorkshopParticipantsAreTheOrganisersList(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	planstest.ImportBollebygd(t, db.Client, otherDept)
	head := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
	var created struct{ CreateWorkshop struct{ ID string } }
	head.mustDo(createWorkshop, map[string]any{"d": w.dept, "in": workshopInput(6)}, &created)
	ws := created.CreateWorkshop.ID
	var regs []string
	staff := map[string]*api{}
	for _, area := range []string{"ÄO", "ÄO", "ÄO", "LSS", "HSV", "IFO myndighet", "IFO verkställighet"} {
		v := authtest.User(t, db.Client, bollebygd, "Medarbetare")
		a := newAPI(t, db, v)
		var reg struct{ RegisterForWorkshop struct{ ID string } }
		a.mustDo(`mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id } }`,
			map[string]any{"w": ws, "a": w.areaIDs[area]}, &reg)
		regs = append(regs, reg.RegisterForWorkshop.ID)
		staff[reg.RegisterForWorkshop.ID] = a
	}
	head.mustDo(`mutation($w: ID!) { allocateWorkshopSeats(workshopID: $w, seed: 7) { id } }`, map[string]any{"w": ws}, nil)

	type workshopView struct {
		Node *struct {
			SeatedCount   int
			Registrations []struct {
				ID, State        string
				WaitlistPosition *int
				User             struct{ ID, Name string }
				OperationArea    struct{ Code string }
			}
		}
	}
	read := `query($w: ID!) { node(id: $w) { ... on Workshop { seatedCount
		registrations { id state waitlistPosition user { id name } operationArea { code } } } } }`
	var all workshopView
	head.mustDo(read, map[string]any{"w": ws}, &all)
	states := map[string]int{}
	for _, r := range all.Node.Registrations {
		states[r.State]++
		if r.User.Name == "" || r.OperationArea.Code == "" {
			t.Errorf("the organiser's list lacks a name or area: %+v", r)
		}
	}
	if len(all.Node.Registrations) != 7 || states["seated"] != 6 || states["waitlisted"] != 1 || all.Node.SeatedCount != 6 {
		t.Errorf("the organiser reads %d registrations %v, %d seated; want all 7: 6 seated, 1 waiting", len(all.Node.Registrations), states, all.Node.SeatedCount)
	}

	var own workshopView
	staff[regs[0]].mustDo(read, map[string]any{"w": ws}, &own)
	if len(own.Node.Registrations) != 1 || own.Node.Registrations[0].ID != regs[0] || own.Node.SeatedCount != 6 {
		t.Errorf("a member reads %+v, want their own registration and 6 seats taken", own.Node)
	}
	if errs := staff[regs[0]].do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": regs[1]}, nil); code(errs) != "NOT_FOUND" {
		t.Errorf("a member reading another member's registration by its id: %+v, want NOT_FOUND", errs)
	}
	// A plan editor who is not the workshops' organiser (the plan names
	// Förvaltningschef) reads only their own too.
	var editor workshopView
	newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef")).mustDo(read, map[string]any{"w": ws}, &editor)
	if len(editor.Node.Registrations) != 0 {
		t.Errorf("Utvecklingschef reads %d registrations, want none", len(editor.Node.Registrations))
	}

	otherHead := newAPI(t, db, authtest.User(t, db.Client, otherDept, "Förvaltningschef"))
	if errs := otherHead.do(read, map[string]any{"w": ws}, nil); code(errs) != "NOT_FOUND" {
		t.Errorf("another department's organiser reading the workshop: %+v, want NOT_FOUND", errs)
	}
	if errs := otherHead.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": regs[1]}, nil); code(errs) != "NOT_FOUND" {
		t.Errorf("another department's organiser reading a registration: %+v, want NOT_FOUND", errs)
	}
	var theirs struct {
		Workshops struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	otherHead.mustDo(`{ workshops(first: 10) { edges { node { id } } } }`, nil, &theirs)
	if len(theirs.Workshops.Edges) != 0 {
		t.Errorf("another department's organiser lists %+v", theirs.Workshops.Edges)
	}
}
