package lifecycle

import (
	"slices"
	"strconv"

	"github.com/handlingsplan/handlingsplan/ent/schema/schematype"
)

// Tree is a plan's text and structure as a revision compares them: what
// the board adopted. Follow-up settings and sign-offs are not part of it.
type Tree struct {
	Title, Background string
	Completed         []string
	Areas             []Area // in the plan's order
}

// Area is a goal row of the plan.
type Area struct {
	ID                   int
	Title, Purpose, Note string
	Actions              []Action // top-level actions, in the plan's order
}

// Action is an action or a sub-action.
type Action struct {
	ID                    int
	Number                int // 0 for a sub-action
	Text                  string
	Responsible, Deadline string // the role's name; the deadline as the plan writes it
	SubActions            []Action
}

// Diff lists what changed from before to after: areas and actions (and
// sub-actions) added, removed, reworded, moved to another place, or given
// another responsible role or deadline, and the plan's own texts reworded.
//
// Items are matched by id when their text is unchanged, then by text (an
// import that moves an action makes a new row with the same text: a move,
// not a removal and an addition), then by id (a new text in the same row:
// reworded). What is left unmatched was removed or added.
//
// An item moved when it went to another area or action, or when its order
// among its siblings changed: of those that kept their area (and action),
// the fewest that explain the new order are said to have moved, so moving
// one action up moves one, not the ones it passed, and their new numbers
// (the plan numbers actions in order) are not moves of their own. A new
// number alone, among siblings that kept their order, is a move too.
func Diff(before, after Tree) []schematype.Change {
	return diff(before, after, 0)
}

