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

// The plan's rules about the board and the operations: the board's
// meetings, the operations and their units with their workplace meetings
// (APT), operations visiting the board (one per meeting), and board
// members' study visits at the operations. See docs/visits-and-workshops.md.

// BoardMeeting is a sammanträde of the department's board.
type BoardMeeting struct{ ent.Schema }

func (BoardMeeting) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (BoardMeeting) Fields() []ent.Field {
	return []ent.Field{
		field.String("date").Validate(validDate).
			Comment("The day of the meeting.").
			Annotations(entgql.Type("Date"), entgql.OrderField("DATE")),
		field.Text("note").Optional().Validate(maxRunes(maxComment)),
	}
}

func (BoardMeeting) Edges() []ent.Edge {
	return []ent.Edge{
		// One to one: the plan's rule of one operation per board meeting is
		// a unique meeting_id column on the visits.
		edge.To("visit", BoardVisit.Type).Unique().
			Comment("The operation visiting this meeting, if any (at most one).").
			Annotations(entsql.OnDelete(entsql.Cascade), skipInputs),
	}
}

func (BoardMeeting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "date")}
}

func (BoardMeeting) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Operation is a verksamhet: a service that visits the board and receives
// study visits. It may belong to an operation area.
type Operation struct{ ent.Schema }

func (Operation) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (Operation) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Validate(maxRunes(maxName)).
			Annotations(entgql.OrderField("NAME")),
		field.Int("operation_area_id").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

func (Operation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("operation_area", OperationArea.Type).Field("operation_area_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.From("units", Unit.Type).Ref("operation").Annotations(skipInputs),
		edge.From("visits", BoardVisit.Type).Ref("operation").Annotations(skipInputs),
	}
}

func (Operation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "name").Unique()}
}

func (Operation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Unit is an enhet of an operation, with its workplace meetings (APT) and,
// optionally, its manager (Enhetschef), who then alone is given the unit's
// report-backs.
type Unit struct{ ent.Schema }

func (Unit) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}} }

func (Unit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("operation_id").
			Comment("The operation the unit belongs to; it moves to another only while no board visit or study visit names it.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("name").NotEmpty().Validate(maxRunes(maxName)).
			Annotations(entgql.OrderField("NAME")),
		field.Int("manager_id").Optional().Nillable().
			Comment("The unit's manager; when empty, every holder of the report-back's role sees it.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

func (Unit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("operation", Operation.Type).Field("operation_id").Unique().Required().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("manager", User.Type).Field("manager_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.From("workplace_meetings", WorkplaceMeeting.Type).Ref("unit").Annotations(skipInputs),
	}
}

func (Unit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("operation_id", "name").Unique()}
}

func (Unit) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// WorkplaceMeeting is an APT (arbetsplatsträff) of a unit, where the unit
// reports back on its visit to the board.
type WorkplaceMeeting struct{ ent.Schema }

func (WorkplaceMeeting) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (WorkplaceMeeting) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("date").Validate(validDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("DATE")),
	}
}

func (WorkplaceMeeting) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", Unit.Type).Field("unit_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

func (WorkplaceMeeting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "date").Unique()}
}

func (WorkplaceMeeting) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// BoardVisit is an operation presenting its work, conditions and needs to
// the board: at most one operation per meeting. Holding it creates a
// report-back due at the presenting unit's next APT.
type BoardVisit struct{ ent.Schema }

func (BoardVisit) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (BoardVisit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("meeting_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("operation_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("unit_id").Optional().Nillable().
			Comment("The unit that presents; its next APT is when the visit is reported back.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("presenter").Optional().Validate(maxRunes(maxName)).Comment("Who presented."),
		field.Text("work").Optional().Validate(maxRunes(maxText)).Comment("What was said about the operation's work."),
		field.Text("conditions").Optional().Validate(maxRunes(maxText)).Comment("… about its conditions (förutsättningar)."),
		field.Text("needs").Optional().Validate(maxRunes(maxText)).Comment("… about its needs (behov)."),
		field.String("held_on").Optional().Nillable().Validate(validDate).
			Comment("Set when the visit has been held.").
			Annotations(entgql.Type("Date")),
		field.Int("report_back_id").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

func (BoardVisit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", BoardMeeting.Type).Ref("visit").Field("meeting_id").Unique().Required().Immutable(),
		edge.To("operation", Operation.Type).Field("operation_id").Unique().Required().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.To("report_back", Action.Type).Field("report_back_id").Unique().
			Comment("The report-back at the unit's next APT, once the visit is held.").
			Annotations(entsql.OnDelete(entsql.SetNull), skipInputs),
	}
}

func (BoardVisit) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("operation_id"),
	}
}

func (BoardVisit) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}

// StudyVisitSlot is a time when board members may visit an operation
// (studiebesök/prao), for at most size members.
type StudyVisitSlot struct{ ent.Schema }

func (StudyVisitSlot) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (StudyVisitSlot) Fields() []ent.Field {
	return []ent.Field{
		field.Int("operation_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("unit_id").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Time("starts_at").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Int("size").Min(1).Max(100).
			Comment("How many board members may book it."),
		field.Text("note").Optional().Validate(maxRunes(maxComment)),
	}
}

func (StudyVisitSlot) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("operation", Operation.Type).Field("operation_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.From("bookings", StudyVisitBooking.Type).Ref("slot").Annotations(skipInputs),
	}
}

func (StudyVisitSlot) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "starts_at")}
}

func (StudyVisitSlot) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate()),
	}
}

// StudyVisitBooking is a board member's seat on a study visit slot. Seats
// are numbered 1..size and unique per slot, so concurrent bookings can
// never overbook it. Holding the visit creates the member's report-back,
// due at the next board meeting.
type StudyVisitBooking struct{ ent.Schema }

func (StudyVisitBooking) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (StudyVisitBooking) Fields() []ent.Field {
	return []ent.Field{
		field.Int("slot_id").Immutable(),
		field.Int("user_id").Immutable().Comment("The board member."),
		field.Int("seat").Immutable().Positive().Comment("1..size of the slot."),
		field.String("held_on").Optional().Nillable().Validate(validDate).
			Annotations(entgql.Type("Date")),
		field.Text("notes").Optional().Validate(maxRunes(maxText)).Comment("What the member saw and took in."),
		field.Int("report_back_id").Optional().Nillable(),
	}
}

func (StudyVisitBooking) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("slot", StudyVisitSlot.Type).Field("slot_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("report_back", Action.Type).Field("report_back_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

func (StudyVisitBooking) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("slot_id", "seat").Unique(),
		index.Fields("slot_id", "user_id").Unique(),
	}
}
