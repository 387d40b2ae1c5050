package graph_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitbooking"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/rotation"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/seating"
)

// visitWorld is the Bollebygd plan with a few operations, units with APT
// dates and board meetings, created by the system.
type visitWorld struct {
	db      *database.DB
	dept    int
	ops     []*ent.Operation // Hemtjänsten, LSS-boendet, Socialtjänsten
	units   []*ent.Unit      // one per operation
	areaIDs map[string]int   // operation area id by code
}

func sys() context.Context { return rule.SystemContext(context.Background(), "test") }

func newVisitWorld(t *testing.T, db *database.DB) *visitWorld {
	t.Helper()
	res := seedBollebygd(t, db)
	w := &visitWorld{db: db, dept: res.DepartmentID, areaIDs: map[string]int{}}
	c := db.Client
	for _, name := range []string{"Hemtjänsten", "LSS-boendet", "Socialtjänsten"} {
		op := c.Operation.Create().SetDepartmentID(w.dept).SetName(name).SaveX(sys())
		u := c.Unit.Create().SetDepartmentID(w.dept).SetOperationID(op.ID).SetName(name + " enhet 1").SaveX(sys())
		for _, d := range []string{"2024-09-10", "2024-10-03", "2024-11-07"} {
			c.WorkplaceMeeting.Create().SetDepartmentID(w.dept).SetUnitID(u.ID).SetDate(d).ExecX(sys())
		}
		w.ops, w.units = append(w.ops, op), append(w.units, u)
	}
	for _, oa := range c.OperationArea.Query().Where(operationarea.DepartmentID(w.dept)).AllX(sys()) {
		w.areaIDs[oa.Code] = oa.ID
	}
	return w
}

func (w *visitWorld) meeting(t *testing.T, date string) int {
	t.Helper()
	return w.db.Client.BoardMeeting.Create().SetDepartmentID(w.dept).SetDate(date).SaveX(sys()).ID
}

func code(errs []gqlError) string {
	if len(errs) == 0 {
		return "ok"
	}
	c, _ := errs[0].Extensions["code"].(string)
	return c
}

const assignVisit = `mutation($m: ID!, $o: ID!, $u: ID) { assignBoardVisit(meetingID: $m, operationID: $o, unitID: $u) { id operation { name } } }`

func TestOneOperationPerBoardMeeting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))

		t.Run("a second operation at a visited meeting is a conflict naming the meeting", func(t *testing.T) {
			m := w.meeting(t, "2024-09-20")
			a.mustDo(assignVisit, map[string]any{"m": m, "o": w.ops[0].ID}, nil)
			errs := a.do(assignVisit, map[string]any{"m": m, "o": w.ops[1].ID}, nil)
			if code(errs) != "CONFLICT" || !strings.Contains(errs[0].detail(), "2024-09-20") ||
				errs[0].Extensions["meetingID"] != float64(m) {
				t.Fatalf("errors = %+v, want CONFLICT naming the meeting of 2024-09-20", errs)
			}
		})

		t.Run("of eight planners assigning one meeting at the same moment, one wins", func(t *testing.T) {
			m := w.meeting(t, "2024-10-18")
			var wg sync.WaitGroup
			codes := make([]string, 8)
			for i := range codes {
				wg.Go(func() {
					codes[i] = code(a.do(assignVisit, map[string]any{"m": m, "o": w.ops[i%len(w.ops)].ID}, nil))
				})
			}
			wg.Wait()
			slices.Sort(codes)
			want := append(slices.Repeat([]string{"CONFLICT"}, 7), "ok")
			if !slices.Equal(codes, want) {
				t.Errorf("codes = %v, want one ok and seven CONFLICT", codes)
			}
			if n := db.Client.BoardVisit.Query().CountX(sys()); n != 2 {
				t.Errorf("%d visits stored, want 2", n)
			}
		})
	})
}

func TestRotationProposalThroughTheAPI(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
	dates := []string{"2023-09-19", "2023-10-17", "2023-11-21", "2024-01-23", "2024-02-20", "2024-03-19"}
	var meetings []rotation.Meeting
	for _, d := range dates {
		day, _ := time.Parse(time.DateOnly, d)
		meetings = append(meetings, rotation.Meeting{ID: w.meeting(t, d), Date: day})
	}
	w.meeting(t, "2025-01-21") // outside the range
	// The planner has already placed Socialtjänsten at the second meeting.
	a.mustDo(assignVisit, map[string]any{"m": meetings[1].ID, "o": w.ops[2].ID}, nil)

	var got struct {
		ProposedRotation []struct {
			Meeting   struct{ ID, Date string }
			Operation struct{ ID, Name string }
			Assigned  bool
		}
	}
	a.mustDo(`query($d: ID!) { proposedRotation(departmentID: $d, from: "2023-09-01", to: "2024-12-31") {
		meeting { id date } operation { id name } assigned } }`, map[string]any{"d": w.dept}, &got)

	var ops []rotation.Operation
	for _, o := range w.ops {
		ops = append(ops, rotation.Operation{ID: o.ID, Name: o.Name})
	}
	want := rotation.Propose(meetings, ops, []rotation.Assignment{{MeetingID: meetings[1].ID, OperationID: w.ops[2].ID}})
	if len(got.ProposedRotation) != len(want) {
		t.Fatalf("got %d proposals, want %d", len(got.ProposedRotation), len(want))
	}
	visits := map[string]int{}
	for i, p := range got.ProposedRotation {
		if p.Meeting.ID != strconv.Itoa(want[i].MeetingID) || p.Operation.ID != strconv.Itoa(want[i].OperationID) {
			t.Errorf("proposal %d = %+v, want %+v", i, p, want[i])
		}
		if p.Assigned != (i == 1) {
			t.Errorf("proposal %d assigned = %v", i, p.Assigned)
		}
		visits[p.Operation.Name]++
	}
	for name, n := range visits {
		if n != 2 {
			t.Errorf("%s visits %d times, want 2 (fair over 6 meetings and 3 operations)", name, n)
		}
	}

	var applied struct{ ApplyRotation []struct{ ID string } }
	a.mustDo(`mutation($d: ID!) { applyRotation(departmentID: $d, from: "2023-09-01", to: "2024-12-31") { id } }`,
		map[string]any{"d": w.dept}, &applied)
	if len(applied.ApplyRotation) != 5 || db.Client.BoardVisit.Query().CountX(sys()) != 6 {
		t.Errorf("applied %d visits, want the 5 free meetings", len(applied.ApplyRotation))
	}
}

