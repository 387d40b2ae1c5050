package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// AuditRecord is one entry of the append-only audit trail: who changed
// what, when, from what to what. It is written by AuditMixin's hook in the
// transaction of the change it records, or by package evidence for the
// files it receives and serves; no API can change or delete it.
type AuditRecord struct{ ent.Schema }

func (AuditRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Immutable().Default(time.Now).
			Annotations(entgql.OrderField("AT")),
		field.Int("department_id").Optional().Nillable().Immutable().
			Comment("The department the changed row belongs to; empty for users."),
		field.Int("actor_id").Optional().Nillable().Immutable().
			Comment("The user who made the change; empty for the system (import, login)."),
		field.String("actor").Immutable().
			Comment("The actor's name at the time, or what the system did (e.g. system:import)."),
		field.String("entity_type").Immutable().
			Comment("The changed type, e.g. Plan."),
		field.Int("entity_id").Immutable(),
		field.Enum("operation").Values("create", "update", "delete", "download").Immutable().
			Comment("download: a file was served (evidence); its record has no before, and names the file in after."),
		field.JSON("before", map[string]any{}).Optional().Immutable().
			Annotations(entgql.Type("Map")),
		field.JSON("after", map[string]any{}).Optional().Immutable().
			Annotations(entgql.Type("Map")),
		field.String("request_id").Optional().Immutable(),
	}
}

func (AuditRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("department_id", "at"),
		index.Fields("entity_type", "entity_id"),
		index.Fields("actor_id", "at"),
	}
}

func (AuditRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
