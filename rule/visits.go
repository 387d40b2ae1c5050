package rule

import (
	"context"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// The rules of board meetings, visits and workshops (the plan's own rules;
// see docs/visits-and-workshops.md).

// AllowVisitPlanners allows changes to board meetings, operations, units,
// APT dates, board visits and study visit slots to the roles that edit the
// department's plans (Förvaltningschef, Utvecklingschef).
func AllowVisitPlanners() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v, dept, err := viewerAndTenant(ctx, m)
		if err != nil {
			return err
		}
		if v.EditsPlans(dept) {
			return privacy.Allow
		}
		return fault.ErrForbidden
	})
}

// AllowOwnStudyVisitBookings lets board members book a study visit for
// themselves and record (hold) it, which files their report-back; a
// booking is cancelled by its member or by a visit planner.
func AllowOwnStudyVisitBookings() privacy.MutationRule {
	return privacy.StudyVisitBookingMutationRuleFunc(func(ctx context.Context, m *ent.StudyVisitBookingMutation) error {
		v, dept, err := viewerAndTenant(ctx, m)
		if err != nil {
			return err
		}
		owner, err := bookingOwner(ctx, m)
		if err != nil {
			return err
		}
		switch {
		case owner == v.UserID && v.BoardMember(dept):
			return privacy.Allow
		case m.Op().Is(ent.OpDeleteOne) && v.EditsPlans(dept):
			return privacy.Allow
		}
		return fault.ErrForbidden
	})
}

// AllowWorkshopOrganisers allows creating and allocating workshops to the
// holders of the responsible role of the plan's workshop action (the
// Förvaltningschef in Bollebygd's plan); in a department whose plans state
// no workshop rule, to its plan editors.
func AllowWorkshopOrganisers() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v, dept, err := viewerAndTenant(ctx, m)
		if err != nil {
			return err
		}
		ok, err := OrganisesWorkshops(ctx, m.(interface{ Client() *ent.Client }).Client(), v, dept)
		if err != nil {
			return err
		}
		if ok {
			return privacy.Allow
		}
		return fault.ErrForbidden
	})
}

// OrganisesWorkshops reports whether v organises the department's
// workshops (see AllowWorkshopOrganisers).
func OrganisesWorkshops(ctx context.Context, client *ent.Client, v *viewer.Viewer, dept int) (bool, error) {
	roles, err := client.Action.Query().
		Where(action.DepartmentID(dept), action.RuleEQ(action.RuleWorkshops),
			action.HasAreaWith(area.HasPlanWith(plan.StatusNEQ(plan.StatusArchived)))).
		Select(action.FieldResponsibleID).Ints(ctx)
	if err != nil {
		return false, err
	}
	if len(roles) == 0 {
		return v.EditsPlans(dept), nil
	}
	for _, r := range roles {
		if v.HoldsRole(dept, r) {
			return true, nil
		}
	}
	return false, nil
}

// AllowOwnWorkshopRegistrations lets any member of the department register
// their own interest and cancel it; the workshop's organisers change any
// registration (allocating seats).
func AllowOwnWorkshopRegistrations() privacy.MutationRule {
	return privacy.WorkshopRegistrationMutationRuleFunc(func(ctx context.Context, m *ent.WorkshopRegistrationMutation) error {
		v, dept, err := viewerAndTenant(ctx, m)
		if err != nil {
			return err
		}
		owner, ok := m.UserID()
		if !ok {
			if owner, err = m.OldUserID(ctx); err != nil {
				return notFound(err)
			}
		}
		if owner == v.UserID {
			return privacy.Allow
		}
		organiser, err := OrganisesWorkshops(ctx, m.Client(), v, dept)
		if err != nil {
			return err
		}
		if organiser && !m.Op().Is(ent.OpCreate) {
			return privacy.Allow
		}
		return fault.ErrForbidden
	})
}

// viewerAndTenant returns the viewer and the department a mutation of a
// tenant-owned row touches; another department's row is not found.
func viewerAndTenant(ctx context.Context, m ent.Mutation) (*viewer.Viewer, int, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, 0, fault.ErrUnauthenticated
	}
	dept, err := adminTarget(ctx, m)
	if err != nil {
		return nil, 0, err
	}
	if !v.Member(dept) {
		return nil, 0, fault.ErrNotFound
	}
	return v, dept, nil
}

// bookingOwner returns the member a booking is, or will be, for.
func bookingOwner(ctx context.Context, m *ent.StudyVisitBookingMutation) (int, error) {
	if owner, ok := m.UserID(); ok {
		return owner, nil
	}
	id, _ := m.ID()
	if m.Op().Is(ent.OpDeleteOne) {
		row, err := deletedRow(ctx, m, id)
		if err != nil {
			return 0, err
		}
		return row.(*ent.StudyVisitBooking).UserID, nil
	}
	owner, err := m.OldUserID(ctx)
	return owner, notFound(err)
}
