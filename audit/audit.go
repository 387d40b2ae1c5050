// Package audit writes the append-only audit trail: one AuditRecord per
// change of an audited type, in the same transaction as the change, naming
// who, when, what, the values before and after, and the request id; and,
// through Write, the uploads and downloads of evidence files.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	entgo "entgo.io/ent"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/entrow"
	"github.com/handlingsplan/handlingsplan/logging"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// mutation is what every generated mutation of an audited type offers.
type mutation interface {
	entgo.Mutation
	ID() (int, bool)
	Client() *ent.Client
}

// Hook records every create, update-one and delete-one of the type it is
// attached to. Bulk updates and deletes are refused: they could not be
// recorded row by row, and nothing in the product needs them.
func Hook() entgo.Hook {
	return func(next entgo.Mutator) entgo.Mutator {
		return entgo.MutateFunc(func(ctx context.Context, m entgo.Mutation) (entgo.Value, error) {
			am, ok := m.(mutation)
			if !ok {
				return nil, fmt.Errorf("audit: %T cannot be audited", m)
			}
			if m.Op().Is(entgo.OpUpdate | entgo.OpDelete) {
				return nil, fmt.Errorf("audit: bulk %s of %s is not allowed; change rows one by one", m.Op(), m.Type())
			}
			var before map[string]any
			var err error
			switch {
			case m.Op().Is(entgo.OpUpdateOne):
				before, err = oldValues(ctx, m)
			case m.Op().Is(entgo.OpDeleteOne):
				before, err = currentRow(ctx, am)
			}
			if err != nil {
				return nil, fmt.Errorf("audit: read %s before the change: %w", m.Type(), err)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			id, _ := am.ID()
			var after map[string]any
			if !m.Op().Is(entgo.OpDeleteOne) {
				after = newValues(m)
				if created, ok := entityID(v); ok {
					id = created
				}
			}
			return v, record(ctx, am, id, before, after)
		})
	}
}

func record(ctx context.Context, m mutation, id int, before, after map[string]any) error {
	rec := begin(ctx, m.Client(), m.Type(), id, operation(m.Op()))
	if before != nil {
		rec.SetBefore(before)
	}
	if after != nil {
		rec.SetAfter(after)
	}
	if dept, ok := departmentOf(before, after); ok {
		rec.SetDepartmentID(dept)
	}
	return save(ctx, rec)
}

// Entry is a record of something other than a change the hook sees: an
// evidence file uploaded (its row is never changed afterwards, so the
// hook is not on it) or downloaded.
type Entry struct {
	EntityType   string
	EntityID     int
	Operation    auditrecord.Operation
	DepartmentID int
	After        map[string]any // what the record names besides the entity: a file's name, size, checksum
}

// Write records e, naming the viewer of ctx (or the system task), with
// client: the transaction of what it records, when there is one.
func Write(ctx context.Context, client *ent.Client, e Entry) error {
	rec := begin(ctx, client, e.EntityType, e.EntityID, e.Operation).SetDepartmentID(e.DepartmentID)
	if e.After != nil {
		rec.SetAfter(e.After)
	}
	return save(ctx, rec)
}

// begin starts a record of one entity, with who did it and the request id.
func begin(ctx context.Context, client *ent.Client, typ string, id int, op auditrecord.Operation) *ent.AuditRecordCreate {
	rec := client.AuditRecord.Create().
		SetEntityType(typ).
		SetEntityID(id).
		SetOperation(op).
		SetRequestID(logging.RequestID(ctx))
	if v := viewer.FromContext(ctx); v != nil {
		rec.SetActorID(v.UserID).SetActor(v.Name)
	} else {
		rec.SetActor("system:" + viewer.SystemTask(ctx))
	}
	return rec
}

func save(ctx context.Context, rec *ent.AuditRecordCreate) error {
	// The viewer may not write audit records; the system does it for them.
	if err := rec.Exec(privacy.DecisionContext(ctx, privacy.Allow)); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

func operation(op entgo.Op) auditrecord.Operation {
	switch {
	case op.Is(entgo.OpCreate):
		return auditrecord.OperationCreate
	case op.Is(entgo.OpDeleteOne):
		return auditrecord.OperationDelete
	}
	return auditrecord.OperationUpdate
}

// newValues returns the fields and edges the mutation sets.
func newValues(m entgo.Mutation) map[string]any {
	vals := map[string]any{}
	for _, f := range m.Fields() {
		v, _ := m.Field(f)
		vals[f] = v
	}
	for _, f := range m.ClearedFields() {
		vals[f] = nil
	}
	for _, e := range m.AddedEdges() {
		vals[e+"+"] = m.AddedIDs(e)
	}
	for _, e := range m.RemovedEdges() {
		vals[e+"-"] = m.RemovedIDs(e)
	}
	return vals
}

// oldValues returns the values, before an update, of the fields it changes.
func oldValues(ctx context.Context, m entgo.Mutation) (map[string]any, error) {
	vals := map[string]any{}
	fields := append(m.Fields(), m.ClearedFields()...)
	if _, ok := m.(interface{ DepartmentID() (int, bool) }); ok {
		fields = append(fields, "department_id") // so the record is filed under its department
	}
	for _, f := range fields {
		v, err := m.OldField(ctx, f)
		if err != nil {
			return nil, err
		}
		vals[f] = v
	}
	return vals, nil
}

// currentRow returns a row about to be deleted, as its JSON fields. It
// reads any audited type the same way (package entrow), so a new type
// needs nothing here.
func currentRow(ctx context.Context, m mutation) (map[string]any, error) {
	id, _ := m.ID()
	ctx = privacy.DecisionContext(ctx, privacy.Allow) // reading for the record, not for the viewer
	row, err := entrow.Get(ctx, m.Client(), m.Type(), id)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(row)
	if err != nil {
		return nil, err
	}
	var vals map[string]any
	if err := json.Unmarshal(data, &vals); err != nil {
		return nil, err
	}
	delete(vals, "edges")
	return vals, nil
}

func departmentOf(maps ...map[string]any) (int, bool) {
	for _, m := range maps {
		switch v := m["department_id"].(type) {
		case int:
			return v, true
		case float64: // from JSON
			return int(v), true
		}
	}
	return 0, false
}

// entityID returns the ID field of a created entity.
func entityID(v entgo.Value) (int, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return 0, false
	}
	f := rv.Elem().FieldByName("ID")
	if !f.IsValid() || !f.CanInt() {
		return 0, false
	}
	return int(f.Int()), true
}
