package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/handlingsplan/handlingsplan/followup"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Page geometry in millimetres: A4 landscape.
const (
	pageWidth    = 297.0
	pageHeight   = 210.0
	margin       = 12.0
	contentWidth = pageWidth - 2*margin
	bodyBottom   = pageHeight - 16 // leaves room for the footer
	footerTop    = pageHeight - 10

	bodySize  = 8.5 // points
	lineStep  = 3.8 // mm per line of body text
	cellPad   = 1.4 // mm inside each cell
	markWidth = 5.0 // mm for a list marker ("1.", "–")
	fontName  = "go"
)

// Colours (RGB) shared with the XLSX styles.
var (
	gridColor   = [3]int{166, 166, 166}
	headerFill  = [3]int{217, 217, 217}
	areaFill    = [3]int{242, 242, 242}
	mutedText   = [3]int{89, 89, 89}
	toneColours = map[tone][2][3]int{ // fill, text
		toneDone: {{198, 239, 206}, {0, 97, 0}},
		toneLate: {{255, 199, 206}, {156, 0, 6}},
		toneSoon: {{255, 235, 156}, {156, 87, 0}},
	}
)

// The plan table as the plan prints it: the area (goal, purpose, note) in the
// first column, spanning its actions.
var (
	planColumns = []pdfColumn{
		{"Område", 62, "L"}, {"Åtgärd/aktivitet", 96, "L"}, {"Ansvarig", 30, "L"},
		{"Klart när", 26, "L"}, {"Kontroll utfört/datum", 36, "L"}, {"Status", 23, "L"},
	}
	summaryColumns = []pdfColumn{
		{summaryHeader[0], 150, "L"}, {summaryHeader[1], 28, "R"}, {summaryHeader[2], 28, "R"},
		{summaryHeader[3], 28, "R"}, {summaryHeader[4], 39, "R"},
	}
	overdueColumns = []pdfColumn{
		{overdueHeader[0], 62, "L"}, {overdueHeader[1], 118, "L"}, {overdueHeader[2], 35, "L"},
		{overdueHeader[3], 30, "L"}, {overdueHeader[4], 28, "L"},
	}
	notesColumns = []pdfColumn{
		{notesHeader[0], 45, "L"}, {notesHeader[1], 68, "L"}, {notesHeader[2], 24, "L"},
		{notesHeader[3], 34, "L"}, {notesHeader[4], 56, "L"}, {notesHeader[5], 46, "L"},
	}
	revisionColumns = []pdfColumn{
		{revisionHeader[0], 30, "L"}, {revisionHeader[1], 80, "L"}, {revisionHeader[2], 163, "L"},
	}
	activityColumns = []pdfColumn{
		{activityHeader[0], 40, "L"}, {activityHeader[1], 140, "L"}, {activityHeader[2], 93, "L"},
	}
)

type pdfColumn struct {
	title string
	width float64
	align string
}

// pdfLine is one wrapped line of a cell, with its own style so that a cell
// can hold a bold goal over its purpose and an italic note.
type pdfLine struct {
	text  string
	style string // "", "B" or "I"
	muted bool
}

type pdfCell struct {
	lines  []pdfLine
	align  string
	marker string  // list marker drawn before the first line
	markAt float64 // marker offset from the padding edge
	indent float64 // text offset from the padding edge
	tone   tone
	fill   *[3]int
	link   string // an address the cell's area opens when clicked
}

type pdfRow []pdfCell

func (r pdfRow) lines() int {
	n := 1
	for _, c := range r {
		n = max(n, len(c.lines))
	}
	return n
}

// rowPart is the slice of a row's lines drawn on one page; a row splits only
// when it is taller than a whole page.
type rowPart struct {
	row      int // -1: an empty filler row under an area's long text
	from, to int
	y, h     float64
}

func rowHeight(lines int) float64 { return 2*cellPad + float64(lines)*lineStep }

// WritePDF writes the report as an A4 landscape PDF: title block, the plan's
// table with its header repeated on every page, the summary per area, the
// overdue list, and "Sida X av Y" in the footer.
func WritePDF(w io.Writer, r *Report) error {
	// The first pass only counts the pages, so that the footer can say
	// "av Y" in plain text rather than through a placeholder patched in later.
	count, err := renderPDF(r, 0)
	if err != nil {
		return err
	}
	doc, err := renderPDF(r, count.PageNo())
	if err != nil {
		return err
	}
	return doc.Output(w)
}

