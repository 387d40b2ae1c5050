package planstore

import (
	"context"
	"slices"
	"strings"

	"github.com/handlingsplan/handlingsplan/ent"
	entplan "github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/planfile"
)

// RoleMatch is a role the template plan names (as owner, approver or
// responsible) with the target department's role of the same name or
// alias; Target is nil when there is none.
type RoleMatch struct {
	Source string
	Target *ent.Role
}

// RoleChoice says what a copy does with a role of the template: use the
// target department's role TargetRoleID, or create the role there.
type RoleChoice struct {
	SourceRole   string
	TargetRoleID int
	Create       bool
}

// MatchRoles reads the template plan's roles and matches each to a role of
// the department deptID, by name or alias, case-insensitively.
func MatchRoles(ctx context.Context, client *ent.Client, planID, deptID int) ([]RoleMatch, error) {
	_, matches, err := template(ctx, client, planID, deptID)
	return matches, err
}

// template exports the plan and matches its roles to the department's.
func template(ctx context.Context, client *ent.Client, planID, deptID int) (*planfile.File, []RoleMatch, error) {
	f, err := Export(ctx, client, planID)
	if ent.IsNotFound(err) {
		return nil, nil, fault.NoSuch("planID", "plan")
	}
	if err != nil {
		return nil, nil, err
	}
	targets, err := client.Role.Query().Where(role.DepartmentID(deptID)).Order(role.ByID()).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	byName := map[string]*ent.Role{}
	for _, r := range targets {
		byName[strings.ToLower(r.Name)] = r
	}
	for _, r := range targets { // a name wins over another role's alias
		for _, a := range r.Aliases {
			if _, taken := byName[strings.ToLower(a)]; !taken {
				byName[strings.ToLower(a)] = r
			}
		}
	}
	var matches []RoleMatch
	for _, name := range usedRoles(&f.Plan) {
		m := RoleMatch{Source: name}
		for _, n := range append([]string{name}, sourceRole(f, name).Aliases...) {
			if r, ok := byName[strings.ToLower(n)]; ok {
				m.Target = r
				break
			}
		}
		matches = append(matches, m)
	}
	return f, matches, nil
}

