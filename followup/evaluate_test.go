package followup

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func month(m string) Deadline { return Deadline{Kind: KindMonth, Month: m} }

var (
	continuous = Deadline{Kind: KindContinuous}
	whenNeeded = Deadline{Kind: KindWhenNeeded}
)

// signed is a sign-off of a month or when-needed action on a Stockholm day.
func signed(day string) SignOff { return SignOff{DoneOn: at(day)} }

// signedFor is a sign-off of a continuous action for period key.
func signedFor(key, day string) SignOff { return SignOff{Period: key, DoneOn: at(day)} }

func TestDeadlineDue(t *testing.T) {
	tests := []struct {
		name string
		d    Deadline
		want time.Time // zero for none
	}{
		{"December 2024 is due at the first instant of 2025", month("2024-12"), at("2025-01-01")},
		{"December 2024 is due at 23:00 UTC on New Year's Eve", month("2024-12"), utc("2024-12-31T23:00:00Z")},
		{"March 2024 is due at 22:00 UTC on 31 March, in summer time", month("2024-03"), utc("2024-03-31T22:00:00Z")},
		{"February 2024 is due on 1 March, after the leap day", month("2024-02"), at("2024-03-01")},
		{"a continuous action has no due date", continuous, time.Time{}},
		{"a when-needed action has no due date", whenNeeded, time.Time{}},
		{"a month out of range has no due date", month("2024-13"), time.Time{}},
		{"a month spelled in Swedish has no due date", month("December 2024"), time.Time{}},
		{"a month deadline without a month has no due date", month(""), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.d.Due()
			if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
				t.Errorf("%+v.Due() = %v, %v; want %v", tt.d, got, ok, tt.want)
			}
		})
	}
}

func TestEvaluateMonth(t *testing.T) {
	tests := []struct {
		name     string
		d        Deadline
		soonDays int
		signOffs []SignOff
		asOf     time.Time
		want     Status
	}{
		{"an open month well before its end is not started", month("2024-12"), 14, nil, at("2024-11-01"), NotStarted},
		{"the second before the last 14 days it is not yet due soon", month("2024-12"), 14, nil, at("2024-12-17 23:59:59"), NotStarted},
		{"from midnight 14 days before the end it is due soon", month("2024-12"), 14, nil, at("2024-12-18"), DueSoon},
		{"in the last second of the month it is due soon", month("2024-12"), 14, nil, at("2024-12-31 23:59:59"), DueSoon},
		{"from the first instant of the next month it is overdue", month("2024-12"), 14, nil, at("2025-01-01"), Overdue},
		{"it is overdue when it is still 31 December in UTC but New Year in Stockholm", month("2024-12"), 14, nil, utc("2024-12-31T23:30:00Z"), Overdue},
		{"it is not overdue at 22:59 UTC, which is 23:59 in Stockholm", month("2024-12"), 14, nil, utc("2024-12-31T22:59:59Z"), DueSoon},
		{"with zero due-soon days it is never due soon", month("2024-12"), 0, nil, at("2024-12-31 23:59:59"), NotStarted},
		{"it stays overdue years later", month("2024-12"), 14, nil, at("2030-06-01"), Overdue},
		{"the due-soon threshold stays at midnight across the spring clock change", month("2024-03"), 7, nil, at("2024-03-25"), DueSoon},
		{"the hour before that midnight is not yet due soon in spring", month("2024-03"), 7, nil, at("2024-03-24 23:59:59"), NotStarted},
		{"the due-soon threshold stays at midnight across the autumn clock change", month("2024-10"), 7, nil, at("2024-10-25"), DueSoon},
		{"the hour before that midnight is not yet due soon in autumn", month("2024-10"), 7, nil, at("2024-10-24 23:59:59"), NotStarted},
		{"a sign-off in the month makes it done", month("2024-12"), 14, []SignOff{signed("2024-12-10")}, at("2025-03-01"), Done},
		{"a late sign-off after the month still makes it done", month("2024-12"), 14, []SignOff{signed("2025-02-03")}, at("2025-03-01"), Done},
		{"an early sign-off before the month makes it done", month("2024-12"), 14, []SignOff{signed("2024-06-01")}, at("2024-07-01"), Done},
		{"a sign-off dated after the evaluation date does not count yet", month("2024-12"), 14, []SignOff{signed("2025-02-03")}, at("2025-01-15"), Overdue},
		{"a sign-off later on the evaluation day counts, since sign-offs are days", month("2024-12"), 14, []SignOff{{DoneOn: at("2025-01-15 16:00:00")}}, at("2025-01-15 08:00:00"), Done},
		{"a malformed month is not started", month("2024-13"), 14, nil, at("2030-01-01"), NotStarted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Evaluate(tt.d, Rules{DueSoonDays: tt.soonDays}, tt.signOffs, tt.asOf)
			if res.Status != tt.want {
				t.Errorf("status = %s, want %s", res.Status, tt.want)
			}
			if due, ok := tt.d.Due(); ok != (res.Due != nil) || ok && !res.Due.Equal(due) {
				t.Errorf("due = %v, want %v", res.Due, due)
			}
			if res.Kind != KindMonth || res.Periods != nil || res.Missed != 0 || res.Logged != 0 {
				t.Errorf("result has more than a month deadline's fields: %+v", res)
			}
		})
	}
}

