// Package organisation edits a department's organisation in the app: its
// operations and their units (with a manager), the units' APT dates, its
// operation areas (plan editors and administrators) and its own name and
// settings (its administrators).
//
// Nothing in use is deleted: an operation with units or visits, a unit
// with sign-offs, role assignments or visits, an operation area named by
// operations, role assignments, group mappings or workshop registrations
// is refused with a CONFLICT that says what holds it. The check and the
// delete are one: the row is first locked with rowlock.ForDelete, which
// waits for every transaction adding a reference to it and makes later
// ones wait for the delete (their foreign key then refuses them), so no
// reference can appear between the check and the delete.
//
// Every function takes a client bound to the GraphQL mutation's
// transaction and acts with the viewer's rights (the privacy rules decide
// who may); only the checks of what holds a row read with all rights, so
// that rows the viewer does not read (another's workshop registration, a
// group mapping) still hold it.
package organisation

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/ent/studyvisitslot"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/ent/workshop"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/visits"
)

// CreateOperation adds an operation, optionally in an operation area (of
// its department: TenantMixin's hook checks it). A name the department
// has is a CONFLICT on name.
func CreateOperation(ctx context.Context, client *ent.Client, dept int, in ent.CreateOperationInput) (*ent.Operation, error) {
	in.Name = strings.TrimSpace(in.Name)
	taken, err := client.Operation.Query().Where(operation.DepartmentID(dept), operation.Name(in.Name)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, nameTaken("operation", in.Name, "Förvaltningen har redan en verksamhet som heter %s. Välj ett annat namn.")
	}
	return client.Operation.Create().SetInput(in).SetDepartmentID(dept).Save(ctx)
}

// UpdateOperation renames an operation or moves it to another operation
// area (the tenant hook keeps the area in its department).
func UpdateOperation(ctx context.Context, client *ent.Client, id int, in ent.UpdateOperationInput) (*ent.Operation, error) {
	op, err := client.Operation.Get(ctx, id)
	if err != nil {
		return nil, notFoundAs(err, "id", "operation", "Verksamheten")
	}
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		in.Name = &name
		taken, err := client.Operation.Query().Where(operation.DepartmentID(op.DepartmentID), operation.Name(name), operation.IDNEQ(id)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if taken {
			return nil, nameTaken("operation", name, "Förvaltningen har redan en verksamhet som heter %s. Välj ett annat namn.")
		}
	}
	return client.Operation.UpdateOneID(id).SetInput(in).Save(ctx)
}

// DeleteOperation deletes an operation that nothing holds: no units, no
// board visits, no study visit slots.
func DeleteOperation(ctx context.Context, client *ent.Client, id int) error {
	op, err := client.Operation.Query().Where(operation.ID(id)).Modify(rowlock.ForDelete).Only(ctx)
	if err != nil {
		return notFoundAs(err, "id", "operation", "Verksamheten")
	}
	all := allowed(ctx)
	units, err := client.Unit.Query().Where(unit.OperationID(id)).Count(all)
	if err != nil {
		return err
	}
	visits, err := client.BoardVisit.Query().Where(boardvisit.OperationID(id)).Count(all)
	if err != nil {
		return err
	}
	slots, err := client.StudyVisitSlot.Query().Where(studyvisitslot.OperationID(id)).Count(all)
	if err != nil {
		return err
	}
	held := holders{{units, "unit", "enhet", "enheter"}, {visits, "board visit", "nämndbesök", "nämndbesök"},
		{slots, "study visit slot", "tid för studiebesök", "tider för studiebesök"}}
	if held.any() {
		f := fault.Conflictf("operation %s still has %s", op.Name, held.en()).
			Sv("Verksamheten %s har %s och kan inte tas bort. Ta bort eller flytta det först; inget tas bort i onödan.", op.Name, held.sv())
		if units > 0 {
			f = f.Sv("Verksamheten %s har %s och kan inte tas bort. Flytta eller ta bort enheterna först.", op.Name, held.sv())
		}
		return f.With("units", units).With("boardVisits", visits).With("studyVisitSlots", slots)
	}
	return client.Operation.DeleteOneID(id).Exec(ctx)
}

