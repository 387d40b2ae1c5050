// Package planstore moves plans between plan files (package planfile) and
// the database. Import is one transaction: a file either lands whole or not
// at all. Re-importing a plan (same department slug and registry number)
// updates it in place: areas and actions keep their ids where their place
// in the plan is unchanged, so follow-up data attached to them survives.
package planstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	entplan "github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/schema/schematype"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/lifecycle"
	"github.com/handlingsplan/handlingsplan/planfile"
)

// Result tells what an import did.
type Result struct {
	DepartmentID int
	PlanID       int
	Created      bool // false when an existing plan was updated
}

// Import validates f and writes it in one transaction, with the rights of
// the viewer in ctx (the import command and first-start seeding pass
// rule.SystemContext). The file's department is created when it does not
// exist. When client is already a transaction's (a GraphQL mutation's),
// Import writes in that transaction and leaves its end to its owner.
func Import(ctx context.Context, client *ent.Client, f *planfile.File) (Result, error) {
	return run(ctx, client, f, true)
}

// ImportExisting is Import into a department that exists and that ctx
// can see; it never creates one. A file naming any other department is
// refused as not found (fault.NotFound), whether the department does not
// exist or is someone else's, so the answer does not tell them apart. It is
// the import of a user, who writes with their own rights: a change they
// may not make (a role, when they do not administer the department) is
// refused, and nothing is written.
func ImportExisting(ctx context.Context, client *ent.Client, f *planfile.File) (Result, error) {
	return run(ctx, client, f, false)
}

func run(ctx context.Context, client *ent.Client, f *planfile.File, createDepartment bool) (Result, error) {
	if err := f.Validate(); err != nil {
		return Result{}, err
	}
	tx, err := client.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		return importTx(ctx, client, f, createDepartment)
	}
	if err != nil {
		return Result{}, err
	}
	res, err := importTx(ctx, tx.Client(), f, createDepartment)
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return Result{}, err
	}
	return res, tx.Commit()
}

func importTx(ctx context.Context, c *ent.Client, f *planfile.File, createDepartment bool) (Result, error) {
	dept, err := upsertDepartment(ctx, c, f.Department, createDepartment)
	if err != nil {
		return Result{}, within("department "+f.Department.Slug, err)
	}
	if err := upsertOperationAreas(ctx, c, dept.ID, f.Department.OperationAreas); err != nil {
		return Result{}, err
	}
	roles, err := upsertRoles(ctx, c, dept.ID, f.Department.Roles)
	if err != nil {
		return Result{}, err
	}
	planID, created, err := upsertPlan(ctx, c, dept.ID, roles, &f.Department, &f.Plan)
	if err != nil {
		return Result{}, within("plan "+f.Plan.RegistryNumber, err)
	}
	return Result{DepartmentID: dept.ID, PlanID: planID, Created: created}, nil
}

// upsertDepartment creates the department (when create is set) or updates
// it, writing only when the file changes something, so that importing a
// plan needs no right to change its department.
func upsertDepartment(ctx context.Context, c *ent.Client, d planfile.Department, create bool) (*ent.Department, error) {
	existing, err := c.Department.Query().Where(department.Slug(d.Slug)).Only(ctx)
	switch {
	case ent.IsNotFound(err) && !create:
		return nil, fault.ErrNotFound
	case ent.IsNotFound(err):
		create := c.Department.Create().SetSlug(d.Slug).SetName(d.Name).SetMunicipality(d.Municipality)
		if s := d.Settings; s != nil {
			create.SetWorkshopMinimums(s.WorkshopMinimums).SetNillableStudyVisitReportBackUntil(optional(s.StudyVisitReportBackUntil))
		}
		return create.Save(ctx)
	case err != nil:
		return nil, err
	}
	s := d.Settings
	if existing.Name == d.Name && existing.Municipality == d.Municipality &&
		(s == nil || maps.Equal(existing.WorkshopMinimums, s.WorkshopMinimums) &&
			deref(existing.StudyVisitReportBackUntil) == s.StudyVisitReportBackUntil) {
		return existing, nil
	}
	upd := existing.Update().SetName(d.Name).SetMunicipality(d.Municipality)
	if s != nil {
		upd.SetWorkshopMinimums(s.WorkshopMinimums)
		if s.StudyVisitReportBackUntil == "" {
			upd.ClearStudyVisitReportBackUntil()
		} else {
			upd.SetStudyVisitReportBackUntil(s.StudyVisitReportBackUntil)
		}
	}
	return upd.Save(ctx)
}

