package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/hook"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/fault"
)

// The hooks below keep the rules that span rows: a child lives in its
// parent's department, every reference stays inside one department, and an
// action's number and deadline are consistent. They run inside the
// mutation's transaction, so a refused mutation writes nothing.

// Hooks of Plan.
func (Plan) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(next ent.Mutator) ent.Mutator {
			return hook.PlanFunc(func(ctx context.Context, m *gen.PlanMutation) (ent.Value, error) {
				dept, err := mutationDepartment(ctx, m)
				if err != nil {
					return nil, err
				}
				if id, ok := m.OwnerID(); ok {
					if err := roleInDepartment(ctx, m.Client(), dept, id, "ownerID"); err != nil {
						return nil, err
					}
				}
				if id, ok := m.ApprovedByID(); ok {
					if err := roleInDepartment(ctx, m.Client(), dept, id, "approvedByID"); err != nil {
						return nil, err
					}
				}
				return next.Mutate(ctx, m)
			})
		}, ent.OpCreate|ent.OpUpdateOne),
	}
}

// Hooks of Area.
func (Area) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(next ent.Mutator) ent.Mutator {
			return hook.AreaFunc(func(ctx context.Context, m *gen.AreaMutation) (ent.Value, error) {
				planID, _ := m.PlanID()
				p, err := m.Client().Plan.Get(ctx, planID)
				if err != nil {
					return nil, notFoundAs(err, "planID", "plan %d", planID)
				}
				if err := inheritDepartment(m, p.DepartmentID, "planID"); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, m)
			})
		}, ent.OpCreate),
	}
}

// Hooks of Role.
func (Role) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(next ent.Mutator) ent.Mutator {
			return hook.RoleFunc(func(ctx context.Context, m *gen.RoleMutation) (ent.Value, error) {
				dept, err := mutationDepartment(ctx, m)
				if err != nil {
					return nil, err
				}
				for _, pair := range []struct {
					field string
					ids   []int
				}{{"memberIDs", m.MembersIDs()}, {"groupIDs", m.GroupsIDs()}} {
					for _, id := range pair.ids {
						if err := roleInDepartment(ctx, m.Client(), dept, id, pair.field); err != nil {
							return nil, err
						}
					}
				}
				return next.Mutate(ctx, m)
			})
		}, ent.OpCreate|ent.OpUpdateOne),
	}
}

// Hooks of Action.
func (Action) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(next ent.Mutator) ent.Mutator {
			return hook.ActionFunc(func(ctx context.Context, m *gen.ActionMutation) (ent.Value, error) {
				if err := checkAction(ctx, m); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, m)
			})
		}, ent.OpCreate|ent.OpUpdateOne),
	}
}

// actionState is an action as it will be once the mutation is applied.
type actionState struct {
	id, areaID, departmentID int
	parentID                 *int
	reportBackOf             *int
	number                   *int
	kind                     action.DeadlineKind
	dueMonth, dueDate        *string
}

