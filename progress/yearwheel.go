package progress

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitbooking"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitslot"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/ent/workshop"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
)

// EventKind is what a mark of the year wheel (or an event of the calendar
// feed) stands for.
type EventKind string

const (
	EventDeadline         EventKind = "deadline"          // a month or date action is due
	EventPeriodEnd        EventKind = "period_end"        // a follow-up period of a plan's continuous actions ends
	EventBoardMeeting     EventKind = "board_meeting"     // the board meets (and an operation may visit)
	EventStudyVisit       EventKind = "study_visit"       // a study visit time
	EventWorkshop         EventKind = "workshop"          // a workshop
	EventWorkplaceMeeting EventKind = "workplace_meeting" // an APT of a unit
)

// EventKinds are the kinds in the order the wheel's legend shows them.
var EventKinds = []EventKind{EventDeadline, EventPeriodEnd, EventBoardMeeting, EventStudyVisit, EventWorkshop, EventWorkplaceMeeting}

// Label is a kind in Swedish, as a legend says it.
func (k EventKind) Label() string {
	switch k {
	case EventDeadline:
		return "Sista dag för åtgärd"
	case EventPeriodEnd:
		return "Uppföljningsperiod slutar"
	case EventBoardMeeting:
		return "Nämndsammanträde"
	case EventStudyVisit:
		return "Studiebesök"
	case EventWorkshop:
		return "Workshop"
	case EventWorkplaceMeeting:
		return "APT"
	}
	return string(k)
}

// Event is one dated thing of a department's year.
type Event struct {
	Kind  EventKind
	Key   string     // stable and unique within a wheel: "action-12", "meeting-4"
	Date  string     // YYYY-MM-DD, the day in Stockholm
	Start *time.Time // when it starts, for what has a time of day (study visits)
	Label string     // Swedish, says what it is: "Nämndsammanträde – besök av Hemtjänsten"
	Link  string     // the web app's page of what it stands for
	// PlanID is the plan of a deadline or period end.
	PlanID *int
}

// WheelFilter narrows a year wheel's plan marks (deadlines and period
// ends) to one plan and to what one role answers for (with the groups it
// belongs to); meetings, visits, workshops and APT dates are the
// department's and stay.
type WheelFilter struct {
	PlanID *int
	RoleID *int
}

// YearWheel is a department's year: its events in date order, and the
// choices of its filters.
type YearWheel struct {
	Year   int
	Events []Event
	Plans  []*ent.Plan // the adopted plans, by title
	Roles  []*ent.Role // the department's roles, by name
}

// Links into the web app.
const (
	visitsPath    = "/besok"
	workshopsPath = "/workshops"
)

// ActionPath is an action's page in the web app.
func ActionPath(id int) string { return "/atgard/" + strconv.Itoa(id) }

