package rule

import (
	"context"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// A draft plan (utkast) is seen only by its editors: those who edit plans
// in its department, and its administrators. To everyone else the draft,
// its areas and its actions do not exist (NOT_FOUND, missing from lists),
// until it is adopted.

// draftEditors returns the viewer's departments whose drafts they see, and
// whether that is all of them (then nothing is hidden).
func draftEditors(ctx context.Context) (depts []int, all bool) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, false
	}
	for _, d := range v.DepartmentIDs() {
		if SeesDrafts(v, d) {
			depts = append(depts, d)
		}
	}
	return depts, len(depts) == len(v.Departments)
}

// SeesDrafts reports whether the viewer sees the department's draft plans.
func SeesDrafts(v *viewer.Viewer, dept int) bool {
	return v.EditsPlans(dept) || v.Administers(dept)
}

// FilterDraftPlans hides drafts from those who do not edit them.
func FilterDraftPlans() privacy.QueryRule {
	return privacy.PlanQueryRuleFunc(func(ctx context.Context, q *ent.PlanQuery) error {
		if depts, all := draftEditors(ctx); !all {
			q.Where(plan.Or(plan.StatusNEQ(plan.StatusDraft), plan.DepartmentIDIn(depts...)))
		}
		return privacy.Skip
	})
}

// FilterDraftAreas hides the areas of drafts from those who do not edit them.
func FilterDraftAreas() privacy.QueryRule {
	return privacy.AreaQueryRuleFunc(func(ctx context.Context, q *ent.AreaQuery) error {
		if depts, all := draftEditors(ctx); !all {
			q.Where(area.Or(area.HasPlanWith(plan.StatusNEQ(plan.StatusDraft)), area.DepartmentIDIn(depts...)))
		}
		return privacy.Skip
	})
}

// FilterDraftActions hides the actions of drafts from those who do not
// edit them.
func FilterDraftActions() privacy.QueryRule {
	return privacy.ActionQueryRuleFunc(func(ctx context.Context, q *ent.ActionQuery) error {
		if depts, all := draftEditors(ctx); !all {
			q.Where(action.Or(action.HasAreaWith(area.HasPlanWith(plan.StatusNEQ(plan.StatusDraft))), action.DepartmentIDIn(depts...)))
		}
		return privacy.Skip
	})
}

// EditsPlan reports whether the viewer may change the plan (AllowPlanEditors'
// rule, read before a mutation: what the app offers them).
func EditsPlan(v *viewer.Viewer, p *ent.Plan) bool {
	return v != nil && (v.EditsPlans(p.DepartmentID) || v.HoldsRole(p.DepartmentID, p.OwnerID))
}
