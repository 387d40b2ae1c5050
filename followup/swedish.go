package followup

import (
	"fmt"
	"time"
)

// SwedishDate says a moment's day in Stockholm the way Swedish prose does:
// "7 december 2026". The zero time says nothing.
func SwedishDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(stockholm)
	return fmt.Sprintf("%d %s %d", t.Day(), swedishMonths[t.Month()-1], t.Year())
}

// SwedishDateTime says a moment in Stockholm time, to the minute:
// "7 december 2026 kl. 14:05", in summer and winter alike.
func SwedishDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return SwedishDate(t) + " kl. " + t.In(stockholm).Format("15:04")
}

// SwedishDay says a calendar date, YYYY-MM-DD, as SwedishDate does; a text
// that is not such a date is returned as it is.
func SwedishDay(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, stockholm)
	if err != nil {
		return day
	}
	return SwedishDate(t)
}
