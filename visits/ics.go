package visits

import (
	"bufio"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
)

// Event is a meeting read from an iCalendar file.
type Event struct {
	Date    string // YYYY-MM-DD, in Stockholm
	Summary string
}

// ParseICS reads the start date and summary of every VEVENT in an
// iCalendar text (RFC 5545): DTSTART as a date (VALUE=DATE), a local time
// (with or without TZID, taken as Stockholm's), or a UTC time (ending in Z,
// turned into Stockholm's date). Folded lines are unfolded. Events without
// a readable DTSTART are errors naming their line.
func ParseICS(text string) ([]Event, error) {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		l := strings.TrimRight(sc.Text(), "\r")
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fault.Invalid("ics", "cannot read the calendar: %v", err).
			Sv("Kalenderfilen går inte att läsa. Välj nämndens kalender i formatet iCalendar (.ics).")
	}
	var events []Event
	var cur *Event
	begin := 0
	for i, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		prop, params, _ := strings.Cut(name, ";")
		switch strings.ToUpper(prop) {
		case "BEGIN":
			if strings.EqualFold(value, "VEVENT") {
				cur, begin = &Event{}, i+1
			}
		case "END":
			if strings.EqualFold(value, "VEVENT") && cur != nil {
				if cur.Date == "" {
					return nil, fault.Invalid("ics", "the event at line %d has no DTSTART", begin).
						Sv("Händelsen på rad %d i kalenderfilen saknar startdag (DTSTART).", begin)
				}
				events = append(events, *cur)
				cur = nil
			}
		case "DTSTART":
			if cur == nil {
				continue
			}
			d, err := icsDate(value, params)
			if err != nil {
				return nil, fault.Invalid("ics", "line %d: DTSTART %q is not a date or time", i+1, value).
					Sv("Rad %d i kalenderfilen: startdagen %q går inte att läsa.", i+1, value)
			}
			cur.Date = d
		case "SUMMARY":
			if cur != nil {
				cur.Summary = unescape(value)
			}
		}
	}
	if len(events) == 0 {
		return nil, fault.Invalid("ics", "the calendar has no events (VEVENT)").
			Sv("Kalenderfilen innehåller inga sammanträden (inga VEVENT).")
	}
	return events, nil
}

func icsDate(value, params string) (string, error) {
	value = strings.TrimSpace(value)
	switch {
	case len(value) == 8 || strings.Contains(strings.ToUpper(params), "VALUE=DATE") && !strings.Contains(value, "T"):
		t, err := time.Parse("20060102", value)
		return t.Format(time.DateOnly), err
	case strings.HasSuffix(value, "Z"):
		t, err := time.Parse("20060102T150405Z", value)
		return t.In(followup.Location()).Format(time.DateOnly), err
	}
	t, err := time.Parse("20060102T150405", value)
	return t.Format(time.DateOnly), err
}

func unescape(s string) string {
	return strings.NewReplacer(`\n`, " ", `\N`, " ", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
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
	seen := map[string]bool{}
	for _, d := range have {
		seen[d] = true
	}
	var created []*ent.BoardMeeting
	for _, e := range events {
		if seen[e.Date] {
			continue
		}
		seen[e.Date] = true
		m, err := client.BoardMeeting.Create().SetDepartmentID(dept).SetDate(e.Date).SetNote(e.Summary).Save(ctx)
		if err != nil {
			return nil, err
		}
		created = append(created, m)
	}
	slicesSortByDate(created)
	return created, nil
}

func slicesSortByDate(ms []*ent.BoardMeeting) {
	slices.SortStableFunc(ms, func(a, b *ent.BoardMeeting) int { return strings.Compare(a.Date, b.Date) })
}
