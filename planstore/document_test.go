package planstore_test

import (
	"testing"

	"github.com/handlingsplan/handlingsplan/planstore"
)

func TestFormOfTellsTheFormByNameThenByContent(t *testing.T) {
	tests := []struct {
		name, data string
		want       planstore.Form
	}{
		{"Handlingsplan.DOCX", "", planstore.FormDocx},
		{"plan.yml", "", planstore.FormYAML},
		{"plan.md", "plan:\n", planstore.FormMarkdown},
		{"plan", "PK\x03\x04rest of a zip", planstore.FormDocx},
		{"plan.txt", "version: 1\nplan:\n  title: x\n", planstore.FormYAML},
		{"", "Område\tÅtgärd/aktivitet\tAnsvarig\tKlart när?\n", planstore.FormMarkdown},
	}
	for _, tt := range tests {
		if got := planstore.FormOf(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("FormOf(%q, %.12q) = %s, want %s", tt.name, tt.data, got, tt.want)
		}
	}
}
