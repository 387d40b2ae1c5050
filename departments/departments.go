// Package departments lets a förvaltning start in the app: a municipality
// administrator creates a department from a role template and names its
// administrator, and a department's administrators add people ahead of
// their first login. Who may do it is the privacy rules' (package rule);
// this package keeps the rules of the data: the template, what a new
// department must have, how a person added ahead is recorded.
package departments

import (
	"context"
	"crypto/rand"
	"errors"
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/fault"
)

// RoleSpec is a role a new department starts with.
type RoleSpec struct {
	Name        string
	Kind        role.Kind
	Aliases     []string
	EditsPlans  bool
	Administers bool
	BoardMember bool
	Members     []string // a group's positions, by name
}

// Template is the usual posts of a Swedish förvaltning, as the plans write
// them; the one who creates a department edits the list first.
var Template = []RoleSpec{
	{Name: "Förvaltningschef", Kind: role.KindPosition, EditsPlans: true},
	{Name: "Utvecklingschef", Kind: role.KindPosition, EditsPlans: true},
	{Name: "Verksamhetschef", Kind: role.KindPosition, Aliases: []string{"Verksamhetschefer"}},
	{Name: "Enhetschef", Kind: role.KindPosition, Aliases: []string{"Enhetschefer"}},
	{Name: "Medarbetare", Kind: role.KindPosition},
	{Name: "Nämndsordförande", Kind: role.KindPosition, Aliases: []string{"Ordförande"}, BoardMember: true},
	{Name: "Ledamot", Kind: role.KindPosition, Aliases: []string{"Ledamöter", "Nämndsledamot"}, BoardMember: true},
	{Name: "Systemförvaltare", Kind: role.KindPosition, Administers: true},
	{Name: "Chefer", Kind: role.KindGroup, Members: []string{"Förvaltningschef", "Utvecklingschef", "Verksamhetschef", "Enhetschef"}},
}

// DefaultAdministratorRole is the template's role that administers.
const DefaultAdministratorRole = "Systemförvaltare"

// Person is someone added ahead of their first login.
type Person struct{ Name, Email string }

// New is a department to create.
type New struct {
	Slug, Name, Municipality string
	Roles                    []RoleSpec
	// AdministratorRole names the role of Roles its administrator gets; it
	// must administer.
	AdministratorRole string
	// The administrator: a user the creator can see, or a person added ahead.
	AdministratorUserID *int
	Administrator       *Person
}

// Create creates the department with its roles and gives its administrator
// their role, in the transaction of client. The department's creation is
// what the privacy rules judge (municipality administrators only); its
// roles and its administrator's role are part of that one act, so they are
// written with that decision, while the audit trail still names the
// viewer.
func Create(ctx context.Context, client *ent.Client, n New) (*ent.Department, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	var adminID int
	if n.AdministratorUserID != nil {
		u, err := client.User.Get(ctx, *n.AdministratorUserID)
		if ent.IsNotFound(err) {
			return nil, fault.NoSuch("administratorUserID", "user").Sv("Personen finns inte bland dem du kan se.")
		}
		if err != nil {
			return nil, err
		}
		adminID = u.ID
	}
	d, err := client.Department.Create().
		SetSlug(n.Slug).SetName(strings.TrimSpace(n.Name)).SetMunicipality(strings.TrimSpace(n.Municipality)).
		Save(ctx)
	var verr *ent.ValidationError
	if errors.As(err, &verr) && verr.Name == department.FieldSlug {
		return nil, fault.Invalid("slug", "%v", err).
			Sv("Kortnamnet får bara ha små bokstäver a–z, siffror och bindestreck, t.ex. kultur-och-fritid.")
	}
	if ent.IsConstraintError(err) {
		return nil, fault.Conflictf("a department with slug %q exists", n.Slug).
			Sv("Det finns redan en förvaltning med kortnamnet %s.", n.Slug).With("field", "slug")
	}
	if err != nil {
		return nil, err
	}
	founding := privacy.DecisionContext(ctx, privacy.Allow)
	ids := map[string]int{}
	for _, r := range n.Roles {
		created, err := client.Role.Create().SetDepartmentID(d.ID).SetName(strings.TrimSpace(r.Name)).SetKind(r.Kind).
			SetAliases(r.Aliases).SetEditsPlans(r.EditsPlans).SetAdministers(r.Administers).SetBoardMember(r.BoardMember).
			Save(founding)
		if err != nil {
			return nil, err
		}
		ids[key(r.Name)] = created.ID
	}
	for _, r := range n.Roles {
		if len(r.Members) == 0 {
			continue
		}
		up := client.Role.UpdateOneID(ids[key(r.Name)])
		for _, m := range r.Members {
			up.AddMemberIDs(ids[key(m)])
		}
		if err := up.Exec(founding); err != nil {
			return nil, err
		}
	}
	if n.Administrator != nil {
		adminID, err = addedAhead(founding, client, *n.Administrator)
		if err != nil {
			return nil, err
		}
	}
	err = client.RoleAssignment.Create().SetUserID(adminID).SetRoleID(ids[key(n.AdministratorRole)]).
		SetDepartmentID(d.ID).SetSource(roleassignment.SourceAdmin).Exec(founding)
	return d, err
}