// states spells a result's periods as "key status" for comparison.
func states(res Result) string {
	var b strings.Builder
	for i, ps := range res.Periods {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", ps.Period.Key, ps.Status)
	}
	return b.String()
}

func TestEvaluateContinuous(t *testing.T) {
	adopted := at("2024-02-20") // the plan was adopted on 20 February 2024
	termly := Rules{Cadence: Term, DueSoonDays: 14, Start: adopted}
	tests := []struct {
		name       string
		rules      Rules
		signOffs   []SignOff
		asOf       time.Time
		wantStatus Status
		wantStates string
		wantMissed int
		wantDue    time.Time
	}{
		{
			name:     "missed periods are counted and listed",
			rules:    termly,
			signOffs: []SignOff{signedFor("2024-HT", "2024-10-01")},
			asOf:     at("2025-03-10"), wantStatus: Missed,
			wantStates: "2024-VT missed, 2024-HT done, 2025-VT not_started", wantMissed: 1,
			wantDue: at("2025-07-01"),
		},
		{
			name:     "the current period is done once signed off",
			rules:    termly,
			signOffs: []SignOff{signedFor("2024-VT", "2024-03-01")},
			asOf:     at("2024-04-01"), wantStatus: Done,
			wantStates: "2024-VT done",
			wantDue:    at("2024-07-01"),
		},
		{
			name:  "the current period is due soon in its last days",
			rules: Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-08-01")},
			asOf:  at("2024-12-18"), wantStatus: DueSoon,
			wantStates: "2024-HT due_soon",
			wantDue:    at("2025-01-01"),
		},
		{
			name:  "a period ends missed at midnight in Stockholm, before midnight in UTC",
			rules: Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-08-01")},
			asOf:  utc("2024-12-31T23:30:00Z"), wantStatus: Missed,
			wantStates: "2024-HT missed, 2025-VT not_started", wantMissed: 1,
			wantDue: at("2025-07-01"),
		},
		{
			name:     "in July the autumn term has begun, and the spring term stays done",
			rules:    termly,
			signOffs: []SignOff{signedFor("2024-VT", "2024-06-30")},
			asOf:     at("2024-07-15"), wantStatus: NotStarted,
			wantStates: "2024-VT done, 2024-HT not_started",
			wantDue:    at("2025-01-01"),
		},
		{
			name:  "in July a spring term without a sign-off is missed",
			rules: termly,
			asOf:  at("2024-07-15"), wantStatus: Missed,
			wantStates: "2024-VT missed, 2024-HT not_started", wantMissed: 1,
			wantDue: at("2025-01-01"),
		},
		{
			name:     "a sign-off for the spring term does not count for the autumn term",
			rules:    termly,
			signOffs: []SignOff{signedFor("2024-VT", "2024-05-15")},
			asOf:     at("2024-10-01"), wantStatus: NotStarted,
			wantStates: "2024-VT done, 2024-HT not_started",
			wantDue:    at("2025-01-01"),
		},
		{
			name:     "a sign-off dated outside the period it names counts for no period",
			rules:    termly,
			signOffs: []SignOff{signedFor("2024-HT", "2024-06-15"), signedFor("2024-VT", "2024-09-15")},
			asOf:     at("2024-10-01"), wantStatus: Missed,
			wantStates: "2024-VT missed, 2024-HT not_started", wantMissed: 1,
			wantDue: at("2025-01-01"),
		},
		{
			name:     "a sign-off keyed for another cadence counts for no period",
			rules:    Rules{Cadence: Quarter, Start: at("2024-07-01")},
			signOffs: []SignOff{signedFor("2024-HT", "2024-08-15")},
			asOf:     at("2024-09-01"), wantStatus: NotStarted,
			wantStates: "2024-Q3 not_started",
			wantDue:    at("2024-10-01"),
		},
		{
			name:     "a sign-off on the last day of a term counts for it",
			rules:    termly,
			signOffs: []SignOff{signedFor("2024-VT", "2024-06-30")},
			asOf:     at("2024-08-01"), wantStatus: NotStarted,
			wantStates: "2024-VT done, 2024-HT not_started",
			wantDue:    at("2025-01-01"),
		},
		{
			name:     "a sign-off dated after the evaluation date does not count yet",
			rules:    termly,
			signOffs: []SignOff{signedFor("2024-VT", "2024-05-20")},
			asOf:     at("2024-05-10"), wantStatus: NotStarted,
			wantStates: "2024-VT not_started",
			wantDue:    at("2024-07-01"),
		},
		{
			name:     "monthly follow-up lists every month since adoption",
			rules:    Rules{Cadence: Month, DueSoonDays: 7, Start: adopted},
			signOffs: []SignOff{signedFor("2024-02", "2024-02-28"), signedFor("2024-04", "2024-04-02")},
			asOf:     at("2024-05-10"), wantStatus: Missed,
			wantStates: "2024-02 done, 2024-03 missed, 2024-04 done, 2024-05 not_started", wantMissed: 1,
			wantDue: at("2024-06-01"),
		},
		{
			name:     "quarterly follow-up lists every quarter since adoption",
			rules:    Rules{Cadence: Quarter, DueSoonDays: 14, Start: adopted},
			signOffs: []SignOff{signedFor("2024-Q1", "2024-03-05"), signedFor("2024-Q3", "2024-09-30")},
			asOf:     at("2024-11-15"), wantStatus: Missed,
			wantStates: "2024-Q1 done, 2024-Q2 missed, 2024-Q3 done, 2024-Q4 not_started", wantMissed: 1,
			wantDue: at("2025-01-01"),
		},
		{
			name:  "yearly follow-up counts a year without a sign-off as missed",
			rules: Rules{Cadence: Year, DueSoonDays: 14, Start: adopted},
			asOf:  at("2025-06-01"), wantStatus: Missed,
			wantStates: "2024 missed, 2025 not_started", wantMissed: 1,
			wantDue: at("2026-01-01"),
		},
		{
			name:  "the zero cadence follows up per term",
			rules: Rules{DueSoonDays: 14, Start: adopted},
			asOf:  at("2024-09-01"), wantStatus: Missed,
			wantStates: "2024-VT missed, 2024-HT not_started", wantMissed: 1,
			wantDue: at("2025-01-01"),
		},
		{
			name:  "without a start date only the current period counts",
			rules: Rules{Cadence: Term, DueSoonDays: 14},
			asOf:  at("2025-03-10"), wantStatus: NotStarted,
			wantStates: "2025-VT not_started",
			wantDue:    at("2025-07-01"),
		},
		{
			name:  "before follow-up begins nothing is counted and the first period is next due",
			rules: Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-09-15")},
			asOf:  at("2024-05-01"), wantStatus: NotStarted,
			wantDue: at("2025-01-01"),
		},
		{
			name:  "a start in July makes the autumn term the first",
			rules: Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-07-10")},
			asOf:  at("2024-07-20"), wantStatus: NotStarted,
			wantStates: "2024-HT not_started",
			wantDue:    at("2025-01-01"),
		},
		{
			name:  "a start in July counts the autumn term once it begins",
			rules: Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-07-10")},
			asOf:  at("2024-08-01"), wantStatus: NotStarted,
			wantStates: "2024-HT not_started",
			wantDue:    at("2025-01-01"),
		},
		{
			name:  "an unknown cadence gives no periods",
			rules: Rules{Cadence: "week", Start: adopted},
			asOf:  at("2024-09-01"), wantStatus: NotStarted,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Evaluate(continuous, tt.rules, tt.signOffs, tt.asOf)
			if res.Status != tt.wantStatus {
				t.Errorf("status = %s, want %s", res.Status, tt.wantStatus)
			}
			if got := states(res); got != tt.wantStates {
				t.Errorf("periods = %q, want %q", got, tt.wantStates)
			}
			if res.Missed != tt.wantMissed {
				t.Errorf("missed = %d, want %d", res.Missed, tt.wantMissed)
			}
			if (res.Due == nil) != tt.wantDue.IsZero() || res.Due != nil && !res.Due.Equal(tt.wantDue) {
				t.Errorf("due = %v, want %v", res.Due, tt.wantDue)
			}
			if res.Status == Overdue {
				t.Error("a continuous action is never overdue")
			}
		})
	}
}

