package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// What the viewer may do, as the server decides it, for the app to show
// the buttons that will work and no others.

// owners remembers, for one request, the owner role and status of the plan
// of each action asked about, so that an action's history of sign-offs
// costs one statement, not one per sign-off.
type owners struct {
	mu       sync.Mutex
	byAction map[int]*ent.Plan
}

type ownersKey struct{}

// withOwners gives each operation its own memo of plan owners.
func withOwners(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, ownersKey{}, &owners{byAction: map[int]*ent.Plan{}}))
}

// planOf returns the owner role and status of the plan that an action is in.
func (r *Resolver) planOf(ctx context.Context, actionID int) (*ent.Plan, error) {
	memo, _ := ctx.Value(ownersKey{}).(*owners)
	if memo == nil {
		memo = &owners{byAction: map[int]*ent.Plan{}}
	}
	memo.mu.Lock()
	defer memo.mu.Unlock()
	if p, ok := memo.byAction[actionID]; ok {
		return p, nil
	}
	p, err := r.client.Plan.Query().
		Where(plan.HasAreasWith(area.HasActionsWith(action.ID(actionID)))).
		Select(plan.FieldOwnerID, plan.FieldStatus).Only(ctx)
	if err != nil {
		return nil, err
	}
	memo.byAction[actionID] = p
	return p, nil
}

// viewerCanWithdraw is SignOff.viewerCanWithdraw: rule.MayWithdraw for a
// sign-off still standing.
func (r *Resolver) viewerCanWithdraw(ctx context.Context, s *ent.SignOff) (bool, error) {
	v := viewer.FromContext(ctx)
	if v == nil || s.WithdrawnAt != nil {
		return false, nil
	}
	p, err := r.planOf(ctx, s.ActionID)
	if err != nil {
		return false, err
	}
	// An archived plan is read-only (signoff.Withdraw refuses).
	return p.Status != plan.StatusArchived && rule.MayWithdraw(v, s, p.OwnerID), nil
}
