package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbook.
const (
	sheetPlan    = "Handlingsplan"
	sheetSummary = "Sammanfattning"
	sheetOverdue = "Försenade"
	sheetActs    = "Besök och workshops"
	sheetNotes   = "Kommentarer och underlag"
	sheetRevs    = "Revisioner"
)

// Layout of the plan sheet: a four-line title block (title; Dnr and
// department; the plan's head; as of and printed), the header row, then the
// rows. The constants are shared with the tests.
const (
	planHeaderRow  = 5
	planFirstRow   = planHeaderRow + 1
	tableHeaderRow = 3 // on the summary and overdue sheets
	percentFormat  = "0.0%"
)

// Column widths in Excel's units (about one digit each).
var (
	planWidths    = []float64{30, 36, 60, 18, 15, 28, 14}
	summaryWidths = []float64{60, 10, 10, 12, 13}
	overdueWidths = []float64{40, 60, 18, 15, 14}
	notesWidths   = []float64{30, 50, 16, 24, 50, 50}
	actsWidths    = []float64{18, 60, 50}
	revsWidths    = []float64{14, 50, 90}
)

// Excel's row height for one line of 11 pt Calibri, and its upper limit.
const (
	xlsxLineHeight = 15.0
	xlsxMaxHeight  = 409.0
	xlsxMaxChars   = 32767 // characters a cell can hold
)

// WriteXLSX writes the report as a workbook with the sheets "Handlingsplan"
// (the plan's table, area cells merged over their rows), "Sammanfattning"
// and "Försenade".
func WriteXLSX(w io.Writer, r *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, r: r}
	if err := x.styles(); err != nil {
		return err
	}
	steps := []func() error{x.planSheet, x.summarySheet, x.overdueSheet, x.activitiesSheet, x.notesSheet, x.revisionsSheet, x.properties}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// xlsxWriter carries the file, the report and the style ids between steps.
// Cell writes go through set, which keeps the first error so the sheet code
// reads as a layout rather than as error handling.
type xlsxWriter struct {
	f   *excelize.File
	r   *Report
	err error

	title, meta, header, area, purpose, cell, placeholder, number, percent, totalLabel, totalNumber, totalPercent, group, link int
	status                                                                                                                     map[tone]int
}

func (x *xlsxWriter) styles() error {
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "top", Color: "A6A6A6", Style: 1},
		{Type: "right", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	wrapTop := &excelize.Alignment{WrapText: true, Vertical: "top"}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	pct := percentFormat
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&x.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&x.meta, excelize.Style{Font: &excelize.Font{Color: "595959"}}},
		{&x.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("D9D9D9"), Border: border,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&x.area, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("F2F2F2"), Border: border, Alignment: wrapTop}},
		{&x.purpose, excelize.Style{Fill: fill("F2F2F2"), Border: border, Alignment: wrapTop}},
		{&x.cell, excelize.Style{Border: border, Alignment: wrapTop}},
		{&x.placeholder, excelize.Style{Font: &excelize.Font{Italic: true, Color: "7F7F7F"}, Border: border, Alignment: wrapTop}},
		{&x.number, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&x.percent, excelize.Style{Border: border, CustomNumFmt: &pct, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&x.totalLabel, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("F2F2F2"), Border: border, Alignment: wrapTop}},
		{&x.totalNumber, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("F2F2F2"), Border: border}},
		{&x.totalPercent, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("F2F2F2"), Border: border, CustomNumFmt: &pct}},
		{&x.group, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&x.link, excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}, Border: border, Alignment: wrapTop}},
	}
	for _, d := range defs {
		id, err := x.f.NewStyle(&d.style)
		if err != nil {
			return err
		}
		*d.id = id
	}
	// Excel's own "Good", "Bad" and "Neutral" colours, which readers know.
	x.status = map[tone]int{toneNone: x.cell}
	for _, c := range []struct {
		tone        tone
		fill, color string
	}{{toneDone, "C6EFCE", "006100"}, {toneLate, "FFC7CE", "9C0006"}, {toneSoon, "FFEB9C", "9C5700"}} {
		id, err := x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: c.color}, Fill: fill(c.fill), Border: border, Alignment: wrapTop})
		if err != nil {
			return err
		}
		x.status[c.tone] = id
	}
	return nil
}

