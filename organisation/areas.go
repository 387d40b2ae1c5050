package organisation

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/groupmapping"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/visits"
)

// CreateOperationArea adds an operation area to the department, last in
// its list unless the input gives a position. A code the department has
// is a CONFLICT on code.
func CreateOperationArea(ctx context.Context, client *ent.Client, dept int, in ent.CreateOperationAreaInput) (*ent.OperationArea, error) {
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	// Locked, so that two areas added at once get a place each. Another
	// department's is not found: the create below then says so on
	// departmentID, as every create does.
	if _, err := lockDepartment(ctx, client, dept); err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	existing, err := client.OperationArea.Query().Where(operationarea.DepartmentID(dept)).All(ctx)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(existing, func(a *ent.OperationArea) bool { return a.Code == in.Code }) {
		return nil, codeTaken(in.Code)
	}
	if in.Position == nil {
		last := 0
		for _, a := range existing {
			last = max(last, a.Position)
		}
		in.Position = ptr(last + 1)
	}
	return client.OperationArea.Create().SetInput(in).SetDepartmentID(dept).Save(ctx)
}

// UpdateOperationArea changes an area's code, name or position. A new
// code is carried over to the workshop minimums that named the old one:
// the department's setting and the workshops not yet allocated (already
// allocated ones keep what they were allocated by). Those rows are
// written as a consequence of a change the viewer may make, with all
// rights, and audited as the viewer's.
func UpdateOperationArea(ctx context.Context, client *ent.Client, id int, in ent.UpdateOperationAreaInput) (*ent.OperationArea, error) {
	oa, err := client.OperationArea.Get(ctx, id)
	if err != nil {
		return nil, notFoundAs(err, "id", "operation area", "Verksamhetsområdet")
	}
	if in.Name != nil {
		in.Name = ptr(strings.TrimSpace(*in.Name))
	}
	if in.Code != nil {
		in.Code = ptr(strings.TrimSpace(*in.Code))
	}
	if in.Code == nil || *in.Code == oa.Code {
		return client.OperationArea.UpdateOneID(id).SetInput(in).Save(ctx)
	}
	code := *in.Code
	taken, err := client.OperationArea.Query().
		Where(operationarea.DepartmentID(oa.DepartmentID), operationarea.Code(code), operationarea.IDNEQ(id)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, codeTaken(code)
	}
	updated, err := client.OperationArea.UpdateOneID(id).SetInput(in).Save(ctx)
	if err != nil {
		return nil, err
	}
	all := allowed(ctx)
	d, err := lockDepartment(all, client, oa.DepartmentID)
	if err != nil {
		return nil, err
	}
	if m, ok := renameKey(d.WorkshopMinimums, oa.Code, code); ok {
		if err := client.Department.UpdateOneID(d.ID).SetWorkshopMinimums(m).Exec(all); err != nil {
			return nil, err
		}
	}
	open, err := workshopsNotAllocated(all, client, oa.DepartmentID)
	if err != nil {
		return nil, err
	}
	for _, w := range open {
		if m, ok := renameKey(w.Minimums, oa.Code, code); ok {
			if err := client.Workshop.UpdateOneID(w.ID).SetMinimums(m).Exec(all); err != nil {
				return nil, err
			}
		}
	}
	return updated, nil
}

