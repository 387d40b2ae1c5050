package rule

import (
	"context"

	"entgo.io/ent/entql"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// AllowSigners allows a sign-off by a holder of the action's responsible
// role (by its assignee, when it has one), or by a holder of the plan's owner role on the role's behalf; and
// its withdrawal by its signer or the plan owner. An action of another
// department is not found.
func AllowSigners() privacy.MutationRule {
	return privacy.SignOffMutationRuleFunc(func(ctx context.Context, m *ent.SignOffMutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return errLoggedOut
		}
		var actionID, signerID int
		if id, ok := m.ID(); ok { // withdrawal
			s, err := m.Client().SignOff.Get(ctx, id)
			if err != nil {
				return notFoundSays(err, "Markeringen finns inte, eller hör till en annan förvaltning.")
			}
			actionID, signerID = s.ActionID, s.SignerID
		} else {
			actionID, _ = m.ActionID()
		}
		a, err := m.Client().Action.Query().Where(action.ID(actionID)).WithArea(func(q *ent.AreaQuery) { q.WithPlan() }).Only(ctx)
		if err != nil {
			return notFoundSays(err, "Åtgärden finns inte, eller hör till en annan förvaltning.")
		}
		owner := v.HoldsRole(a.DepartmentID, a.Edges.Area.Edges.Plan.OwnerID)
		if _, ok := m.ID(); ok {
			if mayWithdraw(v, signerID, a.DepartmentID, a.Edges.Area.Edges.Plan.OwnerID) {
				return privacy.Allow
			}
			return errMayNotWithdraw
		}
		onBehalf, _ := m.OnBehalf()
		switch {
		case !onBehalf && Answers(v, a):
			return privacy.Allow
		case onBehalf && owner:
			return privacy.Allow
		}
		return errMayNotSign
	})
}

var (
	errMayNotSign     = fault.ErrForbidden.Sv("Åtgärden hör inte till dina roller, så du kan inte markera den som utförd.")
	errMayNotWithdraw = fault.ErrForbidden.Sv("Bara den som markerade åtgärden som utförd, eller den som äger planen, kan ångra markeringen.")
)

// MayWithdraw reports whether v may withdraw sign-off s of an action in a
// plan whose owner role is planOwner: its signer, or a holder of the plan's
// owner role, may. (Whether it is withdrawn already is not the rule's.)
func MayWithdraw(v *viewer.Viewer, s *ent.SignOff, planOwner int) bool {
	return mayWithdraw(v, s.SignerID, s.DepartmentID, planOwner)
}

func mayWithdraw(v *viewer.Viewer, signerID, dept, planOwner int) bool {
	return v != nil && (signerID == v.UserID || v.HoldsRole(dept, planOwner))
}

// Answers reports whether v answers for the action: its assignee when it
// has one (a report-back of one board member or unit manager), else the
// holders of its responsible role.
func Answers(v *viewer.Viewer, a *ent.Action) bool {
	if a.AssigneeID != nil {
		return *a.AssigneeID == v.UserID
	}
	return v.HoldsRole(a.DepartmentID, a.ResponsibleID)
}

// AllowMembers allows any member of the row's department, e.g. to upload
// evidence.
func AllowMembers() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return errLoggedOut
		}
		tm, ok := m.(interface{ DepartmentID() (int, bool) })
		if !ok {
			return privacy.Denyf("rule: %T has no department", m)
		}
		if dept, ok := tm.DepartmentID(); ok && v.Member(dept) {
			return privacy.Allow
		}
		return errNotFound
	})
}

// FilterOwnCalendarFeeds lets users see only their own calendar feeds.
func FilterOwnCalendarFeeds() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(entql.FieldEQ("user_id", viewer.FromContext(ctx).UserID))
		return privacy.Skip
	})
}

const noFeed = "Kalenderadressen finns inte."

// AllowOwnCalendarFeeds lets users create and revoke only their own feeds.
func AllowOwnCalendarFeeds() privacy.MutationRule {
	return privacy.CalendarFeedMutationRuleFunc(func(ctx context.Context, m *ent.CalendarFeedMutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return errLoggedOut
		}
		owner, ok := m.UserID()
		if !ok {
			var err error
			if owner, err = m.OldUserID(ctx); err != nil {
				return notFoundSays(err, noFeed)
			}
		}
		if owner == v.UserID {
			return privacy.Allow
		}
		return fault.ErrNotFound.Sv(noFeed)
	})
}