func (x *xlsxWriter) set(sheet string, col, row int, value any, style int) {
	if x.err != nil {
		return
	}
	ref := cellRef(col, row)
	if s, ok := value.(string); ok {
		value = xlsxText(s)
	}
	if value != nil {
		x.err = x.f.SetCellValue(sheet, ref, value)
	}
	if x.err == nil && style != 0 {
		x.err = x.f.SetCellStyle(sheet, ref, ref, style)
	}
}

func (x *xlsxWriter) do(err error) {
	if x.err == nil {
		x.err = err
	}
}

// titleBlock writes the heading lines above a sheet's table, each merged
// across the table so that a long title is not cut at the first column.
func (x *xlsxWriter) titleBlock(sheet, heading string, cols int, lines ...string) {
	last := cols - 1
	x.set(sheet, 0, 1, heading, x.title)
	x.do(x.f.MergeCell(sheet, cellRef(0, 1), cellRef(last, 1)))
	x.do(x.f.SetRowHeight(sheet, 1, 21))
	for i, line := range lines {
		x.set(sheet, 0, 2+i, line, x.meta)
		x.do(x.f.MergeCell(sheet, cellRef(0, 2+i), cellRef(last, 2+i)))
	}
}

// tableHead writes a header row and freezes the sheet below it, so the
// headings stay in view while scrolling, and repeats it on printed pages.
func (x *xlsxWriter) tableHead(sheet string, row int, header []string, widths []float64) {
	for i, h := range header {
		x.set(sheet, i, row, h, x.header)
		col := colName(i)
		x.do(x.f.SetColWidth(sheet, col, col, widths[i]))
	}
	x.do(x.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: row, TopLeftCell: cellRef(0, row+1), ActivePane: "bottomLeft",
	}))
	x.do(x.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, row, row), Scope: sheet,
	}))
	size, orientation, fitWidth, fitHeight, fit := 9, "landscape", 1, 0, true // 9 is A4
	x.do(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &fitWidth, FitToHeight: &fitHeight,
	}))
	x.do(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
}

// metaLines are the plan sheet's title block under the title: Dnr and
// department, the plan's head (empty when the plan has none, so the table
// always starts on the same row), and the date of the report.
func (x *xlsxWriter) metaLines() []string {
	r := x.r
	first := joinNonEmpty(" · ", prefixed("Dnr ", clean(r.RegistryNumber)), clean(r.Department), clean(r.Municipality))
	head := joinNonEmpty(" · ", r.headLines()...)
	second := joinNonEmpty(" · ", prefixed("Läge per ", longDate(r.AsOf)), prefixed("Utskriven ", timeText(r.GeneratedAt)))
	return []string{first, head, second}
}

