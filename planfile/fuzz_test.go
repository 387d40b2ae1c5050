package planfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/plans/source"
)

// The fuzz targets feed the readers arbitrary files (for Word, arbitrary
// parts of a zip; the seeds are real documents). Whatever comes in,
// a reader must not panic, must refuse with the line of every problem (a
// file without any plan aside), and what it accepts must be a plan file
// that Write writes and ParseYAML reads back unchanged. `make test` runs
// each for a few seconds; testdata/fuzz holds the seeds and every input
// that once failed.

// yamlSeeds are the real plan files and the test files, valid and broken.
func yamlSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, glob := range []string{filepath.Join("..", "plans", "*.yaml"), filepath.Join("testdata", "*.yaml")} {
		paths, err := filepath.Glob(glob)
		if err != nil || len(paths) == 0 {
			f.Fatalf("no seeds at %s", glob)
		}
		for _, p := range paths {
			seeds = append(seeds, seedFile(f, p))
		}
	}
	return seeds
}

func FuzzParseYAML(f *testing.F) {
	for _, seed := range yamlSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseYAML(data)
		if err != nil {
			checkRefusal(t, err, ErrEmpty)
			return
		}
		checkRoundTrip(t, file)
	})
}

func FuzzParseMarkdown(f *testing.F) {
	corrected, err := source.CorrectedBollebygdMarkdown()
	if err != nil {
		f.Fatal(err)
	}
	for _, md := range [][]byte{source.BollebygdMarkdown, corrected, seedFile(f, filepath.Join("testdata", "kultur-och-fritid.md"))} {
		f.Add(md, false)
		f.Add(md, true)
	}
	f.Add([]byte(mdPlan("<p>Mål ett. Syftar till något.</p>\t<ol> 1. Första. <ul> - Under första. 2. Andra.\t"+
		"<p>Chef</p> <p>Medarbetare</p> <p>Chefer</p>\t<p>Juni 2024</p> <p>Fortlöpande</p> <p>Vid behov</p>\t")), false)
	f.Fuzz(func(t *testing.T, data []byte, existing bool) {
		dept := bareDepartment()
		if existing {
			dept = bollebygdDepartment
		}
		file, err := ParseMarkdown(bytes.NewReader(data), dept, MarkdownOptions{})
		if err != nil {
			checkRefusal(t, err, ErrNoTable)
			return
		}
		checkRoundTrip(t, file)
	})
}

// bollebygdDepartment is the department of the shipped plan, with its
// roles: markdown read against it is read as into an existing department.
var bollebygdDepartment = func() Department {
	data, err := os.ReadFile(bollebygdYAML)
	if err != nil {
		panic(err)
	}
	f, err := ParseYAML(data)
	if err != nil {
		panic(err)
	}
	return f.Department
}()

func seedFile(f *testing.F, path string) []byte {
	f.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// checkRefusal fails unless every problem of err names its line; whole is
// the one refusal of a file as a whole.
func checkRefusal(t *testing.T, err, whole error) {
	t.Helper()
	if errors.Is(err, whole) {
		return
	}
	if bad := unlined(err); len(bad) > 0 {
		t.Errorf("problems without a line: %q\nin %v", bad, err)
	}
}

// checkRoundTrip fails unless f is a valid plan file that ParseYAML reads
// back from Write unchanged.
func checkRoundTrip(t *testing.T, f *File) {
	t.Helper()
	if err := f.Validate(); err != nil {
		t.Fatalf("an accepted file does not validate: %v", err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatalf("Write: %v", err)
	}
	back, err := ParseYAML(buf.Bytes())
	if err != nil {
		t.Fatalf("the written file does not read back: %v\n%s", err, buf.String())
	}
	if want, got := withoutFileLines(f), withoutFileLines(back); !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(Write(f)) differs from f (- f, + read back):\n%s", lineDiff(yamlText(t, want), yamlText(t, got)))
	}
}

// FuzzParseDocx fuzzes the parts of a .docx rather than the zip, whose
// checksums would refuse nearly every mutation before the XML is read: the
// body, the numbering and the styles. The seeds are small documents of the
// layouts the tests read; a whole plan makes each run slow, so the real
// documents are left to the tests.
func FuzzParseDocx(f *testing.F) {
	for i, body := range [][]string{
		headed(
			row(cell(merge, "Mål ett. Syftar till något."), cell("", item(1, 0, "Första.")), cell(merge, "Chef"), cell("", "Juni 2024"), cell("")),
			row(cell(merged), cell("", item(1, 1, "Under första.")), cell(merged), cell("", "Fortlöpande"), cell(""))),
		headed(row(cell("", "Mål ett.", `<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>En anteckning.</w:t></w:r></w:p>`),
			cell("", item(1, 0, "Första."), item(2, 0, "Under första."), "2. Andra."),
			cell("", "Chef", "Medarbetare", "Chef"), cell("", "Juni 2024", "Fortlöpande", "Snart"), cell(""))),
		{para("Bakgrund"), table(row(cell("", "Dnr"), cell("", "Fastställd")), row(cell("", "P1"), cell("", "Nämnden 2025-01-02 § 3"))),
			table(row(cell("", "Område"), cell(span2, "Åtgärd/aktivitet"), cell("", "Ansvarig"), cell("", "Klart när")),
				row(cell("", "Mål."), cell("", "Första."), cell("", "x"), cell("", "Chef"), cell("", "Juni 2024")))},
	} {
		parts := docxParts(f, testDocx(f, body...))
		f.Add(parts["word/document.xml"], parts["word/numbering.xml"], []byte(`<w:styles `+wordNS+`><w:style w:styleId="Lista"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style></w:styles>`), i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, document, numbering, styles []byte, existing bool) {
		dept := bareDepartment()
		if existing {
			dept = bollebygdDepartment
		}
		data := docxZip(t, map[string]string{"word/document.xml": string(document),
			"word/numbering.xml": string(numbering), "word/styles.xml": string(styles)})
		file, err := ParseDocx(data, dept, MarkdownOptions{})
		if err != nil {
			if errors.Is(err, ErrNotDocx) || errors.Is(err, ErrNoPlanTable) {
				return
			}
			for _, p := range flatten(err) {
				if p.Place == nil && p.Path != "" && !strings.HasPrefix(p.Path, "department.") {
					t.Errorf("a problem without its place: %v\nin %v", p, err)
				}
			}
			return
		}
		checkRoundTrip(t, file)
	})
}

// docxParts unpacks a .docx into its parts.
func docxParts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return parts
}