// UpdateUnit renames a unit, moves it to another operation of its
// department, or sets or clears its manager, who must be a person of the
// department (hold a role in it). A unit that a board visit or a study
// visit slot names stays with its operation: the visit is the operation's.
func UpdateUnit(ctx context.Context, client *ent.Client, id int, in ent.UpdateUnitInput) (*ent.Unit, error) {
	q := client.Unit.Query().Where(unit.ID(id))
	if in.OperationID != nil {
		// Locked as for a delete: no visit may come to name the unit
		// between the check below and the move.
		q.Modify(rowlock.ForDelete)
	}
	u, err := q.Only(ctx)
	if err != nil {
		return nil, notFoundAs(err, "id", "unit", "Enheten")
	}
	opID := u.OperationID
	if in.OperationID != nil && *in.OperationID != u.OperationID {
		op, err := client.Operation.Get(ctx, *in.OperationID)
		if err != nil || op.DepartmentID != u.DepartmentID {
			return nil, notFoundAs(orNotFound(err), "operationID", "operation", "Verksamheten")
		}
		all := allowed(ctx)
		visits, err := client.BoardVisit.Query().Where(boardvisit.UnitID(id)).Count(all)
		if err != nil {
			return nil, err
		}
		slots, err := client.StudyVisitSlot.Query().Where(studyvisitslot.UnitID(id)).Count(all)
		if err != nil {
			return nil, err
		}
		held := holders{{visits, "board visit", "nämndbesök", "nämndbesök"}, {slots, "study visit slot", "tid för studiebesök", "tider för studiebesök"}}
		if held.any() {
			return nil, on(fault.Conflictf("unit %s has %s of its operation; it stays with it", u.Name, held.en()).
				Sv("Enheten %s har %s som hör till verksamheten och kan inte flyttas. Lägg till en ny enhet under den andra verksamheten i stället.", u.Name, held.sv()),
				"operationID")
		}
		opID = op.ID
	}
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		in.Name = &name
	}
	if in.Name != nil || opID != u.OperationID {
		name := u.Name
		if in.Name != nil {
			name = *in.Name
		}
		taken, err := client.Unit.Query().Where(unit.OperationID(opID), unit.Name(name), unit.IDNEQ(id)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if taken {
			return nil, nameTaken("unit", name, "Verksamheten har redan en enhet som heter %s. Välj ett annat namn.")
		}
	}
	if in.ManagerID != nil {
		if err := personOf(ctx, client, *in.ManagerID, u.DepartmentID); err != nil {
			return nil, err
		}
	}
	return client.Unit.UpdateOneID(id).SetInput(in).Save(ctx)
}

// CreateUnit adds a unit to an operation, with a manager who is a person
// of the department, or none.
func CreateUnit(ctx context.Context, client *ent.Client, in ent.CreateUnitInput) (*ent.Unit, error) {
	op, err := client.Operation.Get(ctx, in.OperationID)
	if err != nil {
		return nil, notFoundAs(err, "operationID", "operation", "Verksamheten")
	}
	in.Name = strings.TrimSpace(in.Name)
	taken, err := client.Unit.Query().Where(unit.OperationID(op.ID), unit.Name(in.Name)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, nameTaken("unit", in.Name, "Verksamheten har redan en enhet som heter %s. Välj ett annat namn.")
	}
	if in.ManagerID != nil {
		if err := personOf(ctx, client, *in.ManagerID, op.DepartmentID); err != nil {
			return nil, err
		}
	}
	return client.Unit.Create().SetInput(in).SetDepartmentID(op.DepartmentID).Save(ctx)
}

// personOf refuses a user who holds no role in the department. A user the
// viewer cannot see is not found, as one that does not exist.
func personOf(ctx context.Context, client *ent.Client, userID, dept int) error {
	u, err := client.User.Get(ctx, userID)
	if err != nil {
		return notFoundAs(err, "managerID", "user", "Personen")
	}
	member, err := client.RoleAssignment.Query().
		Where(roleassignment.UserID(userID), roleassignment.DepartmentID(dept)).Exist(allowed(ctx))
	if err != nil {
		return err
	}
	if !member {
		return fault.Invalid("managerID", "%s holds no role in the department", u.Name).
			Sv("%s har ingen roll i förvaltningen. Välj en av förvaltningens personer som chef.", u.Name)
	}
	return nil
}

// DeleteUnit deletes a unit with its APT dates, when nothing else holds
// it: no sign-off (done or withdrawn), no role assignment, no board visit
// and no study visit slot names it.
func DeleteUnit(ctx context.Context, client *ent.Client, id int) error {
	u, err := client.Unit.Query().Where(unit.ID(id)).Modify(rowlock.ForDelete).Only(ctx)
	if err != nil {
		return notFoundAs(err, "id", "unit", "Enheten")
	}
	all := allowed(ctx)
	signOffs, err := client.SignOff.Query().Where(signoff.UnitID(id)).Count(all)
	if err != nil {
		return err
	}
	roles, err := client.RoleAssignment.Query().Where(roleassignment.UnitID(id)).Count(all)
	if err != nil {
		return err
	}
	visits, err := client.BoardVisit.Query().Where(boardvisit.UnitID(id)).Count(all)
	if err != nil {
		return err
	}
	slots, err := client.StudyVisitSlot.Query().Where(studyvisitslot.UnitID(id)).Count(all)
	if err != nil {
		return err
	}
	held := holders{{signOffs, "sign-off", "markering som utförd", "markeringar som utförda"},
		{roles, "role assignment", "person med roll för enheten", "personer med roll för enheten"},
		{visits, "board visit", "nämndbesök", "nämndbesök"}, {slots, "study visit slot", "tid för studiebesök", "tider för studiebesök"}}
	if held.any() {
		return fault.Conflictf("unit %s still has %s", u.Name, held.en()).
			Sv("Enheten %s har %s och kan inte tas bort, så att inget av det försvinner.", u.Name, held.sv()).
			With("signOffs", signOffs).With("roleAssignments", roles).With("boardVisits", visits).With("studyVisitSlots", slots)
	}
	return client.Unit.DeleteOneID(id).Exec(ctx)
}