func (x *xlsxWriter) planSheet() error {
	sheet := sheetPlan
	x.do(x.f.SetSheetName("Sheet1", sheet))
	x.titleBlock(sheet, clean(x.r.Title), len(planHeader), x.metaLines()...)
	x.tableHead(sheet, planHeaderRow, planHeader, planWidths)
	x.do(x.f.SetRowHeight(sheet, planHeaderRow, xlsxLineHeight*1.3))

	row := planFirstRow
	for i := range x.r.Areas {
		a := &x.r.Areas[i]
		first := row
		heights := make([]float64, 0, max(1, len(a.Rows)))
		if len(a.Rows) == 0 {
			x.set(sheet, 2, row, noActions, x.placeholder)
			for col := 3; col < len(planHeader); col++ {
				x.set(sheet, col, row, nil, x.cell)
			}
			heights = append(heights, xlsxLineHeight)
			row++
		}
		for _, rw := range a.Rows {
			cells := []string{actionText(rw.Number, rw.SubAction, rw.Text), clean(rw.Responsible), clean(rw.Deadline), clean(rw.Check), clean(rw.Status)}
			lines := 1
			for j, text := range cells {
				style := x.cell
				if j == len(cells)-1 {
					style = x.status[statusTone(rw.Status)]
				}
				x.set(sheet, 2+j, row, text, style)
				lines = max(lines, wrappedLines(text, planWidths[2+j], false))
			}
			heights = append(heights, float64(lines)*xlsxLineHeight)
			row++
		}
		last := row - 1

		// The area's two cells span its rows; the last row grows when they
		// need more room than the rows give them, since Excel does not size
		// rows to fit merged cells.
		x.set(sheet, 0, first, areaLabel(a), x.area)
		x.setPurpose(sheet, first, a)
		if last > first {
			for col := 0; col < 2; col++ {
				x.do(x.f.MergeCell(sheet, cellRef(col, first), cellRef(col, last)))
				x.do(x.f.SetCellStyle(sheet, cellRef(col, first+1), cellRef(col, last), []int{x.area, x.purpose}[col]))
			}
		}
		need := float64(max(wrappedLines(areaLabel(a), planWidths[0], true), wrappedLines(purposeText(a), planWidths[1], false))) * xlsxLineHeight
		var sum float64
		for _, h := range heights {
			sum += h
		}
		if need > sum {
			heights[len(heights)-1] += need - sum
		}
		for j, h := range heights {
			x.do(x.f.SetRowHeight(sheet, first+j, min(h, xlsxMaxHeight)))
		}
	}
	return x.err
}

// setPurpose writes the purpose with the note in italics under it, as the
// plan prints them.
func (x *xlsxWriter) setPurpose(sheet string, row int, a *Area) {
	purpose, note := clean(a.Purpose), clean(a.Note)
	if note == "" {
		x.set(sheet, 1, row, purpose, x.purpose)
		return
	}
	var runs []excelize.RichTextRun
	if purpose != "" {
		runs = append(runs, excelize.RichTextRun{Text: purpose + "\n"})
	}
	runs = append(runs, excelize.RichTextRun{Text: note, Font: &excelize.Font{Italic: true}})
	x.set(sheet, 1, row, nil, x.purpose)
	x.do(x.f.SetCellRichText(sheet, cellRef(1, row), runs))
}

func (x *xlsxWriter) summarySheet() error {
	sheet := sheetSummary
	_, err := x.f.NewSheet(sheet)
	x.do(err)
	x.titleBlock(sheet, summaryTitle, len(summaryHeader), x.summaryMeta())
	x.tableHead(sheet, tableHeaderRow, summaryHeader, summaryWidths)
	row := tableHeaderRow + 1
	for i := range x.r.Areas {
		a := &x.r.Areas[i]
		x.summaryRow(sheet, row, areaLabel(a), a.Summary, false)
		row++
	}
	x.summaryRow(sheet, row, totalLabel, x.r.Totals, true)
	return x.err
}

func (x *xlsxWriter) summaryRow(sheet string, row int, label string, s Summary, total bool) {
	labelStyle, numberStyle, percentStyle := x.cell, x.number, x.percent
	if total {
		labelStyle, numberStyle, percentStyle = x.totalLabel, x.totalNumber, x.totalPercent
	}
	x.set(sheet, 0, row, label, labelStyle)
	for j, n := range []int{s.Total, s.Done, s.Overdue} {
		x.set(sheet, 1+j, row, n, numberStyle)
	}
	// The share is a number with a percent format, so Excel shows it the
	// reader's way ("66,7 %") and it can be charted; no rows, no share.
	var v any
	if f, ok := share(s); ok {
		v = f
	}
	x.set(sheet, 4, row, v, percentStyle)
	x.do(x.f.SetRowHeight(sheet, row, float64(wrappedLines(label, summaryWidths[0], total))*xlsxLineHeight))
}

