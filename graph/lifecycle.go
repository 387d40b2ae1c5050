package graph

import (
	"context"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/lifecycle"
)

// revised runs change, an edit of a plan's text or structure, and records
// what it changed as a revision when the plan is adopted (lifecycle.Track).
func (r *Resolver) revised(ctx context.Context, planID int, change func() error) error {
	return lifecycle.Track(ctx, ent.FromContext(ctx), planID, r.today(), change)
}

// today is the day in Sweden, YYYY-MM-DD.
func (r *Resolver) today() string {
	return lifecycle.Today(r.now())
}

// planOfArea and planOfAction find the plan an edit touches; a row the
// viewer cannot see is 0, and the edit itself answers NOT_FOUND.
func planOfArea(ctx context.Context, id int) int {
	a, err := ent.FromContext(ctx).Area.Get(ctx, id)
	if err != nil {
		return 0
	}
	return a.PlanID
}

func planOfAction(ctx context.Context, id int) int {
	a, err := ent.FromContext(ctx).Action.Get(ctx, id)
	if err != nil {
		return 0
	}
	return planOfArea(ctx, a.AreaID)
}

// asksForStatus reports whether a plans filter names a status: without
// one, archived plans are left out of the list.
func asksForStatus(w *ent.PlanWhereInput) bool {
	return w != nil && (w.Status != nil || w.StatusNEQ != nil || len(w.StatusIn) > 0 || len(w.StatusNotIn) > 0)
}
