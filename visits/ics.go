package visits

import (
	"context"
	"slices"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
)

// Event is a meeting read from an iCalendar file.
type Event struct {
	Date    string // YYYY-MM-DD, in Stockholm
	Summary string
}

// The bounds of one file's expansion: a series without COUNT or UNTIL
// runs for openSeries from its start, and a file gives at most maxEvents
// meetings, so that one line (FREQ=DAILY) cannot fill the database.
const (
	maxEvents  = 500
	openYears  = 2
	openSeries = "två år"
)

// ParseICS reads the meetings of an iCalendar text (RFC 5545), parsed by
// emersion/go-ical and its recurrences expanded by teambition/rrule-go:
// every VEVENT on its DTSTART, and a recurring one on every instance of
// its RRULE and RDATEs, less its EXDATEs. Events with STATUS:CANCELLED
// are left out, and so are the instances that a RECURRENCE-ID override
// cancels; an override that moves an instance moves its date. Times keep
// their TZID (an instance at 13:00 Stockholm stays at 13:00 across a
// daylight-saving change), times without one are Stockholm's, UTC times
// are turned into Stockholm's date. The result is in date order, one
// event a date.
func ParseICS(text string) ([]Event, error) {
	cal, err := ical.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return nil, fault.Invalid("ics", "cannot read the calendar: %v", err).
			Sv("Kalenderfilen går inte att läsa. Välj en kalender i formatet iCalendar (.ics).")
	}
	loc := followup.Location()
	type instance struct {
		uid, date string // the date an override names (RECURRENCE-ID)
	}
	overrides := map[instance]*ical.Event{}
	var masters []ical.Event
	for i, ev := range cal.Events() {
		if ev.Props.Get(ical.PropDateTimeStart) == nil {
			return nil, fault.Invalid("ics", "event %d has no DTSTART", i+1).
				Sv("Händelse %d i kalenderfilen saknar startdag (DTSTART).", i+1)
		}
		if rid := ev.Props.Get(ical.PropRecurrenceID); rid != nil {
			t, err := rid.DateTime(loc)
			if err != nil {
				return nil, badTime(i, "RECURRENCE-ID", rid.Value)
			}
			overrides[instance{uid(ev), day(t)}] = &ev
			continue
		}
		masters = append(masters, ev)
	}

	byDate := map[string]string{}
	add := func(date, summary string) error {
		if _, ok := byDate[date]; ok {
			return nil
		}
		if len(byDate) == maxEvents {
			return fault.Invalid("ics", "the calendar gives more than %d meetings", maxEvents).
				Sv("Kalenderfilen ger fler än %d sammanträden. Dela upp den, eller ge återkommande händelser ett slut (UNTIL eller COUNT).", maxEvents)
		}
		byDate[date] = summary
		return nil
	}
	for i, ev := range masters {
		if cancelled(ev) {
			continue
		}
		dates, err := occurrences(i, ev, loc)
		if err != nil {
			return nil, err
		}
		for _, d := range dates {
			summary := summaryOf(ev)
			if o := overrides[instance{uid(ev), d}]; o != nil {
				if cancelled(*o) {
					continue
				}
				t, err := o.DateTimeStart(loc)
				if err != nil {
					return nil, badTime(i, "DTSTART", o.Props.Get(ical.PropDateTimeStart).Value)
				}
				d = day(t)
				if s := summaryOf(*o); s != "" {
					summary = s
				}
			}
			if err := add(d, summary); err != nil {
				return nil, err
			}
		}
	}
	if len(byDate) == 0 {
		return nil, fault.Invalid("ics", "the calendar has no events (VEVENT)").
			Sv("Kalenderfilen innehåller inga sammanträden (inga VEVENT som inte är inställda).")
	}
	events := make([]Event, 0, len(byDate))
	for d, s := range byDate {
		events = append(events, Event{d, s})
	}
	slices.SortFunc(events, func(a, b Event) int { return strings.Compare(a.Date, b.Date) })
	return events, nil
}