func key(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// check refuses a department that could not work: no roles, a role named
// twice, a group of unknown positions, no administrator.
func (n New) check() error {
	if len(n.Roles) == 0 {
		return fault.Invalid("roles", "a department needs roles").Sv("Förvaltningen behöver minst en roll.")
	}
	kinds := map[string]role.Kind{}
	for _, r := range n.Roles {
		k := key(r.Name)
		if k == "" {
			return fault.Invalid("roles", "a role needs a name").Sv("Varje roll behöver ett namn.")
		}
		if _, ok := kinds[k]; ok {
			return fault.Invalid("roles", "role %q twice", r.Name).Sv("Rollen %s finns två gånger.", r.Name)
		}
		kinds[k] = r.Kind
	}
	for _, r := range n.Roles {
		for _, m := range r.Members {
			if kind, ok := kinds[key(m)]; !ok || kind != role.KindPosition {
				return fault.Invalid("roles", "group %q: no position %q", r.Name, m).
					Sv("Gruppen %s räknar in %s, som inte är en befattning bland rollerna.", r.Name, m)
			}
		}
	}
	admin := -1
	for i, r := range n.Roles {
		if key(r.Name) == key(n.AdministratorRole) {
			admin = i
		}
	}
	if admin < 0 || !n.Roles[admin].Administers || n.Roles[admin].Kind != role.KindPosition {
		return fault.Invalid("administratorRole", "not a role that administers").
			Sv("Välj en befattning som får administrera förvaltningen åt administratören.")
	}
	if (n.AdministratorUserID == nil) == (n.Administrator == nil) {
		return fault.Invalid("administrator", "name one administrator").
			Sv("Välj en administratör: en person som finns, eller en ny med namn och e-post.")
	}
	return nil
}

// AddAhead adds a person ahead of their first login to the department,
// with the roles (ids of its roles), and returns them. A person already
// added ahead with that e-mail address (by this department or another) is
// the same person and gets the roles too. Someone who has logged in and
// whom the administrator can see is refused: give them the roles instead.
// Roles are written with the viewer's rights: only the department's
// administrators may.
func AddAhead(ctx context.Context, client *ent.Client, departmentID int, p Person, roleIDs []int) (*ent.User, error) {
	if len(roleIDs) == 0 {
		return nil, fault.Invalid("roleIDs", "give at least one role").Sv("Välj minst en roll.")
	}
	if _, err := client.Department.Get(ctx, departmentID); ent.IsNotFound(err) {
		return nil, fault.NoSuch("departmentID", "department").Sv("Förvaltningen finns inte, eller så har du ingen roll där.")
	} else if err != nil {
		return nil, err
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	seen, err := client.User.Query().Where(user.IssuerNEQ(""), user.EmailEqualFold(p.Email)).First(ctx)
	if err == nil {
		return nil, fault.Conflictf("%s has logged in already", p.Email).
			Sv("%s har redan loggat in. Ge rollerna under Användare och roller.", seen.Name).With("userID", seen.ID)
	}
	if !ent.IsNotFound(err) {
		return nil, err
	}
	roles := make([]*ent.Role, 0, len(roleIDs))
	for _, id := range roleIDs {
		r, err := client.Role.Get(ctx, id)
		if ent.IsNotFound(err) || (err == nil && r.DepartmentID != departmentID) {
			return nil, fault.NoSuch("roleIDs", "role").Sv("Rollen finns inte i förvaltningen.")
		}
		if err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	// The person row is not the department's: finding one added by another
	// department, and writing it, is the system's part of adding.
	id, err := addedAhead(privacy.DecisionContext(ctx, privacy.Allow), client, p)
	if err != nil {
		return nil, err
	}
	held, err := client.RoleAssignment.Query().Where(roleassignment.UserID(id), roleassignment.SourceEQ(roleassignment.SourceAdmin)).
		Select(roleassignment.FieldRoleID).Ints(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return nil, err
	}
	for _, r := range roles {
		if slices.Contains(held, r.ID) {
			continue
		}
		err := client.RoleAssignment.Create().SetUserID(id).SetRoleID(r.ID).SetDepartmentID(r.DepartmentID).
			SetSource(roleassignment.SourceAdmin).Exec(ctx)
		if err != nil {
			return nil, err
		}
		held = append(held, r.ID)
	}
	return client.User.Get(ctx, id)
}

// addedAhead returns the person added ahead with the e-mail address,
// adding them when there is none. Two administrators adding the same
// address at once meet at the unique index of such rows: the second is
// refused as a conflict and finds the person on a retry.
func addedAhead(ctx context.Context, client *ent.Client, p Person) (int, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	email := strings.ToLower(strings.TrimSpace(p.Email))
	id, err := client.User.Query().Where(user.Issuer(""), user.Email(email)).OnlyID(ctx)
	if err == nil || !ent.IsNotFound(err) {
		return id, err
	}
	u, err := client.User.Create().SetIssuer("").SetSubject("pending:" + rand.Text()).
		SetName(strings.TrimSpace(p.Name)).SetEmail(email).Save(ctx)
	if err != nil {
		return 0, err
	}
	return u.ID, nil
}

var errEmail = errors.New("not an e-mail address")

func (p Person) check() error {
	name := strings.TrimSpace(p.Name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return fault.Invalid("name", "a name of 1 to 200 characters").Sv("Skriv personens namn (högst 200 tecken).")
	}
	email := strings.TrimSpace(p.Email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 {
		return fault.Invalid("email", "%v", errEmail).Sv("Skriv en e-postadress, t.ex. namn@kommun.se.")
	}
	return nil
}

// IsAddedAhead reports whether the user was added ahead and has not logged in yet.
func IsAddedAhead(u *ent.User) bool { return u.Issuer == "" }
