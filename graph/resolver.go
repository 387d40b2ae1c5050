// Package graph is the GraphQL API: the hand-written schema additions
// (schema.graphql), thin resolvers over the ent client, and the HTTP handler
// with its limits and error presentation (server.go).
package graph

import (
	"cmp"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/handlingsplan/handlingsplan/ent"
)

// Resolver is the root resolver; it holds the dependencies of all resolvers.
type Resolver struct {
	client *ent.Client
}

// NewSchema returns the executable GraphQL schema over client.
func NewSchema(client *ent.Client) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{Resolvers: &Resolver{client: client}})
}

// inPlanOrder returns items sorted by their position in the plan. Edges are
// eager-loaded in one query per level (see ent's CollectFields) in id order;
// sorting here keeps the plan's order without another query.
func inPlanOrder[T any](items []T, position func(T) int) []T {
	return slices.SortedStableFunc(slices.Values(items), func(a, b T) int {
		return cmp.Compare(position(a), position(b))
	})
}

func actionPosition(a *ent.Action) int { return a.Position }
