package schema

import (
	"context"

	"entgo.io/ent"

	gen "github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/hook"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/rule"
)

// Who may read and change each type. The rules are in package rule; the
// system (import, login, the audit hook) acts through rule.SystemContext.
//
// Reading a tenant-owned type needs no rule here: TenantMixin's own policy
// (mixin.go) filters every query to the viewer's departments, and a type
// adds query rules only to narrow that further.

func (Department) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfNoViewer(), rule.FilterDepartments(), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{rule.AllowMunicipalityAdministrators(), rule.AllowAdministrators(), privacy.AlwaysDenyRule()},
	}
}

func (Role) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowAdministrators(), privacy.AlwaysDenyRule()},
	}
}

// Operation areas are edited by plan editors, like operations and units,
// and by administrators.
func (OperationArea) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowOrganisationEditors(), privacy.AlwaysDenyRule()},
	}
}

func (RoleAssignment) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowAdministrators(), privacy.AlwaysDenyRule()},
	}
}

// Plans, areas and actions are written by plan editors and the plan's
// owner; a draft is read by its editors only, and an archived plan is
// read-only (rule.AllowPlanEditors).
func (Plan) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterDraftPlans()},
		Mutation: privacy.MutationPolicy{rule.AllowPlanEditors(), privacy.AlwaysDenyRule()},
	}
}

func (Area) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterDraftAreas()},
		Mutation: privacy.MutationPolicy{rule.AllowPlanEditors(), privacy.AlwaysDenyRule()},
	}
}

func (Action) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterDraftActions()},
		Mutation: privacy.MutationPolicy{rule.AllowPlanEditors(), privacy.AlwaysDenyRule()},
	}
}

// Users are seen by themselves and by members of a department they hold a
// role in; they are written at login (the system), added ahead by
// department administrators, and made municipality administrators by one.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfNoViewer(), rule.FilterUsers(), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{rule.AllowPeopleChanges(), privacy.AlwaysDenyRule()},
	}
}

// Sessions and login attempts belong to the login machinery alone.
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

func (LoginAttempt) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// The audit trail is read by the administrators of its department.
func (AuditRecord) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfNoViewer(), rule.FilterAuditRecords(), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Hooks of AuditRecord: the trail is append-only, even for the system.
func (AuditRecord) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(next ent.Mutator) ent.Mutator {
			return hook.AuditRecordFunc(func(ctx context.Context, m *gen.AuditRecordMutation) (ent.Value, error) {
				return nil, privacy.Denyf("audit records cannot be changed or deleted")
			})
		}, ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne),
	}
}

// Sign-offs are made by the responsible role (or the plan owner on its
// behalf) and withdrawn by their signer or the plan owner.
func (SignOff) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowSigners(), privacy.AlwaysDenyRule()},
	}
}

// Evidence is uploaded by members and read by those who may read its
// department's actions.
func (Evidence) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowMembers(), privacy.AlwaysDenyRule()},
	}
}

func (CalendarFeed) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfNoViewer(), rule.FilterOwnCalendarFeeds(), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{rule.AllowOwnCalendarFeeds(), privacy.AlwaysDenyRule()},
	}
}

// Board meetings, operations, units, APT dates, board visits and study
// visit slots are planned by the department's plan editors.
func visitPlanning() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowVisitPlanners(), privacy.AlwaysDenyRule()},
	}
}

func (BoardMeeting) Policy() ent.Policy     { return visitPlanning() }
func (Operation) Policy() ent.Policy        { return visitPlanning() }
func (Unit) Policy() ent.Policy             { return visitPlanning() }
func (WorkplaceMeeting) Policy() ent.Policy { return visitPlanning() }
func (BoardVisit) Policy() ent.Policy       { return visitPlanning() }
func (StudyVisitSlot) Policy() ent.Policy   { return visitPlanning() }

// Board members book study visits for themselves and record them.
func (StudyVisitBooking) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowOwnStudyVisitBookings(), privacy.AlwaysDenyRule()},
	}
}

// Workshops are held by the role the plan names (Förvaltningschef).
func (Workshop) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.AllowWorkshopOrganisers(), privacy.AlwaysDenyRule()},
	}
}

// Any member registers their own interest in a workshop, and reads their
// own registrations; the workshops' organisers read them all.
func (WorkshopRegistration) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterWorkshopRegistrations()},
		Mutation: privacy.MutationPolicy{rule.AllowOwnWorkshopRegistrations(), privacy.AlwaysDenyRule()},
	}
}

// A department's group mappings are read and edited by its administrators.
func (GroupMapping) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterAdministered()},
		Mutation: privacy.MutationPolicy{rule.AllowAdministrators(), privacy.AlwaysDenyRule()},
	}
}