func (x *xlsxWriter) overdueSheet() error {
	sheet := sheetOverdue
	_, err := x.f.NewSheet(sheet)
	x.do(err)
	x.titleBlock(sheet, overdueTitle, len(overdueHeader), x.summaryMeta())
	x.tableHead(sheet, tableHeaderRow, overdueHeader, overdueWidths)
	row := tableHeaderRow + 1
	if len(x.r.Overdue) == 0 {
		x.set(sheet, 1, row, noOverdue, x.placeholder)
	}
	for i := range x.r.Overdue {
		o := &x.r.Overdue[i]
		cells := []string{x.r.areaLabelByNumber(o.Area), overdueText(o), clean(o.Responsible), clean(o.Deadline), clean(o.Status)}
		lines := 1
		for j, text := range cells {
			style := x.cell
			if j == len(cells)-1 {
				style = x.status[statusTone(o.Status)]
			}
			x.set(sheet, j, row, text, style)
			lines = max(lines, wrappedLines(text, overdueWidths[j], false))
		}
		x.do(x.f.SetRowHeight(sheet, row, min(float64(lines)*xlsxLineHeight, xlsxMaxHeight)))
		row++
	}
	return x.err
}

func (x *xlsxWriter) summaryMeta() string {
	r := x.r
	return joinNonEmpty(" · ", clean(r.Title), prefixed("Dnr ", clean(r.RegistryNumber)), prefixed("Läge per ", longDate(r.AsOf)))
}

// activitiesSheet lists the period's board visits, study visits and
// workshops: per kind, its counts on one line and a table of occasions.
func (x *xlsxWriter) activitiesSheet() error {
	a := x.r.Activities
	if a == nil {
		return x.err
	}
	sheet := sheetActs
	_, err := x.f.NewSheet(sheet)
	x.do(err)
	x.titleBlock(sheet, x.r.activitiesTitle(), len(activityHeader), x.summaryMeta())
	for i, w := range actsWidths {
		col := colName(i)
		x.do(x.f.SetColWidth(sheet, col, col, w))
	}
	row := tableHeaderRow + 1
	for _, g := range a.Groups {
		x.set(sheet, 0, row, clean(g.Title), x.group)
		x.do(x.f.SetRowHeight(sheet, row, 18))
		row++
		if facts := factsText(g.Facts); facts != "" {
			x.set(sheet, 0, row, facts, x.meta)
			x.do(x.f.MergeCell(sheet, cellRef(0, row), cellRef(len(activityHeader)-1, row)))
			row++
		}
		if len(g.Items) == 0 {
			x.set(sheet, 0, row, clean(g.Empty), x.meta)
			row += 2
			continue
		}
		for i, h := range activityHeader {
			x.set(sheet, i, row, h, x.header)
		}
		row++
		for _, it := range g.Items {
			cells := []string{clean(it.Date), clean(it.What), clean(it.State)}
			lines := 1
			for j, text := range cells {
				x.set(sheet, j, row, text, x.cell)
				lines = max(lines, wrappedLines(text, actsWidths[j], false))
			}
			x.do(x.f.SetRowHeight(sheet, row, min(float64(lines)*xlsxLineHeight, xlsxMaxHeight)))
			row++
		}
		row++
	}
	return x.err
}

// notesSheet lists the sign-offs with a comment or evidence, each piece of
// evidence as its name and address, the first also as a link to follow.
func (x *xlsxWriter) notesSheet() error {
	sheet := sheetNotes
	_, err := x.f.NewSheet(sheet)
	x.do(err)
	x.titleBlock(sheet, notesTitle, len(notesHeader), x.summaryMeta())
	x.tableHead(sheet, tableHeaderRow, notesHeader, notesWidths)
	row := tableHeaderRow + 1
	if len(x.r.Notes) == 0 {
		x.set(sheet, 1, row, noNotes, x.placeholder)
	}
	for i := range x.r.Notes {
		n := &x.r.Notes[i]
		cells := []string{x.r.areaLabelByNumber(n.Area), noteAction(n), noteDone(n), noteSigner(n), clean(n.Comment), evidenceText(n.Evidence)}
		lines := 1
		for j, text := range cells {
			x.set(sheet, j, row, text, x.cell)
			lines = max(lines, wrappedLines(text, notesWidths[j], false))
		}
		if len(n.Evidence) > 0 && webAddress(n.Evidence[0].URL) {
			ref := cellRef(len(cells)-1, row)
			x.do(x.f.SetCellHyperLink(sheet, ref, clean(n.Evidence[0].URL), "External"))
			x.do(x.f.SetCellStyle(sheet, ref, ref, x.link))
		}
		x.do(x.f.SetRowHeight(sheet, row, min(float64(lines)*xlsxLineHeight, xlsxMaxHeight)))
		row++
	}
	return x.err
}