func upsertOperationAreas(ctx context.Context, c *ent.Client, deptID int, areas []planfile.OperationArea) error {
	existing, err := c.OperationArea.Query().Where(operationarea.DepartmentID(deptID)).All(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]*ent.OperationArea{}
	for _, oa := range existing {
		byCode[oa.Code] = oa
	}
	for i, oa := range areas {
		if old, ok := byCode[oa.Code]; ok {
			if old.Name != oa.Name || old.Position != i+1 {
				err = old.Update().SetName(oa.Name).SetPosition(i + 1).Exec(ctx)
			}
		} else {
			err = c.OperationArea.Create().SetDepartmentID(deptID).SetCode(oa.Code).SetName(oa.Name).SetPosition(i + 1).Exec(ctx)
		}
		if err != nil {
			return within("operation area "+oa.Code, err)
		}
	}
	return nil
}

// roleIndex resolves a role name or alias, case-insensitively, to its id.
type roleIndex map[string]int

func (idx roleIndex) lookup(name string) (int, bool) {
	id, ok := idx[strings.ToLower(strings.TrimSpace(name))]
	return id, ok
}

func (idx roleIndex) resolve(name, field string) (int, error) {
	id, ok := idx.lookup(name)
	if !ok {
		return 0, fmt.Errorf("%s: unknown role %q", field, name)
	}
	return id, nil
}

