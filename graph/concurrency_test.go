package graph_test

// Mutations that check a row and then write because of what they saw, fired
// many times at the same moment through the HTTP API. SQLite runs writers
// one at a time; PostgreSQL runs them together, and only a lock (or a
// unique index) keeps the check true until the write commits.

import (
	"fmt"
	"github.com/handlingsplan/handlingsplan/lifecycle"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitbooking"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
	"github.com/handlingsplan/handlingsplan/planfile"
)

// atOnce calls f(0) … f(n-1) in goroutines released together by one start
// barrier, and returns each call's error code ("ok" for none), by i.
func atOnce(n int, f func(i int) []gqlError) []string {
	codes := make([]string, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			codes[i] = code(f(i))
		})
	}
	close(start)
	wg.Wait()
	return codes
}

// tally counts the codes, e.g. map[CONFLICT:7 ok:1].
func tally(codes []string) map[string]int {
	out := map[string]int{}
	for _, c := range codes {
		out[c]++
	}
	return out
}

func wantTally(t *testing.T, codes []string, want map[string]int) {
	t.Helper()
	if got := tally(codes); !maps.Equal(got, want) {
		t.Errorf("answers = %v, want %v", got, want)
	}
}

func reportBacks(t *testing.T, db *database.DB) int {
	t.Helper()
	return db.Client.Action.Query().Where(action.ReportBackOfIDNotNil()).CountX(sys())
}

func TestConcurrentHoldsOfABoardVisitCreateOneReportBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		var v struct{ AssignBoardVisit struct{ ID string } }
		planner.mustDo(assignVisit, map[string]any{"m": w.meeting(t, "2024-09-17"), "o": w.ops[0].ID, "u": w.units[0].ID}, &v)

		codes := atOnce(8, func(i int) []gqlError {
			return planner.do(holdVisit, map[string]any{"id": v.AssignBoardVisit.ID, "in": map[string]any{"presenter": fmt.Sprint("Presentatör ", i)}}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 7})
		if n := reportBacks(t, db); n != 1 {
			t.Errorf("%d report-backs created, want 1", n)
		}
		winner := slices.Index(codes, "ok")
		held := db.Client.BoardVisit.Query().Where(boardvisit.IDEQ(atoi(t, v.AssignBoardVisit.ID))).OnlyX(sys())
		if held.Presenter != fmt.Sprint("Presentatör ", winner) {
			t.Errorf("stored presenter %q, want the one whose hold succeeded (%d)", held.Presenter, winner)
		}
	})
}

func TestConcurrentHoldsOfAStudyVisitCreateOneReportBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		w.meeting(t, "2024-10-18")
		member := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
		var booked struct{ BookStudyVisit struct{ ID string } }
		member.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[1], "2024-09-25T09:00:00+02:00", 2)}, &booked)

		codes := atOnce(8, func(int) []gqlError {
			return member.do(holdStudy, map[string]any{"id": booked.BookStudyVisit.ID}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 7})
		if n := reportBacks(t, db); n != 1 {
			t.Errorf("%d report-backs created, want 1", n)
		}
	})
}