func TestEvaluateContinuousSignedOn(t *testing.T) {
	rules := Rules{Cadence: Term, Start: at("2024-02-20")}
	signOffs := []SignOff{
		signedFor("2024-VT", "2024-05-02"),
		signedFor("2024-VT", "2024-03-14"),
		signedFor("2024-HT", "2024-09-01"),
	}
	res := Evaluate(continuous, rules, signOffs, at("2024-10-01"))
	want := []time.Time{at("2024-03-14"), at("2024-09-01")}
	if len(res.Periods) != len(want) {
		t.Fatalf("periods = %q, want two", states(res))
	}
	for i, ps := range res.Periods {
		t.Run(ps.Period.Key+" shows its first sign-off", func(t *testing.T) {
			if ps.SignedOn == nil || !ps.SignedOn.Equal(want[i]) {
				t.Errorf("signed on %v, want %v", ps.SignedOn, want[i])
			}
		})
	}
	t.Run("a missed period has no sign-off date", func(t *testing.T) {
		res := Evaluate(continuous, rules, nil, at("2024-10-01"))
		if ps := res.Periods[0]; ps.Status != Missed || ps.SignedOn != nil {
			t.Errorf("%s = %s signed on %v, want missed without a date", ps.Period.Key, ps.Status, ps.SignedOn)
		}
	})
}

