package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// The generated executor (generated.go) calls these two in place of
// gqlgen's own, rewritten so by graph/internal/inline after `gqlgen
// generate` (issue 18): see that command for why.

// marshalSlice marshals the elements of a list one after another in the
// calling goroutine. It is graphql.MarshalSliceConcurrently without the
// goroutine per element: every list the schema returns is loaded before
// its elements are marshalled (CollectFields' eager loading, or a
// resolver's own query), so the goroutines bought no waiting in parallel,
// only a fresh stack each to grow, and work for the garbage collector. A
// field below an element that does its own I/O still runs in a goroutine
// of its own (FieldSet.ResolveConcurrently). workerLimit is ignored: one
// worker is the limit.
func marshalSlice(
	ctx context.Context,
	length int,
	_ int64,
	omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	// One FieldContext per element, as gqlgen makes: the element's fields
	// keep a pointer to it (their path, and fc.Result), so it is not reused.
	fcs := make([]graphql.FieldContext, length)
	indices := make([]int, length)
	for i := range length {
		indices[i] = i
		fcs[i].Index = &indices[i]
		childCtx := graphql.WithFieldContext(ctx, &fcs[i])
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		ret[i] = marshalRecovering(childCtx, i, marshalElement)
	}
	return ret
}

// marshalRecovering is one element of marshalSlice: a panic becomes an error
// at the element's path and a null element, as in gqlgen.
func marshalRecovering(ctx context.Context, i int, marshalElement func(ctx context.Context, i int) graphql.Marshaler) (ret graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			ret = graphql.Null
		}
	}()
	return marshalElement(ctx, i)
}

// newDeferredGroup is graphql.NewDeferredGroup for an object's fields, but
// allocates the group's path, field set and map only when one of them is
// deferred (@defer). Without, the group is only read, as empty.
func newDeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{Context: ctx}
}
