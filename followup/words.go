package followup

import (
	"fmt"
	"strconv"
	"time"
)

// The Swedish words of follow-up, in one place: the API hands them to the
// web app, and the board's report prints them, so a status, a deadline or a
// date reads the same on every screen and on paper.

// statusLabels say each status as a unit manager would.
var statusLabels = map[Status]string{
	NotStarted: "Ej påbörjad",
	DueSoon:    "Snart dags",
	Done:       "Klar",
	Overdue:    "Försenad",
	Missed:     "Missad period",
	Logged:     "Utförd",
}

// Statuses are every status, most urgent first: the order of a status
// filter.
var Statuses = []Status{Overdue, Missed, DueSoon, NotStarted, Logged, Done}

// Label says the status in Swedish: "Ej påbörjad", "Snart dags", "Klar",
// "Försenad", "Missad period", "Utförd".
func (s Status) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// LongDate says a day the Swedish way, "7 december 2026", in Stockholm.
// The zero time says nothing.
func LongDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.In(stockholm).Date()
	return strconv.Itoa(d) + " " + swedishMonths[m-1] + " " + strconv.Itoa(y)
}

// DayLabel says a day given as YYYY-MM-DD as LongDate does; anything else
// is returned as it is.
func DayLabel(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, stockholm)
	if err != nil {
		return day
	}
	return LongDate(t)
}

// TimeLabel says a moment in Stockholm's time: "2 november 2024 kl. 09:15".
func TimeLabel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return LongDate(t) + " kl. " + t.In(stockholm).Format("15:04")
}

// MonthLabel says a month given as YYYY-MM as the plan writes it:
// "December 2024". Anything else is returned as it is.
func MonthLabel(month string) string {
	s, ok := parseKey(Month, month)
	if !ok {
		return month
	}
	name := swedishMonths[s.n-1]
	return string(name[0]-'a'+'A') + name[1:] + " " + strconv.Itoa(s.year)
}

// Label says a deadline as the plan's column "Klart när?" does: "December
// 2024", "Fortlöpande", "Vid behov", or a day, "7 december 2026".
func (d Deadline) Label() string {
	switch d.Kind {
	case KindMonth:
		return MonthLabel(d.Month)
	case KindDate:
		return DayLabel(d.Date)
	case KindContinuous:
		return "Fortlöpande"
	case KindWhenNeeded:
		return "Vid behov"
	}
	return ""
}

// DueLabel says what is due next, for a to-do list: the deadline as the
// plan writes it, and for a continuous action the period to do next and
// its last day: the current period while it is open, the next one once it
// is done ("VT 2027, senast 30 juni 2027").
func DueLabel(d Deadline, r Rules, res Result) string {
	if d.Kind != KindContinuous {
		return d.Label()
	}
	c, ok := r.Cadence.resolve()
	if !ok || res.Due == nil {
		return d.Label()
	}
	next := slotAt(c, res.Due.Add(-time.Nanosecond)).period()
	if n := len(res.Periods); n > 0 && res.Periods[n-1].Status == Done {
		next = slotAt(c, next.End).period()
	}
	return fmt.Sprintf("%s, senast %s", next.Label, LongDate(next.End.Add(-time.Nanosecond)))
}

// Times says how many times, "1 gång", "3 gånger".
func Times(n int) string {
	if n == 1 {
		return "1 gång"
	}
	return strconv.Itoa(n) + " gånger"
}
