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

// SignOff is "kontroll utförd": someone confirms that an action was done,
// on a date. A month action takes one, a continuous action one per
// follow-up period, a when-needed action one per occurrence. A sign-off is
// never deleted: it can be withdrawn, with a reason, and a new one made.
type SignOff struct{ ent.Schema }

func (SignOff) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, AuditMixin{}} }

func (SignOff) Fields() []ent.Field {
	return []ent.Field{
		field.Int("action_id").Immutable(),
		field.String("slot").Immutable().NotEmpty().
			Comment("What the sign-off completes: \"once\" for a month action, the period key (e.g. 2024-HT) for a continuous one, a unique occurrence for a when-needed one. At most one live sign-off per action and slot.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("share").Immutable().Default("").
			Comment("The share of a shared duty the sign-off completes: \"unit:<id>\" (each unit), \"person:<user id>\" (each person), empty for a duty done once. At most one live sign-off per action, slot and share.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("unit_id").Optional().Nillable().Immutable().
			Comment("The unit signed for (each-unit duties), or the signer's unit when known.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("period").Optional().Immutable().
			Comment("The follow-up period (continuous actions), e.g. 2024-HT."),
		field.String("done_on").Immutable().Validate(validDate).
			Comment("The day the action was done.").
			Annotations(entgql.Type("Date"), entgql.OrderField("DONE_ON")),
		field.Text("comment").Optional().Immutable().Validate(maxRunes(maxComment)),
		field.String("evidence_link").Optional().Immutable().Validate(maxRunes(maxLink)).
			Comment("A link to evidence, e.g. minutes on the intranet."),
		field.Int("evidence_id").Optional().Nillable().Immutable(),
		field.Int("signer_id").Immutable(),
		field.Bool("on_behalf").Immutable().Default(false).
			Comment("Signed by the plan owner on behalf of the responsible role."),
		field.String("idempotency_key").Immutable().NotEmpty().Validate(maxRunes(maxName)).Sensitive().
			Comment("Chosen by the client; a retry with the same key returns the first sign-off."),
		field.Time("created_at").Immutable().Default(time.Now).
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("withdrawn_at").Optional().Nillable(),
		field.Int("withdrawn_by_id").Optional().Nillable(),
		field.Text("withdraw_reason").Optional().Validate(maxRunes(maxComment)),
	}
}

func (SignOff) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("action", Action.Type).Ref("sign_offs").Field("action_id").Unique().Required().Immutable(),
		edge.To("signer", User.Type).Field("signer_id").Unique().Required().Immutable(),
		edge.To("withdrawn_by", User.Type).Field("withdrawn_by_id").Unique(),
		edge.To("evidence", Evidence.Type).Field("evidence_id").Unique().Immutable(),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

func (SignOff) Indexes() []ent.Index {
	return []ent.Index{
		// Exactly once: two people signing the same share of a slot at the
		// same moment give one live sign-off; the database refuses the second.
		index.Fields("action_id", "slot", "share").Unique().
			Annotations(entsql.IndexWhere("withdrawn_at IS NULL")),
		index.Fields("signer_id", "idempotency_key").Unique(),
		// What can change an action's status as of a day (progress.MyActions
		// ranks from it alone): its live sign-offs done by then, per period
		// and share.
		index.Fields("action_id", "done_on", "period", "share", "signer_id", "unit_id").
			Annotations(entsql.IndexWhere("withdrawn_at IS NULL")),
	}
}

func (SignOff) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// Evidence is a file attached to a sign-off: a PDF, an image or an office
// document of at most 10 MB, its type checked from its content. It is
// stored in the database so every replica can serve it.
type Evidence struct{ ent.Schema }

func (Evidence) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }

func (Evidence) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Immutable().Validate(validFileName).
			Comment("The file name as uploaded, cleaned (package evidence): one path component, UTF-8, no control characters, at most 255 bytes."),
		field.String("content_type").Immutable(),
		field.Int("size").Immutable(),
		field.String("sha256").Immutable(),
		field.Bytes("content").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("uploader_id").Immutable(),
		field.Time("created_at").Immutable().Default(time.Now),
	}
}

func (Evidence) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("uploader", User.Type).Field("uploader_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Evidence) Indexes() []ent.Index {
	// What a person has stored, and has uploaded in the last minute: the
	// quota's questions (package evidence).
	return []ent.Index{index.Fields("uploader_id", "created_at")}
}

// CalendarFeed is a secret, revocable address of an iCalendar feed of a
// user's deadlines, for Outlook and other calendars.
type CalendarFeed struct{ ent.Schema }

func (CalendarFeed) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("token_hash").Unique().Immutable().Sensitive(),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Immutable().Default(time.Now),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

func (CalendarFeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

func (CalendarFeed) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