// TestRotationCountsVisitsPlacedByHand is issue 15's example: one operation
// placed twice by hand, then the rotation applied over eight meetings. The
// hand-placed visits count, so every operation ends within one visit of the
// others (3, 3, 2), not 4, 2, 2.
func TestRotationCountsVisitsPlacedByHand(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
	var meetings []int
	for _, d := range []string{"2023-09-19", "2023-10-17", "2023-11-21", "2023-12-12",
		"2024-01-23", "2024-02-20", "2024-03-19", "2024-04-16"} {
		meetings = append(meetings, w.meeting(t, d))
	}
	for _, m := range []int{meetings[0], meetings[3]} {
		a.mustDo(assignVisit, map[string]any{"m": m, "o": w.ops[0].ID}, nil)
	}
	a.mustDo(`mutation($d: ID!) { applyRotation(departmentID: $d, from: "2023-09-01", to: "2024-12-31") { id } }`,
		map[string]any{"d": w.dept}, nil)

	var got struct {
		BoardMeetings struct {
			Edges []struct {
				Node struct {
					Date  string
					Visit *struct{ Operation struct{ Name string } }
				}
			}
		}
	}
	a.mustDo(`{ boardMeetings(first: 50) { edges { node { date visit { operation { name } } } } } }`, nil, &got)
	visits := map[string]int{}
	for _, e := range got.BoardMeetings.Edges {
		if e.Node.Visit == nil {
			t.Fatalf("meeting %s has no visit after applying the rotation", e.Node.Date)
		}
		visits[e.Node.Visit.Operation.Name]++
	}
	lo, hi := 8, 0
	for _, op := range w.ops {
		lo, hi = min(lo, visits[op.Name]), max(hi, visits[op.Name])
	}
	if hi-lo > 1 || visits[w.ops[0].Name] > 3 {
		t.Errorf("visits per operation %v, want every operation within one of the others", visits)
	}
}

// TestRotationPropertiesThroughTheAPI places random visits by hand, in
// the range and before it, at random meetings of a department with a
// growing number of operations, applies the rotation through the API and
// checks what it promises: every meeting in the range visited, the visits
// placed by hand kept, and the operations' visits in the range within one
// of each other wherever the hand-placed visits allow it; where they do
// not, no operation was given a meeting while another has two fewer. Each
// case is a year of its own; earlier years are the later cases' history.
func TestRotationPropertiesThroughTheAPI(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
	rng := rand.New(rand.NewPCG(15, 2024))
	ops := slices.Clone(w.ops)
	for c := range 40 {
		if rng.IntN(3) == 0 {
			ops = append(ops, db.Client.Operation.Create().SetDepartmentID(w.dept).
				SetName(fmt.Sprintf("Verksamhet %d", c)).SaveX(sys()))
		}
		year := 2050 + c // years of their own, after every other date of the test
		nMeetings, before := rng.IntN(12), rng.IntN(3)
		type placedVisit struct{ meeting, op int }
		var hand []placedVisit
		inRange := map[int]bool{}
		for i := range nMeetings {
			date := fmt.Sprintf("%d-%02d-15", year, i+1)
			m := w.meeting(t, date)
			inRange[m] = i >= before
			if rng.IntN(3) == 0 {
				op := ops[rng.IntN(len(ops))].ID
				if rng.IntN(2) == 0 {
					op = ops[0].ID // now and then one operation placed over and over
				}
				a.mustDo(assignVisit, map[string]any{"m": m, "o": op}, nil)
				hand = append(hand, placedVisit{m, op})
			}
		}
		from := fmt.Sprintf("%d-%02d-01", year, before+1)
		a.mustDo(`mutation($d: ID!, $from: Date!, $to: Date!) { applyRotation(departmentID: $d, from: $from, to: $to) { id } }`,
			map[string]any{"d": w.dept, "from": from, "to": fmt.Sprintf("%d-12-31", year)}, nil)

		visitAt := map[int]int{} // meeting → operation
		for _, v := range db.Client.BoardVisit.Query().AllX(sys()) {
			visitAt[v.MeetingID] = v.OperationID
		}
		placed, count, given := map[int]int{}, map[int]int{}, map[int]bool{}
		free := 0
		for _, o := range ops {
			placed[o.ID], count[o.ID] = 0, 0
		}
		handAt := map[int]int{}
		for _, h := range hand {
			handAt[h.meeting] = h.op
			if visitAt[h.meeting] != h.op {
				t.Fatalf("case %d: visit placed by hand at meeting %d changed to %d", c, h.meeting, visitAt[h.meeting])
			}
		}
		for m, in := range inRange {
			op, ok := visitAt[m]
			switch {
			case !in && !ok:
			case !in && handAt[m] != op:
				t.Fatalf("case %d: meeting %d before the range got a visit", c, m)
			case !in:
			case !ok:
				t.Fatalf("case %d: meeting %d in the range has no visit", c, m)
			case handAt[m] == op:
				placed[op]++
				count[op]++
			default:
				free++
				count[op]++
				given[op] = true
			}
		}
		lo, hi := slices.Min(slices.Collect(maps.Values(count))), slices.Max(slices.Collect(maps.Values(count)))
		for op := range given {
			if count[op] > lo+1 {
				t.Fatalf("case %d: operation %d was given a meeting and has %d visits, another only %d: %v", c, op, count[op], lo, count)
			}
		}
		if withinOnePossible(placed, free) && hi-lo > 1 {
			t.Fatalf("case %d: visits %v (placed by hand %v, %d free meetings) differ by more than one", c, count, placed, free)
		}
	}
}

// withinOnePossible tells whether free meetings can be given so that every
// operation, with the visits already placed, ends at some m or m+1.
func withinOnePossible(placed map[int]int, free int) bool {
	for m := 0; m <= free+slices.Max(slices.Collect(maps.Values(placed))); m++ {
		least, most, ok := 0, 0, true
		for _, p := range placed {
			ok = ok && p <= m+1
			least += max(0, m-p)
			most += max(0, m+1-p)
		}
		if ok && least <= free && free <= most {
			return true
		}
	}
	return false
}

const holdVisit = `mutation($id: ID!, $in: HoldBoardVisitInput!) { holdBoardVisit(id: $id, input: $in) {
	heldOn presenter reportBack { id dueDate deadlineKind responsible { name } text } } }`

type heldVisit struct {
	HoldBoardVisit struct {
		HeldOn, Presenter string
		ReportBack        *struct {
			ID, DueDate, DeadlineKind, Text string
			Responsible                     struct{ Name string }
		}
	}
}

type myActionsData struct {
	MyActions []struct {
		Action   struct{ ID, Text string }
		FollowUp struct{ Status, Due string }
	}
}

const myActionsQuery = `query($asOf: Date) { myActions(asOf: $asOf) { action { id text } followUp { status due } } }`

func (d myActionsData) find(id string) (status, due string, ok bool) {
	for _, it := range d.MyActions {
		if it.Action.ID == id {
			return it.FollowUp.Status, it.FollowUp.Due, true
		}
	}
	return "", "", false
}