// diff is Diff told which item an edit moved (its id; 0 for none): of two
// items that swapped places, either one moved, and the edit knows which.
func diff(before, after Tree, movedID int) []schematype.Change {
	var out []schematype.Change
	planText := func(name, b, a string, full bool) {
		if b == a {
			return
		}
		c := schematype.Change{Kind: schematype.Reworded, Item: schematype.ItemPlan, Text: name}
		if full {
			c.Before, c.After = b, a
		}
		out = append(out, c)
	}
	planText("Titel", before.Title, after.Title, true)
	planText("Bakgrund", before.Background, after.Background, false)
	if !slices.Equal(before.Completed, after.Completed) {
		planText("Aktiviteter som är genomförda", "x", "y", false)
	}

	// Areas.
	areaPairs := match(before.Areas, after.Areas, func(a Area) int { return a.ID }, func(a Area) string { return a.Title })
	areaOf := map[int]int{} // before area id → after area id
	goneArea := map[int]bool{}
	for _, bi := range areaPairs.removed {
		goneArea[before.Areas[bi].ID] = true
	}
	for bi, ai := range areaPairs.pairs {
		areaOf[before.Areas[bi].ID] = after.Areas[ai].ID
	}
	for _, bi := range areaPairs.removed {
		a := before.Areas[bi]
		out = append(out, schematype.Change{Kind: schematype.Removed, Item: schematype.ItemArea, Place: strconv.Itoa(bi + 1), Text: a.Title})
	}
	moved := reordered(areaPairs, func(bi int) bool { return before.Areas[bi].ID == movedID })
	for ai, a := range after.Areas {
		place := strconv.Itoa(ai + 1)
		bi, ok := areaPairs.of[ai]
		if !ok {
			out = append(out, schematype.Change{Kind: schematype.Added, Item: schematype.ItemArea, Place: place, Text: a.Title})
			continue
		}
		b := before.Areas[bi]
		if b.Title != a.Title || b.Purpose != a.Purpose || b.Note != a.Note {
			c := schematype.Change{Kind: schematype.Reworded, Item: schematype.ItemArea, Place: place, Text: a.Title}
			if b.Title != a.Title {
				c.Before, c.After = b.Title, a.Title
			}
			out = append(out, c)
		}
		if moved[bi] {
			out = append(out, schematype.Change{Kind: schematype.Moved, Item: schematype.ItemArea, Place: place, Text: a.Title,
				Before: strconv.Itoa(bi + 1), After: place})
		}
	}

	// Actions, then sub-actions, each with where it sits.
	type placed struct {
		Action
		area, parent int // ids: the area's, and a sub-action's action's
		place        string
		ordinal      int // 1-based, among its siblings
		sub          bool
	}
	flatten := func(t Tree) []placed {
		var ps []placed
		for i, ar := range t.Areas {
			for j, a := range ar.Actions {
				p := strconv.Itoa(i+1) + "." + strconv.Itoa(a.Number)
				ps = append(ps, placed{Action: a, area: ar.ID, place: p, ordinal: j + 1})
				for k, s := range a.SubActions {
					ps = append(ps, placed{Action: s, area: ar.ID, parent: a.ID, place: p, ordinal: k + 1, sub: true})
				}
			}
		}
		return ps
	}
	b, a := flatten(before), flatten(after)
	key := func(p placed) string {
		if p.sub {
			return "s" + p.Text
		}
		return "a" + p.Text
	}
	pairs := match(b, a, func(p placed) int { return p.ID }, key)
	actionOf := map[int]int{}
	for bi, ai := range pairs.pairs {
		actionOf[b[bi].ID] = a[ai].ID
	}
	item := func(p placed) schematype.ChangeItem {
		if p.sub {
			return schematype.ItemSubAction
		}
		return schematype.ItemAction
	}
	// Siblings that kept their area (and a sub-action its action), group by
	// group: whose order among them changed.
	type group struct {
		area, parent int
		sub          bool
	}
	stayed := func(o, n placed) bool {
		return areaOf[o.area] == n.area && (!o.sub || actionOf[o.parent] == n.parent)
	}
	groups := map[group]*matching{}
	for ai, n := range a {
		bi, ok := pairs.of[ai]
		if !ok || !stayed(b[bi], n) {
			continue
		}
		g := group{n.area, n.parent, n.sub}
		if groups[g] == nil {
			groups[g] = &matching{of: map[int]int{}}
		}
		m := groups[g]
		m.of[m.after] = bi
		m.after++
	}
	outOfOrder, reorderedIn := map[int]bool{}, map[group]bool{}
	for g, m := range groups {
		for bi := range reordered(*m, func(bi int) bool { return b[bi].ID == movedID }) {
			outOfOrder[bi], reorderedIn[g] = true, true
		}
	}
	// What went with its area or action is said by the area's or action's
	// removal alone.
	goneAction := map[int]bool{}
	for _, bi := range pairs.removed {
		p := b[bi]
		goneAction[p.ID] = true
		if goneArea[p.area] || p.sub && goneAction[p.parent] {
			continue
		}
		out = append(out, schematype.Change{Kind: schematype.Removed, Item: item(p), Place: p.place, Text: p.Text})
	}
	for ai, n := range a {
		bi, ok := pairs.of[ai]
		if !ok {
			out = append(out, schematype.Change{Kind: schematype.Added, Item: item(n), Place: n.place, Text: n.Text})
			continue
		}
		o := b[bi]
		if o.Text != n.Text {
			out = append(out, schematype.Change{Kind: schematype.Reworded, Item: item(n), Place: n.place, Text: n.Text, Before: o.Text, After: n.Text})
		}
		// To another area or action; or among its siblings, from one place
		// to another (said by number; by ordinal for a sub-action among its
		// action's, or where the number stayed); or, among siblings that
		// kept their order, to another number. (An area removed before it
		// renumbers its place, but moves nothing.)
		moved := schematype.Change{Kind: schematype.Moved, Item: item(n), Place: n.place, Text: n.Text, Before: o.place, After: n.place}
		switch {
		case !stayed(o, n):
			out = append(out, moved)
		case outOfOrder[bi]:
			if n.sub || o.place == n.place {
				moved.Before, moved.After = strconv.Itoa(o.ordinal), strconv.Itoa(n.ordinal)
			}
			out = append(out, moved)
		case o.Number != n.Number && !reorderedIn[group{n.area, n.parent, n.sub}]:
			out = append(out, moved)
		}
		var was, is []string
		if o.Responsible != n.Responsible {
			was, is = append(was, "Ansvarig: "+o.Responsible), append(is, "Ansvarig: "+n.Responsible)
		}
		if o.Deadline != n.Deadline {
			was, is = append(was, "Klart när: "+o.Deadline), append(is, "Klart när: "+n.Deadline)
		}
		if len(was) > 0 {
			out = append(out, schematype.Change{Kind: schematype.Changed, Item: item(n), Place: n.place, Text: n.Text,
				Before: join(was), After: join(is)})
		}
	}
	return out
}

