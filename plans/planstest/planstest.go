// Package planstest loads the shipped plans into test databases.
package planstest

import (
	"context"
	"testing"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

// BollebygdSlug is the department of the shipped Bollebygd plan.
const BollebygdSlug = "bollebygd-socialforvaltningen"

// Bollebygd parses the shipped Bollebygd plan file.
func Bollebygd(t testing.TB) *planfile.File {
	t.Helper()
	f, err := planfile.ParseYAML(plans.Bollebygd())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Import imports f as the system.
func Import(t testing.TB, client *ent.Client, f *planfile.File) planstore.Result {
	t.Helper()
	res, err := planstore.Import(rule.SystemContext(context.Background(), "test"), client, f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ImportBollebygd imports the Bollebygd plan into the department with the
// slug (BollebygdSlug for its own).
func ImportBollebygd(t testing.TB, client *ent.Client, slug string) planstore.Result {
	t.Helper()
	f := Bollebygd(t)
	f.Department.Slug = slug
	return Import(t, client, f)
}
