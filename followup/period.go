// Package followup holds the rules that say what state an action of a plan
// is in on a given date: whether a month deadline is due soon or overdue,
// which follow-up periods of a continuous action were signed off or missed,
// and which actions to do first. It is pure: callers load the deadline and
// the sign-offs and pass the date.
//
// Everything is reckoned in Swedish civil time (Europe/Stockholm): a month
// or a term ends at midnight in Stockholm whatever the server's zone, and
// daylight-saving changes never move a day boundary.
package followup

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // the zone must load on machines and containers without zoneinfo
)

var stockholm = mustLoadLocation("Europe/Stockholm")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}

// Location returns Europe/Stockholm, the zone all periods and deadlines are
// reckoned in.
func Location() *time.Location { return stockholm }

// Cadence is how often a continuous action is followed up; the plan owner
// chooses it per plan. The zero value means Term, the plan's own rhythm.
type Cadence string

const (
	Month   Cadence = "month"
	Quarter Cadence = "quarter"
	Term    Cadence = "term" // spring (January–June) and autumn (July–December): see slotAt
	Year    Cadence = "year"
)

// ParseCadence reads a cadence as stored or sent by the API. The empty
// string is the default, Term.
func ParseCadence(s string) (Cadence, error) {
	if c, ok := Cadence(strings.ToLower(strings.TrimSpace(s))).resolve(); ok {
		return c, nil
	}
	return "", fmt.Errorf("followup: unknown cadence %q (want month, quarter, term or year)", s)
}

// resolve applies the default and reports whether c is a known cadence.
func (c Cadence) resolve() (Cadence, bool) {
	switch c {
	case "":
		return Term, true
	case Month, Quarter, Term, Year:
		return c, true
	}
	return c, false
}

// Period is one follow-up period.
type Period struct {
	Key   string    // stable: "2024-09", "2024-Q3", "2024-VT" / "2024-HT", "2024"
	Start time.Time // first day, 00:00 Europe/Stockholm
	End   time.Time // first instant after the period (exclusive)
	Label string    // Swedish: "september 2024", "kvartal 3 2024", "VT 2024", "HT 2024", "2024"
}

// Contains reports whether t falls within the period.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// PeriodAt returns the period of cadence c that contains t. Every instant
// is in a period of every cadence; it reports false only when c is unknown.
func PeriodAt(c Cadence, t time.Time) (Period, bool) {
	c, ok := c.resolve()
	if !ok {
		return Period{}, false
	}
	return slotAt(c, t).period(), true
}

// PeriodByKey returns the period of cadence c that key names. Keys are exact:
// a key of another cadence, another spelling or a year outside 0000–9999 is
// an error.
func PeriodByKey(c Cadence, key string) (Period, error) {
	c, ok := c.resolve()
	if !ok {
		return Period{}, fmt.Errorf("followup: unknown cadence %q", c)
	}
	s, ok := parseKey(c, key)
	if !ok {
		return Period{}, fmt.Errorf("followup: %q is not a %s period key (want one like %q)", key, c, slot{c, 2024, 1}.key())
	}
	return s.period(), nil
}

// Periods returns the periods of cadence c that overlap [from, to), in
// order; nil when to is not after from or c is unknown.
func Periods(c Cadence, from, to time.Time) []Period {
	c, ok := c.resolve()
	if !ok || !from.Before(to) {
		return nil
	}
	var ps []Period
	for s := slotAt(c, from); ; s = s.next() {
		p := s.period()
		if !p.Start.Before(to) {
			return ps
		}
		ps = append(ps, p)
	}
}

// slot names a period by number within its year: the month (1–12), the
// quarter (1–4), the term (1 spring, 2 autumn) or 1 for the year.
type slot struct {
	c    Cadence
	year int
	n    int
}