// MoveOperationArea puts an area at a place (1 = first) of the
// department's list and numbers the list 1, 2, … again; the others keep
// their order. It returns the list in its new order.
func MoveOperationArea(ctx context.Context, client *ent.Client, id, position int) ([]*ent.OperationArea, error) {
	oa, err := client.OperationArea.Get(ctx, id)
	if err != nil {
		return nil, notFoundAs(err, "id", "operation area", "Verksamhetsområdet")
	}
	if _, err := lockDepartment(ctx, client, oa.DepartmentID); err != nil {
		return nil, err
	}
	areas, err := client.OperationArea.Query().Where(operationarea.DepartmentID(oa.DepartmentID)).
		Order(ent.Asc(operationarea.FieldPosition), ent.Asc(operationarea.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	if position < 1 || position > len(areas) {
		return nil, fault.Invalid("position", "position %d is outside 1..%d", position, len(areas)).
			Sv("Platsen finns inte: välj en plats från 1 till %d.", len(areas))
	}
	i := slices.IndexFunc(areas, func(a *ent.OperationArea) bool { return a.ID == id })
	moved := areas[i]
	areas = slices.Insert(slices.Delete(areas, i, i+1), position-1, moved)
	for i, a := range areas {
		if a.Position == i+1 {
			continue
		}
		if areas[i], err = a.Update().SetPosition(i + 1).Save(ctx); err != nil {
			return nil, err
		}
	}
	return areas, nil
}

// DeleteOperationArea deletes an area that nothing holds: no operation,
// role assignment, group mapping or workshop registration names it. Its
// minimum is taken off the department's workshop setting, which may name
// only the department's areas.
func DeleteOperationArea(ctx context.Context, client *ent.Client, id int) error {
	oa, err := client.OperationArea.Query().Where(operationarea.ID(id)).Modify(rowlock.ForDelete).Only(ctx)
	if err != nil {
		return notFoundAs(err, "id", "operation area", "Verksamhetsområdet")
	}
	all := allowed(ctx)
	ops, err := client.Operation.Query().Where(operation.OperationAreaID(id)).Count(all)
	if err != nil {
		return err
	}
	roles, err := client.RoleAssignment.Query().Where(roleassignment.OperationAreaID(id)).Count(all)
	if err != nil {
		return err
	}
	mappings, err := client.GroupMapping.Query().Where(groupmapping.OperationAreaID(id)).Count(all)
	if err != nil {
		return err
	}
	regs, err := client.WorkshopRegistration.Query().Where(workshopregistration.OperationAreaID(id)).Count(all)
	if err != nil {
		return err
	}
	held := holders{{ops, "operation", "verksamhet", "verksamheter"},
		{roles, "role assignment", "person med roll för området", "personer med roll för området"},
		{mappings, "group mapping", "gruppmappning", "gruppmappningar"},
		{regs, "workshop registration", "anmälan till workshop", "anmälningar till workshoppar"}}
	if held.any() {
		return fault.Conflictf("operation area %s is still named by %s", oa.Code, held.en()).
			Sv("Verksamhetsområdet %s används av %s och kan inte tas bort, så att inget av det försvinner.", oa.Code, held.sv()).
			With("operations", ops).With("roleAssignments", roles).With("groupMappings", mappings).With("workshopRegistrations", regs)
	}
	d, err := lockDepartment(all, client, oa.DepartmentID)
	if err != nil {
		return err
	}
	if _, ok := d.WorkshopMinimums[oa.Code]; ok {
		m := maps.Clone(d.WorkshopMinimums)
		delete(m, oa.Code)
		if err := client.Department.UpdateOneID(d.ID).SetWorkshopMinimums(m).Exec(all); err != nil {
			return err
		}
	}
	return client.OperationArea.DeleteOneID(id).Exec(ctx)
}

// DepartmentChange is what updateDepartment changes; nil leaves a field.
type DepartmentChange struct {
	Name, Municipality        *string
	WorkshopMinimums          map[string]int // nil: unchanged
	StudyVisitReportBackUntil *string
	ClearReportBackUntil      bool
}

// UpdateDepartment changes a department's name, municipality and settings
// (the privacy rules let only its administrators). The workshop minimums
// may name only the department's operation areas, with 0 seats or more.
// The slug stays: plan files and the command line name the department by
// it.
func UpdateDepartment(ctx context.Context, client *ent.Client, id int, in DepartmentChange) (*ent.Department, error) {
	upd := client.Department.UpdateOneID(id)
	if in.Name != nil {
		upd.SetName(strings.TrimSpace(*in.Name))
	}
	if in.Municipality != nil {
		upd.SetMunicipality(strings.TrimSpace(*in.Municipality))
	}
	if in.WorkshopMinimums != nil {
		codes, err := client.OperationArea.Query().Where(operationarea.DepartmentID(id)).Select(operationarea.FieldCode).Strings(ctx)
		if err != nil {
			return nil, err
		}
		for _, code := range slices.Sorted(maps.Keys(in.WorkshopMinimums)) {
			switch {
			case !slices.Contains(codes, code):
				return nil, fault.Invalid("workshopMinimums", "unknown operation area %q", code).
					Sv("Förvaltningen har inget verksamhetsområde som heter %q.", code)
			case in.WorkshopMinimums[code] < 0:
				return nil, fault.Invalid("workshopMinimums", "%s: a minimum is 0 or more", code).
					Sv("Minsta antal platser för %s måste vara 0 eller fler.", code)
			}
		}
		upd.SetWorkshopMinimums(in.WorkshopMinimums)
	}
	switch {
	case in.ClearReportBackUntil:
		upd.ClearStudyVisitReportBackUntil()
	case in.StudyVisitReportBackUntil != nil:
		if err := visits.IsDate("studyVisitReportBackUntil", *in.StudyVisitReportBackUntil); err != nil {
			return nil, err
		}
		upd.SetStudyVisitReportBackUntil(*in.StudyVisitReportBackUntil)
	}
	return upd.Save(ctx)
}

// codeTaken refuses a code another area of the department has.
func codeTaken(code string) error {
	return on(fault.Conflictf("the department has an operation area %s", code).
		Sv("Förvaltningen har redan verksamhetsområdet %s. Välj en annan förkortning.", code), "code")
}

func ptr[T any](v T) *T { return &v }
