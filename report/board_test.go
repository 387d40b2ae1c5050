package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

// The head, the comments and evidence, the visits and workshops, and the
// time the report was printed: what a board reads besides the plan's table.

func TestEveryFormatSaysWhenItWasPrintedInStockholmTime(t *testing.T) {
	for _, c := range []struct {
		at              time.Time
		prose, cellText string
	}{
		{time.Date(2026, 12, 7, 13, 5, 0, 0, time.UTC), "Utskriven 7 december 2026 kl. 14:05", "2026-12-07 14:05"}, // winter: UTC+1
		{time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "Utskriven 1 juli 2026 kl. 00:30", "2026-07-01 00:30"},    // summer: already the next day
	} {
		r := bollebygd()
		r.GeneratedAt = c.at // as the server's clock gives it: UTC

		pages, _ := pdfPages(t, r)
		if !strings.Contains(pages[0], c.prose) {
			t.Errorf("PDF page 1 lacks %q: %.400q", c.prose, pages[0])
		}
		f := openXLSX(t, r)
		if got := cellValue(t, f, sheetPlan, "A4"); !strings.HasSuffix(got, c.prose) {
			t.Errorf("XLSX A4 = %q, want it to end %q", got, c.prose)
		}
		if got := csvValue(t, r, "Utskriven"); got != c.cellText {
			t.Errorf("CSV Utskriven = %q, want %q", got, c.cellText)
		}
	}
}

func TestEveryFormatCarriesThePlansHead(t *testing.T) {
	r := bollebygd()
	r.Head.Revisions = []Revision{{Date: "2025-03-03", Note: "nytt område 6"}}
	head := "Fastställd: Socialnämnden 20 februari 2024 § xx · Fastställd av: Förvaltningschef · Dokumentansvarig: Förvaltningschef · Reviderad: 3 mars 2025 (nytt område 6) · Planens datum: 24 januari 2024"

	pages, _ := pdfPages(t, r)
	if !strings.Contains(pages[0], head) {
		t.Errorf("PDF page 1 lacks the head %q: %.600q", head, pages[0])
	}
	if got := cellValue(t, openXLSX(t, r), sheetPlan, "A3"); got != head {
		t.Errorf("XLSX A3 = %q, want %q", got, head)
	}
	for key, want := range map[string]string{
		"Dnr": "SN2024/10", "Planens datum": "2024-01-24", "Fastställd": "Socialnämnden 2024-02-20 § xx",
		"Fastställd av": "Förvaltningschef", "Dokumentansvarig": "Förvaltningschef", "Reviderad": "2025-03-03 (nytt område 6)",
	} {
		if got := csvValue(t, r, key); got != want {
			t.Errorf("CSV %s = %q, want %q", key, got, want)
		}
	}

	// A plan without a head keeps the table where it always starts.
	r.Head = Head{}
	f := openXLSX(t, r)
	if got := cellValue(t, f, sheetPlan, "A3"); got != "" {
		t.Errorf("XLSX A3 without a head = %q", got)
	}
	if got := cellValue(t, f, sheetPlan, "C5"); got != planHeader[2] {
		t.Errorf("XLSX C5 without a head = %q, want the table's header", got)
	}
}

