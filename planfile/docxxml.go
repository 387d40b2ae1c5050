package planfile

// This file reads the parts of a .docx that ParseDocx needs, with
// encoding/xml: the body (word/document.xml), the list definitions
// (word/numbering.xml) and the styles (word/styles.xml), which may carry a
// paragraph's list or its italics. Elements are matched by local name;
// what a reader does not see on the page (deleted text, field codes,
// hidden text, drawings and their text boxes, the fallback copies of
// alternate content, earlier formatting of tracked changes) is skipped.

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"strconv"
)

// skipped are the elements whose content is not the document's visible text.
var skipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "instrText": true, "delInstrText": true,
	"Fallback": true, "txbxContent": true, "drawing": true, "pict": true, "object": true,
	"footnoteReference": true, "endnoteReference": true, "commentReference": true,
	"rPrChange": true, "pPrChange": true, "tblPrChange": true, "tcPrChange": true,
	"trPrChange": true, "numberingChange": true, "sectPr": true,
	// In styles.xml: what no paragraph's list or italics come from.
	"latentStyles": true, "tblStylePr": true, "tblPr": true, "docDefaults": true,
}

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// on reads a toggle property such as <w:i/> or <w:i w:val="false"/>.
func on(e xml.StartElement) bool {
	v, ok := attr(e, "val")
	return !ok || (v != "0" && v != "false" && v != "off")
}

func atoiAttr(e xml.StartElement) int {
	v, _ := attr(e, "val")
	n, _ := strconv.Atoi(v)
	return n
}

// newDecoder reads a part; one that declares an encoding other than UTF-8
// is refused, as the decoder has no CharsetReader.
func newDecoder(data []byte) *xml.Decoder { return xml.NewDecoder(bytes.NewReader(data)) }

// ---- numbering ----

// numbering tells, for a list (numId) and level, the kind of its marker.
type numbering struct {
	abstract map[string]map[int]string // abstractNumId → level → numFmt
	nums     map[string]numDef
}

type numDef struct {
	abstract string
	override map[int]string // level → numFmt
}

func readNumbering(data []byte) (*numbering, error) {
	n := &numbering{abstract: map[string]map[int]string{}, nums: map[string]numDef{}}
	if data == nil {
		return n, nil
	}
	dec := newDecoder(data)
	var abstract, num string
	level := -1
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return n, nil
			}
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "abstractNum":
				abstract, _ = attr(e, "abstractNumId")
				num = ""
				n.abstract[abstract] = map[int]string{}
			case "num":
				num, _ = attr(e, "numId")
				abstract = ""
				n.nums[num] = numDef{override: map[int]string{}}
			case "abstractNumId":
				if num != "" {
					def := n.nums[num]
					def.abstract, _ = attr(e, "val")
					n.nums[num] = def
				}
			case "lvl", "lvlOverride":
				if v, ok := attr(e, "ilvl"); ok {
					level, _ = strconv.Atoi(v)
				}
			case "numFmt":
				f, _ := attr(e, "val")
				switch {
				case num != "" && level >= 0:
					n.nums[num].override[level] = f
				case abstract != "" && level >= 0:
					n.abstract[abstract][level] = f
				}
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "abstractNum":
				abstract = ""
			case "num":
				num = ""
			case "lvl", "lvlOverride":
				level = -1
			}
		}
	}
}

// kind is the kind of list item a paragraph of list numID at level is.
// A list that is not defined, or whose level shows no marker, is none.
func (n *numbering) kind(numID string, level int) listKind {
	def, ok := n.nums[numID]
	if numID == "" || numID == "0" || !ok {
		return notList
	}
	f, ok := def.override[level]
	if !ok {
		f, ok = n.abstract[def.abstract][level]
	}
	switch {
	case !ok:
		return numbered
	case f == "bullet":
		return bulleted
	case f == "none":
		return notList
	}
	return numbered
}

// ---- styles ----

