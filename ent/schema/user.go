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

// User is a person who has logged in, or who was added ahead of their
// first login by a department administrator. The identity is the
// provider's issuer and subject; name and e-mail are copied from the ID
// token at every login. A person added ahead has no issuer yet and a
// placeholder subject; the first login whose verified e-mail is theirs
// takes the row over (see auth). What a user may do comes from their role
// assignments, and from being a municipality administrator.
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("issuer").
			Comment("Empty for a person added ahead who has not logged in yet.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("subject").NotEmpty().
			Comment("The provider's sub; a placeholder (pending:…) until a person added ahead logs in.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("name").Default("").Validate(maxRunes(maxName)).
			Annotations(entgql.OrderField("NAME")),
		field.String("email").Default("").Validate(maxRunes(maxEmail)),
		field.Time("last_login_at").Optional().Nillable(),
		field.Bool("municipality_admin").Default(false).
			Comment("Granted in the app by a municipality administrator: creates departments.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("municipality_admin_by_claim").Default(false).
			Comment("Given by a claim value the mapping file names (municipalityAdministrators), as of the last login.").
			Annotations(entgql.Skip(entgql.SkipAll)),
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
	return []ent.Index{
		index.Fields("issuer", "subject").Unique(),
		// One person added ahead per e-mail address (stored in lower case),
		// so two administrators adding the same person meet here.
		index.Fields("email").Unique().Annotations(entsql.IndexWhere("issuer = ''")),
	}
}

func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
