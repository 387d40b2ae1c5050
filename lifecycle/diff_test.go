package lifecycle

import (
	"slices"
	"testing"

	"github.com/handlingsplan/handlingsplan/ent/schema/schematype"
)

func aPlan() Tree {
	return Tree{Title: "Plan", Areas: []Area{
		{ID: 1, Title: "Möten", Actions: []Action{
			{ID: 11, Number: 1, Text: "Besök nämnden.", Responsible: "Enhetschef", Deadline: "Fortlöpande",
				SubActions: []Action{{ID: 111, Text: "Återrapportera på APT.", Responsible: "Enhetschef", Deadline: "Fortlöpande"}}},
			{ID: 12, Number: 2, Text: "Studiebesök.", Responsible: "Ledamot", Deadline: "Maj 2026"},
		}},
		{ID: 2, Title: "Regler", Actions: []Action{
			{ID: 21, Number: 1, Text: "Följ KF:s regler.", Responsible: "Ordförande", Deadline: "Fortlöpande"},
		}},
		{ID: 3, Title: "Information"},
	}}
}

// said lists changes as "item kind place", with before → after when set.
func said(cs []schematype.Change) []string {
	var out []string
	for _, c := range cs {
		s := string(c.Item) + " " + string(c.Kind) + " " + c.Place
		if c.Before != "" || c.After != "" {
			s += " [" + c.Before + " → " + c.After + "]"
		}
		out = append(out, s)
	}
	return out
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Tree)
		want   []string
	}{
		{"nothing changed says nothing", func(*Tree) {}, nil},
		{"a new text is reworded", func(p *Tree) { p.Areas[0].Actions[1].Text = "Studiebesök varje termin." },
			[]string{"action reworded 1.2 [Studiebesök. → Studiebesök varje termin.]"}},
		{"an action added and one removed", func(p *Tree) {
			p.Areas[1].Actions = append(p.Areas[1].Actions, Action{ID: 22, Number: 2, Text: "Utbildning.", Responsible: "Ordförande", Deadline: "Vid behov"})
			p.Areas[0].Actions = p.Areas[0].Actions[:1]
		}, []string{"action removed 1.2", "action added 2.2"}},
		{"a new number is a move", func(p *Tree) { p.Areas[0].Actions[1].Number = 5 }, []string{"action moved 1.5 [1.2 → 1.5]"}},
		{"a new role and deadline is a change", func(p *Tree) {
			p.Areas[1].Actions[0].Responsible, p.Areas[1].Actions[0].Deadline = "Förvaltningschef", "December 2026"
		}, []string{"action changed 2.1 [Ansvarig: Ordförande, Klart när: Fortlöpande → Ansvarig: Förvaltningschef, Klart när: December 2026]"}},
		{"an action re-made in another area by an import is a move", func(p *Tree) {
			a := p.Areas[0].Actions[1]
			a.ID, a.Number = 99, 2
			p.Areas[0].Actions = p.Areas[0].Actions[:1]
			p.Areas[1].Actions = append(p.Areas[1].Actions, a)
		}, []string{"action moved 2.2 [1.2 → 2.2]"}},
		{"a sub-action removed", func(p *Tree) { p.Areas[0].Actions[0].SubActions = nil }, []string{"sub_action removed 1.1"}},
		{"removing an area moves no other", func(p *Tree) { p.Areas = slices.Delete(p.Areas, 1, 2) },
			[]string{"area removed 2"}},
		{"an action removed takes its sub-actions along", func(p *Tree) { p.Areas[0].Actions = p.Areas[0].Actions[1:] },
			[]string{"action removed 1.1"}},
		{"swapping two areas moves one", func(p *Tree) { p.Areas[1], p.Areas[2] = p.Areas[2], p.Areas[1] },
			[]string{"area moved 3 [2 → 3]"}},
		{"an action moved up, renumbered with the one it passed, moves one", func(p *Tree) {
			acts := p.Areas[0].Actions
			acts[0], acts[1] = acts[1], acts[0]
			acts[0].Number, acts[1].Number = 1, 2
		}, []string{"action moved 1.2 [1.1 → 1.2]"}},
		{"a sub-action added before another moves none", func(p *Tree) {
			a := &p.Areas[0].Actions[0]
			a.SubActions = []Action{{ID: 112, Text: "Ny.", Responsible: "Enhetschef", Deadline: "Vid behov"}, a.SubActions[0]}
		}, []string{"sub_action added 1.1"}},
		{"the plan's title and background", func(p *Tree) { p.Title, p.Background = "Ny plan", "Text" },
			[]string{"plan reworded  [Plan → Ny plan]", "plan reworded "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := aPlan()
			// A deep enough copy: the change replaces slices it edits.
			for i := range after.Areas {
				after.Areas[i].Actions = slices.Clone(after.Areas[i].Actions)
			}
			tt.change(&after)
			if got := said(Diff(aPlan(), after)); !slices.Equal(got, tt.want) {
				t.Errorf("Diff = %q\nwant   %q", got, tt.want)
			}
		})
	}
}

