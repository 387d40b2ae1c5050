// Package planorder moves an area within its plan, and an action among its
// siblings: the plan's order, as the editor's "Flytta upp" and "Flytta ned"
// change it.
//
// Siblings are a plan's areas; an area's top-level actions (a visit's
// report-back is not part of the plan's text and has no place among them);
// and an action's sub-actions. A move gives the siblings the positions
// 1 … n in their new order, so positions never have a gap or a duplicate,
// even when they had before. Top-level actions are numbered as the plan's
// document numbers them, 1, 2, 3 in their area's order: a move of one
// renumbers its area's actions 1 … n with their positions, so "2.3" moved
// up becomes 2.2 and the one before it 2.3. (Numbers are unique in an area,
// checked row by row on PostgreSQL, so a cycle of new numbers passes
// through a free number; see renumber.)
//
// A move locks the plan's row first (rowlock.Lock): two moves in one plan
// at once run one after the other, the second on what the first left.
// Every row is written through ent with the viewer's own rights, so the
// privacy policy authorises it as any edit of the plan, the audit hook
// records it and the department's plan version moves in the transaction.
package planorder

import (
	"context"
	"fmt"
	"slices"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// PlanOfArea and PlanOfAction find the plan an area or an action belongs
// to, read with the viewer's rights: another department's row, or a draft
// the viewer does not see, is NOT_FOUND (field id), as an id that does not
// exist.
func PlanOfArea(ctx context.Context, client *ent.Client, id int) (int, error) {
	a, err := client.Area.Get(ctx, id)
	if err != nil {
		return 0, notFound(err, "area")
	}
	return a.PlanID, nil
}

func PlanOfAction(ctx context.Context, client *ent.Client, id int) (int, error) {
	a, err := client.Action.Query().Where(action.ID(id)).WithArea().Only(ctx)
	if err != nil {
		return 0, notFound(err, "action")
	}
	if a.Edges.Area == nil {
		return 0, fault.NoSuch("id", "action")
	}
	return a.Edges.Area.PlanID, nil
}

// MoveArea puts the area at position (1 for the first) among its plan's
// areas. It returns the plan's id.
func MoveArea(ctx context.Context, client *ent.Client, id, position int) (int, error) {
	planID, err := PlanOfArea(ctx, client, id)
	if err != nil {
		return 0, err
	}
	if err := lockPlan(ctx, client, planID); err != nil {
		return 0, err
	}
	areas, err := client.Area.Query().Where(area.PlanID(planID)).Order(area.ByPosition(), area.ByID()).All(ctx)
	if err != nil {
		return 0, err
	}
	order, err := reorder(areas, func(a *ent.Area) int { return a.ID }, id, position, "area")
	if err != nil {
		return 0, err
	}
	for i, a := range order {
		if a.Position != i+1 {
			if err := client.Area.UpdateOne(a).SetPosition(i + 1).Exec(ctx); err != nil {
				return 0, err
			}
		}
	}
	return planID, nil
}

// MoveAction puts the action at position (1 for the first) among its
// siblings: a top-level action among its area's top-level actions, whose
// numbers follow; a sub-action among its action's sub-actions. It returns
// the area's id.
func MoveAction(ctx context.Context, client *ent.Client, id, position int) (int, error) {
	planID, err := PlanOfAction(ctx, client, id)
	if err != nil {
		return 0, err
	}
	if err := lockPlan(ctx, client, planID); err != nil {
		return 0, err
	}
	// Read again under the lock: a concurrent move or delete may have
	// committed since.
	a, err := client.Action.Get(ctx, id)
	if err != nil {
		return 0, notFound(err, "action")
	}
	if a.ReportBackOfID != nil {
		return 0, fault.Invalid("id", "a report-back has no place in the plan").
			Sv("En återrapportering hör till sitt besök och har ingen plats i planen.")
	}
	q := client.Action.Query().Where(action.AreaID(a.AreaID), action.ReportBackOfIDIsNil())
	if a.ParentID != nil {
		q.Where(action.ParentID(*a.ParentID))
	} else {
		q.Where(action.ParentIDIsNil())
	}
	siblings, err := q.Order(action.ByPosition(), action.ByID()).All(ctx)
	if err != nil {
		return 0, err
	}
	what := "action"
	if a.ParentID != nil {
		what = "sub-action"
	}
	order, err := reorder(siblings, func(a *ent.Action) int { return a.ID }, id, position, what)
	if err != nil {
		return 0, err
	}
	if err := place(ctx, client, order, a.ParentID == nil); err != nil {
		return 0, err
	}
	return a.AreaID, nil
}

// lockPlan locks the plan's row until the transaction ends, and answers
// as a change of the plan would: FORBIDDEN to one who may not edit it,
// CONFLICT when it is archived. (The writes would answer the same, but a
// move to where the item already is writes nothing.)
func lockPlan(ctx context.Context, client *ent.Client, planID int) error {
	p, err := client.Plan.Query().Where(plan.ID(planID)).Modify(rowlock.Lock).Only(ctx)
	if err != nil {
		return notFound(err, "plan")
	}
	return rule.MayChangePlan(viewer.FromContext(ctx), p)
}

// reorder returns items (in their order) with the one whose id is id moved
// to position, 1-based; a position outside 1 … len(items) is
// BAD_USER_INPUT.
func reorder[T any](items []T, idOf func(T) int, id, position int, what string) ([]T, error) {
	from := slices.IndexFunc(items, func(x T) bool { return idOf(x) == id })
	if from < 0 {
		return nil, fault.NoSuch("id", what)
	}
	if position < 1 || position > len(items) {
		return nil, outOfRange(position, len(items), what)
	}
	moved := items[from]
	out := slices.Delete(slices.Clone(items), from, from+1)
	return slices.Insert(out, position-1, moved), nil
}

func outOfRange(position, n int, what string) error {
	var say string
	switch {
	case n == 1 && what == "area":
		say = "Planen har bara ett område; det kan inte flyttas."
	case n == 1 && what == "sub-action":
		say = "Åtgärden har bara en underaktivitet; den kan inte flyttas."
	case n == 1:
		say = "Området har bara en åtgärd; den kan inte flyttas."
	case what == "area":
		say = fmt.Sprintf("Välj en plats från 1 till %d: planen har %d områden.", n, n)
	case what == "sub-action":
		say = fmt.Sprintf("Välj en plats från 1 till %d: åtgärden har %d underaktiviteter.", n, n)
	default:
		say = fmt.Sprintf("Välj en plats från 1 till %d: området har %d åtgärder.", n, n)
	}
	return fault.Invalid("position", "position %d is outside 1 to %d", position, n).Sv("%s", say)
}

// place gives the actions the positions 1 … n in order and, when
// numbered (top-level actions), the numbers 1 … n too, writing only what
// differs. Numbers are unique in an area (an index that PostgreSQL checks
// row by row), so an action takes its new number only once no other holds
// it; when the remaining changes form a cycle (a move makes one: the moved
// action wants the number of the one it passes, which wants the next …),
// one of them steps aside to a free number first.
func place(ctx context.Context, client *ent.Client, order []*ent.Action, numbered bool) error {
	holder := map[int]*ent.Action{} // number → the action that holds it now
	var pending []*ent.Action       // actions whose number is to change
	wantPos, wantNum := map[int]int{}, map[int]int{}
	for i, a := range order {
		wantPos[a.ID], wantNum[a.ID] = i+1, i+1
		if a.Number != nil {
			holder[*a.Number] = a
		}
		switch {
		case numbered && (a.Number == nil || *a.Number != i+1):
			pending = append(pending, a)
		case a.Position != i+1:
			if err := client.Action.UpdateOne(a).SetPosition(i + 1).Exec(ctx); err != nil {
				return err
			}
		}
	}
	number := func(a *ent.Action, n int) error {
		if a.Number != nil && holder[*a.Number] == a {
			delete(holder, *a.Number)
		}
		upd := client.Action.UpdateOne(a).SetNumber(n)
		if a.Position != wantPos[a.ID] {
			upd.SetPosition(wantPos[a.ID])
		}
		saved, err := upd.Save(ctx)
		if err != nil {
			return err
		}
		*a = *saved
		holder[n] = a
		return nil
	}
	for len(pending) > 0 {
		progressed := false
		for i := 0; i < len(pending); {
			a := pending[i]
			if _, taken := holder[wantNum[a.ID]]; taken {
				i++
				continue
			}
			if err := number(a, wantNum[a.ID]); err != nil {
				return err
			}
			pending = slices.Delete(pending, i, i+1)
			progressed = true
		}
		if progressed {
			continue
		}
		// A cycle: the first pending action steps aside to the highest free
		// number (an area holds far fewer actions than there are numbers).
		free := planfile.MaxActionNumber
		for holder[free] != nil {
			free--
		}
		if err := number(pending[0], free); err != nil {
			return err
		}
	}
	return nil
}

func notFound(err error, what string) error {
	if ent.IsNotFound(err) {
		return fault.NoSuch("id", what)
	}
	return err
}
