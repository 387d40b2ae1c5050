package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/calendar"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
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
