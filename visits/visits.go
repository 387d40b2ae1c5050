// Package visits follows the plan's rules about the board and the
// operations: one operation visits each board meeting (with a proposed
// fair rotation, package rotation), a held visit is reported back at the
// presenting unit's next APT, board members book study visits without
// overbooking a slot, and each held study visit is reported back at the
// next board meeting. Report-backs are actions with a date deadline under
// the plan's action that states the rule, so they are followed up and
// signed off like every other action.
//
// Every function takes a client bound to the GraphQL mutation's
// transaction and acts with the viewer's rights; report-backs are created
// on the system's authority, since they follow from a change the viewer
// was allowed to make.
package visits

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"time"
	"unicode"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/notify/outbox"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// Assign places an operation's visit at a board meeting, optionally naming
// the unit that will present. A meeting already visited is a CONFLICT that
// names it: the plan allows one operation per meeting. The unique
// meeting_id column refuses a concurrent second assignment too.
func Assign(ctx context.Context, client *ent.Client, meetingID, operationID int, unitID *int) (*ent.BoardVisit, error) {
	m, err := client.BoardMeeting.Get(ctx, meetingID)
	if err != nil {
		return nil, notFoundAs(err, "meetingID", "board meeting", "Sammanträdet")
	}
	op, err := client.Operation.Get(ctx, operationID)
	if err != nil || op.DepartmentID != m.DepartmentID {
		return nil, notFoundAs(orNotFound(err), "operationID", "operation", "Verksamheten")
	}
	if unitID != nil {
		if err := unitOf(ctx, client, *unitID, op.ID); err != nil {
			return nil, err
		}
	}
	if err := meetingFree(ctx, client, m); err != nil {
		return nil, err
	}
	if _, err := client.ExecContext(ctx, "SAVEPOINT assign_visit"); err != nil {
		return nil, err
	}
	v, err := client.BoardVisit.Create().SetDepartmentID(m.DepartmentID).SetMeetingID(m.ID).
		SetOperationID(op.ID).SetNillableUnitID(unitID).Save(ctx)
	if err == nil {
		return v, tellAssigned(ctx, client, v, m, op)
	}
	if !ent.IsConstraintError(err) {
		return v, err
	}
	// Another assignment of the same meeting won between the check and
	// the insert.
	if _, err := client.ExecContext(ctx, "ROLLBACK TO SAVEPOINT assign_visit"); err != nil {
		return nil, err
	}
	if err := meetingFree(ctx, client, m); err != nil {
		return nil, err
	}
	return nil, taken(m, "")
}

// meetingFree refuses a meeting that already has a visit.
func meetingFree(ctx context.Context, client *ent.Client, m *ent.BoardMeeting) error {
	existing, err := client.BoardVisit.Query().Where(boardvisit.MeetingID(m.ID)).WithOperation().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil
	case err != nil:
		return err
	}
	return taken(m, existing.Edges.Operation.Name)
}

// taken refuses a second visit at m; by names the operation already
// visiting, when known.
func taken(m *ent.BoardMeeting, by string) error {
	f := fault.Conflictf("the board meeting of %s already has a visit (%s): one operation per meeting", m.Date, cmp.Or(by, "another operation")).
		Sv("Sammanträdet %s har redan ett besök. En verksamhet per sammanträde.", followup.DayLabel(m.Date))
	if by != "" {
		f = f.Sv("Sammanträdet %s har redan besök av %s. En verksamhet per sammanträde.", followup.DayLabel(m.Date), by)
	}
	return f.With("meetingID", m.ID)
}

// unitOf checks that the unit belongs to the operation.
func unitOf(ctx context.Context, client *ent.Client, unitID, operationID int) error {
	u, err := client.Unit.Get(ctx, unitID)
	if err != nil {
		return notFoundAs(err, "unitID", "unit", "Enheten")
	}
	if u.OperationID != operationID {
		return fault.Invalid("unitID", "unit %s belongs to another operation", u.Name).
			Sv("Enheten %s hör till en annan verksamhet. Välj en av verksamhetens enheter.", u.Name)
	}
	return nil
}

// Held is what was said at a board visit.
type Held struct {
	UnitID                  *int   // the unit that presented; the visit's when nil
	HeldOn                  string // YYYY-MM-DD; the meeting's date when empty
	Presenter               string
	Work, Conditions, Needs string
}

