package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/calendar"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
	"github.com/handlingsplan/handlingsplan/viewer"
)

func TestTheCalendarFeedShowsDeadlinesUntilRevoked(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	elin, _ := authtest.UnitManager(t, db.Client, "bollebygd-socialforvaltningen", "Hemsjukvården", "Enhetschef")
	ctx := viewer.NewContext(context.Background(), elin)
	feed, path, err := calendar.Create(ctx, db.Client)
	if err != nil {
		t.Fatal(err)
	}
	// No session: calendar programs fetch the secret address as it is.
	srv := httptest.NewServer(server.New(db, signedIn{}, slog.New(slog.DiscardHandler), server.Options{}))
	defer srv.Close()
	fetch := func(p string) (int, string, string) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+p, nil)
		req.Header.Set("X-Anonymous", "1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	status, ct, ics := fetch(path)
	if status != http.StatusOK || !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("feed = %d %q", status, ct)
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "DTSTART;VALUE=DATE:20241231", "SUMMARY:Verksamheterna återrapporterar", "END:VCALENDAR\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("the feed lacks %q", want)
		}
	}
	for _, line := range strings.Split(ics, "\r\n") {
		if len(line) > 75 {
			t.Errorf("a line of %d octets is not folded: %.40q", len(line), line)
		}
	}
	if status, _, _ := fetch("/calendar/not-the-token.ics"); status != http.StatusNotFound {
		t.Errorf("a guessed address = %d, want 404", status)
	}
	if err := calendar.Revoke(ctx, db.Client, feed.ID); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := fetch(path); status != http.StatusNotFound {
		t.Errorf("a revoked feed = %d, want 404", status)
	}
	other := authtest.User(t, db.Client, "bollebygd-socialforvaltningen", "Medarbetare")
	if err := calendar.Revoke(viewer.NewContext(context.Background(), other), db.Client, feed.ID); err == nil {
		t.Error("someone else revoked the feed")
	}
}

// TestTheCalendarFeedHoldsWhatConcernsItsPerson: besides deadlines, the
// board meetings of the person's department with the operation that
// visits, the study visits they booked, the workshops where they have a
// seat and the APT dates of the unit they manage; not another unit's APT,
// a workshop where they wait, a visit someone else booked, what is long
// past, or anything of another department.
func TestTheCalendarFeedHoldsWhatConcernsItsPerson(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		c := db.Client
		sys := rule.SystemContext(context.Background(), "test")
		res := planstest.ImportBollebygd(t, c, planstest.BollebygdSlug)
		dept := res.DepartmentID
		elin, unitID := authtest.UnitManager(t, c, planstest.BollebygdSlug, "Hemsjukvården", "Enhetschef")
		other, otherUnit := authtest.UnitManager(t, c, planstest.BollebygdSlug, "Hemtjänsten", "Enhetschef")
		op := c.Unit.GetX(sys, unitID).OperationID
		area := c.OperationArea.Query().Where(operationarea.DepartmentID(dept)).FirstIDX(sys)
		day := func(days int) string { return time.Now().AddDate(0, 0, days).Format(time.DateOnly) }
		ics := func(d string) string { return strings.ReplaceAll(d, "-", "") }

		c.WorkplaceMeeting.Create().SetDepartmentID(dept).SetUnitID(unitID).SetDate(day(10)).ExecX(sys)
		c.WorkplaceMeeting.Create().SetDepartmentID(dept).SetUnitID(unitID).SetDate(day(-200)).ExecX(sys)
		c.WorkplaceMeeting.Create().SetDepartmentID(dept).SetUnitID(otherUnit).SetDate(day(11)).ExecX(sys)
		m := c.BoardMeeting.Create().SetDepartmentID(dept).SetDate(day(20)).SaveX(sys)
		c.BoardVisit.Create().SetDepartmentID(dept).SetMeetingID(m.ID).SetOperationID(op).ExecX(sys)
		start := time.Now().AddDate(0, 0, 30).Truncate(time.Hour)
		booked := c.StudyVisitSlot.Create().SetDepartmentID(dept).SetOperationID(op).SetStartsAt(start).SetSize(2).SaveX(sys)
		c.StudyVisitBooking.Create().SetDepartmentID(dept).SetSlotID(booked.ID).SetUserID(elin.UserID).SetSeat(1).ExecX(sys)
		notMine := c.StudyVisitSlot.Create().SetDepartmentID(dept).SetOperationID(op).SetStartsAt(start.Add(24 * time.Hour)).SetSize(2).SaveX(sys)
		c.StudyVisitBooking.Create().SetDepartmentID(dept).SetSlotID(notMine.ID).SetUserID(other.UserID).SetSeat(1).ExecX(sys)
		workshop := func(topic string, days int, state workshopregistration.State) {
			w := c.Workshop.Create().SetDepartmentID(dept).SetTopic(topic).SetDate(day(days)).SetCapacity(5).
				SetRegistrationOpensAt(time.Now()).SetRegistrationClosesAt(time.Now()).SetMinimums(map[string]int{}).SaveX(sys)
			c.WorkshopRegistration.Create().SetDepartmentID(dept).SetWorkshopID(w.ID).SetUserID(elin.UserID).
				SetOperationAreaID(area).SetState(state).ExecX(sys)
		}
		workshop("Tillit i vardagen", 40, workshopregistration.StateSeated)
		workshop("Väntelistans workshop", 41, workshopregistration.StateWaitlisted)
		// Another department, where Elin is no member.
		annan := planstest.ImportBollebygd(t, c, "annan-forvaltning").DepartmentID
		c.BoardMeeting.Create().SetDepartmentID(annan).SetDate(day(21)).ExecX(sys)

		_, path, err := calendar.Create(viewer.NewContext(context.Background(), elin), c)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(server.New(db, signedIn{}, slog.New(slog.DiscardHandler), server.Options{}))
		defer srv.Close()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("X-Anonymous", "1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		feed := strings.ReplaceAll(string(b), "\r\n ", "") // unfolded
		for _, want := range []string{
			"DTSTART;VALUE=DATE:" + ics(day(10)) + "\r\nDTEND;VALUE=DATE:",
			"SUMMARY:APT på Hemsjukvården\r\nCATEGORIES:APT",
			"DTSTART;VALUE=DATE:" + ics(day(20)),
			"SUMMARY:Nämndsammanträde – besök av Hemsjukvården\r\nCATEGORIES:Nämndsammanträde",
			"DTSTART:" + start.UTC().Format("20060102T150405Z") + "\r\nSUMMARY:Studiebesök hos Hemsjukvården",
			"SUMMARY:Workshop: Tillit i vardagen",
			"SUMMARY:Verksamheterna återrapporterar", // a deadline, as before
		} {
			if !strings.Contains(feed, want) {
				t.Errorf("the feed lacks %q", want)
			}
		}
		for _, not := range []string{
			"APT på Hemtjänsten",                       // another unit's APT
			ics(day(-200)),                             // long past
			"Väntelistans workshop",                    // waiting, no seat
			"UID:studyvisit-" + itoa(notMine.ID) + "@", // someone else's visit
			"DTSTART;VALUE=DATE:" + ics(day(21)),       // another department's meeting
		} {
			if strings.Contains(feed, not) {
				t.Errorf("the feed holds %q", not)
			}
		}
		if n := strings.Count(feed, "SUMMARY:Nämndsammanträde"); n != 1 {
			t.Errorf("%d board meetings in the feed, want 1", n)
		}
	})
}