// upsertRoles merges the file's roles into the department's: new roles are
// created, existing ones get the file's kind, aliases and members. Roles the
// file does not mention are kept. It returns an index over all of them.
func upsertRoles(ctx context.Context, c *ent.Client, deptID int, roles []planfile.Role) (roleIndex, error) {
	existing, err := c.Role.Query().Where(role.DepartmentID(deptID)).All(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*ent.Role{}
	for _, r := range existing {
		byName[r.Name] = r
	}
	for _, r := range roles {
		kind := role.KindPosition
		if r.Kind == planfile.RoleGroup {
			kind = role.KindGroup
		}
		edits := slices.Contains(r.Permissions, planfile.PermissionEditPlans)
		administers := slices.Contains(r.Permissions, planfile.PermissionAdminister)
		board := slices.Contains(r.Permissions, planfile.PermissionBoard)
		if old, ok := byName[r.Name]; ok {
			if old.Kind != kind || !slices.Equal(old.Aliases, r.Aliases) || old.EditsPlans != edits || old.Administers != administers || old.BoardMember != board {
				err = old.Update().SetKind(kind).SetAliases(r.Aliases).SetEditsPlans(edits).SetAdministers(administers).
					SetBoardMember(board).Exec(ctx)
			}
		} else {
			err = c.Role.Create().SetDepartmentID(deptID).SetName(r.Name).SetKind(kind).SetAliases(r.Aliases).
				SetEditsPlans(edits).SetAdministers(administers).SetBoardMember(board).Exec(ctx)
		}
		if err != nil {
			return nil, within("role "+r.Name, err)
		}
	}
	all, err := c.Role.Query().Where(role.DepartmentID(deptID)).WithMembers().All(ctx)
	if err != nil {
		return nil, err
	}
	idx := roleIndex{}
	current := map[int][]int{}
	for _, r := range all {
		idx[strings.ToLower(r.Name)] = r.ID
		for _, a := range r.Aliases {
			if _, taken := idx[strings.ToLower(a)]; !taken {
				idx[strings.ToLower(a)] = r.ID
			}
		}
		for _, m := range r.Edges.Members {
			current[r.ID] = append(current[r.ID], m.ID)
		}
	}
	for _, r := range roles {
		if r.Kind != planfile.RoleGroup {
			continue
		}
		members := make([]int, 0, len(r.Members))
		for _, m := range r.Members {
			id, err := idx.resolve(m, "role "+r.Name+" members")
			if err != nil {
				return nil, err
			}
			members = append(members, id)
		}
		id, _ := idx.lookup(r.Name)
		slices.Sort(members)
		have := slices.Sorted(slices.Values(current[id]))
		if slices.Equal(members, have) {
			continue
		}
		if err := c.Role.UpdateOneID(id).ClearMembers().AddMemberIDs(members...).Exec(ctx); err != nil {
			return nil, within("role "+r.Name, err)
		}
	}
	return idx, nil
}

func upsertPlan(ctx context.Context, c *ent.Client, deptID int, roles roleIndex, d *planfile.Department, p *planfile.Plan) (id int, created bool, err error) {
	owner, err := roles.resolve(p.Owner, "owner")
	if err != nil {
		return 0, false, err
	}
	var approvedBy *int
	if p.ApprovedBy != "" {
		id, err := roles.resolve(p.ApprovedBy, "approvedBy")
		if err != nil {
			return 0, false, err
		}
		approvedBy = &id
	}
	status := entplan.StatusDraft
	if p.Status != "" {
		status = entplan.Status(p.Status)
	}
	cadence := entplan.FollowUpCadenceTerm
	if p.FollowUpCadence != "" {
		cadence = entplan.FollowUpCadence(p.FollowUpCadence)
	}
	dueSoon := 14
	if p.DueSoonDays > 0 {
		dueSoon = p.DueSoonDays
	}
	revisions := make([]schematype.Revision, 0, len(p.Revisions))
	for _, r := range p.Revisions {
		revisions = append(revisions, schematype.Revision{Date: r.Date, Note: r.Note})
	}

	existing, err := c.Plan.Query().
		Where(entplan.DepartmentID(deptID), entplan.RegistryNumber(p.RegistryNumber)).
		Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return 0, false, err
	}
	if existing == nil {
		saved, err := c.Plan.Create().
			SetDepartmentID(deptID).SetRegistryNumber(p.RegistryNumber).
			SetTitle(p.Title).SetNillableDate(optional(p.Date)).SetAdoptedBy(p.AdoptedBy).SetNillableAdoptedAt(optional(p.AdoptedAt)).
			SetAdoptedParagraph(p.AdoptedParagraph).SetOwnerID(owner).SetNillableApprovedByID(approvedBy).
			SetStatus(status).SetRevisions(revisions).SetBackground(p.Background).
			SetCompletedActivities(p.CompletedActivities).SetFollowUpCadence(cadence).SetDueSoonDays(dueSoon).
			Save(ctx)
		if err != nil {
			return 0, false, err
		}
		id, created = saved.ID, true
	} else {
		if existing.Status == entplan.StatusArchived {
			return 0, false, fault.Conflictf("plan %s is archived and read-only; reopen it first", p.RegistryNumber).
				Sv("Planen %s är arkiverad och kan inte ändras. Återöppna den först.", p.RegistryNumber)
		}
		// A change to an adopted plan is kept as a revision of today.
		err := lifecycle.Track(ctx, c, existing.ID, lifecycle.Today(time.Now()), func() error {
			// Read again under Track's lock: a concurrent import may have
			// added a revision since.
			locked, err := c.Plan.Get(ctx, existing.ID)
			if err != nil {
				return err
			}
			if err := updatePlan(ctx, c, locked, owner, approvedBy, cadence, dueSoon, p); err != nil {
				return err
			}
			return syncAreas(ctx, c, existing.ID, roles, d, p.Areas)
		})
		return existing.ID, false, err
	}
	return id, created, syncAreas(ctx, c, id, roles, d, p.Areas)
}

