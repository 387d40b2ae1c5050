package progress

import (
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
)

// areaPlanInForce keeps areas of plans that are followed up: adopted ones,
// never a draft (not in force yet) or an archived plan.
func areaPlanInForce() predicate.Area {
	return area.HasPlanWith(plan.StatusEQ(plan.StatusAdopted))
}
