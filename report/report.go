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
	Head                                            Head // the plan's own head: adopted, approved, owner, revisions
	Areas                                           []Area
	Overdue                                         []OverdueItem
	Totals                                          Summary
	// Notes are the sign-offs with a comment or evidence, in the plan's
	// order: what those who did the work wrote and showed.
	Notes []Note
	// Activities are the board visits, study visits and workshops of the
	// follow-up period the report is as of; nil leaves the section out.
	Activities *Activities
	// YearWheel is the year of the plan's department at a glance, drawn
	// on a page of the PDF; nil leaves it out.
	YearWheel *YearWheel
}

// Head is what the plan's first page says about the document, as the plan
// writes it: "Fastställd: Socialnämnden 2024-02-20 § xx", "Fastställd av:
// Förvaltningschef", "Dokumentansvarig: Förvaltningschef", "Reviderad:".
type Head struct {
	Date             string // the document's date, YYYY-MM-DD
	AdoptedBy        string // e.g. "Socialnämnden"
	AdoptedAt        string // YYYY-MM-DD
	AdoptedParagraph string // e.g. "§ 12", "§ xx"
	ApprovedBy       string // a role, e.g. "Förvaltningschef"
	Owner            string // Dokumentansvarig, a role
	Revisions        []Revision
}

// Revision is one line of the document's "Reviderad", with what changed in
// the adopted plan that day, each change in words ("Ny åtgärd 2.3: …").
type Revision struct {
	Date, Note string // Date is YYYY-MM-DD
	Changes    []string
}

// Note is one sign-off with its comment or evidence.
type Note struct {
	Area      int    // the Area.Number it belongs to
	Number    string // "" for a sub-action, as in Row
	Text      string // the action
	DoneOn    string // YYYY-MM-DD
	Period    string // the follow-up period it was for, e.g. "VT 2024"; "" when none
	Signer    string // who signed, e.g. "Elin Enhetschef"
	Unit      string // the unit signed for, when a duty of each unit
	Comment   string
	Evidence  []Link
	SubAction bool
}

// Link is evidence: a file kept by the app or a link given with the
// sign-off. URL is absolute once the report is resolved against the site's
// address (see ResolveLinks); a board member follows it to read the file.
type Link struct{ Text, URL string }

// Activities are the board visits, study visits and workshops of one
// follow-up period: what the board did and saw besides the plan's table.
type Activities struct {
	Period string // e.g. "HT 2024 (1 juli–31 december 2024)"
	Groups []ActivityGroup
}

// ActivityGroup is one kind of activity: its counts and each occasion.
type ActivityGroup struct {
	Title string // "Nämndbesök", "Studiebesök", "Workshops"
	Facts []Fact // counts, e.g. Sammanträden 5, Genomförda 2
	Items []ActivityItem
	Empty string // said when there are no items, e.g. "Inga sammanträden under perioden."
}

// Fact is a labelled count.
type Fact struct {
	Label string
	Value int
}

// ActivityItem is one meeting, study visit time or workshop.
type ActivityItem struct {
	Date  string // YYYY-MM-DD, or YYYY-MM-DD HH:MM (Stockholm time)
	What  string // e.g. "Hemtjänsten (Hemsjukvården)", "Tillitsbaserad styrning, Kommunhuset"
	State string // e.g. "Genomfört, återrapporterat", "2 av 3 platser bokade"
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
	planHeader     = []string{"Område", "Syfte", "Åtgärd/aktivitet", "Ansvarig", "Klart när", "Kontroll utfört/datum", "Status"}
	summaryHeader  = []string{"Område", "Totalt", "Klara", "Försenade", "Andel klara"}
	overdueHeader  = []string{"Område", "Åtgärd/aktivitet", "Ansvarig", "Klart när", "Status"}
	notesHeader    = []string{"Område", "Åtgärd/aktivitet", "Utfört", "Av", "Kommentar", "Underlag"}
	activityHeader = []string{"Datum", "Vad", "Läge"}
	revisionHeader = []string{"Reviderad", "Anteckning", "Ändring"}
)

const (
	summaryTitle = "Sammanfattning per område"
	overdueTitle = "Försenade"
	totalLabel   = "Totalt"
	noActions    = "Inga åtgärder i området."
	noOverdue    = "Inga försenade åtgärder."
	notesTitle   = "Kommentarer och underlag"
	noNotes      = "Ingen har skrivit en kommentar eller lagt till underlag."
	activityWord = "Besök och workshops"
	// revisionsTitle heads the changes made after adoption, by revision.
	revisionsTitle = "Revisioner"
)

// revisionRows are the revisions' changes, one a row, the day and note on
// the first row of each revision; nil when no revision lists a change (its
// days are in the head's "Reviderad" then), and the section is left out.
func (r *Report) revisionRows() [][3]string {
	var rows [][3]string
	listed := false
	for _, rev := range r.Head.Revisions {
		day, note := clean(rev.Date), clean(rev.Note)
		if len(rev.Changes) == 0 {
			rows = append(rows, [3]string{day, note, ""})
			continue
		}
		listed = true
		for i, c := range rev.Changes {
			if i > 0 {
				day, note = "", ""
			}
			rows = append(rows, [3]string{day, note, clean(c)})
		}
	}
	if !listed {
		return nil
	}
	return rows
}

