package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/handlingsplan/handlingsplan/entgql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/graph/gid"
	"github.com/handlingsplan/handlingsplan/metrics"
)

// NewHandler returns the GraphQL endpoint: POST for everything, GET for
// queries only, by the GraphQL-over-HTTP spec (see overHTTP): responses as
// application/graphql-response+json when the client asks for it, else
// application/json; mutations in one transaction each. Every request is
// bounded by limits (see limits.go); introspection and field suggestions
// are on only when introspection is.
func NewHandler(client *ent.Client, logger *slog.Logger, limits Limits, introspection bool, opts ...Option) http.Handler {
	limits = limits.withDefaults()
	srv := handler.New(costedSchema{NewSchema(client, opts...)})
	var transport overHTTP
	o := optionsOf(opts)
	if o.cacheTrees {
		transport.trees = newTreeCache(client)
	}
	if o.cacheMine {
		transport.mine = newMineCache(client, o.now)
	}
	srv.AddTransport(transport)
	cache := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(cache)
	srv.SetParserTokenLimit(limits.Tokens)
	srv.SetValidationRulesFn(validationRules(limits, introspection))
	if introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(documentLimits{limits: limits, introspection: introspection, cache: cache})
	srv.Use(extension.FixedComplexityLimit(limits.Complexity))
	srv.Use(entgql.Transactioner{TxOpener: client})
	srv.AroundOperations(withOwners)
	srv.AroundRootFields(stopWhenDone)
	srv.AroundOperations(withAuditSummaries)
	srv.AroundResponses(countErrors)
	srv.SetErrorPresenter(presentError(logger))
	srv.SetRecoverFunc(recoverPanic(logger))
	return withDeadline(limits.Timeout, srv)
}

// optionsOf returns the options as they set a Resolver.
func optionsOf(opts []Option) *Resolver {
	r := &Resolver{}
	for _, o := range opts {
		o(r)
	}
	return r
}

// countErrors counts the errors of every response by extensions.code,
// those of documents that never ran included.
func countErrors(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			metrics.GraphQLError(ctx, code)
		}
	}
	return resp
}

// recoverPanic logs a resolver's panic with its stack and answers the client
// with a bare internal error.
func recoverPanic(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &fault.Error{Code: fault.Internal, Message: "internal error"}
	}
}

// presentError gives every error a stable code in extensions.code, a
// Swedish message for people and the English detail in extensions.detail.
// Errors the client caused say what is wrong; anything else is logged and
// shown as an internal error so internals never leak.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		if code, ok := gqlErr.Extensions["code"].(string); ok {
			// Parse and validation errors from gqlgen carry their own code.
			return speak(gqlErr, &fault.Error{Code: fault.Code(code), Message: gqlErr.Message})
		}
		if over, first := ended(ctx, err); over {
			// The request ran out of time or its client left: one line
			// for the request, not one per field it had left.
			reason := err
			if cause := context.Cause(ctx); cause != nil {
				reason = cause
			}
			if first {
				logger.WarnContext(ctx, "request abandoned", "reason", reason.Error(), "path", gqlErr.Path.String())
			}
			detail := "the request ran out of time and was stopped"
			if errors.Is(reason, context.Canceled) {
				detail = "the request was cancelled"
			}
			return speak(gqlErr, &fault.Error{Code: fault.Timeout, Message: detail})
		}
		f := classify(err)
		if gid.IsNotAnID(err) {
			// An argument the schema could not read: its path ends with
			// the argument's (or input field's) name.
			f.Field = lastName(gqlErr.Path)
		}
		if f.Code == fault.Internal {
			logger.ErrorContext(ctx, "request failed", "error", err.Error(), "path", gqlErr.Path.String())
		} else {
			// The client's mistake: worth seeing, never an alarm. The
			// message may echo the input, so only where and what.
			logger.InfoContext(ctx, "request refused", "code", string(f.Code), "field", f.Field, "path", gqlErr.Path.String())
		}
		return speak(gqlErr, f)
	}
}

// speak fills gqlErr from f: the Swedish message, and code, field, detail
// and f's extra facts in extensions.
func speak(gqlErr *gqlerror.Error, f *fault.Error) *gqlerror.Error {
	for k, v := range f.JSON()["extensions"].(map[string]any) {
		gqlErr.Extensions[k] = v
	}
	gqlErr.Message = f.Swedish()
	return gqlErr
}

// classify turns any error into the fault the client is shown.
func classify(err error) *fault.Error {
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		field := camelCase(verr.Name)
		if f, ok := fault.As(err); ok {
			// A validator of the schema said what is wrong (a text too
			// long); it does not know the field, the error does.
			c := *f
			c.Field, c.Message = field, field+": "+f.Message
			return &c
		}
		return &fault.Error{Code: fault.BadUserInput, Field: field, Message: strings.TrimPrefix(verr.Error(), "ent: ")}
	}
	if f, ok := fault.As(err); ok {
		c := *f // a copy: the presenter may name its field
		return &c
	}
	var nferr *ent.NotFoundError
	switch {
	case errors.As(err, &nferr):
		return &fault.Error{Code: fault.NotFound, Message: "not found"}
	case strings.Contains(err.Error(), "could not resolve to a node"):
		return &fault.Error{Code: fault.NotFound, Message: "not found"}
	case ent.IsConstraintError(err):
		return fault.Conflictf("conflicts with existing data").Sv("Det finns redan, eller har just ändrats av någon annan. Ladda om sidan och försök igen.")
	}
	return &fault.Error{Code: fault.Internal, Message: "internal error"}
}

// lastName returns the last name in a path: the argument or input field
// of an argument error (["signOff", "input", "actionID"], ["nodes", "ids", 1]).
func lastName(path ast.Path) string {
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}

// camelCase turns an ent field name (due_month) into its GraphQL spelling
// (dueMonth).
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
		} else if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
