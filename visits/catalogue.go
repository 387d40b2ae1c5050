package visits

import (
	"context"
	"time"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitslot"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
)

// The department's operations, units, APT dates and study visit slots.
// Each new row takes its parent's department; a parent or reference of
// another department is "no such …".

// Operations and units are created in package organisation, which edits
// them too.

// CreateWorkplaceMeeting adds an APT date to a unit.
func CreateWorkplaceMeeting(ctx context.Context, client *ent.Client, in ent.CreateWorkplaceMeetingInput) (*ent.WorkplaceMeeting, error) {
	u, err := client.Unit.Get(ctx, in.UnitID)
	if err != nil {
		return nil, notFoundAs(err, "unitID", "unit", "Enheten")
	}
	if err := IsDate("date", in.Date); err != nil {
		return nil, err
	}
	return client.WorkplaceMeeting.Create().SetInput(in).SetDepartmentID(u.DepartmentID).Save(ctx)
}

// CreateSlot offers a study visit slot at an operation (and a unit of it),
// at a time still to come (after now): a time that has passed could not
// be booked, and the app lists only the coming ones.
func CreateSlot(ctx context.Context, client *ent.Client, in ent.CreateStudyVisitSlotInput, now time.Time) (*ent.StudyVisitSlot, error) {
	op, err := client.Operation.Get(ctx, in.OperationID)
	if err != nil {
		return nil, notFoundAs(err, "operationID", "operation", "Verksamheten")
	}
	if in.UnitID != nil {
		if err := unitOf(ctx, client, *in.UnitID, op.ID); err != nil {
			return nil, err
		}
	}
	if in.Size < 1 {
		return nil, fault.Invalid("size", "a slot has at least one seat").
			Sv("Ett studiebesök behöver minst en plats.")
	}
	if !in.StartsAt.After(now) {
		return nil, fault.Invalid("startsAt", "%s has passed: offer a time still to come", in.StartsAt.Format(time.RFC3339)).
			Sv("Tiden %s har redan varit. Välj en tid framåt.", followup.TimeLabel(in.StartsAt))
	}
	return client.StudyVisitSlot.Create().SetInput(in).SetDepartmentID(op.DepartmentID).Save(ctx)
}

// Unassign takes a visit that has not been held off its meeting.
func Unassign(ctx context.Context, client *ent.Client, id int) error {
	// Locked, so that a visit being held is not taken off under it.
	v, err := client.BoardVisit.Query().Where(boardvisit.ID(id)).Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return notFoundAs(err, "id", "board visit", "Besöket")
	}
	if v.HeldOn != nil {
		return fault.Invalid("id", "the visit was held on %s; it stays on record", *v.HeldOn).
			Sv("Besöket gjordes %s och finns kvar i historiken. Det går inte att ta bort.", followup.DayLabel(*v.HeldOn))
	}
	return client.BoardVisit.DeleteOne(v).Exec(ctx)
}

// SlotChange is what changes of a study visit slot; nil leaves it.
type SlotChange struct {
	StartsAt  *time.Time
	UnitID    *int
	ClearUnit bool // the operation as a whole
	Note      *string
}

// ChangeSlot changes a study visit slot's time, unit or note. The time
// must still be to come, the unit one of the slot's operation. The slot's
// row is locked, so that two changes at once tell the members of the last
// one. When the time or the unit changes, every member booked on it is
// mailed (package outbox), in this transaction.
func ChangeSlot(ctx context.Context, client *ent.Client, id int, c SlotChange, now time.Time) (*ent.StudyVisitSlot, error) {
	before, err := client.StudyVisitSlot.Query().Where(studyvisitslot.ID(id)).Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return nil, notFoundAs(err, "id", "study visit slot", "Studiebesöket")
	}
	u := client.StudyVisitSlot.UpdateOne(before)
	if c.UnitID != nil {
		if err := unitOf(ctx, client, *c.UnitID, before.OperationID); err != nil {
			return nil, err
		}
		u.SetUnitID(*c.UnitID)
	} else if c.ClearUnit {
		u.ClearUnitID()
	}
	if c.StartsAt != nil {
		if !c.StartsAt.After(now) {
			return nil, fault.Invalid("startsAt", "%s has passed: offer a time still to come", c.StartsAt.Format(time.RFC3339)).
				Sv("Tiden %s har redan varit. Välj en tid framåt.", followup.TimeLabel(*c.StartsAt))
		}
		u.SetStartsAt(*c.StartsAt)
	}
	if c.Note != nil {
		u.SetNote(*c.Note)
	}
	slot, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	if slot.StartsAt.Equal(before.StartsAt) && equalUnit(slot.UnitID, before.UnitID) {
		return slot, nil
	}
	return slot, tellSlotChanged(ctx, client, before, slot)
}

func equalUnit(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