// Taking a visit off (or cancelling a booking) while it is being held:
// either the hold wins and the visit stays on record with its report-back,
// or the removal wins and the hold finds nothing; never both.
func TestRemovingAVisitWhileItIsHeldIsOneOrTheOther(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		w.meeting(t, "2024-10-18")
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		const rounds = 8
		for i := range rounds {
			var v struct{ AssignBoardVisit struct{ ID string } }
			planner.mustDo(assignVisit, map[string]any{"m": w.meeting(t, fmt.Sprintf("2024-%02d-%02d", 9+i/15, 11+i%15)), "o": w.ops[i%3].ID, "u": w.units[i%3].ID}, &v)
			codes := atOnce(2, func(j int) []gqlError {
				if j == 0 {
					return planner.do(holdVisit, map[string]any{"id": v.AssignBoardVisit.ID, "in": map[string]any{}}, nil)
				}
				return planner.do(`mutation($id: ID!) { unassignBoardVisit(id: $id) }`, map[string]any{"id": v.AssignBoardVisit.ID}, nil)
			})
			if codes[0] == "ok" && codes[1] == "ok" || codes[0] != "ok" && codes[1] != "ok" {
				t.Errorf("board visit, round %d: hold %s, unassign %s; want exactly one to succeed", i, codes[0], codes[1])
			}
		}
		if held, rbs := db.Client.BoardVisit.Query().Where(boardvisit.HeldOnNotNil()).CountX(sys()), reportBacks(t, db); held != rbs {
			t.Errorf("%d held visits, %d report-backs; want one each", held, rbs)
		}

		member := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Ledamot"))
		for i := range rounds {
			var b struct{ BookStudyVisit struct{ ID string } }
			member.mustDo(bookSlot, map[string]any{"s": w.slot(t, w.ops[i%3], fmt.Sprintf("2024-%02d-%02dT09:00:00+02:00", 9+i/15, 11+i%15), 2)}, &b)
			codes := atOnce(2, func(j int) []gqlError {
				if j == 0 {
					return member.do(holdStudy, map[string]any{"id": b.BookStudyVisit.ID}, nil)
				}
				return member.do(`mutation($id: ID!) { cancelStudyVisitBooking(id: $id) }`, map[string]any{"id": b.BookStudyVisit.ID}, nil)
			})
			if codes[0] == "ok" && codes[1] == "ok" || codes[0] != "ok" && codes[1] != "ok" {
				t.Errorf("study visit, round %d: hold %s, cancel %s; want exactly one to succeed", i, codes[0], codes[1])
			}
		}
		heldVisits := db.Client.BoardVisit.Query().Where(boardvisit.HeldOnNotNil()).CountX(sys())
		heldStudies := db.Client.StudyVisitBooking.Query().Where(studyvisitbooking.HeldOnNotNil()).CountX(sys())
		if rbs := reportBacks(t, db); heldVisits+heldStudies != rbs {
			t.Errorf("%d held visits and %d held study visits, %d report-backs; want one each", heldVisits, heldStudies, rbs)
		}
	})
}

const (
	registerMutation = `mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id } }`
	allocateMutation = `mutation($w: ID!, $s: Int) { allocateWorkshopSeats(workshopID: $w, seed: $s) { seed } }`
	cancelMutation   = `mutation($id: ID!) { cancelWorkshopRegistration(id: $id) { state } }`
)

// workshopWith creates a workshop of capacity 6 (Bollebygd's minimums sum
// to 6) and registers n employees of ÄO, LSS and HSV in turn; it returns
// the workshop's id, its head's API and each registration's id with its
// employee's API.
func workshopWith(t *testing.T, db *database.DB, w *visitWorld, n int) (string, *api, map[int]*api) {
	t.Helper()
	head := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
	var created struct{ CreateWorkshop struct{ ID string } }
	head.mustDo(createWorkshop, map[string]any{"d": w.dept, "in": workshopInput(6)}, &created)
	regs := map[int]*api{}
	for i := range n {
		e := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
		var reg struct{ RegisterForWorkshop struct{ ID string } }
		e.mustDo(registerMutation, map[string]any{"w": created.CreateWorkshop.ID, "a": w.areaIDs[[]string{"ÄO", "LSS", "HSV"}[i%3]]}, &reg)
		regs[atoi(t, reg.RegisterForWorkshop.ID)] = e
	}
	return created.CreateWorkshop.ID, head, regs
}

// Of allocations at the same moment with different seeds, the first wins
// and the others are told the seats were already allocated: the stored
// seed is the one its caller was told.
func TestConcurrentAllocationsKeepTheWinnersSeed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		ws, head, _ := workshopWith(t, db, w, 9)
		seeds := make([]int, 6)
		codes := atOnce(len(seeds), func(i int) []gqlError {
			var got struct{ AllocateWorkshopSeats struct{ Seed int } }
			errs := head.do(allocateMutation, map[string]any{"w": ws, "s": 100 + i}, &got)
			seeds[i] = got.AllocateWorkshopSeats.Seed
			return errs
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 5})
		winner := slices.Index(codes, "ok")
		stored := db.Client.Workshop.GetX(sys(), atoi(t, ws))
		if winner < 0 || stored.Seed == nil || *stored.Seed != int64(seeds[winner]) || seeds[winner] != 100+winner {
			t.Errorf("stored seed %v, the successful caller (%d) was told %v", stored.Seed, winner, seeds)
		}
		if n := db.Client.WorkshopRegistration.Query().Where(workshopregistration.StateEQ(workshopregistration.StateSeated)).CountX(sys()); n != 6 {
			t.Errorf("%d seated, want 6", n)
		}
	})
}

