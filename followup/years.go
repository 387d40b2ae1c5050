package followup

import (
	"fmt"
	"time"
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
		return fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return checkYear(s, t)
}

// CheckMonth accepts a calendar month, YYYY-MM, in the years a plan can
// speak of.
func CheckMonth(s string) error {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return fmt.Errorf("%q is not a month in the form YYYY-MM", s)
	}
	return checkYear(s, t)
}

func checkYear(s string, t time.Time) error {
	if !InYears(t.Year()) {
		return fmt.Errorf("%q is not in the years %d–%d", s, FirstYear, LastYear)
	}
	return nil
}
