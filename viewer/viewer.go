// Package viewer carries who is asking through the context: a logged-in
// user with the roles they hold per department, or the system itself
// (import, login) acting on its own behalf. Privacy rules (package rule)
// decide from it; nothing else should.
package viewer

import (
	"context"
	"slices"
)

// Viewer is who is asking.
type Viewer struct {
	UserID      int
	Name        string
	Departments map[int]Membership // by department id
	// MunicipalityAdmin creates departments (and makes others municipality
	// administrators); it gives no right inside any department.
	MunicipalityAdmin bool
}

// Membership is what a user holds in one department.
type Membership struct {
	RoleIDs     []int // roles held, and the groups they belong to
	EditsPlans  bool
	Administers bool
	BoardMember bool // sits on the board: books study visits
}

// DepartmentIDs returns the departments the viewer belongs to, sorted.
func (v *Viewer) DepartmentIDs() []int {
	ids := make([]int, 0, len(v.Departments))
	for id := range v.Departments {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Member reports whether the viewer belongs to the department.
func (v *Viewer) Member(dept int) bool {
	_, ok := v.Departments[dept]
	return ok
}

// HoldsRole reports whether the viewer holds the role (directly or as a
// member of the group) in the department.
func (v *Viewer) HoldsRole(dept, role int) bool {
	return slices.Contains(v.Departments[dept].RoleIDs, role)
}

// EditsPlans reports whether the viewer edits every plan of the department.
func (v *Viewer) EditsPlans(dept int) bool { return v.Departments[dept].EditsPlans }

// Administers reports whether the viewer administers the department.
func (v *Viewer) Administers(dept int) bool { return v.Departments[dept].Administers }

// BoardMember reports whether the viewer sits on the department's board.
func (v *Viewer) BoardMember(dept int) bool { return v.Departments[dept].BoardMember }

// AdministeredDepartmentIDs returns the departments the viewer administers.
func (v *Viewer) AdministeredDepartmentIDs() []int {
	var ids []int
	for _, id := range v.DepartmentIDs() {
		if v.Departments[id].Administers {
			ids = append(ids, id)
		}
	}
	return ids
}

type viewerKey struct{}

// NewContext returns a context that carries the viewer.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer in ctx, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

type systemKey struct{}

// WithSystem marks ctx as the system doing task (e.g. "import", "login"),
// for the audit trail. Granting the rights is up to the caller (see
// rule.SystemContext).
func WithSystem(ctx context.Context, task string) context.Context {
	return context.WithValue(ctx, systemKey{}, task)
}

// SystemTask returns the system task ctx was marked with, or "".
func SystemTask(ctx context.Context) string {
	t, _ := ctx.Value(systemKey{}).(string)
	return t
}
