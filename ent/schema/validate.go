package schema

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validDate accepts an ISO 8601 calendar date, YYYY-MM-DD, in the years a
// plan can speak of (followup.InYears).
func validDate(s string) error { return followup.CheckDate(s) }

// validMonth accepts a calendar month, YYYY-MM, in the same years.
func validMonth(s string) error { return followup.CheckMonth(s) }

// The longest texts, in characters, by use. Each leaves a wide margin over
// the longest of its kind in the adopted Bollebygd plan (in brackets), and
// the table in docs/api.md#text-limits lists every field.
const (
	maxCode    = 50     // registry number, minutes paragraph, operation area code (18)
	maxName    = 200    // names, titles, topics, places (plan title 50)
	maxHeading = 500    // an area's goal (128)
	maxAction  = 2_000  // an action's text (190), a completed activity (340)
	maxLink    = 2_000  // a web address
	maxComment = 4_000  // comments, notes, reasons (an area's purpose 168)
	maxText    = 20_000 // a plan's background (1,063), what was said at a visit
	maxItems   = 200    // entries of a list of texts
	maxEmail   = 254    // the longest e-mail address (RFC 5321)
)

// maxRunes bounds a text by its characters, not its bytes, so that å, ä
// and ö count as one each (ent's MaxLen counts bytes). It sets no column
// size: the database keeps its unbounded text columns, and the limit can
// change without a migration.
func maxRunes(limit int) func(string) error {
	return func(s string) error {
		if n := utf8.RuneCountInString(s); n > limit {
			return fault.TooLong(limit, n)
		}
		return nil
	}
}

// eachMaxRunes bounds a list of texts: how many, and each one's length.
func eachMaxRunes(limit int) func([]string) error {
	return func(list []string) error {
		if len(list) > maxItems {
			return fault.Invalid("", "at most %d entries, not %d", maxItems, len(list)).
				Sv("Listan är för lång: högst %d rader.", maxItems)
		}
		for i, s := range list {
			if n := utf8.RuneCountInString(s); n > limit {
				f := fault.TooLong(limit, n)
				f.Message = fmt.Sprintf("entry %d: %s", i+1, f.Message)
				return f
			}
		}
		return nil
	}
}

// maxFileName is the longest file name in bytes of UTF-8, as file systems
// count (evidence.MaxNameBytes).
const maxFileName = 255

// validFileName accepts a file name as package evidence cleans it, so no
// other writer can store what a download could not send back.
func validFileName(s string) error {
	switch {
	case len(s) > maxFileName:
		return fault.Invalid("", "at most %d bytes (UTF-8), not %d", maxFileName, len(s)).
			Sv("Filnamnet är för långt. Ge filen ett kortare namn och försök igen.")
	case !utf8.ValidString(s):
		return errors.New("not valid UTF-8")
	case strings.ContainsFunc(s, unicode.IsControl):
		return errors.New("has control characters")
	case strings.ContainsAny(s, `/\`):
		return errors.New("has a path, not only a name")
	}
	return nil
}
