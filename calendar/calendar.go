// Package calendar serves a user's deadlines, and the meetings, visits,
// workshops and APT dates that concern them, as an iCalendar feed at a
// secret, revocable address, so they show up in Outlook and other
// calendars. Only the SHA-256 of the address's token is stored.
package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/calendarfeed"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// Create makes a new feed for the viewer and returns it with the path of
// its address; the token is shown only now.
func Create(ctx context.Context, client *ent.Client) (*ent.CalendarFeed, string, error) {
	v := viewer.FromContext(ctx)
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	feed, err := client.CalendarFeed.Create().SetUserID(v.UserID).SetTokenHash(hash(token)).Save(ctx)
	if err != nil {
		return nil, "", err
	}
	return feed, "/calendar/" + token + ".ics", nil
}

// List gives the viewer's feeds that still work, newest first.
func List(ctx context.Context, client *ent.Client) ([]*ent.CalendarFeed, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	return client.CalendarFeed.Query().
		Where(calendarfeed.UserID(v.UserID), calendarfeed.RevokedAtIsNil()).
		Order(ent.Desc(calendarfeed.FieldCreatedAt), ent.Desc(calendarfeed.FieldID)).All(ctx)
}

// Revoke ends a feed of the viewer's; its address stops working.
func Revoke(ctx context.Context, client *ent.Client, id int) error {
	return client.CalendarFeed.UpdateOneID(id).SetRevokedAt(time.Now()).Exec(ctx)
}

func hash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Handler serves GET /calendar/{file}, file being TOKEN.ics. The token is
// the credential: no session is needed, as calendar programs have none.
func Handler(client *ent.Client, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
		if !ok {
			fault.WriteText(w, http.StatusNotFound, fault.NotFound)
			return
		}
		sys := rule.SystemContext(r.Context(), "calendar")
		feed, err := client.CalendarFeed.Query().
			Where(calendarfeed.TokenHash(hash(token)), calendarfeed.RevokedAtIsNil()).Only(sys)
		if err != nil {
			fault.WriteText(w, http.StatusNotFound, fault.NotFound)
			return
		}
		v, err := auth.LoadViewer(r.Context(), client, feed.UserID)
		if err != nil {
			logger.ErrorContext(r.Context(), "calendar viewer", "error", err.Error())
			fault.WriteText(w, http.StatusInternalServerError, fault.Internal)
			return
		}
		now := time.Now()
		ctx := viewer.NewContext(r.Context(), v)
		items, err := progress.MyActions(ctx, client, now, progress.Filter{})
		if err != nil {
			logger.ErrorContext(r.Context(), "calendar items", "error", err.Error())
			fault.WriteText(w, http.StatusInternalServerError, fault.Internal)
			return
		}
		events, err := progress.PersonEvents(ctx, client, v.UserID, v.DepartmentIDs(), now.AddDate(0, 0, -History))
		if err != nil {
			logger.ErrorContext(r.Context(), "calendar events", "error", err.Error())
			fault.WriteText(w, http.StatusInternalServerError, fault.Internal)
			return
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Cache-Control", "private, max-age=900")
		_ = Write(w, items, events, now)
	})
}

// History is how many days back the feed shows meetings, visits,
// workshops and APT dates; deadlines show while they are not done.
const History = 90

// Write renders items as an iCalendar (RFC 5545) with one all-day event per
// deadline: the last day of a month action's month, and the last day of a
// continuous action's current period. When-needed actions have none. Each
// of events follows: an all-day event, or one at its start time (study
// visits).
func Write(w io.Writer, items []progress.Item, events []progress.Event, now time.Time) error {
	out := &writer{w: w}
	out.line("BEGIN:VCALENDAR")
	out.line("VERSION:2.0")
	out.line("PRODID:-//Handlingsplan//SV")
	out.line("CALSCALE:GREGORIAN")
	out.line("METHOD:PUBLISH")
	out.line("X-WR-CALNAME:" + escape("Handlingsplan – mitt ansvar"))
	out.line("X-WR-TIMEZONE:Europe/Stockholm")
	stamp := now.UTC().Format("20060102T150405Z")
	for _, it := range items {
		if it.Result.Due == nil || it.Result.Status == followup.Done {
			continue
		}
		last := it.Result.Due.In(followup.Location()).Add(-time.Nanosecond)
		summary := it.Action.Text
		slot := "deadline"
		if it.Result.Kind == followup.KindContinuous && len(it.Result.Periods) > 0 {
			p := it.Result.Periods[len(it.Result.Periods)-1].Period
			summary = "Uppföljning " + p.Label + ": " + summary
			slot = p.Key
		}
		out.line("BEGIN:VEVENT")
		out.line(fmt.Sprintf("UID:action-%d-%s@handlingsplan", it.Action.ID, slot))
		out.line("DTSTAMP:" + stamp)
		out.line("DTSTART;VALUE=DATE:" + last.Format("20060102"))
		out.line("DTEND;VALUE=DATE:" + last.AddDate(0, 0, 1).Format("20060102"))
		out.line("SUMMARY:" + escape(summary))
		out.line("DESCRIPTION:" + escape(it.Plan.Title+" ("+it.Plan.RegistryNumber+"). Klart när: "+progress.DeadlineLabel(it.Action)+"."))
		out.line("TRANSP:TRANSPARENT")
		out.line("END:VEVENT")
	}
	for _, e := range events {
		out.line("BEGIN:VEVENT")
		out.line("UID:" + e.Key + "@handlingsplan")
		out.line("DTSTAMP:" + stamp)
		if e.Start != nil {
			// A time of day without an end: the event is a moment (RFC 5545 3.6.1).
			out.line("DTSTART:" + e.Start.UTC().Format("20060102T150405Z"))
		} else if day, err := time.Parse(time.DateOnly, e.Date); err == nil {
			out.line("DTSTART;VALUE=DATE:" + day.Format("20060102"))
			out.line("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"))
		}
		out.line("SUMMARY:" + escape(e.Label))
		out.line("CATEGORIES:" + escape(e.Kind.Label()))
		if e.Start != nil {
			out.line("TRANSP:OPAQUE") // a visit takes the time
		} else {
			out.line("TRANSP:TRANSPARENT")
		}
		out.line("END:VEVENT")
	}
	out.line("END:VCALENDAR")
	return out.err
}

// writer writes content lines: CRLF-terminated and folded at 75 octets
// without splitting a UTF-8 character.
type writer struct {
	w   io.Writer
	err error
}

func (o *writer) line(s string) {
	if o.err != nil {
		return
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	_, o.err = io.WriteString(o.w, b.String())
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "").Replace(s)
}
