// Package rule holds the privacy rules that the ent schemas list in their
// Policy(), so that who may read or change a type is written next to it.
//
// Reading: a user reads the rows of the departments they belong to; other
// departments' rows are filtered out of every query, so they look like
// they do not exist. Writing: the plan owner and the department's plan
// editors change plans; administrators change roles and assignments. The
// system (import, login) acts through SystemContext.
package rule

import (
	"context"

	"entgo.io/ent/entql"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/user"

	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// SystemContext returns a context in which the system does task with all
// rights, bypassing the privacy rules. Use it only where no user acts: the
// import command, seeding, login, the audit hook.
func SystemContext(ctx context.Context, task string) context.Context {
	return privacy.DecisionContext(viewer.WithSystem(ctx, task), privacy.Allow)
}

// The rules' refusals, in Swedish for the person refused.
var (
	errLoggedOut = fault.ErrUnauthenticated.Sv("Du är inte inloggad längre. Ladda om sidan och logga in igen.")
	errNotFound  = fault.ErrNotFound.Sv("Det finns inte, eller hör till en annan förvaltning.")
)

// DenyIfNoViewer refuses anonymous access.
func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return errLoggedOut
		}
		return privacy.Skip
	})
}

// FilterTenant limits queries of a tenant-owned type to the viewer's
// departments.
func FilterTenant() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		if _, ok := f.(interface{ WhereDepartmentID(entql.IntP) }); !ok {
			return privacy.Denyf("rule: %T has no department", f)
		}
		f.Where(fieldIn("department_id", viewer.FromContext(ctx).DepartmentIDs()))
		return privacy.Skip
	})
}

// FilterDepartments limits queries of departments to the viewer's.
func FilterDepartments() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(fieldIn("id", viewer.FromContext(ctx).DepartmentIDs()))
		return privacy.Skip
	})
}

// fieldIn is the predicate "field IN ids"; an empty list matches nothing.
func fieldIn(field string, ids []int) entql.P {
	if len(ids) == 0 {
		return entql.FieldEQ(field, -1) // ids are positive
	}
	vs := make([]any, len(ids))
	for i, id := range ids {
		vs[i] = id
	}
	return entql.FieldIn(field, vs...)
}

// FilterUsers limits queries of users to the viewer and the people who hold
// roles in the viewer's departments.
func FilterUsers() privacy.QueryRule {
	return privacy.UserQueryRuleFunc(func(ctx context.Context, q *ent.UserQuery) error {
		v := viewer.FromContext(ctx)
		q.Where(user.Or(
			user.ID(v.UserID),
			user.HasAssignmentsWith(roleassignment.DepartmentIDIn(v.DepartmentIDs()...)),
		))
		return privacy.Skip
	})
}

// FilterAuditRecords limits the audit trail to the departments the viewer
// administers.
func FilterAuditRecords() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(fieldIn("department_id", viewer.FromContext(ctx).AdministeredDepartmentIDs()))
		return privacy.Skip
	})
}
