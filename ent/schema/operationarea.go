package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/handlingsplan/handlingsplan/entgql"
)

// OperationArea is a verksamhetsområde (ÄO, LSS, HSV, IFO myndighet, IFO
// verkställighet). Workshops spread their seats across them.
type OperationArea struct{ ent.Schema }

func (OperationArea) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}, AuditMixin{}}
}

func (OperationArea) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().Validate(maxRunes(maxCode)).Comment("Short name used in the plan, e.g. ÄO."),
		field.String("name").NotEmpty().Validate(maxRunes(maxName)).Comment("Full name, e.g. Äldreomsorg."),
		field.Int("position").NonNegative().Default(0).
			Comment("The area's place in the department's list, from 1.").
			Annotations(entgql.OrderField("POSITION")),
	}
}

func (OperationArea) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "code").Unique()}
}

func (OperationArea) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