// UpdateWorkplaceMeeting moves an APT date to another day; the unit may
// not have that day already.
func UpdateWorkplaceMeeting(ctx context.Context, client *ent.Client, id int, in ent.UpdateWorkplaceMeetingInput) (*ent.WorkplaceMeeting, error) {
	wm, err := client.WorkplaceMeeting.Get(ctx, id)
	if err != nil {
		return nil, notFoundAs(err, "id", "APT date", "APT-datumet")
	}
	if in.Date != nil {
		if err := visits.IsDate("date", *in.Date); err != nil {
			return nil, err
		}
		taken, err := client.WorkplaceMeeting.Query().
			Where(workplacemeeting.UnitID(wm.UnitID), workplacemeeting.Date(*in.Date), workplacemeeting.IDNEQ(id)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if taken {
			return nil, on(fault.Conflictf("the unit already has an APT on %s", *in.Date).
				Sv("Enheten har redan APT %s.", followup.DayLabel(*in.Date)), "date")
		}
	}
	return client.WorkplaceMeeting.UpdateOneID(id).SetInput(in).Save(ctx)
}

// DeleteWorkplaceMeeting removes an APT date. A report-back already given
// its deadline by it keeps that deadline.
func DeleteWorkplaceMeeting(ctx context.Context, client *ent.Client, id int) error {
	err := client.WorkplaceMeeting.DeleteOneID(id).Exec(ctx)
	return notFoundAs(err, "id", "APT date", "APT-datumet")
}

// holder is a count of the rows of one kind that hold a row.
type holder struct {
	n        int
	en       string
	sv, svPl string
}

type holders []holder

func (hs holders) any() bool { return slices.ContainsFunc(hs, func(h holder) bool { return h.n > 0 }) }

// en says the holders in English, for logs: "2 unit(s), 1 board visit(s)".
func (hs holders) en() string {
	var parts []string
	for _, h := range hs {
		if h.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s(s)", h.n, h.en))
		}
	}
	return strings.Join(parts, ", ")
}

// sv says the holders in Swedish: "2 enheter och 1 nämndbesök".
func (hs holders) sv() string {
	var parts []string
	for _, h := range hs {
		switch {
		case h.n == 1:
			parts = append(parts, "1 "+h.sv)
		case h.n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", h.n, h.svPl))
		}
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " och " + parts[len(parts)-1]
}

// allowed is ctx with every read allowed: the checks of what holds a row
// count rows the viewer may not read.
func allowed(ctx context.Context) context.Context { return privacy.DecisionContext(ctx, privacy.Allow) }

// lockDepartment locks the department's row until the transaction ends,
// for changes that renumber its rows; another department's is not found.
func lockDepartment(ctx context.Context, client *ent.Client, dept int) (*ent.Department, error) {
	return client.Department.Query().Where(department.ID(dept)).Modify(rowlock.Lock).Only(ctx)
}

// nameTaken refuses a name a sibling has; say has one %s, the name.
func nameTaken(what, name, say string) error {
	return on(fault.Conflictf("a %s named %s exists", what, name).Sv(say, name), "name")
}

// notFoundAs turns not found into NOT_FOUND on field: what (English) and
// sv (Swedish, "Enheten") name the row.
func notFoundAs(err error, field, what, sv string) error {
	if ent.IsNotFound(err) {
		return fault.NoSuch(field, what).Sv("%s finns inte, eller hör till en annan förvaltning.", sv)
	}
	return err
}

// orNotFound turns a row of another department, read by a caller that
// checks departments itself, into not found.
func orNotFound(err error) error {
	if err == nil {
		return &ent.NotFoundError{}
	}
	return err
}

// on names the input field a fault is about.
func on(f *fault.Error, field string) *fault.Error {
	c := *f
	c.Field = field
	return &c
}

// renameKey moves a workshop minimum from code old to code new.
func renameKey(m map[string]int, old, new string) (map[string]int, bool) {
	n, ok := m[old]
	if !ok {
		return m, false
	}
	out := maps.Clone(m)
	delete(out, old)
	out[new] += n
	return out, true
}

// workshopsNotAllocated are the department's workshops whose seats are
// still to be allocated by their minimums.
func workshopsNotAllocated(ctx context.Context, client *ent.Client, dept int) ([]*ent.Workshop, error) {
	return client.Workshop.Query().Where(workshop.DepartmentID(dept), workshop.AllocatedAtIsNil()).All(ctx)
}
