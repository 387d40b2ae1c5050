package planfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The Word files of testdata are written by make-docx.py from the shipped
// plan: by python-docx, and by LibreOffice from HTML.
var docxFiles = []string{"bollebygd-python-docx.docx", "bollebygd-libreoffice.docx"}

func parseDocxFile(t *testing.T, name string, dept Department) *File {
	t.Helper()
	f, err := ParseDocx(readFile(t, filepath.Join("testdata", name)), dept, MarkdownOptions{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func TestParseDocxBollebygd(t *testing.T) {
	planFile := parseFile(t, bollebygdYAML)
	want := withoutRules(withoutLines(planFile.Plan))
	for _, name := range docxFiles {
		t.Run(name+" reads as the plan of the Bollebygd plan file", func(t *testing.T) {
			got := parseDocxFile(t, name, planFile.Department).Plan
			if !reflect.DeepEqual(got, want) {
				t.Errorf("plans differ (- plan file, + Word):\n%s",
					lineDiff(yamlText(t, &File{Plan: want}), yamlText(t, &File{Plan: got})))
			}
		})
		t.Run(name+" reads as the same plan into a department without roles", func(t *testing.T) {
			got := parseDocxFile(t, name, bareDepartment()).Plan
			if !reflect.DeepEqual(got, want) {
				t.Errorf("plans differ (- plan file, + Word):\n%s",
					lineDiff(yamlText(t, &File{Plan: want}), yamlText(t, &File{Plan: got})))
			}
		})
	}
}

// ---- small documents written by the tests ----

// docxZip packs parts (name → content) into a .docx.
func docxZip(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// testDocx is a document with body, and a numbering where list 1 numbers
// its first level and bullets its second, and list 2 bullets.
func testDocx(t testing.TB, body ...string) []byte {
	t.Helper()
	return docxZip(t, map[string]string{
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wordNS + `><w:body>` +
			strings.Join(body, "") + `</w:body></w:document>`,
		"word/numbering.xml": `<w:numbering ` + wordNS + `>` +
			`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`,
	})
}

func para(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + html.EscapeString(text) + `</w:t></w:r></w:p>`
}

// item is a list paragraph of list numID at level.
func item(numID, level int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`,
		level, numID, html.EscapeString(text))
}

// cell is a table cell; props go into its tcPr (gridSpan, vMerge), and a
// string without "<" is one paragraph of text.
func cell(props string, content ...string) string {
	for i, c := range content {
		if !strings.HasPrefix(c, "<") {
			content[i] = para(c)
		}
	}
	if len(content) == 0 {
		content = []string{`<w:p/>`}
	}
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + strings.Join(content, "") + `</w:tc>`
}

func row(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }

func table(rows ...string) string { return `<w:tbl>` + strings.Join(rows, "") + `</w:tbl>` }

const (
	span2  = `<w:gridSpan w:val="2"/>`
	merge  = `<w:vMerge w:val="restart"/>`
	merged = `<w:vMerge/>`
)

// headed is a small plan's head and the plan table's heading row.
func headed(rows ...string) []string {
	return []string{
		table(row(cell("", "Dnr: P2025/1"), cell("", "Dokumentansvarig: Förvaltningschef"))),
		para("Handlingsplan prov"),
		table(append([]string{row(cell("", "Område"), cell("", "Åtgärd/aktivitet"), cell("", "Ansvarig"), cell("", "Klart när?"), cell("", "Kontroll utfört"))}, rows...)...),
	}
}

func TestParseDocxLayouts(t *testing.T) {
	tests := []struct {
		name string
		body []string
		want []string
	}{{
		name: "an area merged over the rows of its actions, with a role merged over two of them",
		body: headed(
			row(cell(merge, "Mål ett. Syftar till något."), cell("", item(1, 0, "Första.")), cell(merge, "Chef"), cell("", "Juni 2024"), cell("")),
			row(cell(merged), cell("", item(1, 1, "Under första.")), cell(merged), cell("", "Fortlöpande"), cell("")),
			row(cell(merged), cell("", item(1, 0, "Andra.")), cell("", "Medarbetare"), cell("", "Vid behov"), cell("")),
			row(cell("", "Mål två."), cell("", "Tredje, utan lista."), cell("", "Chef"), cell("", "December 2024"), cell(""))),
		want: []string{
			"area: Mål ett. | Syftar till något. | ",
			"1. Första. [Chef, 2024-06]", "  - Under första. [Chef, continuous]", "2. Andra. [Medarbetare, when-needed]",
			"area: Mål två. |  | ", "1. Tredje, utan lista. [Chef, 2024-12]",
		},
	}, {
		name: "one row per area, lists and typed markers in its cells, the note in italics",
		body: headed(row(
			cell("", "Mål ett.", `<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>En anteckning.</w:t></w:r></w:p>`),
			cell("", item(1, 0, "Första."), item(2, 0, "Under första."), "2. Andra.", "- Under andra."),
			cell("", "Chef", "Medarbetare", "Chef", `<w:p><w:r><w:t>Medarbetare</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>dold</w:t></w:r></w:p>`),
			cell("", "Juni 2024", "Fortlöpande", "Vid behov", `<w:p><w:del><w:r><w:delText>Juni 2023</w:delText></w:r></w:del><w:r><w:t>Maj 2025</w:t></w:r></w:p>`),
			cell(""))),
		want: []string{
			"area: Mål ett. |  | En anteckning.",
			"1. Första. [Chef, 2024-06]", "  - Under första. [Medarbetare, continuous]",
			"2. Andra. [Chef, when-needed]", "  - Under andra. [Medarbetare, 2025-05]",
		},
	}, {
		name: "cells are found by their grid column, whatever spans the row before them",
		body: []string{
			para("Dnr: P2025/1"), para("Dokumentansvarig: Förvaltningschef"), para("Handlingsplan prov"),
			table(
				row(cell("", "Område"), cell(span2, "Åtgärd/aktivitet"), cell("", "Ansvarig"), cell("", "Klart när")),
				row(cell("", "Mål ett."), cell("", "Första."), cell("", "(se bilaga)"), cell("", "Chef"), cell("", "Juni 2024")),
				row(cell(merged), cell(span2, "Andra."), cell("", "Chef"), cell("", "Maj 2025"))),
		},
		want: []string{"area: Mål ett. |  | ", "1. Första. (se bilaga) [Chef, 2024-06]", "2. Andra. [Chef, 2025-05]"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseDocx(testDocx(t, tt.body...), bareDepartment(), MarkdownOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := outline(f.Plan); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseDocxRefusals(t *testing.T) {
	refused := func(t *testing.T, data []byte, dept Department) error {
		t.Helper()
		f, err := ParseDocx(data, dept, MarkdownOptions{})
		if err == nil {
			t.Fatalf("accepted: %+v", f.Plan)
		}
		return err
	}
	t.Run("a file that is not a zip is not a Word document", func(t *testing.T) {
		err := refused(t, []byte("Område\tÅtgärd\n"), bareDepartment())
		if !errors.Is(err, ErrNotDocx) || !strings.Contains(Swedish(err), "Word-dokument (.docx)") {
			t.Errorf("got %v\n%s", err, Swedish(err))
		}
	})
	t.Run("a zip without word/document.xml is not a Word document", func(t *testing.T) {
		if err := refused(t, docxZip(t, map[string]string{"content.xml": "<office/>"}), bareDepartment()); !errors.Is(err, ErrNotDocx) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a document whose XML is cut off is not a Word document", func(t *testing.T) {
		data := docxZip(t, map[string]string{"word/document.xml": `<w:document ` + wordNS + `><w:body><w:p>`})
		if err := refused(t, data, bareDepartment()); !errors.Is(err, ErrNotDocx) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a document without the plan table is refused as such", func(t *testing.T) {
		data := testDocx(t, para("Handlingsplan"), table(row(cell("", "Område"), cell("", "Ansvarig"))))
		err := refused(t, data, bareDepartment())
		if !errors.Is(err, ErrNoPlanTable) || !strings.Contains(Swedish(err), "ingen plantabell") {
			t.Errorf("got %v\n%s", err, Swedish(err))
		}
	})
	t.Run("a row with an unknown deadline is refused with its table, row and column", func(t *testing.T) {
		err := refused(t, readFile(t, filepath.Join("testdata", "broken-deadline.docx")), bareDepartment())
		problems := flatten(err)
		want := Place{Table: 2, Row: 4, Col: "Klart när"}
		if len(problems) != 1 || problems[0].Place == nil || *problems[0].Place != want {
			t.Fatalf("got %v, want one problem at %v", err, want)
		}
		if !strings.HasPrefix(err.Error(), "table 2, row 4, column Klart när: plan.areas[2].actions[2].deadline: unknown deadline \"Snart\"") {
			t.Errorf("error = %v", err)
		}
		if got, want := Swedish(err), `Dokumentet har ett fel (tabell 2, rad 4, kolumn Klart när): ”Snart” är inget Klart när; `+
			`skriv en månad och ett år (December 2024), Fortlöpande eller Vid behov. Inget lästes in: rätta dokumentet och försök igen.`; got != want {
			t.Errorf("Swedish = %s\nwant      %s", got, want)
		}
	})
	t.Run("a role the department lacks is refused at its cell", func(t *testing.T) {
		data := testDocx(t, headed(
			row(cell("", "Mål ett."), cell("", item(1, 0, "Första.")), cell("", "Förvaltningschef"), cell("", "Juni 2024"), cell("")),
			row(cell("", "Mål två."), cell("", item(1, 0, "Andra.")), cell("", "Enhetchef"), cell("", "Juni 2024"), cell("")))...)
		err := refused(t, data, bollebygdDepartment)
		problems := flatten(err)
		if !errors.Is(err, ErrUnknownRole) || len(problems) != 1 || *problems[0].Place != (Place{Table: 2, Row: 3, Col: "Ansvarig"}) {
			t.Fatalf("got %v", err)
		}
		if got := Swedish(err); !strings.Contains(got, "(tabell 2, rad 3, kolumn Ansvarig): förvaltningen har ingen roll ”Enhetchef”; menade du ”Enhetschef”?") {
			t.Errorf("Swedish = %s", got)
		}
	})
	t.Run("an area with more actions than roles is refused at its Område cell", func(t *testing.T) {
		data := testDocx(t, headed(
			row(cell("", "Mål ett."), cell("", item(1, 0, "Första."), item(1, 0, "Andra.")), cell("", "Chef"), cell("", "Juni 2024"), cell("")))...)
		err := refused(t, data, bareDepartment())
		problems := flatten(err)
		if len(problems) != 1 || *problems[0].Place != (Place{Table: 2, Row: 2, Col: "Område"}) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a head without a Dnr is refused at the head's first text", func(t *testing.T) {
		data := testDocx(t, para("Handlingsplan prov"), para("Dokumentansvarig: Chef"),
			table(row(cell("", "Område"), cell("", "Åtgärd"), cell("", "Ansvarig"), cell("", "Klart när")),
				row(cell("", "Mål."), cell("", "Första."), cell("", "Chef"), cell("", "Juni 2024"))))
		err := refused(t, data, bareDepartment())
		problems := flatten(err)
		if len(problems) != 1 || *problems[0].Place != (Place{Paragraph: 1}) || !strings.Contains(err.Error(), `head, before the plan table, has no "Dnr:"`) {
			t.Fatalf("got %v", err)
		}
	})
}

// BenchmarkParseDocx reads the Bollebygd plan from Word, as the web app's
// import does before it writes anything.
func BenchmarkParseDocx(b *testing.B) {
	for _, name := range docxFiles {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseDocx(data, bollebygdDepartment, MarkdownOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
