package visits

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitbooking"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitslot"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// Book gives the viewer a seat on a study visit slot. Seats are numbered
// 1..size and unique per slot, so two members booking the last seat at
// the same moment get one seat between them: the other is told the slot is
// full (CONFLICT).
func Book(ctx context.Context, client *ent.Client, slotID int) (*ent.StudyVisitBooking, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fault.ErrUnauthenticated
	}
	slot, err := client.StudyVisitSlot.Get(ctx, slotID)
	if err != nil {
		return nil, notFoundAs(err, "slotID", "study visit slot", "Studiebesöket")
	}
	// A seat taken concurrently makes the insert fail; the savepoint keeps
	// the transaction usable to try the next free seat.
	for range slot.Size {
		bookings, err := client.StudyVisitBooking.Query().Where(studyvisitbooking.SlotID(slot.ID)).All(ctx)
		if err != nil {
			return nil, err
		}
		seats := make([]int, 0, len(bookings))
		for _, b := range bookings {
			if b.UserID == v.UserID {
				return nil, fault.Conflictf("you have already booked this study visit").
					Sv("Du har redan en plats på det här studiebesöket.").With("studyVisitBookingID", b.ID)
			}
			seats = append(seats, b.Seat)
		}
		seat := 0
		for s := 1; s <= slot.Size; s++ {
			if !slices.Contains(seats, s) {
				seat = s
				break
			}
		}
		if seat == 0 {
			return nil, full(slot)
		}
		if _, err := client.ExecContext(ctx, "SAVEPOINT book_study_visit"); err != nil {
			return nil, err
		}
		b, err := client.StudyVisitBooking.Create().SetDepartmentID(slot.DepartmentID).
			SetSlotID(slot.ID).SetUserID(v.UserID).SetSeat(seat).Save(ctx)
		if err == nil {
			return b, tellStudyVisit(ctx, client, b, true)
		}
		if !ent.IsConstraintError(err) {
			return b, err
		}
		if _, err := client.ExecContext(ctx, "ROLLBACK TO SAVEPOINT book_study_visit"); err != nil {
			return nil, err
		}
	}
	return nil, full(slot)
}

func full(slot *ent.StudyVisitSlot) error {
	return fault.Conflictf("the study visit is fully booked (%d of %d seats)", slot.Size, slot.Size).
		Sv("Studiebesöket är fullbokat: alla %d platserna är tagna.", slot.Size).
		With("slotID", slot.ID)
}

// CanCancel reports whether v may cancel booking b now: its member or a
// visit planner (rule.MayCancelStudyVisit), until it is recorded as held.
// The web app offers "Avboka" by it; Cancel and the privacy rules refuse
// the rest.
func CanCancel(v *viewer.Viewer, b *ent.StudyVisitBooking) bool {
	return b.HeldOn == nil && rule.MayCancelStudyVisit(v, b.DepartmentID, b.UserID)
}

// CanHoldStudy reports whether v may record booking b, on a slot that
// starts at startsAt, as made now: their own booking (rule.OwnsStudyVisit),
// not recorded yet, and the slot's day today or earlier in Stockholm. The
// web app offers the form by it; HoldStudy and the privacy rules refuse
// the rest.
func CanHoldStudy(v *viewer.Viewer, b *ent.StudyVisitBooking, startsAt, now time.Time) bool {
	return b.HeldOn == nil && rule.OwnsStudyVisit(v, b.DepartmentID, b.UserID) && day(startsAt) <= today(now)
}

// day is the date of t in Stockholm.
func day(t time.Time) string { return t.In(followup.Location()).Format(time.DateOnly) }

// Cancel removes a booking that has not been held.
func Cancel(ctx context.Context, client *ent.Client, id int) error {
	// Locked, so that a visit being recorded is not cancelled under it.
	b, err := client.StudyVisitBooking.Query().Where(studyvisitbooking.ID(id)).Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return notFoundAs(err, "id", "study visit booking", "Bokningen")
	}
	if b.HeldOn != nil {
		return fault.Invalid("id", "the study visit was held on %s and cannot be cancelled", *b.HeldOn).
			Sv("Studiebesöket gjordes %s och kan inte avbokas längre.", followup.DayLabel(*b.HeldOn))
	}
	if err := client.StudyVisitBooking.DeleteOne(b).Exec(ctx); err != nil {
		return err
	}
	return tellStudyVisit(ctx, client, b, false)
}