// CanHold reports whether v may record visit, whose meeting is on
// meetingDay, as held now: a visit planner (rule.PlansVisits), the visit
// not held yet, and its meeting today or earlier in Stockholm. The web app
// offers the form by it; Hold and the privacy rules refuse the rest.
func CanHold(v *viewer.Viewer, visit *ent.BoardVisit, meetingDay string, now time.Time) bool {
	return visit.HeldOn == nil && rule.PlansVisits(v, visit.DepartmentID) && meetingDay <= today(now)
}

// Hold records a visit as held and creates its report-back: due at the
// presenting unit's next APT after the visit, for the responsible role of
// the plan's board-visit report-back action (and, when the unit has a
// manager, for that manager alone). The unit is the one given, else the
// one named when the visit was assigned, else the operation's only unit.
// A visit is held on or after its meeting's day, and not after today
// (now, in Stockholm).
func Hold(ctx context.Context, client *ent.Client, id int, in Held, now time.Time) (*ent.BoardVisit, error) {
	// Locked, so that of concurrent holds one creates the report-back and
	// the others see the visit held.
	v, err := client.BoardVisit.Query().Where(boardvisit.ID(id)).WithMeeting().WithOperation().
		Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return nil, notFoundAs(err, "id", "board visit", "Besöket")
	}
	if v.HeldOn != nil {
		return nil, fault.Conflictf("the visit was already held on %s", *v.HeldOn).
			Sv("Besöket är redan registrerat som genomfört %s.", followup.DayLabel(*v.HeldOn)).
			With("boardVisitID", v.ID)
	}
	unitID := in.UnitID
	if unitID == nil {
		unitID = v.UnitID
	}
	if unitID == nil {
		only, err := client.Unit.Query().Where(unit.OperationID(v.OperationID)).IDs(ctx)
		if err != nil {
			return nil, err
		}
		if len(only) == 1 {
			unitID = &only[0]
		}
	}
	if unitID == nil {
		return nil, fault.Invalid("unitID", "name the unit that presented: it reports back at its next APT").
			Sv("Välj vilken enhet som berättade. Den enheten återrapporterar på sin nästa APT.")
	}
	if err := unitOf(ctx, client, *unitID, v.OperationID); err != nil {
		return nil, err
	}
	u, err := client.Unit.Get(ctx, *unitID)
	if err != nil {
		return nil, err
	}
	heldOn := v.Edges.Meeting.Date
	if in.HeldOn != "" {
		if err := IsDate("heldOn", in.HeldOn); err != nil {
			return nil, err
		}
		heldOn = in.HeldOn
	}
	if err := possibleHeldOn(heldOn, v.Edges.Meeting.Date, boardMeeting, now); err != nil {
		return nil, err
	}
	apt, err := client.WorkplaceMeeting.Query().
		Where(workplacemeeting.UnitID(u.ID), workplacemeeting.DateGT(heldOn)).
		Order(workplacemeeting.ByDate()).First(ctx)
	if ent.IsNotFound(err) {
		return nil, fault.Invalid("unitID", "unit %s has no APT after %s; add its APT dates first", u.Name, heldOn).
			Sv("%s har ingen APT inlagd efter %s, så återrapporteringen kan inte få något datum. Enhetens APT-datum behöver läggas in först.",
				u.Name, followup.DayLabel(heldOn))
	}
	if err != nil {
		return nil, err
	}
	text := fmt.Sprintf("Återrapportering på APT %s om besöket hos nämnden %s (%s, %s).",
		followup.DayLabel(apt.Date), followup.DayLabel(heldOn), v.Edges.Operation.Name, u.Name)
	rb, err := reportBack(ctx, client, v.DepartmentID, action.RuleBoardVisitReportBack, apt.Date, u.ManagerID, text)
	if err != nil {
		return nil, err
	}
	upd := client.BoardVisit.UpdateOne(v).SetUnitID(u.ID).SetHeldOn(heldOn).
		SetPresenter(in.Presenter).SetWork(in.Work).SetConditions(in.Conditions).SetNeeds(in.Needs)
	if rb != nil {
		upd.SetReportBackID(rb.ID)
	}
	return upd.Save(ctx)
}

