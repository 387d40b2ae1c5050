package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/user"
)

// People added ahead of their first login (by a department administrator,
// with a name and an e-mail address) are taken over by the first login
// whose provider vouches for that address (email_verified). Two logins at
// once cannot both take one: the row is written only while it still has
// no issuer, a conditional update that PostgreSQL makes the second wait
// for and then find nothing.

// takeOver gives the person added ahead with the e-mail address the
// login's identity, and returns them; nil when there is none to take (or
// another login took them first).
func takeOver(ctx context.Context, c *ent.Client, issuer, subject, name, email string) (*ent.User, error) {
	ahead, err := c.User.Query().Where(user.Issuer(""), user.Email(strings.ToLower(email))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := c.User.UpdateOneID(ahead.ID).Where(user.Issuer("")).
		SetIssuer(issuer).SetSubject(subject).SetName(name).SetEmail(email).Save(ctx)
	if !ent.IsNotFound(err) {
		return u, err
	}
	// Taken by a login of the same person a moment ago: that row is theirs.
	u, err = c.User.Query().Where(user.Issuer(issuer), user.Subject(subject)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return u, err
}

// mergeAddedAhead gives a user who has logged in before the roles of a
// person added ahead with their e-mail address, and removes that person:
// an administrator added someone who already had an account.
func mergeAddedAhead(ctx context.Context, c *ent.Client, userID int, email string) error {
	ahead, err := c.User.Query().Where(user.Issuer(""), user.Email(strings.ToLower(email))).
		WithAssignments().Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	// Only the login that removes the row moves its roles.
	err = c.User.DeleteOneID(ahead.ID).Where(user.Issuer("")).Exec(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	held, err := c.RoleAssignment.Query().
		Where(roleassignment.UserID(userID), roleassignment.SourceEQ(roleassignment.SourceAdmin)).
		Select(roleassignment.FieldRoleID).Ints(ctx)
	if err != nil {
		return err
	}
	for _, a := range ahead.Edges.Assignments {
		if a.Source != roleassignment.SourceAdmin || slices.Contains(held, a.RoleID) {
			continue
		}
		err := c.RoleAssignment.Create().SetUserID(userID).SetRoleID(a.RoleID).SetDepartmentID(a.DepartmentID).
			SetNillableOperationAreaID(a.OperationAreaID).SetNillableUnitID(a.UnitID).
			SetSource(roleassignment.SourceAdmin).Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

// createUser adds the user of a first login, in the transaction of c. Two
// first logins of one person at once both find no row; the unique index on
// issuer and subject refuses the second insert (on PostgreSQL once the
// first has committed), and the savepoint keeps the transaction usable to
// read the row the first one wrote.
func createUser(ctx context.Context, c *ent.Client, issuer, subject, name, email string) (*ent.User, error) {
	if _, err := c.ExecContext(ctx, "SAVEPOINT first_login"); err != nil {
		return nil, err
	}
	u, err := c.User.Create().SetIssuer(issuer).SetSubject(subject).SetName(name).SetEmail(email).Save(ctx)
	if !ent.IsConstraintError(err) {
		return u, err
	}
	if _, err := c.ExecContext(ctx, "ROLLBACK TO SAVEPOINT first_login"); err != nil {
		return nil, err
	}
	return c.User.Query().Where(user.Issuer(issuer), user.Subject(subject)).Only(ctx)
}
