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

// Action is an åtgärd/aktivitet of an area, or, when it has a parent, one of
// that action's sub-actions. Each has exactly one responsible role and one
// deadline ("klart när?").
type Action struct{ ent.Schema }

func (Action) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{Parent: "area"}, AuditMixin{}}
}

func (Action) Fields() []ent.Field {
	return []ent.Field{
		field.Int("area_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("parent_id").Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("number").Optional().Nillable().Positive().
			Comment("The action's number within its area; sub-actions have none."),
		field.Int("position").NonNegative().
			Comment("Order among its siblings, starting at 1.").
			Annotations(entgql.OrderField("POSITION")),
		field.Text("text").NotEmpty().Validate(maxRunes(maxAction)),
		field.Int("responsible_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("deadline_kind").
			Values("month", "continuous", "when_needed", "date").
			Comment("month: done by the end of due_month; continuous (fortlöpande): followed up period by period; when_needed (vid behov): logged each time; date: done by due_date (report-backs).").
			Annotations(entgql.OrderField("DEADLINE_KIND")),
		field.String("due_month").Optional().Nillable().Validate(validMonth).
			Comment("YYYY-MM; set exactly when deadline_kind is month.").
			Annotations(entgql.Type("Month"), entgql.OrderField("DUE_MONTH")),
		field.String("due_date").Optional().Nillable().Validate(validDate).
			Comment("YYYY-MM-DD; set exactly when deadline_kind is date.").
			Annotations(entgql.Type("Date")),
		field.Enum("scope").
			Values("once", "each_unit", "each_person").
			Default("once").
			Comment("Who does it: once (one sign-off completes it, a single post's duty); each_unit (every unit of the department, signed by its manager or a holder of the role for that unit); each_person (every holder of the responsible role, each for themselves)."),
		field.Enum("rule").Optional().Nillable().
			Values("board_visit_report_back", "study_visit_report_back", "workshops").
			Comment("A rule of the plan this action states: its report-backs are created under it, and the holders of its responsible role organise its workshops.").
			Annotations(skipInputs),
		field.Int("report_back_of_id").Optional().Nillable().Immutable().
			Comment("For a report-back: the plan's action whose rule created it.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("assignee_id").Optional().Nillable().Immutable().
			Comment("For a report-back: the one person who answers for it (a board member, a unit's manager); else every holder of the responsible role.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

func (Action) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("area", Area.Type).Ref("actions").
			Field("area_id").Unique().Required().Immutable(),
		edge.To("sub_actions", Action.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), skipInputs).
			From("parent").
			Field("parent_id").Unique().Immutable(),
		edge.To("responsible", Role.Type).
			Field("responsible_id").Unique().Required(),
		edge.To("sign_offs", SignOff.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), skipInputs),
		edge.To("report_backs", Action.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)).
			From("report_back_of").
			Field("report_back_of_id").Unique().Immutable().
			Annotations(skipInputs),
		edge.To("assignee", User.Type).Field("assignee_id").Unique().Immutable().
			Annotations(skipInputs),
	}
}

func (Action) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("responsible_id", "deadline_kind"),
		index.Fields("area_id", "position"),
		index.Fields("parent_id"),
		index.Fields("report_back_of_id"),
		// With responsible_id's: the actions someone answers for
		// (progress.MyActions), by role or given to them.
		index.Fields("assignee_id"),
		// Backs the numbering hook against concurrent writers; sub-actions
		// have no number, and NULLs never collide.
		index.Fields("area_id", "number").Unique(),
	}
}

func (Action) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
