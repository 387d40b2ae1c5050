package planfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// ParseDocx reads a plan written as a Word document (.docx, as Word and
// LibreOffice save it) and returns it as a plan file for dept, with the
// rules of ParseMarkdown: the same header labels, background, action table
// and roles. What Word adds is read from the document's structure:
//
//   - the plan table is the first table with a row of the headings Område,
//     Åtgärd/aktivitet, Ansvarig and Klart när (a Kontroll utfört column is
//     ignored); cells are found by their place in the table's grid, so
//     cells spanning columns (gridSpan) do not shift the columns; a later
//     table with the same headings continues it;
//   - an area is a row, or several rows when its Område cell is merged
//     over them (vMerge) or left empty; every row's Åtgärd/aktivitet cell
//     starts a new action; a merged Ansvarig or Klart när cell counts for
//     each action row it spans;
//   - in an Åtgärd/aktivitet cell a numbered list item is an action and a
//     bullet item, or an item on a deeper level, a sub-action; typed
//     markers ("1. ", "- ") work as in markdown;
//   - everything before the plan table is the head: tables (a label and its
//     value in one cell, side by side, or a row of labels over a row of
//     values) and paragraphs; after a "Bakgrund" paragraph, paragraphs are
//     the background and list items the completed activities;
//   - italic text in the Område cell is the area's note.
//
// Every problem names its place (FieldError.Place): table, row and column,
// or the paragraph. A file that is not a .docx is refused with ErrNotDocx,
// one without a plan table with ErrNoPlanTable.
func ParseDocx(data []byte, dept Department, opts MarkdownOptions) (*File, error) {
	d, err := readDocx(data)
	if err != nil {
		return nil, err
	}
	book := &placeBook{}
	doc, err := d.document(book)
	if err != nil {
		return nil, err
	}
	f, err := doc.plan(dept, opts, func(e *FieldError, lacks string) {
		e.Line = book.first
		e.Msg += fmt.Sprintf(" (the document's head, before the plan table, has %s)", lacks)
	})
	if err != nil {
		return nil, book.place(err)
	}
	// The numbers the shared rules kept are places of this document, not
	// lines: they mean nothing once it is read.
	f.Plan = withoutLines(f.Plan)
	return f, nil
}

var (
	// ErrNotDocx refuses a file that is not a Word document: not a zip, no
	// word/document.xml, or XML that does not parse.
	ErrNotDocx = errors.New("not a Word document (.docx)")
	// ErrNoPlanTable refuses a Word document without the plan's table.
	ErrNoPlanTable = errors.New("no plan table found (want a table with a row of the headings Område, Åtgärd/aktivitet, Ansvarig and Klart när)")
)

// Limits on what a .docx may unpack to: far above any plan, far below
// what a crafted zip could inflate to.
const (
	maxDocumentXML = 32 << 20
	maxPartXML     = 8 << 20
)

// Place is where in a Word document a problem is: a cell of a table, or a
// paragraph outside tables.
type Place struct {
	Table int    // 1-based among the document's tables; 0 for a paragraph
	Row   int    // 1-based, the heading row included
	Col   string // the column's heading, e.g. "Klart när"; "" when not one cell of the plan table
	// Paragraph counts the paragraphs with text outside tables, 1-based.
	Paragraph int
}

func (p Place) String() string { return p.words("table", "row", "column", "paragraph") }

// Swedish is the place as the person who fixes the document reads it:
// "tabell 2, rad 5, kolumn Klart när".
func (p Place) Swedish() string { return p.words("tabell", "rad", "kolumn", "stycke") }

func (p Place) words(table, row, col, para string) string {
	if p.Table == 0 {
		return fmt.Sprintf("%s %d", para, p.Paragraph)
	}
	s := fmt.Sprintf("%s %d, %s %d", table, p.Table, row, p.Row)
	if p.Col != "" {
		s += fmt.Sprintf(", %s %s", col, p.Col)
	}
	return s
}