// occurrences returns the Stockholm dates of an event: its start alone,
// or every instance of its recurrence set, bounded (see maxEvents).
func occurrences(i int, ev ical.Event, loc *time.Location) ([]string, error) {
	start, err := ev.DateTimeStart(loc)
	if err != nil {
		return nil, badTime(i, "DTSTART", ev.Props.Get(ical.PropDateTimeStart).Value)
	}
	excluded := map[string]bool{}
	for _, p := range ev.Props.Values(ical.PropExceptionDates) {
		ts, err := times(p, loc)
		if err != nil {
			return nil, badTime(i, "EXDATE", p.Value)
		}
		for _, t := range ts {
			excluded[day(t)] = true
		}
	}
	var dates []string
	keep := func(t time.Time) bool {
		if d := day(t); !excluded[d] {
			dates = append(dates, d)
		}
		return len(dates) <= maxEvents
	}
	for _, p := range ev.Props.Values(ical.PropRecurrenceDates) {
		ts, err := times(p, loc)
		if err != nil {
			return nil, badTime(i, "RDATE", p.Value)
		}
		for _, t := range ts {
			keep(t)
		}
	}
	opt, err := ev.Props.RecurrenceRule()
	if err != nil {
		return nil, fault.Invalid("ics", "event %d: %v", i+1, err).
			Sv("Händelse %d i kalenderfilen har en upprepning (RRULE) som inte går att läsa.", i+1)
	}
	if opt == nil {
		keep(start)
		return dates, nil
	}
	opt.Dtstart = start // in its TZID, so that the wall-clock time is kept across DST
	if opt.Count == 0 && opt.Until.IsZero() {
		opt.Until = start.AddDate(openYears, 0, 0)
	}
	rule, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, fault.Invalid("ics", "event %d: %v", i+1, err).
			Sv("Händelse %d i kalenderfilen har en upprepning (RRULE) som inte går att läsa.", i+1)
	}
	next := rule.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		if !keep(t) {
			break // past any file's bound: ParseICS refuses it
		}
	}
	return dates, nil
}

// times reads an EXDATE or RDATE, which may list several values.
func times(p ical.Prop, loc *time.Location) ([]time.Time, error) {
	var ts []time.Time
	for _, v := range strings.Split(p.Value, ",") {
		one := p
		one.Value = strings.TrimSpace(v)
		t, err := one.DateTime(loc)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

func badTime(i int, prop, value string) error {
	return fault.Invalid("ics", "event %d: %s %q is not a date or time", i+1, prop, value).
		Sv("Händelse %d i kalenderfilen: %s %q går inte att läsa som dag eller tid.", i+1, prop, value)
}

func cancelled(ev ical.Event) bool {
	s, err := ev.Status()
	return err == nil && s == ical.EventCancelled
}

func uid(ev ical.Event) string {
	s, _ := ev.Props.Text(ical.PropUID)
	return s
}

// summaryOf is an event's summary on one line.
func summaryOf(ev ical.Event) string {
	s, _ := ev.Props.Text(ical.PropSummary)
	return strings.Join(strings.Fields(s), " ")
}

// ImportMeetings creates a board meeting for every event of an iCalendar
// text whose date the department does not have yet, with the event's
// summary as note, and returns the new meetings in date order.
func ImportMeetings(ctx context.Context, client *ent.Client, dept int, ics string) ([]*ent.BoardMeeting, error) {
	events, err := ParseICS(ics)
	if err != nil {
		return nil, err
	}
	// Concurrent imports of one calendar add each date once.
	if err := lockDepartment(ctx, client, dept); ent.IsNotFound(err) {
		return nil, noDepartment // another department's, or none
	} else if err != nil {
		return nil, err
	}
	have, err := client.BoardMeeting.Query().Where(boardmeeting.DepartmentID(dept)).Select(boardmeeting.FieldDate).Strings(ctx)
	if err != nil {
		return nil, err
	}
	var created []*ent.BoardMeeting
	for _, e := range events {
		if slices.Contains(have, e.Date) {
			continue
		}
		m, err := client.BoardMeeting.Create().SetDepartmentID(dept).SetDate(e.Date).SetNote(e.Summary).Save(ctx)
		if err != nil {
			return nil, err
		}
		created = append(created, m)
	}
	return created, nil
}

// ImportWorkplaceMeetings creates an APT date of a unit for every event of
// an iCalendar text whose date the unit does not have yet, and returns
// the new ones in date order. The unit's row is locked, so that
// concurrent imports add each date once; (unit, date) is unique besides.
func ImportWorkplaceMeetings(ctx context.Context, client *ent.Client, unitID int, ics string) ([]*ent.WorkplaceMeeting, error) {
	events, err := ParseICS(ics)
	if err != nil {
		return nil, err
	}
	u, err := client.Unit.Query().Where(unit.ID(unitID)).Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return nil, notFoundAs(err, "unitID", "unit", "Enheten")
	}
	have, err := client.WorkplaceMeeting.Query().Where(workplacemeeting.UnitID(unitID)).Select(workplacemeeting.FieldDate).Strings(ctx)
	if err != nil {
		return nil, err
	}
	var created []*ent.WorkplaceMeeting
	for _, e := range events {
		if slices.Contains(have, e.Date) {
			continue
		}
		m, err := client.WorkplaceMeeting.Create().SetUnitID(unitID).SetDepartmentID(u.DepartmentID).SetDate(e.Date).Save(ctx)
		if err != nil {
			return nil, err
		}
		created = append(created, m)
	}
	return created, nil
}