func TestChangeLabels(t *testing.T) {
	for _, tt := range []struct {
		c    schematype.Change
		want string
	}{
		{schematype.Change{Kind: schematype.Added, Item: schematype.ItemAction, Place: "2.3", Text: "Utbildning."}, "Ny åtgärd 2.3: Utbildning."},
		{schematype.Change{Kind: schematype.Removed, Item: schematype.ItemArea, Place: "6", Text: "Information"}, "Område 6 borttaget: Information"},
		{schematype.Change{Kind: schematype.Moved, Item: schematype.ItemSubAction, Place: "3.1", Text: "APT.", Before: "2.1", After: "3.1"}, "Underaktivitet flyttad från åtgärd 2.1 till 3.1: APT."},
		{schematype.Change{Kind: schematype.Reworded, Item: schematype.ItemPlan, Text: "Bakgrund"}, "Bakgrund ändrad"},
		{schematype.Change{Kind: schematype.Moved, Item: schematype.ItemAction, Place: "2.1", Text: "Utbildning.", Before: "2.3", After: "2.1"}, "Åtgärd flyttad från 2.3 till 2.1: Utbildning."},
		{schematype.Change{Kind: schematype.Moved, Item: schematype.ItemSubAction, Place: "2.3", Text: "APT.", Before: "2", After: "1"}, "Underaktivitet till åtgärd 2.3 flyttad från plats 2 till 1: APT."},
	} {
		if got := ChangeLabel(tt.c); got != tt.want {
			t.Errorf("ChangeLabel(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestChangesOfADayJoinItsRevision(t *testing.T) {
	revs := []schematype.Revision{{Date: "2025-03-03", Note: "Nytt område"}}
	one := []schematype.Change{{Kind: schematype.Added, Item: schematype.ItemArea, Place: "6", Text: "Nytt"}}
	revs = withChanges(revs, "2025-03-03", one)
	revs = withChanges(revs, "2025-03-04", one)
	revs = withChanges(revs, "2025-03-04", one)
	if len(revs) != 2 || len(revs[0].Changes) != 1 || len(revs[1].Changes) != 2 || revs[0].Note != "Nytt område" {
		t.Errorf("revisions = %+v", revs)
	}
}

// An edit that moves one item names it: of two that swapped places, the one
// moved, not the one it passed; its siblings' new numbers are no moves.
func TestAMoveNamesTheItemMoved(t *testing.T) {
	three := func() Tree {
		p := aPlan()
		p.Areas[0].Actions = append(p.Areas[0].Actions, Action{ID: 13, Number: 3, Text: "Tredje.", Responsible: "Ledamot", Deadline: "Vid behov"})
		p.Areas[0].Actions[0].SubActions = append(p.Areas[0].Actions[0].SubActions,
			Action{ID: 112, Text: "Andra underaktiviteten.", Responsible: "Enhetschef", Deadline: "Vid behov"})
		return p
	}
	tests := []struct {
		name  string
		moved int
		edit  func(*Tree)
		want  []string
	}{
		{"action 1.3 moved to the top", 13, func(p *Tree) {
			acts := p.Areas[0].Actions
			p.Areas[0].Actions = []Action{acts[2], acts[0], acts[1]}
			for i := range p.Areas[0].Actions {
				p.Areas[0].Actions[i].Number = i + 1
			}
		}, []string{"action moved 1.1 [1.3 → 1.1]"}},
		{"action 1.2 moved up by one", 12, func(p *Tree) {
			acts := p.Areas[0].Actions
			p.Areas[0].Actions = []Action{acts[1], acts[0], acts[2]}
			p.Areas[0].Actions[0].Number, p.Areas[0].Actions[1].Number = 1, 2
		}, []string{"action moved 1.1 [1.2 → 1.1]"}},
		{"action 1.1 moved down by one", 11, func(p *Tree) {
			acts := p.Areas[0].Actions
			p.Areas[0].Actions = []Action{acts[1], acts[0], acts[2]}
			p.Areas[0].Actions[0].Number, p.Areas[0].Actions[1].Number = 1, 2
		}, []string{"action moved 1.2 [1.1 → 1.2]"}},
		{"a sub-action moved up among its action's", 112, func(p *Tree) {
			subs := p.Areas[0].Actions[0].SubActions
			p.Areas[0].Actions[0].SubActions = []Action{subs[1], subs[0]}
		}, []string{"sub_action moved 1.1 [2 → 1]"}},
		{"area 3 moved up by one", 3, func(p *Tree) { p.Areas[1], p.Areas[2] = p.Areas[2], p.Areas[1] },
			[]string{"area moved 2 [3 → 2]"}},
		{"area 2 moved down by one", 2, func(p *Tree) { p.Areas[1], p.Areas[2] = p.Areas[2], p.Areas[1] },
			[]string{"area moved 3 [2 → 3]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := three()
			tt.edit(&after)
			if got := said(diff(three(), after, tt.moved)); !slices.Equal(got, tt.want) {
				t.Errorf("diff = %q\nwant   %q", got, tt.want)
			}
		})
	}
}
