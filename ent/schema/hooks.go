package schema

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"entgo.io/ent"

	gen "github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/hook"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/schema/schematype"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/planfile"
)

// The hooks below keep the rules that span rows: a child lives in its
// parent's department, every reference stays inside one department
// (TenantMixin's sameDepartment, for every type), and an action's number
// and deadline are consistent. They run inside the mutation's transaction,
// so a refused mutation writes nothing.

// Hooks of Action.
func (Action) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(next ent.Mutator) ent.Mutator {
			return hook.ActionFunc(func(ctx context.Context, m *gen.ActionMutation) (ent.Value, error) {
				if err := checkAction(ctx, m); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, m)
			})
		}, ent.OpCreate|ent.OpUpdateOne),
	}
}

// actionState is an action as it will be once the mutation is applied.
type actionState struct {
	id, areaID        int
	parentID          *int
	reportBackOf      *int
	number            *int
	kind              action.DeadlineKind
	dueMonth, dueDate *string
}

func checkAction(ctx context.Context, m *gen.ActionMutation) error {
	client := m.Client()
	var s actionState
	if m.Op().Is(ent.OpUpdateOne) {
		id, _ := m.ID()
		old, err := client.Action.Get(ctx, id)
		if err != nil {
			return err
		}
		s = actionState{id: id, areaID: old.AreaID, parentID: old.ParentID,
			reportBackOf: old.ReportBackOfID, number: old.Number, kind: old.DeadlineKind, dueMonth: old.DueMonth, dueDate: old.DueDate}
	} else {
		s.areaID, _ = m.AreaID()
		if id, ok := m.ParentID(); ok {
			s.parentID = &id
		}
		if id, ok := m.ReportBackOfID(); ok {
			s.reportBackOf = &id
		}
	}
	if n, ok := m.Number(); ok {
		s.number = &n
	}
	if m.NumberCleared() {
		s.number = nil
	}
	if k, ok := m.DeadlineKind(); ok {
		s.kind = k
	}
	if d, ok := m.DueMonth(); ok {
		s.dueMonth = &d
	}
	if m.DueMonthCleared() {
		s.dueMonth = nil
	}
	if d, ok := m.DueDate(); ok {
		s.dueDate = &d
	}
	if m.DueDateCleared() {
		s.dueDate = nil
	}

	if s.parentID != nil && m.Op().Is(ent.OpCreate) {
		parent, err := client.Action.Get(ctx, *s.parentID)
		if err != nil {
			return notFoundAs(err, "parentID", "action")
		}
		switch {
		case parent.AreaID != s.areaID:
			return fault.Invalid("parentID", "the parent action belongs to another area").
				Sv("En underaktivitet måste ligga i samma område som sin åtgärd.")
		case parent.ParentID != nil:
			return fault.Invalid("parentID", "a sub-action cannot have sub-actions").
				Sv("En underaktivitet kan inte ha egna underaktiviteter.")
		}
	}
	if err := checkNumber(ctx, client, s); err != nil {
		return err
	}
	switch {
	case s.kind == action.DeadlineKindMonth && s.dueMonth == nil:
		return fault.Invalid("dueMonth", "a month deadline needs dueMonth (YYYY-MM)").
			Sv("Välj vilken månad åtgärden ska vara klar.")
	case s.kind != action.DeadlineKindMonth && s.dueMonth != nil:
		return fault.Invalid("dueMonth", "only a month deadline has dueMonth; %s has none", s.kind).
			Sv("Bara en åtgärd som ska vara klar en viss månad har en månad.")
	case s.kind == action.DeadlineKindDate && s.dueDate == nil:
		return fault.Invalid("dueDate", "a date deadline needs dueDate (YYYY-MM-DD)").
			Sv("Välj vilken dag åtgärden ska vara klar.")
	case s.kind != action.DeadlineKindDate && s.dueDate != nil:
		return fault.Invalid("dueDate", "only a date deadline has dueDate; %s has none", s.kind).
			Sv("Bara en åtgärd som ska vara klar en viss dag har ett datum.")
	}
	return nil
}

// checkNumber enforces the plan's numbering: top-level actions are numbered
// uniquely within their area, sub-actions and report-backs are not numbered.
func checkNumber(ctx context.Context, client *gen.Client, s actionState) error {
	if s.parentID != nil || s.reportBackOf != nil {
		if s.number != nil {
			return fault.Invalid("number", "sub-actions are not numbered").
				Sv("Underaktiviteter har inget nummer.")
		}
		return nil
	}
	if s.number == nil {
		return fault.Invalid("number", "an action needs a number").Sv("Ge åtgärden ett nummer.")
	}
	if *s.number < 1 || *s.number > planfile.MaxActionNumber {
		return fault.Invalid("number", "an action's number is 1 to %d, not %d", planfile.MaxActionNumber, *s.number).
			Sv("Ge åtgärden ett nummer från 1 till %d.", planfile.MaxActionNumber)
	}
	taken, err := client.Action.Query().
		Where(action.AreaID(s.areaID), action.Number(*s.number), action.IDNEQ(s.id)).
		Exist(ctx)
	if err != nil {
		return err
	}
	if taken {
		return fault.Invalid("number", "the area already has an action number %d", *s.number).
			Sv("Området har redan en åtgärd med nummer %d.", *s.number)
	}
	return nil
}