// slotAt returns the slot of cadence c that contains t.
//
// The school year's terms leave July out (VT January–June, HT August–
// December), but a follow-up period cannot: work is done in July too, and
// must be signed off somewhere. July belongs to the autumn term's period,
// which runs July–December. The spring term keeps its end, 30 June, so no
// deadline moves into the holidays; the autumn term's end stays 31
// December, and July's work counts for the term it leads into.
func slotAt(c Cadence, t time.Time) slot {
	local := t.In(stockholm)
	y, m := local.Year(), int(local.Month())
	switch c {
	case Month:
		return slot{c, y, m}
	case Quarter:
		return slot{c, y, (m-1)/3 + 1}
	case Term:
		if m <= 6 {
			return slot{c, y, 1}
		}
		return slot{c, y, 2}
	}
	return slot{c, y, 1}
}

// perYear returns how many slots of the cadence a year has.
func (s slot) perYear() int {
	switch s.c {
	case Month:
		return 12
	case Quarter:
		return 4
	case Term:
		return 2
	}
	return 1
}

func (s slot) next() slot {
	if s.n < s.perYear() {
		return slot{s.c, s.year, s.n + 1}
	}
	return slot{s.c, s.year + 1, 1}
}

// months returns the slot's first month and the month after its last, which
// is 13 for a slot ending in December (time.Date carries it into next year).
func (s slot) months() (first, after time.Month) {
	switch s.c {
	case Month:
		return time.Month(s.n), time.Month(s.n + 1)
	case Quarter:
		return time.Month(3*s.n - 2), time.Month(3*s.n + 1)
	case Term:
		if s.n == 1 {
			return time.January, time.July
		}
		return time.July, 13
	}
	return time.January, 13
}

func (s slot) period() Period {
	first, _ := s.months()
	return Period{
		Key:   s.key(),
		Start: time.Date(s.year, first, 1, 0, 0, 0, 0, stockholm),
		End:   s.end(),
		Label: s.label(),
	}
}

// end is period().End without the words: deadlines need no more.
func (s slot) end() time.Time {
	_, after := s.months()
	return time.Date(s.year, after, 1, 0, 0, 0, 0, stockholm)
}

// termCodes are the Swedish abbreviations of vårtermin and hösttermin.
var termCodes = [2]string{"VT", "HT"}

var swedishMonths = [12]string{
	"januari", "februari", "mars", "april", "maj", "juni",
	"juli", "augusti", "september", "oktober", "november", "december",
}

func (s slot) key() string {
	switch s.c {
	case Month:
		return fmt.Sprintf("%04d-%02d", s.year, s.n)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", s.year, s.n)
	case Term:
		return fmt.Sprintf("%04d-%s", s.year, termCodes[s.n-1])
	}
	return fmt.Sprintf("%04d", s.year)
}

func (s slot) label() string {
	switch s.c {
	case Month:
		return fmt.Sprintf("%s %d", swedishMonths[s.n-1], s.year)
	case Quarter:
		return fmt.Sprintf("kvartal %d %d", s.n, s.year)
	case Term:
		return fmt.Sprintf("%s %d", termCodes[s.n-1], s.year)
	}
	return fmt.Sprint(s.year)
}

// parseKey is the inverse of slot.key for cadence c.
func parseKey(c Cadence, key string) (slot, bool) {
	if len(key) < 4 {
		return slot{}, false
	}
	year, ok := digits(key[:4])
	if !ok {
		return slot{}, false
	}
	rest := key[4:]
	n := 0
	switch c {
	case Month:
		if len(rest) == 3 && rest[0] == '-' {
			n, _ = digits(rest[1:])
		}
	case Quarter:
		if len(rest) == 3 && rest[:2] == "-Q" {
			n, _ = digits(rest[2:])
		}
	case Term:
		for i, code := range termCodes {
			if rest == "-"+code {
				n = i + 1
			}
		}
	case Year:
		if rest == "" {
			n = 1
		}
	}
	s := slot{c, year, n}
	return s, n >= 1 && n <= s.perYear()
}

// digits reads an unsigned decimal number; unlike strconv.Atoi it refuses
// signs, so "+024" is not a year.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

// MonthNames are the months in Swedish, January first, lower case as in
// running text.
func MonthNames() []string { return swedishMonths[:] }