func checkAction(ctx context.Context, m *gen.ActionMutation) error {
	client := m.Client()
	var s actionState
	if m.Op().Is(ent.OpUpdateOne) {
		id, _ := m.ID()
		old, err := client.Action.Get(ctx, id)
		if err != nil {
			return err
		}
		s = actionState{id: id, areaID: old.AreaID, departmentID: old.DepartmentID, parentID: old.ParentID,
			reportBackOf: old.ReportBackOfID, number: old.Number, kind: old.DeadlineKind, dueMonth: old.DueMonth, dueDate: old.DueDate}
	} else {
		s.areaID, _ = m.AreaID()
		a, err := client.Area.Get(ctx, s.areaID)
		if err != nil {
			return notFoundAs(err, "areaID", "area %d", s.areaID)
		}
		if err := inheritDepartment(m, a.DepartmentID, "areaID"); err != nil {
			return err
		}
		s.departmentID = a.DepartmentID
		if id, ok := m.ParentID(); ok {
			s.parentID = &id
		}
		if id, ok := m.ReportBackOfID(); ok {
			s.reportBackOf = &id
		}
	}
	if n, ok := m.Number(); ok {
		s.number = &n
	}
	if m.NumberCleared() {
		s.number = nil
	}
	if k, ok := m.DeadlineKind(); ok {
		s.kind = k
	}
	if d, ok := m.DueMonth(); ok {
		s.dueMonth = &d
	}
	if m.DueMonthCleared() {
		s.dueMonth = nil
	}
	if d, ok := m.DueDate(); ok {
		s.dueDate = &d
	}
	if m.DueDateCleared() {
		s.dueDate = nil
	}

	if s.parentID != nil && m.Op().Is(ent.OpCreate) {
		parent, err := client.Action.Get(ctx, *s.parentID)
		if err != nil {
			return notFoundAs(err, "parentID", "action %d", *s.parentID)
		}
		switch {
		case parent.AreaID != s.areaID:
			return fault.Invalid("parentID", "the parent action belongs to another area")
		case parent.ParentID != nil:
			return fault.Invalid("parentID", "a sub-action cannot have sub-actions")
		}
	}
	if id, ok := m.ResponsibleID(); ok {
		if err := roleInDepartment(ctx, client, s.departmentID, id, "responsibleID"); err != nil {
			return err
		}
	}
	if err := checkNumber(ctx, client, s); err != nil {
		return err
	}
	switch {
	case s.kind == action.DeadlineKindMonth && s.dueMonth == nil:
		return fault.Invalid("dueMonth", "a month deadline needs dueMonth (YYYY-MM)")
	case s.kind != action.DeadlineKindMonth && s.dueMonth != nil:
		return fault.Invalid("dueMonth", "only a month deadline has dueMonth; %s has none", s.kind)
	case s.kind == action.DeadlineKindDate && s.dueDate == nil:
		return fault.Invalid("dueDate", "a date deadline needs dueDate (YYYY-MM-DD)")
	case s.kind != action.DeadlineKindDate && s.dueDate != nil:
		return fault.Invalid("dueDate", "only a date deadline has dueDate; %s has none", s.kind)
	}
	return nil
}

// checkNumber enforces the plan's numbering: top-level actions are numbered
// uniquely within their area, sub-actions and report-backs are not numbered.
func checkNumber(ctx context.Context, client *gen.Client, s actionState) error {
	if s.parentID != nil || s.reportBackOf != nil {
		if s.number != nil {
			return fault.Invalid("number", "sub-actions are not numbered")
		}
		return nil
	}
	if s.number == nil {
		return fault.Invalid("number", "an action needs a number")
	}
	taken, err := client.Action.Query().
		Where(action.AreaID(s.areaID), action.Number(*s.number), action.IDNEQ(s.id)).
		Exist(ctx)
	if err != nil {
		return err
	}
	if taken {
		return fault.Invalid("number", "the area already has an action number %d", *s.number)
	}
	return nil
}

// tenantMutation is a mutation of a schema with TenantMixin.
type tenantMutation interface {
	ent.Mutation
	DepartmentID() (int, bool)
	SetDepartmentID(int)
}

// inheritDepartment gives a new child its parent's department.
func inheritDepartment(m tenantMutation, parentDept int, field string) error {
	if dept, ok := m.DepartmentID(); ok && dept != parentDept {
		return fault.Invalid(field, "belongs to another department")
	}
	m.SetDepartmentID(parentDept)
	return nil
}

// mutationDepartment returns the department of the row being created or
// updated.
func mutationDepartment(ctx context.Context, m interface {
	tenantMutation
	OldDepartmentID(context.Context) (int, error)
}) (int, error) {
	if dept, ok := m.DepartmentID(); ok {
		return dept, nil
	}
	if m.Op().Is(ent.OpCreate) {
		return 0, fault.Invalid("departmentID", "a department is required")
	}
	return m.OldDepartmentID(ctx)
}

// roleInDepartment checks that a referenced role exists in the department.
// A role of another department is reported as not existing.
func roleInDepartment(ctx context.Context, client *gen.Client, dept, id int, field string) error {
	ok, err := client.Role.Query().Where(role.ID(id), role.DepartmentID(dept)).Exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return fault.Invalid(field, "no role %d in this department", id)
	}
	return nil
}

// notFoundAs turns a missing referenced row into bad input in field.
func notFoundAs(err error, field, format string, args ...any) error {
	if gen.IsNotFound(err) {
		return fault.Invalid(field, "no %s", fmt.Sprintf(format, args...))
	}
	return err
}
