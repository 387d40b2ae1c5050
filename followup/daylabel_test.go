package followup

import (
	"testing"
	"time"
)

func TestTimeLabelAcrossSummerTime(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 7, 13, 5, 0, 0, time.UTC), "7 december 2026 kl. 14:05"},                      // winter: UTC+1
		{time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC), "1 juli 2026 kl. 12:00"},                           // summer: UTC+2
		{time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "29 mars 2026 kl. 01:59"},                         // the last minute of winter time
		{time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "29 mars 2026 kl. 03:00"},                          // the clocks go forward
		{time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "1 januari 2027 kl. 00:30"},                     // already next year in Stockholm
		{time.Date(2026, 12, 7, 9, 0, 0, 0, time.FixedZone("EST", -5*3600)), "7 december 2026 kl. 15:00"}, // whatever zone it comes in
	} {
		if got := TimeLabel(c.at); got != c.want {
			t.Errorf("TimeLabel(%v) = %q, want %q", c.at, got, c.want)
		}
	}
	if got := TimeLabel(time.Time{}); got != "" {
		t.Errorf("the zero time = %q, want nothing", got)
	}
}

func TestDayLabel(t *testing.T) {
	for day, want := range map[string]string{
		"2026-12-07": "7 december 2026",
		"2024-02-20": "20 februari 2024",
		"2025-01-01": "1 januari 2025",
		"§ xx":       "§ xx",
		"":           "",
	} {
		if got := DayLabel(day); got != want {
			t.Errorf("DayLabel(%q) = %q, want %q", day, got, want)
		}
	}
}
