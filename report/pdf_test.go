package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
)

// pdfPages renders a report and extracts each page's text, with runs of
// white space made one space so that text wrapped over lines reads as one.
func pdfPages(t *testing.T, r *Report) ([]string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 16)])
	}
	rd, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	pages := make([]string, rd.NumPage())
	for i := range pages {
		text, err := rd.Page(i + 1).GetPlainText(nil)
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		pages[i] = strings.Join(strings.Fields(text), " ")
	}
	return pages, b
}

func TestWritePDF(t *testing.T) {
	pages, b := pdfPages(t, bollebygd())
	all := strings.Join(pages, " ")
	for _, want := range []string{
		"Handlingsplan tillitsfull dialog Socialförvaltning",
		"Dnr SN2024/10 · Socialförvaltningen · Bollebygds kommun",
		"Läge per 15 oktober 2024",
		"Utskriven 15 oktober 2024 kl. 07:30",
		"Fastställd: Socialnämnden 20 februari 2024 § xx · Fastställd av: Förvaltningschef · Dokumentansvarig: Förvaltningschef",
		"Åtgärd/aktivitet", "Ansvarig", "Klart när", "Kontroll utfört/datum",
		"1. Skapa ett närmare band mellan politik och verksamhet. Syftar till att öka kunskap",
		"Vid nästkommande nämndsmöte återrapporterar varje nämndsledamot vad de har sett och tagit till sig.",
		"Förvaltningschef", "December 2024", "2024-09-24 (Elin Enhetschef)", "Ej påbörjad",
		"VT 2024: 2024-05-03 HT 2024: missad", // one period a line
		"Idag har några enheter egna plattformar medan andra har inget alls.",
		"Sammanfattning per område", "Andel klara", "25,0 %", "22,2 %",
		"Försenade", "Missad period",
		"Sida 1 av",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for i, p := range pages {
		if want := fmt.Sprintf("Sida %d av %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	// The fonts are embedded, so åäö do not depend on the reader's fonts.
	if n := bytes.Count(b, []byte("/FontFile2")); n != 3 {
		t.Errorf("%d embedded TrueType fonts, want regular, bold and italic", n)
	}
	// A4 landscape in points.
	if !regexp.MustCompile(`/MediaBox \[0 0 841\.89 595\.28\]`).Match(b) {
		t.Error("page is not A4 landscape")
	}
}

func TestWritePDFDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WritePDF(&a, bollebygd()); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&b, bollebygd()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same report gave two different PDFs")
	}
}

func TestWritePDFManyRows(t *testing.T) {
	r := large(200)
	start := time.Now()
	pages, b := pdfPages(t, r)
	t.Logf("200 rows: %d pages, %d bytes, rendered and read back in %v", len(pages), len(b), time.Since(start))

	if len(pages) < 3 {
		t.Fatalf("%d pages, want the table to span several", len(pages))
	}
	for i, p := range pages {
		// Every page starts with a table's header (the last pages hold the
		// overdue list and the comments, whose headers start the same way).
		if !strings.Contains(p, "Område Åtgärd/aktivitet") {
			t.Errorf("page %d has no table header: %.120q", i+1, p)
		}
		if want := fmt.Sprintf("Sida %d av %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	all := strings.Join(pages, " ")
	last := 0
	for _, n := range []int{1, 100, 199, 200} {
		if n%3 == 2 && n != 200 {
			continue
		}
		want := fmt.Sprintf("Åtgärd %d: genomföra", n)
		at := strings.Index(all, want)
		if at < 0 {
			t.Errorf("row %q missing", want)
			continue
		}
		if at < last {
			t.Errorf("row %q out of order", want)
		}
		last = at
	}
	if strings.Count(all, "(forts.)") == 0 {
		t.Error("an area that goes over a page does not repeat its goal")
	}
}

func TestWritePDFAwkward(t *testing.T) {
	pages, _ := pdfPages(t, awkward())
	all := strings.Join(pages, " ")
	for _, want := range []string{
		`Plan "Tillit"; prov`,
		"1. Område utan åtgärder", noActions,
		`Genomföra dialoger på APT om "Hur bemöter vi varandra"; se protokoll`,
		"Rad ett rad två rad tre",
		"=SUMMA(A1:A9)",
		"är långt ?", // no glyph for the emoji: a visible stand-in
		"Inga", "Sida 1 av",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// The long word is broken to fit its column, and nothing of it is lost.
	if n := strings.Count(strings.ReplaceAll(all, " ", ""), "Socialförvaltningsövergripande"); n < 6 {
		t.Errorf("long word: %d of 6 repetitions found whole", n)
	}
}

func TestWritePDFRowTallerThanPage(t *testing.T) {
	const sentences = 250
	r := tallRow(sentences)
	pages, _ := pdfPages(t, r)
	if len(pages) < 3 {
		t.Fatalf("%d pages, want the row to run over several", len(pages))
	}
	// Read the row's text across the pages: drop what each page has around
	// it (title block, header, the area cell drawn after the rows, the other
	// cells of the row, the footer) and join the rest.
	header := "Område Åtgärd/aktivitet Ansvarig Klart när Kontroll utfört/datum Status"
	footer := regexp.MustCompile(`Handlingsplan tillitsfull dialog Socialförvaltning · Dnr SN2024/10 · läge per 15 oktober 2024 Sida \d+ av \d+`)
	goal := areaLabel(&r.Areas[0])
	var body strings.Builder
	for i, p := range pages {
		at := strings.Index(p, header)
		if at < 0 {
			if strings.Contains(p, "Mening") {
				t.Fatalf("page %d lacks the header", i+1)
			}
			continue // the summary after the table
		}
		p = footer.ReplaceAllString(p[at+len(header):], "")
		for _, s := range []string{goal + " (forts.)", goal, "Förvaltningschef December 2024 Försenad"} {
			p = strings.ReplaceAll(p, s, "")
		}
		body.WriteString(" " + p)
	}
	text := strings.Join(strings.Fields(body.String()), " ")
	last := -1
	for i := 1; i <= sentences; i++ {
		at := strings.Index(text, fmt.Sprintf("Mening %d om förvaltningens", i))
		if at < 0 || at < last {
			t.Fatalf("sentence %d missing or out of order in %q", i, text[max(0, last-100):min(len(text), last+300)])
		}
		last = at
	}
}

func TestWritePDFEmptyReport(t *testing.T) {
	pages, _ := pdfPages(t, &Report{})
	if len(pages) != 1 || !strings.Contains(pages[0], "Handlingsplan") || !strings.Contains(pages[0], noOverdue) {
		t.Errorf("empty report: %d pages, %q", len(pages), pages)
	}
}

func BenchmarkWritePDF200Rows(b *testing.B) {
	r := large(200)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WritePDF(&buf, r); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes")
}
