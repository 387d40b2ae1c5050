package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// Department is a förvaltning: the tenant that owns plans, roles and
// operation areas. Nothing is shared between departments.
type Department struct{ ent.Schema }

func (Department) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

func (Department) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").
			Unique().
			Match(slugPattern).
			Validate(maxRunes(maxName)).
			Comment("Stable, URL-safe identifier, e.g. bollebygd-socialforvaltningen.").
			Annotations(entgql.OrderField("SLUG")),
		field.String("name").
			NotEmpty().
			Validate(maxRunes(maxName)).
			Comment("The department's name, e.g. Socialförvaltningen.").
			Annotations(entgql.OrderField("NAME")),
		field.String("municipality").
			NotEmpty().
			Validate(maxRunes(maxName)).
			Comment("The municipality, e.g. Bollebygds kommun."),
		field.JSON("workshop_minimums", map[string]int{}).Optional().
			Comment("Minimum workshop seats per operation area code, the default of every new workshop.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("study_visit_report_back_until").Optional().Nillable().Validate(validDate).
			Comment("The last day a held study visit still creates a report-back; no end when empty.").
			Annotations(entgql.Type("Date"), skipInputs),
	}
}

func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plans", Plan.Type).Ref("department").
			Annotations(entgql.RelayConnection()),
		edge.From("roles", Role.Type).Ref("department"),
		edge.From("operation_areas", OperationArea.Type).Ref("department"),
	}
}

func (Department) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}
