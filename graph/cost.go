package graph

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// What the fields that compute over a plan, a department or a list cost
// (the complexity limit is 5000): they load rows whatever is selected under
// them, so their cost is the load, plus their selection once.
var loadCost = map[string]int{
	"Query.planStatus":         1000, // a whole plan, its sign-offs and coverage, rolled up
	"Query.myActions":          1000, // everything the viewer answers for in every plan, plus 1 per item asked for
	"Query.studyVisitOverview": 500,  // a department's board and visits
	"Query.proposedRotation":   500,  // a department's units, meetings and visits
	"Query.workshopTerms":      500,  // a department's workshops and registrations
	"Query.yearWheel":          300,  // a department's plans, actions, meetings, visits, workshops and APT dates of a year
	"Action.shares":            200,  // the department's units and role holders, per action
	"Action.viewerCanSignOff":  200,  // the plan and the viewer's holdings, per action
	"Role.responsibilities":    50,   // per role: its groups and their actions (plus its page)
}

// heavy is the cost from which a field under a plain list is counted once
// per item: fields loaded a level at a time (ent's field collection) cost
// one statement whatever the list's length and are counted once; a field
// that computes per item, such as Action.shares, is not.
const (
	heavy           = 100
	assumedListSize = 25 // a plan area's actions, a plan's areas
)

// costedSchema weighs fields by what they load (see loadCost), connections
// by their page size (see NewSchema), and plain lists of objects by their
// length when something under them computes per item.
type costedSchema struct{ graphql.ExecutableSchema }

func (s costedSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	cost, ok := s.ExecutableSchema.Complexity(ctx, typeName, field, child, args)
	if !ok {
		cost = 1 + child
	}
	if load, ok := loadCost[typeName+"."+field]; ok {
		cost += load
		if field == "myActions" {
			n := intArg(args["first"], 200)
			cost += min(max(n, 1), 500)
		}
	}
	if child >= heavy && s.isList(typeName, field) {
		cost += (assumedListSize - 1) * child
	}
	return cost, true
}

// isList reports whether a field returns a plain list of objects; a
// connection's edges are weighed by its page size instead.
func (s costedSchema) isList(typeName, field string) bool {
	t := s.Schema().Types[typeName]
	if t == nil || strings.HasSuffix(typeName, "Connection") {
		return false
	}
	f := t.Fields.ForName(field)
	return f != nil && f.Type.Elem != nil && isObject(s.Schema(), f.Type.Elem)
}

func isObject(schema *ast.Schema, t *ast.Type) bool {
	for t.Elem != nil {
		t = t.Elem
	}
	d := schema.Types[t.NamedType]
	return d != nil && (d.Kind == ast.Object || d.Kind == ast.Interface || d.Kind == ast.Union)
}

// intArg reads an Int argument as the complexity walk passes it: int64
// from the document, json.Number from variables.
func intArg(v any, def int) int {
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(min(max(v, -1<<31), 1<<31))
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return int(min(max(n, -1<<31), 1<<31))
		}
	}
	return def
}
