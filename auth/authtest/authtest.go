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