// docxStyle is what ParseDocx needs of a style: its list, its italics and
// the style it is based on.
type docxStyle struct {
	basedOn  string
	numID    string
	level    int
	hasLevel bool
	italic   *bool
}

type styleSheet map[string]*docxStyle

func readStyles(data []byte) (styleSheet, error) {
	s := styleSheet{}
	if data == nil {
		return s, nil
	}
	dec := newDecoder(data)
	var cur *docxStyle
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return s, nil
			}
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if skipped[e.Name.Local] {
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			switch e.Name.Local {
			case "style":
				id, _ := attr(e, "styleId")
				cur = &docxStyle{}
				s[id] = cur
			case "basedOn":
				if cur != nil {
					cur.basedOn, _ = attr(e, "val")
				}
			case "numId":
				if cur != nil {
					cur.numID, _ = attr(e, "val")
				}
			case "ilvl":
				if cur != nil {
					cur.level, cur.hasLevel = atoiAttr(e), true
				}
			case "i":
				if cur != nil {
					v := on(e)
					cur.italic = &v
				}
			}
		case xml.EndElement:
			if e.Name.Local == "style" {
				cur = nil
			}
		}
	}
}

// maxStyleDepth bounds a chain of basedOn, which a broken file could make
// circular.
const maxStyleDepth = 16

// list returns the list a paragraph style puts its paragraphs in.
func (s styleSheet) list(id string) (numID string, level int) {
	hasLevel := false
	for range maxStyleDepth {
		st, ok := s[id]
		if !ok {
			break
		}
		if !hasLevel && st.hasLevel {
			level, hasLevel = st.level, true
		}
		if numID == "" && st.numID != "" {
			numID = st.numID
		}
		id = st.basedOn
	}
	return numID, level
}

// italic tells whether a style makes its text italic.
func (s styleSheet) italic(id string) bool {
	for range maxStyleDepth {
		st, ok := s[id]
		if !ok {
			return false
		}
		if st.italic != nil {
			return *st.italic
		}
		id = st.basedOn
	}
	return false
}

// ---- the body ----

// bodyReader builds the document's blocks from the tokens of its body.
type bodyReader struct {
	num    *numbering
	styles styleSheet
	doc    docx

	tables []*docxTable // open tables, outermost first
	count  int          // top-level tables so far
	row    *docxRow
	cell   *docxCell
	col    int // the next cell's grid column

	para             *docxPara
	paraStyle, numID string
	level            int
	hasNum, hasLevel bool

	inPPr, inRPr, inText bool
	italic, hidden       bool // of the current run
	runStyle             string
	runItalic            *bool
}

func readBody(data []byte, num *numbering, styles styleSheet) (*docx, error) {
	r := &bodyReader{num: num, styles: styles}
	dec := newDecoder(data)
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return &r.doc, nil
			}
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if skipped[e.Name.Local] {
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			r.start(e)
		case xml.EndElement:
			r.end(e.Name.Local)
		case xml.CharData:
			if r.inText && r.para != nil && !r.hidden {
				r.write(string(e))
			}
		}
	}
}

// outer is true when the reader is in the outermost table or outside
// tables: nested tables only lend their paragraphs to the cell around them.
func (r *bodyReader) outer() bool { return len(r.tables) <= 1 }