// updatePlan writes the file's head over an existing plan. Its lifecycle
// is the app's (adoptPlan, archivePlan): the status and the adoption are
// kept, but for a paragraph the file gives (§ xx numbered later). The
// revisions are kept, with those of the file on other days added.
func updatePlan(ctx context.Context, c *ent.Client, existing *ent.Plan, owner int, approvedBy *int,
	cadence entplan.FollowUpCadence, dueSoon int, p *planfile.Plan) error {
	// Always written, and before the areas: the row lock this update
	// takes makes a concurrent import of the same plan wait, and then
	// sync the areas it finds (no area is added twice).
	upd := existing.Update().
		SetTitle(p.Title).SetOwnerID(owner).
		SetRevisions(mergeRevisions(existing.Revisions, p.Revisions)).SetBackground(p.Background).
		SetCompletedActivities(p.CompletedActivities).SetFollowUpCadence(cadence).SetDueSoonDays(dueSoon)
	if p.AdoptedParagraph != "" && existing.Status == entplan.StatusAdopted {
		upd.SetAdoptedParagraph(p.AdoptedParagraph)
	}
	// An empty optional date clears it; "" is not a date.
	if p.Date == "" {
		upd.ClearDate()
	} else {
		upd.SetDate(p.Date)
	}
	if approvedBy == nil {
		upd.ClearApprovedBy()
	} else {
		upd.SetApprovedByID(*approvedBy)
	}
	return upd.Exec(ctx)
}

// mergeRevisions keeps the revisions the app recorded and adds the file's
// of other days; a day the app has without a note takes the file's note.
func mergeRevisions(have []schematype.Revision, file []planfile.Revision) []schematype.Revision {
	out := slices.Clone(have)
	for _, r := range file {
		i := slices.IndexFunc(out, func(h schematype.Revision) bool { return h.Date == r.Date })
		switch {
		case i < 0:
			out = append(out, schematype.Revision{Date: r.Date, Note: r.Note})
		case out[i].Note == "":
			out[i].Note = r.Note
		}
	}
	slices.SortStableFunc(out, func(a, b schematype.Revision) int { return strings.Compare(a.Date, b.Date) })
	return out
}