// placeBook numbers the places of a document for the shared rules, which
// track where each piece came from as a number (a line, for markdown).
type placeBook struct {
	places []Place
	first  int // the place of the head's first text, or of the plan table
}

func (b *placeBook) add(p Place) int {
	b.places = append(b.places, p)
	return len(b.places)
}

// place turns the numbers of err's problems back into places.
func (b *placeBook) place(err error) error {
	for _, e := range flatten(err) {
		if e.Line > 0 && e.Line <= len(b.places) {
			p := b.places[e.Line-1]
			e.Place, e.Line = &p, 0
		}
	}
	return err
}

// ---- the document's structure ----

type listKind int

const (
	notList listKind = iota
	numbered
	bulleted
)

// docxPara is one paragraph: its text as a cell's HTML (italics as <i>,
// line breaks as <br>), as plain text, and its list level if it is a list
// item.
type docxPara struct {
	html  strings.Builder
	text  strings.Builder
	list  listKind
	level int
}

type mergeKind int

const (
	notMerged mergeKind = iota
	mergeStart
	mergeContinue
)

type docxCell struct {
	col, span int // first grid column and how many it spans
	merge     mergeKind
	paras     []*docxPara
}

func (c *docxCell) covers(col int) bool { return c.col <= col && col < c.col+c.span }

// plain is the cell's text with its paragraphs on one line.
func (c *docxCell) plain() string {
	var parts []string
	for _, p := range c.paras {
		parts = append(parts, p.text.String())
	}
	return clean(strings.Join(parts, " "))
}

type docxRow struct{ cells []*docxCell }

// at returns the cell covering grid column col, or nil. The cells are in
// grid order, so a crafted row of many cells costs a binary search.
func (r *docxRow) at(col int) *docxCell {
	i := sort.Search(len(r.cells), func(i int) bool { return r.cells[i].col+r.cells[i].span > col })
	if i < len(r.cells) && r.cells[i].covers(col) {
		return r.cells[i]
	}
	return nil
}

type docxTable struct {
	n    int // 1-based among the document's top-level tables
	rows []*docxRow
}

// docxBlock is a paragraph or a table of the document's body, in order.
type docxBlock struct {
	para  *docxPara
	table *docxTable
}

type docx struct{ body []docxBlock }

// ---- reading the zip and its XML ----

func readDocx(data []byte) (*docx, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotDocx, err)
	}
	part := func(name string, limit int64) ([]byte, error) {
		for _, f := range z.File {
			if f.Name != name {
				continue
			}
			r, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrNotDocx, name, err)
			}
			defer r.Close()
			b, err := io.ReadAll(io.LimitReader(r, limit+1))
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrNotDocx, name, err)
			}
			if int64(len(b)) > limit {
				return nil, fmt.Errorf("%w: %s unpacks to more than %d MB", ErrNotDocx, name, limit>>20)
			}
			return b, nil
		}
		return nil, nil
	}
	body, err := part("word/document.xml", maxDocumentXML)
	if err != nil {
		return nil, err
	}
	if body == nil {
		return nil, fmt.Errorf("%w: the zip has no word/document.xml", ErrNotDocx)
	}
	numberingXML, err := part("word/numbering.xml", maxPartXML)
	if err != nil {
		return nil, err
	}
	stylesXML, err := part("word/styles.xml", maxPartXML)
	if err != nil {
		return nil, err
	}
	num, err := readNumbering(numberingXML)
	if err != nil {
		return nil, fmt.Errorf("%w: word/numbering.xml: %v", ErrNotDocx, err)
	}
	styles, err := readStyles(stylesXML)
	if err != nil {
		return nil, fmt.Errorf("%w: word/styles.xml: %v", ErrNotDocx, err)
	}
	d, err := readBody(body, num, styles)
	if err != nil {
		return nil, fmt.Errorf("%w: word/document.xml: %v", ErrNotDocx, err)
	}
	return d, nil
}

// ---- from the structure to the plan's document ----

