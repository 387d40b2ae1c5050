package followup

import (
	"testing"
	"time"
)

func civil(day string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, day, stockholm)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

func shareSignOff(period, day string) SignOff { return SignOff{Period: period, DoneOn: civil(day)} }

func TestASharedMonthDutyIsDoneWhenEveryShareIs(t *testing.T) {
	d := Deadline{Kind: KindMonth, Month: "2024-12"}
	r := Rules{Cadence: Term, DueSoonDays: 14}
	shares := []Share{
		{SignOffs: []SignOff{shareSignOff("", "2024-11-01")}},
		{SignOffs: []SignOff{shareSignOff("", "2024-11-02")}},
		{},
		{Since: civil("2025-02-01")}, // got the role after the deadline
	}
	tests := []struct {
		name   string
		shares []Share
		asOf   string
		status Status
		tally  Tally
	}{
		{"two of three before the deadline", shares, "2024-11-15", NotStarted, Tally{2, 3}},
		{"due soon", shares, "2024-12-20", DueSoon, Tally{2, 3}},
		{"overdue with one missing", shares, "2025-03-01", Overdue, Tally{2, 3}},
		{"done when the third signs, even late", append(shares[:2:2], Share{SignOffs: []SignOff{shareSignOff("", "2025-01-10")}}), "2025-03-01", Done, Tally{3, 3}},
		{"a sign-off made after asOf has not happened yet", shares[:2], "2024-11-01", NotStarted, Tally{1, 2}},
		{"nobody covered is never done, nor overdue", []Share{{Since: civil("2025-02-01")}}, "2025-03-01", NotStarted, Tally{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := EvaluateShared(d, r, tt.shares, civil(tt.asOf))
			if res.Status != tt.status || res.Shares == nil || *res.Shares != tt.tally {
				t.Errorf("= %s %+v, want %s %+v", res.Status, res.Shares, tt.status, tt.tally)
			}
		})
	}
}

func TestASharedContinuousDutyIsFollowedUpPeriodByPeriod(t *testing.T) {
	d := Deadline{Kind: KindContinuous}
	r := Rules{Cadence: Term, Start: civil("2024-02-20")}
	shares := []Share{
		{SignOffs: []SignOff{shareSignOff("2024-VT", "2024-03-01"), shareSignOff("2024-HT", "2024-10-01")}},
		{SignOffs: []SignOff{shareSignOff("2024-VT", "2024-04-01")}},
		{Since: civil("2024-09-01"), SignOffs: []SignOff{shareSignOff("2024-HT", "2024-11-15")}}, // joined in the autumn
	}
	res := EvaluateShared(d, r, shares, civil("2025-01-15"))
	want := []struct {
		key    string
		status Status
		tally  Tally
	}{
		{"2024-VT", Done, Tally{2, 2}},   // the newcomer was not there
		{"2024-HT", Missed, Tally{2, 3}}, // the second share missed it
		{"2025-VT", NotStarted, Tally{0, 3}},
	}
	if len(res.Periods) != len(want) {
		t.Fatalf("periods = %+v", res.Periods)
	}
	for i, w := range want {
		p := res.Periods[i]
		if p.Period.Key != w.key || p.Status != w.status || *p.Shares != w.tally {
			t.Errorf("%s = %s %+v, want %s %s %+v", p.Period.Key, p.Status, p.Shares, w.key, w.status, w.tally)
		}
	}
	if res.Missed != 1 || res.Status != Missed || *res.Shares != (Tally{0, 3}) {
		t.Errorf("result = %s, missed %d, %+v", res.Status, res.Missed, res.Shares)
	}
	if on := res.Periods[0].SignedOn; on == nil || on.Format(time.DateOnly) != "2024-04-01" {
		t.Errorf("VT 2024 signed on %v, want the day its last share was done", on)
	}

	// One person's own share, from the autumn: the spring is not theirs.
	mine := EvaluateShared(d, r, shares[2:], civil("2025-01-15"))
	if len(mine.Periods) != 2 || mine.Periods[0].Period.Key != "2024-HT" || mine.Missed != 0 {
		t.Errorf("the newcomer's periods = %+v, missed %d; want HT 2024 (done) onwards", mine.Periods, mine.Missed)
	}
}

func TestASharedWhenNeededDutyCountsWhoLoggedIt(t *testing.T) {
	res := EvaluateShared(Deadline{Kind: KindWhenNeeded}, Rules{}, []Share{
		{SignOffs: []SignOff{shareSignOff("", "2024-03-01"), shareSignOff("", "2024-05-01")}}, {},
	}, civil("2024-06-01"))
	if res.Status != Logged || res.Logged != 2 || *res.Shares != (Tally{1, 2}) {
		t.Errorf("= %s, logged %d, %+v", res.Status, res.Logged, res.Shares)
	}
}

// BenchmarkEvaluateShared: one continuous duty of 1,500 people, each with
// a sign-off in most terms, judged as of the fifth term.
func BenchmarkEvaluateShared(b *testing.B) {
	r := Rules{Cadence: Term, Start: civil("2024-02-20")}
	shares := make([]Share, 1500)
	for i := range shares {
		for _, p := range []struct{ key, day string }{{"2024-VT", "2024-03-01"}, {"2024-HT", "2024-10-01"}, {"2025-VT", "2025-04-01"}, {"2025-HT", "2025-09-01"}} {
			if i%7 != 0 {
				shares[i].SignOffs = append(shares[i].SignOffs, shareSignOff(p.key, p.day))
			}
		}
	}
	asOf := civil("2026-03-01")
	b.ReportAllocs()
	for b.Loop() {
		EvaluateShared(Deadline{Kind: KindContinuous}, r, shares, asOf)
	}
}