func renderPDF(r *Report, pages int) (*fpdf.Fpdf, error) {
	f := fpdf.New("L", "mm", "A4", "")
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(false, 0) // pages break where rows end, decided below
	f.SetCellMargin(0)
	f.AddUTF8FontFromBytes(fontName, "", goregular.TTF)
	f.AddUTF8FontFromBytes(fontName, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(fontName, "I", goitalic.TTF)

	title := clean(r.Title)
	if title == "" {
		title = "Handlingsplan"
	}
	f.SetTitle(title, true)
	f.SetSubject(joinNonEmpty(" ", prefixed("Dnr ", clean(r.RegistryNumber)), prefixed("läge per ", dateText(r.AsOf))), true)
	f.SetAuthor(joinNonEmpty(", ", clean(r.Department), clean(r.Municipality)), true)
	f.SetCreator("Handlingsplan", true)
	f.SetLang("sv-SE")
	// Fixed dates and sorted catalogue: the same report gives the same bytes.
	f.SetCreationDate(r.GeneratedAt)
	f.SetModificationDate(r.GeneratedAt)
	f.SetCatalogSort(true)

	p := &pdfDoc{f: f, r: r, title: title, pages: pages}
	f.SetFooterFunc(p.footer)
	p.newPage()
	p.titleBlock()
	p.planTable()
	p.summaryTable()
	p.overdueTable()
	p.activitiesTables()
	p.yearWheelPage()
	p.notesTable()
	p.revisionsTable()
	return f, f.Error()
}

type pdfDoc struct {
	f      *fpdf.Fpdf
	r      *Report
	title  string
	pages  int // total pages, 0 while counting
	y      float64
	header func() // redraws the current table's header on a new page
	glyphs glyphCheck
}

func (p *pdfDoc) font(style string, size float64) { p.f.SetFont(fontName, style, size) }

func (p *pdfDoc) textColor(c [3]int) { p.f.SetTextColor(c[0], c[1], c[2]) }

func (p *pdfDoc) newPage() {
	p.f.AddPage()
	p.y = margin
	if p.header != nil {
		p.header()
	}
}

func (p *pdfDoc) footer() {
	p.font("", 8)
	p.textColor(mutedText)
	p.f.SetXY(margin, footerTop)
	p.f.CellFormat(contentWidth*0.75, 4, p.text(joinNonEmpty(" · ", p.title, prefixed("Dnr ", clean(p.r.RegistryNumber)), prefixed("läge per ", longDate(p.r.AsOf)))), "", 0, "L", false, 0, "")
	total := "?"
	if p.pages > 0 {
		total = fmt.Sprint(p.pages)
	}
	p.f.SetXY(margin+contentWidth*0.75, footerTop)
	p.f.CellFormat(contentWidth*0.25, 4, fmt.Sprintf("Sida %d av %s", p.f.PageNo(), total), "", 0, "R", false, 0, "")
}

func (p *pdfDoc) titleBlock() {
	r := p.r
	p.textColor([3]int{0, 0, 0})
	for _, l := range p.wrap(p.title, contentWidth, "B", 16) {
		p.f.SetXY(margin, p.y)
		p.f.CellFormat(contentWidth, 7, l, "", 0, "L", false, 0, "")
		p.y += 7
	}
	p.y += 1
	p.font("", 10)
	p.f.SetXY(margin, p.y)
	p.f.CellFormat(contentWidth, 5, p.text(joinNonEmpty(" · ", prefixed("Dnr ", clean(r.RegistryNumber)), clean(r.Department), clean(r.Municipality))), "", 0, "L", false, 0, "")
	p.y += 5
	// The plan's head: adopted by and when, approved by, owner, revisions.
	for _, line := range r.headLines() {
		for _, l := range p.wrap(line, contentWidth, "", 9) {
			p.font("", 9)
			p.f.SetXY(margin, p.y)
			p.f.CellFormat(contentWidth, 4.5, l, "", 0, "L", false, 0, "")
			p.y += 4.5
		}
	}
	p.font("B", 10)
	p.f.SetXY(margin, p.y)
	p.f.CellFormat(contentWidth/2, 5, p.text(prefixed("Läge per ", longDate(r.AsOf))), "", 0, "L", false, 0, "")
	p.font("", 8.5)
	p.textColor(mutedText)
	p.f.CellFormat(contentWidth/2, 5, p.text(prefixed("Utskriven ", timeText(r.GeneratedAt))), "", 0, "R", false, 0, "")
	p.y += 5
	// The headline the board reads first; the table per area follows at the end.
	t := r.Totals
	headline := fmt.Sprintf("Klara: %d av %d", t.Done, t.Total)
	if pct := percentText(t); pct != "" {
		headline += " (" + pct + ")"
	}
	headline += fmt.Sprintf(" · Försenade: %d · Snart dags: %d · Ej påbörjade: %d", t.Overdue, t.DueSoon, t.NotStarted)
	p.font("", 9)
	p.textColor([3]int{0, 0, 0})
	p.f.SetXY(margin, p.y)
	p.f.CellFormat(contentWidth, 5, headline, "", 0, "L", false, 0, "")
	p.y += 5 + 3
}

// tableHeader draws a header row at the current position.
func (p *pdfDoc) tableHeader(cols []pdfColumn) {
	row := make(pdfRow, len(cols))
	for i, c := range cols {
		row[i] = p.cell(c.title, c.width, "B", c.align)
		row[i].fill = &headerFill
	}
	h := rowHeight(row.lines())
	p.drawRow(cols, row, rowPart{from: 0, to: row.lines(), y: p.y, h: h})
	p.y += h
}

// pdfHeading is a line over a table: a heading, or a note under it.
type pdfHeading struct {
	text, style  string
	size, height float64
	muted        bool
}

// startTable draws a table's heading and header, then arms the header for
// later pages. A table that fits on a page is kept whole; a longer one starts
// where at least its first lines fit under the heading.
func (p *pdfDoc) startTable(heading string, cols []pdfColumn, rows []pdfRow) {
	var hs []pdfHeading
	if heading != "" {
		hs = append(hs, pdfHeading{text: heading, style: "B", size: 12, height: 6})
	}
	p.startTableUnder(hs, cols, rows)
}

// startTableUnder is startTable under several heading lines, kept together
// with the table's first rows.
func (p *pdfDoc) startTableUnder(headings []pdfHeading, cols []pdfColumn, rows []pdfRow) {
	p.header = nil
	var headH float64
	for _, c := range cols {
		headH = max(headH, rowHeight(p.cell(c.title, c.width, "B", c.align).lineCount()))
	}
	if len(headings) > 0 {
		headH += 3
	}
	for _, h := range headings {
		headH += h.height
	}
	var whole float64
	for _, r := range rows {
		whole += rowHeight(r.lines())
	}
	need := headH + whole
	if headH+whole > bodyBottom-margin {
		need = headH + rowHeight(min(rows[0].lines(), 3))
	}
	if p.y+need > bodyBottom {
		p.newPage()
	}
	if len(headings) > 0 {
		p.y += 3
	}
	for _, h := range headings {
		p.font(h.style, h.size)
		p.textColor([3]int{0, 0, 0})
		if h.muted {
			p.textColor(mutedText)
		}
		p.f.SetXY(margin, p.y)
		p.f.CellFormat(contentWidth, h.height, p.text(h.text), "", 0, "L", false, 0, "")
		p.y += h.height
	}
	p.header = func() { p.tableHeader(cols) }
	p.header()
}

// freshLines is how many body lines fit under the header on a new page.
func (p *pdfDoc) freshLines(cols []pdfColumn) int {
	row := make(pdfRow, len(cols))
	for i, c := range cols {
		row[i] = p.cell(c.title, c.width, "B", c.align)
	}
	return linesThatFit(margin + rowHeight(row.lines()))
}

func linesThatFit(y float64) int { return linesIn(bodyBottom - y) }

// linesIn is how many lines of body text a cell of height h holds.
func linesIn(h float64) int {
	return max(0, int(math.Floor((h-2*cellPad)/lineStep+1e-9)))
}

// layoutRows places rows from (*ri, *from) downwards from y until the page is
// full. A row that fits on a new page is not split; one taller than a page
// fills this one and goes on on the next.
func layoutRows(rows []pdfRow, ri, from *int, y float64, fresh int) ([]rowPart, float64) {
	var parts []rowPart
	for *ri < len(rows) {
		rest := rows[*ri].lines() - *from
		fit := linesThatFit(y)
		if rest <= fit {
			parts = append(parts, rowPart{row: *ri, from: *from, to: *from + rest, y: y, h: rowHeight(rest)})
			y += rowHeight(rest)
			*ri++
			*from = 0
			continue
		}
		if rest > fresh && fit >= 1 {
			parts = append(parts, rowPart{row: *ri, from: *from, to: *from + fit, y: y, h: rowHeight(fit)})
			y += rowHeight(fit)
			*from += fit
		}
		break
	}
	return parts, y
}

// table draws a simple table (no spanning cells) under startTable.
func (p *pdfDoc) table(cols []pdfColumn, rows []pdfRow) {
	fresh := p.freshLines(cols)
	ri, from := 0, 0
	for {
		parts, y := layoutRows(rows, &ri, &from, p.y, fresh)
		for _, part := range parts {
			p.drawRow(cols, rows[part.row], part)
		}
		p.y = y
		if ri == len(rows) {
			return
		}
		p.newPage()
	}
}

func (p *pdfDoc) planTable() {
	p.startTable("", planColumns, []pdfRow{{}}) // each area keeps its goal with its first row
	fresh := p.freshLines(planColumns)
	for i := range p.r.Areas {
		a := &p.r.Areas[i]
		p.area(a, planColumns[1:], p.areaCell(a), p.planRows(a), fresh)
	}
	p.header = nil
}

// planRows are an area's actions and sub-actions, or one row saying there
// are none, so that an empty area still shows in the table.
func (p *pdfDoc) planRows(a *Area) []pdfRow {
	cols := planColumns[1:]
	if len(a.Rows) == 0 {
		c := p.cell(noActions, cols[0].width, "I", "L")
		for i := range c.lines {
			c.lines[i].muted = true
		}
		row := pdfRow{c, {}, {}, {}, {}}
		return []pdfRow{row}
	}
	rows := make([]pdfRow, 0, len(a.Rows))
	for _, r := range a.Rows {
		action := p.listCell(r, cols[0].width)
		// One sign-off period per line reads better than a run-on list.
		check := strings.ReplaceAll(clean(r.Check), "; ", "\n")
		status := p.cell(clean(r.Status), cols[4].width, "", "L")
		status.tone = statusTone(r.Status)
		rows = append(rows, pdfRow{
			action,
			p.cell(clean(r.Responsible), cols[1].width, "", "L"),
			p.cell(clean(r.Deadline), cols[2].width, "", "L"),
			p.cell(check, cols[3].width, "", "L"),
			status,
		})
	}
	return rows
}

// listCell sets an action as the plan's list does: "1." hanging before the
// text, sub-actions indented one step with a dash.
func (p *pdfDoc) listCell(r Row, width float64) pdfCell {
	var c pdfCell
	switch {
	case r.SubAction:
		c.marker, c.markAt, c.indent = "–", markWidth, 2*markWidth-1
	case r.Number != "":
		c.marker, c.indent = r.Number+".", markWidth
	}
	for _, l := range p.wrap(clean(r.Text), width-2*cellPad-c.indent, "", bodySize) {
		c.lines = append(c.lines, pdfLine{text: l})
	}
	return c
}

// areaCell holds the goal in bold, the purpose, and the note in italics.
func (p *pdfDoc) areaCell(a *Area) pdfCell {
	w := planColumns[0].width - 2*cellPad
	c := pdfCell{fill: &areaFill}
	for _, part := range []struct {
		text, style string
		muted       bool
	}{{areaLabel(a), "B", false}, {clean(a.Purpose), "", false}, {clean(a.Note), "I", true}} {
		for _, l := range p.wrap(part.text, w, part.style, bodySize) {
			c.lines = append(c.lines, pdfLine{text: l, style: part.style, muted: part.muted})
		}
	}
	return c
}

// area draws one area: its rows down the right-hand columns and the area cell
// beside them, page by page. The area text (goal, purpose, note) starts on
// the page of the first row and is split only when it is longer than a page:
// the last row on a page grows to give it room, and empty rows carry what is
// left. On later pages of the area the goal is repeated, marked "(forts.)".
func (p *pdfDoc) area(a *Area, cols []pdfColumn, label pdfCell, rows []pdfRow, fresh int) {
	// Start on a new page unless the whole area text and the first row fit
	// here (of a row longer than a page, its first lines): the goal is not
	// split from its purpose, nor from its first action.
	firstRow := rows[0].lines()
	if firstRow > fresh {
		firstRow = 3
	}
	need := min(max(len(label.lines), firstRow), fresh)
	if linesThatFit(p.y) < need {
		p.newPage()
	}
	cont := pdfCell{fill: &areaFill}
	for _, l := range p.wrap(areaLabel(a)+" (forts.)", planColumns[0].width-2*cellPad, "I", bodySize) {
		cont.lines = append(cont.lines, pdfLine{text: l, style: "I", muted: true})
	}

	shownLabel := 0
	ri, from := 0, 0
	for first := true; ; first = false {
		top := p.y
		parts, y := layoutRows(rows, &ri, &from, top, fresh)
		done := ri == len(rows)
		if len(parts) == 0 && !done {
			p.newPage()
			continue
		}
		text := label.lines[shownLabel:]
		if !first && len(text) == 0 {
			text = cont.lines
		}
		// The last row on the page grows when the area text needs the room.
		if len(text) > 0 {
			if short := rowHeight(len(text)) - (y - top); short > 0 {
				grow := max(0, min(short, bodyBottom-y))
				switch {
				case len(parts) > 0:
					parts[len(parts)-1].h += grow
				case grow > 0:
					parts = append(parts, rowPart{row: -1, y: y, h: grow})
				}
				y += grow
			}
		}
		shown := min(len(text), linesIn(y-top))
		for _, part := range parts {
			row := pdfRow(make([]pdfCell, len(cols)))
			if part.row >= 0 {
				row = rows[part.row]
			}
			p.drawRowAt(margin+planColumns[0].width, cols, row, part)
		}
		areaPart := label
		areaPart.lines = text
		if y > top {
			p.drawCell(margin, planColumns[0].width, areaPart, rowPart{from: 0, to: shown, y: top, h: y - top})
		}
		if shownLabel < len(label.lines) {
			shownLabel += shown
		}
		p.y = y
		if done && shownLabel >= len(label.lines) {
			return
		}
		p.newPage()
	}
}

func (p *pdfDoc) summaryTable() {
	rows := make([]pdfRow, 0, len(p.r.Areas)+1)
	add := func(label string, s Summary, style string) {
		pct := percentText(s)
		if pct == "" {
			pct = "–"
		}
		row := pdfRow{p.cell(label, summaryColumns[0].width, style, "L")}
		for i, v := range []string{fmt.Sprint(s.Total), fmt.Sprint(s.Done), fmt.Sprint(s.Overdue), pct} {
			row = append(row, p.cell(v, summaryColumns[i+1].width, style, "R"))
		}
		if style == "B" {
			for i := range row {
				row[i].fill = &areaFill
			}
		}
		rows = append(rows, row)
	}
	for i := range p.r.Areas {
		add(areaLabel(&p.r.Areas[i]), p.r.Areas[i].Summary, "")
	}
	add(totalLabel, p.r.Totals, "B")
	p.y += 4
	p.startTable(summaryTitle, summaryColumns, rows)
	p.table(summaryColumns, rows)
	p.header = nil
}

func (p *pdfDoc) overdueTable() {
	cols := overdueColumns
	var rows []pdfRow
	for i := range p.r.Overdue {
		o := &p.r.Overdue[i]
		status := p.cell(clean(o.Status), cols[4].width, "", "L")
		status.tone = statusTone(o.Status)
		rows = append(rows, pdfRow{
			p.cell(p.r.areaLabelByNumber(o.Area), cols[0].width, "", "L"),
			p.cell(overdueText(o), cols[1].width, "", "L"),
			p.cell(clean(o.Responsible), cols[2].width, "", "L"),
			p.cell(clean(o.Deadline), cols[3].width, "", "L"),
			status,
		})
	}
	if len(rows) == 0 {
		none := p.cell(noOverdue, cols[1].width, "I", "L")
		none.lines[0].muted = true
		rows = append(rows, pdfRow{{}, none, {}, {}, {}})
	}
	p.y += 4
	p.startTable(overdueTitle, cols, rows)
	p.table(cols, rows)
	p.header = nil
}

// activitiesTables draws the period's board visits, study visits and
// workshops: per kind, a heading with its counts and a table of occasions.
func (p *pdfDoc) activitiesTables() {
	a := p.r.Activities
	if a == nil {
		return
	}
	cols := activityColumns
	p.y += 4
	for i, g := range a.Groups {
		var hs []pdfHeading
		if i == 0 {
			hs = append(hs, pdfHeading{text: p.r.activitiesTitle(), style: "B", size: 12, height: 7})
		}
		hs = append(hs, pdfHeading{text: clean(g.Title), style: "B", size: 10, height: 5})
		if facts := factsText(g.Facts); facts != "" {
			hs = append(hs, pdfHeading{text: facts, size: 9, height: 5, muted: true})
		}
		var rows []pdfRow
		for _, it := range g.Items {
			rows = append(rows, pdfRow{
				p.cell(clean(it.Date), cols[0].width, "", "L"),
				p.cell(clean(it.What), cols[1].width, "", "L"),
				p.cell(clean(it.State), cols[2].width, "", "L"),
			})
		}
		if len(rows) == 0 {
			none := p.cell(clean(g.Empty), cols[1].width, "I", "L")
			for k := range none.lines {
				none.lines[k].muted = true
			}
			rows = append(rows, pdfRow{{}, none, {}})
		}
		p.startTableUnder(hs, cols, rows)
		p.table(cols, rows)
		p.header = nil
		p.y += 2
	}
}

// notesTable lists the sign-offs with a comment or evidence; the evidence
// shows its name and address, so that a printed report still says where it
// is, and the cell opens it when clicked.
func (p *pdfDoc) notesTable() {
	cols := notesColumns
	var rows []pdfRow
	for i := range p.r.Notes {
		n := &p.r.Notes[i]
		evidence := p.cell(evidenceText(n.Evidence), cols[5].width, "", "L")
		if len(n.Evidence) > 0 && webAddress(n.Evidence[0].URL) {
			evidence.link = clean(n.Evidence[0].URL)
		}
		rows = append(rows, pdfRow{
			p.cell(p.r.areaLabelByNumber(n.Area), cols[0].width, "", "L"),
			p.cell(noteAction(n), cols[1].width, "", "L"),
			p.cell(noteDone(n), cols[2].width, "", "L"),
			p.cell(noteSigner(n), cols[3].width, "", "L"),
			p.cell(clean(n.Comment), cols[4].width, "", "L"),
			evidence,
		})
	}
	if len(rows) == 0 {
		none := p.cell(noNotes, cols[1].width, "I", "L")
		for k := range none.lines {
			none.lines[k].muted = true
		}
		rows = append(rows, pdfRow{{}, none, {}, {}, {}, {}})
	}
	p.y += 4
	p.startTable(notesTitle, cols, rows)
	p.table(cols, rows)
	p.header = nil
}

// revisionsTable lists the changes made after adoption, by revision; only
// when a revision lists any.
func (p *pdfDoc) revisionsTable() {
	cols := revisionColumns
	var rows []pdfRow
	for _, r := range p.r.revisionRows() {
		rows = append(rows, pdfRow{
			p.cell(followup.DayLabel(r[0]), cols[0].width, "", "L"),
			p.cell(r[1], cols[1].width, "", "L"),
			p.cell(r[2], cols[2].width, "", "L"),
		})
	}
	if len(rows) == 0 {
		return
	}
	p.y += 4
	p.startTable(revisionsTitle, cols, rows)
	p.table(cols, rows)
	p.header = nil
}

// cell wraps a text into a cell of the given column width.
func (p *pdfDoc) cell(text string, width float64, style, align string) pdfCell {
	c := pdfCell{align: align}
	for _, l := range p.wrap(text, width-2*cellPad, style, bodySize) {
		c.lines = append(c.lines, pdfLine{text: l, style: style})
	}
	return c
}

func (c pdfCell) lineCount() int { return max(1, len(c.lines)) }

func (p *pdfDoc) drawRow(cols []pdfColumn, row pdfRow, part rowPart) {
	p.drawRowAt(margin, cols, row, part)
}

func (p *pdfDoc) drawRowAt(x float64, cols []pdfColumn, row pdfRow, part rowPart) {
	for i, col := range cols {
		var c pdfCell
		if i < len(row) {
			c = row[i]
		}
		if c.align == "" {
			c.align = col.align
		}
		p.drawCell(x, col.width, c, part)
		x += col.width
	}
}

// drawCell draws the cell's box for the part's height and its lines from..to.
func (p *pdfDoc) drawCell(x, width float64, c pdfCell, part rowPart) {
	f := p.f
	colours, toned := toneColours[c.tone]
	switch {
	case toned:
		f.SetFillColor(colours[0][0], colours[0][1], colours[0][2])
		f.Rect(x, part.y, width, part.h, "F")
	case c.fill != nil:
		f.SetFillColor(c.fill[0], c.fill[1], c.fill[2])
		f.Rect(x, part.y, width, part.h, "F")
	}
	f.SetDrawColor(gridColor[0], gridColor[1], gridColor[2])
	f.SetLineWidth(0.2)
	f.Rect(x, part.y, width, part.h, "D")
	if c.link != "" {
		f.LinkString(x, part.y, width, part.h, c.link)
	}

	for k := part.from; k < part.to && k < len(c.lines); k++ {
		l := c.lines[k]
		ly := part.y + cellPad + float64(k-part.from)*lineStep
		p.font(l.style, bodySize)
		switch {
		case toned:
			p.textColor(colours[1])
		case l.muted:
			p.textColor(mutedText)
		default:
			p.textColor([3]int{0, 0, 0})
		}
		if k == 0 && c.marker != "" {
			f.SetXY(x+cellPad+c.markAt, ly)
			f.CellFormat(c.indent-c.markAt, lineStep, c.marker, "", 0, "L", false, 0, "")
		}
		align := c.align
		if align == "" {
			align = "L"
		}
		f.SetXY(x+cellPad+c.indent, ly)
		f.CellFormat(width-2*cellPad-c.indent, lineStep, l.text, "", 0, align, false, 0, "")
	}
}

// wrap breaks a text into lines no wider than width (mm) in the given font:
// at spaces where it can, inside a word only when the word alone is too long.
// Explicit line breaks are kept. An empty text has no lines.
func (p *pdfDoc) wrap(text string, width float64, style string, size float64) []string {
	text = p.text(text)
	if text == "" {
		return nil
	}
	p.font(style, size)
	space := p.f.GetStringWidth(" ")
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		var line strings.Builder
		used := 0.0
		flush := func() {
			lines = append(lines, line.String())
			line.Reset()
			used = 0
		}
		for _, word := range strings.Fields(para) {
			ww := p.f.GetStringWidth(word)
			if line.Len() > 0 {
				if used+space+ww <= width {
					line.WriteByte(' ')
					line.WriteString(word)
					used += space + ww
					continue
				}
				flush()
			}
			for ww > width && len(word) > 0 { // a word longer than the column
				_, first := utf8.DecodeRuneInString(word)
				cut := max(p.fitPrefix(word, width), first) // at least one letter, or nothing moves
				lines = append(lines, word[:cut])
				word = word[cut:]
				ww = p.f.GetStringWidth(word)
			}
			line.WriteString(word)
			used = ww
		}
		flush()
	}
	return lines
}

