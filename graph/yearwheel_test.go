package graph_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
)

const yearWheelQuery = `query($d: ID!, $y: Int!, $p: ID, $r: ID) {
  yearWheel(departmentID: $d, year: $y, planID: $p, roleID: $r) {
    year months kinds { kind label }
    events { kind key date startsAt label kindLabel link planID }
    plans { id title } roles { id name }
  }
}`

type wheelEvent struct {
	Kind, Key, Date, Label, KindLabel, Link string
	StartsAt                                *string
	PlanID                                  *string
}

type wheelData struct {
	YearWheel struct {
		Year   int
		Months []string
		Kinds  []struct{ Kind, Label string }
		Events []wheelEvent
		Plans  []struct{ ID, Title string }
		Roles  []struct{ ID, Name string }
	}
}

func (d wheelData) of(kind string) []wheelEvent {
	var out []wheelEvent
	for _, e := range d.YearWheel.Events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// wheelWorld is the visit world with, in 2024, a board meeting visited by
// Hemtjänsten and one not visited, a study visit time and a workshop; and
// another department with its own plan and meeting.
type wheelWorld struct {
	*visitWorld
	planID, otherDept, otherPlan int
}

func newWheelWorld(t *testing.T, db *database.DB) *wheelWorld {
	t.Helper()
	w := &wheelWorld{visitWorld: newVisitWorld(t, db)}
	c := db.Client
	visited := w.meeting(t, "2024-09-20")
	c.BoardVisit.Create().SetDepartmentID(w.dept).SetMeetingID(visited).SetOperationID(w.ops[0].ID).ExecX(sys())
	w.meeting(t, "2024-11-19")
	w.meeting(t, "2025-01-21") // another year
	w.slot(t, w.ops[1], "2024-10-08T09:30:00+02:00", 2)
	now := time.Now()
	c.Workshop.Create().SetDepartmentID(w.dept).SetTopic("Tillit i vardagen").SetDate("2024-10-15").SetPlace("Kommunhuset").
		SetCapacity(10).SetRegistrationOpensAt(now).SetRegistrationClosesAt(now.Add(time.Hour)).SetMinimums(map[string]int{}).ExecX(sys())
	w.planID = c.Plan.Query().Where(plan.DepartmentID(w.dept)).OnlyIDX(sys())
	res := planstest.ImportBollebygd(t, c, "annan-forvaltning")
	w.otherDept, w.otherPlan = res.DepartmentID, res.PlanID
	c.BoardMeeting.Create().SetDepartmentID(w.otherDept).SetDate("2024-09-24").ExecX(sys())
	c.Workshop.Create().SetDepartmentID(w.otherDept).SetTopic("Annan förvaltnings workshop").SetDate("2024-10-16").
		SetCapacity(10).SetRegistrationOpensAt(now).SetRegistrationClosesAt(now.Add(time.Hour)).SetMinimums(map[string]int{}).ExecX(sys())
	return w
}

func TestTheYearWheelHoldsTheDepartmentsYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWheelWorld(t, db)
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
		var d wheelData
		a.mustDo(yearWheelQuery, map[string]any{"d": w.dept, "y": 2024}, &d)
		yw := d.YearWheel

		t.Run("months and kinds are the server's Swedish words", func(t *testing.T) {
			if yw.Year != 2024 || len(yw.Months) != 12 || yw.Months[0] != "januari" || yw.Months[11] != "december" {
				t.Errorf("year %d, months %v", yw.Year, yw.Months)
			}
			var kinds []string
			for _, k := range yw.Kinds {
				kinds = append(kinds, k.Kind+"="+k.Label)
			}
			want := []string{"deadline=Sista dag för åtgärd", "period_end=Uppföljningsperiod slutar", "board_meeting=Nämndsammanträde",
				"study_visit=Studiebesök", "workshop=Workshop", "workplace_meeting=APT"}
			if !slices.Equal(kinds, want) {
				t.Errorf("kinds = %v, want %v", kinds, want)
			}
		})

		t.Run("each month action due in the year is a deadline on its last day, linking to the action", func(t *testing.T) {
			due := db.Client.Action.Query().Where(action.DepartmentID(w.dept), action.DueMonthHasPrefix("2024-")).AllX(sys())
			if len(due) == 0 {
				t.Fatal("the plan has no 2024 deadlines")
			}
			got := map[string]wheelEvent{}
			for _, e := range d.of("deadline") {
				got[e.Key] = e
			}
			if len(got) != len(due) {
				t.Errorf("%d deadlines, want %d", len(got), len(due))
			}
			for _, a := range due {
				e, ok := got["action-"+strconv.Itoa(a.ID)]
				last := map[string]string{"2024-06": "2024-06-30", "2024-12": "2024-12-31"}[*a.DueMonth]
				if !ok || e.Date != last || e.Link != "/atgard/"+strconv.Itoa(a.ID) || !strings.Contains(e.Label, a.Text) ||
					e.KindLabel != "Sista dag för åtgärd" || e.PlanID == nil || *e.PlanID != strconv.Itoa(w.planID) {
					t.Errorf("action %d (%s): %+v", a.ID, *a.DueMonth, e)
				}
			}
		})

		t.Run("the plan's follow-up periods end at the end of each term", func(t *testing.T) {
			var dates []string
			for _, e := range d.of("period_end") {
				dates = append(dates, e.Date)
				if !strings.Contains(e.Label, "fortlöpande åtgärder") || e.Link != "/uppfoljning?plan="+strconv.Itoa(w.planID) {
					t.Errorf("period end %+v", e)
				}
			}
			if !slices.Equal(dates, []string{"2024-06-30", "2024-12-31"}) {
				t.Errorf("period ends %v, want VT and HT 2024", dates)
			}
		})

		t.Run("board meetings of the year name the operation that visits", func(t *testing.T) {
			var got []string
			for _, e := range d.of("board_meeting") {
				got = append(got, e.Date+" "+e.Label+" "+e.Link)
			}
			want := []string{"2024-09-20 Nämndsammanträde – besök av Hemtjänsten /besok#namndbesok", "2024-11-19 Nämndsammanträde /besok#namndbesok"}
			if !slices.Equal(got, want) {
				t.Errorf("board meetings %q, want %q", got, want)
			}
		})

		t.Run("study visits, workshops and APT dates", func(t *testing.T) {
			sv := d.of("study_visit")
			if len(sv) != 1 || sv[0].Date != "2024-10-08" || sv[0].Label != "Studiebesök hos LSS-boendet, kl. 09:30" || sv[0].StartsAt == nil {
				t.Errorf("study visits %+v", sv)
			}
			ws := d.of("workshop")
			if len(ws) != 1 || ws[0].Label != "Workshop: Tillit i vardagen, Kommunhuset" || ws[0].Link != "/workshops" {
				t.Errorf("workshops %+v", ws)
			}
			apt := d.of("workplace_meeting")
			if len(apt) != 9 || apt[0].Date != "2024-09-10" || !strings.HasPrefix(apt[0].Label, "APT på ") {
				t.Errorf("%d APT dates, first %+v; want 9", len(apt), apt)
			}
		})

		t.Run("events come in date order", func(t *testing.T) {
			if !slices.IsSortedFunc(yw.Events, func(a, b wheelEvent) int { return strings.Compare(a.Date, b.Date) }) {
				t.Error("the events are not in date order")
			}
		})

		t.Run("nothing of another department is in the wheel", func(t *testing.T) {
			for _, e := range yw.Events {
				if strings.Contains(e.Label, "Annan förvaltning") || e.Date == "2024-09-24" ||
					(e.PlanID != nil && *e.PlanID == strconv.Itoa(w.otherPlan)) {
					t.Errorf("another department's %+v", e)
				}
			}
			if len(yw.Plans) != 1 || yw.Plans[0].ID != strconv.Itoa(w.planID) {
				t.Errorf("plans %+v", yw.Plans)
			}
		})

		t.Run("another department, or its plan or role, is not found", func(t *testing.T) {
			otherRole := db.Client.Role.Query().Where(role.DepartmentID(w.otherDept), role.Name("Ledamot")).OnlyIDX(sys())
			for _, c := range []struct {
				vars  map[string]any
				field string
			}{
				{map[string]any{"d": w.otherDept, "y": 2024}, "departmentID"},
				{map[string]any{"d": w.dept, "y": 2024, "p": w.otherPlan}, "planID"},
				{map[string]any{"d": w.dept, "y": 2024, "r": otherRole}, "roleID"},
			} {
				errs := a.do(yearWheelQuery, c.vars, nil)
				if code(errs) != "NOT_FOUND" || errs[0].Extensions["field"] != c.field {
					t.Errorf("%v: %+v, want NOT_FOUND naming %s", c.vars, errs, c.field)
				}
			}
			errs := a.do(yearWheelQuery, map[string]any{"d": w.dept, "y": 1066}, nil)
			if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "year" {
				t.Errorf("year 1066: %+v", errs)
			}
		})
	})
}

