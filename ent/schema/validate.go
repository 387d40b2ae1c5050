package schema

import (
	"fmt"
	"regexp"
	"time"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validDate accepts an ISO 8601 calendar date, YYYY-MM-DD.
func validDate(s string) error {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return nil
}

// validMonth accepts a calendar month, YYYY-MM.
func validMonth(s string) error {
	if _, err := time.Parse("2006-01", s); err != nil {
		return fmt.Errorf("%q is not a month in the form YYYY-MM", s)
	}
	return nil
}
