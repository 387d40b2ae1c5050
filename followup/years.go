package followup

import (
	"time"

	"github.com/handlingsplan/handlingsplan/fault"
)

// The years a plan can speak of. A date outside them is a slip of the
// keyboard ("9999-01-20", "0224-02-20"), not part of a municipal plan, so
// nothing the product stores may carry one: plan files, the schema's date
// fields and deadlines all ask InYears.
const (
	FirstYear = 2000
	LastYear  = 2100
)

// InYears reports whether year is one a plan can speak of.
func InYears(year int) bool { return year >= FirstYear && year <= LastYear }

// CheckDate accepts a calendar date, YYYY-MM-DD, in the years a plan can
// speak of.
func CheckDate(s string) error {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fault.Invalid("", "%q is not a date in the form YYYY-MM-DD", s).Sv("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")
	}
	return checkYear(s, t)
}

// CheckMonth accepts a calendar month, YYYY-MM, in the years a plan can
// speak of.
func CheckMonth(s string) error {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return fault.Invalid("", "%q is not a month in the form YYYY-MM", s).Sv("Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-03.")
	}
	return checkYear(s, t)
}

func checkYear(s string, t time.Time) error {
	if !InYears(t.Year()) {
		return fault.Invalid("", "%q is not in the years %d–%d", s, FirstYear, LastYear).
			Sv("Välj ett datum mellan år %d och %d.", FirstYear, LastYear)
	}
	return nil
}