// Seated people cancelling at the same moment each free a seat for the
// next on the waitlist: no seat stays empty while someone waits.
func TestConcurrentCancellationsLeaveNoSeatEmpty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		ws, head, regs := workshopWith(t, db, w, 16)
		head.mustDo(allocateMutation, map[string]any{"w": ws, "s": 7}, nil)
		seated := db.Client.WorkshopRegistration.Query().
			Where(workshopregistration.StateEQ(workshopregistration.StateSeated)).Order(workshopregistration.ByID()).IDsX(sys())
		leaving := seated[:5]
		codes := atOnce(len(leaving), func(i int) []gqlError {
			return regs[leaving[i]].do(cancelMutation, map[string]any{"id": leaving[i]}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 5})
		count := func(s workshopregistration.State) int {
			return db.Client.WorkshopRegistration.Query().Where(workshopregistration.StateEQ(s)).CountX(sys())
		}
		if s, wl, c := count(workshopregistration.StateSeated), count(workshopregistration.StateWaitlisted), count(workshopregistration.StateCancelled); s != 6 || wl != 5 || c != 5 {
			t.Errorf("%d seated, %d waitlisted, %d cancelled; want 6, 5 and 5", s, wl, c)
		}
		positions := db.Client.WorkshopRegistration.Query().Where(workshopregistration.WaitlistPositionNotNil()).
			Order(workshopregistration.ByWaitlistPosition()).Select(workshopregistration.FieldWaitlistPosition).IntsX(sys())
		if !slices.Equal(positions, []int{1, 2, 3, 4, 5}) {
			t.Errorf("waitlist positions %v, want 1 to 5", positions)
		}
	})
}

// Registering while the seats are allocated: a registration either makes
// it into the draw or is refused; none is left registered outside it.
func TestRegistrationsDuringAllocationAreInTheDrawOrRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		ws, head, _ := workshopWith(t, db, w, 8)
		late := make([]*api, 8)
		for i := range late {
			late[i] = newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
		}
		codes := atOnce(len(late)+1, func(i int) []gqlError {
			if i == len(late) {
				return head.do(allocateMutation, map[string]any{"w": ws, "s": 1}, nil)
			}
			return late[i].do(registerMutation, map[string]any{"w": ws, "a": w.areaIDs["LSS"]}, nil)
		})
		if codes[len(late)] != "ok" {
			t.Fatalf("the allocation: %s", codes[len(late)])
		}
		for i, c := range codes[:len(late)] {
			if c != "ok" && c != "BAD_USER_INPUT" {
				t.Errorf("registration %d: %s, want ok or BAD_USER_INPUT (closed)", i, c)
			}
		}
		outside := db.Client.WorkshopRegistration.Query().Where(workshopregistration.StateEQ(workshopregistration.StateRegistered)).CountX(sys())
		if outside != 0 {
			t.Errorf("%d registrations left outside the draw of an allocated workshop", outside)
		}
	})
}

