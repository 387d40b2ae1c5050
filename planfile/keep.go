package planfile

import (
	"fmt"
	"strings"
)

// KeepStored copies into f, a plan read from markdown, what markdown cannot
// say and stored (the same plan as the database holds it) says: the
// follow-up cadence, the due-soon days and the actions' rules, so that
// re-importing the markdown of a plan does not silently drop them. It
// also keeps a scope an editor chose for an action whose text and role
// the markdown leaves as they were; a changed row gets the scope its new
// words give.
//
// Actions are matched by place, as an import matches them to keep their
// identity: the area's position, the action's number, the sub-action's
// position. KeepStored returns, in words, each thing it kept that the
// markdown alone would have changed, and each rule it could not keep
// because its action is gone, for the importer to say so.
func (f *File) KeepStored(stored *File) []string {
	var notes []string
	p, s := &f.Plan, &stored.Plan
	if p.FollowUpCadence == "" && s.FollowUpCadence != "" {
		p.FollowUpCadence = s.FollowUpCadence
		notes = append(notes, fmt.Sprintf("kept the follow-up cadence %s, which markdown cannot state", s.FollowUpCadence))
	}
	if p.DueSoonDays == 0 && s.DueSoonDays != 0 {
		p.DueSoonDays = s.DueSoonDays
		notes = append(notes, fmt.Sprintf("kept the due-soon days, %d, which markdown cannot state", s.DueSoonDays))
	}
	for i := range s.Areas {
		for _, old := range s.Areas[i].Actions {
			place := fmt.Sprintf("action %d.%d", i+1, old.Number)
			a := p.actionAt(i, old.Number)
			notes = append(notes, keepAction(a, &old, place)...)
			for k := range old.SubActions {
				var sub *Action
				if a != nil && k < len(a.SubActions) {
					sub = &a.SubActions[k]
				}
				notes = append(notes, keepAction(sub, &old.SubActions[k], fmt.Sprintf("sub-action %d of %s", k+1, place))...)
			}
		}
	}
	return notes
}

// actionAt returns the action numbered number of the area at index i, or
// nil.
func (p *Plan) actionAt(i, number int) *Action {
	if i >= len(p.Areas) {
		return nil
	}
	for j := range p.Areas[i].Actions {
		if a := &p.Areas[i].Actions[j]; a.Number == number {
			return a
		}
	}
	return nil
}

// keepAction keeps old's rule, and its scope when the row is unchanged, on
// a (nil when the markdown has no action at old's place).
func keepAction(a, old *Action, place string) []string {
	var notes []string
	if old.Rule != "" {
		switch {
		case a == nil:
			notes = append(notes, fmt.Sprintf("dropped the rule %s: the markdown has no %s", old.Rule, place))
		case a.Rule == "":
			a.Rule = old.Rule
			notes = append(notes, fmt.Sprintf("kept the rule %s of %s, which markdown cannot state", old.Rule, place))
		}
	}
	if a != nil && old.Scope != "" && a.Scope != old.Scope &&
		a.Text == old.Text && strings.EqualFold(a.Responsible, old.Responsible) {
		notes = append(notes, fmt.Sprintf("kept the scope %s of %s, unchanged, though its words say %s", old.Scope, place, a.Scope))
		a.Scope = old.Scope
	}
	return notes
}
