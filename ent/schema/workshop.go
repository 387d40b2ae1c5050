package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// Workshop is a workshop the head of department holds with employees (the
// plan asks for two per term). Employees register interest; when
// registration closes, seats are allocated by package seating: every
// operation area's minimum first, then the rest by demand, with a recorded
// seed so anyone can recompute the draw.
type Workshop struct{ ent.Schema }

func (Workshop) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}} }

func (Workshop) Fields() []ent.Field {
	return []ent.Field{
		field.String("topic").NotEmpty().Validate(maxRunes(maxName)).Comment("Announced in advance."),
		field.String("date").Validate(validDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("DATE")),
		field.String("place").Optional().Validate(maxRunes(maxName)),
		field.Int("capacity").Min(1),
		field.Time("registration_opens_at"),
		field.Time("registration_closes_at"),
		field.JSON("minimums", map[string]int{}).
			Comment("Minimum seats per operation area code; the department's setting unless given.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int64("seed").Optional().Nillable().
			Comment("The seed of the draw, recorded at allocation."),
		field.Time("allocated_at").Optional().Nillable(),
		field.Strings("explanation").Optional().
			Comment("How the seats were allocated, and each promotion since, in Swedish."),
	}
}

func (Workshop) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("registrations", WorkshopRegistration.Type).Ref("workshop").
			Comment("Every registration, for the workshops' organisers; one's own, for everyone else.").
			Annotations(skipInputs),
	}
}

func (Workshop) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "date")}
}

func (Workshop) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}

// WorkshopRegistration is an employee's interest in a workshop, with their
// operation area, and after allocation their seat or waitlist place.
type WorkshopRegistration struct{ ent.Schema }

func (WorkshopRegistration) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, AuditMixin{}}
}

func (WorkshopRegistration) Fields() []ent.Field {
	return []ent.Field{
		field.Int("workshop_id").Immutable(),
		field.Int("user_id").Immutable(),
		field.Int("operation_area_id"),
		field.Time("created_at").Immutable().Default(time.Now),
		field.Time("cancelled_at").Optional().Nillable(),
		field.Enum("state").Values("registered", "seated", "waitlisted", "cancelled").Default("registered").
			Comment("registered until seats are allocated; then seated or waitlisted; cancelled when withdrawn."),
		field.Int("waitlist_position").Optional().Nillable().Comment("1 is promoted first."),
		field.Bool("in_draw").Default(false).
			Comment("Part of the allocation's input (registered, not cancelled, when seats were allocated)."),
		field.Bool("attended_this_term").Default(false).
			Comment("Recorded at allocation: had a seat at another workshop this term (lower priority)."),
		field.String("seat_reason").Optional().Comment("minimum, proportional or promoted."),
	}
}

func (WorkshopRegistration) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("workshop", Workshop.Type).Field("workshop_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("operation_area", OperationArea.Type).Field("operation_area_id").Unique().Required(),
	}
}

func (WorkshopRegistration) Indexes() []ent.Index {
	return []ent.Index{index.Fields("workshop_id", "user_id").Unique()}
}
