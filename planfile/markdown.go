package planfile

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"unicode"
)

// ParseMarkdown reads a plan in the markdown form that PDF-to-markdown
// converters produce and returns it as a plan file for dept:
//
//   - a header before the "Bakgrund" heading: free-text lines (the last one is
//     the title), a date line, and labelled fields "Fastställd:", "Fastställd
//     av:", "Reviderad:", "Dokumentansvarig:" and "Dnr:", in any order, even
//     glued together on one line;
//   - the background: paragraphs after "Bakgrund", where every bullet item
//     ("- ", "* ", "• ") is a completed activity;
//   - the action table, with the columns Område, Åtgärd/aktivitet, Ansvarig
//     and Klart när? (a "Kontroll utfört" column is ignored), separated by
//     tabs or pipes, whose cells may hold HTML.
//
// The roles named in the plan are merged into dept.Roles (see
// Department.ResolveRole and docs/plan-file.md for plural spellings). A
// department that has roles already is one that exists: there a role it
// lacks is a typo until the caller says otherwise, and refused with its
// line and the closest roles it has (ErrUnknownRole), unless
// opts.CreateRoles is set. A department without roles gets the plan's. Every
// action gets the scope InferScope gives from its text and its Ansvarig
// entry as written. How the
// action lists are rebuilt when the converter lost their markers is described
// in mdlist.go. The result is validated; errors name the markdown line.
func ParseMarkdown(r io.Reader, dept Department, opts MarkdownOptions) (*File, error) {
	lines, err := readLines(r)
	if err != nil {
		return nil, err
	}
	tableAt, cols, err := findTable(lines)
	if err != nil {
		return nil, err
	}
	header, background := lines[:tableAt], []mdLine(nil)
	if at := findHeading(header, "bakgrund"); at >= 0 {
		header, background = lines[:at], lines[at+1:tableAt]
	}
	rows, err := tableRows(lines[tableAt+1:], cols)
	if err != nil {
		return nil, err
	}
	doc := document{header: header, background: background, tableAt: lines[tableAt].n, rows: rows}
	return doc.plan(dept, opts, func(e *FieldError, lacks string) {
		e.Line = 1
		last := 0
		for _, l := range header {
			if strings.TrimSpace(l.text) != "" {
				last = l.n
			}
		}
		if last == 0 {
			e.Msg += " (nothing comes before the table to say it)"
		} else {
			e.Msg += fmt.Sprintf(" (the header, lines 1–%d, has %s)", last, lacks)
		}
	})
}

// document is what a reader found in a plan document, the rules of which
// are the same whatever its form: header lines, background lines and the
// rows of the action table. Each piece carries the number of the place it
// came from: a line of markdown, or a cell or paragraph of a Word document
// (see ParseDocx), so that every problem can name its place.
type document struct {
	header, background []mdLine
	tableAt            int // the place of the table's heading row
	rows               []mdRow
}

// plan reads the document into a plan file for dept (see ParseMarkdown).
// missing gives a problem about a field the header lacks (title, Dnr,
// Dokumentansvarig) its place and words; lacks is what is missing, e.g.
// `no "Dnr:"`.
func (doc document) plan(dept Department, opts MarkdownOptions, missing func(e *FieldError, lacks string)) (*File, error) {
	var p Plan
	at := fieldLines{}
	if err := parseHeader(doc.header, &p, at); err != nil {
		return nil, err
	}
	p.Background, p.CompletedActivities = parseBackground(doc.background, at)
	areas, err := groupRows(doc.rows, doc.tableAt)
	if err != nil {
		return nil, err
	}

	create := opts.CreateRoles || len(dept.Roles) == 0
	roles := newRoleCatalogue(dept.Roles, planRoleNames(&p, at, areas), create)
	p.Owner = roles.resolve(p.Owner, "plan.owner", at["plan.owner"])
	p.ApprovedBy = roles.resolve(p.ApprovedBy, "plan.approvedBy", at["plan.approvedBy"])
	for i, a := range areas {
		area, err := a.build(roles, fmt.Sprintf("plan.areas[%d]", i))
		if err != nil {
			return nil, err
		}
		p.Areas = append(p.Areas, area)
	}
	if len(roles.unknown) > 0 {
		sortByLine(roles.unknown)
		return nil, roles.unknown
	}

	f := &File{Version: Version, Department: dept, Plan: p}
	f.Department.Roles = roles.roles
	for i, r := range roles.roles {
		if line := roles.line[r.Name]; line > 0 {
			at[fmt.Sprintf("department.roles[%d]", i)] = line
		}
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("imported plan is not valid: %w", at.fill(err, missing))
	}
	return f, nil
}