// activitiesTitle is the heading of the visits and workshops, with the
// period: "Besök och workshops, HT 2024 (1 juli–31 december 2024)".
func (r *Report) activitiesTitle() string {
	if r.Activities == nil || r.Activities.Period == "" {
		return activityWord
	}
	return activityWord + ", " + r.Activities.Period
}

// factsText says an activity group's counts on one line:
// "Sammanträden: 5 · Med besök: 4 · Genomförda: 2".
func factsText(facts []Fact) string {
	parts := make([]string, len(facts))
	for i, f := range facts {
		parts[i] = clean(f.Label) + ": " + strconv.Itoa(f.Value)
	}
	return strings.Join(parts, " · ")
}

// headLines are the plan's head as prose lines for the title blocks of the
// XLSX and the PDF, dates written out ("20 februari 2024"). Empty parts are
// left out, as is a line with nothing to say.
func (r *Report) headLines() []string {
	h := r.Head
	adopted := joinNonEmpty(" ", clean(h.AdoptedBy), followup.DayLabel(clean(h.AdoptedAt)), clean(h.AdoptedParagraph))
	line := joinNonEmpty(" · ",
		prefixed("Fastställd: ", adopted),
		prefixed("Fastställd av: ", clean(h.ApprovedBy)),
		prefixed("Dokumentansvarig: ", clean(h.Owner)),
		prefixed("Reviderad: ", revisionsText(h.Revisions, followup.DayLabel)),
		prefixed("Planens datum: ", followup.DayLabel(clean(h.Date))),
	)
	if line == "" {
		return nil
	}
	return []string{line}
}

// revisionsText lists the revisions, each date written by day:
// "3 mars 2025 (nytt område 6); 1 september 2025".
func revisionsText(revs []Revision, day func(string) string) string {
	parts := make([]string, 0, len(revs))
	for _, rev := range revs {
		parts = append(parts, joinNonEmpty(" ", day(clean(rev.Date)), parenthesised(clean(rev.Note))))
	}
	return joinNonEmpty("; ", parts...)
}

func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// ResolveLinks makes the evidence addresses that are paths on the site
// (/evidence/12) absolute on site, e.g. "https://handlingsplan.bollebygd.se",
// so that they work from a file that has left the app.
func (r *Report) ResolveLinks(site string) {
	site = strings.TrimRight(site, "/")
	if site == "" {
		return
	}
	for i := range r.Notes {
		for j := range r.Notes[i].Evidence {
			if u := r.Notes[i].Evidence[j].URL; strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
				r.Notes[i].Evidence[j].URL = site + u
			}
		}
	}
	if r.YearWheel != nil {
		for i, m := range r.YearWheel.Marks {
			if strings.HasPrefix(m.URL, "/") && !strings.HasPrefix(m.URL, "//") {
				r.YearWheel.Marks[i].URL = site + m.URL
			}
		}
	}
}

// noteAction is a note's action as the overdue list writes it.
func noteAction(n *Note) string { return actionText(n.Number, n.SubAction, n.Text) }

// noteDone says when a sign-off was done, and for which period:
// "2024-05-03 (VT 2024)".
func noteDone(n *Note) string {
	return joinNonEmpty(" ", clean(n.DoneOn), parenthesised(clean(n.Period)))
}

// noteSigner is who signed, and for which unit: "Elin Enhetschef för Hemsjukvården".
func noteSigner(n *Note) string {
	return joinNonEmpty(" för ", clean(n.Signer), clean(n.Unit))
}

// linkText is evidence as one line of text that survives printing: the
// file's name and its address, or the address alone.
func linkText(l Link) string {
	text, url := clean(l.Text), clean(l.URL)
	if text == "" || text == url {
		return url
	}
	return joinNonEmpty(" ", text, parenthesised(url))
}

func evidenceText(links []Link) string {
	parts := make([]string, len(links))
	for i, l := range links {
		parts[i] = linkText(l)
	}
	return joinNonEmpty("\n", parts...)
}

// dateText formats a civil date the Swedish way (ISO 8601), in the time's own
// location so that a date built at midnight UTC stays that date. It is for
// cells and file names, where dates sort; prose says longDate.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// longDate says a civil date as prose does, "15 oktober 2024", in the
// time's own location like dateText.
func longDate(t time.Time) string {
	return followup.DayLabel(dateText(t))
}

// timeText formats the moment the report was made, to the minute, in
// Stockholm time wherever the server runs: "7 december 2026 kl. 14:05".
func timeText(t time.Time) string {
	return followup.TimeLabel(t)
}

// timeCell is timeText for a spreadsheet cell: "2026-12-07 14:05", Stockholm time.
func timeCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(followup.Location()).Format("2006-01-02 15:04")
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