// planGrid is where the plan table's columns are in a table's grid, and
// their headings as the document writes them.
type planGrid struct {
	heading int    // the index of the heading row
	cols    [4]int // grid columns of Område, Åtgärd/aktivitet, Ansvarig, Klart när
	spans   [4]int // how many grid columns each heading spans
	names   [4]string
}

// planHeadings finds the row of the plan table's headings in t.
func planHeadings(t *docxTable) (planGrid, bool) {
	for i, row := range t.rows {
		texts := make([]string, len(row.cells))
		for j, c := range row.cells {
			texts[j] = c.plain()
		}
		cols, ok := tableColumns(texts)
		if !ok {
			continue
		}
		g := planGrid{heading: i}
		for k, j := range []int{cols.area, cols.action, cols.responsible, cols.deadline} {
			g.cols[k], g.spans[k] = row.cells[j].col, row.cells[j].span
			g.names[k] = strings.TrimRight(clean(texts[j]), "?:. ")
		}
		return g, true
	}
	return planGrid{}, false
}

// headLine is a line of the head: a paragraph, or a row of a head table.
type headLine struct {
	mdLine
	list bool
}

// document lays the Word document out as the shared rules read a plan:
// the head's lines, split at "Bakgrund" into header and background, and
// the plan table's rows; book numbers the places.
func (d *docx) document(book *placeBook) (document, error) {
	planAt := -1
	var grid planGrid
	for i, b := range d.body {
		if b.table == nil {
			continue
		}
		if g, ok := planHeadings(b.table); ok {
			planAt, grid = i, g
			break
		}
	}
	if planAt < 0 {
		return document{}, ErrNoPlanTable
	}

	var head []headLine
	paragraphs := 0
	for _, b := range d.body[:planAt] {
		if b.table != nil {
			head = append(head, headTableLines(b.table, b.table.rows, book)...)
			continue
		}
		text := clean(b.para.text.String())
		if text == "" {
			continue
		}
		paragraphs++
		head = append(head, headLine{mdLine{book.add(Place{Paragraph: paragraphs}), text}, b.para.list != notList})
	}
	plan := d.body[planAt].table
	head = append(head, headTableLines(plan, plan.rows[:grid.heading], book)...)
	if len(head) > 0 {
		book.first = head[0].n
	}

	var doc document
	split := len(head)
	for i, l := range head {
		if plainHeading(l.text) == "bakgrund" {
			split = i
			break
		}
	}
	for _, l := range head[:split] {
		doc.header = append(doc.header, l.mdLine)
	}
	if split < len(head) {
		// Each paragraph of the background is one: a blank line ends it,
		// and a list item is a completed activity.
		for _, l := range head[split+1:] {
			if l.list {
				l.text = "- " + l.text
			}
			doc.background = append(doc.background, l.mdLine, mdLine{n: l.n})
		}
	}

	doc.tableAt = book.add(Place{Table: plan.n, Row: grid.heading + 1})
	if book.first == 0 {
		book.first = doc.tableAt
	}
	doc.rows = planRows(plan, grid, book)
	for _, b := range d.body[planAt+1:] {
		if b.table == nil {
			continue
		}
		if g, ok := planHeadings(b.table); ok {
			doc.rows = append(doc.rows, planRows(b.table, g, book)...)
		}
	}
	return doc, nil
}

// bareLabel matches a cell that holds only a label of the head.
var bareLabel = regexp.MustCompile(`(?i)^(fastställd av|fastställd|reviderad|dokumentansvarig|dnr|diarienummer)\s*:?$`)

