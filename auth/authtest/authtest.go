// Package authtest makes users with roles for tests.
package authtest

import (
	"context"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/logging"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// User creates a user holding the named roles of the department with the
// slug (assigned by an administrator) and returns their viewer.
func User(t testing.TB, client *ent.Client, deptSlug string, roles ...string) *viewer.Viewer {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	u, err := client.User.Create().SetIssuer("https://idp.test").SetSubject("user-" + logging.NewRequestID()).
		SetName("Test " + deptSlug).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range roles {
		r, err := client.Role.Query().Where(role.Name(name), role.HasDepartmentWith(department.Slug(deptSlug))).Only(ctx)
		if err != nil {
			t.Fatalf("role %s in %s: %v", name, deptSlug, err)
		}
		err = client.RoleAssignment.Create().SetUserID(u.ID).SetRoleID(r.ID).SetDepartmentID(r.DepartmentID).
			SetSource(roleassignment.SourceAdmin).Exec(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	v, err := auth.LoadViewer(ctx, client, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// UnitManager creates a user holding the named roles who manages a new unit
// of the department (in an operation of the same name), and returns their
// viewer and the unit's id: a unit manager signs each-unit duties for it.
func UnitManager(t testing.TB, client *ent.Client, deptSlug, unitName string, roles ...string) (*viewer.Viewer, int) {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	v := User(t, client, deptSlug, roles...)
	dept, err := client.Department.Query().Where(department.Slug(deptSlug)).OnlyID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	op, err := client.Operation.Create().SetName(unitName).SetDepartmentID(dept).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := client.Unit.Create().SetName(unitName).SetOperationID(op.ID).SetManagerID(v.UserID).SetDepartmentID(dept).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v, u.ID
}