func TestConcurrentWithdrawalsOfASignOffGiveOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
		var got signedOff
		a.mustDo(signOffMutation, map[string]any{"in": map[string]any{"actionID": actionByText(t, db, reportBackAtAPT), "doneOn": "2024-11-20", "idempotencyKey": "k"}}, &got)

		codes := atOnce(6, func(i int) []gqlError {
			return a.do(`mutation($id: ID!, $r: String!) { withdrawSignOff(id: $id, reason: $r) { id } }`,
				map[string]any{"id": got.SignOff.ID, "r": fmt.Sprint("Skäl ", i)}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 5})
		records := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("SignOff"), auditrecord.EntityID(atoi(t, got.SignOff.ID)),
			auditrecord.OperationEQ(auditrecord.OperationUpdate)).CountX(sys())
		if records != 1 {
			t.Errorf("%d audit records of the withdrawal, want 1", records)
		}
		s := db.Client.SignOff.GetX(sys(), atoi(t, got.SignOff.ID))
		if want := fmt.Sprint("Skäl ", slices.Index(codes, "ok")); s.WithdrawReason != want {
			t.Errorf("stored reason %q, want the successful caller's %q", s.WithdrawReason, want)
		}
	})
}

// The same calendar imported by several planners at once adds each
// meeting once.
func TestConcurrentCalendarImportsAddEachMeetingOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		var ics strings.Builder
		ics.WriteString("BEGIN:VCALENDAR\n")
		for m := 1; m <= 6; m++ {
			fmt.Fprintf(&ics, "BEGIN:VEVENT\nDTSTART;VALUE=DATE:2025%02d14\nSUMMARY:Socialnämnden\nEND:VEVENT\n", m)
		}
		ics.WriteString("END:VCALENDAR\n")
		codes := atOnce(6, func(int) []gqlError {
			return planner.do(`mutation($d: ID!, $ics: String!) { importBoardMeetings(departmentID: $d, ics: $ics) { id } }`,
				map[string]any{"d": w.dept, "ics": ics.String()}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 6})
		if n := db.Client.BoardMeeting.Query().Where(boardmeeting.DepartmentID(w.dept)).CountX(sys()); n != 6 {
			t.Errorf("%d board meetings stored, want 6", n)
		}
	})
}

// The same APT calendar imported by several planners at once adds each
// date once.
func TestConcurrentAPTImportsAddEachDateOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newVisitWorld(t, db)
		u := w.units[0].ID
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		codes := atOnce(6, func(int) []gqlError {
			return planner.do(`mutation($u: ID!, $ics: String!) { importWorkplaceMeetings(unitID: $u, ics: $ics) { id } }`,
				map[string]any{"u": u, "ics": aptSeries}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 6})
		if n := db.Client.WorkplaceMeeting.Query().Where(workplacemeeting.UnitID(u)).CountX(sys()); n != 6 {
			t.Errorf("%d APT dates stored, want 6 (3 before, 3 imported)", n)
		}
	})
}