// headTableLines turns rows of a head table into lines for parseHeader: a
// row with labels is one line, its cells side by side (a label alone in
// its cell gets its colon); a row of labels only over a row of values is
// one line of pairs; other rows give a line per paragraph.
func headTableLines(t *docxTable, rows []*docxRow, book *placeBook) []headLine {
	var lines []headLine
	for i := 0; i < len(rows); i++ {
		n := book.add(Place{Table: t.n, Row: i + 1})
		var texts []string
		bare, labels, others := 0, 0, 0
		for _, c := range rows[i].cells {
			text := c.plain()
			switch {
			case c.merge == mergeContinue || text == "":
				continue
			case bareLabel.MatchString(text):
				bare++
				text = strings.TrimRight(text, ": ") + ":"
			case headerLabel.MatchString(text):
				labels++
			default:
				others++
			}
			texts = append(texts, text)
		}
		switch {
		case bare > 0 && labels+others == 0 && i+1 < len(rows) && !hasLabel(rows[i+1]):
			next := rows[i+1]
			var pairs []string
			for _, c := range rows[i].cells {
				if text := c.plain(); bareLabel.MatchString(text) {
					value := ""
					if v := next.at(c.col); v != nil {
						value = v.plain()
					}
					pairs = append(pairs, strings.TrimRight(text, ": ")+": "+value)
				}
			}
			i++
			lines = append(lines, headLine{mdLine: mdLine{n, strings.Join(pairs, " ")}})
		case bare+labels > 0:
			lines = append(lines, headLine{mdLine: mdLine{n, strings.Join(texts, " ")}})
		default:
			for _, c := range rows[i].cells {
				if c.merge == mergeContinue {
					continue
				}
				for _, p := range c.paras {
					if text := clean(p.text.String()); text != "" {
						lines = append(lines, headLine{mdLine{n, text}, p.list != notList})
					}
				}
			}
		}
	}
	return lines
}

func hasLabel(row *docxRow) bool {
	for _, c := range row.cells {
		if headerLabel.MatchString(c.plain()) || bareLabel.MatchString(c.plain()) {
			return true
		}
	}
	return false
}

// planRows reads the rows of a plan table below its headings. A column is
// the grid columns its heading spans: a row may split them into cells, or
// span several columns with one cell, which counts in the first of them.
func planRows(t *docxTable, g planGrid, book *placeBook) []mdRow {
	var rows []mdRow
	var started [4]mdCell // the cell each column's vertical merge started with
	for i := g.heading + 1; i < len(t.rows); i++ {
		row := t.rows[i]
		action := row.at(g.cols[1])
		ownAction := action != nil && action.merge != mergeContinue && hasWord(action.plain())
		var cells [4]mdCell
		used := map[*docxCell]bool{}
		for k := range cells {
			n := book.add(Place{Table: t.n, Row: i + 1, Col: g.names[k]})
			cells[k] = mdCell{line: n}
			for col := g.cols[k]; col < g.cols[k]+g.spans[k]; col++ {
				c := row.at(col)
				switch {
				case c == nil || used[c]:
				case c.merge == mergeContinue && k > 1 && ownAction:
					// A role or deadline merged over several action rows
					// is each one's.
					cells[k] = started[k]
				case c.merge == mergeContinue:
				default:
					used[c] = true
					cells[k].html += cellHTML(c, k == 1 && cells[k].html == "")
					if c.merge == mergeStart {
						started[k] = cells[k]
					}
				}
			}
		}
		rows = append(rows, mdRow{n: cells[0].line, area: cells[0], action: cells[1], responsible: cells[2], deadline: cells[3]})
	}
	return rows
}

// cellHTML writes a cell as the markdown reader's HTML cells: paragraphs,
// and list items in <ol> (numbered, top level) or <ul> (bullets, deeper
// levels). In an Åtgärd/aktivitet cell the first paragraph with text
// starts a new action even without a list: each row is one.
func cellHTML(c *docxCell, action bool) string {
	var b strings.Builder
	first := true
	for _, p := range c.paras {
		h := p.html.String()
		switch {
		case p.list == numbered && p.level == 0, action && first && p.list == notList && hasWord(h):
			b.WriteString("<ol><li>" + h + "</li></ol>")
		case p.list != notList:
			b.WriteString("<ul><li>" + h + "</li></ul>")
		default:
			b.WriteString("<p>" + h + "</p>")
		}
		if hasWord(h) {
			first = false
		}
	}
	return b.String()
}