func TestEvaluateWhenNeeded(t *testing.T) {
	rules := Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-02-20")}
	tests := []struct {
		name       string
		signOffs   []SignOff
		asOf       time.Time
		wantStatus Status
		wantLogged int
	}{
		{"with nothing logged it is not started", nil, at("2024-03-01"), NotStarted, 0},
		{"it is never overdue, even years later with nothing logged", nil, at("2030-12-31 23:59:59"), NotStarted, 0},
		{"each occurrence is logged", []SignOff{signed("2024-03-01"), signed("2024-05-12"), signed("2025-01-20")}, at("2025-02-01"), Logged, 3},
		{"occurrences after the evaluation date are not counted yet", []SignOff{signed("2024-03-01"), signed("2024-05-12")}, at("2024-04-01"), Logged, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Evaluate(whenNeeded, rules, tt.signOffs, tt.asOf)
			if res.Status != tt.wantStatus || res.Logged != tt.wantLogged {
				t.Errorf("status = %s, logged = %d; want %s, %d", res.Status, res.Logged, tt.wantStatus, tt.wantLogged)
			}
			if res.Due != nil || res.Periods != nil || res.Missed != 0 {
				t.Errorf("a when-needed action has no due date or periods: %+v", res)
			}
		})
	}
}

func TestUrgency(t *testing.T) {
	asOf := at("2024-11-20")
	termly := Rules{Cadence: Term, DueSoonDays: 14, Start: at("2024-02-20")}
	monthly := Rules{Cadence: Month, DueSoonDays: 7, Start: at("2024-11-01")}
	type item struct {
		name string
		d    Deadline
		r    Rules
		s    []SignOff
	}
	// In the order they should be done.
	items := []item{
		{"September, overdue longest", month("2024-09"), termly, nil},
		{"October, overdue", month("2024-10"), termly, nil},
		{"continuous with a missed spring term", continuous, termly, nil},
		{"November, due soon", month("2024-11"), termly, nil},
		{"monthly follow-up, not started, due 1 December", continuous, monthly, nil},
		{"December, not started, due 1 January", month("2024-12"), termly, nil},
		{"March 2025, not started", month("2025-03"), termly, nil},
		{"when needed, nothing logged", whenNeeded, termly, nil},
		{"month done", month("2024-06"), termly, []SignOff{signed("2024-06-10")}},
	}
	key := make(map[string]int)
	for _, it := range items {
		key[it.name] = Urgency(Evaluate(it.d, it.r, it.s, asOf), asOf)
	}
	for i := 1; i < len(items); i++ {
		prev, cur := items[i-1].name, items[i].name
		t.Run(prev+" comes before "+cur, func(t *testing.T) {
			if key[prev] >= key[cur] {
				t.Errorf("Urgency: %s = %d, %s = %d", prev, key[prev], cur, key[cur])
			}
		})
	}

	t.Run("sorting by urgency gives the order to work in", func(t *testing.T) {
		names := make([]string, len(items))
		for i, it := range items {
			names[len(items)-1-i] = it.name
		}
		slices.SortStableFunc(names, func(a, b string) int { return key[a] - key[b] })
		for i, it := range items {
			if names[i] != it.name {
				t.Fatalf("sorted = %q", names)
			}
		}
	})

	tests := []struct {
		name         string
		first, later Result
	}{
		{
			name:  "an overdue month comes before a continuous action with a missed period",
			first: Evaluate(month("2024-11"), termly, nil, at("2024-12-02")),
			later: Evaluate(continuous, termly, nil, at("2024-12-02")),
		},
		{
			name:  "a missed period with a current one not started comes before a due-soon month",
			first: Evaluate(continuous, termly, nil, at("2024-12-20")),
			later: Evaluate(month("2024-12"), termly, nil, at("2024-12-20")),
		},
		{
			name:  "a continuous action missed in the spring is still urgent in July",
			first: Evaluate(continuous, termly, nil, at("2024-07-10")),
			later: Evaluate(month("2024-08"), termly, nil, at("2024-07-10")),
		},
		{
			name:  "a logged when-needed action comes before a done one",
			first: Evaluate(whenNeeded, termly, []SignOff{signed("2024-03-01")}, at("2024-12-20")),
			later: Evaluate(month("2030-12"), termly, []SignOff{signed("2024-03-01")}, at("2024-12-20")),
		},
		{
			name:  "an action done in its current period comes after open ones despite earlier misses",
			first: Evaluate(whenNeeded, termly, nil, at("2024-12-20")),
			later: Evaluate(continuous, termly, []SignOff{signedFor("2024-HT", "2024-09-01")}, at("2024-12-20")),
		},
		{
			name:  "an action overdue for centuries still comes first",
			first: Evaluate(month("1024-12"), termly, nil, at("2024-12-20")),
			later: Evaluate(month("2024-11"), termly, nil, at("2024-12-20")),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asOf := at("2024-12-20")
			if f, l := Urgency(tt.first, asOf), Urgency(tt.later, asOf); f >= l {
				t.Errorf("Urgency = %d for %+v, %d for %+v", f, tt.first, l, tt.later)
			}
		})
	}
}

