package followup

import (
	"strings"
	"testing"
	"time"
)

// at reads a Stockholm wall-clock time, "2006-01-02 15:04:05" or "2006-01-02".
func at(s string) time.Time {
	layout := "2006-01-02 15:04:05"
	if len(s) == len("2006-01-02") {
		layout = "2006-01-02"
	}
	t, err := time.ParseInLocation(layout, s, Location())
	if err != nil {
		panic(err)
	}
	return t
}

// utc reads an RFC 3339 instant, "2024-12-31T23:30:00Z".
func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

var cadences = []Cadence{Month, Quarter, Term, Year}

func samePeriod(a, b Period) bool {
	return a.Key == b.Key && a.Label == b.Label && a.Start.Equal(b.Start) && a.End.Equal(b.End)
}

func TestPeriodAt(t *testing.T) {
	tests := []struct {
		name string
		c    Cadence
		t    time.Time
		want string // key; "" for no period
	}{
		{"the last second of January is in January", Month, at("2024-01-31 23:59:59"), "2024-01"},
		{"midnight on 1 February is in February", Month, at("2024-02-01 00:00:00"), "2024-02"},
		{"29 February 2024 is in February", Month, at("2024-02-29 12:00:00"), "2024-02"},
		{"the last second of a year is in December", Month, at("2024-12-31 23:59:59"), "2024-12"},
		{"midnight on New Year's Day is in January of the new year", Month, at("2025-01-01 00:00:00"), "2025-01"},

		{"the last second of March is in the first quarter", Quarter, at("2024-03-31 23:59:59"), "2024-Q1"},
		{"1 April is in the second quarter", Quarter, at("2024-04-01 00:00:00"), "2024-Q2"},
		{"the last second of June is in the second quarter", Quarter, at("2024-06-30 23:59:59"), "2024-Q2"},
		{"July is in the third quarter", Quarter, at("2024-07-01 00:00:00"), "2024-Q3"},
		{"1 October is in the fourth quarter", Quarter, at("2024-10-01 00:00:00"), "2024-Q4"},
		{"the last second of a year is in the fourth quarter", Quarter, at("2024-12-31 23:59:59"), "2024-Q4"},
		{"New Year's Day is in the first quarter of the new year", Quarter, at("2025-01-01 00:00:00"), "2025-Q1"},

		{"midnight on New Year's Day starts the spring term", Term, at("2024-01-01 00:00:00"), "2024-VT"},
		{"the last second of 30 June is in the spring term", Term, at("2024-06-30 23:59:59"), "2024-VT"},
		{"midnight on 1 July starts the autumn term's follow-up", Term, at("2024-07-01 00:00:00"), "2024-HT"},
		{"the last second of July is in the autumn term", Term, at("2024-07-31 23:59:59"), "2024-HT"},
		{"midnight on 1 August is in the autumn term", Term, at("2024-08-01 00:00:00"), "2024-HT"},
		{"23:59 on 31 December is in the autumn term", Term, at("2024-12-31 23:59:00"), "2024-HT"},
		{"midnight on New Year's Day is in the next spring term", Term, at("2025-01-01 00:00:00"), "2025-VT"},

		{"the last second of a year is in that year", Year, at("2024-12-31 23:59:59"), "2024"},
		{"midnight on New Year's Day is in the new year", Year, at("2025-01-01 00:00:00"), "2025"},

		{"the zero cadence means term", "", at("2024-09-01"), "2024-HT"},
		{"an unknown cadence has no periods", "week", at("2024-09-01"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := PeriodAt(tt.c, tt.t)
			if ok != (tt.want != "") || p.Key != tt.want {
				t.Fatalf("PeriodAt(%q, %v) = %q, %v; want %q", tt.c, tt.t, p.Key, ok, tt.want)
			}
			if ok && !p.Contains(tt.t) {
				t.Errorf("%s [%v, %v) does not contain %v", p.Key, p.Start, p.End, tt.t)
			}
		})
	}
}

