package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/handlingsplan/handlingsplan/followup"
)

// YearWheel is the year of the plan's department at a glance (årshjul):
// deadlines, ends of follow-up periods, board meetings, study visits,
// workshops and APT dates, in date order.
type YearWheel struct {
	Year   int
	Months []string    // January first, "januari"
	Kinds  []WheelKind // in the legend's order; a mark's Kind is an index into it
	Marks  []WheelMark // in date order
	Today  string      // YYYY-MM-DD, marked when in Year; "" for none
}

// WheelKind is a kind of mark: its name in the legend.
type WheelKind struct {
	Key   string // deadline, period_end, board_meeting, …
	Label string // "Sista dag för åtgärd", "Nämndsammanträde", …
}

// WheelMark is one dated thing.
type WheelMark struct {
	Date  string // YYYY-MM-DD
	Kind  int    // index into YearWheel.Kinds
	Label string // "Nämndsammanträde – besök av Hemtjänsten"
	URL   string // the web app's page of it; a link in the PDF once absolute (ResolveLinks)
}

// The colours of the kinds, in the legend's order, as the web app draws
// them: dark enough for 3:1 against white and the grey sectors.
var wheelColours = [][3]int{
	{178, 58, 0},   // deadlines
	{0, 85, 164},   // period ends
	{0, 115, 79},   // board meetings
	{142, 59, 115}, // study visits
	{122, 82, 0},   // workshops
	{59, 95, 114},  // APT
}

func wheelColour(i int) [3]int { return wheelColours[i%len(wheelColours)] }

var wheelColumns = []pdfColumn{{"Månad", 26, "L"}, {"Datum", 32, "L"}, {"Vad", 50, "L"}, {"Händelse", 165, "L"}}

