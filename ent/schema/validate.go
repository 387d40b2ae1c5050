package schema

import (
	"regexp"

	"github.com/handlingsplan/handlingsplan/followup"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validDate accepts an ISO 8601 calendar date, YYYY-MM-DD, in the years a
// plan can speak of (followup.InYears).
func validDate(s string) error { return followup.CheckDate(s) }

// validMonth accepts a calendar month, YYYY-MM, in the same years.
func validMonth(s string) error { return followup.CheckMonth(s) }