// syncAreas makes the plan's areas equal to want, matching existing areas by
// position and actions by number (sub-actions by position).
func syncAreas(ctx context.Context, c *ent.Client, planID int, roles roleIndex, d *planfile.Department, want []planfile.Area) error {
	have, err := c.Area.Query().Where(area.PlanID(planID)).All(ctx)
	if err != nil {
		return err
	}
	byPos := map[int]*ent.Area{}
	for _, a := range have {
		byPos[a.Position] = a
	}
	for i, a := range want {
		pos := i + 1
		field := fmt.Sprintf("plan.areas[%d]", i)
		var areaID int
		if old, ok := byPos[pos]; ok {
			delete(byPos, pos)
			areaID = old.ID
			err = old.Update().SetTitle(a.Title).SetPurpose(a.Purpose).SetNote(a.Note).Exec(ctx)
		} else {
			var created *ent.Area
			created, err = c.Area.Create().SetPlanID(planID).SetPosition(pos).
				SetTitle(a.Title).SetPurpose(a.Purpose).SetNote(a.Note).Save(ctx)
			if created != nil {
				areaID = created.ID
			}
		}
		if err != nil {
			return within(field, err)
		}
		if err := syncActions(ctx, c, areaID, roles, d, a.Actions, field); err != nil {
			return err
		}
	}
	for _, gone := range byPos {
		if err := c.Area.DeleteOne(gone).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func syncActions(ctx context.Context, c *ent.Client, areaID int, roles roleIndex, d *planfile.Department, want []planfile.Action, field string) error {
	// Report-backs of visits are not plan content; they stay as they are.
	have, err := c.Action.Query().Where(action.AreaID(areaID), action.ReportBackOfIDIsNil()).All(ctx)
	if err != nil {
		return err
	}
	type key struct{ parent, number, position int } // number for top level, position for sub-actions
	old := map[key]*ent.Action{}
	for _, a := range have {
		k := key{number: deref(a.Number)}
		if a.ParentID != nil {
			k = key{parent: *a.ParentID, position: a.Position}
		}
		old[k] = a
	}
	// Delete first what no longer has a place, so renumbered actions never
	// collide with stale ones.
	wanted := map[key]bool{}
	for _, a := range want {
		k := key{number: a.Number}
		wanted[k] = true
		if prev, ok := old[k]; ok {
			for j := range a.SubActions {
				wanted[key{parent: prev.ID, position: j + 1}] = true
			}
		}
	}
	// Sub-actions go before their parents, so each is deleted (and audited)
	// by itself rather than swept away with its parent.
	for _, subs := range []bool{true, false} {
		for k, a := range old {
			if (a.ParentID != nil) != subs || wanted[k] {
				continue
			}
			if err := c.Action.DeleteOne(a).Exec(ctx); err != nil {
				return err
			}
		}
	}
	for i, a := range want {
		f := fmt.Sprintf("%s.actions[%d]", field, i)
		num := a.Number
		id, err := saveAction(ctx, c, old[key{number: num}], areaID, nil, &num, i+1, roles, d.ScopeOf(&a), a, f)
		if err != nil {
			return err
		}
		for j, s := range a.SubActions {
			sf := fmt.Sprintf("%s.subActions[%d]", f, j)
			if _, err := saveAction(ctx, c, old[key{parent: id, position: j + 1}], areaID, &id, nil, j+1, roles, d.ScopeOf(&s), s, sf); err != nil {
				return err
			}
		}
	}
	return nil
}

// saveAction writes a with scope: the file's, or the one inferred when the
// file states none (planfile.Department.ScopeOf).
func saveAction(ctx context.Context, c *ent.Client, prev *ent.Action, areaID int, parentID, number *int,
	position int, roles roleIndex, scope planfile.Scope, a planfile.Action, field string) (int, error) {
	responsible, err := roles.resolve(a.Responsible, field+".responsible")
	if err != nil {
		return 0, err
	}
	kind, due := deadlineColumns(a.Deadline)
	entScope := action.Scope(strings.ReplaceAll(string(scope), "-", "_"))
	var rule *action.Rule
	if a.Rule != "" {
		r := action.Rule(strings.ReplaceAll(string(a.Rule), "-", "_"))
		rule = &r
	}
	if prev != nil {
		upd := prev.Update().SetPosition(position).SetText(a.Text).SetResponsibleID(responsible).SetDeadlineKind(kind).
			SetScope(entScope)
		if due == nil {
			upd.ClearDueMonth()
		} else {
			upd.SetDueMonth(*due)
		}
		if rule == nil {
			upd.ClearRule()
		} else {
			upd.SetRule(*rule)
		}
		if err := upd.Exec(ctx); err != nil {
			return 0, within(field, err)
		}
		return prev.ID, nil
	}
	saved, err := c.Action.Create().SetAreaID(areaID).SetNillableParentID(parentID).SetNillableNumber(number).
		SetPosition(position).SetText(a.Text).SetResponsibleID(responsible).
		SetDeadlineKind(kind).SetNillableDueMonth(due).SetScope(entScope).SetNillableRule(rule).Save(ctx)
	if err != nil {
		return 0, within(field, err)
	}
	return saved.ID, nil
}

func deadlineColumns(d planfile.Deadline) (action.DeadlineKind, *string) {
	switch d.Kind {
	case planfile.DeadlineMonth:
		m := d.Month
		return action.DeadlineKindMonth, &m
	case planfile.DeadlineWhenNeeded:
		return action.DeadlineKindWhenNeeded, nil
	}
	return action.DeadlineKindContinuous, nil
}

// within says where in the file err arose. An error meant for the client
// (package fault) stays one, with the place before its message, so that a
// refusal names what the file would change: "role Systemförvaltare: you
// may not do this".
func within(place string, err error) error {
	if f, ok := fault.As(err); ok {
		c := *f
		c.Message = place + ": " + f.Message
		return &c
	}
	return fmt.Errorf("%s: %w", place, err)
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// optional returns nil for an empty string, for optional fields whose
// validators refuse "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