func TestPeriodBoundsAndLabels(t *testing.T) {
	tests := []struct {
		name       string
		c          Cadence
		key        string
		start, end time.Time
		label      string
	}{
		{"February 2024 ends on 1 March", Month, "2024-02", at("2024-02-01"), at("2024-03-01"), "februari 2024"},
		{"December ends at the new year", Month, "2024-12", at("2024-12-01"), at("2025-01-01"), "december 2024"},
		{"the third quarter is July to September", Quarter, "2024-Q3", at("2024-07-01"), at("2024-10-01"), "kvartal 3 2024"},
		{"the fourth quarter ends at the new year", Quarter, "2024-Q4", at("2024-10-01"), at("2025-01-01"), "kvartal 4 2024"},
		{"the spring term is January to June", Term, "2024-VT", at("2024-01-01"), at("2024-07-01"), "VT 2024"},
		{"the autumn term is July to December", Term, "2024-HT", at("2024-07-01"), at("2025-01-01"), "HT 2024"},
		{"a year is a calendar year", Year, "2024", at("2024-01-01"), at("2025-01-01"), "2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PeriodByKey(tt.c, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Start.Equal(tt.start) || !p.End.Equal(tt.end) || p.Label != tt.label {
				t.Errorf("%s = [%v, %v) %q; want [%v, %v) %q", tt.key, p.Start, p.End, p.Label, tt.start, tt.end, tt.label)
			}
			if h, m, s := p.Start.In(Location()).Clock(); h+m+s != 0 {
				t.Errorf("%s starts at %v, not midnight in Stockholm", tt.key, p.Start.In(Location()))
			}
		})
	}
}

// civilDays counts the calendar days of p by stepping a day at a time, so it
// does not depend on how long each day is.
func civilDays(p Period) int {
	n := 0
	for d := p.Start; d.Before(p.End); d = d.AddDate(0, 0, 1) {
		n++
	}
	return n
}

func TestLeapYears(t *testing.T) {
	tests := []struct {
		name string
		c    Cadence
		key  string
		days int
	}{
		{"February 2024 has 29 days", Month, "2024-02", 29},
		{"February 2023 has 28 days", Month, "2023-02", 28},
		{"February 2000 has 29 days", Month, "2000-02", 29},
		{"February 1900 has 28 days", Month, "1900-02", 28},
		{"the first quarter of 2024 has 91 days", Quarter, "2024-Q1", 91},
		{"the first quarter of 2023 has 90 days", Quarter, "2023-Q1", 90},
		{"the spring term of 2024 has 182 days", Term, "2024-VT", 182},
		{"2024 has 366 days", Year, "2024", 366},
		{"2023 has 365 days", Year, "2023", 365},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PeriodByKey(tt.c, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			if got := civilDays(p); got != tt.days {
				t.Errorf("%s has %d days, want %d", tt.key, got, tt.days)
			}
		})
	}

	t.Run("29 February 2024 is a day of February", func(t *testing.T) {
		for _, tm := range []time.Time{at("2024-02-29"), at("2024-02-29 23:59:59")} {
			if p, _ := PeriodAt(Month, tm); p.Key != "2024-02" {
				t.Errorf("PeriodAt(%v) = %s, want 2024-02", tm, p.Key)
			}
		}
	})
	t.Run("the first quarter of 2024 is an hour short of 91 whole days because clocks go forward on 31 March", func(t *testing.T) {
		p, _ := PeriodByKey(Quarter, "2024-Q1")
		if got, want := p.End.Sub(p.Start), 91*24*time.Hour-time.Hour; got != want {
			t.Errorf("Q1 2024 lasts %v, want %v", got, want)
		}
	})
}

func TestDaylightSaving(t *testing.T) {
	tests := []struct {
		name string
		c    Cadence
		t    time.Time
		want string
	}{
		// Summer time began on Sunday 31 March 2024 and ended on Sunday 27 October 2024.
		{"the last second of March 2024 is 21:59:59 UTC, in summer time", Month, utc("2024-03-31T21:59:59Z"), "2024-03"},
		{"April 2024 begins at 22:00 UTC on 31 March", Month, utc("2024-03-31T22:00:00Z"), "2024-04"},
		{"the second before the clocks go forward is 31 March", Month, utc("2024-03-31T00:59:59Z"), "2024-03"},
		{"the second after the clocks go forward is still 31 March", Month, utc("2024-03-31T01:00:00Z"), "2024-03"},
		{"the last second of October 2024 is 22:59:59 UTC, back in winter time", Month, utc("2024-10-31T22:59:59Z"), "2024-10"},
		{"November 2024 begins at 23:00 UTC on 31 October", Month, utc("2024-10-31T23:00:00Z"), "2024-11"},
		{"the repeated hour on 27 October is in October", Month, utc("2024-10-27T01:30:00Z"), "2024-10"},
		{"the second quarter begins at 22:00 UTC, in summer time", Quarter, utc("2024-03-31T22:00:00Z"), "2024-Q2"},
		{"the first quarter still runs at 21:59:59 UTC on 31 March", Quarter, utc("2024-03-31T21:59:59Z"), "2024-Q1"},
		{"the autumn term begins at 22:00 UTC on 30 June, in summer time", Term, utc("2024-06-30T22:00:00Z"), "2024-HT"},
		{"the spring term still runs at 21:59:59 UTC on 30 June", Term, utc("2024-06-30T21:59:59Z"), "2024-VT"},
		{"a new year begins at 23:00 UTC, in winter time", Year, utc("2024-12-31T23:00:00Z"), "2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := PeriodAt(tt.c, tt.t)
			if ok != (tt.want != "") || p.Key != tt.want {
				t.Errorf("PeriodAt(%q, %v) = %q, %v; want %q", tt.c, tt.t, p.Key, ok, tt.want)
			}
		})
	}

	t.Run("a period that begins in summer time starts at local midnight", func(t *testing.T) {
		p, _ := PeriodByKey(Month, "2024-04")
		if !p.Start.Equal(utc("2024-03-31T22:00:00Z")) {
			t.Errorf("April 2024 starts at %v, want 2024-03-31T22:00:00Z", p.Start.UTC())
		}
	})
}

