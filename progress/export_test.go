package progress

// The implementation of MyActions before issue 18 made it cheap, kept
// verbatim as the reference TestMyActionsUnchanged compares the new one
// with: both must give the same items in the same order.

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// OldMyActions returns what the viewer's roles (and the groups they belong
// to) answer for, in every department and every plan that is not
// archived, most urgent first. It reads every such action, narrowly, to
// rank it, then the whole rows of the ones it returns and their
// sub-actions: eight statements,
// whatever the number of actions, and no statement whose size grows with
// it (the sign-offs are selected by a join, not by a list of ids).
func OldMyActions(ctx context.Context, client *ent.Client, asOf time.Time, f Filter) ([]Item, error) {
	v := viewer.FromContext(ctx)
	var roles []int
	for _, m := range v.Departments {
		roles = append(roles, m.RoleIDs...)
	}
	if len(roles) == 0 {
		return nil, nil
	}
	// A report-back given to one person (a board member, a unit's manager)
	// is theirs alone; everything else is their roles'.
	mine := []predicate.Action{
		action.Or(action.AssigneeID(v.UserID), action.And(action.AssigneeIDIsNil(), action.ResponsibleIDIn(roles...))),
		action.HasAreaWith(areaPlanInForce()),
	}
	ranked, err := client.Action.Query().Where(mine...).
		Select(action.FieldAreaID, action.FieldDeadlineKind, action.FieldDueMonth, action.FieldDueDate,
			action.FieldScope, action.FieldResponsibleID, action.FieldDepartmentID).
		WithArea(func(q *ent.AreaQuery) { q.Select(area.FieldPlanID).WithPlan() }).
		All(ctx)
	if err != nil {
		return nil, err
	}
	cov, err := LoadCoverage(ctx, client, v.DepartmentIDs()...)
	if err != nil {
		return nil, err
	}
	// Of a shared duty only the viewer's own share counts here: their own
	// sign-offs and their units'.
	ownShare := []predicate.SignOff{signoff.HasActionWith(action.ScopeEQ(action.ScopeOnce)), signoff.SignerID(v.UserID)}
	if units := cov.UnitsOf(v.UserID); len(units) > 0 {
		ownShare = append(ownShare, signoff.UnitIDIn(units...))
	}
	signOffs, err := client.SignOff.Query().
		Where(signoff.WithdrawnAtIsNil(), signoff.HasActionWith(mine...), signoff.Or(ownShare...)).
		Select(signoff.FieldActionID, signoff.FieldPeriod, signoff.FieldDoneOn, signoff.FieldSignerID, signoff.FieldUnitID).
		All(ctx)
	if err != nil {
		return nil, err
	}
	byAction := map[int][]*ent.SignOff{}
	for _, s := range signOffs {
		byAction[s.ActionID] = append(byAction[s.ActionID], s)
	}
	type rankedItem struct {
		Item
		urgency int
	}
	all := make([]rankedItem, 0, len(ranked))
	for _, a := range ranked {
		p := a.Edges.Area.Edges.Plan
		it := Item{Action: a, Plan: p}
		if a.Scope == action.ScopeOnce {
			it.Result = Evaluate(p, a, byAction[a.ID], asOf)
		} else {
			shares := cov.SharesOf(a, v.UserID)
			if len(shares) == 0 {
				continue // they hold the role but no unit of its duty is theirs
			}
			it.Result = EvaluateDuty(p, a, byAction[a.ID], shares, asOf)
			for _, s := range shares {
				if s.UnitID != 0 {
					it.Units = append(it.Units, cov.Unit(a.DepartmentID, s.UnitID))
				}
			}
		}
		if keep(it, f) {
			all = append(all, rankedItem{it, followup.Urgency(it.Result, asOf)})
		}
	}
	slices.SortFunc(all, func(x, y rankedItem) int {
		return cmp.Or(cmp.Compare(x.urgency, y.urgency), cmp.Compare(x.Action.ID, y.Action.ID))
	})
	items := make([]Item, len(all))
	for i, r := range all {
		items[i] = r.Item
	}
	if f.Limit <= 0 || f.Limit > MaxItems {
		f.Limit = MaxItems
	}
	if len(items) > f.Limit {
		items = items[:f.Limit]
	}
	return oldWithWholeActions(ctx, client, cov, items, byAction, asOf)
}

// oldWithWholeActions replaces the narrowly read actions of items with whole
// rows, their responsible roles and sign-offs loaded, and counts their
// sub-actions done.
func oldWithWholeActions(ctx context.Context, client *ent.Client, cov *Coverage, items []Item, signOffs map[int][]*ent.SignOff, asOf time.Time) ([]Item, error) {
	ids := make([]int, len(items))
	for i, it := range items {
		ids[i] = it.Action.ID
	}
	whole, err := client.Action.Query().Where(action.IDIn(ids...)).WithResponsible().All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Action, len(whole))
	for _, a := range whole {
		a.Edges.SignOffs = signOffs[a.ID]
		byID[a.ID] = a
	}
	subs, err := client.Action.Query().Where(action.ParentIDIn(ids...)).WithSignOffs(liveSignOffs).All(ctx)
	if err != nil {
		return nil, err
	}
	for i := range items {
		it := &items[i]
		if a, ok := byID[it.Action.ID]; ok {
			a.Edges.Area = it.Action.Edges.Area
			it.Action = a
		}
		it.countSubActions(subs, func(sub *ent.Action) followup.Status {
			return EvaluateDuty(it.Plan, sub, sub.Edges.SignOffs, cov.Shares(sub), asOf).Status
		})
		it.LastSignedOn = lastSignedOn(it, asOf)
	}
	return items, nil
}
