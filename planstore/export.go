package planstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	entplan "github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/planfile"
)

// FindPlan returns the id of the plan with the registry number in the
// department with the slug.
func FindPlan(ctx context.Context, client *ent.Client, departmentSlug, registryNumber string) (int, error) {
	return client.Plan.Query().
		Where(entplan.RegistryNumber(registryNumber), entplan.HasDepartmentWith(department.Slug(departmentSlug))).
		OnlyID(ctx)
}

// Export reads a plan, with its department's roles and operation areas, as a
// plan file. Import(Export(p)) changes nothing.
func Export(ctx context.Context, client *ent.Client, planID int) (*planfile.File, error) {
	p, err := client.Plan.Query().
		Where(entplan.ID(planID)).
		WithDepartment().
		WithOwner().
		WithApprovedBy().
		WithAreas(func(q *ent.AreaQuery) {
			q.WithActions(func(q *ent.ActionQuery) { q.Where(action.ReportBackOfIDIsNil()).Order(action.ByPosition()) })
		}).
		Only(ctx)
	if err != nil {
		return nil, err
	}
	dept, roleNames, err := catalogue(ctx, client, p.Edges.Department)
	if err != nil {
		return nil, err
	}
	f := &planfile.File{
		Version:    planfile.Version,
		Department: dept,
		Plan: planfile.Plan{
			Title:               p.Title,
			RegistryNumber:      p.RegistryNumber,
			Date:                p.Date,
			AdoptedBy:           p.AdoptedBy,
			AdoptedAt:           p.AdoptedAt,
			AdoptedParagraph:    p.AdoptedParagraph,
			Owner:               p.Edges.Owner.Name,
			Status:              planfile.PlanStatus(p.Status),
			Background:          p.Background,
			CompletedActivities: p.CompletedActivities,
		},
	}
	if p.Edges.ApprovedBy != nil {
		f.Plan.ApprovedBy = p.Edges.ApprovedBy.Name
	}
	// Defaults are left out, so a file that did not name them exports as it was.
	if p.FollowUpCadence != entplan.FollowUpCadenceTerm {
		f.Plan.FollowUpCadence = string(p.FollowUpCadence)
	}
	if p.DueSoonDays != 14 {
		f.Plan.DueSoonDays = p.DueSoonDays
	}
	for _, r := range p.Revisions {
		f.Plan.Revisions = append(f.Plan.Revisions, planfile.Revision{Date: r.Date, Note: r.Note})
	}

	areas := slices.SortedFunc(slices.Values(p.Edges.Areas), func(a, b *ent.Area) int { return cmp.Compare(a.Position, b.Position) })
	for _, a := range areas {
		fa := planfile.Area{Title: a.Title, Purpose: a.Purpose, Note: a.Note}
		subs := map[int][]*ent.Action{}
		for _, act := range a.Edges.Actions {
			if act.ParentID != nil {
				subs[*act.ParentID] = append(subs[*act.ParentID], act)
			}
		}
		for _, act := range a.Edges.Actions {
			if act.ParentID != nil {
				continue
			}
			fact := fileAction(act, roleNames)
			fact.Number = deref(act.Number)
			for _, s := range subs[act.ID] {
				fact.SubActions = append(fact.SubActions, fileAction(s, roleNames))
			}
			fa.Actions = append(fa.Actions, fact)
		}
		f.Plan.Areas = append(f.Plan.Areas, fa)
	}
	return f, nil
}

// Department reads the department with the slug as the department part of
// a plan file: its name, settings, operation areas and roles. It is nil
// when there is no such department (or ctx may not see it). A markdown
// import starts from it, so that the plan's roles resolve to the ones the
// department has.
func Department(ctx context.Context, client *ent.Client, slug string) (*planfile.Department, error) {
	dept, err := client.Department.Query().Where(department.Slug(slug)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d, _, err := catalogue(ctx, client, dept)
	return &d, err
}

// catalogue reads dept as a plan file's department, with the names of its
// roles by id.
func catalogue(ctx context.Context, client *ent.Client, dept *ent.Department) (planfile.Department, map[int]string, error) {
	d := planfile.Department{Slug: dept.Slug, Name: dept.Name, Municipality: dept.Municipality}
	roles, err := client.Role.Query().
		Where(role.DepartmentID(dept.ID)).
		// Roles in the order they were first imported or created.
		WithMembers(func(q *ent.RoleQuery) { q.Order(role.ByID()) }).
		Order(role.ByID()).
		All(ctx)
	if err != nil {
		return d, nil, err
	}
	opAreas, err := client.OperationArea.Query().
		Where(operationarea.DepartmentID(dept.ID)).
		Order(operationarea.ByPosition(), operationarea.ByCode()).
		All(ctx)
	if err != nil {
		return d, nil, err
	}
	for _, oa := range opAreas {
		d.OperationAreas = append(d.OperationAreas, planfile.OperationArea{Code: oa.Code, Name: oa.Name})
	}
	if len(dept.WorkshopMinimums) > 0 || dept.StudyVisitReportBackUntil != nil {
		d.Settings = &planfile.Settings{
			WorkshopMinimums:          dept.WorkshopMinimums,
			StudyVisitReportBackUntil: deref(dept.StudyVisitReportBackUntil),
		}
	}
	roleNames := map[int]string{}
	for _, r := range roles {
		roleNames[r.ID] = r.Name
		fr := planfile.Role{Name: r.Name, Aliases: r.Aliases}
		if r.EditsPlans {
			fr.Permissions = append(fr.Permissions, planfile.PermissionEditPlans)
		}
		if r.Administers {
			fr.Permissions = append(fr.Permissions, planfile.PermissionAdminister)
		}
		if r.BoardMember {
			fr.Permissions = append(fr.Permissions, planfile.PermissionBoard)
		}
		if r.Kind == role.KindGroup {
			fr.Kind = planfile.RoleGroup
			for _, m := range r.Edges.Members {
				fr.Members = append(fr.Members, m.Name)
			}
		}
		d.Roles = append(d.Roles, fr)
	}
	return d, roleNames, nil
}

func fileAction(a *ent.Action, roleNames map[int]string) planfile.Action {
	d := planfile.Deadline{Kind: planfile.DeadlineContinuous}
	switch a.DeadlineKind {
	case action.DeadlineKindMonth:
		d = planfile.Deadline{Kind: planfile.DeadlineMonth, Month: deref(a.DueMonth)}
	case action.DeadlineKindWhenNeeded:
		d = planfile.Deadline{Kind: planfile.DeadlineWhenNeeded}
	}
	// The scope is always stated, so that a re-import keeps what an editor
	// chose rather than inferring it again.
	fa := planfile.Action{Text: a.Text, Responsible: roleNames[a.ResponsibleID], Deadline: d,
		Scope: planfile.Scope(strings.ReplaceAll(string(a.Scope), "_", "-"))}
	if a.Rule != nil {
		fa.Rule = planfile.ActionRule(strings.ReplaceAll(string(*a.Rule), "_", "-"))
	}
	return fa
}
