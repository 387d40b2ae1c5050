package rule

import (
	"context"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
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
		if PlansVisits(v, dept) {
			return privacy.Allow
		}
		return fault.ErrForbidden.Sv("Bara den som planerar nämndens besök får göra det här.")
	})
}

// PlansVisits reports whether v plans the department's board meetings,
// operations, units, visits and study visit slots, and records board
// visits as held: its plan editors.
func PlansVisits(v *viewer.Viewer, dept int) bool { return v != nil && v.EditsPlans(dept) }

// OwnsStudyVisit reports whether a booking of the department's that is
// owner's is v's to make and record: v's own, while a board member.
func OwnsStudyVisit(v *viewer.Viewer, dept, owner int) bool {
	return v != nil && owner == v.UserID && v.BoardMember(dept)
}

// MayCancelStudyVisit reports whether v may cancel a booking of the
// department's that is owner's: its member, while a board member, or a
// visit planner. (Whether it was held is the booking's state; see
// visits.CanCancel.)
func MayCancelStudyVisit(v *viewer.Viewer, dept, owner int) bool {
	return OwnsStudyVisit(v, dept, owner) || PlansVisits(v, dept)
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
		case OwnsStudyVisit(v, dept, owner):
			return privacy.Allow
		case m.Op().Is(ent.OpDeleteOne) && MayCancelStudyVisit(v, dept, owner):
			return privacy.Allow
		}
		return fault.ErrForbidden.Sv("Bara den som bokade studiebesöket får ändra det.")
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
		return fault.ErrForbidden.Sv("Bara den som ordnar förvaltningens workshops får göra det här.")
	})
}

// OrganisesWorkshops reports whether v organises the department's
// workshops (see AllowWorkshopOrganisers).
func OrganisesWorkshops(ctx context.Context, client *ent.Client, v *viewer.Viewer, dept int) (bool, error) {
	if v == nil || !v.Member(dept) {
		return false, nil
	}
	return client.Department.Query().Where(department.ID(dept), workshopsOrganisedBy(v)).Exist(ctx)
}

// workshopsOrganisedBy matches the departments whose workshops v
// organises: those where v holds the responsible role of an action with
// the workshops rule (in a plan not archived), and those with no such
// action where v edits the plans. One predicate, so that the rule of who
// organises is the same in a check (OrganisesWorkshops) and in a filter
// (FilterWorkshopRegistrations).
func workshopsOrganisedBy(v *viewer.Viewer) predicate.Department {
	var roles, editing []int
	for dept, m := range v.Departments {
		roles = append(roles, m.RoleIDs...)
		if m.EditsPlans {
			editing = append(editing, dept)
		}
	}
	// Roles are each one department's, so holding the responsible role
	// of a department's action means holding it in that department.
	workshopRule := func(more ...predicate.Action) predicate.Department {
		return department.HasPlansWith(plan.StatusNEQ(plan.StatusArchived),
			plan.HasAreasWith(area.HasActionsWith(append([]predicate.Action{action.RuleEQ(action.RuleWorkshops)}, more...)...)))
	}
	var either []predicate.Department
	if len(roles) > 0 {
		either = append(either, workshopRule(action.ResponsibleIDIn(roles...)))
	}
	if len(editing) > 0 {
		either = append(either, department.And(department.IDIn(editing...), department.Not(workshopRule())))
	}
	if len(either) == 0 {
		return department.IDIn() // none
	}
	return department.Or(either...)
}

// FilterWorkshopRegistrations lets a member read their own registrations,
// and the organisers of a department's workshops every registration of
// it: who registered, who has a seat and who waits is the organisers'
// list, not the whole department's.
func FilterWorkshopRegistrations() privacy.QueryRule {
	return privacy.WorkshopRegistrationQueryRuleFunc(func(ctx context.Context, q *ent.WorkshopRegistrationQuery) error {
		v := viewer.FromContext(ctx)
		q.Where(workshopregistration.Or(
			workshopregistration.UserID(v.UserID),
			workshopregistration.HasDepartmentWith(workshopsOrganisedBy(v)),
		))
		return privacy.Skip
	})
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
		return fault.ErrForbidden.Sv("Du kan bara ändra din egen anmälan. Den som ordnar workshoppen kan ändra andras.")
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

// AllowOrganisationEditors allows changes to a department's operation
// areas to its plan editors, who edit its operations and units too, and
// to its administrators.
func AllowOrganisationEditors() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v, dept, err := viewerAndTenant(ctx, m)
		if err != nil {
			return err
		}
		if PlansVisits(v, dept) || v.Administers(dept) {
			return privacy.Allow
		}
		return fault.ErrForbidden.Sv("Bara den som får redigera planer, eller förvaltningens administratörer, kan ändra verksamhetsområdena.")
	})
}
