package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// GroupMapping gives everyone whose login carries a claim value (a group of
// the municipality's directory, e.g. HP-KFF-Enhetschef) a role in the
// department, from their next login. The department's administrators edit
// them in the app; once a department has one, the mapping file's lines for
// it are no longer read (see docs/auth.md).
type GroupMapping struct{ ent.Schema }

func (GroupMapping) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (GroupMapping) Fields() []ent.Field {
	return []ent.Field{
		field.String("value").NotEmpty().Validate(maxRunes(maxName)).
			Comment("The claim value, compared exactly (case matters): a group name, or its object id in Entra ID.").
			Annotations(entgql.OrderField("VALUE")),
		field.Int("role_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("operation_area_id").Optional().Nillable().
			Comment("The operation area the role is held for, if any.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

func (GroupMapping) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("role", Role.Type).Field("role_id").Unique().Required().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("operation_area", OperationArea.Type).Field("operation_area_id").Unique().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

func (GroupMapping) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "value", "role_id").Unique()}
}
