package visits

import (
	"context"
	"fmt"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitbooking"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/notify/outbox"
)

// The mails a visit's change sends, recorded in the change's transaction
// (package outbox), so each is sent once if the change commits and never
// if it does not.

// managersOf returns who answers for an operation's visit: the unit's
// manager when a unit is named, else the managers of its units.
func managersOf(ctx context.Context, client *ent.Client, operationID int, unitID *int) ([]int, error) {
	// Who manages a unit is a fact of the department the change is in,
	// whoever makes it.
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	q := client.Unit.Query().Where(unit.OperationID(operationID), unit.ManagerIDNotNil())
	if unitID != nil {
		q.Where(unit.ID(*unitID))
	}
	units, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	var ids []int
	for _, u := range units {
		if !seen[*u.ManagerID] {
			seen[*u.ManagerID] = true
			ids = append(ids, *u.ManagerID)
		}
	}
	return ids, nil
}

// tellAssigned tells the operation's managers of its visit to the board.
func tellAssigned(ctx context.Context, client *ent.Client, v *ent.BoardVisit, m *ent.BoardMeeting, op *ent.Operation) error {
	ids, err := managersOf(ctx, client, op.ID, v.UnitID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := outbox.Add(ctx, client, outbox.Event{
			UserID: id, DepartmentID: v.DepartmentID, Occasion: fmt.Sprintf("board-visit:%d:%d", v.ID, m.ID),
			Subject: "Er verksamhet besöker nämnden " + followup.DayLabel(m.Date),
			Lead:    fmt.Sprintf("%s besöker nämndens sammanträde %s och berättar om sitt arbete.", op.Name, followup.DayLabel(m.Date)),
			Path:    "/besok",
		}); err != nil {
			return err
		}
	}
	return nil
}

// tellStudyVisit tells the visited unit's manager (or the operation's
// managers) that a board member booked or cancelled a study visit.
func tellStudyVisit(ctx context.Context, client *ent.Client, b *ent.StudyVisitBooking, booked bool) error {
	slot, err := client.StudyVisitSlot.Get(privacy.DecisionContext(ctx, privacy.Allow), b.SlotID)
	if err != nil {
		return err
	}
	ids, err := managersOf(ctx, client, slot.OperationID, slot.UnitID)
	if err != nil {
		return err
	}
	when := followup.LongDate(slot.StartsAt) + " klockan " + slot.StartsAt.In(followup.Location()).Format("15.04")
	e := outbox.Event{DepartmentID: b.DepartmentID, Path: "/besok"}
	if booked {
		e.Occasion = fmt.Sprintf("study-visit:%d:booked", b.ID)
		e.Subject = "En ledamot har bokat ett studiebesök hos er"
		e.Lead = "En av nämndens ledamöter har bokat studiebesöket " + when + "."
	} else {
		e.Occasion = fmt.Sprintf("study-visit:%d:cancelled", b.ID)
		e.Subject = "Ett studiebesök hos er är avbokat"
		e.Lead = "En av nämndens ledamöter har avbokat studiebesöket " + when + "."
	}
	for _, id := range ids {
		e.UserID = id
		if err := outbox.Add(ctx, client, e); err != nil {
			return err
		}
	}
	return nil
}

// UpdateMeeting changes a board meeting. A new date moves the visit placed
// at it: the visiting operation's managers are told, in the change's
// transaction, once per visit and new date.
func UpdateMeeting(ctx context.Context, client *ent.Client, id int, in ent.UpdateBoardMeetingInput) (*ent.BoardMeeting, error) {
	before, err := client.BoardMeeting.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := client.BoardMeeting.UpdateOneID(id).SetInput(in).Save(ctx)
	if err != nil || m.Date == before.Date {
		return m, err
	}
	v, err := client.BoardVisit.Query().Where(boardvisit.MeetingID(m.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return m, nil // no visit to move
	}
	if err != nil {
		return nil, err
	}
	return m, tellMoved(ctx, client, v, before.Date, m)
}

// tellMoved tells the operation's managers that its visit to the board
// moved from one date to another. The occasion names the change (the
// meeting's new update time), so a meeting moved back and forth is told
// each time.
func tellMoved(ctx context.Context, client *ent.Client, v *ent.BoardVisit, from string, m *ent.BoardMeeting) error {
	op, err := client.Operation.Get(privacy.DecisionContext(ctx, privacy.Allow), v.OperationID)
	if err != nil {
		return err
	}
	ids, err := managersOf(ctx, client, op.ID, v.UnitID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := outbox.Add(ctx, client, outbox.Event{
			UserID: id, DepartmentID: v.DepartmentID, Occasion: fmt.Sprintf("board-visit-moved:%d:%s:%d", v.ID, m.Date, m.UpdatedAt.UnixMicro()),
			Subject: "Ert besök hos nämnden är flyttat till " + followup.DayLabel(m.Date),
			Lead: fmt.Sprintf("Nämndens sammanträde som %s skulle besöka är flyttat från %s till %s.",
				op.Name, followup.DayLabel(from), followup.DayLabel(m.Date)),
			Path: "/besok",
		}); err != nil {
			return err
		}
	}
	return nil
}

// tellSlotChanged tells the members booked on a study visit slot that its
// time or unit changed: once per booking and change (the slot's new update
// time), so a slot moved back and forth is told each time.
func tellSlotChanged(ctx context.Context, client *ent.Client, before, slot *ent.StudyVisitSlot) error {
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	bookings, err := client.StudyVisitBooking.Query().Where(studyvisitbooking.SlotID(slot.ID), studyvisitbooking.HeldOnIsNil()).All(sys)
	if err != nil || len(bookings) == 0 {
		return err
	}
	op, err := client.Operation.Get(sys, slot.OperationID)
	if err != nil {
		return err
	}
	where := op.Name
	if slot.UnitID != nil {
		u, err := client.Unit.Get(sys, *slot.UnitID)
		if err != nil {
			return err
		}
		where = u.Name + " (" + op.Name + ")"
	}
	when := func(t time.Time) string {
		return followup.LongDate(t) + " klockan " + t.In(followup.Location()).Format("15.04")
	}
	lead := fmt.Sprintf("Ditt studiebesök hos %s är ändrat: det är nu %s.", where, when(slot.StartsAt))
	if !slot.StartsAt.Equal(before.StartsAt) {
		lead = fmt.Sprintf("Ditt studiebesök hos %s är flyttat från %s till %s.", where, when(before.StartsAt), when(slot.StartsAt))
	}
	for _, b := range bookings {
		if err := outbox.Add(ctx, client, outbox.Event{
			UserID: b.UserID, DepartmentID: b.DepartmentID,
			Occasion: fmt.Sprintf("study-visit:%d:changed:%d", b.ID, slot.UpdatedAt.UnixMicro()),
			Subject:  "Ditt studiebesök är ändrat",
			Lead:     lead,
			Path:     "/besok",
		}); err != nil {
			return err
		}
	}
	return nil
}