// fitPrefix is the byte length of the longest prefix of word no wider than width.
func (p *pdfDoc) fitPrefix(word string, width float64) int {
	n, w := 0, 0.0
	for i, r := range word {
		w += p.f.GetStringWidth(string(r))
		if w > width {
			return i
		}
		n = i + utf8.RuneLen(r)
	}
	return n
}

// text makes a string safe for the PDF font: characters the Go fonts have no
// glyph for (emoji, most non-Latin scripts) become "?", which at least shows
// that something is there, where fpdf would draw nothing or fail.
func (p *pdfDoc) text(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || p.glyphs.has(r) {
			return r
		}
		return '?'
	}, clean(s))
}

// goRegular is the parsed regular font, for looking up which characters it
// covers; bold and italic cover the same.
var goRegular = sync.OnceValues(func() (*sfnt.Font, error) { return sfnt.Parse(goregular.TTF) })

type glyphCheck struct {
	buf   sfnt.Buffer
	known map[rune]bool
}

func (g *glyphCheck) has(r rune) bool {
	if r < 0x80 {
		return r >= ' '
	}
	if ok, seen := g.known[r]; seen {
		return ok
	}
	font, err := goRegular()
	ok := err == nil && r <= 0xFFFF
	if ok {
		idx, err := font.GlyphIndex(&g.buf, r)
		ok = err == nil && idx != 0
	}
	if g.known == nil {
		g.known = map[rune]bool{}
	}
	g.known[r] = ok
	return ok
}
