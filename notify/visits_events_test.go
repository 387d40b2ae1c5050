package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/notify"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/visits"
)

// waitEvents relays the outbox and waits until every event's job has
// ended and want has at least one mail.
func (f *fixture) waitEvents(t *testing.T, s *notify.Service, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := s.RelayOutbox(context.Background()); err != nil {
			t.Fatal(err)
		}
		var open, queued int
		f.db.SQL.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'notify_send' AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&open)
		f.db.SQL.QueryRow(`SELECT COUNT(*) FROM notification_outbox`).Scan(&queued)
		if open == 0 && queued == 0 && len(f.relay.to(want)) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("events not sent: %d jobs open, %d in the outbox", open, queued)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // anything doubled would arrive now
}

// TestBoardVisitMoved: a board meeting whose date changes moves the visit
// placed at it, and the visiting unit's manager is mailed once, through
// the relay; a change that rolls back mails no one, and no one of another
// department or without a part in the visit is mailed.
func TestBoardVisitMoved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		solen := db.Client.Unit.Query().Where(unit.ManagerID(f.elin)).OnlyX(ctx)
		m := db.Client.BoardMeeting.Create().SetDepartmentID(f.dept).SetDate("2026-12-10").SaveX(ctx)
		db.Client.BoardVisit.Create().SetDepartmentID(f.dept).SetMeetingID(m.ID).
			SetOperationID(solen.OperationID).SetUnitID(solen.ID).SaveX(ctx)
		// The other department has a visit of Olle's unit, untouched.
		op := db.Client.Operation.Create().SetName("Månen").SetDepartmentID(f.otherDept).SaveX(ctx)
		u := db.Client.Unit.Create().SetName("Månen").SetOperationID(op.ID).SetManagerID(f.olle).SetDepartmentID(f.otherDept).SaveX(ctx)
		om := db.Client.BoardMeeting.Create().SetDepartmentID(f.otherDept).SetDate("2026-12-10").SaveX(ctx)
		db.Client.BoardVisit.Create().SetDepartmentID(f.otherDept).SetMeetingID(om.ID).SetOperationID(op.ID).SetUnitID(u.ID).SaveX(ctx)

		move := func(commit bool, in ent.UpdateBoardMeetingInput) {
			t.Helper()
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := visits.UpdateMeeting(ctx, tx.Client(), m.ID, in); err != nil {
				t.Fatal(err)
			}
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		day := func(s string) *string { return &s }
		move(false, ent.UpdateBoardMeetingInput{Date: day("2026-12-17")}) // rolled back: no mail
		move(true, ent.UpdateBoardMeetingInput{Date: day("2026-12-14")})
		move(true, ent.UpdateBoardMeetingInput{Date: day("2026-12-14")})            // the same date again
		move(true, ent.UpdateBoardMeetingInput{Note: day("Sammanträdet i Borgen")}) // not moved

		s := f.start(t, "a", at("2026-12-21 06:00"), notify.Options{})
		f.waitEvents(t, s, elinMail)
		got := f.relay.to(elinMail)
		if len(got) != 1 {
			t.Fatalf("Elin got %d mails of the moved visit, want 1", len(got))
		}
		if subject := decodeHeader(got[0].Header.Get("Subject")); subject != "Ert besök hos nämnden är flyttat till 14 december 2026" {
			t.Errorf("subject %q", subject)
		}
		body := decodeBody(t, got[0])
		for _, want := range []string{"från 10 december 2026 till 14 december 2026", "Solen", "https://handlingsplan.kommun.test/besok"} {
			if !strings.Contains(body, want) {
				t.Errorf("mail lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "17 december") {
			t.Error("the rolled-back date was mailed")
		}
		for _, other := range []string{olleMail, fridaMail, nilsMail} {
			if n := len(f.relay.to(other)); n != 0 {
				t.Errorf("%s got %d mails", other, n)
			}
		}
	})
}

// TestStudyVisitChanged: a study visit slot moved to another time mails
// each member booked on it once, through the relay; a change that rolls
// back mails no one; the unit's manager and the other department's people
// get nothing of it.
func TestStudyVisitChanged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		solen := db.Client.Unit.Query().Where(unit.ManagerID(f.elin)).OnlyX(ctx)
		starts := at("2026-12-28 09:00")
		slot := db.Client.StudyVisitSlot.Create().SetDepartmentID(f.dept).SetOperationID(solen.OperationID).
			SetStartsAt(starts).SetSize(3).SaveX(ctx)
		// Frida and Nils booked it (as board members would).
		for i, u := range []int{f.frida, f.nils} {
			db.Client.StudyVisitBooking.Create().SetDepartmentID(f.dept).SetSlotID(slot.ID).SetUserID(u).SetSeat(i + 1).ExecX(ctx)
		}
		// Olle booked a slot of his own department at the same time.
		op := db.Client.Operation.Create().SetName("Månen").SetDepartmentID(f.otherDept).SaveX(ctx)
		other := db.Client.StudyVisitSlot.Create().SetDepartmentID(f.otherDept).SetOperationID(op.ID).SetStartsAt(starts).SetSize(1).SaveX(ctx)
		db.Client.StudyVisitBooking.Create().SetDepartmentID(f.otherDept).SetSlotID(other.ID).SetUserID(f.olle).SetSeat(1).ExecX(ctx)

		change := func(commit bool, c visits.SlotChange) {
			t.Helper()
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := visits.ChangeSlot(ctx, tx.Client(), slot.ID, c, at("2026-12-01 12:00")); err != nil {
				t.Fatal(err)
			}
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		later, lost := at("2026-12-29 13:30"), at("2026-12-30 10:00")
		change(false, visits.SlotChange{StartsAt: &lost})
		change(true, visits.SlotChange{StartsAt: &later})
		change(true, visits.SlotChange{StartsAt: &later}) // the same time again

		s := f.start(t, "a", at("2026-12-21 06:00"), notify.Options{})
		f.waitEvents(t, s, fridaMail)
		for _, to := range []string{fridaMail, nilsMail} {
			got := f.relay.to(to)
			if len(got) != 1 {
				t.Errorf("%s got %d mails of the changed visit, want 1", to, len(got))
				continue
			}
			if subject := decodeHeader(got[0].Header.Get("Subject")); subject != "Ditt studiebesök är ändrat" {
				t.Errorf("subject %q", subject)
			}
			body := decodeBody(t, got[0])
			if want := "flyttat från 28 december 2026 klockan 09.00 till 29 december 2026 klockan 13.30"; !strings.Contains(body, want) {
				t.Errorf("mail lacks %q:\n%s", want, body)
			}
			if strings.Contains(body, "30 december") {
				t.Error("the rolled-back time was mailed")
			}
		}
		for _, other := range []string{elinMail, olleMail} {
			if n := len(f.relay.to(other)); n != 0 {
				t.Errorf("%s got %d mails", other, n)
			}
		}
	})
}
