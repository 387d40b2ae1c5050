package followup

import (
	"testing"
	"time"
)

func TestStatusWords(t *testing.T) {
	for _, s := range Statuses {
		if s.Label() == "" || s.Label() == string(s) {
			t.Errorf("%s has no Swedish label", s)
		}
	}
	if len(Statuses) != len(statusLabels) {
		t.Errorf("Statuses lists %d statuses, the labels %d", len(Statuses), len(statusLabels))
	}
	if DueSoon.Label() != "Snart dags" {
		t.Errorf("due soon = %q: the app and the report say it alike", DueSoon.Label())
	}
	for s, behind := range map[Status]bool{Overdue: true, Missed: true, DueSoon: false, NotStarted: false, Done: false, Logged: false} {
		if s.Behind() != behind {
			t.Errorf("%s.Behind() = %v", s, !behind)
		}
	}
}

func TestDatesAreSaidOneWay(t *testing.T) {
	tests := []struct{ got, want string }{
		{LongDate(at("2026-12-07")), "7 december 2026"},
		// 23:30 UTC on 31 December is already New Year's Day in Stockholm.
		{LongDate(time.Date(2024, 12, 31, 23, 30, 0, 0, time.UTC)), "1 januari 2025"},
		{DayLabel("2024-03-04"), "4 mars 2024"},
		{DayLabel("not a day"), "not a day"},
		{MonthLabel("2024-12"), "December 2024"},
		{MonthLabel("2024-13"), "2024-13"},
		{month("2025-06").Label(), "Juni 2025"},
		{Deadline{Kind: KindDate, Date: "2026-12-07"}.Label(), "7 december 2026"},
		{continuous.Label(), "Fortlöpande"},
		{whenNeeded.Label(), "Vid behov"},
		{Times(1), "1 gång"},
		{Times(3), "3 gånger"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestDueLabelNamesThePeriodToDoNext(t *testing.T) {
	termly := Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-02-20")}
	asOf := at("2026-12-01")
	open := Evaluate(continuous, termly, []SignOff{signedFor("2026-VT", "2026-03-01")}, asOf)
	if got, want := DueLabel(continuous, termly, open), "HT 2026, senast 31 december 2026"; got != want {
		t.Errorf("open: %q, want %q", got, want)
	}
	// Once the current period is done, what is due next is the next one,
	// never the period just done ("Klar (nästa: 31 december 2026)").
	done := Evaluate(continuous, termly, []SignOff{signedFor("2026-HT", "2026-11-20")}, asOf)
	if got, want := DueLabel(continuous, termly, done), "VT 2027, senast 30 juni 2027"; got != want {
		t.Errorf("done: %q, want %q", got, want)
	}
	later := Rules{Cadence: Quarter, Start: at("2027-02-01")}
	if got, want := DueLabel(continuous, later, Evaluate(continuous, later, nil, asOf)), "kvartal 1 2027, senast 31 mars 2027"; got != want {
		t.Errorf("not begun: %q, want %q", got, want)
	}
	// A month or a day is said once, as the plan writes it.
	day := Deadline{Kind: KindDate, Date: "2026-12-07"}
	if got := DueLabel(day, termly, Evaluate(day, termly, nil, asOf)); got != "7 december 2026" {
		t.Errorf("date: %q", got)
	}
}

func TestAContinuousActionIsBehindUntilTheCurrentPeriodIsDone(t *testing.T) {
	termly := Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-02-20")}
	asOf := at("2025-03-10")
	behind := Evaluate(continuous, termly, []SignOff{signedFor("2024-HT", "2024-10-01")}, asOf)
	if behind.Status != Missed || !behind.Status.Behind() || behind.Periods[len(behind.Periods)-1].Status != NotStarted {
		t.Errorf("VT 2024 missed, VT 2025 open: status %s, current period %s; want missed, not_started", behind.Status, behind.Periods[len(behind.Periods)-1].Status)
	}
	madeUp := Evaluate(continuous, termly, []SignOff{signedFor("2024-HT", "2024-10-01"), signedFor("2025-VT", "2025-03-01")}, asOf)
	if madeUp.Status != Done || madeUp.Missed != 1 {
		t.Errorf("VT 2025 done: status %s, missed %d; want done with VT 2024 still missed", madeUp.Status, madeUp.Missed)
	}
	late := Evaluate(continuous, termly, []SignOff{signedFor("2024-VT", "2024-06-01"), signedFor("2024-HT", "2024-10-01")}, asOf)
	if late.Status != NotStarted || late.Missed != 0 {
		t.Errorf("VT 2024 signed off late: status %s, missed %d; want not started, none missed", late.Status, late.Missed)
	}
}

func TestTimeLabelIsStockholmTime(t *testing.T) {
	// 23:30 UTC on the last day of October is the first of November in Stockholm.
	if got := TimeLabel(time.Date(2024, 10, 31, 23, 30, 0, 0, time.UTC)); got != "1 november 2024 kl. 00:30" {
		t.Errorf("TimeLabel = %q", got)
	}
}