// yearWheelPage draws the wheel on a page of its own (months around a
// circle, a ring per kind, a dot per mark, today as a line from the
// centre) with its legend, then the same marks month by month as a table,
// where each row opens what it stands for.
func (p *pdfDoc) yearWheelPage() {
	yw := p.r.YearWheel
	if yw == nil {
		return
	}
	p.header = nil
	p.newPage()
	f := p.f
	title := fmt.Sprintf("Årshjul %d", yw.Year)
	p.font("B", 12)
	p.textColor([3]int{0, 0, 0})
	f.SetXY(margin, p.y)
	f.CellFormat(contentWidth, 6, p.text(title), "", 0, "L", false, 0, "")
	p.y += 6
	p.font("", 9)
	p.textColor(mutedText)
	f.SetXY(margin, p.y)
	f.CellFormat(contentWidth, 5, p.text("Förvaltningens år: det som ska vara klart, när uppföljningsperioder slutar, och möten, besök, workshops och APT. Varje händelse finns också i tabellen efter hjulet."), "", 0, "L", false, 0, "")
	p.y += 7

	const outer, inner = 78.0, 22.0
	cx, cy := margin+outer+10, p.y+outer+2
	kinds := max(len(yw.Kinds), 1)
	ring := (outer - inner - 10) / float64(kinds) // 10 mm outside for the month names
	rings := outer - 10

	// Month sectors, alternately shaded, with their names outside.
	first := time.Date(yw.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	days := float64(first.AddDate(1, 0, 0).Sub(first).Hours() / 24)
	angleOf := func(date string) (float64, bool) {
		t, err := time.Parse(time.DateOnly, date)
		if err != nil || t.Year() != yw.Year {
			return 0, false
		}
		return 360 * (float64(t.YearDay()) - 0.5) / days, true
	}
	f.SetLineWidth(0.2)
	for m := 0; m < 12; m++ {
		start := time.Date(yw.Year, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
		a0 := 360 * float64(start.YearDay()-1) / days
		a1 := 360 * float64(start.AddDate(0, 1, 0).Sub(first).Hours()/24) / days
		if m%2 == 0 {
			f.SetFillColor(242, 242, 242)
		} else {
			f.SetFillColor(255, 255, 255)
		}
		p.sector(cx, cy, inner, rings, a0, a1)
		f.SetDrawColor(gridColor[0], gridColor[1], gridColor[2])
		x0, y0 := polar(cx, cy, inner, a0)
		x1, y1 := polar(cx, cy, rings, a0)
		f.Line(x0, y0, x1, y1)
		name := ""
		if m < len(yw.Months) {
			name = yw.Months[m]
		}
		lx, ly := polar(cx, cy, rings+5, (a0+a1)/2)
		p.font("", 7.5)
		p.textColor([3]int{0, 0, 0})
		w := f.GetStringWidth(p.text(name))
		f.SetXY(lx-w/2, ly-2)
		f.CellFormat(w, 4, p.text(name), "", 0, "C", false, 0, "")
	}
	// Ring borders: one ring per kind, the first kind outermost.
	f.SetDrawColor(gridColor[0], gridColor[1], gridColor[2])
	for k := 0; k <= kinds; k++ {
		f.Circle(cx, cy, inner+float64(k)*ring, "D")
	}
	// The marks.
	for _, m := range yw.Marks {
		a, ok := angleOf(m.Date)
		if !ok {
			continue
		}
		r := rings - (float64(m.Kind)+0.5)*ring
		x, y := polar(cx, cy, r, a)
		c := wheelColour(m.Kind)
		f.SetFillColor(c[0], c[1], c[2])
		f.SetDrawColor(255, 255, 255)
		f.Circle(x, y, min(ring*0.32, 1.8), "FD")
		if absolute(m.URL) {
			f.LinkString(x-1.8, y-1.8, 3.6, 3.6, m.URL)
		}
	}
	// Today, as a line from the centre to the rim.
	if a, ok := angleOf(yw.Today); ok {
		f.SetDrawColor(0, 0, 0)
		f.SetLineWidth(0.6)
		x0, y0 := polar(cx, cy, inner-3, a)
		x1, y1 := polar(cx, cy, rings+1, a)
		f.Line(x0, y0, x1, y1)
		f.SetLineWidth(0.2)
	}
	p.font("B", 14)
	p.textColor([3]int{0, 0, 0})
	f.SetXY(cx-inner, cy-3)
	f.CellFormat(2*inner, 6, fmt.Sprint(yw.Year), "", 0, "C", false, 0, "")

	// The legend, beside the wheel: ring, colour, kind and count.
	count := make([]int, kinds)
	for _, m := range yw.Marks {
		if m.Kind >= 0 && m.Kind < kinds {
			count[m.Kind]++
		}
	}
	lx, ly := cx+outer+16, p.y+10
	p.font("B", 10)
	f.SetXY(lx, ly)
	f.CellFormat(100, 5, "Förklaring", "", 0, "L", false, 0, "")
	ly += 7
	for i, k := range yw.Kinds {
		c := wheelColour(i)
		f.SetFillColor(c[0], c[1], c[2])
		f.SetDrawColor(c[0], c[1], c[2])
		f.Circle(lx+1.8, ly+2.5, 1.8, "FD")
		p.font("", 9)
		p.textColor([3]int{0, 0, 0})
		f.SetXY(lx+6, ly)
		ringName := "yttersta ringen"
		if i > 0 {
			ringName = fmt.Sprintf("ring %d utifrån", i+1)
		}
		f.CellFormat(110, 5, p.text(fmt.Sprintf("%s: %d (%s)", k.Label, count[i], ringName)), "", 0, "L", false, 0, "")
		ly += 6.5
	}
	if _, ok := angleOf(yw.Today); ok {
		f.SetDrawColor(0, 0, 0)
		f.SetLineWidth(0.6)
		f.Line(lx, ly+2.5, lx+4, ly+2.5)
		f.SetLineWidth(0.2)
		f.SetXY(lx+6, ly)
		f.CellFormat(110, 5, p.text("Linjen: rapportens dag, "+followup.DayLabel(yw.Today)), "", 0, "L", false, 0, "")
	}
	p.y = cy + outer + 4

	// Month by month: the same marks as a table.
	cols := wheelColumns
	var rows []pdfRow
	month := -1
	for _, m := range yw.Marks {
		t, err := time.Parse(time.DateOnly, m.Date)
		if err != nil {
			continue
		}
		name := ""
		if int(t.Month()) != month+1 {
			month = int(t.Month()) - 1
			if month < len(yw.Months) {
				name = yw.Months[month]
			}
		}
		kind := ""
		if m.Kind >= 0 && m.Kind < len(yw.Kinds) {
			kind = yw.Kinds[m.Kind].Label
		}
		what := p.cell(clean(m.Label), cols[3].width, "", "L")
		if absolute(m.URL) {
			what.link = m.URL
		}
		rows = append(rows, pdfRow{
			p.cell(name, cols[0].width, "B", "L"),
			p.cell(followup.DayLabel(m.Date), cols[1].width, "", "L"),
			p.cell(kind, cols[2].width, "", "L"),
			what,
		})
	}
	if len(rows) == 0 {
		none := p.cell("Inget under året.", cols[3].width, "I", "L")
		rows = append(rows, pdfRow{{}, {}, {}, none})
	}
	p.newPage()
	p.startTable(title+" månad för månad", cols, rows)
	p.table(cols, rows)
	p.header = nil
}

// polar is the point at radius r and angle a (degrees clockwise from the
// top, where January begins) around (cx, cy).
func polar(cx, cy, r, a float64) (float64, float64) {
	rad := (a - 90) * math.Pi / 180
	return cx + r*math.Cos(rad), cy + r*math.Sin(rad)
}

// sector fills the ring between radii r0 and r1 from angle a0 to a1 as a
// polygon (fpdf's arcs draw outlines, not ring sectors).
func (p *pdfDoc) sector(cx, cy, r0, r1, a0, a1 float64) {
	var pts []fpdf.PointType
	steps := max(int(math.Ceil((a1-a0)/3)), 1)
	for i := 0; i <= steps; i++ {
		x, y := polar(cx, cy, r1, a0+(a1-a0)*float64(i)/float64(steps))
		pts = append(pts, fpdf.PointType{X: x, Y: y})
	}
	for i := steps; i >= 0; i-- {
		x, y := polar(cx, cy, r0, a0+(a1-a0)*float64(i)/float64(steps))
		pts = append(pts, fpdf.PointType{X: x, Y: y})
	}
	p.f.Polygon(pts, "F")
}

// absolute reports whether a mark's address opens from a PDF: one resolved
// against the site's address (ResolveLinks), not a path of the web app.
func absolute(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}