// revisionsSheet lists the changes made after adoption, by revision; only
// when a revision lists any.
func (x *xlsxWriter) revisionsSheet() error {
	rows := x.r.revisionRows()
	if rows == nil {
		return x.err
	}
	sheet := sheetRevs
	_, err := x.f.NewSheet(sheet)
	x.do(err)
	x.titleBlock(sheet, revisionsTitle, len(revisionHeader), x.summaryMeta())
	x.tableHead(sheet, tableHeaderRow, revisionHeader, revsWidths)
	row := tableHeaderRow + 1
	for _, cells := range rows {
		lines := 1
		for j, text := range cells {
			x.set(sheet, j, row, text, x.cell)
			lines = max(lines, wrappedLines(text, revsWidths[j], false))
		}
		x.do(x.f.SetRowHeight(sheet, row, min(float64(lines)*xlsxLineHeight, xlsxMaxHeight)))
		row++
	}
	return x.err
}

// webAddress reports whether a link is one a spreadsheet may open: http or
// https, never a script or a file on the reader's machine.
func webAddress(u string) bool {
	u = strings.ToLower(clean(u))
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

func (x *xlsxWriter) properties() error {
	props := &excelize.DocProperties{
		Title:    clean(x.r.Title),
		Subject:  joinNonEmpty(" ", prefixed("Dnr ", clean(x.r.RegistryNumber)), prefixed("läge per ", longDate(x.r.AsOf))),
		Creator:  joinNonEmpty(", ", clean(x.r.Department), clean(x.r.Municipality)),
		Language: "sv-SE",
	}
	if !x.r.GeneratedAt.IsZero() {
		props.Created = x.r.GeneratedAt.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	x.do(x.f.SetDocProps(props))
	return x.err
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// cellRef names a cell from a 0-based column and a 1-based row: (2, 5) is "C5".
func cellRef(col, row int) string {
	return colName(col) + fmt.Sprint(row)
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col + 1)
	return name
}

// xlsxText cuts a text to what a cell can hold; Excel refuses longer ones.
func xlsxText(s string) string {
	if utf8.RuneCountInString(s) <= xlsxMaxChars {
		return s
	}
	return string([]rune(s)[:xlsxMaxChars-1]) + "…"
}

// wrappedLines estimates how many lines Excel needs to show a text in a
// column of the given width, by word-wrapping on character counts. Excel
// neither sizes rows that hold merged cells nor, everywhere, rows written
// without a height, so the heights are set from this. It errs towards one
// line too many: some white space is better than a cut-off line.
func wrappedLines(text string, width float64, bold bool) int {
	perLine := width * 1.05 // an average letter is a bit narrower than the digit Excel measures in
	if bold {
		perLine *= 0.9
	}
	limit := max(1, int(math.Floor(perLine)))
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		n, used := 1, 0
		for _, word := range strings.Fields(para) {
			l := utf8.RuneCountInString(word)
			switch {
			case used == 0:
				used = l
			case used+1+l <= limit:
				used += 1 + l
			default:
				n++
				used = l
			}
			for used > limit { // a word longer than the column breaks anywhere
				n++
				used -= limit
			}
		}
		lines += n
	}
	return max(1, lines)
}