func TestBoardVisitReportBackAtTheUnitsNextAPT(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		m := w.meeting(t, "2024-10-03") // the same day as an APT: the next one is in November
		var assigned struct{ AssignBoardVisit struct{ ID string } }
		planner.mustDo(assignVisit, map[string]any{"m": m, "o": w.ops[0].ID, "u": w.units[0].ID}, &assigned)

		var held heldVisit
		planner.mustDo(holdVisit, map[string]any{"id": assigned.AssignBoardVisit.ID, "in": map[string]any{
			"presenter": "Anna Andersson", "work": "Hemtjänst i hela kommunen", "conditions": "Långa avstånd", "needs": "Fler bilar",
		}}, &held)
		rb := held.HoldBoardVisit.ReportBack
		if held.HoldBoardVisit.HeldOn != "2024-10-03" || rb == nil || rb.DueDate != "2024-11-07" ||
			rb.DeadlineKind != "date" || rb.Responsible.Name != "Enhetschef" {
			t.Fatalf("held = %+v, want a report-back due at the APT of 2024-11-07 for Enhetschef", held.HoldBoardVisit)
		}

		chef := authtest.User(t, db.Client, bollebygd, "Enhetschef")
		a := newAPI(t, db, chef)
		var mine myActionsData
		a.mustDo(myActionsQuery, map[string]any{"asOf": "2024-10-28"}, &mine)
		if status, due, ok := mine.find(rb.ID); !ok || status != "due_soon" || due != "2024-11-07" {
			t.Errorf("in myActions: %v %s %s, want due soon on 2024-11-07", ok, status, due)
		}
		a.mustDo(myActionsQuery, map[string]any{"asOf": "2024-11-08"}, &mine)
		if status, _, _ := mine.find(rb.ID); status != "overdue" {
			t.Errorf("the day after the APT it is %s, want overdue", status)
		}
		a.mustDo(signOffMutation, map[string]any{"in": map[string]any{
			"actionID": rb.ID, "doneOn": "2024-11-07", "idempotencyKey": "rb-1", "comment": "Återrapporterat på APT",
		}}, nil)
		a.mustDo(myActionsQuery, map[string]any{"asOf": "2024-11-08"}, &mine)
		if status, _, _ := mine.find(rb.ID); status != "done" {
			t.Errorf("after the sign-off it is %s, want done", status)
		}

		t.Run("a second hold is a conflict", func(t *testing.T) {
			errs := planner.do(holdVisit, map[string]any{"id": assigned.AssignBoardVisit.ID, "in": map[string]any{}}, nil)
			if code(errs) != "CONFLICT" {
				t.Errorf("errors = %+v, want CONFLICT", errs)
			}
		})

		t.Run("a unit with a manager gives the report-back to the manager alone", func(t *testing.T) {
			manager := authtest.User(t, db.Client, bollebygd, "Enhetschef")
			db.Client.Unit.UpdateOne(w.units[1]).SetManagerID(manager.UserID).ExecX(sys())
			m := w.meeting(t, "2024-09-20")
			var v struct{ AssignBoardVisit struct{ ID string } }
			planner.mustDo(assignVisit, map[string]any{"m": m, "o": w.ops[1].ID, "u": w.units[1].ID}, &v)
			var assignedMails int
			if err := db.SQL.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM notification_outbox WHERE user_id = %d AND occasion = 'board-visit:%s:%d'`, manager.UserID, v.AssignBoardVisit.ID, m)).Scan(&assignedMails); err != nil {
				t.Fatal(err)
			}
			if assignedMails != 1 {
				t.Errorf("%d mails of the assigned visit to the unit's manager, want 1", assignedMails)
			}
			var held heldVisit
			planner.mustDo(holdVisit, map[string]any{"id": v.AssignBoardVisit.ID, "in": map[string]any{}}, &held)
			id := held.HoldBoardVisit.ReportBack.ID
			if held.HoldBoardVisit.ReportBack.DueDate != "2024-10-03" {
				t.Errorf("due %s, want the APT of 2024-10-03", held.HoldBoardVisit.ReportBack.DueDate)
			}
			var theirs, others myActionsData
			newAPI(t, db, manager).mustDo(myActionsQuery, map[string]any{"asOf": "2024-09-25"}, &theirs)
			a.mustDo(myActionsQuery, map[string]any{"asOf": "2024-09-25"}, &others)
			if _, _, ok := theirs.find(id); !ok {
				t.Error("the unit's manager does not see the report-back")
			}
			if _, _, ok := others.find(id); ok {
				t.Error("another Enhetschef sees the unit's report-back")
			}
			// The manager is told by e-mail, once (package outbox).
			var n int
			var lead string
			if err := db.SQL.QueryRow(fmt.Sprintf(`SELECT COUNT(*), MAX(lead_text) FROM notification_outbox WHERE user_id = %d AND occasion = 'report-back:%s'`, manager.UserID, id)).Scan(&n, &lead); err != nil {
				t.Fatal(err)
			}
			if n != 1 || !strings.Contains(lead, "senast 3 oktober 2024") {
				t.Errorf("outbox: %d rows, %q; want one mail to the manager", n, lead)
			}
			errs := a.do(signOffMutation, map[string]any{"in": map[string]any{"actionID": id, "idempotencyKey": "rb-2"}}, nil)
			if code(errs) != "FORBIDDEN" {
				t.Errorf("another Enhetschef signing: %+v, want FORBIDDEN", errs)
			}
		})

		t.Run("a unit without a later APT is bad input", func(t *testing.T) {
			m := w.meeting(t, "2024-12-10")
			var v struct{ AssignBoardVisit struct{ ID string } }
			planner.mustDo(assignVisit, map[string]any{"m": m, "o": w.ops[2].ID, "u": w.units[2].ID}, &v)
			errs := planner.do(holdVisit, map[string]any{"id": v.AssignBoardVisit.ID, "in": map[string]any{}}, nil)
			if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "unitID" {
				t.Errorf("errors = %+v, want BAD_USER_INPUT on unitID", errs)
			}
		})

		t.Run("report-backs stay out of the plan's text", func(t *testing.T) {
			var tree planTree
			planner.mustDo(planTreeQuery, map[string]any{"id": db.Client.Plan.Query().FirstIDX(sys())}, &tree)
			for _, ar := range tree.Plan.Areas {
				for _, act := range ar.Actions {
					if strings.HasPrefix(act.Text, "Återrapportering på APT") {
						t.Errorf("the plan tree shows a report-back: %q", act.Text)
					}
				}
			}
		})
	})
}

const (
	bookSlot  = `mutation($s: ID!) { bookStudyVisit(slotID: $s) { id seat } }`
	holdStudy = `mutation($id: ID!, $on: Date) { holdStudyVisit(id: $id, heldOn: $on, notes: "Bra bemötande") {
		heldOn reportBack { id dueDate responsible { name } assignee { id } } } }`
)

func (w *visitWorld) slot(t *testing.T, op *ent.Operation, at string, size int) int {
	t.Helper()
	start, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	return w.db.Client.StudyVisitSlot.Create().SetDepartmentID(w.dept).SetOperationID(op.ID).
		SetStartsAt(start).SetSize(size).SaveX(sys()).ID
}

func TestStudyVisitReportBackAtTheNextBoardMeeting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		for _, d := range []string{"2024-09-20", "2024-10-18", "2026-06-16"} {
			w.meeting(t, d)
		}
		member := authtest.User(t, db.Client, bollebygd, "Ledamot")
		other := authtest.User(t, db.Client, bollebygd, "Ledamot")
		a := newAPI(t, db, member)

		var booked struct{ BookStudyVisit struct{ ID string } }
		a.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[1], "2024-09-25T09:00:00+02:00", 2)}, &booked)
		var held struct {
			HoldStudyVisit struct {
				HeldOn     string
				ReportBack *struct {
					ID, DueDate string
					Responsible struct{ Name string }
					Assignee    struct{ ID string }
				}
			}
		}
		a.mustDo(holdStudy, map[string]any{"id": booked.BookStudyVisit.ID}, &held)
		rb := held.HoldStudyVisit.ReportBack
		if held.HoldStudyVisit.HeldOn != "2024-09-25" || rb == nil || rb.DueDate != "2024-10-18" ||
			rb.Responsible.Name != "Ledamot" || rb.Assignee.ID != strconv.Itoa(member.UserID) {
			t.Fatalf("held = %+v, want a report-back at the board meeting of 2024-10-18 for this member", held.HoldStudyVisit)
		}
		var mine, theirs myActionsData
		a.mustDo(myActionsQuery, map[string]any{"asOf": "2024-10-10"}, &mine)
		newAPI(t, db, other).mustDo(myActionsQuery, map[string]any{"asOf": "2024-10-10"}, &theirs)
		if status, _, ok := mine.find(rb.ID); !ok || status != "due_soon" {
			t.Errorf("the member's myActions: %v %s, want due soon", ok, status)
		}
		if _, _, ok := theirs.find(rb.ID); ok {
			t.Error("another member sees this member's report-back")
		}
		a.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": rb.ID, "doneOn": "2024-10-18", "idempotencyKey": "sv-1"}}, nil)

		t.Run("after the configured end no report-back is created", func(t *testing.T) {
			var booked struct{ BookStudyVisit struct{ ID string } }
			a.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[2], "2026-06-03T09:00:00+02:00", 1)}, &booked)
			var held struct {
				HoldStudyVisit struct{ ReportBack *struct{ ID string } }
			}
			a.mustDo(holdStudy, map[string]any{"id": booked.BookStudyVisit.ID}, &held)
			if held.HoldStudyVisit.ReportBack != nil {
				t.Errorf("a study visit after 2026-05-31 got a report-back")
			}
		})

		t.Run("the overview shows who visited what, and what nobody visited", func(t *testing.T) {
			var got struct {
				StudyVisitOverview struct {
					Members []struct {
						User       struct{ ID string }
						Operations []struct{ Name string }
					}
					Unvisited []struct{ Name string }
				}
			}
			a.mustDo(`query($d: ID!) { studyVisitOverview(departmentID: $d) { members { user { id } operations { name } } unvisited { name } } }`,
				map[string]any{"d": w.dept}, &got)
			visited := map[string][]string{}
			for _, m := range got.StudyVisitOverview.Members {
				for _, op := range m.Operations {
					visited[m.User.ID] = append(visited[m.User.ID], op.Name)
				}
			}
			if fmt.Sprint(visited[strconv.Itoa(member.UserID)]) != "[LSS-boendet Socialtjänsten]" || len(got.StudyVisitOverview.Members) != 2 {
				t.Errorf("members = %+v", got.StudyVisitOverview.Members)
			}
			if len(got.StudyVisitOverview.Unvisited) != 1 || got.StudyVisitOverview.Unvisited[0].Name != "Hemtjänsten" {
				t.Errorf("unvisited = %+v, want Hemtjänsten", got.StudyVisitOverview.Unvisited)
			}
		})
	})
}

func TestAStudyVisitSlotIsNeverOverbooked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		slot := w.slot(t, w.ops[0], "2024-09-25T09:00:00+02:00", 3)
		manager := authtest.User(t, db.Client, bollebygd, "Enhetschef")
		db.Client.Unit.UpdateOne(w.units[0]).SetManagerID(manager.UserID).ExecX(sys())
		apis := make([]*api, 8)
		for i := range apis {
			apis[i] = newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
		}
		codes := make([]string, len(apis))
		var wg sync.WaitGroup
		for i, a := range apis {
			wg.Go(func() { codes[i] = code(a.do(bookSlot, map[string]any{"s": slot}, nil)) })
		}
		wg.Wait()
		slices.Sort(codes)
		want := append(slices.Repeat([]string{"CONFLICT"}, 5), "ok", "ok", "ok")
		if !slices.Equal(codes, want) {
			t.Errorf("codes = %v, want three ok and five CONFLICT", codes)
		}
		seats := db.Client.StudyVisitBooking.Query().Where(studyvisitbooking.SlotID(slot)).
			Order(studyvisitbooking.BySeat()).Select(studyvisitbooking.FieldSeat).IntsX(sys())
		if !slices.Equal(seats, []int{1, 2, 3}) {
			t.Errorf("seats = %v, want 1, 2, 3", seats)
		}
		// The operation's unit manager is told of each booking, once, and
		// of none that was refused (package outbox).
		var booked int
		if err := db.SQL.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM notification_outbox WHERE user_id = %d AND occasion LIKE 'study-visit:%%:booked'`, manager.UserID)).Scan(&booked); err != nil {
			t.Fatal(err)
		}
		if booked != 3 {
			t.Errorf("%d booking mails to the unit's manager, want 3", booked)
		}
	})
}

