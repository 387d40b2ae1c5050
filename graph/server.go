package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/graph/gid"
)

// NewHandler returns the GraphQL endpoint: POST for everything, GET for
// queries only, by the GraphQL-over-HTTP spec (see overHTTP): responses as
// application/graphql-response+json when the client asks for it, else
// application/json; mutations in one transaction each. Every request is
// bounded by limits (see limits.go); introspection and field suggestions
// are on only when introspection is.
func NewHandler(client *ent.Client, logger *slog.Logger, limits Limits, introspection bool) http.Handler {
	limits = limits.withDefaults()
	srv := handler.New(costedSchema{NewSchema(client)})
	srv.AddTransport(overHTTP{})
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
	srv.AroundRootFields(stopWhenDone)
	srv.SetErrorPresenter(presentError(logger))
	srv.SetRecoverFunc(recoverPanic(logger))
	return withDeadline(limits.Timeout, srv)
}

// recoverPanic logs a resolver's panic with its stack and answers the client
// with a bare internal error.
func recoverPanic(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &fault.Error{Code: fault.Internal, Message: "internal error"}
	}
}

// presentError gives every error a stable code in extensions.code. Errors
// the client caused say what is wrong; anything else is logged and shown as
// "internal error" so internals never leak.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		if _, ok := gqlErr.Extensions["code"]; ok {
			return gqlErr // parse and validation errors from gqlgen carry their own code
		}
		if f, ok := fault.As(err); ok {
			for k, v := range f.Extra {
				gqlErr.Extensions[k] = v
			}
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
			gqlErr.Message = "the request ran out of time and was stopped"
			if errors.Is(reason, context.Canceled) {
				gqlErr.Message = "the request was cancelled"
			}
			gqlErr.Extensions["code"] = codeTimeout
			return gqlErr
		}
		code, field, msg := classify(err)
		if gid.IsNotAnID(err) {
			// An argument the schema could not read: its path ends with
			// the argument's (or input field's) name.
			field = lastName(gqlErr.Path)
		}
		if code == fault.Internal {
			logger.ErrorContext(ctx, "request failed", "error", err.Error(), "path", gqlErr.Path.String())
		} else {
			// The client's mistake: worth seeing, never an alarm. The
			// message may echo the input, so only where and what.
			logger.InfoContext(ctx, "request refused", "code", string(code), "field", field, "path", gqlErr.Path.String())
		}
		gqlErr.Message = msg
		gqlErr.Extensions["code"] = string(code)
		if field != "" {
			gqlErr.Extensions["field"] = field
		}
		return gqlErr
	}
}

func classify(err error) (code fault.Code, field, msg string) {
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		field := camelCase(verr.Name)
		if f, ok := fault.As(err); ok {
			// A validator of the schema said what is wrong (a text too
			// long); it does not know the field, the error does.
			return f.Code, field, field + ": " + f.Message
		}
		return fault.BadUserInput, field, strings.TrimPrefix(verr.Error(), "ent: ")
	}
	if f, ok := fault.As(err); ok {
		return f.Code, f.Field, f.Message
	}
	var nferr *ent.NotFoundError
	switch {
	case errors.As(err, &nferr):
		return fault.NotFound, "", "not found"
	case strings.Contains(err.Error(), "could not resolve to a node"):
		return fault.NotFound, "", "not found"
	case ent.IsConstraintError(err):
		return fault.Conflict, "", "conflicts with existing data"
	}
	return fault.Internal, "", "internal error"
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
