package plans_test

import (
	"io/fs"
	"testing"

	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans"
)

func TestEmbeddedPlans(t *testing.T) {
	names, err := fs.Glob(plans.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no plan files embedded")
	}
	for _, name := range names {
		t.Run(name+" is a valid plan file", func(t *testing.T) {
			data, err := plans.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := planfile.ParseYAML(data); err != nil {
				t.Errorf("%s:\n%v", name, err)
			}
		})
	}

	t.Run("Bollebygd returns the Bollebygd plan", func(t *testing.T) {
		f, err := planfile.ParseYAML(plans.Bollebygd())
		if err != nil {
			t.Fatal(err)
		}
		if f.Department.Slug != "bollebygd-socialforvaltningen" || f.Plan.RegistryNumber != "SN2024/10" {
			t.Errorf("got department %q, plan %q; want bollebygd-socialforvaltningen, SN2024/10",
				f.Department.Slug, f.Plan.RegistryNumber)
		}
	})
}
