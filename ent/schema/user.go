package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// User is a person who has logged in. The identity is the provider's
// issuer and subject; name and e-mail are copied from the ID token at every
// login. What a user may do comes from their role assignments.
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("issuer").Immutable().NotEmpty().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("subject").Immutable().NotEmpty().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("name").Default("").Validate(maxRunes(maxName)).
			Annotations(entgql.OrderField("NAME")),
		field.String("email").Default("").Validate(maxRunes(maxEmail)),
		field.Time("last_login_at").Optional().Nillable(),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("assignments", RoleAssignment.Type).Ref("user"),
		edge.To("sessions", Session.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)),
	}
}

func (User) Indexes() []ent.Index {
	return []ent.Index{index.Fields("issuer", "subject").Unique()}
}

func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
