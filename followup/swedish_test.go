package followup

import (
	"testing"
	"time"
)

func TestSwedishDates(t *testing.T) {
	for day, want := range map[string]string{
		"2024-11-02": "2 november 2024",
		"2026-01-31": "31 januari 2026",
		"2024-13-01": "2024-13-01",
		"":           "",
	} {
		if got := SwedishDate(day); got != want {
			t.Errorf("SwedishDate(%q) = %q, want %q", day, got, want)
		}
	}
	// 23:30 UTC on the last day of October is the first of November in Stockholm.
	if got := SwedishDateTime(time.Date(2024, 10, 31, 23, 30, 0, 0, time.UTC)); got != "1 november 2024 kl. 00:30" {
		t.Errorf("SwedishDateTime = %q", got)
	}
}
