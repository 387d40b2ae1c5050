package progress

import (
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
)

// areaPlanNotArchived keeps areas of plans that are followed up.
func areaPlanNotArchived() predicate.Area {
	return area.HasPlanWith(plan.StatusNEQ(plan.StatusArchived))
}