// HoldStudy records that the member made the visit, with what they saw,
// and creates their report-back, due at the next board meeting after the
// visit, while the department's rule runs (its study-visit report-back end
// date, if any). A visit is held on or after its slot's day, and not after
// today.
func HoldStudy(ctx context.Context, client *ent.Client, id int, heldOn, notes string, now time.Time) (*ent.StudyVisitBooking, error) {
	// Locked, so that of concurrent calls one creates the report-back.
	b, err := client.StudyVisitBooking.Query().Where(studyvisitbooking.ID(id)).
		WithSlot(func(q *ent.StudyVisitSlotQuery) { q.WithOperation() }).Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return nil, notFoundAs(err, "id", "study visit booking", "Bokningen")
	}
	if b.HeldOn != nil {
		return nil, fault.Conflictf("the study visit was already held on %s", *b.HeldOn).
			Sv("Studiebesöket är redan registrerat som gjort %s.", followup.DayLabel(*b.HeldOn)).
			With("studyVisitBookingID", b.ID)
	}
	slotDay := day(b.Edges.Slot.StartsAt)
	if heldOn == "" {
		heldOn = slotDay
	} else if err := IsDate("heldOn", heldOn); err != nil {
		return nil, err
	}
	// Also keeps a visit after the rule's end date from being dated back
	// under it.
	if err := possibleHeldOn(heldOn, slotDay, studyVisit, now); err != nil {
		return nil, err
	}
	upd := client.StudyVisitBooking.UpdateOne(b).SetHeldOn(heldOn).SetNotes(notes)
	dept, err := client.Department.Get(ctx, b.DepartmentID)
	if err != nil {
		return nil, err
	}
	if until := dept.StudyVisitReportBackUntil; until == nil || heldOn <= *until {
		meeting, err := NextBoardMeeting(ctx, client, b.DepartmentID, heldOn)
		if ent.IsNotFound(err) {
			return nil, fault.Invalid("heldOn", "there is no board meeting after %s to report back at; add the board's meeting dates first", heldOn).
				Sv("Det finns inget nämndsammanträde efter %s att återrapportera på. Nämndens sammanträden behöver läggas in först.", followup.DayLabel(heldOn))
		}
		if err != nil {
			return nil, err
		}
		text := fmt.Sprintf("Återrapportering vid nämndsmötet %s om studiebesöket hos %s %s.",
			followup.DayLabel(meeting.Date), b.Edges.Slot.Edges.Operation.Name, followup.DayLabel(heldOn))
		rb, err := reportBack(ctx, client, b.DepartmentID, action.RuleStudyVisitReportBack, meeting.Date, &b.UserID, text)
		if err != nil {
			return nil, err
		}
		if rb != nil {
			upd.SetReportBackID(rb.ID)
		}
	}
	return upd.Save(ctx)
}

// MemberVisits is a board member with the operations they have visited.
type MemberVisits struct {
	User       *ent.User
	Operations []*ent.Operation
}

// Overview tells, for a department, which operations each board member
// has visited (held study visits) and which operations have had no visit.
// Every holder of a board role is listed, with or without visits.
func Overview(ctx context.Context, client *ent.Client, dept int) ([]MemberVisits, []*ent.Operation, error) {
	ops, err := client.Operation.Query().Where(operation.DepartmentID(dept)).Order(operation.ByName()).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	held, err := client.StudyVisitBooking.Query().
		Where(studyvisitbooking.DepartmentID(dept), studyvisitbooking.HeldOnNotNil()).
		WithSlot(func(q *ent.StudyVisitSlotQuery) { q.Select(studyvisitslot.FieldOperationID) }).
		All(ctx)
	if err != nil {
		return nil, nil, err
	}
	members, err := client.User.Query().
		Where(user.Or(
			user.HasAssignmentsWith(roleassignment.DepartmentID(dept), roleassignment.HasRoleWith(role.BoardMember(true))),
			user.IDIn(userIDs(held)...),
		)).
		Order(user.ByName(), user.ByID()).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	visited := map[int]map[int]bool{} // user -> operation
	anyVisit := map[int]bool{}
	for _, b := range held {
		if visited[b.UserID] == nil {
			visited[b.UserID] = map[int]bool{}
		}
		visited[b.UserID][b.Edges.Slot.OperationID] = true
		anyVisit[b.Edges.Slot.OperationID] = true
	}
	out := make([]MemberVisits, 0, len(members))
	for _, u := range members {
		mv := MemberVisits{User: u, Operations: []*ent.Operation{}}
		for _, op := range ops {
			if visited[u.ID][op.ID] {
				mv.Operations = append(mv.Operations, op)
			}
		}
		out = append(out, mv)
	}
	var none []*ent.Operation
	for _, op := range ops {
		if !anyVisit[op.ID] {
			none = append(none, op)
		}
	}
	return out, none, nil
}

func userIDs(bs []*ent.StudyVisitBooking) []int {
	ids := make([]int, len(bs))
	for i, b := range bs {
		ids[i] = b.UserID
	}
	return ids
}
