package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// Role is who answers for an action: a position (Enhetschef) or a group of
// positions (Chefer = all managers). Responsibility is tied to roles, not to
// people, so a plan survives staff turnover.
type Role struct{ ent.Schema }

func (Role) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}} }

func (Role) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			NotEmpty().
			Validate(maxRunes(maxName)).
			Comment("Singular name as the plan writes it, e.g. Enhetschef.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			Values("position", "group").
			Default("position").
			Comment("A position held by people, or a group of positions."),
		field.Strings("aliases").
			Optional().
			Validate(eachMaxRunes(maxName)).
			Comment("Other spellings in plans that mean this role, e.g. the plural Enhetschefer."),
		field.Bool("edits_plans").Default(false).
			Comment("Holders edit every plan of the department (besides each plan's owner)."),
		field.Bool("administers").Default(false).
			Comment("Holders manage the department's users, role assignments and settings, and read its audit trail."),
		field.Bool("board_member").Default(false).
			Comment("Holders sit on the board (ledamot, ordförande): they book study visits and report back on them."),
	}
}

func (Role) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("members", Role.Type).
			Comment("For a group: the positions it consists of.").
			From("groups").
			Comment("The groups this position belongs to."),
		edge.From("responsibilities", Action.Type).Ref("responsible").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Role) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "name").Unique()}
}

func (Role) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
