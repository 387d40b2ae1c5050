package visits

import (
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
