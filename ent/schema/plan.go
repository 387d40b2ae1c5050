package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"

	"github.com/handlingsplan/handlingsplan/ent/schema/schematype"
)

// Plan is an adopted handlingsplan: the header of the document, its
// background, and its areas. With its department, the registry number (Dnr)
// identifies a plan; importing the same Dnr again updates it in place.
type Plan struct{ ent.Schema }

func (Plan) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}} }

func (Plan) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").NotEmpty().Validate(maxRunes(maxName)).
			Annotations(entgql.OrderField("TITLE")),
		field.String("registry_number").NotEmpty().Validate(maxRunes(maxCode)).
			Comment("Diarienummer (Dnr), e.g. SN2024/10.").
			Annotations(entgql.OrderField("REGISTRY_NUMBER")),
		field.String("date").Optional().Validate(validDate).
			Comment("The document's date.").
			Annotations(entgql.Type("Date"), entgql.OrderField("DATE")),
		// The adoption is recorded by adoptPlan (package lifecycle); only
		// the paragraph may be corrected later, once the minutes number it.
		field.String("adopted_by").Optional().Validate(maxRunes(maxName)).
			Comment("Who adopted the plan (fastställd), e.g. Socialnämnden.").
			Annotations(skipInputs),
		field.String("adopted_at").Optional().Validate(validDate).
			Annotations(entgql.Type("Date"), skipInputs),
		field.String("adopted_paragraph").Optional().Validate(maxRunes(maxCode)).
			Comment("The minutes paragraph of the adoption, e.g. § 12, or § xx before it is numbered.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput)),
		field.Int("approved_by_id").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("owner_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.JSON("revisions", []schematype.Revision{}).Optional().
			Comment("The document's revision history (Reviderad), oldest first: recorded by the app for every change after adoption (package lifecycle).").
			Annotations(entgql.Type("[Revision!]"), skipInputs),
		field.Text("background").Optional().Validate(maxRunes(maxText)).
			Comment("The background section (Bakgrund)."),
		field.Strings("completed_activities").Optional().Validate(eachMaxRunes(maxAction)).
			Comment("Activities carried out before the plan, as listed in its background."),
		field.Enum("follow_up_cadence").
			Values("month", "quarter", "term", "year").
			Default("term").
			Comment("How often continuous (fortlöpande) actions are followed up: one sign-off per period."),
		field.Int("due_soon_days").Default(14).Min(0).Max(365).
			Comment("An action is due soon this many days before its deadline."),
		// Moved only by adoptPlan, archivePlan and reopenPlan (package
		// lifecycle). A revised plan is still adopted: see docs/follow-up.md.
		field.Enum("status").
			Values("draft", "adopted", "archived").
			Default("draft").
			Comment("utkast (seen by its editors only), fastställd, arkiverad (read-only).").
			Annotations(entgql.OrderField("STATUS"), skipInputs),
	}
}

func (Plan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", Role.Type).
			Field("owner_id").Unique().Required().
			Comment("The role that owns the document (dokumentansvarig)."),
		edge.To("approved_by", Role.Type).
			Field("approved_by_id").Unique().
			Comment("The role that approved the plan (fastställd av)."),
		edge.To("areas", Area.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), skipInputs),
	}
}

func (Plan) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "registry_number").Unique()}
}

func (Plan) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