// reportBack creates a report-back due on day under the department's
// action that states rule, for that action's responsible role, or only for
// assignee when set. A department whose plans state no such rule gets
// none (nil).
func reportBack(ctx context.Context, client *ent.Client, dept int, rule action.Rule, day string, assignee *int, text string) (*ent.Action, error) {
	tmpl, err := client.Action.Query().
		Where(action.DepartmentID(dept), action.RuleEQ(rule),
			action.HasAreaWith(area.HasPlanWith(plan.StatusEQ(plan.StatusAdopted)))).
		Order(action.ByID()).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Follows from a change the viewer may make; the audit trail still
	// names the viewer.
	allow := privacy.DecisionContext(ctx, privacy.Allow)
	rb, err := client.Action.Create().
		SetAreaID(tmpl.AreaID).SetReportBackOfID(tmpl.ID).SetPosition(0).SetText(text).
		SetResponsibleID(tmpl.ResponsibleID).SetDeadlineKind(action.DeadlineKindDate).SetDueDate(day).
		SetNillableAssigneeID(assignee).
		Save(allow)
	if err != nil || assignee == nil {
		return rb, err
	}
	// The person it is given to hears of it, by a mail recorded in this
	// transaction (package outbox).
	err = outbox.Add(ctx, client, outbox.Event{
		UserID: *assignee, DepartmentID: dept, Occasion: "report-back:" + strconv.Itoa(rb.ID),
		Subject: "En återrapportering väntar på dig",
		Lead:    "Du har fått en återrapportering att göra, senast " + followup.DayLabel(day) + ".",
		Item:    text, Path: "/atgard/" + strconv.Itoa(rb.ID),
	})
	return rb, err
}

// lockDepartment locks the department's row until the mutation's
// transaction ends, for the changes that read many of its rows and then
// add to them (a calendar import, a rotation): run at once, the second
// waits for the first and sees what it added.
func lockDepartment(ctx context.Context, client *ent.Client, dept int) error {
	_, err := client.Department.Query().Where(department.ID(dept)).Modify(rowlock.Lock).Only(ctx)
	return err
}

// NextBoardMeeting returns the department's first board meeting after day.
func NextBoardMeeting(ctx context.Context, client *ent.Client, dept int, day string) (*ent.BoardMeeting, error) {
	return client.BoardMeeting.Query().
		Where(boardmeeting.DepartmentID(dept), boardmeeting.DateGT(day)).
		Order(boardmeeting.ByDate()).First(ctx)
}

// planned is what a visit was planned for, in English (logs) and Swedish
// (people, after "före").
type planned struct{ en, sv string }

var (
	boardMeeting = planned{"board meeting", "sammanträdet"}
	studyVisit   = planned{"study visit", "studiebesökets dag"}
)

// possibleHeldOn refuses a day a visit cannot have been held on: before
// the day it was planned for (its board meeting's or study visit slot's),
// or after today. The planned day is no deadline: a visit may be recorded
// as held later than planned.
func possibleHeldOn(heldOn, day string, what planned, now time.Time) error {
	if heldOn < day {
		return fault.Invalid("heldOn", "%s is before the %s on %s: a visit is held on or after its planned day", heldOn, what.en, day).
			Sv("Besöket kan inte ha gjorts %s, före %s %s. Ange dagen då det gjordes.",
				followup.DayLabel(heldOn), what.sv, followup.DayLabel(day))
	}
	if heldOn > today(now) {
		return fault.Invalid("heldOn", "%s is in the future: record the visit once it has been held", heldOn).
			Sv("%s har inte varit än. Registrera besöket när det är gjort.", capitalise(followup.DayLabel(heldOn)))
	}
	return nil
}

// isDate refuses a day that is not YYYY-MM-DD.
func IsDate(field, day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return fault.Invalid(field, "%q is not a date in the form YYYY-MM-DD", day).
			Sv("%q är inget datum. Skriv det som år-månad-dag, till exempel 2024-11-02.", day)
	}
	return nil
}

// capitalise starts a sentence with a capital letter; a date starts with
// a digit and stays as it is.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// today is the date in Stockholm.
func today(now time.Time) string { return now.In(followup.Location()).Format(time.DateOnly) }

// notFoundAs turns not found into NOT_FOUND on field: what (English) and
// sv (Swedish, "Sammanträdet") name the row.
func notFoundAs(err error, field, what, sv string) error {
	if ent.IsNotFound(err) {
		return fault.NoSuch(field, what).Sv("%s finns inte, eller hör till en annan förvaltning.", sv)
	}
	return err
}

// orNotFound turns a row of another department, read by a caller that
// checks departments itself, into not found.
func orNotFound(err error) error {
	if err == nil {
		return &ent.NotFoundError{}
	}
	return err
}