// sameDepartment is TenantMixin's hook: every edge from a tenant-owned row
// to another tenant-owned row must lead to a row of the same department.
// The edges come from the schema (gen.TenantEdges, generated by
// ent/template/tenant.tmpl), so a new type or edge is covered without code
// here: today's role assignment's operation area, tomorrow's unit.
//
// A reference to another department's row is answered exactly as one to
// an id that does not exist, NOT_FOUND naming the input field, so the
// answer never tells that the id exists. A new row created without a
// department takes the department of its parent edge, when the mixin names
// one.
func sameDepartment(parent string) ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if err := checkReferences(ctx, m, parent); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

// tenantMutation is a mutation of a schema with TenantMixin.
type tenantMutation interface {
	ent.Mutation
	Client() *gen.Client
	DepartmentID() (int, bool)
	SetDepartmentID(int)
}

func checkReferences(ctx context.Context, m ent.Mutation, parent string) error {
	tm, ok := m.(tenantMutation)
	if !ok {
		return fmt.Errorf("schema: %T has TenantMixin but no department", m)
	}
	edges := gen.TenantEdges[m.Type()]
	// The rule is about departments, not about what the viewer may read:
	// look rows up with every right.
	all := privacy.DecisionContext(ctx, privacy.Allow)
	client := tm.Client()

	var written []int // the departments of the rows written
	if dept, ok := tm.DepartmentID(); ok {
		written = []int{dept}
	} else if m.Op().Is(ent.OpCreate) && parent != "" {
		e, ok := tenantEdge(edges, parent)
		ids := intIDs(m.AddedIDs(parent))
		if !ok || len(ids) != 1 {
			return nil // no parent: ent refuses the missing department
		}
		found, err := client.TenantDepartments(all, e.Type, ids)
		if err != nil {
			return err
		}
		dept, ok := found[ids[0]]
		if !ok {
			return fault.NoSuch(e.Input, typeWords(e.Type))
		}
		tm.SetDepartmentID(dept)
		written = []int{dept}
	}

	for _, e := range edges {
		ids := intIDs(m.AddedIDs(e.Name))
		if len(ids) == 0 {
			continue
		}
		if written == nil && !m.Op().Is(ent.OpCreate) {
			var err error
			if written, err = updatedDepartments(ctx, all, tm); err != nil {
				return err
			}
		}
		found, err := client.TenantDepartments(all, e.Type, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			dept, ok := found[id]
			if !ok || slices.ContainsFunc(written, func(d int) bool { return d != dept }) {
				return fault.NoSuch(inputField(m, e), typeWords(e.Type))
			}
		}
	}
	return nil
}

// updatedDepartments returns the departments of the rows an update
// changes.
func updatedDepartments(ctx, all context.Context, m tenantMutation) ([]int, error) {
	var ids []int
	if id, ok := m.(interface{ ID() (int, bool) }).ID(); ok && m.Op().Is(ent.OpUpdateOne) {
		ids = []int{id}
	} else {
		var err error
		// The rows the update's predicates select, as the update sees them.
		if ids, err = m.(interface {
			IDs(context.Context) ([]int, error)
		}).IDs(ctx); err != nil {
			return nil, err
		}
	}
	found, err := m.Client().TenantDepartments(all, m.Type(), ids)
	if err != nil {
		return nil, err
	}
	depts := []int{}
	for _, d := range found {
		if !slices.Contains(depts, d) {
			depts = append(depts, d)
		}
	}
	return depts, nil
}

func tenantEdge(edges []gen.TenantEdge, name string) (gen.TenantEdge, bool) {
	for _, e := range edges {
		if e.Name == name {
			return e, true
		}
	}
	return gen.TenantEdge{}, false
}

func intIDs(vs []ent.Value) []int {
	ids := make([]int, 0, len(vs))
	for _, v := range vs {
		if id, ok := v.(int); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// inputField names the GraphQL input field that sets the edge: update
// inputs add to a list edge with addMemberIDs where create inputs take
// memberIDs.
func inputField(m ent.Mutation, e gen.TenantEdge) string {
	if !m.Op().Is(ent.OpCreate) && strings.HasSuffix(e.Input, "IDs") {
		return "add" + strings.ToUpper(e.Input[:1]) + e.Input[1:]
	}
	return e.Input
}

// typeWords spells a type name for people: OperationArea is "operation
// area".
func typeWords(typ string) string {
	var b strings.Builder
	for i, r := range typ {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte(' ')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// notFoundAs turns a missing referenced row into NOT_FOUND in field, as
// sameDepartment answers a row of another department.
func notFoundAs(err error, field, what string) error {
	if gen.IsNotFound(err) {
		return fault.NoSuch(field, what)
	}
	return err
}

// Hooks of Plan: the revision history is JSON, whose notes ent's
// validators cannot reach, so they are bounded here like any note.
func (Plan) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(next ent.Mutator) ent.Mutator {
			return hook.PlanFunc(func(ctx context.Context, m *gen.PlanMutation) (ent.Value, error) {
				revs, _ := m.Revisions()
				more, _ := m.AppendedRevisions()
				if err := checkRevisions(append(revs, more...)); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, m)
			})
		}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne),
	}
}

func checkRevisions(revs []schematype.Revision) error {
	if len(revs) > maxItems {
		return fault.Invalid("revisions", "at most %d revisions, not %d", maxItems, len(revs)).
			Sv("Planen kan ha högst %d revideringar.", maxItems)
	}
	for i, r := range revs {
		if err := maxRunes(maxComment)(r.Note); err != nil {
			f, _ := fault.As(err)
			f.Field = "revisions"
			f.Message = fmt.Sprintf("revision %d: note: %s", i+1, f.Message)
			return f
		}
	}
	return nil
}
