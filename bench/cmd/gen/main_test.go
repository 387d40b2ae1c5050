package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/rule"
)

func TestGen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gen.db")
	args := []string{"--db", db, "--plans", "2", "--areas", "2", "--actions", "3"}
	var out bytes.Buffer
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "plans 2 (2 created, 0 updated), areas 4, actions 12") {
		t.Errorf("first run printed:\n%s", out.String())
	}
	sdb, err := database.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if !dbtest.Analysed(t, sdb, "actions") {
		t.Error("no planner statistics on actions after gen")
	}
	// The Bollebygd plan is imported into the synthetic department too.
	bollebygd, err := sdb.Client.Plan.Query().Where(plan.RegistryNumber("SN2024/10"),
		plan.HasDepartmentWith(department.Slug(synth.Slug))).Count(rule.SystemContext(context.Background(), "test"))
	if err != nil || bollebygd != 1 {
		t.Errorf("Bollebygd plans in %s: %d, %v; want 1", synth.Slug, bollebygd, err)
	}
	// A second run updates the same plans in place.
	out.Reset()
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(0 created, 2 updated)") {
		t.Errorf("second run printed:\n%s", out.String())
	}
}

func TestGenNeedsDB(t *testing.T) {
	if err := run(context.Background(), []string{"--plans", "1"}, &bytes.Buffer{}); err == nil {
		t.Error("ran without --db")
	}
}

func TestGenStaff(t *testing.T) {
	dir := t.TempDir()
	sessions := filepath.Join(dir, "sessions")
	args := []string{"--db", filepath.Join(dir, "gen.db"), "--plans", "1", "--units", "2", "--employees", "4", "--sessions", sessions}
	var out bytes.Buffer
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "units 2 with a manager each, employees 4") || !strings.Contains(out.String(), "100 actions by unit") {
		t.Errorf("printed:\n%s", out.String())
	}
	raw, err := os.ReadFile(sessions)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Fields(string(raw)); len(lines) != 4 || lines[0] != "employee" || lines[2] != "manager" {
		t.Errorf("sessions file: %q", raw)
	}
}
