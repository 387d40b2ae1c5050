package planfile

import (
	"path/filepath"
	"reflect"
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
