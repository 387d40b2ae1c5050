// Package report renders the board's report of a plan as of a date, in the
// plan's own layout (Område | Åtgärd/aktivitet | Ansvarig | Klart när? |
// Kontroll utfört), as CSV, XLSX and PDF.
//
// It works on plain data: the caller fills a Report from the database, so the
// renderers know nothing about storage, roles or sign-off rules. All three
// formats show the same rows, the same summary and the same overdue list, in
// the order given, and produce the same bytes for the same Report (the XLSX
// package timestamps aside).
package report

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/handlingsplan/handlingsplan/followup"
)

// Report is one plan as of a date.
type Report struct {
	Title, RegistryNumber, Department, Municipality string    // plan title, Dnr, e.g. "Socialförvaltningen", "Bollebygds kommun"
	AsOf                                            time.Time // the date the report is "as of" (a civil date)
	GeneratedAt                                     time.Time
	Areas                                           []Area
	Overdue                                         []OverdueItem
	Totals                                          Summary
}

// Area is a goal row of the plan with its actions and sub-actions.
type Area struct {
	Number  int    // 1-based
	Title   string // the goal, e.g. "Skapa ett närmare band mellan politik och verksamhet."
	Purpose string // "Syftar till ..."
	Note    string // italic note, may be empty
	Rows    []Row
	Summary Summary
}

// Row is an action or a sub-action with its follow-up state.
type Row struct {
	Number      string // "1", "2" for actions; "" for sub-actions
	SubAction   bool
	Text        string
	Responsible string // role name
	Deadline    string // as the plan writes it: "December 2024", "Fortlöpande", "Vid behov"
	Check       string // Kontroll utfört/datum from sign-offs, "" when nothing
	Status      string // Swedish status label (followup.Status.Label): "Klar", "Försenad", "Snart dags", "Ej påbörjad", "Missad period", "Utförd"
}

// Summary counts the rows of an area or of the whole plan.
type Summary struct{ Total, Done, Overdue, DueSoon, NotStarted int }

// OverdueItem is a row past its deadline, listed after the summary.
type OverdueItem struct {
	Area   int    // the Area.Number it belongs to
	Number string // "" for a sub-action, as in Row

	Text, Responsible, Deadline, Status string
}

// Column headings shared by the three formats, so they never drift apart.
var (
	planHeader    = []string{"Område", "Syfte", "Åtgärd/aktivitet", "Ansvarig", "Klart när", "Kontroll utfört/datum", "Status"}
	summaryHeader = []string{"Område", "Totalt", "Klara", "Försenade", "Andel klara"}
	overdueHeader = []string{"Område", "Åtgärd/aktivitet", "Ansvarig", "Klart när", "Status"}
)

const (
	summaryTitle = "Sammanfattning per område"
	overdueTitle = "Försenade"
	totalLabel   = "Totalt"
	noActions    = "Inga åtgärder i området."
	noOverdue    = "Inga försenade åtgärder."
)

// dateText says a civil date as the app does, "15 oktober 2024", in the
// time's own location so that a date built at midnight UTC stays that date.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return followup.DayLabel(t.Format(time.DateOnly))
}

// timeText says the moment the report was made, to the minute, in
// Stockholm: "15 oktober 2024 kl. 07:30".
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return followup.LongDate(t) + " kl. " + t.In(followup.Location()).Format("15:04")
}

// areaLabel is the area's text in the Område column: "1. Skapa ett ...".
func areaLabel(a *Area) string {
	title := clean(a.Title)
	if title == "" {
		return "Område " + strconv.Itoa(a.Number)
	}
	return strconv.Itoa(a.Number) + ". " + title
}

// areaLabelByNumber finds the label of an overdue item's area; an unknown
// number still shows as a number rather than vanishing.
func (r *Report) areaLabelByNumber(n int) string {
	for i := range r.Areas {
		if r.Areas[i].Number == n {
			return areaLabel(&r.Areas[i])
		}
	}
	return strconv.Itoa(n)
}

// purposeText joins the purpose and the note, which the plan prints under it.
func purposeText(a *Area) string {
	return joinNonEmpty("\n", clean(a.Purpose), clean(a.Note))
}

// actionText writes an action as the plan lists it: "1. Text" for numbered
// actions and "– Text" for the indented sub-actions.
func actionText(number string, sub bool, text string) string {
	text = clean(text)
	switch {
	case sub:
		return "– " + text
	case number != "":
		return number + ". " + text
	default:
		return text
	}
}

// overdueText is actionText for an overdue item, which carries no SubAction
// flag: as in Row, an empty number marks a sub-action.
func overdueText(o *OverdueItem) string {
	return actionText(o.Number, o.Number == "", o.Text)
}

// share is Done/Total, and false when there is nothing to divide.
func share(s Summary) (float64, bool) {
	if s.Total <= 0 {
		return 0, false
	}
	return float64(s.Done) / float64(s.Total), true
}

// percentText writes a share the Swedish way, "66,7 %", or "" for no rows.
func percentText(s Summary) string {
	v, ok := share(s)
	if !ok {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(v*100, 'f', 1, 64), ".", ",", 1) + " %"
}

// tone groups the free-text status labels into the few colours a reader
// scans for. Unknown labels get no colour rather than a wrong one.
type tone int

const (
	toneNone tone = iota
	toneDone
	toneLate
	toneSoon
)

func statusTone(status string) tone {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "klar", "klart", "utförd":
		return toneDone
	case "försenad", "försenade", "missad", "missad period":
		return toneLate
	case "snart", "snart dags":
		return toneSoon
	}
	return toneNone
}

// clean normalises text from the database for every format: one kind of line
// break, tabs as spaces, no other control characters (they are invalid in
// XLSX's XML and have no glyph in the PDF font), no surrounding space.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func joinNonEmpty(sep string, parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// Filename names a rendered report, e.g.
// "handlingsplan-SN2024-10-2024-12-31.xlsx". It is plain ASCII so that it
// survives Content-Disposition headers, e-mail and every file system.
func Filename(r *Report, ext string) string {
	parts := []string{"handlingsplan"}
	if dnr := slug(r.RegistryNumber); dnr != "" {
		parts = append(parts, dnr)
	} else if title := slug(r.Title); title != "" {
		parts = append(parts, title)
	}
	if !r.AsOf.IsZero() {
		parts = append(parts, r.AsOf.Format(time.DateOnly))
	}
	name := strings.Join(parts, "-")
	if e := slug(strings.TrimPrefix(ext, ".")); e != "" {
		name += "." + strings.ToLower(e)
	}
	return name
}

// asciiFold spells the letters a Swedish (or Nordic) name is likely to hold
// in ASCII.
var asciiFold = map[rune]string{
	'å': "a", 'ä': "a", 'ö': "o", 'Å': "A", 'Ä': "A", 'Ö': "O",
	'é': "e", 'è': "e", 'ü': "u", 'æ': "ae", 'ø': "o", 'É': "E", 'Ü': "U", 'Æ': "AE", 'Ø': "O",
}

// slug keeps ASCII letters and digits, folds åäö, and turns every other run of
// characters into one "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case asciiFold[r] != "":
			b.WriteString(asciiFold[r])
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}