const createWorkshop = `mutation($d: ID!, $in: CreateWorkshopInput!) { createWorkshop(departmentID: $d, input: $in) {
	id capacity minimums { code seats } } }`

func workshopInput(capacity int) map[string]any {
	now := time.Now()
	return map[string]any{
		"topic": "Tillit i vardagen", "date": "2024-10-15", "place": "Kommunhuset", "capacity": capacity,
		"registrationOpensAt": now.Add(-time.Hour).Format(time.RFC3339), "registrationClosesAt": now.Add(time.Hour).Format(time.RFC3339),
	}
}

func TestWorkshopCapacityBelowTheMinimumsIsRefused(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
	errs := a.do(createWorkshop, map[string]any{"d": w.dept, "in": workshopInput(5)}, nil)
	if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "capacity" || !strings.Contains(errs[0].detail(), "(6)") {
		t.Errorf("capacity 5 against Bollebygd's minimums (6): %+v, want BAD_USER_INPUT on capacity", errs)
	}
	var got struct {
		CreateWorkshop struct {
			Minimums []struct {
				Code  string
				Seats int
			}
		}
	}
	a.mustDo(createWorkshop, map[string]any{"d": w.dept, "in": workshopInput(6)}, &got)
	if fmt.Sprint(got.CreateWorkshop.Minimums) != "[{HSV 1} {IFO myndighet 1} {IFO verkställighet 1} {LSS 1} {ÄO 2}]" {
		t.Errorf("minimums = %v, want the department's", got.CreateWorkshop.Minimums)
	}
	in := workshopInput(2)
	in["minimums"] = []map[string]any{{"code": "ÄO", "seats": 2}}
	a.mustDo(createWorkshop, map[string]any{"d": w.dept, "in": in}, nil)
}

func TestWorkshopAllocationThroughTheAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		head := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
		var created struct{ CreateWorkshop struct{ ID string } }
		head.mustDo(createWorkshop, map[string]any{"d": w.dept, "in": workshopInput(8)}, &created)
		ws := created.CreateWorkshop.ID

		// 14 employees: 6 from ÄO, 4 from LSS, 3 from HSV, 1 from IFO myndighet.
		areas := slices.Concat(slices.Repeat([]string{"ÄO"}, 6), slices.Repeat([]string{"LSS"}, 4), slices.Repeat([]string{"HSV"}, 3), []string{"IFO myndighet"})
		employees := map[int]*api{}
		var applicants []seating.Applicant
		for _, ac := range areas {
			e := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
			var reg struct{ RegisterForWorkshop struct{ ID, State string } }
			e.mustDo(`mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id state } }`,
				map[string]any{"w": ws, "a": w.areaIDs[ac]}, &reg)
			id, _ := strconv.Atoi(reg.RegisterForWorkshop.ID)
			employees[id] = e
			applicants = append(applicants, seating.Applicant{ID: id, Area: ac})
		}

		var got struct {
			AllocateWorkshopSeats struct {
				Seed          int
				Explanation   []string
				Registrations []struct {
					ID, State        string
					WaitlistPosition *int
				}
			}
		}
		head.mustDo(`mutation($w: ID!) { allocateWorkshopSeats(workshopID: $w, seed: 42) { seed explanation registrations { id state waitlistPosition } } }`,
			map[string]any{"w": ws}, &got)
		minimums := map[string]int{"ÄO": 2, "LSS": 1, "HSV": 1, "IFO myndighet": 1, "IFO verkställighet": 1}
		want, err := seating.Allocate(seating.Input{Capacity: 8, Minimums: minimums, Applicants: applicants, Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		check := func(t *testing.T, want seating.Result, regs []struct {
			ID, State        string
			WaitlistPosition *int
		}) {
			t.Helper()
			state := map[string]string{}
			for _, r := range regs {
				state[r.ID] = r.State
				if r.WaitlistPosition != nil {
					state[r.ID] += strconv.Itoa(*r.WaitlistPosition)
				}
			}
			for _, s := range want.Seated {
				if state[strconv.Itoa(s.ApplicantID)] != "seated" {
					t.Errorf("registration %d is %s, want seated", s.ApplicantID, state[strconv.Itoa(s.ApplicantID)])
				}
			}
			for i, id := range want.Waitlist {
				if w := "waitlisted" + strconv.Itoa(i+1); state[strconv.Itoa(id)] != w {
					t.Errorf("registration %d is %s, want %s", id, state[strconv.Itoa(id)], w)
				}
			}
		}
		check(t, want, got.AllocateWorkshopSeats.Registrations)
		// Each is told by e-mail of their seat or waitlist place, once (package outbox).
		told := func(state string) int {
			var n int
			if err := db.SQL.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM notification_outbox WHERE occasion = 'workshop:%s:%s'`, ws, state)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if told("seated") != len(want.Seated) || told("waitlisted") != len(want.Waitlist) {
			t.Errorf("mails: %d seated, %d waitlisted; want %d and %d", told("seated"), told("waitlisted"), len(want.Seated), len(want.Waitlist))
		}
		if got.AllocateWorkshopSeats.Seed != 42 || !slices.Equal(got.AllocateWorkshopSeats.Explanation, want.Explanation) {
			t.Errorf("seed %d, explanation %q\nwant %q", got.AllocateWorkshopSeats.Seed, got.AllocateWorkshopSeats.Explanation, want.Explanation)
		}

		t.Run("a cancelled seat goes to the waitlist as seating.Promote says", func(t *testing.T) {
			leaving := want.Seated[0].ApplicantID
			promoted, next := seating.Promote(want, leaving)
			if next == nil {
				t.Fatal("nobody to promote")
			}
			var cancelled struct{ CancelWorkshopRegistration struct{ State string } }
			employees[leaving].mustDo(`mutation($id: ID!) { cancelWorkshopRegistration(id: $id) { state } }`,
				map[string]any{"id": leaving}, &cancelled)
			if cancelled.CancelWorkshopRegistration.State != "cancelled" {
				t.Errorf("state = %s", cancelled.CancelWorkshopRegistration.State)
			}
			var after struct {
				Node struct {
					Explanation   []string
					Registrations []struct {
						ID, State        string
						WaitlistPosition *int
					}
				}
			}
			head.mustDo(`query($w: ID!) { node(id: $w) { ... on Workshop { explanation registrations { id state waitlistPosition } } } }`,
				map[string]any{"w": ws}, &after)
			check(t, promoted, after.Node.Registrations)
			if told("seated") != len(want.Seated)+1 {
				t.Errorf("%d seat mails after the promotion, want %d", told("seated"), len(want.Seated)+1)
			}
			if !slices.Equal(after.Node.Explanation, promoted.Explanation) {
				t.Errorf("explanation %q\nwant %q", after.Node.Explanation, promoted.Explanation)
			}
		})

		t.Run("the term view counts the workshop towards two per term", func(t *testing.T) {
			var terms struct {
				WorkshopTerms []struct {
					Key       string
					Met       bool
					Workshops []struct{ ID string }
				}
			}
			head.mustDo(`query($d: ID!) { workshopTerms(departmentID: $d, from: "2024-01-01", to: "2024-12-31") { key met workshops { id } } }`,
				map[string]any{"d": w.dept}, &terms)
			if fmt.Sprint(terms.WorkshopTerms) != fmt.Sprintf("[{2024-VT false []} {2024-HT false [{%s}]}]", ws) {
				t.Errorf("terms = %+v", terms.WorkshopTerms)
			}
		})
	})
}

func TestImportBoardMeetingsFromICalendar(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	w.meeting(t, "2023-10-17")
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
	ics := "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20231017\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nDTSTART:20230919T130000\nSUMMARY:Socialnämnden\nEND:VEVENT\nEND:VCALENDAR\n"
	var got struct{ ImportBoardMeetings []struct{ Date, Note string } }
	a.mustDo(`mutation($d: ID!, $ics: String!) { importBoardMeetings(departmentID: $d, ics: $ics) { date note } }`,
		map[string]any{"d": w.dept, "ics": ics}, &got)
	if fmt.Sprint(got.ImportBoardMeetings) != "[{2023-09-19 Socialnämnden}]" {
		t.Errorf("imported %+v, want only the new meeting of 2023-09-19", got.ImportBoardMeetings)
	}
	errs := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare")).
		do(`mutation($d: ID!, $ics: String!) { importBoardMeetings(departmentID: $d, ics: $ics) { date } }`,
			map[string]any{"d": w.dept, "ics": strings.ReplaceAll(ics, "20230919", "20231121")}, nil)
	if code(errs) != "FORBIDDEN" {
		t.Errorf("a Medarbetare importing: %+v, want FORBIDDEN", errs)
	}
}

// aptSeries is a unit's APT calendar: the first Thursday of every month
// from October 2024 on, 09:00 in Stockholm, six times, the December one
// cancelled. The unit has 2024-10-03 and 2024-11-07 already.
const aptSeries = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//SV\r\n" +
	"BEGIN:VEVENT\r\nUID:apt\r\nDTSTART;TZID=Europe/Stockholm:20241003T090000\r\n" +
	"RRULE:FREQ=MONTHLY;BYDAY=1TH;COUNT=6\r\nSUMMARY:APT\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:apt\r\nRECURRENCE-ID;TZID=Europe/Stockholm:20241205T090000\r\n" +
	"DTSTART;TZID=Europe/Stockholm:20241205T090000\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

func TestImportWorkplaceMeetingsFromICalendar(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	u := w.units[0].ID
	planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
	const importAPT = `mutation($u: ID!, $ics: String!) { importWorkplaceMeetings(unitID: $u, ics: $ics) { date } }`
	audited := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("WorkplaceMeeting"), auditrecord.OperationEQ(auditrecord.OperationCreate)).CountX
	before := audited(sys())
	var got struct{ ImportWorkplaceMeetings []struct{ Date string } }
	planner.mustDo(importAPT, map[string]any{"u": u, "ics": aptSeries}, &got)
	if fmt.Sprint(got.ImportWorkplaceMeetings) != "[{2025-01-02} {2025-02-06} {2025-03-06}]" {
		t.Errorf("imported %+v, want the new dates of 2025 (December cancelled, autumn's there)", got.ImportWorkplaceMeetings)
	}
	// Again: nothing new, nothing doubled.
	planner.mustDo(importAPT, map[string]any{"u": u, "ics": aptSeries}, &got)
	if len(got.ImportWorkplaceMeetings) != 0 {
		t.Errorf("imported again %+v, want nothing", got.ImportWorkplaceMeetings)
	}
	dates := db.Client.WorkplaceMeeting.Query().Where(workplacemeeting.UnitID(u)).
		Order(workplacemeeting.ByDate()).Select(workplacemeeting.FieldDate).StringsX(sys())
	if fmt.Sprint(dates) != "[2024-09-10 2024-10-03 2024-11-07 2025-01-02 2025-02-06 2025-03-06]" {
		t.Errorf("APT dates %v", dates)
	}
	if n := audited(sys()) - before; n != 3 {
		t.Errorf("%d audited creations, want 3", n)
	}

	errs := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare")).do(importAPT,
		map[string]any{"u": u, "ics": strings.ReplaceAll(aptSeries, "COUNT=6", "COUNT=8")}, nil)
	if code(errs) != "FORBIDDEN" {
		t.Errorf("a Medarbetare importing: %+v, want FORBIDDEN", errs)
	}
	errs = planner.do(importAPT, map[string]any{"u": u, "ics": "inte en kalender"}, nil)
	if code(errs) != "BAD_USER_INPUT" || !strings.Contains(errs[0].Message, "Kalenderfilen går inte att läsa") {
		t.Errorf("a broken file: %+v, want a Swedish refusal", errs)
	}
}

// TestAHeldVisitNamesTheUnitThatPresented is issue 16's broken chain: a
// visit assigned without a unit could not be recorded as held. The unit
// is chosen when holding it, or is the operation's only unit; the
// report-back goes to that unit's next APT.
func TestAHeldVisitNamesTheUnitThatPresented(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		c := db.Client
		second := c.Unit.Create().SetDepartmentID(w.dept).SetOperationID(w.ops[0].ID).SetName("Hemtjänsten enhet 2").SaveX(sys())
		for _, d := range []string{"2024-10-21", "2024-11-18"} {
			c.WorkplaceMeeting.Create().SetDepartmentID(w.dept).SetUnitID(second.ID).SetDate(d).ExecX(sys())
		}
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
		assign := func(date string, op *ent.Operation) string {
			var v struct{ AssignBoardVisit struct{ ID string } }
			planner.mustDo(assignVisit, map[string]any{"m": w.meeting(t, date), "o": op.ID}, &v)
			return v.AssignBoardVisit.ID
		}

		// Hemtjänsten has two units: which one presented must be said.
		id := assign("2024-10-03", w.ops[0])
		errs := planner.do(holdVisit, map[string]any{"id": id, "in": map[string]any{}}, nil)
		if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "unitID" ||
			errs[0].Message != "Välj vilken enhet som berättade. Den enheten återrapporterar på sin nästa APT." {
			t.Fatalf("holding without a unit: %+v, want BAD_USER_INPUT on unitID in Swedish", errs)
		}
		errs = planner.do(holdVisit, map[string]any{"id": id, "in": map[string]any{"unitID": w.units[1].ID}}, nil)
		if code(errs) != "BAD_USER_INPUT" || errs[0].Message != "Enheten LSS-boendet enhet 1 hör till en annan verksamhet. Välj en av verksamhetens enheter." {
			t.Errorf("another operation's unit: %+v", errs)
		}
		var held struct {
			HoldBoardVisit struct {
				Unit       struct{ Name string }
				ReportBack struct{ ID, DueDate, Text string }
			}
		}
		planner.mustDo(`mutation($id: ID!, $in: HoldBoardVisitInput!) { holdBoardVisit(id: $id, input: $in) {
			unit { name } reportBack { id dueDate text } } }`,
			map[string]any{"id": id, "in": map[string]any{"unitID": second.ID, "presenter": "Anna"}}, &held)
		rb := held.HoldBoardVisit.ReportBack
		if held.HoldBoardVisit.Unit.Name != "Hemtjänsten enhet 2" || rb.DueDate != "2024-10-21" ||
			rb.Text != "Återrapportering på APT 21 oktober 2024 om besöket hos nämnden 3 oktober 2024 (Hemtjänsten, Hemtjänsten enhet 2)." {
			t.Errorf("held = %+v, want the report-back at the chosen unit's APT of 2024-10-21", held.HoldBoardVisit)
		}
		var mine myActionsData
		newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef")).
			mustDo(myActionsQuery, map[string]any{"asOf": "2024-10-15"}, &mine)
		if status, due, ok := mine.find(rb.ID); !ok || status != "due_soon" || due != "2024-10-21" {
			t.Errorf("the unit's report-back in an Enhetschef's myActions: %v %s %s", ok, status, due)
		}

		// LSS-boendet has one unit: it is the one that presented.
		id = assign("2024-09-20", w.ops[1])
		planner.mustDo(`mutation($id: ID!) { holdBoardVisit(id: $id, input: {}) { unit { name } reportBack { id dueDate text } } }`,
			map[string]any{"id": id}, &held)
		if held.HoldBoardVisit.Unit.Name != "LSS-boendet enhet 1" || held.HoldBoardVisit.ReportBack.DueDate != "2024-10-03" {
			t.Errorf("held = %+v, want the operation's only unit, reporting back on 2024-10-03", held.HoldBoardVisit)
		}
	})
}

// TestStudyVisitBookingsAndSlotsOverTime: a booking is cancelled until the
// visit is held, and the API says so (viewerCanCancel); a slot is offered
// only for a time still to come.
func TestStudyVisitBookingsAndSlotsOverTime(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	w.meeting(t, "2024-10-18")
	member := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
	planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
	other := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
	var booked struct{ BookStudyVisit struct{ ID string } }
	member.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[0], "2024-09-25T09:00:00+02:00", 2)}, &booked)
	id := booked.BookStudyVisit.ID
	may := func(a *api, id string) (cancel, hold bool) {
		t.Helper()
		var got struct {
			Node struct{ ViewerCanCancel, ViewerCanHold bool }
		}
		a.mustDo(`query($id: ID!) { node(id: $id) { ... on StudyVisitBooking { viewerCanCancel viewerCanHold } } }`, map[string]any{"id": id}, &got)
		return got.Node.ViewerCanCancel, got.Node.ViewerCanHold
	}
	for who, want := range map[*api][2]bool{member: {true, true}, planner: {true, false}, other: {false, false}} {
		if cancel, hold := may(who, id); cancel != want[0] || hold != want[1] {
			t.Errorf("before the visit: viewerCanCancel %v, viewerCanHold %v; want %v", cancel, hold, want)
		}
	}
	var coming struct{ BookStudyVisit struct{ ID string } }
	member.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[1], time.Now().Add(48*time.Hour).Format(time.RFC3339), 2)}, &coming)
	if cancel, hold := may(member, coming.BookStudyVisit.ID); !cancel || hold {
		t.Errorf("a coming visit: viewerCanCancel %v, viewerCanHold %v; want true, false", cancel, hold)
	}
	member.mustDo(holdStudy, map[string]any{"id": id}, nil)
	for _, who := range []*api{member, planner} {
		if cancel, hold := may(who, id); cancel || hold {
			t.Errorf("a held study visit: viewerCanCancel %v, viewerCanHold %v; want false, false", cancel, hold)
		}
	}
	errs := member.do(`mutation($id: ID!) { cancelStudyVisitBooking(id: $id) }`, map[string]any{"id": id}, nil)
	if code(errs) != "BAD_USER_INPUT" || errs[0].Message != "Studiebesöket gjordes 25 september 2024 och kan inte avbokas längre." {
		t.Errorf("cancelling a held visit: %+v, want refused in Swedish", errs)
	}

	slot := `mutation($o: ID!, $at: Time!) { createStudyVisitSlot(input: {operationID: $o, startsAt: $at, size: 2}) { id } }`
	past := time.Date(2024, 11, 2, 9, 15, 0, 0, time.UTC)
	errs = planner.do(slot, map[string]any{"o": w.ops[0].ID, "at": past.Format(time.RFC3339)}, nil)
	if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "startsAt" ||
		errs[0].Message != "Tiden 2 november 2024 kl. 10:15 har redan varit. Välj en tid framåt." {
		t.Errorf("a slot in the past: %+v, want BAD_USER_INPUT on startsAt in Swedish", errs)
	}
	planner.mustDo(slot, map[string]any{"o": w.ops[0].ID, "at": time.Now().Add(48 * time.Hour).Format(time.RFC3339)}, nil)
}

// TestVisitAndWorkshopRefusalsSpeakSwedish: every refusal a person can
// meet in the visit and workshop chains says what is wrong in Swedish,
// not only its code's sentence, and keeps the English in the detail.
func TestVisitAndWorkshopRefusalsSpeakSwedish(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newVisitWorld(t, db)
	planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
	member := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
	staff := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
	meeting := w.meeting(t, "2024-10-03")
	var v struct{ AssignBoardVisit struct{ ID string } }
	planner.mustDo(assignVisit, map[string]any{"m": meeting, "o": w.ops[0].ID, "u": w.units[0].ID}, &v)
	visit := v.AssignBoardVisit.ID
	future := w.meeting(t, time.Now().AddDate(0, 1, 0).Format(time.DateOnly))
	var fv struct{ AssignBoardVisit struct{ ID string } }
	planner.mustDo(assignVisit, map[string]any{"m": future, "o": w.ops[1].ID}, &fv)
	full := w.slot(t, w.ops[0], "2024-09-25T09:00:00+02:00", 1)
	var booked struct{ BookStudyVisit struct{ ID string } }
	member.mustDo(bookSlot, map[string]any{"s": full}, &booked)
	var ws struct{ CreateWorkshop struct{ ID string } }
	planner.mustDo(createWorkshop, map[string]any{"d": w.dept, "in": workshopInput(10)}, &ws)
	staff.mustDo(`mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id } }`,
		map[string]any{"w": ws.CreateWorkshop.ID, "a": w.areaIDs["ÄO"]}, nil)

	type refusal struct {
		name  string
		a     *api
		query string
		vars  map[string]any
	}
	badWorkshop := func(change func(map[string]any)) map[string]any {
		in := workshopInput(10)
		change(in)
		return map[string]any{"d": w.dept, "in": in}
	}
	refusals := []refusal{
		{"a meeting already visited", planner, assignVisit, map[string]any{"m": meeting, "o": w.ops[1].ID}},
		{"a visit held before its meeting", planner, holdVisit, map[string]any{"id": visit, "in": map[string]any{"heldOn": "2024-10-01"}}},
		{"a visit held in the future", planner, holdVisit, map[string]any{"id": fv.AssignBoardVisit.ID, "in": map[string]any{"unitID": w.units[1].ID}}},
		{"a rotation ending before it starts", planner, `query($d: ID!) { proposedRotation(departmentID: $d, from: "2024-12-01", to: "2024-01-01") { assigned } }`, map[string]any{"d": w.dept}},
		{"a calendar without events", planner, `mutation($d: ID!) { importBoardMeetings(departmentID: $d, ics: "BEGIN:VCALENDAR\nEND:VCALENDAR") { id } }`, map[string]any{"d": w.dept}},
		{"a full study visit", staff, bookSlot, map[string]any{"s": full}},
		{"a study visit booked twice", member, bookSlot, map[string]any{"s": full}},
		{"a study visit slot without seats", planner, `mutation($o: ID!) { createStudyVisitSlot(input: {operationID: $o, startsAt: "2099-01-01T09:00:00Z", size: 0}) { id } }`, map[string]any{"o": w.ops[0].ID}},
		{"a workshop below the minimums", planner, createWorkshop, badWorkshop(func(in map[string]any) { in["capacity"] = 5 })},
		{"a workshop closing before it opens", planner, createWorkshop, badWorkshop(func(in map[string]any) {
			in["registrationClosesAt"], in["registrationOpensAt"] = in["registrationOpensAt"], in["registrationClosesAt"]
		})},
		{"a workshop with an unknown area", planner, createWorkshop, badWorkshop(func(in map[string]any) {
			in["minimums"] = []map[string]any{{"code": "BUP", "seats": 1}}
		})},
		{"a second registration", staff, `mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id } }`,
			map[string]any{"w": ws.CreateWorkshop.ID, "a": w.areaIDs["ÄO"]}},
		{"terms ending before they start", planner, `query($d: ID!) { workshopTerms(departmentID: $d, from: "2024-12-01", to: "2024-01-01") { key } }`, map[string]any{"d": w.dept}},
	}
	for _, r := range refusals {
		errs := r.a.do(r.query, r.vars, nil)
		if len(errs) == 0 {
			t.Errorf("%s: accepted", r.name)
			continue
		}
		e := errs[0]
		c, _ := e.Extensions["code"].(string)
		if e.Message == fault.Sentence(fault.Code(c)) || e.Message == e.detail() || englishWords.MatchString(e.Message) {
			t.Errorf("%s: %s %q (detail %q), want a Swedish sentence of its own", r.name, c, e.Message, e.detail())
		}
	}
	// After the allocation: allocating again, and registering once closed.
	planner.mustDo(`mutation($w: ID!) { allocateWorkshopSeats(workshopID: $w) { id } }`, map[string]any{"w": ws.CreateWorkshop.ID}, nil)
	late := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
	for name, errs := range map[string][]gqlError{
		"allocated twice": planner.do(`mutation($w: ID!) { allocateWorkshopSeats(workshopID: $w) { id } }`,
			map[string]any{"w": ws.CreateWorkshop.ID}, nil),
		"registration closed": late.do(`mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id } }`,
			map[string]any{"w": ws.CreateWorkshop.ID, "a": w.areaIDs["LSS"]}, nil),
	} {
		if len(errs) == 0 || englishWords.MatchString(errs[0].Message) || errs[0].Message == fault.Sentence(fault.Code(code(errs))) {
			t.Errorf("%s: %+v, want a Swedish sentence of its own", name, errs)
		}
	}
}

// englishWords finds common English words in a message meant to be Swedish.
var englishWords = regexp.MustCompile(`\b(?i:the|is|not|has|have|already|before|after|you|of|and|cannot|must|unknown|no such|seats?|visit|workshop registration)\b`)

const changeSlot = `mutation($id: ID!, $in: ChangeStudyVisitSlotInput!) { changeStudyVisitSlot(id: $id, input: $in) { id startsAt unit { id } note } }`

// TestChangingAStudyVisitSlotTellsItsMembers: a plan editor moves a slot;
// each member booked on it is mailed once per change of time or unit
// (package outbox), a note alone mails no one, a board member may not
// change it, a time that has passed is bad input, and concurrent changes
// each tell the members of their own result.
func TestChangingAStudyVisitSlotTellsItsMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		slot := w.slot(t, w.ops[0], "2099-09-25T09:00:00+02:00", 3)
		var members []*api
		for range 2 {
			m := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
			m.mustDo(bookSlot, map[string]any{"s": slot}, nil)
			members = append(members, m)
		}
		mails := func() (n int, lead string) {
			t.Helper()
			if err := db.SQL.QueryRow(`SELECT COUNT(*), COALESCE(MAX(lead_text), '') FROM notification_outbox WHERE occasion LIKE 'study-visit:%:changed:%'`).Scan(&n, &lead); err != nil {
				t.Fatal(err)
			}
			return n, lead
		}
		planner.mustDo(changeSlot, map[string]any{"id": slot, "in": map[string]any{"startsAt": "2099-09-26T13:30:00+02:00"}}, nil)
		if n, lead := mails(); n != 2 || !strings.Contains(lead, "flyttat från 25 september 2099 klockan 09.00 till 26 september 2099 klockan 13.30") {
			t.Errorf("after the move: %d mails, %q; want one to each of the 2 members", n, lead)
		}
		planner.mustDo(changeSlot, map[string]any{"id": slot, "in": map[string]any{"note": "Samling i entrén"}}, nil)
		planner.mustDo(changeSlot, map[string]any{"id": slot, "in": map[string]any{"startsAt": "2099-09-26T13:30:00+02:00"}}, nil)
		if n, _ := mails(); n != 2 {
			t.Errorf("a note and the same time again: %d mails, want still 2", n)
		}
		planner.mustDo(changeSlot, map[string]any{"id": slot, "in": map[string]any{"unitID": w.units[0].ID}}, nil)
		var named int
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM notification_outbox WHERE lead_text LIKE '%hos Hemtjänsten enhet 1 (Hemtjänsten) är ändrat: det är nu 26 september 2099 klockan 13.30.'`).Scan(&named); err != nil {
			t.Fatal(err)
		}
		if n, _ := mails(); n != 4 || named != 2 {
			t.Errorf("a unit named: %d mails, %d naming the unit; want 4 and 2", n, named)
		}
		if errs := members[0].do(changeSlot, map[string]any{"id": slot, "in": map[string]any{"startsAt": "2099-10-01T09:00:00+02:00"}}, nil); code(errs) != "FORBIDDEN" {
			t.Errorf("a board member changing the slot: %+v, want FORBIDDEN", errs)
		}
		errs := planner.do(changeSlot, map[string]any{"id": slot, "in": map[string]any{"startsAt": "2001-01-01T09:00:00+01:00"}}, nil)
		if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "startsAt" {
			t.Errorf("a past time: %+v, want BAD_USER_INPUT on startsAt", errs)
		}
		errs = planner.do(changeSlot, map[string]any{"id": slot, "in": map[string]any{"unitID": w.units[1].ID}}, nil)
		if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "unitID" {
			t.Errorf("another operation's unit: %+v, want BAD_USER_INPUT on unitID", errs)
		}
		if n, _ := mails(); n != 4 {
			t.Errorf("refused changes mailed: %d, want still 4", n)
		}
		// Moved back to a time it had: told again.
		planner.mustDo(changeSlot, map[string]any{"id": slot, "in": map[string]any{"startsAt": "2099-09-25T09:00:00+02:00"}}, nil)
		planner.mustDo(changeSlot, map[string]any{"id": slot, "in": map[string]any{"startsAt": "2099-09-26T13:30:00+02:00"}}, nil)
		if n, _ := mails(); n != 8 {
			t.Errorf("moved back and forth: %d mails, want 8", n)
		}
		// Four planners move it at once to four times: the slot ends at
		// one of them, and each committed move told both members once.
		times := []string{"2099-11-01T09:00:00+01:00", "2099-11-02T09:00:00+01:00", "2099-11-03T09:00:00+01:00", "2099-11-04T09:00:00+01:00"}
		codes := atOnce(len(times), func(i int) []gqlError {
			return planner.do(changeSlot, map[string]any{"id": slot, "in": map[string]any{"startsAt": times[i]}}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 4})
		if n, _ := mails(); n != 8+2*len(times) {
			t.Errorf("after four concurrent moves: %d mails, want %d", n, 8+2*len(times))
		}
	})
}