// usedRoles lists the roles the plan names, in the order they first appear.
func usedRoles(p *planfile.Plan) []string {
	var names []string
	add := func(n string) {
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	add(p.Owner)
	add(p.ApprovedBy)
	for _, a := range p.Areas {
		for _, act := range a.Actions {
			add(act.Responsible)
			for _, s := range act.SubActions {
				add(s.Responsible)
			}
		}
	}
	return names
}

func sourceRole(f *planfile.File, name string) planfile.Role {
	for _, r := range f.Department.Roles {
		if r.Name == name {
			return r
		}
	}
	return planfile.Role{Name: name}
}

// NewPlan is what Copy makes: a draft plan in the department
// DepartmentID, empty (PlanID 0, owned by the role OwnerRoleID) or a copy
// of the plan PlanID.
type NewPlan struct {
	PlanID, DepartmentID  int
	RegistryNumber, Title string
	OwnerRoleID           int
	Choices               []RoleChoice
}

// Copy makes the new plan. A copy has the template's areas, actions and
// sub-actions with their texts, deadlines and scopes, never its sign-offs, adoption or revisions. Each role of the
// template goes to its match in the department unless choices say
// otherwise; a role with no match needs a choice. Creating a role needs
// the right to administer the department, which the role's own privacy
// rule checks. It writes in one transaction, with the rights of ctx.
func Copy(ctx context.Context, client *ent.Client, in NewPlan) (Result, error) {
	deptID, registryNumber, title, choices := in.DepartmentID, in.RegistryNumber, in.Title, in.Choices
	dept, err := client.Department.Get(ctx, deptID)
	if ent.IsNotFound(err) {
		return Result{}, fault.NoSuch("departmentID", "department")
	}
	if err != nil {
		return Result{}, err
	}
	f, matches := &planfile.File{}, []RoleMatch(nil)
	if in.PlanID != 0 {
		if f, matches, err = template(ctx, client, in.PlanID, deptID); err != nil {
			return Result{}, err
		}
	}
	registryNumber, title = strings.TrimSpace(registryNumber), strings.TrimSpace(title)
	if registryNumber == "" {
		return Result{}, fault.Invalid("registryNumber", "a registry number is needed").Sv("Skriv planens diarienummer (Dnr).")
	}
	if title == "" {
		title = f.Plan.Title
	}
	if title == "" {
		return Result{}, fault.Invalid("title", "a title is needed").Sv("Skriv planens rubrik.")
	}
	// Import updates a plan with the same number in place; a copy never
	// does. Two copies at once both pass this check: the unique index on
	// (department, registry number) refuses the second.
	if err := CheckRegistryNumber(ctx, client, deptID, registryNumber, 0); err != nil {
		return Result{}, err
	}

	rename := map[string]string{}
	var created []planfile.Role
	for _, m := range matches {
		i := slices.IndexFunc(choices, func(c RoleChoice) bool { return c.SourceRole == m.Source })
		switch {
		case i >= 0 && choices[i].Create:
			r := sourceRole(f, m.Source)
			if m.Target != nil {
				rename[m.Source] = m.Target.Name // it exists: nothing to create
				continue
			}
			// Permissions and groups are the template department's own.
			created = append(created, planfile.Role{Name: r.Name, Aliases: r.Aliases})
			rename[m.Source] = r.Name
		case i >= 0:
			target, err := client.Role.Get(ctx, choices[i].TargetRoleID)
			if ent.IsNotFound(err) || err == nil && target.DepartmentID != deptID {
				return Result{}, fault.NoSuch("targetRoleID", "role")
			}
			if err != nil {
				return Result{}, err
			}
			rename[m.Source] = target.Name
		case m.Target != nil:
			rename[m.Source] = m.Target.Name
		default:
			return Result{}, fault.Invalid("roleChoices", "role %q has no match in the department; choose one", m.Source).
				Sv("Rollen %s finns inte i %s. Välj en roll för den, eller skapa den.", m.Source, dept.Name)
		}
	}

	p := f.Plan
	if in.PlanID == 0 {
		owner, err := client.Role.Get(ctx, in.OwnerRoleID)
		if ent.IsNotFound(err) || err == nil && owner.DepartmentID != deptID {
			return Result{}, fault.NoSuch("ownerRoleID", "role")
		}
		if err != nil {
			return Result{}, err
		}
		p.Owner, rename[owner.Name] = owner.Name, owner.Name
	}
	copied := planfile.Plan{
		Title: title, RegistryNumber: registryNumber, Status: planfile.StatusDraft,
		Owner: rename[p.Owner], ApprovedBy: rename[p.ApprovedBy],
		FollowUpCadence: p.FollowUpCadence, DueSoonDays: p.DueSoonDays,
		Background: p.Background, CompletedActivities: p.CompletedActivities,
		Areas: p.Areas,
	}
	for i := range copied.Areas {
		for j := range copied.Areas[i].Actions {
			act := &copied.Areas[i].Actions[j]
			act.Responsible = rename[act.Responsible]
			for k := range act.SubActions {
				act.SubActions[k].Responsible = rename[act.SubActions[k].Responsible]
			}
		}
	}
	// The department as it is, so that the import changes nothing of it
	// but the roles to create.
	target, _, err := catalogue(ctx, client, dept)
	if err != nil {
		return Result{}, err
	}
	target.Roles = append(target.Roles, created...)
	return ImportExisting(ctx, client, &planfile.File{Version: planfile.Version, Department: target, Plan: copied})
}

// CheckRegistryNumber refuses a registry number (Dnr) that another plan of
// the department than except (0 for none) has: a CONFLICT on
// registryNumber, in words a person reads at the field.
func CheckRegistryNumber(ctx context.Context, client *ent.Client, dept int, registryNumber string, except int) error {
	taken, err := client.Plan.Query().
		Where(entplan.DepartmentID(dept), entplan.RegistryNumber(registryNumber), entplan.IDNEQ(except)).Exist(ctx)
	if err != nil {
		return err
	}
	if taken {
		return RegistryNumberTaken(registryNumber)
	}
	return nil
}

// RegistryNumberTaken is the refusal of a registry number the department
// has already; also what the unique index's refusal of a concurrent twin
// is turned into (see TakenRegistryNumber).
func RegistryNumberTaken(registryNumber string) error {
	f := fault.Conflictf("the department has a plan %s", registryNumber).
		Sv("Förvaltningen har redan en plan med Dnr %s. Välj ett annat diarienummer.", registryNumber)
	f.Field = "registryNumber"
	return f
}

// TakenRegistryNumber turns the unique index's refusal of a second plan
// with a department's registry number (two saved at once, both past
// CheckRegistryNumber) into RegistryNumberTaken; other errors pass.
func TakenRegistryNumber(err error, registryNumber string) error {
	if ent.IsConstraintError(err) && strings.Contains(err.Error(), "registry_number") {
		return RegistryNumberTaken(registryNumber)
	}
	return err
}
