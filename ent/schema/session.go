package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// Session is a logged-in browser. It lives in the database so that every
// replica behind a load balancer knows it. The cookie holds a random token;
// only its SHA-256 is stored, so a leaked table does not log anyone in.
type Session struct{ ent.Schema }

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("token_hash").Unique().Immutable().Sensitive(),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Immutable(),
		field.Time("last_seen_at"),
		field.Time("expires_at").Immutable().Comment("Absolute end, however active the session is."),
		field.Text("id_token").Optional().Sensitive().
			Comment("Sent back to the provider as id_token_hint at logout."),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	}
}

func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}

func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// LoginAttempt is a login in progress: what the callback needs to check the
// provider's answer. It is deleted when used, so a replayed callback fails.
type LoginAttempt struct{ ent.Schema }

func (LoginAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("state_hash").Unique().Immutable().Sensitive(),
		field.String("nonce").Immutable().Sensitive(),
		field.String("pkce_verifier").Immutable().Sensitive(),
		field.String("return_to").Immutable().Validate(maxRunes(maxLink)),
		field.Time("expires_at").Immutable(),
	}
}

func (LoginAttempt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}

func (LoginAttempt) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