func date(d string) Deadline { return Deadline{Kind: KindDate, Date: d} }

func TestDateDeadlineDue(t *testing.T) {
	tests := []struct {
		name string
		d    Deadline
		want time.Time // zero for none
	}{
		{"3 October 2024 is due at the first instant of 4 October", date("2024-10-03"), at("2024-10-04")},
		{"a day in summer time is due at 22:00 UTC", date("2024-06-10"), utc("2024-06-10T22:00:00Z")},
		{"a day in winter time is due at 23:00 UTC", date("2024-12-31"), utc("2024-12-31T23:00:00Z")},
		{"the leap day is due on 1 March", date("2024-02-29"), at("2024-03-01")},
		{"a day that does not exist has no due date", date("2023-02-29"), time.Time{}},
		{"a month is not a date", date("2024-10"), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.d.Due()
			if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
				t.Errorf("%+v.Due() = %v, %v; want %v", tt.d, got, ok, tt.want)
			}
		})
	}
}

func TestEvaluateDate(t *testing.T) {
	tests := []struct {
		name     string
		d        Deadline
		soonDays int
		signOffs []SignOff
		asOf     time.Time
		want     Status
	}{
		{"a report-back weeks ahead is not started", date("2024-10-03"), 14, nil, at("2024-09-01"), NotStarted},
		{"the second before the last 14 days it is not yet due soon", date("2024-10-03"), 14, nil, at("2024-09-19 23:59:59"), NotStarted},
		{"from midnight 14 days before the day's end it is due soon", date("2024-10-03"), 14, nil, at("2024-09-20"), DueSoon},
		{"on the day itself it is due soon", date("2024-10-03"), 14, nil, at("2024-10-03 18:00:00"), DueSoon},
		{"from the first instant of the next day it is overdue", date("2024-10-03"), 14, nil, at("2024-10-04"), Overdue},
		{"at 22:30 UTC on the day it is already the next day in Stockholm, so overdue", date("2024-10-03"), 14, nil, utc("2024-10-03T22:30:00Z"), Overdue},
		{"with zero due-soon days it is never due soon", date("2024-10-03"), 0, nil, at("2024-10-03 23:59:59"), NotStarted},
		{"a sign-off on the day makes it done", date("2024-10-03"), 14, []SignOff{signed("2024-10-03")}, at("2024-12-01"), Done},
		{"a late sign-off still makes it done", date("2024-10-03"), 14, []SignOff{signed("2024-11-20")}, at("2024-12-01"), Done},
		{"a sign-off after the evaluation date does not count yet", date("2024-10-03"), 14, []SignOff{signed("2024-11-20")}, at("2024-11-01"), Overdue},
		{"a malformed date is not started", date("2024-13-01"), 14, nil, at("2030-01-01"), NotStarted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Evaluate(tt.d, Rules{DueSoonDays: tt.soonDays}, tt.signOffs, tt.asOf)
			if res.Status != tt.want {
				t.Errorf("status = %s, want %s", res.Status, tt.want)
			}
			if due, ok := tt.d.Due(); ok != (res.Due != nil) || ok && !res.Due.Equal(due) {
				t.Errorf("due = %v, want %v", res.Due, due)
			}
			if res.Kind != KindDate || res.Periods != nil {
				t.Errorf("result = %+v, want a date deadline's", res)
			}
		})
	}
}

func TestOverdueReportBackComesBeforeDueSoonMonth(t *testing.T) {
	asOf := at("2024-12-20")
	overdue := Evaluate(date("2024-12-01"), Rules{DueSoonDays: 14}, nil, asOf)
	soon := Evaluate(month("2024-12"), Rules{DueSoonDays: 14}, nil, asOf)
	if Urgency(overdue, asOf) >= Urgency(soon, asOf) {
		t.Errorf("an overdue report-back (%s) should rank before a month due soon (%s)", overdue.Status, soon.Status)
	}
}
