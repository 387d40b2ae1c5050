package visits

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/fault"
)

func TestParseICS(t *testing.T) {
	const cal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" +
		"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20230919\r\nSUMMARY:Socialnämnden\\, sammanträde\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Stockholm:20231017T130000\r\nSUMMARY:Socialnämnden\r\n  (lokal: Kommunhuset)\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nDTSTART:20231120T233000Z\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	got, err := ParseICS(cal)
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		{"2023-09-19", "Socialnämnden, sammanträde"},
		{"2023-10-17", "Socialnämnden (lokal: Kommunhuset)"},
		{"2023-11-21", ""}, // 23:30 UTC is past midnight in Stockholm
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseICSRefuses(t *testing.T) {
	for name, cal := range map[string]string{
		"no events":             "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
		"an event without date": "BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n",
		"a date that is not":    "BEGIN:VEVENT\nDTSTART:2023-09-19\nEND:VEVENT\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseICS(cal)
			if e, ok := fault.As(err); !ok || e.Code != fault.BadUserInput || e.Field != "ics" {
				t.Errorf("err = %v, want bad input in ics", err)
			}
		})
	}
}

// cal wraps VEVENT lines (joined with CRLF) in a calendar.
func cal(lines ...string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//SV\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VCALENDAR\r\n"
}

func dates(t *testing.T, text string) []string {
	t.Helper()
	events, err := ParseICS(text)
	if err != nil {
		t.Fatal(err)
	}
	var ds []string
	for _, e := range events {
		ds = append(ds, e.Date)
	}
	return ds
}

// A weekly series at 00:30 Stockholm crosses the end of summer time on
// 2024-10-27: expanded in UTC instead, its later instances would fall on
// Mondays. One instance is excluded (EXDATE), one cancelled and one moved
// by overrides (RECURRENCE-ID), one date added (RDATE), and a cancelled
// event of its own is left out.
func TestParseICSWeeklySeries(t *testing.T) {
	text := cal(
		"BEGIN:VEVENT", "UID:apt-1", "DTSTART;TZID=Europe/Stockholm:20241008T003000",
		"RRULE:FREQ=WEEKLY;COUNT=6", "EXDATE;TZID=Europe/Stockholm:20241015T003000",
		"RDATE;VALUE=DATE:20241220,20241221", "SUMMARY:APT", "END:VEVENT",
		"BEGIN:VEVENT", "UID:apt-1", "RECURRENCE-ID;TZID=Europe/Stockholm:20241022T003000",
		"DTSTART;TZID=Europe/Stockholm:20241022T003000", "STATUS:CANCELLED", "END:VEVENT",
		"BEGIN:VEVENT", "UID:apt-1", "RECURRENCE-ID;TZID=Europe/Stockholm:20241105T003000",
		"DTSTART;TZID=Europe/Stockholm:20241106T100000", "SUMMARY:APT (flyttad)", "END:VEVENT",
		"BEGIN:VEVENT", "UID:other", "DTSTART;VALUE=DATE:20241111", "STATUS:CANCELLED", "END:VEVENT",
	)
	events, err := ParseICS(text)
	if err != nil {
		t.Fatal(err)
	}
	want := "[{2024-10-08 APT} {2024-10-29 APT} {2024-11-06 APT (flyttad)} {2024-11-12 APT} {2024-12-20 APT} {2024-12-21 APT}]"
	if got := fmt.Sprint(events); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestParseICSMonthlyByDay(t *testing.T) {
	// Every second Tuesday, until the end of June (UNTIL in UTC).
	got := dates(t, cal("BEGIN:VEVENT", "UID:sn", "DTSTART;TZID=Europe/Stockholm:20250114T180000",
		"RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20250630T220000Z", "END:VEVENT"))
	want := []string{"2025-01-14", "2025-02-11", "2025-03-11", "2025-04-08", "2025-05-13", "2025-06-10"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseICSUntilAndCount(t *testing.T) {
	// UNTIL as a date is inclusive; COUNT with INTERVAL counts instances,
	// every other week from the week of DTSTART (a Saturday).
	got := dates(t, cal(
		"BEGIN:VEVENT", "UID:a", "DTSTART;VALUE=DATE:20250107", "RRULE:FREQ=WEEKLY;UNTIL=20250128", "END:VEVENT",
		"BEGIN:VEVENT", "UID:b", "DTSTART:20250301T090000", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3;BYDAY=MO", "END:VEVENT",
	))
	want := []string{"2025-01-07", "2025-01-14", "2025-01-21", "2025-01-28", "2025-03-10", "2025-03-24", "2025-04-07"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseICSOpenSeriesIsCut(t *testing.T) {
	got := dates(t, cal("BEGIN:VEVENT", "UID:m", "DTSTART;VALUE=DATE:20250115", "RRULE:FREQ=MONTHLY", "END:VEVENT"))
	if len(got) != 25 || got[0] != "2025-01-15" || got[24] != "2027-01-15" {
		t.Errorf("got %d dates %v, want the 25 of two years from 2025-01-15", len(got), got)
	}
}

func TestParseICSRefusesTooMany(t *testing.T) {
	for name, rule := range map[string]string{
		"an open daily series": "RRULE:FREQ=DAILY",
		"a long count":         "RRULE:FREQ=WEEKLY;COUNT=501",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseICS(cal("BEGIN:VEVENT", "UID:d", "DTSTART;VALUE=DATE:20250101", rule, "END:VEVENT"))
			e, ok := fault.As(err)
			if !ok || e.Code != fault.BadUserInput || !strings.Contains(e.Swedish(), "fler än 500 sammanträden") {
				t.Errorf("err = %v, want a Swedish refusal of more than 500", err)
			}
		})
	}
	// 500 exactly is taken.
	if got := dates(t, cal("BEGIN:VEVENT", "UID:d", "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=DAILY;COUNT=500", "END:VEVENT")); len(got) != 500 {
		t.Errorf("got %d dates, want 500", len(got))
	}
}

func TestParseICSRefusesBrokenFiles(t *testing.T) {
	for name, c := range map[string]struct{ text, sv string }{
		"not a calendar": {"hello", "går inte att läsa"},
		"a broken rule":  {cal("BEGIN:VEVENT", "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=SOMETIMES", "END:VEVENT"), "upprepning (RRULE)"},
		"a bad exdate":   {cal("BEGIN:VEVENT", "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=DAILY;COUNT=2", "EXDATE:igår", "END:VEVENT"), "EXDATE"},
		"all cancelled":  {cal("BEGIN:VEVENT", "DTSTART;VALUE=DATE:20250101", "STATUS:CANCELLED", "END:VEVENT"), "inga sammanträden"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseICS(c.text)
			e, ok := fault.As(err)
			if !ok || e.Code != fault.BadUserInput || e.Field != "ics" || !strings.Contains(e.Swedish(), c.sv) {
				t.Errorf("err = %v, want bad input in ics saying %q", err, c.sv)
			}
		})
	}
}
