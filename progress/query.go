package progress

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/followup"
)

// Item is an action with its state as of a date.
type Item struct {
	Action *ent.Action
	Plan   *ent.Plan
	Result followup.Result
	// Sub-actions done (or logged) and in all; zero for a sub-action.
	SubActionsDone, SubActionsTotal int
	// Units are, in MyActions, the units the viewer signs for in an
	// each-unit duty (Result then counts only those: their own share).
	Units []*ent.Unit
	// LastSignedOn is "Kontroll utförd", YYYY-MM-DD or empty: the day of the
	// latest live sign-off done by the date (in MyActions, of the viewer's
	// own share); a shared duty's only once it is done.
	LastSignedOn string
}

// liveSignOffs eager-loads the sign-offs that are not withdrawn.
func liveSignOffs(q *ent.SignOffQuery) { q.Where(signoff.WithdrawnAtIsNil()) }

// Filter narrows MyActions.
type Filter struct {
	Statuses []followup.Status // empty: all
	// Period, when set, keeps actions with something due in it: month
	// actions due within it, and every continuous and when-needed action.
	Period *followup.Period
	Limit  int // at most MaxItems; 0 means MaxItems
}

// MaxItems is the most items MyActions returns: a screen's worth, and a
// calendar's.
const MaxItems = 500

func keep(it Item, f Filter) bool {
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, it.Result.Status) {
		return false
	}
	if f.Period != nil && (it.Result.Kind == followup.KindMonth || it.Result.Kind == followup.KindDate) {
		return it.Result.Due != nil && f.Period.Contains(it.Result.Due.Add(-time.Nanosecond))
	}
	return true
}

// PlanStatus is a plan's roll-up as of a date.
type PlanStatus struct {
	Plan    *ent.Plan
	AsOf    time.Time
	Counts  Counts
	Areas   []AreaStatus
	Roles   []RoleStatus
	Items   []Item // every action and sub-action, in the plan's order
	Overdue []Item // every action behind (followup.Status.Behind), in the plan's order: Counts.Overdue of them
}

// AreaStatus is an area's roll-up.
type AreaStatus struct {
	Area   *ent.Area
	Counts Counts
}

// RoleStatus is a role's roll-up across the plan.
type RoleStatus struct {
	Role   *ent.Role
	Counts Counts
}

// Plan returns the roll-up of a plan as of asOf: counts per area and per
// responsible role, and the overdue list. A shared duty counts as done when
// every unit or person it covers has done their part. Nine statements: the
// plan, its areas, their actions, the roles, the sign-offs, their signers,
// and the department's units, role assignments and groups.
func Plan(ctx context.Context, client *ent.Client, planID int, asOf time.Time) (*PlanStatus, error) {
	p, err := client.Plan.Query().Where(plan.ID(planID)).
		WithAreas(func(q *ent.AreaQuery) {
			q.WithActions(func(q *ent.ActionQuery) {
				q.Where(action.ReportBackOfIDIsNil()) // report-backs are followed up with their visits
				q.WithResponsible().WithSignOffs(func(q *ent.SignOffQuery) { liveSignOffs(q); q.WithSigner() })
			})
		}).
		Only(ctx)
	if err != nil {
		return nil, err
	}
	cov, err := LoadCoverage(ctx, client, p.DepartmentID)
	if err != nil {
		return nil, err
	}
	ps := &PlanStatus{Plan: p, AsOf: asOf}
	roleIndex := map[int]int{}
	areas := slices.SortedFunc(slices.Values(p.Edges.Areas), func(a, b *ent.Area) int { return cmp.Compare(a.Position, b.Position) })
	for _, area := range areas {
		as := AreaStatus{Area: area}
		results := make(map[int]followup.Result, len(area.Edges.Actions))
		for _, a := range area.Edges.Actions {
			results[a.ID] = EvaluateDuty(p, a, a.Edges.SignOffs, cov.Shares(a), asOf)
		}
		for _, a := range inPlanOrder(area.Edges.Actions) {
			it := Item{Action: a, Plan: p, Result: results[a.ID]}
			it.countSubActions(area.Edges.Actions, func(sub *ent.Action) followup.Status { return results[sub.ID].Status })
			it.LastSignedOn = lastSignedOn(&it, asOf)
			ps.Items = append(ps.Items, it)
			as.Counts.Add(it.Result)
			ps.Counts.Add(it.Result)
			r := a.Edges.Responsible
			i, ok := roleIndex[r.ID]
			if !ok {
				i = len(ps.Roles)
				roleIndex[r.ID] = i
				ps.Roles = append(ps.Roles, RoleStatus{Role: r})
			}
			ps.Roles[i].Counts.Add(it.Result)
			if it.Result.Status.Behind() {
				ps.Overdue = append(ps.Overdue, it)
			}
		}
		ps.Areas = append(ps.Areas, as)
	}
	return ps, nil
}

// inPlanOrder orders an area's actions as the plan does: each action, then
// its sub-actions.
func inPlanOrder(actions []*ent.Action) []*ent.Action {
	sorted := slices.SortedFunc(slices.Values(actions), func(a, b *ent.Action) int { return cmp.Compare(a.Position, b.Position) })
	var out []*ent.Action
	for _, top := range sorted {
		if top.ParentID != nil {
			continue
		}
		out = append(out, top)
		for _, sub := range sorted {
			if sub.ParentID != nil && *sub.ParentID == top.ID {
				out = append(out, sub)
			}
		}
	}
	return out
}

// countSubActions counts it's sub-actions among actions, and those of them
// done (or, when needed, logged) by status.
func (it *Item) countSubActions(actions []*ent.Action, status func(*ent.Action) followup.Status) {
	for _, sub := range actions {
		if sub.ParentID == nil || *sub.ParentID != it.Action.ID {
			continue
		}
		it.SubActionsTotal++
		if s := status(sub); s == followup.Done || s == followup.Logged {
			it.SubActionsDone++
		}
	}
}