func keys(ps []Period) string {
	ks := make([]string, len(ps))
	for i, p := range ps {
		ks[i] = p.Key
	}
	return strings.Join(ks, " ")
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		name     string
		c        Cadence
		from, to time.Time
		want     string
	}{
		{"a range inside one month gives that month", Month, at("2024-05-10"), at("2024-05-20"), "2024-05"},
		{"the end is exclusive", Month, at("2024-05-01"), at("2024-07-01"), "2024-05 2024-06"},
		{"a range that starts mid-period includes that period", Quarter, at("2024-02-20"), at("2024-11-15"), "2024-Q1 2024-Q2 2024-Q3 2024-Q4"},
		{"months run across the new year", Month, at("2024-11-15"), at("2025-02-01"), "2024-11 2024-12 2025-01"},
		{"terms follow each other", Term, at("2024-05-01"), at("2025-02-01"), "2024-VT 2024-HT 2025-VT"},
		{"a range starting in July begins with the autumn term", Term, at("2024-07-10"), at("2025-01-01"), "2024-HT"},
		{"a range within July is in the autumn term", Term, at("2024-07-01"), at("2024-08-01"), "2024-HT"},
		{"a range across midsummer has both terms", Term, at("2024-06-20"), at("2024-07-10"), "2024-VT 2024-HT"},
		{"years run across a range", Year, at("2023-06-01"), at("2025-01-01"), "2023 2024"},
		{"an empty range has no periods", Month, at("2024-05-10"), at("2024-05-10"), ""},
		{"a reversed range has no periods", Month, at("2024-06-10"), at("2024-05-10"), ""},
		{"an unknown cadence has no periods", "week", at("2024-01-01"), at("2025-01-01"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(Periods(tt.c, tt.from, tt.to)); got != tt.want {
				t.Errorf("Periods(%q, %v, %v) = %q, want %q", tt.c, tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestPeriodByKeyRoundTrip(t *testing.T) {
	for _, c := range cadences {
		t.Run(string(c)+" keys read back as the same period", func(t *testing.T) {
			ps := Periods(c, at("2023-01-01"), at("2026-01-01"))
			if len(ps) == 0 {
				t.Fatal("no periods")
			}
			for _, p := range ps {
				got, err := PeriodByKey(c, p.Key)
				if err != nil || !samePeriod(got, p) {
					t.Errorf("PeriodByKey(%q, %q) = %+v, %v; want %+v", c, p.Key, got, err, p)
				}
				for _, tm := range []time.Time{p.Start, p.End.Add(-time.Second)} {
					if got, ok := PeriodAt(c, tm); !ok || !samePeriod(got, p) {
						t.Errorf("PeriodAt(%q, %v) = %+v, %v; want %s", c, tm, got, ok, p.Key)
					}
				}
			}
		})
	}
}

func TestPeriodByKeyRejectsMalformedKeys(t *testing.T) {
	tests := []struct {
		c   Cadence
		key string
	}{
		{Month, ""},
		{Month, "2024-13"},
		{Month, "2024-00"},
		{Month, "2024-9"},
		{Month, "24-09"},
		{Month, "2024-09-01"},
		{Month, "2024/09"},
		{Month, "+024-09"},
		{Month, " 2024-09"},
		{Month, "2024-Q3"},
		{Quarter, "2024-Q0"},
		{Quarter, "2024-Q5"},
		{Quarter, "2024-q3"},
		{Quarter, "2024Q3"},
		{Quarter, "2024-09"},
		{Term, "2024-vt"},
		{Term, "2024-ST"},
		{Term, "2024 VT"},
		{Term, "2024-09"},
		{Term, "2024"},
		{Year, "24"},
		{Year, "2024-01"},
		{Year, "-2024"},
		{Year, "2024 "},
		{Year, "12024"},
		{"week", "2024"},
	}
	for _, tt := range tests {
		t.Run(string(tt.c)+" rejects "+`"`+tt.key+`"`, func(t *testing.T) {
			if p, err := PeriodByKey(tt.c, tt.key); err == nil {
				t.Errorf("PeriodByKey(%q, %q) = %+v, want an error", tt.c, tt.key, p)
			}
		})
	}
}

func TestParseCadence(t *testing.T) {
	tests := []struct {
		name, in string
		want     Cadence
	}{
		{"month is monthly", "month", Month},
		{"quarter is quarterly", "quarter", Quarter},
		{"term is per term", "term", Term},
		{"year is yearly", "year", Year},
		{"case and spaces do not matter", " Quarter ", Quarter},
		{"an empty cadence is the default, term", "", Term},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := ParseCadence(tt.in); err != nil || got != tt.want {
				t.Errorf("ParseCadence(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"week", "termin", "monthly"} {
		t.Run("rejects "+in, func(t *testing.T) {
			if got, err := ParseCadence(in); err == nil {
				t.Errorf("ParseCadence(%q) = %q, want an error", in, got)
			}
		})
	}
}

func FuzzPeriodAt(f *testing.F) {
	for _, s := range []string{
		"2024-06-30 23:59:59", "2024-07-01 00:00:00", "2024-08-01 00:00:00",
		"2024-12-31 23:59:59", "2025-01-01 00:00:00", "2024-02-29 12:00:00",
		"2024-03-31 03:00:00", "2024-10-27 02:30:00",
	} {
		for i := range cadences {
			f.Add(at(s).Unix(), uint8(i))
		}
	}
	f.Add(utc("2024-12-31T23:30:00Z").Unix(), uint8(0))
	f.Add(int64(-1<<62), uint8(255))

	// Keys spell years with four digits; keep t within them.
	lo, hi := time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
	f.Fuzz(func(t *testing.T, sec int64, ci uint8) {
		c := cadences[int(ci)%len(cadences)]
		if sec < lo || sec > hi {
			span := hi - lo
			sec = lo + (sec%span+span)%span
		}
		tm := time.Unix(sec, 0)

		p, ok := PeriodAt(c, tm)
		if !ok {
			t.Fatalf("PeriodAt(%q, %v) found no period: every instant is in one", c, tm)
		}
		if !p.Contains(tm) {
			t.Fatalf("PeriodAt(%q, %v) = %s [%v, %v), which does not contain it", c, tm, p.Key, p.Start, p.End)
		}
		if s := p.Start.In(Location()); s.Day() != 1 || s.Hour() != 0 || s.Minute() != 0 || s.Second() != 0 {
			t.Fatalf("%s starts at %v, not at midnight on the first", p.Key, s)
		}
		got, err := PeriodByKey(c, p.Key)
		if err != nil || !samePeriod(got, p) {
			t.Fatalf("PeriodByKey(%q, %q) = %+v, %v; want %+v", c, p.Key, got, err, p)
		}
	})
}

// Every day of the year is in a period of every cadence, and the periods
// follow each other without a gap: work done on any day can be signed off.
func TestEveryDayIsInAPeriod(t *testing.T) {
	for _, c := range []Cadence{Month, Quarter, Term, Year} {
		var prev Period
		for d := at("2023-12-25"); d.Before(at("2026-01-10")); d = d.AddDate(0, 0, 1) {
			p, ok := PeriodAt(c, d)
			if !ok || !p.Contains(d) {
				t.Fatalf("%s: %s is in no period", c, d.Format(time.DateOnly))
			}
			if prev.Key != "" && p.Key != prev.Key && !p.Start.Equal(prev.End) {
				t.Errorf("%s: %s ends %v but %s starts %v", c, prev.Key, prev.End, p.Key, p.Start)
			}
			prev = p
		}
	}
	if p, _ := PeriodAt(Term, at("2025-07-15")); p.Key != "2025-HT" {
		t.Errorf("15 July 2025 is in %s, want the autumn term 2025-HT", p.Key)
	}
}
