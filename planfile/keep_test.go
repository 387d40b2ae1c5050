package planfile

import (
	"fmt"
	"reflect"
	"testing"
)

// rulesOf lists where a plan states its rules: "1.1" for an area's first
// action, "1.1 – 1" for its first sub-action.
func rulesOf(p Plan) map[ActionRule]string {
	out := map[ActionRule]string{}
	for i, area := range p.Areas {
		for j, a := range area.Actions {
			if a.Rule != "" {
				out[a.Rule] = fmt.Sprintf("%d.%d", i+1, j+1)
			}
			for k, s := range a.SubActions {
				if s.Rule != "" {
					out[s.Rule] = fmt.Sprintf("%d.%d – %d", i+1, j+1, k+1)
				}
			}
		}
	}
	return out
}

func TestKeepStoredKeepsWhatMarkdownCannotSay(t *testing.T) {
	stored := parseFile(t, bollebygdYAML)
	stored.Plan.FollowUpCadence, stored.Plan.DueSoonDays = "quarter", 30
	// An editor made the each-unit duty of 4.1 – 1 one the role does once.
	stored.Plan.Areas[3].Actions[0].SubActions[0].Scope = ScopeOnce

	t.Run("the markdown alone has none of them", func(t *testing.T) {
		md := parseSeed(t, stored.Department)
		if len(rulesOf(md.Plan)) != 0 || md.Plan.FollowUpCadence != "" || md.Plan.DueSoonDays != 0 {
			t.Fatal("the markdown states rules or follow-up settings; this test has nothing to prove")
		}
	})

	md := parseSeed(t, stored.Department)
	notes := md.KeepStored(stored)
	if got, want := rulesOf(md.Plan), rulesOf(stored.Plan); !reflect.DeepEqual(got, want) || len(want) != 3 {
		t.Errorf("rules = %v, want %v", got, want)
	}
	if md.Plan.FollowUpCadence != "quarter" || md.Plan.DueSoonDays != 30 {
		t.Errorf("cadence %q, due soon %d; want quarter, 30", md.Plan.FollowUpCadence, md.Plan.DueSoonDays)
	}
	if s := md.Plan.Areas[3].Actions[0].SubActions[0].Scope; s != ScopeOnce {
		t.Errorf("the editor's scope became %s", s)
	}
	if err := md.Validate(); err != nil {
		t.Errorf("the plan with what was kept does not validate: %v", err)
	}
	want := []string{
		"kept the follow-up cadence quarter, which markdown cannot state",
		"kept the due-soon days, 30, which markdown cannot state",
		"kept the rule board-visit-report-back of sub-action 1 of action 1.1, which markdown cannot state",
		"kept the rule study-visit-report-back of sub-action 1 of action 1.2, which markdown cannot state",
		"kept the rule workshops of action 3.1, which markdown cannot state",
		"kept the scope once of sub-action 1 of action 4.1, unchanged, though its words say each-unit",
	}
	if !reflect.DeepEqual(notes, want) {
		t.Errorf("notes = %q\nwant    %q", notes, want)
	}

	t.Run("a changed row gets the scope of its words", func(t *testing.T) {
		md := parseSeed(t, stored.Department)
		md.Plan.Areas[3].Actions[0].SubActions[0].Text += " Även skriftligt."
		md.KeepStored(stored)
		if s := md.Plan.Areas[3].Actions[0].SubActions[0].Scope; s != ScopeEachUnit {
			t.Errorf("scope = %s, want each-unit", s)
		}
	})

	t.Run("a rule whose action is gone is dropped, and said so", func(t *testing.T) {
		md := parseSeed(t, stored.Department)
		md.Plan.Areas[2].Actions = md.Plan.Areas[2].Actions[1:]
		notes := md.KeepStored(stored)
		if len(notes) < 5 || notes[4] != "dropped the rule workshops: the markdown has no action 3.1" {
			t.Errorf("notes = %q", notes)
		}
	})

	t.Run("settings the markdown states are its own", func(t *testing.T) {
		md := parseSeed(t, stored.Department)
		md.Plan.FollowUpCadence = "month"
		md.KeepStored(stored)
		if md.Plan.FollowUpCadence != "month" {
			t.Errorf("cadence = %q", md.Plan.FollowUpCadence)
		}
	})
}
