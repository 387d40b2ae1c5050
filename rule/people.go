package rule

import (
	"context"
	"slices"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/viewer"
)

var errNotMunicipalityAdmin = fault.ErrForbidden.Sv("Bara kommunens administratörer kan göra det här.")

// AllowMunicipalityAdministrators allows municipality administrators to
// create a department. Changing one stays with its own administrators.
func AllowMunicipalityAdministrators() privacy.MutationRule {
	return privacy.DepartmentMutationRuleFunc(func(ctx context.Context, m *ent.DepartmentMutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		v := viewer.FromContext(ctx)
		if v == nil {
			return errLoggedOut
		}
		if v.MunicipalityAdmin {
			return privacy.Allow
		}
		return errNotMunicipalityAdmin
	})
}

// AllowPeopleChanges allows the changes of a user row that are not a
// login's: a department administrator adds a person ahead of their first
// login (no issuer yet; the roles they get are assignments, which
// AllowAdministrators guards per department), and a municipality
// administrator grants or takes back that right, changing nothing else.
func AllowPeopleChanges() privacy.MutationRule {
	return privacy.UserMutationRuleFunc(func(ctx context.Context, m *ent.UserMutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return errLoggedOut
		}
		switch {
		case m.Op().Is(ent.OpCreate):
			if issuer, _ := m.Issuer(); issuer == "" && len(v.AdministeredDepartmentIDs()) > 0 {
				return privacy.Allow
			}
		case m.Op().Is(ent.OpUpdateOne):
			changed := append(m.Fields(), m.ClearedFields()...)
			onlyGrant := !slices.ContainsFunc(changed, func(f string) bool {
				return f != user.FieldMunicipalityAdmin && f != user.FieldUpdatedAt
			})
			if onlyGrant && v.MunicipalityAdmin {
				return privacy.Allow
			}
			if onlyGrant {
				return errNotMunicipalityAdmin
			}
		}
		return fault.ErrForbidden.Sv("Uppgifterna om en person kommer från inloggningen.")
	})
}

// FilterAdministered limits queries of a department's configuration (its
// group mappings) to the departments the viewer administers.
func FilterAdministered() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(fieldIn("department_id", viewer.FromContext(ctx).AdministeredDepartmentIDs()))
		return privacy.Skip
	})
}
