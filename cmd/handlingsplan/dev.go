package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/devoidc"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/rule"
)

// demoFirstNames give the demo users names that are easy to tell apart.
var demoFirstNames = []string{"Frida", "Ulf", "Vera", "Elin", "Olle", "Lena", "Maja", "Sara", "Anders", "Karin"}

// startDevProvider starts the development OpenID provider with one demo user
// per position of every department, and returns the login configuration
// that maps them to their roles: the same code path as production.
func startDevProvider(ctx context.Context, db *database.DB, baseURL string, out io.Writer) (*devoidc.Provider, auth.Config, error) {
	roles, err := db.Client.Role.Query().
		Where(role.KindEQ(role.KindPosition)).
		WithDepartment().
		Order(role.ByDepartmentID(), role.ByID()).
		All(rule.SystemContext(ctx, "dev"))
	if err != nil {
		return nil, auth.Config{}, err
	}
	mapping := &auth.ClaimMapping{Claim: "groups"}
	var users []devoidc.User
	for i, r := range roles {
		dept := r.Edges.Department
		group := "dev:" + dept.Slug + ":" + r.Name
		mapping.Mappings = append(mapping.Mappings, auth.ClaimToRole{Value: group, Department: dept.Slug, Role: r.Name})
		first := demoFirstNames[i%len(demoFirstNames)]
		users = append(users, devoidc.User{
			Subject: demoSubject(r.ID),
			Name:    first + " " + r.Name,
			Email:   strings.ToLower(first) + "." + asciiSlug(r.Name) + "@" + dept.Slug + ".example",
			Groups:  []string{group},
			Title:   r.Name + ", " + dept.Name,
			// Verified, as the municipality's provider would: a person
			// added ahead in the app with this address is taken over.
			EmailVerified: true,
		})
	}
	// One who starts new departments, and one nobody has given a role yet
	// (add nina.ny@kommun.example ahead in the app, then log in as her).
	mapping.MunicipalityAdministrators = []string{"dev:municipality-administrator"}
	users = append(users,
		devoidc.User{Subject: "demo-municipality-administrator", Name: "Kim Kommunadministratör", Email: "kim.kommunadministrator@kommun.example",
			EmailVerified: true, Groups: mapping.MunicipalityAdministrators, Title: "Skapar förvaltningar"},
		devoidc.User{Subject: "demo-new-person", Name: "Nina Ny", Email: "nina.ny@kommun.example",
			EmailVerified: true, Title: "Ingen roll än"})
	secret := randomSecret()
	client := devoidc.Client{
		ID: "handlingsplan-dev", Secret: secret,
		RedirectURIs:           []string{baseURL + "/auth/callback"},
		PostLogoutRedirectURIs: []string{baseURL + "/"},
	}
	p, err := devoidc.Start("127.0.0.1:0", users, client)
	if err != nil {
		return nil, auth.Config{}, err
	}
	if err := handOverDemoUnits(ctx, db.Client, p.Issuer(), users); err != nil {
		p.Close(ctx)
		return nil, auth.Config{}, err
	}
	printDemoUsers(out, p.Issuer(), users)
	return p, auth.Config{
		Issuer: p.Issuer(), ClientID: client.ID, ClientSecret: secret,
		RedirectURL: baseURL + "/auth/callback", Mapping: mapping,
	}, nil
}

// demoSubject is the subject of the demo user of a position.
func demoSubject(roleID int) string { return fmt.Sprintf("demo-%d", roleID) }

// handOverDemoUnits gives each demo user the units their stand-in in the
// demo data, or their own user of an earlier start, manages. The provider's issuer
// changes with its port on every start, and with it the users logging in,
// so the demo Enhetschef keeps managing one unit across restarts. Users of
// other issuers with these subjects exist only in development databases.
func handOverDemoUnits(ctx context.Context, c *ent.Client, issuer string, users []devoidc.User) error {
	ctx = rule.SystemContext(ctx, "dev")
	for _, du := range users {
		prev, err := c.User.Query().Where(user.Subject(du.Subject), user.IssuerNEQ(issuer)).IDs(ctx)
		if err != nil {
			return err
		}
		if len(prev) == 0 {
			continue
		}
		units, err := c.Unit.Query().Where(unit.ManagerIDIn(prev...)).IDs(ctx)
		if err != nil {
			return err
		}
		if len(units) == 0 {
			continue
		}
		id, err := c.User.Query().Where(user.Issuer(issuer), user.Subject(du.Subject)).OnlyID(ctx)
		if ent.IsNotFound(err) {
			var u *ent.User
			if u, err = c.User.Create().SetIssuer(issuer).SetSubject(du.Subject).SetName(du.Name).SetEmail(du.Email).Save(ctx); err == nil {
				id = u.ID
			}
		}
		if err != nil {
			return err
		}
		for _, u := range units { // one by one, for the audit trail
			if err := c.Unit.UpdateOneID(u).SetManagerID(id).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func printDemoUsers(w io.Writer, issuer string, users []devoidc.User) {
	fmt.Fprintf(w, "\nDevelopment login at %s with these demo users (choose one on the login page):\n", issuer)
	for _, u := range users {
		fmt.Fprintf(w, "  %-28s %s\n", u.Name, u.Title)
	}
	fmt.Fprintln(w)
}

// asciiSlug makes a role name fit an e-mail address.
func asciiSlug(s string) string {
	r := strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "Å", "a", "Ä", "a", "Ö", "o", " ", "-")
	return strings.ToLower(r.Replace(s))
}