// TestMovingABoardMeetingTellsTheVisitingUnit: a new date of a meeting
// with a visit is mailed to the visiting unit's manager once (package
// outbox); a new note, or a meeting without a visit, mails no one.
func TestMovingABoardMeetingTellsTheVisitingUnit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		manager := authtest.User(t, db.Client, bollebygd, "Enhetschef")
		db.Client.Unit.UpdateOne(w.units[0]).SetManagerID(manager.UserID).ExecX(sys())
		m, empty := w.meeting(t, "2024-09-20"), w.meeting(t, "2024-09-27")
		var v struct{ AssignBoardVisit struct{ ID string } }
		planner.mustDo(assignVisit, map[string]any{"m": m, "o": w.ops[0].ID, "u": w.units[0].ID}, &v)
		move := `mutation($id: ID!, $in: UpdateBoardMeetingInput!) { updateBoardMeeting(id: $id, input: $in) { id date } }`
		planner.mustDo(move, map[string]any{"id": m, "in": map[string]any{"date": "2024-09-24"}}, nil)
		planner.mustDo(move, map[string]any{"id": m, "in": map[string]any{"note": "I Borgen"}}, nil)
		planner.mustDo(move, map[string]any{"id": empty, "in": map[string]any{"date": "2024-09-30"}}, nil)
		// Moved back and forth: each move is told.
		planner.mustDo(move, map[string]any{"id": m, "in": map[string]any{"date": "2024-09-20"}}, nil)
		planner.mustDo(move, map[string]any{"id": m, "in": map[string]any{"date": "2024-09-24"}}, nil)
		rows, err := db.SQL.Query(`SELECT user_id, occasion, lead_text FROM notification_outbox WHERE occasion LIKE 'board-visit-moved:%'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var user int
			var occ, lead string
			if err := rows.Scan(&user, &occ, &lead); err != nil {
				t.Fatal(err)
			}
			if user != manager.UserID || !strings.HasPrefix(occ, "board-visit-moved:"+v.AssignBoardVisit.ID+":2024-09-2") {
				t.Errorf("mail to %d, %s", user, occ)
			}
			got = append(got, lead)
		}
		slices.Sort(got)
		if len(got) != 3 || !strings.Contains(got[0], "från 20 september 2024 till 24 september 2024") ||
			got[1] != got[0] || !strings.Contains(got[2], "från 24 september 2024 till 20 september 2024") {
			t.Errorf("moved mails %q, want three to the unit's manager", got)
		}
	})
}