// fieldLines maps the paths of a plan's fields to the markdown lines they
// were read from, for the problems Validate finds.
type fieldLines map[string]int

// lineOf returns the line of path, or of the nearest enclosing field read
// from a line: "plan.revisions[0].date" is on the Reviderad line.
func (at fieldLines) lineOf(path string) int {
	for p := path; p != ""; {
		if line, ok := at[p]; ok {
			return line
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// headerLabels name what the header lacks when a field the plan needs is
// missing from it.
var headerLabels = map[string]string{
	"plan.title":          "no title line",
	"plan.registryNumber": `no "Dnr:"`,
	"plan.owner":          `no "Dokumentansvarig:"`,
}

// fill gives the problems of err (Errors from Validate) the lines of their
// fields. A field missing from the header is given its place by missing.
// Problems without a line are left so: they are about the department the
// import was given, not about the file.
func (at fieldLines) fill(err error, missing func(e *FieldError, lacks string)) error {
	var errs Errors
	if !errors.As(err, &errs) {
		return err
	}
	for _, e := range errs {
		if e.Line > 0 {
			continue
		}
		if e.Line = at.lineOf(e.Path); e.Line > 0 {
			continue
		}
		if lacks, ok := headerLabels[e.Path]; ok {
			missing(e, lacks)
		}
	}
	sortByLine(errs)
	return errs
}

// MarkdownOptions are the choices of a markdown or Word import.
type MarkdownOptions struct {
	// CreateRoles lets a plan add roles to a department that has roles
	// already. Without it, a role the department lacks is refused as a
	// typo (ErrUnknownRole); a department without roles always gets the
	// plan's.
	CreateRoles bool
}

// ErrUnknownRole marks the problems of a markdown or Word plan that names a role
// its department lacks, when the import may not create roles.
var ErrUnknownRole = errors.New("unknown role")

// mdLine is one markdown line with its 1-based number.
type mdLine struct {
	n    int
	text string
}

// readLines reads the markdown as lines, refusing bytes that are not UTF-8
// and NUL characters with their line. A byte order mark is dropped.
func readLines(r io.Reader) ([]mdLine, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read markdown: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err := scanText(data, markdownAllows); err != nil {
		return nil, err
	}
	text := strings.TrimSuffix(string(data), "\n")
	var lines []mdLine
	for i, l := range strings.Split(text, "\n") {
		lines = append(lines, mdLine{n: i + 1, text: strings.TrimRight(l, "\r")})
	}
	return lines, nil
}

// lineError is a problem at a markdown line.
func lineError(line int, format string, args ...any) error {
	return &FieldError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// clean collapses runs of white space (the PDF's line breaks and padding)
// into single spaces and trims the ends.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// plainHeading returns a line as heading text: without markdown heading or
// emphasis markers and a trailing colon, lower-cased.
func plainHeading(s string) string {
	s = strings.Trim(clean(s), "#*_ ")
	return strings.ToLower(strings.TrimSuffix(s, ":"))
}

func findHeading(lines []mdLine, heading string) int {
	for i, l := range lines {
		if plainHeading(l.text) == heading {
			return i
		}
	}
	return -1
}

// ---- header ----

// headerLabel finds the labelled fields of the header. The converter glues
// them together ("FörvaltningschefDnr:"), so a label need not start a word.
// "Fastställd av" comes before "Fastställd" so that the longer label wins.
var headerLabel = regexp.MustCompile(`(?i)(fastställd av|fastställd|reviderad|dokumentansvarig|dnr|diarienummer)\s*:`)

var (
	isoDate   = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	brokenDay = regexp.MustCompile(`\d{4}-\d{2}-$`)
)

// parseHeader fills the plan's header fields from the lines before
// "Bakgrund", noting in at the line of each.
func parseHeader(lines []mdLine, p *Plan, at fieldLines) error {
	for _, l := range joinBrokenDates(lines) {
		text := clean(strings.ReplaceAll(l.text, "**", " "))
		if text == "" {
			continue
		}
		labels := headerLabel.FindAllStringSubmatchIndex(text, -1)
		if len(labels) == 0 {
			freeHeaderText(p, text, l.n, at)
			continue
		}
		if prefix := clean(text[:labels[0][0]]); prefix != "" {
			freeHeaderText(p, prefix, l.n, at)
		}
		for i, m := range labels {
			end := len(text)
			if i+1 < len(labels) {
				end = labels[i+1][0]
			}
			value := clean(text[m[1]:end])
			if err := setHeaderField(p, strings.ToLower(text[m[2]:m[3]]), value, l.n, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// freeHeaderText handles header text without a label: the first date line is
// the plan's date, and the last other text is its title. (The page header
// names the kind of document, "Handlingsplan"; the heading just above the
// background is the full title.)
func freeHeaderText(p *Plan, text string, line int, at fieldLines) {
	if datePattern.MatchString(text) && p.Date == "" {
		p.Date, at["plan.date"] = text, line
		return
	}
	p.Title, at["plan.title"] = text, line
}

// joinBrokenDates undoes the PDF's line break inside a date
// ("2024-02-" + "20 § xx"), which would otherwise lose the day.
func joinBrokenDates(lines []mdLine) []mdLine {
	var out []mdLine
	for _, l := range lines {
		if n := len(out); n > 0 && brokenDay.MatchString(strings.TrimSpace(out[n-1].text)) &&
			len(l.text) > 0 && unicode.IsDigit(rune(l.text[0])) {
			out[n-1].text = strings.TrimSpace(out[n-1].text) + l.text
			continue
		}
		out = append(out, l)
	}
	return out
}

func setHeaderField(p *Plan, label, value string, line int, at fieldLines) error {
	switch label {
	case "fastställd":
		// "Socialnämnden 2024-02-20 § xx": board, date, paragraph of the minutes.
		for _, f := range []string{"adoptedBy", "adoptedAt", "adoptedParagraph", "status"} {
			at["plan."+f] = line
		}
		loc := isoDate.FindStringIndex(value)
		if loc == nil {
			p.AdoptedBy = value
			return nil
		}
		p.AdoptedBy = clean(value[:loc[0]])
		p.AdoptedAt = value[loc[0]:loc[1]]
		p.AdoptedParagraph = clean(value[loc[1]:])
		p.Status = StatusAdopted
	case "fastställd av":
		p.ApprovedBy, at["plan.approvedBy"] = value, line
	case "dokumentansvarig":
		p.Owner, at["plan.owner"] = value, line
	case "dnr", "diarienummer":
		p.RegistryNumber, at["plan.registryNumber"] = value, line
	case "reviderad":
		at["plan.revisions"] = line
		revs, err := parseRevisions(value)
		if err != nil {
			return &FieldError{Path: "plan.revisions", Line: line, Msg: fmt.Sprintf("Reviderad: %v", err)}
		}
		p.Revisions = revs
	}
	return nil
}

// parseRevisions reads "2024-05-02 new roles, 2024-09-01" into revisions:
// each date with the text after it as the note.
func parseRevisions(value string) ([]Revision, error) {
	if value == "" {
		return nil, nil
	}
	locs := isoDate.FindAllStringIndex(value, -1)
	if len(locs) == 0 || clean(value[:locs[0][0]]) != "" {
		return nil, fmt.Errorf("want dates (YYYY-MM-DD) each followed by an optional note, got %q", value)
	}
	var revs []Revision
	for i, loc := range locs {
		end := len(value)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		note := strings.Trim(clean(value[loc[1]:end]), ",; ")
		revs = append(revs, Revision{Date: value[loc[0]:loc[1]], Note: note})
	}
	return revs, nil
}

// ---- background ----

var bullet = regexp.MustCompile(`^\s*[-*•]\s+`)

// parseBackground splits the text between "Bakgrund" and the table into
// paragraphs and bullet items, which are the completed activities. Lines
// without a bullet continue the item above. Paragraphs are joined with one
// line break, which a plan file shows as one blank line. at gets the line
// of each activity.
func parseBackground(lines []mdLine, at fieldLines) (background string, completed []string) {
	var paragraphs []string
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			paragraphs = append(paragraphs, clean(strings.Join(para, " ")))
			para = nil
		}
	}
	for _, l := range lines {
		switch {
		case strings.TrimSpace(l.text) == "":
			flush()
			inList = false
		case bullet.MatchString(l.text):
			flush()
			at[fmt.Sprintf("plan.completedActivities[%d]", len(completed))] = l.n
			completed = append(completed, clean(bullet.ReplaceAllString(l.text, "")))
			inList = true
		case inList:
			completed[len(completed)-1] = clean(completed[len(completed)-1] + " " + l.text)
		default:
			para = append(para, l.text)
		}
	}
	flush()
	return strings.Join(paragraphs, "\n"), completed
}

// ---- table ----

// column indexes of the action table.
type columns struct{ area, action, responsible, deadline int }

// findTable locates the header row of the action table and its columns.
func findTable(lines []mdLine) (int, columns, error) {
	for i, l := range lines {
		cells, ok := splitRow(l.text)
		if !ok {
			continue
		}
		if cols, ok := tableColumns(cells); ok {
			return i, cols, nil
		}
	}
	return 0, columns{}, ErrNoTable
}

// tableColumns finds the columns of the action table in a row of headings:
// Område, Åtgärd/aktivitet, Ansvarig and Klart när?, in any order, each
// heading as the word it starts with. ok is false when one is missing.
func tableColumns(headings []string) (cols columns, ok bool) {
	cols = columns{-1, -1, -1, -1}
	for j, c := range headings {
		h := plainHeading(plainText(c))
		switch {
		case strings.HasPrefix(h, "område"):
			cols.area = j
		case strings.HasPrefix(h, "åtgärd"), strings.HasPrefix(h, "aktivitet"):
			cols.action = j
		case strings.HasPrefix(h, "ansvarig"):
			cols.responsible = j
		case strings.HasPrefix(h, "klart"):
			cols.deadline = j
		}
	}
	return cols, cols.area >= 0 && cols.action >= 0 && cols.responsible >= 0 && cols.deadline >= 0
}

// ErrNoTable is the answer to markdown without an action table, a refusal
// of the whole file that names no line.
var ErrNoTable = errors.New("markdown: no action table found (want a header row with the columns Område, Åtgärd/aktivitet, Ansvarig and Klart när?)")

var separatorRow = regexp.MustCompile(`^[\s|:\-]+$`)

// splitRow splits a table row into cells: pipe tables ("| a | b |") and the
// tab-separated rows some converters write. ok is false for other lines.
func splitRow(line string) (cells []string, ok bool) {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "|") {
		t = strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|")
		cells = strings.Split(strings.ReplaceAll(t, `\|`, "\x00"), "|")
		for i := range cells {
			cells[i] = strings.ReplaceAll(cells[i], "\x00", "|")
		}
		return cells, true
	}
	if strings.Contains(line, "\t") {
		return strings.Split(line, "\t"), true
	}
	return nil, false
}

// mdCell is one table cell with the place it is at (its line in markdown).
type mdCell struct {
	line int
	html string
}

// mdRow is one row of the action table: its place, and its cells in the
// four columns that matter.
type mdRow struct {
	n                                   int
	area, action, responsible, deadline mdCell
}

// tableRows reads the markdown lines after the table's header row.
func tableRows(lines []mdLine, cols columns) ([]mdRow, error) {
	var rows []mdRow
	for _, l := range lines {
		if strings.TrimSpace(l.text) == "" || separatorRow.MatchString(l.text) {
			continue
		}
		cells, ok := splitRow(l.text)
		if !ok {
			return nil, lineError(l.n, "text inside the action table that is not a table row: %q", clean(l.text))
		}
		cell := func(i int) mdCell {
			if i < len(cells) {
				return mdCell{line: l.n, html: cells[i]}
			}
			return mdCell{line: l.n}
		}
		rows = append(rows, mdRow{n: l.n, area: cell(cols.area), action: cell(cols.action),
			responsible: cell(cols.responsible), deadline: cell(cols.deadline)})
	}
	return rows, nil
}

// mdArea collects the cells of one area over the rows it spans: the PDF
// breaks an area over pages, and the converter writes each part as a row;
// a Word table merges the area's cell over the rows of its actions.
type mdArea struct {
	line      int
	area      []string
	actions   []mdCell
	roles     []mdCell
	deadlines []mdCell
}

// groupRows groups the rows of the action table, whose heading row is at
// header, into areas. A row starts a new area when its Område cell has
// text, except when that text is the tail of the previous area's cell cut
// at a page break: then the row has nothing in the other columns, or its
// text starts in lower case. A cell with no letter or digit (a stray "."
// of the converter) counts as empty; so does a merged cell's continuation.
func groupRows(rows []mdRow, header int) ([]*mdArea, error) {
	var areas []*mdArea
	for _, r := range rows {
		text := func(c mdCell) string {
			if hasWord(c.html) {
				return c.html
			}
			return ""
		}
		areaText, actions, roles, deadlines := text(r.area), text(r.action), text(r.responsible), text(r.deadline)
		continues := areaText == "" ||
			(len(areas) > 0 && (actions+roles+deadlines == "" || startsLower(plainText(areaText))))
		if !continues {
			areas = append(areas, &mdArea{line: r.n})
		} else if len(areas) == 0 {
			if actions+roles+deadlines == "" {
				continue // an empty row before the first area
			}
			return nil, lineError(r.n, "row continues an area, but no area has started (empty Område cell)")
		}
		a := areas[len(areas)-1]
		if areaText != "" {
			a.area = append(a.area, areaText)
		}
		for _, c := range []struct {
			to   *[]mdCell
			cell mdCell
			html string
		}{{&a.actions, r.action, actions}, {&a.roles, r.responsible, roles}, {&a.deadlines, r.deadline, deadlines}} {
			if c.html != "" {
				*c.to = append(*c.to, mdCell{line: c.cell.line, html: c.html})
			}
		}
	}
	if len(areas) == 0 {
		return nil, lineError(header, "the action table has no rows below its header")
	}
	return areas, nil
}

func hasWord(s string) bool {
	return strings.IndexFunc(plainText(s), func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}) >= 0
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// build turns the collected cells into an Area; path names it in errors.
func (a *mdArea) build(roles *roleCatalogue, path string) (Area, error) {
	title, purpose, note := parseAreaCell(strings.Join(a.area, " "))
	area := Area{Title: title, Purpose: purpose, Note: note, Line: a.line}

	responsible := cellEntries(a.roles)
	deadlines := cellEntries(a.deadlines)
	if len(responsible) != len(deadlines) {
		return Area{}, &FieldError{Path: path, Line: a.line,
			Msg: fmt.Sprintf("area %q has %d responsible roles but %d deadlines", title, len(responsible), len(deadlines)),
			Say: fmt.Sprintf("området %s har %d ansvariga men %d Klart när; varje åtgärd och underåtgärd har ett av var", quote(title), len(responsible), len(deadlines))}
	}
	items, err := listItems(a.actions, len(responsible), a.line, title)
	if err != nil {
		if fe, ok := err.(*FieldError); ok {
			fe.Path = path
		}
		return Area{}, err
	}
	dept := Department{Roles: roles.roles}
	for i, it := range items {
		d, err := ParseDeadline(deadlines[i].text)
		if err != nil {
			return Area{}, &FieldError{Path: itemPath(path, &area, it.sub) + ".deadline", Line: deadlines[i].n, Msg: err.Error(),
				Say: fmt.Sprintf("%s är inget Klart när; skriv en månad och ett år (December 2024), Fortlöpande eller Vid behov", quote(deadlines[i].text))}
		}
		act := Action{
			Number:      it.number,
			Text:        it.text,
			Responsible: roles.resolve(responsible[i].text, itemPath(path, &area, it.sub)+".responsible", responsible[i].n),
			Deadline:    d,
			// The plan as written ("Enhetschefer") says more than the
			// canonical role: InferScope reads the plural.
			Scope: InferScope(&dept, responsible[i].text, it.text),
			Line:  it.line,
		}
		if !it.sub {
			area.Actions = append(area.Actions, act)
			continue
		}
		if len(area.Actions) == 0 {
			return Area{}, &FieldError{Path: path, Line: it.line, Msg: fmt.Sprintf("sub-action %q comes before any numbered action", it.text)}
		}
		parent := &area.Actions[len(area.Actions)-1]
		parent.SubActions = append(parent.SubActions, act)
	}
	return area, nil
}

// itemPath is the path the next item of area gets: its next action, or the
// next sub-action of its last action.
func itemPath(path string, area *Area, sub bool) string {
	n := len(area.Actions)
	if !sub || n == 0 {
		return fmt.Sprintf("%s.actions[%d]", path, n)
	}
	return fmt.Sprintf("%s.actions[%d].subActions[%d]", path, n-1, len(area.Actions[n-1].SubActions))
}

// parseAreaCell reads an Område cell: the first sentence of its plain text
// is the area's title, the remaining sentences its purpose, and the italic
// text (<i>, <em>) its note.
func parseAreaCell(cell string) (title, purpose, note string) {
	var plain, italic strings.Builder
	depth := 0
	for _, tok := range htmlTokens(cell) {
		switch {
		case tok.tag == "i" || tok.tag == "em":
			depth++
		case tok.tag == "/i" || tok.tag == "/em":
			depth = max(depth-1, 0)
		case tok.tag != "":
			plain.WriteByte(' ') // block tags separate words
			italic.WriteByte(' ')
		case depth > 0:
			italic.WriteString(tok.text)
		default:
			plain.WriteString(tok.text)
		}
	}
	title, purpose = splitFirstSentence(clean(plain.String()))
	return title, purpose, clean(italic.String())
}

// sentenceEnd matches the space after a sentence: a full stop, question or
// exclamation mark followed by a word in upper case.
var sentenceEnd = regexp.MustCompile(`[.!?] \p{Lu}`)

func splitFirstSentence(s string) (first, rest string) {
	loc := sentenceEnd.FindStringIndex(s)
	if loc == nil {
		return s, ""
	}
	return s[:loc[0]+1], s[loc[0]+2:]
}

// cellEntries lists the entries of Ansvarig or Klart när? cells: one per
// paragraph or line (<p>, <br>), in order over all rows of the area.
func cellEntries(cells []mdCell) []mdLine {
	var out []mdLine
	for _, c := range cells {
		var cur strings.Builder
		flush := func() {
			if t := clean(cur.String()); t != "" {
				out = append(out, mdLine{n: c.line, text: t})
			}
			cur.Reset()
		}
		for _, tok := range htmlTokens(c.html) {
			if isBlockTag(tok.tag) {
				flush()
			}
			cur.WriteString(tok.text)
		}
		flush()
	}
	return out
}

// ---- HTML cells ----

// htmlToken is a run of text or one tag ("p", "/p", "ul", ...) of a cell.
type htmlToken struct {
	tag  string
	text string
}

var htmlTag = regexp.MustCompile(`<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>`)

// htmlTokens splits a cell into tags and text, with character references
// such as &amp; decoded. Tags are lower-cased and carry no attributes.
func htmlTokens(s string) []htmlToken {
	var toks []htmlToken
	last := 0
	for _, m := range htmlTag.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			toks = append(toks, htmlToken{text: html.UnescapeString(s[last:m[0]])})
		}
		toks = append(toks, htmlToken{tag: s[m[2]:m[3]] + strings.ToLower(s[m[4]:m[5]])})
		last = m[1]
	}
	if last < len(s) {
		toks = append(toks, htmlToken{text: html.UnescapeString(s[last:])})
	}
	return toks
}

// plainText is the text of a cell without its tags.
func plainText(s string) string {
	var b strings.Builder
	for _, tok := range htmlTokens(s) {
		if tok.tag != "" {
			b.WriteByte(' ')
		}
		b.WriteString(tok.text)
	}
	return clean(b.String())
}

// isBlockTag tells tags that end a paragraph or list item from inline ones
// (<i>, <b>, <span>) that do not.
func isBlockTag(tag string) bool {
	switch strings.TrimPrefix(tag, "/") {
	case "p", "br", "div", "li", "ol", "ul":
		return true
	}
	return false
}

// ---- roles ----

// planRoleNames lists every role spelling the plan uses with its line,
// header first, in order of appearance.
func planRoleNames(p *Plan, at fieldLines, areas []*mdArea) []mdLine {
	names := []mdLine{{at["plan.owner"], p.Owner}, {at["plan.approvedBy"], p.ApprovedBy}}
	for _, a := range areas {
		names = append(names, cellEntries(a.roles)...)
	}
	return names
}

// roleCatalogue is the department's role list as the import extends it.
type roleCatalogue struct {
	roles    []Role
	spelling map[string]bool // every role name the plan uses, lower-cased
	line     map[string]int  // the line that added a role, by its name
	create   bool            // whether roles the department lacks may be added
	known    Department      // the department's roles before the import
	unknown  Errors          // uses of roles that could not be added
}

// newRoleCatalogue copies the department's roles (the caller's slices are
// not touched) and adds the roles the plan names, in order of appearance.
func newRoleCatalogue(roles []Role, names []mdLine, create bool) *roleCatalogue {
	c := &roleCatalogue{spelling: map[string]bool{}, line: map[string]int{}, create: create, known: Department{Roles: roles}}
	for _, r := range roles {
		r.Aliases = append([]string(nil), r.Aliases...)
		r.Members = append([]string(nil), r.Members...)
		c.roles = append(c.roles, r)
	}
	for _, n := range names {
		c.spelling[strings.ToLower(n.text)] = true
	}
	for _, n := range names {
		before := len(c.roles)
		c.canonical(n.text)
		for _, r := range c.roles[before:] {
			c.line[r.Name] = n.n
		}
	}
	return c
}

// swedishPluralEndings are the plural endings of Swedish nouns, longest
// first: "Enhetschefer" is the plural of "Enhetschef".
var swedishPluralEndings = []string{"or", "ar", "er", "r"}

// resolve returns the role name to use for a spelling of the plan at path
// and line. A role that may not be added is recorded as a problem, naming
// the department's closest roles, and the spelling is kept.
func (c *roleCatalogue) resolve(spelling, path string, line int) string {
	name, ok := c.canonical(spelling)
	if !ok {
		name = clean(spelling)
		closest := c.known.closestRoles(name)
		c.unknown = append(c.unknown, &FieldError{Path: path, Line: line, Err: ErrUnknownRole,
			Msg: fmt.Sprintf("unknown role %q (the department has no such role%s)", name, didYouMean(closest)),
			Say: fmt.Sprintf("förvaltningen har ingen roll %s%s", quote(name), menadeDu(closest))})
	}
	return name
}

// canonical returns the role name to use for a spelling from the plan,
// adding the role (or the spelling as an alias) to the catalogue; ok is
// false for a role the catalogue may not add. A plural spelling becomes an
// alias of the singular role only when that singular is a role of the
// department or is used by the plan itself; otherwise it is a role of its
// own. That keeps the group "Chefer" apart from a "Chef" that does not
// exist, without a list of exceptions.
func (c *roleCatalogue) canonical(name string) (string, bool) {
	name = clean(name)
	if name == "" {
		return "", true
	}
	d := Department{Roles: c.roles}
	if r, ok := d.ResolveRole(name); ok {
		return r, true
	}
	for _, end := range swedishPluralEndings {
		stem, ok := strings.CutSuffix(name, end)
		if !ok || stem == "" {
			continue
		}
		if r, ok := d.ResolveRole(stem); ok {
			c.addAlias(r, name)
			return r, true
		}
		if c.create && c.spelling[strings.ToLower(stem)] {
			c.roles = append(c.roles, Role{Name: stem, Aliases: []string{name}})
			return stem, true
		}
	}
	if !c.create {
		return "", false
	}
	c.roles = append(c.roles, Role{Name: name})
	return name, true
}

func (c *roleCatalogue) addAlias(role, alias string) {
	for i := range c.roles {
		if c.roles[i].Name == role {
			c.roles[i].Aliases = append(c.roles[i].Aliases, alias)
			return
		}
	}
}