// The same plan file imported by several editors at once is imported
// once; every editor is told the plan they imported.
func TestConcurrentPlanImportsGiveThePlanOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seeded := seedBollebygd(t, db)
		editor := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
		edited := exported(t, db, seeded.PlanID)
		first := edited.Plan.Areas[0].Actions[0]
		edited.Plan.Areas = append(edited.Plan.Areas, planfile.Area{Title: "Ett nytt område", Actions: []planfile.Action{
			{Number: 1, Text: "En ny åtgärd.", Responsible: first.Responsible, Deadline: first.Deadline, Scope: first.Scope},
		}})
		content := yamlText(t, edited)

		codes := atOnce(4, func(int) []gqlError {
			return editor.do(importPlanFile, map[string]any{"content": content}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 4})
		if n := db.Client.Area.Query().Where(area.PlanID(seeded.PlanID)).CountX(sys()); n != len(edited.Plan.Areas) {
			t.Errorf("%d areas stored, want %d", n, len(edited.Plan.Areas))
		}
		// One revision of today, whichever import changed the plan.
		edited.Plan.Revisions = append(edited.Plan.Revisions, planfile.Revision{Date: lifecycle.Today(time.Now())})
		if g, w := yamlText(t, exported(t, db, seeded.PlanID)), yamlText(t, edited); g != w {
			t.Errorf("the stored plan is not the imported file:\n%.2000s", g)
		}
	})
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Where a unique index keeps the rule, one row is stored and the losers of
// a race are refused; a rotation applied twice at once is applied once.
func TestConcurrentDuplicatesAreConflicts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		codes := atOnce(6, func(i int) []gqlError {
			return f.api.do(`mutation($area: ID!, $role: ID!, $text: String!) { createAction(input: {areaID: $area, number: 99, position: 99, text: $text, responsibleID: $role, deadlineKind: continuous}) { id } }`,
				map[string]any{"area": f.area, "role": f.enhetschef, "text": fmt.Sprint("Åtgärd ", i)}, nil)
		})
		// The number check answers BAD_USER_INPUT on number, as to a request
		// after the first; the unique index CONFLICT, to one at the same time.
		if got := tally(codes); got["ok"] != 1 || got["BAD_USER_INPUT"]+got["CONFLICT"] != 5 {
			t.Errorf("answers = %v, want one ok and five BAD_USER_INPUT or CONFLICT", got)
		}
		if n := db.Client.Action.Query().Where(action.AreaID(f.area), action.Number(99)).CountX(sys()); n != 1 {
			t.Errorf("%d actions number 99, want 1", n)
		}

		admin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Systemförvaltare"))
		someone := authtest.User(t, db.Client, bollebygd)
		codes = atOnce(6, func(int) []gqlError {
			return admin.do(`mutation($u: ID!, $r: ID!) { assignRole(userID: $u, roleID: $r) { id } }`,
				map[string]any{"u": someone.UserID, "r": f.ledamot}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 5})

		w := &visitWorld{db: db, dept: f.dept}
		for _, name := range []string{"Hemtjänsten", "LSS-boendet"} {
			db.Client.Operation.Create().SetDepartmentID(f.dept).SetName(name).ExecX(sys())
		}
		for m := 1; m <= 4; m++ {
			w.meeting(t, fmt.Sprintf("2025-%02d-14", m))
		}
		planner := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Utvecklingschef"))
		codes = atOnce(4, func(int) []gqlError {
			return planner.do(`mutation($d: ID!) { applyRotation(departmentID: $d, from: "2025-01-01", to: "2025-12-31") { id } }`,
				map[string]any{"d": f.dept}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 4}) // the later ones find every meeting assigned
		if n := db.Client.BoardVisit.Query().CountX(sys()); n != 4 {
			t.Errorf("%d visits, want one per meeting (4)", n)
		}
	})
}

func TestConcurrentAdoptionsOfADraftAdoptItOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		codes := atOnce(8, func(i int) []gqlError {
			return w.editor.do(adoptPlan, map[string]any{"id": w.draft, "at": fmt.Sprintf("2025-03-%02d", i+1)}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 7})
		ctx := sys()
		id, _ := strconv.Atoi(w.draft)
		if n := db.Client.AuditRecord.Query().Where(auditrecord.EntityType("Plan"), auditrecord.EntityID(id), auditrecord.OperationEQ(auditrecord.OperationUpdate)).CountX(ctx); n != 1 {
			t.Errorf("%d adoptions audited, want 1", n)
		}
		codes = atOnce(8, func(int) []gqlError { return w.editor.do(archivePlan, map[string]any{"id": w.draft}, nil) })
		wantTally(t, codes, map[string]int{"ok": 1, "CONFLICT": 7})
	})
}

func TestConcurrentEditsOfAnAdoptedPlanKeepEveryChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		planID, _ := strconv.Atoi(w.adopted)
		acts := db.Client.Action.Query().Where(action.HasAreaWith(area.PlanID(planID)), action.ReportBackOfIDIsNil()).
			Order(action.ByID()).Limit(8).AllX(sys())
		codes := atOnce(len(acts), func(i int) []gqlError {
			return w.editor.do(`mutation($id: ID!, $t: String!) { updateAction(id: $id, input: {text: $t}) { id } }`,
				map[string]any{"id": acts[i].ID, "t": fmt.Sprint("Omformulerad ", i)}, nil)
		})
		wantTally(t, codes, map[string]int{"ok": len(acts)})
		revs := db.Client.Plan.GetX(sys(), planID).Revisions
		if len(revs) == 0 {
			t.Fatal("no revision recorded")
		}
		if got := len(revs[len(revs)-1].Changes); got != len(acts) {
			t.Errorf("the revision lists %d changes, want %d: one edit's revision overwrote another's", got, len(acts))
		}
	})
}