func (r *bodyReader) start(e xml.StartElement) {
	switch e.Name.Local {
	case "tbl":
		if len(r.tables) == 0 {
			r.count++
		}
		r.tables = append(r.tables, &docxTable{n: r.count})
	case "tr":
		if len(r.tables) == 1 {
			r.row, r.col = &docxRow{}, 0
		}
	case "gridBefore":
		if len(r.tables) == 1 && r.row != nil && len(r.row.cells) == 0 {
			r.col = min(max(atoiAttr(e), 0), 1<<10)
		}
	case "tc":
		if len(r.tables) == 1 && r.row != nil {
			r.cell = &docxCell{col: r.col, span: 1}
		}
	case "gridSpan":
		if len(r.tables) == 1 && r.cell != nil {
			r.cell.span = min(max(atoiAttr(e), 1), 64)
		}
	case "vMerge":
		if len(r.tables) == 1 && r.cell != nil {
			if v, _ := attr(e, "val"); v == "restart" {
				r.cell.merge = mergeStart
			} else {
				r.cell.merge = mergeContinue
			}
		}
	case "p":
		r.para = &docxPara{}
		r.paraStyle, r.numID, r.level, r.hasNum, r.hasLevel = "", "", 0, false, false
	case "pPr":
		r.inPPr = true
	case "pStyle":
		if r.inPPr {
			r.paraStyle, _ = attr(e, "val")
		}
	case "numId":
		if r.inPPr {
			r.numID, _ = attr(e, "val")
			r.hasNum = true
		}
	case "ilvl":
		if r.inPPr {
			r.level, r.hasLevel = min(max(atoiAttr(e), 0), 9), true
		}
	case "r":
		r.runStyle, r.runItalic, r.hidden = "", nil, false
	case "rPr":
		r.inRPr = true
	case "rStyle":
		if r.inRPr && !r.inPPr {
			r.runStyle, _ = attr(e, "val")
		}
	case "i":
		if r.inRPr && !r.inPPr {
			v := on(e)
			r.runItalic = &v
		}
	case "vanish":
		if r.inRPr && !r.inPPr {
			r.hidden = on(e)
		}
	case "t":
		r.inText = true
		r.italic = r.isItalic()
	case "tab":
		if !r.inPPr && r.para != nil {
			r.write(" ")
		}
	case "br", "cr":
		if r.para != nil && !r.hidden {
			if t, _ := attr(e, "type"); t == "page" || t == "column" {
				r.write(" ")
			} else {
				r.para.html.WriteString("<br>")
				r.para.text.WriteString(" ")
			}
		}
	case "noBreakHyphen":
		if r.para != nil && !r.hidden {
			r.write("-")
		}
	}
}

func (r *bodyReader) isItalic() bool {
	if r.runItalic != nil {
		return *r.runItalic
	}
	if r.runStyle != "" && r.styles.italic(r.runStyle) {
		return true
	}
	return r.styles.italic(r.paraStyle)
}

func (r *bodyReader) write(s string) {
	if r.italic {
		r.para.html.WriteString("<i>" + html.EscapeString(s) + "</i>")
	} else {
		r.para.html.WriteString(html.EscapeString(s))
	}
	r.para.text.WriteString(s)
}

func (r *bodyReader) end(local string) {
	switch local {
	case "tbl":
		if len(r.tables) == 0 {
			return
		}
		t := r.tables[len(r.tables)-1]
		r.tables = r.tables[:len(r.tables)-1]
		if len(r.tables) == 0 {
			r.doc.body = append(r.doc.body, docxBlock{table: t})
			r.row, r.cell = nil, nil
		}
	case "tr":
		if len(r.tables) == 1 && r.row != nil {
			t := r.tables[0]
			t.rows = append(t.rows, r.row)
			r.row = nil
		}
	case "tc":
		if len(r.tables) == 1 && r.row != nil && r.cell != nil {
			r.row.cells = append(r.row.cells, r.cell)
			r.col += r.cell.span
			r.cell = nil
		}
	case "pPr":
		r.inPPr = false
	case "rPr":
		r.inRPr = false
	case "t":
		r.inText = false
	case "p":
		if r.para == nil {
			return
		}
		p := r.para
		r.para = nil
		numID, level := r.styles.list(r.paraStyle)
		if r.hasNum {
			numID = r.numID
		}
		if r.hasLevel {
			level = r.level
		}
		p.list, p.level = r.num.kind(numID, level), level
		switch {
		case len(r.tables) > 0 && r.cell != nil:
			r.cell.paras = append(r.cell.paras, p)
		case len(r.tables) == 0:
			r.doc.body = append(r.doc.body, docxBlock{para: p})
		}
	}
}
