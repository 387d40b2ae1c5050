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

// Area is an område of a plan: a goal with its purpose and an optional note
// (in italics in the document).
type Area struct{ ent.Schema }

func (Area) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{Parent: "plan"}, AuditMixin{}}
}

func (Area) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("position").NonNegative().
			Comment("Order within the plan, starting at 1.").
			Annotations(entgql.OrderField("POSITION")),
		field.Text("title").NotEmpty().Validate(maxRunes(maxHeading)),
		field.Text("purpose").Optional().Validate(maxRunes(maxComment)),
		field.Text("note").Optional().Validate(maxRunes(maxComment)),
	}
}

func (Area) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", Plan.Type).Ref("areas").
			Field("plan_id").Unique().Required().Immutable(),
		edge.To("actions", Action.Type).
			Comment("All actions of the area, sub-actions included.").
			Annotations(entsql.OnDelete(entsql.Cascade), skipInputs),
	}
}

func (Area) Indexes() []ent.Index {
	return []ent.Index{index.Fields("plan_id", "position")}
}

func (Area) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
