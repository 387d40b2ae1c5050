package report

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openXLSX renders a report and opens it again the way a reader would.
func openXLSX(t *testing.T, r *Report) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellValue(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cellStyle(t *testing.T, f *excelize.File, sheet, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func merges(t *testing.T, f *excelize.File, sheet string) []string {
	t.Helper()
	mc, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range mc {
		out = append(out, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	slices.Sort(out)
	return out
}

func TestWriteXLSX(t *testing.T) {
	f := openXLSX(t, bollebygd())

	if got, want := f.GetSheetList(), []string{"Handlingsplan", "Sammanfattning", "Försenade", "Besök och workshops", "Kommentarer och underlag"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}

	t.Run("plan sheet", func(t *testing.T) {
		const s = "Handlingsplan"
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != planHeaderRow+9 {
			t.Errorf("%d rows, want title block, header and 9 actions = %d", len(rows), planHeaderRow+9)
		}
		if got := rows[planHeaderRow-1]; !slices.Equal(got, planHeader) {
			t.Errorf("header = %q, want %q", got, planHeader)
		}
		want := map[string]string{
			"A1":  "Handlingsplan tillitsfull dialog Socialförvaltning",
			"A2":  "Dnr SN2024/10 · Socialförvaltningen · Bollebygds kommun",
			"A3":  "Fastställd: Socialnämnden 20 februari 2024 § xx · Fastställd av: Förvaltningschef · Dokumentansvarig: Förvaltningschef · Planens datum: 24 januari 2024",
			"A4":  "Läge per 15 oktober 2024 · Utskriven 15 oktober 2024 kl. 07:30",
			"A6":  "1. Skapa ett närmare band mellan politik och verksamhet.",
			"B6":  "Syftar till att öka kunskap och förståelse för varandras olika uppdrag och ansvar.",
			"C6":  "1. Verksamheterna besöker nämnden och presenterar sina verksamheter, förutsättningar och behov. En verksamhet per nämnd, start i september 2023 och färdigt december 2024.",
			"C7":  "– Verksamheterna återrapporterar på nästkommande APT om deras besök hos nämnden.",
			"D7":  "Enhetschef",
			"F7":  "2024-09-24 (Elin Enhetschef)",
			"G7":  "Klar",
			"F9":  "",
			"G9":  "Ej påbörjad",
			"A10": "3. Skapa ett närmare band mellan verksamhet och styrningen i Socialförvaltning.",
			"F10": "VT 2024: 2024-05-03; HT 2024: missad",
			"E13": "Juni 2024",
			"G13": "Försenad",
			"A14": "5. Utveckla struktur och arbetssättet där vi synliggör allt bra som verksamheterna gör.",
			"B14": "Detta syftar även till ett kunskap/inspirationsutbyte mellan verksamheterna. Samtidigt som vi kan marknadsföras som en socialförvaltning och inte flera olika instanser.\nIdag har några enheter egna plattformar medan andra har inget alls.",
		}
		for ref, w := range want {
			if got := cellValue(t, f, s, ref); got != w {
				t.Errorf("%s = %q, want %q", ref, got, w)
			}
		}
		// Area cells span their rows; a one-row area needs no merge.
		if got, want := merges(t, f, s), []string{"A10:A13", "A1:G1", "A2:G2", "A3:G3", "A4:G4", "A6:A9", "B10:B13", "B6:B9"}; !slices.Equal(got, want) {
			t.Errorf("merged ranges = %q, want %q", got, want)
		}
		panes, err := f.GetPanes(s)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != planHeaderRow || panes.TopLeftCell != "A6" {
			t.Errorf("panes = %+v, want frozen below row %d", panes, planHeaderRow)
		}
		if st := cellStyle(t, f, s, "C5"); st.Font == nil || !st.Font.Bold {
			t.Errorf("header C5 not bold: %+v", st.Font)
		}
		if st := cellStyle(t, f, s, "C6"); st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("C6 does not wrap: %+v", st.Alignment)
		}
		if st := cellStyle(t, f, s, "G13"); len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
			t.Errorf("overdue status fill = %+v, want red", st.Fill)
		}
		// Rows are sized for their wrapped text (C6 needs three lines at
		// width 60), and the one-row area 5 grows to show its long purpose.
		if h, _ := f.GetRowHeight(s, 6); h < 3*xlsxLineHeight {
			t.Errorf("row 6 height %.1f, want room for 3 lines", h)
		}
		if h, _ := f.GetRowHeight(s, 14); h < 5*xlsxLineHeight {
			t.Errorf("row 14 height %.1f, want room for the purpose and note", h)
		}
		for col, w := range planWidths {
			if got, _ := f.GetColWidth(s, colName(col)); got != w {
				t.Errorf("column %s width %.1f, want %.1f", colName(col), got, w)
			}
		}
	})

	t.Run("summary sheet", func(t *testing.T) {
		const s = "Sammanfattning"
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != tableHeaderRow+3+1 {
			t.Fatalf("%d rows, want header, 3 areas and the total", len(rows))
		}
		if got := rows[tableHeaderRow-1]; !slices.Equal(got, summaryHeader) {
			t.Errorf("header = %q", got)
		}
		if got := strings.Join(rows[tableHeaderRow], "|"); got != "1. Skapa ett närmare band mellan politik och verksamhet.|4|1|0|25.0%" {
			t.Errorf("first area = %q", got)
		}
		if got := strings.Join(rows[tableHeaderRow+3], "|"); got != "Totalt|9|2|2|22.2%" {
			t.Errorf("total = %q", got)
		}
		// The share is a number with a percent format, not text.
		raw, err := f.GetCellValue(s, "E4", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if v, err := strconv.ParseFloat(raw, 64); err != nil || v != 0.25 {
			t.Errorf("E4 raw = %q, want 0.25", raw)
		}
		raw, _ = f.GetCellValue(s, "E7", excelize.Options{RawCellValue: true})
		if v, err := strconv.ParseFloat(raw, 64); err != nil || math.Abs(v-2.0/9) > 1e-9 {
			t.Errorf("E7 raw = %q, want 2/9", raw)
		}
		for _, ref := range []string{"E4", "E7"} {
			st := cellStyle(t, f, s, ref)
			if st.CustomNumFmt == nil || *st.CustomNumFmt != percentFormat {
				t.Errorf("%s number format = %v, want %q", ref, st.CustomNumFmt, percentFormat)
			}
		}
		if st := cellStyle(t, f, s, "A7"); st.Font == nil || !st.Font.Bold {
			t.Error("total row not bold")
		}
	})

	t.Run("overdue sheet", func(t *testing.T) {
		const s = "Försenade"
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != tableHeaderRow+2 {
			t.Fatalf("%d rows, want header and 2 items", len(rows))
		}
		if got := rows[tableHeaderRow-1]; !slices.Equal(got, overdueHeader) {
			t.Errorf("header = %q", got)
		}
		want := []string{"3. Skapa ett närmare band mellan verksamhet och styrningen i Socialförvaltning.",
			"3. Verksamhetsområdena ska se om det går att genomföra liknande träffar så som när resultatet för tillit presenterade för medarbetarna eller liknande träffar som IFO har ett par gånger om året.",
			"Verksamhetschef", "Juni 2024", "Försenad"}
		if got := rows[tableHeaderRow+1]; !slices.Equal(got, want) {
			t.Errorf("second item = %q, want %q", got, want)
		}
	})
}

func TestWriteXLSXAwkward(t *testing.T) {
	r := awkward()
	f := openXLSX(t, r)
	const s = "Handlingsplan"

	if got := cellValue(t, f, s, "A1"); got != `Plan "Tillit"; prov` {
		t.Errorf("title = %q", got)
	}
	// The empty area keeps a row; the next area's four rows follow it.
	if got := cellValue(t, f, s, "C6"); got != noActions {
		t.Errorf("empty area C6 = %q", got)
	}
	if got, want := merges(t, f, s), []string{"A1:G1", "A2:G2", "A3:G3", "A4:G4", "A7:A10", "B7:B10"}; !slices.Equal(got, want) {
		t.Errorf("merged ranges = %q, want %q", got, want)
	}
	if got, want := cellValue(t, f, s, "C7"), actionText("1", false, r.Areas[1].Rows[0].Text); got != want {
		t.Errorf("long text changed: %d characters, want %d", len(got), len(want))
	}
	if h, _ := f.GetRowHeight(s, 7); h < 10*xlsxLineHeight {
		t.Errorf("long row height %.1f, want at least 10 lines", h)
	}
	if got := cellValue(t, f, s, "B7"); got != "Vi vill vara en organisation där vi tar fram det bästa hos varandra." {
		t.Errorf("note without purpose = %q", got)
	}
	if got := cellValue(t, f, s, "C8"); got != `– Genomföra dialoger på APT om "Hur bemöter vi varandra"; se protokoll` {
		t.Errorf("quotes and semicolons = %q", got)
	}
	if got := cellValue(t, f, s, "C9"); got != "2. Rad ett\nrad två\nrad tre" {
		t.Errorf("line breaks = %q", got)
	}
	// Text that looks like a formula stays text: a cell is never computed.
	if got := cellValue(t, f, s, "F9"); got != "=SUMMA(A1:A9)" {
		t.Errorf("F9 = %q", got)
	}
	if formula, _ := f.GetCellFormula(s, "F9"); formula != "" {
		t.Errorf("F9 became the formula %q", formula)
	}
	if got := cellValue(t, f, s, "C10"); !strings.HasSuffix(got, "är långt 🙂") {
		t.Errorf("emoji lost: %q", got)
	}

	// An area without rows has no share: the cell stays empty, not 0 %.
	if got := cellValue(t, f, "Sammanfattning", "E4"); got != "" {
		t.Errorf("share of an empty area = %q", got)
	}
	if got := cellValue(t, f, "Försenade", "A5"); got != "9" {
		t.Errorf("overdue item of an unknown area = %q", got)
	}
}

func TestWriteXLSXNoOverdue(t *testing.T) {
	r := bollebygd()
	r.Overdue = nil
	f := openXLSX(t, r)
	if got := cellValue(t, f, "Försenade", "B4"); got != noOverdue {
		t.Errorf("B4 = %q, want %q", got, noOverdue)
	}
}
