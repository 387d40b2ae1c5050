package auth

import (
	"context"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// LoadViewer builds the viewer of a user from their role assignments: per
// department, the roles held and the groups those roles belong to, and the
// permissions any of them carries.
func LoadViewer(ctx context.Context, client *ent.Client, userID int) (*viewer.Viewer, error) {
	u, err := client.User.Query().
		Where(user.ID(userID)).
		WithAssignments(func(q *ent.RoleAssignmentQuery) {
			q.WithRole(func(q *ent.RoleQuery) { q.WithGroups() })
		}).
		Only(rule.SystemContext(ctx, "login"))
	if err != nil {
		return nil, err
	}
	v := &viewer.Viewer{
		UserID: u.ID, Name: u.Name, Departments: map[int]viewer.Membership{},
		MunicipalityAdmin: u.MunicipalityAdmin || u.MunicipalityAdminByClaim,
	}
	for _, a := range u.Edges.Assignments {
		m := v.Departments[a.DepartmentID]
		for _, r := range append([]*ent.Role{a.Edges.Role}, a.Edges.Role.Edges.Groups...) {
			m.RoleIDs = append(m.RoleIDs, r.ID)
			m.EditsPlans = m.EditsPlans || r.EditsPlans
			m.Administers = m.Administers || r.Administers
			m.BoardMember = m.BoardMember || r.BoardMember
		}
		v.Departments[a.DepartmentID] = m
	}
	return v, nil
}
