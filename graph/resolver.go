// Package graph is the GraphQL API: the hand-written schema additions
// (schema.graphql), thin resolvers over the ent client, and the HTTP handler
// with its limits and error presentation (server.go).
package graph

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/handlingsplan/handlingsplan/entgql"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/predicate"
)

// Resolver is the root resolver; it holds the dependencies of all resolvers.
type Resolver struct {
	client       *ent.Client
	afterImport  func(context.Context)
	cacheTrees   bool // NewHandler's: see CacheTrees
	cacheMine    bool // NewHandler's: see CacheMyActions
	clock        func() time.Time
	fileMappings *auth.ClaimMapping
	mailOn       bool // an SMTP relay is configured (package notify)
}

// Option configures NewSchema and NewHandler.
type Option func(*Resolver)

// AfterImport has f run after the transaction of each importPlanFile and importPlanDocument
// commits (never inside it), e.g. to give the planner fresh statistics
// (database.DB.Analyze); f reports its own errors, as the import stands.
func AfterImport(f func(context.Context)) Option {
	return func(r *Resolver) { r.afterImport = f }
}

// FileMappings gives the mapping file (--role-mapping) to the group
// mapping screens, which show its lines for a department.
func FileMappings(m *auth.ClaimMapping) Option {
	return func(r *Resolver) { r.fileMappings = m }
}

// MailEnabled tells the API that this server sends e-mail.
func MailEnabled() Option {
	return func(r *Resolver) { r.mailOn = true }
}

// nonNil makes a nil list an empty one, for a non-null GraphQL list.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// NewSchema returns the executable GraphQL schema over client.
func NewSchema(client *ent.Client, opts ...Option) graphql.ExecutableSchema {
	r := &Resolver{client: client}
	for _, o := range opts {
		o(r)
	}
	cfg := Config{Resolvers: r}
	c := &cfg.Complexity
	c.Query.Departments = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.DepartmentOrder, _ *ent.DepartmentWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Plans = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.PlanOrder, _ *ent.PlanWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Department.Plans = c.Query.Plans
	c.Query.Roles = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.RoleOrder, _ *ent.RoleWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Role.Responsibilities = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.ActionOrder, _ *ent.ActionWhereInput, _ bool) int {
		return pageCost(child, first, last)
	}
	c.Query.BoardMeetings = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.BoardMeetingOrder, _ *ent.BoardMeetingWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.BoardVisits = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.BoardVisitOrder, _ *ent.BoardVisitWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Operations = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.OperationOrder, _ *ent.OperationWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.StudyVisitSlots = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.StudyVisitSlotOrder, _ *ent.StudyVisitSlotWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Workshops = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.WorkshopOrder, _ *ent.WorkshopWhereInput) int {
		return pageCost(child, first, last)
	}
	return NewExecutableSchema(cfg)
}

// assumedPageSize is what a connection asked for without first or last is
// assumed to return when its cost is weighed.
const assumedPageSize = 20

// pageCost weighs a connection: its page size times what each item costs.
func pageCost(child int, first, last *int) int {
	n := assumedPageSize
	if first != nil {
		n = *first
	} else if last != nil {
		n = *last
	}
	return 1 + max(n, 1)*child
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

// clientFor is the client a field resolver reads with: the mutation's
// transaction, when the field is part of a mutation's answer.
func (r *Resolver) clientFor(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}

// topLevelAction selects the actions Area.actions shows: neither a
// sub-action nor a visit's report-back.
var topLevelAction = []predicate.Action{action.ParentIDIsNil(), action.ReportBackOfIDIsNil()}

// afterCommit runs f once the transaction in ctx has committed (at once
// when there is none); a rollback skips it.
func (*Resolver) afterCommit(ctx context.Context, f func(context.Context)) {
	if f == nil {
		return
	}
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		f(ctx)
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			f(ctx)
			return nil
		})
	})
}
