package notify

import (
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
)

func stockholm(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, followup.Location())
	if err != nil {
		panic(err)
	}
	return t
}

// A reminder comes from the calendar day N days before the deadline, by
// Stockholm's calendar: across a month end and the change to summer time
// (29 March 2026) alike, and not once the deadline has passed or the
// action is done.
func TestReminderDay(t *testing.T) {
	item := func(due string, st followup.Status) *progress.Item {
		d := stockholm(due)
		return &progress.Item{Result: followup.Result{Status: st, Due: &d}}
	}
	tests := []struct {
		name, due, asOf string
		status          followup.Status
		want            bool
	}{
		{"March deadline, the evening before the day", "2026-04-01 00:00", "2026-03-24 23:59", followup.NotStarted, false},
		{"March deadline, its reminder day (DST in between)", "2026-04-01 00:00", "2026-03-25 00:00", followup.NotStarted, true},
		{"March deadline, its last day", "2026-04-01 00:00", "2026-03-31 23:59", followup.DueSoon, true},
		{"March deadline, passed", "2026-04-01 00:00", "2026-04-01 00:00", followup.Overdue, false},
		{"March deadline, done", "2026-04-01 00:00", "2026-03-26 10:00", followup.Done, false},
		{"February deadline across the month end", "2026-03-01 00:00", "2026-02-22 00:00", followup.NotStarted, true},
		{"February deadline, a day early", "2026-03-01 00:00", "2026-02-21 23:00", followup.NotStarted, false},
		{"autumn term end (back to winter time in October)", "2027-01-01 00:00", "2026-12-25 07:00", followup.Missed, true},
		{"period end across the October change", "2026-11-01 00:00", "2026-10-25 00:00", followup.NotStarted, true},
		{"period end across the October change, early", "2026-11-01 00:00", "2026-10-24 23:59", followup.NotStarted, false},
	}
	for _, tt := range tests {
		if got := reminderDue(item(tt.due, tt.status), 7, stockholm(tt.asOf)); got != tt.want {
			t.Errorf("%s: got %v", tt.name, got)
		}
	}
	if reminderDue(&progress.Item{Result: followup.Result{Status: followup.Logged}}, 7, stockholm("2026-03-25 00:00")) {
		t.Error("an action without a deadline got a reminder")
	}
}

// The digest's hour is Stockholm's, on both sides of a change of time.
func TestDigestTime(t *testing.T) {
	s := Settings{DigestWeekday: time.Monday, DigestHour: 7}
	for asOf, want := range map[string]string{
		"2026-03-29 12:00": "2026-03-23 07:00", // Sunday: the week began on the 23rd, winter time
		"2026-03-30 06:00": "2026-03-30 07:00", // summer time
		"2026-10-26 09:00": "2026-10-26 07:00", // winter time again
		"2027-01-03 23:00": "2026-12-28 07:00", // ISO week 53 over the new year
	} {
		if got := s.DigestTime(stockholm(asOf)); !got.Equal(stockholm(want)) {
			t.Errorf("as of %s: %s, want %s", asOf, got, want)
		}
	}
	fri := Settings{DigestWeekday: time.Friday, DigestHour: 15}
	if got := fri.DigestTime(stockholm("2026-03-30 06:00")); !got.Equal(stockholm("2026-04-03 15:00")) {
		t.Errorf("Friday 15: %s", got)
	}
	if weekKey(stockholm("2027-01-03 23:00")) != "2026-W53" {
		t.Errorf("week key %s", weekKey(stockholm("2027-01-03 23:00")))
	}
}