func TestTheYearWheelFiltersByPlanAndRole(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	w := newWheelWorld(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	var all, byPlan, byRole wheelData
	a.mustDo(yearWheelQuery, map[string]any{"d": w.dept, "y": 2024}, &all)
	a.mustDo(yearWheelQuery, map[string]any{"d": w.dept, "y": 2024, "p": w.planID}, &byPlan)
	enhetschef := db.Client.Role.Query().Where(role.DepartmentID(w.dept), role.Name("Enhetschef")).WithGroups().OnlyX(sys())
	a.mustDo(yearWheelQuery, map[string]any{"d": w.dept, "y": 2024, "r": enhetschef.ID}, &byRole)

	if len(byPlan.YearWheel.Events) != len(all.YearWheel.Events) {
		t.Errorf("the department's only plan: %d events, unfiltered %d", len(byPlan.YearWheel.Events), len(all.YearWheel.Events))
	}
	// The role's deadlines: its own and its groups' (Chefer), no one else's.
	mine := []int{enhetschef.ID}
	for _, g := range enhetschef.Edges.Groups {
		mine = append(mine, g.ID)
	}
	want := db.Client.Action.Query().Where(action.DepartmentID(w.dept), action.DueMonthHasPrefix("2024-"), action.ResponsibleIDIn(mine...)).IDsX(sys())
	var got []int
	for _, e := range byRole.of("deadline") {
		id, _ := strconv.Atoi(strings.TrimPrefix(e.Key, "action-"))
		got = append(got, id)
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) || len(got) >= len(all.of("deadline")) {
		t.Errorf("Enhetschef's deadlines %v, want %v (of %d)", got, want, len(all.of("deadline")))
	}
	// Meetings, visits, workshops and APT dates stay under a role filter.
	for _, kind := range []string{"board_meeting", "study_visit", "workshop", "workplace_meeting"} {
		if len(byRole.of(kind)) != len(all.of(kind)) || len(all.of(kind)) == 0 {
			t.Errorf("%s: %d with the role filter, %d without", kind, len(byRole.of(kind)), len(all.of(kind)))
		}
	}
	// A role that answers for no continuous action, nor anything due in
	// the year, has no plan marks.
	ledamot := db.Client.Role.Query().Where(role.DepartmentID(w.dept), role.Name("Ledamot")).OnlyIDX(sys())
	var board wheelData
	a.mustDo(yearWheelQuery, map[string]any{"d": w.dept, "y": 2024, "r": ledamot}, &board)
	if n, m := len(board.of("period_end")), len(board.of("deadline")); n+m != 0 {
		t.Errorf("Ledamot: %d period ends and %d deadlines in 2024, want none", n, m)
	}
}

// TestTheYearWheelCostsAConstantNumberOfStatements: a year with ten times
// the meetings, visits, workshops and APT dates reads as many statements.
func TestTheYearWheelCostsAConstantNumberOfStatements(t *testing.T) {
	wrap, counter := database.CountStatements()
	db := dbtest.Open(t, "sqlite3", wrap)
	w := newWheelWorld(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
	measure := func() int {
		before := counter.Count()
		a.mustDo(yearWheelQuery, map[string]any{"d": w.dept, "y": 2024}, nil)
		return int(counter.Count() - before)
	}
	small := measure()
	c := db.Client
	now := time.Now()
	for i := range 10 {
		day := time.Date(2024, time.Month(1+i), 5, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		m := w.meeting(t, day)
		c.BoardVisit.Create().SetDepartmentID(w.dept).SetMeetingID(m).SetOperationID(w.ops[i%3].ID).ExecX(sys())
		w.slot(t, w.ops[i%3], day+"T10:00:00+01:00", 1)
		c.Workshop.Create().SetDepartmentID(w.dept).SetTopic("Workshop " + day).SetDate(day).
			SetCapacity(10).SetRegistrationOpensAt(now).SetRegistrationClosesAt(now.Add(time.Hour)).SetMinimums(map[string]int{}).ExecX(sys())
		for _, u := range w.units {
			c.WorkplaceMeeting.Create().SetDepartmentID(w.dept).SetUnitID(u.ID).SetDate(day).ExecX(sys())
		}
	}
	large := measure()
	if small != large {
		t.Errorf("the wheel costs %d statements, and %d with ten times the events", small, large)
	}
	t.Logf("yearWheel: %d statements", large)
}

func TestMyCalendarFeedsListsOnesOwnFeedsThatWork(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	seedBollebygd(t, db)
	elin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Enhetschef"))
	other := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
	type created struct {
		CreateCalendarFeed struct {
			ID  string
			URL *string
		}
	}
	create := func(a *api) created {
		var c created
		a.mustDo(`mutation { createCalendarFeed { id url } }`, nil, &c)
		if c.CreateCalendarFeed.URL == nil || !strings.HasPrefix(*c.CreateCalendarFeed.URL, "/calendar/") {
			t.Fatalf("created %+v", c)
		}
		return c
	}
	first, second := create(elin), create(elin)
	theirs := create(other)
	elin.mustDo(`mutation($id: ID!) { revokeCalendarFeed(id: $id) }`, map[string]any{"id": first.CreateCalendarFeed.ID}, nil)
	var list struct {
		MyCalendarFeeds []struct {
			ID        string
			CreatedAt string
			URL       *string
		}
	}
	elin.mustDo(`{ myCalendarFeeds { id createdAt url } }`, nil, &list)
	if len(list.MyCalendarFeeds) != 1 || list.MyCalendarFeeds[0].ID != second.CreateCalendarFeed.ID || list.MyCalendarFeeds[0].URL != nil {
		t.Errorf("Elin's feeds = %+v, want only the second, without its address", list.MyCalendarFeeds)
	}
	if errs := elin.do(`mutation($id: ID!) { revokeCalendarFeed(id: $id) }`, map[string]any{"id": theirs.CreateCalendarFeed.ID}, nil); len(errs) == 0 {
		t.Error("Elin revoked someone else's feed")
	}
	other.mustDo(`{ myCalendarFeeds { id } }`, nil, &list)
	if len(list.MyCalendarFeeds) != 1 || list.MyCalendarFeeds[0].ID != theirs.CreateCalendarFeed.ID {
		t.Errorf("the other's feeds = %+v", list.MyCalendarFeeds)
	}
}