func join(parts []string) string {
	s := parts[0]
	for _, p := range parts[1:] {
		s += ", " + p
	}
	return s
}

// matching pairs the items of before and after.
type matching struct {
	pairs   map[int]int // before index → after index
	of      map[int]int // after index → before index
	removed []int       // before indexes without a pair, in order
	after   int         // how many items after has
}

// match pairs items by id and text, then by text, then by id (see Diff).
func match[T any](before, after []T, id func(T) int, text func(T) string) matching {
	m := matching{pairs: map[int]int{}, of: map[int]int{}, after: len(after)}
	pass := func(same func(b, a T) bool) {
		for bi, b := range before {
			if _, done := m.pairs[bi]; done {
				continue
			}
			for ai, a := range after {
				if _, taken := m.of[ai]; !taken && same(b, a) {
					m.pairs[bi], m.of[ai] = ai, bi
					break
				}
			}
		}
	}
	pass(func(b, a T) bool { return id(b) == id(a) && text(b) == text(a) })
	pass(func(b, a T) bool { return text(b) == text(a) })
	pass(func(b, a T) bool { return id(b) == id(a) })
	for bi := range before {
		if _, ok := m.pairs[bi]; !ok {
			m.removed = append(m.removed, bi)
		}
	}
	return m
}

// reordered finds the paired items whose order among the paired ones
// changed: those not on a longest run kept in order. Adding or removing an
// area moves no other. Of runs as long, one without the preferred item
// (the one an edit moved) is kept, so that it is the one said to move.
func reordered(m matching, preferred func(bi int) bool) map[int]bool {
	// The paired before indexes, in after order.
	var seq []int
	for ai := range m.after {
		if bi, ok := m.of[ai]; ok {
			seq = append(seq, bi)
		}
	}
	keep := longestIncreasing(seq, preferred)
	moved := map[int]bool{}
	for _, bi := range seq {
		if !keep[bi] {
			moved[bi] = true
		}
	}
	return moved
}

// longestIncreasing returns the members of one longest increasing
// subsequence of seq, without the preferred member where one as long has
// none (quadratic: a plan has a few dozen areas, an area a few actions).
// Each member weighs 2, the preferred 1: the heaviest run is a longest
// one, and of the longest one without it when there is one.
func longestIncreasing(seq []int, preferred func(int) bool) map[int]bool {
	n := len(seq)
	weight, prev := make([]int, n), make([]int, n)
	best := -1
	for i := range seq {
		w := 2
		if preferred(seq[i]) {
			w = 1
		}
		weight[i], prev[i] = w, -1
		for j := range i {
			if seq[j] < seq[i] && weight[j]+w > weight[i] {
				weight[i], prev[i] = weight[j]+w, j
			}
		}
		if best < 0 || weight[i] > weight[best] {
			best = i
		}
	}
	out := map[int]bool{}
	for i := best; i >= 0; i = prev[i] {
		out[seq[i]] = true
	}
	return out
}
