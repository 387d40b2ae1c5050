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

// owners remembers, for one request, the owner role of the plan of each
// action asked about, so that an action's history of sign-offs costs one
// statement, not one per sign-off.
type owners struct {
	mu       sync.Mutex
	byAction map[int]int
}

type ownersKey struct{}

// withOwners gives each operation its own memo of plan owners.
func withOwners(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, ownersKey{}, &owners{byAction: map[int]int{}}))
}

// planOwnerOf returns the owner role of the plan that an action is in.
func (r *Resolver) planOwnerOf(ctx context.Context, actionID int) (int, error) {
	memo, _ := ctx.Value(ownersKey{}).(*owners)
	if memo == nil {
		memo = &owners{byAction: map[int]int{}}
	}
	memo.mu.Lock()
	defer memo.mu.Unlock()
	if id, ok := memo.byAction[actionID]; ok {
		return id, nil
	}
	p, err := r.client.Plan.Query().
		Where(plan.HasAreasWith(area.HasActionsWith(action.ID(actionID)))).
		Select(plan.FieldOwnerID).Only(ctx)
	if err != nil {
		return 0, err
	}
	memo.byAction[actionID] = p.OwnerID
	return p.OwnerID, nil
}

// viewerCanWithdraw is SignOff.viewerCanWithdraw: rule.MayWithdraw for a
// sign-off still standing.
func (r *Resolver) viewerCanWithdraw(ctx context.Context, s *ent.SignOff) (bool, error) {
	v := viewer.FromContext(ctx)
	if v == nil || s.WithdrawnAt != nil {
		return false, nil
	}
	if s.SignerID == v.UserID {
		return true, nil // theirs: no need to look the plan up
	}
	owner, err := r.planOwnerOf(ctx, s.ActionID)
	if err != nil {
		return false, err
	}
	return rule.MayWithdraw(v, s, owner), nil
}
