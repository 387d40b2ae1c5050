package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
	"github.com/handlingsplan/handlingsplan/entgql"

	"github.com/handlingsplan/handlingsplan/audit"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/rule"
)

// skipInputs keeps a field or edge out of the generated mutation inputs: it
// is set by the server, or from the other side of the edge.
var skipInputs = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

// TimeMixin adds creation and modification time stamps.
type TimeMixin struct{ mixin.Schema }

func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Immutable().
			Default(time.Now).
			Annotations(
				entgql.OrderField("CREATED_AT"),
				skipInputs,
			),
		field.Time("updated_at").
			Default(time.Now).
			UpdateDefault(time.Now).
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				skipInputs,
			),
	}
}

// TenantMixin makes a schema owned by a department. Every tenant-owned row
// carries its department directly, so isolation never depends on walking
// parent edges. The department is set once, on creation, and never changes;
// it is not part of the GraphQL inputs: the API decides it (see package plan).
//
// The mixin also keeps every tenant-owned type isolated, so a new type cannot
// forget it: its policy filters every query to the viewer's departments, and
// its hook refuses any reference to a row of another department (see
// sameDepartment). Parent names the edge a new row takes its department
// from when none is set (an area from its plan).
type TenantMixin struct {
	mixin.Schema
	Parent string
}

// Policy filters every query of a tenant-owned type to the viewer's
// departments: another department's rows are missing from lists, counts
// and node look-ups. The type's own policy comes after it, for who may
// write.
func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.DenyIfNoViewer(), rule.FilterTenant()},
	}
}

// Hooks keep every reference of a tenant-owned row inside its department.
func (t TenantMixin) Hooks() []ent.Hook {
	return []ent.Hook{sameDepartment(t.Parent)}
}

func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("department_id").
			Immutable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

func (TenantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("department", Department.Type).
			Field("department_id").
			Unique().
			Required().
			Immutable().
			Annotations(
				entsql.OnDelete(entsql.Cascade),
				skipInputs,
			),
	}
}

func (TenantMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id")}
}

// AuditMixin records every change of the schema in the audit trail, in the
// change's own transaction (see package audit).
type AuditMixin struct{ mixin.Schema }

func (AuditMixin) Hooks() []ent.Hook { return []ent.Hook{audit.Hook()} }
