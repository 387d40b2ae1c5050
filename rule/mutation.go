package rule

import (
	"context"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/entrow"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// target is what a mutation touches: its department and, for plan
// content, the plan.
type target struct {
	department int
	plan       int // 0 when creating a plan
	status     plan.Status
}

// AllowPlanEditors allows a change to a plan, an area or an action when the
// viewer edits plans in its department or holds the owner role of its plan.
// Anything in another department is not found.
func AllowPlanEditors() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return errLoggedOut
		}
		t, err := planTarget(ctx, m)
		if err != nil {
			return err
		}
		if !v.Member(t.department) {
			return errNotFound
		}
		may := v.EditsPlans(t.department)
		if !may && t.plan != 0 {
			p, err := m.(interface{ Client() *ent.Client }).Client().Plan.Get(ctx, t.plan)
			if err != nil {
				return err
			}
			may = v.HoldsRole(t.department, p.OwnerID)
		}
		switch {
		case !may:
			return errNotEditor
		case t.status == plan.StatusArchived && !reopening(m):
			return errArchived
		}
		return privacy.Allow
	})
}

// errNotEditor refuses a change of a plan to one who neither edits plans
// in its department nor holds its owner role.
var errNotEditor = fault.ErrForbidden.Sv("Bara den som äger planen, eller den som får redigera planer, kan ändra den.")

// MayChangePlan answers, before a mutation, what AllowPlanEditors would
// answer a change of the plan p (read with the viewer's rights): FORBIDDEN
// to one who may not edit it, CONFLICT for an archived plan, nil to an
// editor. For a mutation that may find nothing to write (moving an item to
// where it already is), so that its answer is the same either way.
func MayChangePlan(v *viewer.Viewer, p *ent.Plan) error {
	switch {
	case v == nil:
		return errLoggedOut
	case !v.Member(p.DepartmentID):
		return errNotFound
	case !EditsPlan(v, p):
		return errNotEditor
	case p.Status == plan.StatusArchived:
		return errArchived
	}
	return nil
}

// errArchived refuses any change to an archived plan but reopening it.
var errArchived = fault.Conflictf("the plan is archived and read-only; reopen it first").
	Sv("Planen är arkiverad och kan inte ändras. Återöppna den först.")

// reopening reports whether m changes nothing of a plan but its status
// (lifecycle.Reopen).
func reopening(m ent.Mutation) bool {
	pm, ok := m.(*ent.PlanMutation)
	if !ok || !pm.Op().Is(ent.OpUpdateOne) {
		return false
	}
	for _, f := range pm.Fields() {
		if f != plan.FieldStatus && f != plan.FieldUpdatedAt {
			return false
		}
	}
	return len(pm.ClearedFields()) == 0
}

// AllowAdministrators allows a change to a department's settings, roles,
// operation areas and role assignments to its administrators.
func AllowAdministrators() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return errLoggedOut
		}
		dept, err := adminTarget(ctx, m)
		if err != nil {
			return err
		}
		switch {
		case !v.Member(dept):
			return errNotFound
		case v.Administers(dept):
			return privacy.Allow
		}
		return fault.ErrForbidden.Sv("Bara förvaltningens administratörer kan ändra det här.")
	})
}

