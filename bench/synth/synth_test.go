package synth_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/planfile"
)

func TestDepartmentSizesAndValidity(t *testing.T) {
	files := synth.Department(synth.DefaultPlans, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed)
	c := synth.Count(files)
	if c.Plans != 100 || c.Areas != 100*10 || c.Actions != 100*10*20 {
		t.Fatalf("counts = %+v, want 100 plans, 1000 areas, 20000 actions", c)
	}
	// Every other action has 1–3 sub-actions: 10 per area at least, 30 at most.
	if lo, hi := 100*10*10, 100*10*30; c.SubActions < lo || c.SubActions > hi {
		t.Errorf("sub-actions = %d, want %d..%d", c.SubActions, lo, hi)
	}

	registry := map[string]int{}
	kinds := map[planfile.DeadlineKind]int{}
	for i, f := range files {
		if err := f.Validate(); err != nil {
			t.Fatalf("plan %d is invalid:\n%v", i, err)
		}
		if f.Department.Slug != synth.Slug {
			t.Errorf("plan %d is in department %q, want %q", i, f.Department.Slug, synth.Slug)
		}
		if prev, dup := registry[f.Plan.RegistryNumber]; dup {
			t.Errorf("plans %d and %d share registry number %s", prev, i, f.Plan.RegistryNumber)
		}
		registry[f.Plan.RegistryNumber] = i
		for j, a := range f.Plan.Areas {
			for k, act := range a.Actions {
				kinds[act.Deadline.Kind]++
				if got, want := len(act.SubActions) > 0, k%2 == 0; got != want {
					t.Fatalf("plan %d area %d action %d: has sub-actions %v, want %v", i, j, k, got, want)
				}
			}
		}
	}
	for _, k := range []planfile.DeadlineKind{planfile.DeadlineMonth, planfile.DeadlineContinuous, planfile.DeadlineWhenNeeded} {
		if kinds[k] == 0 {
			t.Errorf("no action has a %s deadline", k)
		}
	}
}

func TestDepartmentIsDeterministic(t *testing.T) {
	a := synth.Department(5, 3, 4, 42)
	b := synth.Department(5, 3, 4, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different files")
	}
	// Plan i does not depend on how many plans were asked for.
	if !reflect.DeepEqual(a[:2], synth.Department(2, 3, 4, 42)) {
		t.Error("the first plans change with the number of plans")
	}
	if reflect.DeepEqual(a, synth.Department(5, 3, 4, 43)) {
		t.Error("different seeds gave the same files")
	}
}

// The texts must survive the plan file format, so a synthetic plan can be
// exported, edited and imported like a real one.
func TestDepartmentRoundTripsThroughYAML(t *testing.T) {
	f := synth.Department(1, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed)[0]
	var buf bytes.Buffer
	if err := planfile.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	back, err := planfile.Parse(&buf)
	if err != nil {
		t.Fatalf("parse written file: %v", err)
	}
	if !reflect.DeepEqual(stripLines(back), f) {
		t.Error("the plan changed on its way through YAML")
	}
}

// stripLines zeroes the source line numbers Parse records.
func stripLines(f *planfile.File) *planfile.File {
	for i := range f.Plan.Areas {
		a := &f.Plan.Areas[i]
		a.Line = 0
		for j := range a.Actions {
			a.Actions[j].Line = 0
			for k := range a.Actions[j].SubActions {
				a.Actions[j].SubActions[k].Line = 0
			}
		}
	}
	return f
}