// LoadYearWheel reads what happens in a department in a year: the
// deadlines of its adopted plans' actions, the ends of their follow-up
// periods (when they have continuous actions), board meetings with the
// operation that visits, study visit times, workshops and the units' APT
// dates. It reads through the viewer's privacy rules, in a constant number
// of statements. A department the viewer is no member of, and a plan or
// role not of that department, answer NOT_FOUND naming the input.
func LoadYearWheel(ctx context.Context, client *ent.Client, dept, year int, f WheelFilter) (*YearWheel, error) {
	if !followup.InYears(year) {
		return nil, fault.Invalid("year", "year %d is outside %d–%d", year, followup.FirstYear, followup.LastYear).
			Sv("Välj ett år mellan %d och %d.", followup.FirstYear, followup.LastYear)
	}
	if ok, err := client.Department.Query().Where(department.ID(dept)).Exist(ctx); err != nil {
		return nil, err
	} else if !ok {
		return nil, fault.NoSuch("departmentID", "department").Sv("Förvaltningen finns inte, eller så hör du inte till den.")
	}
	w := &YearWheel{Year: year}
	var err error
	w.Plans, err = client.Plan.Query().
		Where(plan.DepartmentID(dept), plan.StatusEQ(plan.StatusAdopted)).
		Order(plan.ByTitle(), plan.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	w.Roles, err = client.Role.Query().Where(role.DepartmentID(dept)).
		WithGroups(func(q *ent.RoleQuery) { q.Select(role.FieldID) }).
		Order(role.ByName(), role.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	plans := w.Plans
	if f.PlanID != nil {
		i := slices.IndexFunc(plans, func(p *ent.Plan) bool { return p.ID == *f.PlanID })
		if i < 0 {
			return nil, fault.NoSuch("planID", "plan").Sv("Planen finns inte, är inte fastställd eller hör till en annan förvaltning.")
		}
		plans = plans[i : i+1]
	}
	var responsible []int // the role and its groups
	if f.RoleID != nil {
		i := slices.IndexFunc(w.Roles, func(r *ent.Role) bool { return r.ID == *f.RoleID })
		if i < 0 {
			return nil, fault.NoSuch("roleID", "role").Sv("Rollen finns inte, eller hör till en annan förvaltning.")
		}
		responsible = append(responsible, w.Roles[i].ID)
		for _, g := range w.Roles[i].Edges.Groups {
			responsible = append(responsible, g.ID)
		}
	}
	first, after := time.Date(year, 1, 1, 0, 0, 0, 0, followup.Location()), time.Date(year+1, 1, 1, 0, 0, 0, 0, followup.Location())
	prefix := strconv.Itoa(year) + "-"

	if len(plans) > 0 {
		events, err := planEvents(ctx, client, plans, responsible, prefix, first, after)
		if err != nil {
			return nil, err
		}
		w.Events = append(w.Events, events...)
	}

	meetings, err := client.BoardMeeting.Query().
		Where(boardmeeting.DepartmentID(dept), boardmeeting.DateHasPrefix(prefix)).
		WithVisit(func(q *ent.BoardVisitQuery) {
			q.Select(boardvisit.FieldMeetingID, boardvisit.FieldOperationID, boardvisit.FieldHeldOn).WithOperation()
		}).
		Order(boardmeeting.ByDate(), boardmeeting.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range meetings {
		w.Events = append(w.Events, boardMeetingEvent(m))
	}

	slots, err := client.StudyVisitSlot.Query().
		Where(studyvisitslot.DepartmentID(dept), studyvisitslot.StartsAtGTE(first), studyvisitslot.StartsAtLT(after)).
		WithOperation().WithUnit().
		Order(studyvisitslot.ByStartsAt(), studyvisitslot.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range slots {
		w.Events = append(w.Events, studyVisitEvent(s))
	}

	shops, err := client.Workshop.Query().
		Where(workshop.DepartmentID(dept), workshop.DateHasPrefix(prefix)).
		Order(workshop.ByDate(), workshop.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, ws := range shops {
		w.Events = append(w.Events, workshopEvent(ws))
	}

	apts, err := client.WorkplaceMeeting.Query().
		Where(workplacemeeting.DepartmentID(dept), workplacemeeting.DateHasPrefix(prefix)).
		WithUnit().
		Order(workplacemeeting.ByDate(), workplacemeeting.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range apts {
		w.Events = append(w.Events, workplaceMeetingEvent(m))
	}
	sortEvents(w.Events)
	return w, nil
}

// sortEvents orders events by day, then by kind in the legend's order, then by key.
func sortEvents(events []Event) {
	rank := func(k EventKind) int { return slices.Index(EventKinds, k) }
	slices.SortStableFunc(events, func(a, b Event) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(rank(a.Kind), rank(b.Kind)), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Key, b.Key))
	})
}

// planEvents are the deadlines of plans' month and date actions due in
// [first, after), and the ends of the plans' follow-up periods in it, in
// two statements (areas, actions).
func planEvents(ctx context.Context, client *ent.Client, plans []*ent.Plan, responsible []int, prefix string, first, after time.Time) ([]Event, error) {
	byID := map[int]*ent.Plan{}
	ids := make([]int, len(plans))
	for i, p := range plans {
		byID[p.ID], ids[i] = p, p.ID
	}
	areas, err := client.Area.Query().Where(area.PlanIDIn(ids...)).Select(area.FieldID, area.FieldPlanID).All(ctx)
	if err != nil {
		return nil, err
	}
	planOf := map[int]int{}
	areaIDs := make([]int, len(areas))
	for i, a := range areas {
		planOf[a.ID], areaIDs[i] = a.PlanID, a.ID
	}
	q := client.Action.Query().Where(
		action.AreaIDIn(areaIDs...),
		action.Or(
			action.And(action.DeadlineKindEQ(action.DeadlineKindMonth), action.DueMonthHasPrefix(prefix)),
			action.And(action.DeadlineKindEQ(action.DeadlineKindDate), action.DueDateHasPrefix(prefix)),
			action.DeadlineKindEQ(action.DeadlineKindContinuous),
		))
	if len(responsible) > 0 {
		q.Where(action.ResponsibleIDIn(responsible...))
	}
	actions, err := q.Order(action.ByAreaID(), action.ByPosition(), action.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	var events []Event
	continuous := map[int]int{} // plan id → continuous actions
	for _, a := range actions {
		p := byID[planOf[a.AreaID]]
		switch a.DeadlineKind {
		case action.DeadlineKindContinuous:
			continuous[p.ID]++
		case action.DeadlineKindMonth, action.DeadlineKindDate:
			due, ok := deadlineOf(a).Due()
			if !ok {
				continue
			}
			day := due.In(followup.Location()).AddDate(0, 0, -1).Format(time.DateOnly)
			label := "Sista dag: " + a.Text // a report-back's text says it is one
			events = append(events, Event{Kind: EventDeadline, Key: "action-" + strconv.Itoa(a.ID), Date: day,
				Label: label, Link: ActionPath(a.ID), PlanID: &p.ID})
		}
	}
	for _, p := range plans {
		n := continuous[p.ID]
		if n == 0 {
			continue
		}
		rules := Rules(p)
		for _, period := range followup.Periods(rules.Cadence, first, after) {
			if !rules.Start.IsZero() && !period.End.After(rules.Start) {
				continue // the plan was not in force yet
			}
			day := period.End.AddDate(0, 0, -1).Format(time.DateOnly)
			events = append(events, Event{Kind: EventPeriodEnd, Key: fmt.Sprintf("period-%d-%s", p.ID, period.Key), Date: day,
				Label: fmt.Sprintf("%s slutar: följ upp %s i %s", period.Label, plural(n, "fortlöpande åtgärd", "fortlöpande åtgärder"), p.Title),
				Link:  "/uppfoljning?plan=" + strconv.Itoa(p.ID), PlanID: &p.ID})
		}
	}
	return events, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func boardMeetingEvent(m *ent.BoardMeeting) Event {
	label := "Nämndsammanträde"
	if v := m.Edges.Visit; v != nil && v.Edges.Operation != nil {
		label += " – besök av " + v.Edges.Operation.Name
	}
	return Event{Kind: EventBoardMeeting, Key: "meeting-" + strconv.Itoa(m.ID), Date: m.Date, Label: label, Link: visitsPath + "#namndbesok"}
}

func studyVisitEvent(s *ent.StudyVisitSlot) Event {
	at := s.StartsAt.In(followup.Location())
	label := "Studiebesök"
	if op := s.Edges.Operation; op != nil {
		label += " hos " + op.Name
		if u := s.Edges.Unit; u != nil {
			label += " (" + u.Name + ")"
		}
	}
	label += ", kl. " + at.Format("15:04")
	return Event{Kind: EventStudyVisit, Key: "studyvisit-" + strconv.Itoa(s.ID), Date: at.Format(time.DateOnly), Start: &at,
		Label: label, Link: visitsPath + "#studiebesok"}
}

func workshopEvent(ws *ent.Workshop) Event {
	label := "Workshop: " + ws.Topic
	if ws.Place != "" {
		label += ", " + ws.Place
	}
	return Event{Kind: EventWorkshop, Key: "workshop-" + strconv.Itoa(ws.ID), Date: ws.Date, Label: label, Link: workshopsPath}
}

func workplaceMeetingEvent(m *ent.WorkplaceMeeting) Event {
	label := "APT"
	if u := m.Edges.Unit; u != nil {
		label += " på " + u.Name
	}
	return Event{Kind: EventWorkplaceMeeting, Key: "apt-" + strconv.Itoa(m.ID), Date: m.Date, Label: label, Link: visitsPath}
}

// PersonEvents are what a person's calendar holds besides their deadlines,
// from the day from on: the board meetings of their departments with the
// operation that visits, the study visits they have booked, the workshops
// where they have a seat, and the APT dates of their units (those they
// manage or hold a role for, directly or through the operation area). It
// reads as the viewer in ctx, who must be that person, in a constant number
// of statements; nothing of a department they are no member of.
func PersonEvents(ctx context.Context, client *ent.Client, user int, departments []int, from time.Time) ([]Event, error) {
	if len(departments) == 0 {
		return nil, nil
	}
	day := from.In(followup.Location()).Format(time.DateOnly)
	var events []Event
	meetings, err := client.BoardMeeting.Query().
		Where(boardmeeting.DepartmentIDIn(departments...), boardmeeting.DateGTE(day)).
		WithVisit(func(q *ent.BoardVisitQuery) {
			q.Select(boardvisit.FieldMeetingID, boardvisit.FieldOperationID, boardvisit.FieldHeldOn).WithOperation()
		}).
		Order(boardmeeting.ByDate(), boardmeeting.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range meetings {
		events = append(events, boardMeetingEvent(m))
	}
	bookings, err := client.StudyVisitBooking.Query().
		Where(studyvisitbooking.UserID(user), studyvisitbooking.DepartmentIDIn(departments...),
			studyvisitbooking.HasSlotWith(studyvisitslot.StartsAtGTE(from))).
		WithSlot(func(q *ent.StudyVisitSlotQuery) { q.WithOperation().WithUnit() }).
		Order(studyvisitbooking.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range bookings {
		if b.Edges.Slot != nil {
			events = append(events, studyVisitEvent(b.Edges.Slot))
		}
	}
	seats, err := client.WorkshopRegistration.Query().
		Where(workshopregistration.UserID(user), workshopregistration.DepartmentIDIn(departments...),
			workshopregistration.StateEQ(workshopregistration.StateSeated),
			workshopregistration.HasWorkshopWith(workshop.DateGTE(day))).
		WithWorkshop().Order(workshopregistration.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range seats {
		if s.Edges.Workshop != nil {
			events = append(events, workshopEvent(s.Edges.Workshop))
		}
	}
	cov, err := LoadCoverageOf(ctx, client, user, departments...)
	if err != nil {
		return nil, err
	}
	if units := cov.UnitsOf(user); len(units) > 0 {
		apts, err := client.WorkplaceMeeting.Query().
			Where(workplacemeeting.UnitIDIn(units...), workplacemeeting.DepartmentIDIn(departments...), workplacemeeting.DateGTE(day)).
			WithUnit().Order(workplacemeeting.ByDate(), workplacemeeting.ByID()).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range apts {
			events = append(events, workplaceMeetingEvent(m))
		}
	}
	sortEvents(events)
	return events, nil
}

// KindLabel is a kind with its Swedish words.
type KindLabel struct {
	Kind  EventKind
	Label string
}

// KindLabel is the event's kind in Swedish.
func (e Event) KindLabel() string { return e.Kind.Label() }

// Months are the month names, January first, in Swedish.
func (w *YearWheel) Months() []string { return followup.MonthNames() }

// Kinds are the kinds of marks with their Swedish words, in the legend's order.
func (w *YearWheel) Kinds() []KindLabel {
	out := make([]KindLabel, len(EventKinds))
	for i, k := range EventKinds {
		out[i] = KindLabel{k, k.Label()}
	}
	return out
}
