package visits

import (
	"context"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/rotation"
)

// Proposal is one meeting of a proposed rotation with the operation that
// would visit it; Assigned tells a visit already placed (kept as it is)
// from a proposed one.
type Proposal struct {
	Meeting   *ent.BoardMeeting
	Operation *ent.Operation
	Assigned  bool
}

// ProposeRotation proposes which operation visits each of the department's
// board meetings from from to to (inclusive), keeping the visits already
// assigned and filling the others fairly (see package rotation): the visits
// already assigned in the range count towards each operation's share, and
// the earlier meetings' visits decide who has waited longest.
func ProposeRotation(ctx context.Context, client *ent.Client, dept int, from, to string) ([]Proposal, error) {
	for _, d := range [][2]string{{"from", from}, {"to", to}} {
		if err := IsDate(d[0], d[1]); err != nil {
			return nil, err
		}
	}
	if to < from {
		return nil, fault.Invalid("to", "%s is before %s", to, from).
			Sv("Slutdagen %s är före startdagen %s.", followup.DayLabel(to), followup.DayLabel(from))
	}
	// The meetings before from are history: their visits tell who has waited
	// longest, and are neither counted nor filled.
	upTo := []predicate.BoardMeeting{boardmeeting.DepartmentID(dept), boardmeeting.DateLTE(to)}
	meetings, err := client.BoardMeeting.Query().
		Where(upTo...).
		Order(boardmeeting.ByDate()).All(ctx)
	if err != nil {
		return nil, err
	}
	ops, err := client.Operation.Query().Where(operation.DepartmentID(dept)).All(ctx)
	if err != nil {
		return nil, err
	}
	rm := make([]rotation.Meeting, len(meetings))
	byMeeting := map[int]*ent.BoardMeeting{}
	for i, m := range meetings {
		day, _ := time.Parse(time.DateOnly, m.Date)
		rm[i] = rotation.Meeting{ID: m.ID, Date: day}
		byMeeting[m.ID] = m
	}
	ro := make([]rotation.Operation, len(ops))
	byOp := map[int]*ent.Operation{}
	for i, o := range ops {
		ro[i] = rotation.Operation{ID: o.ID, Name: o.Name}
		byOp[o.ID] = o
	}
	visits, err := client.BoardVisit.Query().Where(boardvisit.HasMeetingWith(upTo...)).All(ctx)
	if err != nil {
		return nil, err
	}
	existing := make([]rotation.Assignment, len(visits))
	assigned := map[int]bool{}
	for i, v := range visits {
		existing[i] = rotation.Assignment{MeetingID: v.MeetingID, OperationID: v.OperationID}
		assigned[v.MeetingID] = true
	}
	var out []Proposal
	start, _ := time.Parse(time.DateOnly, from)
	for _, a := range rotation.ProposeFrom(start, rm, ro, existing) {
		out = append(out, Proposal{Meeting: byMeeting[a.MeetingID], Operation: byOp[a.OperationID], Assigned: assigned[a.MeetingID]})
	}
	return out, nil
}

// ApplyRotation assigns the proposed operation to every meeting in the
// range that has no visit yet, and returns the new visits.
func ApplyRotation(ctx context.Context, client *ent.Client, dept int, from, to string) ([]*ent.BoardVisit, error) {
	// Of planners applying at once, the first assigns the meetings and the
	// others find them assigned, as they would one after the other.
	if err := lockDepartment(ctx, client, dept); ent.IsNotFound(err) {
		return nil, noDepartment // another department's, or none
	} else if err != nil {
		return nil, err
	}
	proposals, err := ProposeRotation(ctx, client, dept, from, to)
	if err != nil {
		return nil, err
	}
	var out []*ent.BoardVisit
	for _, p := range proposals {
		if p.Assigned {
			continue
		}
		v, err := Assign(ctx, client, p.Meeting.ID, p.Operation.ID, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// noDepartment answers for a department the viewer does not belong to, as
// for one that does not exist.
var noDepartment = fault.ErrNotFound.Sv("Förvaltningen finns inte, eller så hör du inte till den.")
