package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// RoleAssignment says that a user holds a role in a department. It comes
// either from a claim of the identity provider, mapped by configuration
// (and replaced at every login), or from a department administrator.
type RoleAssignment struct{ ent.Schema }

func (RoleAssignment) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (RoleAssignment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("role_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("operation_area_id").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("unit_id").Optional().Nillable().
			Comment("The unit the role is held for, if any: an Enhetschef or Medarbetare of one unit, who signs (and is counted) for it.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("source").Values("claim", "admin").
			Comment("claim: mapped from the identity provider at login; admin: assigned in the app."),
	}
}

func (RoleAssignment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("role", Role.Type).Field("role_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("operation_area", OperationArea.Type).Field("operation_area_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

func (RoleAssignment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "role_id", "source").Unique()}
}

func (RoleAssignment) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
