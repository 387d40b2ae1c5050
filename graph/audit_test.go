package graph_test

import (
	"context"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/rule"
)

func TestEveryMutationIsAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ctx := rule.SystemContext(context.Background(), "test")
		imported := db.Client.AuditRecord.Query().Where(auditrecord.Actor("system:test")).CountX(ctx)
		if imported == 0 {
			t.Fatal("the import wrote no audit records")
		}

		f.api.mustDo(`mutation($id: ID!) { updateAction(id: $id, input: {text: "Ny text."}) { id } }`, map[string]any{"id": f.action}, nil)
		rec, err := db.Client.AuditRecord.Query().
			Where(auditrecord.EntityType("Action"), auditrecord.EntityID(f.action), auditrecord.OperationEQ(auditrecord.OperationUpdate)).
			Only(ctx)
		if err != nil {
			t.Fatalf("no audit record of the update: %v", err)
		}
		if rec.ActorID == nil || rec.Actor == "" || rec.DepartmentID == nil || *rec.DepartmentID != f.dept {
			t.Errorf("record = actor %v %q, department %v", rec.ActorID, rec.Actor, rec.DepartmentID)
		}
		if rec.Before["text"] == nil || rec.After["text"] != "Ny text." {
			t.Errorf("before/after = %v / %v", rec.Before, rec.After)
		}

		f.api.mustDo(`mutation($id: ID!) { deleteAction(id: $id) }`, map[string]any{"id": f.action}, nil)
		del, err := db.Client.AuditRecord.Query().
			Where(auditrecord.EntityID(f.action), auditrecord.OperationEQ(auditrecord.OperationDelete)).Only(ctx)
		if err != nil || del.Before["text"] != "Ny text." {
			t.Errorf("delete record = %+v, %v; want the row as it was", del, err)
		}

		before := db.Client.AuditRecord.Query().CountX(ctx)
		// Number 2 is taken: the change is refused, and nothing is recorded.
		errs := f.api.do(`mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, number: 2, position: 9, text: "T", responsibleID: $role, deadlineKind: continuous}) { id } }`,
			map[string]any{"area": f.area, "role": f.enhetschef}, nil)
		if len(errs) == 0 {
			t.Fatal("the duplicate number was accepted")
		}
		if after := db.Client.AuditRecord.Query().CountX(ctx); after != before {
			t.Errorf("a refused mutation left %d audit records", after-before)
		}
	})
}

func TestTheAuditTrailCannotBeChanged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		seedBollebygd(t, db)
		ctx := rule.SystemContext(context.Background(), "test") // not even the system
		rec := db.Client.AuditRecord.Query().FirstX(ctx)
		if err := db.Client.AuditRecord.UpdateOne(rec).Exec(ctx); err == nil {
			t.Error("an audit record was changed")
		}
		if err := db.Client.AuditRecord.DeleteOne(rec).Exec(ctx); err == nil {
			t.Error("an audit record was deleted")
		}
		if _, err := db.Client.AuditRecord.Delete().Exec(ctx); err == nil {
			t.Error("the audit trail was deleted")
		}
	})
}

func TestTheAuditLogIsForAdministratorsAndFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		f.api.mustDo(`mutation($id: ID!) { updatePlan(id: $id, input: {title: "Ändrad"}) { id } }`, map[string]any{"id": f.plan}, nil)

		admin := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Systemförvaltare"))
		var log struct {
			AuditLog struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						EntityType, Operation, Actor string
						After                        map[string]any
					}
				}
			}
		}
		admin.mustDo(`query($id: Int!) { auditLog(where: {entityType: "Plan", entityID: $id, operation: update}) {
			totalCount edges { node { entityType operation actor after } } } }`, map[string]any{"id": f.plan}, &log)
		// The title change, then the revision of the adopted plan it made.
		if log.AuditLog.TotalCount != 2 || log.AuditLog.Edges[1].Node.After["title"] != "Ändrad" || log.AuditLog.Edges[0].Node.After["revisions"] == nil {
			t.Errorf("audit log = %+v, want the title change and its revision", log.AuditLog)
		}
		var all struct{ AuditLog struct{ TotalCount int } }
		f.api.mustDo(`{ auditLog { totalCount } }`, nil, &all)
		if all.AuditLog.TotalCount != 0 {
			t.Errorf("a plan editor who is not an administrator reads %d audit records", all.AuditLog.TotalCount)
		}
	})
}