func TestEveryFormatCarriesCommentsAndEvidenceAsAbsoluteLinks(t *testing.T) {
	r := bollebygd()
	r.ResolveLinks("https://handlingsplan.bollebygd.se/")
	file := "https://handlingsplan.bollebygd.se/evidence/12"
	if got := r.Notes[0].Evidence[0].URL; got != file {
		t.Fatalf("resolved evidence = %q, want %q", got, file)
	}
	if got := r.Notes[1].Evidence[0].URL; got != "https://intranat.bollebygd.se/workshops-vt-2024" {
		t.Errorf("a link given with the sign-off changed to %q", got)
	}

	// PDF: the comment, who and for which unit, and the address in print.
	pages, b := pdfPages(t, r)
	all := strings.Join(pages, " ")
	for _, want := range []string{
		notesTitle, "Återrapporterat på APT, se protokollet.", "Elin Enhetschef för Hemsjukvården", "protokoll-apt.pdf",
		"2024-05-03 (VT 2024)", "Två workshops, i mars och i maj.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if !strings.Contains(strings.ReplaceAll(all, " ", ""), file) {
		t.Errorf("PDF does not print the address %s", file)
	}
	// And a click opens it.
	if !bytes.Contains(b, []byte("("+file+")")) {
		t.Errorf("PDF has no link annotation to %s", file)
	}

	// XLSX: a sheet of its own, the evidence a link to follow.
	f := openXLSX(t, r)
	rows, err := f.GetRows(sheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[tableHeaderRow-1]; !slices.Equal(got, notesHeader) {
		t.Errorf("notes header = %q", got)
	}
	want := []string{"1. Skapa ett närmare band mellan politik och verksamhet.",
		"– Verksamheterna återrapporterar på nästkommande APT om deras besök hos nämnden.",
		"2024-09-24", "Elin Enhetschef för Hemsjukvården", "Återrapporterat på APT, se protokollet.", "protokoll-apt.pdf (" + file + ")"}
	if got := rows[tableHeaderRow]; !slices.Equal(got, want) {
		t.Errorf("first note = %q, want %q", got, want)
	}
	if ok, target, err := f.GetCellHyperLink(sheetNotes, "F4"); err != nil || !ok || target != file {
		t.Errorf("F4 links to %q (%v, %v), want %s", target, ok, err, file)
	}

	// CSV: the same row.
	if !slices.ContainsFunc(readCSV(t, r), func(rec []string) bool { return slices.Equal(rec, want) }) {
		t.Errorf("CSV lacks the note %q", want)
	}
}

func TestANoteNeitherRunsNorOpensWhatItShouldNot(t *testing.T) {
	r := awkward()
	r.ResolveLinks("https://handlingsplan.example")
	if got := r.Notes[0].Evidence[1].URL; got != "https://handlingsplan.example/evidence/7" {
		t.Errorf("file link = %q", got)
	}
	if got := r.Notes[0].Evidence[0].URL; got != "javascript:alert(1)" {
		t.Errorf("another link was rewritten to %q", got)
	}
	f := openXLSX(t, r)
	if ok, target, _ := f.GetCellHyperLink(sheetNotes, "F4"); ok {
		t.Errorf("a javascript: address became a link to %q", target)
	}
	if formula, _ := f.GetCellFormula(sheetNotes, "E4"); formula != "" {
		t.Errorf("a comment became the formula %q", formula)
	}
	_, b := pdfPages(t, r)
	if bytes.Contains(b, []byte("javascript:")) && bytes.Contains(b, []byte("/URI (javascript:")) {
		t.Error("the PDF links to a javascript: address")
	}
	for _, rec := range readCSV(t, r) {
		if len(rec) == len(notesHeader) && strings.Contains(rec[4], "HYPERLÄNK") && !strings.HasPrefix(rec[4], "'=") {
			t.Errorf("CSV comment %q is not defused", rec[4])
		}
	}
}

func TestEveryFormatSummarisesThePeriodsVisitsAndWorkshops(t *testing.T) {
	r := bollebygd()
	title := "Besök och workshops, HT 2024 (1 juli–31 december 2024)"

	pages, _ := pdfPages(t, r)
	all := strings.Join(pages, " ")
	for _, want := range []string{
		"Besök och workshops, HT 2024 (1 juli", // the PDF reader drops the dash
		"Nämndbesök", "Sammanträden: 4 · Med besök: 3 · Genomförda: 2 · Återrapporterade: 1",
		"2024-08-20 Hemtjänsten (Hemsjukvården) Genomfört, återrapporterat",
		"Studiebesök", "Tider: 2 · Platser: 6 · Bokade: 4 · Genomförda: 1 · Återrapporterade: 0",
		"Workshops: 0", "Inga workshops under perioden.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}

	f := openXLSX(t, r)
	rows, err := f.GetRows(sheetActs)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, row := range rows {
		lines = append(lines, strings.Join(row, "|"))
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		title, "Nämndbesök\nSammanträden: 4 · Med besök: 3 · Genomförda: 2 · Återrapporterade: 1\nDatum|Vad|Läge\n2024-08-20|Hemtjänsten (Hemsjukvården)|Genomfört, återrapporterat",
		"2024-11-07 09:30|Öppenvården IFO|1 av 3 platser bokade", "Workshops\nWorkshops: 0\nInga workshops under perioden.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("XLSX sheet %q lacks %q:\n%s", sheetActs, want, text)
		}
	}
	if got := csvValue(t, r, "Återrapporterade"); got != "1" {
		t.Errorf("CSV Återrapporterade = %q, want the board visits' 1", got)
	}

	// No activities: the section is left out, not shown empty.
	r.Activities = nil
	if slices.Contains(openXLSX(t, r).GetSheetList(), sheetActs) {
		t.Error("a report without activities has their sheet")
	}
	pages, _ = pdfPages(t, r)
	if strings.Contains(strings.Join(pages, " "), activityWord) {
		t.Error("a report without activities has their heading")
	}
}

// csvValue is the second field of the first CSV record whose first is key.
func csvValue(t *testing.T, r *Report, key string) string {
	t.Helper()
	for _, rec := range readCSV(t, r) {
		if len(rec) >= 2 && rec[0] == key {
			return rec[1]
		}
	}
	t.Errorf("CSV has no record %q", key)
	return ""
}