// planTarget finds what a plan, area or action mutation touches. Rows are
// read with the viewer's own rights, so another department's row is not
// found.
func planTarget(ctx context.Context, m ent.Mutation) (target, error) {
	switch m := m.(type) {
	case *ent.PlanMutation:
		if id, ok := m.ID(); ok {
			p, err := m.Client().Plan.Get(ctx, id)
			if err != nil {
				return target{}, notFound(err)
			}
			return target{department: p.DepartmentID, plan: id, status: p.Status}, nil
		}
		dept, _ := m.DepartmentID()
		return target{department: dept}, nil
	case *ent.AreaMutation:
		planID, ok := m.PlanID()
		if id, hasID := m.ID(); hasID {
			a, err := m.Client().Area.Get(ctx, id)
			if err != nil {
				return target{}, notFound(err)
			}
			planID, ok = a.PlanID, true
		}
		if !ok {
			return target{}, fault.Invalid("planID", "a plan is required").Sv("Välj vilken plan området hör till.")
		}
		p, err := m.Client().Plan.Get(ctx, planID)
		if err != nil {
			return target{}, notFoundAs(err, "planID")
		}
		return target{department: p.DepartmentID, plan: p.ID, status: p.Status}, nil
	case *ent.ActionMutation:
		areaID, ok := m.AreaID()
		if id, hasID := m.ID(); hasID {
			a, err := m.Client().Action.Get(ctx, id)
			if err != nil {
				return target{}, notFound(err)
			}
			areaID, ok = a.AreaID, true
		}
		if !ok {
			return target{}, fault.Invalid("areaID", "an area is required").Sv("Välj vilket område åtgärden hör till.")
		}
		a, err := m.Client().Area.Query().Where(area.ID(areaID)).
			WithPlan(func(q *ent.PlanQuery) { q.Select(plan.FieldStatus) }).Only(ctx)
		if err != nil {
			return target{}, notFoundAs(err, "areaID")
		}
		return target{department: a.DepartmentID, plan: a.PlanID, status: a.Edges.Plan.Status}, nil
	}
	return target{}, privacy.Denyf("rule: plan editors do not change %T", m)
}

// adminTarget finds the department an administrative mutation touches.
func adminTarget(ctx context.Context, m ent.Mutation) (int, error) {
	type tenantMutation interface {
		ent.Mutation
		ID() (int, bool)
		DepartmentID() (int, bool)
		OldDepartmentID(context.Context) (int, error)
	}
	switch m := m.(type) {
	case *ent.DepartmentMutation:
		id, ok := m.ID()
		if !ok {
			return 0, privacy.Denyf("rule: departments are created by import")
		}
		_, err := m.Client().Department.Get(ctx, id)
		return id, notFound(err)
	case tenantMutation:
		if dept, ok := m.DepartmentID(); ok {
			return dept, nil
		}
		id, ok := m.ID()
		if !ok {
			return 0, fault.Invalid("departmentID", "a department is required").Sv("Välj vilken förvaltning det gäller.")
		}
		if m.Op().Is(ent.OpDeleteOne) {
			// Old values are only kept for updates; read the row.
			row, err := deletedRow(ctx, m, id)
			if err != nil {
				return 0, err
			}
			dept, ok := entrow.DepartmentID(row)
			if !ok {
				return 0, privacy.Denyf("rule: %T has no department", row)
			}
			return dept, nil
		}
		// OldDepartmentID reads the row with the viewer's rights: another
		// department's row is not found.
		dept, err := m.OldDepartmentID(ctx)
		return dept, notFound(err)
	}
	return 0, privacy.Denyf("rule: administrators do not change %T", m)
}

// deletedRow reads the row a delete-one mutation removes, with the
// viewer's rights: another department's row is not found.
func deletedRow(ctx context.Context, m ent.Mutation, id int) (any, error) {
	row, err := entrow.Get(ctx, m.(interface{ Client() *ent.Client }).Client(), m.Type(), id)
	return row, notFound(err)
}

func notFound(err error) error {
	if ent.IsNotFound(err) {
		return errNotFound
	}
	return err
}

// notFoundSays is notFound with its own Swedish sentence.
func notFoundSays(err error, say string) error {
	if ent.IsNotFound(err) {
		return fault.ErrNotFound.Sv("%s", say)
	}
	return err
}

// missing says which row an input refers to is not there, by the input.
var missing = map[string]string{
	"planID": "Planen finns inte, eller hör till en annan förvaltning.",
	"areaID": "Området finns inte, eller hör till en annan förvaltning.",
}

func notFoundAs(err error, field string) error {
	if ent.IsNotFound(err) {
		say, ok := missing[field]
		if !ok {
			say = errNotFound.Say
		}
		return fault.NoSuch(field, field[:len(field)-2]).Sv("%s", say)
	}
	return err
}
