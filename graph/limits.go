package graph

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/handlingsplan/handlingsplan/fault"
)

// Limits bound the work one request may ask for. A zero field takes its
// value from DefaultLimits.
type Limits struct {
	Complexity int // sum of field costs (see costedSchema); a connection's page size multiplies its children
	Depth      int // nesting of selections
	// The document checks run on the parsed document before gqlparser
	// validates it: validation and every later walk visit a fragment each
	// time it is spread, and compare every pair of fields with one
	// response name, so what they may visit is bounded first.
	Tokens     int // tokens in the document (the parser stops at the limit)
	Fields     int // fields of one operation, a fragment counted each time it is spread
	RootFields int // fields at the root of one operation
	Aliases    int // aliased fields of one operation, counted as Fields
	SameName   int // fields with one response name in one selection set
	Errors     int // validation errors answered; the rest are left out
	// Inputs, in arguments and variables: bounded so that no filter grows
	// past what SQLite and PostgreSQL accept in one statement.
	InputList   int // items in one list
	InputLogic  int // terms of one and/or list
	InputValues int // scalar values in all
	InputDepth  int // nesting of input objects and lists
	Timeout     time.Duration
}

// DefaultLimits allow the whole plan tree with every field, each screen of
// the web app, and not much more.
var DefaultLimits = Limits{
	Complexity: 5000, Depth: 12,
	Tokens: 50_000, Fields: 1000, RootFields: 20, Aliases: 30, SameName: 10, Errors: 20,
	InputList: 1000, InputLogic: 100, InputValues: 10_000, InputDepth: 12,
	Timeout: 15 * time.Second,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	for _, f := range []struct{ v, def *int }{
		{&l.Complexity, &d.Complexity}, {&l.Depth, &d.Depth}, {&l.Tokens, &d.Tokens},
		{&l.Fields, &d.Fields}, {&l.RootFields, &d.RootFields}, {&l.Aliases, &d.Aliases},
		{&l.SameName, &d.SameName}, {&l.Errors, &d.Errors}, {&l.InputList, &d.InputList},
		{&l.InputLogic, &d.InputLogic}, {&l.InputValues, &d.InputValues}, {&l.InputDepth, &d.InputDepth},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// tooMuch refuses a document past a limit, with gqlgen's code for it.
func tooMuch(format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, string(fault.TooComplex))
	return err
}

func badInput(field, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": string(fault.BadUserInput)}
	if field != "" {
		err.Extensions["field"] = field
	}
	return err
}

// documentLimits checks a request before gqlgen parses and validates it:
// the document's size in fields (fragments expanded, by memoisation, so a
// fragment bomb costs one visit per fragment), root fields, aliases,
// fields sharing a response name, depth, fragment cycles, introspection
// when it is off, and every input value (lists, nesting, NUL and invalid
// UTF-8). A document already in the query cache passed once; only its
// variables are checked again.
type documentLimits struct {
	limits        Limits
	introspection bool
	cache         graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentLimits{}

func (documentLimits) ExtensionName() string                   { return "DocumentLimits" }
func (documentLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (d documentLimits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	in := inputCheck{limits: d.limits}
	for name, v := range params.Variables {
		if err := in.json(name, v, 0); err != nil {
			return err
		}
	}
	if _, ok := d.cache.Get(ctx, params.Query); ok {
		return nil
	}
	if !utf8.ValidString(params.Query) {
		return badInput("query", "the query is not valid UTF-8")
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, d.limits.Tokens)
	if err != nil {
		gqlErr, ok := err.(*gqlerror.Error)
		if !ok {
			gqlErr = gqlerror.Wrap(err)
		}
		errcode.Set(gqlErr, errcode.ParseFailed)
		return gqlErr
	}
	c := docCheck{limits: d.limits, introspection: d.introspection, input: &in,
		fragments: map[string]*ast.FragmentDefinition{}, memo: map[string]*shape{}, visiting: map[string]bool{}}
	for _, f := range doc.Fragments {
		if _, ok := c.fragments[f.Name]; !ok {
			c.fragments[f.Name] = f
		}
	}
	for _, op := range doc.Operations {
		if err := c.operation(op); err != nil {
			return err
		}
	}
	// Fragments no operation spreads are still walked by validation (which
	// refuses them), once each.
	for _, f := range doc.Fragments {
		if _, err := c.fragment(f.Name); err != nil {
			return err
		}
	}
	return nil
}

// shape is what a selection set (or a fragment) amounts to when expanded.
type shape struct {
	fields, aliases, depth int
	names                  map[string]int // response names at its top level, with how often
}

type docCheck struct {
	limits        Limits
	introspection bool
	input         *inputCheck
	fragments     map[string]*ast.FragmentDefinition
	memo          map[string]*shape
	visiting      map[string]bool
}

// add adds counts without overflowing: a fragment spread three times per
// level over sixty levels counts 3⁶⁰ fields.
func add(a, b int) int {
	if a > math.MaxInt/2-b {
		return math.MaxInt / 2
	}
	return a + b
}

func (c *docCheck) operation(op *ast.OperationDefinition) *gqlerror.Error {
	name := op.Name
	if name == "" {
		name = "the operation"
	}
	if n := len(op.SelectionSet); n > c.limits.RootFields {
		return tooMuch("%s asks for %d fields at its root; the limit is %d", name, n, c.limits.RootFields)
	}
	s := shape{names: map[string]int{}}
	if err := c.set(op.SelectionSet, &s); err != nil {
		return err
	}
	var root int
	for _, n := range s.names {
		root = add(root, n)
	}
	switch l := c.limits; {
	case root > l.RootFields:
		return tooMuch("%s asks for %d fields at its root; the limit is %d", name, root, l.RootFields)
	case s.aliases > l.Aliases:
		return tooMuch("%s has %d aliased fields (fragments expanded); the limit is %d", name, s.aliases, l.Aliases)
	case s.fields > l.Fields:
		return tooMuch("%s selects %d fields (fragments expanded); the limit is %d", name, s.fields, l.Fields)
	case s.depth > l.Depth:
		err := gqlerror.Errorf("%s is nested %d levels deep; the limit is %d", name, s.depth, l.Depth)
		err.Extensions = map[string]any{"code": string(fault.BadUserInput)}
		return err
	}
	for _, v := range op.VariableDefinitions {
		if err := c.input.ast(v.Variable, v.DefaultValue, 0); err != nil {
			return err
		}
	}
	return nil
}

// set adds a selection set to s: its fields to s's response names (inline
// fragments and spreads merge into the same set), and their totals.
func (c *docCheck) set(set ast.SelectionSet, s *shape) *gqlerror.Error {
	for _, sel := range set {
		switch f := sel.(type) {
		case *ast.Field:
			if !c.introspection && (f.Name == "__schema" || f.Name == "__type") {
				err := gqlerror.Errorf("schema introspection is turned off on this server")
				err.Extensions = map[string]any{"code": string(fault.Forbidden)}
				return err
			}
			if err := c.arguments(f.Arguments, f.Directives); err != nil {
				return err
			}
			name := f.Alias
			if name == "" {
				name = f.Name
			}
			if err := c.name(s, name, 1); err != nil {
				return err
			}
			s.fields = add(s.fields, 1)
			if f.Alias != "" && f.Alias != f.Name {
				s.aliases = add(s.aliases, 1)
			}
			child := shape{names: map[string]int{}}
			if err := c.set(f.SelectionSet, &child); err != nil {
				return err
			}
			s.fields = add(s.fields, child.fields)
			s.aliases = add(s.aliases, child.aliases)
			s.depth = max(s.depth, child.depth+1)
		case *ast.InlineFragment:
			if err := c.arguments(nil, f.Directives); err != nil {
				return err
			}
			if err := c.set(f.SelectionSet, s); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if err := c.arguments(nil, f.Directives); err != nil {
				return err
			}
			frag, err := c.fragment(f.Name)
			if err != nil {
				return err
			}
			for n, k := range frag.names {
				if err := c.name(s, n, k); err != nil {
					return err
				}
			}
			s.fields = add(s.fields, frag.fields)
			s.aliases = add(s.aliases, frag.aliases)
			s.depth = max(s.depth, frag.depth)
		}
		// Stop as soon as a bound is passed: the counts only grow.
		if s.fields > c.limits.Fields {
			return tooMuch("the query selects more than %d fields (fragments expanded)", c.limits.Fields)
		}
		if s.aliases > c.limits.Aliases {
			return tooMuch("the query has more than %d aliased fields (fragments expanded)", c.limits.Aliases)
		}
	}
	return nil
}

func (c *docCheck) name(s *shape, name string, n int) *gqlerror.Error {
	s.names[name] = add(s.names[name], n)
	if s.names[name] > c.limits.SameName {
		return tooMuch("%d fields answer as %q in one selection set; the limit is %d", s.names[name], name, c.limits.SameName)
	}
	return nil
}

// fragment returns what a fragment amounts to, walking it once.
func (c *docCheck) fragment(name string) (*shape, *gqlerror.Error) {
	if s, ok := c.memo[name]; ok {
		return s, nil
	}
	def := c.fragments[name]
	if def == nil {
		return &shape{}, nil // validation reports it
	}
	if c.visiting[name] {
		err := gqlerror.Errorf("fragment %s spreads itself", name)
		errcode.Set(err, errcode.ValidationFailed)
		return nil, err
	}
	c.visiting[name] = true
	s := &shape{names: map[string]int{}}
	if err := c.set(def.SelectionSet, s); err != nil {
		return nil, err
	}
	c.visiting[name] = false
	c.memo[name] = s
	return s, nil
}

func (c *docCheck) arguments(args ast.ArgumentList, dirs ast.DirectiveList) *gqlerror.Error {
	for _, a := range args {
		if err := c.input.ast(a.Name, a.Value, 0); err != nil {
			return err
		}
	}
	for _, d := range dirs {
		if err := c.arguments(d.Arguments, nil); err != nil {
			return err
		}
	}
	return nil
}

// inputCheck bounds input values: lists, and/or terms, nesting and the
// number of scalars (ent turns each into a bound parameter or a term of
// one SQL expression, and SQLite refuses more than 32,766 parameters or
// an expression 1,000 deep), and refuses NUL, which PostgreSQL cannot
// store in text, and invalid UTF-8.
type inputCheck struct {
	limits Limits
	values int
}

func (in *inputCheck) list(field string, n, depth int) *gqlerror.Error {
	switch l := in.limits; {
	case depth > l.InputDepth:
		return badInput(field, "the input is nested more than %d levels deep", l.InputDepth)
	case n > l.InputList:
		return badInput(field, "a list of %d items; the limit is %d", n, l.InputList)
	case (field == "and" || field == "or") && n > l.InputLogic:
		return badInput(field, "%s has %d terms; the limit is %d", field, n, l.InputLogic)
	}
	return nil
}

func (in *inputCheck) scalar(field, s string) *gqlerror.Error {
	in.values++
	if in.values > in.limits.InputValues {
		return badInput(field, "the request has more than %d input values", in.limits.InputValues)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return badInput(field, "text may not contain the NUL character")
	}
	if !utf8.ValidString(s) {
		return badInput(field, "text is not valid UTF-8")
	}
	return nil
}

// json checks a variable's value, as decoded from JSON.
func (in *inputCheck) json(field string, v any, depth int) *gqlerror.Error {
	switch v := v.(type) {
	case []any:
		if err := in.list(field, len(v), depth+1); err != nil {
			return err
		}
		for _, item := range v {
			if err := in.json(field, item, depth+1); err != nil {
				return err
			}
		}
	case map[string]any:
		if err := in.list(field, 0, depth+1); err != nil {
			return err
		}
		for k, item := range v {
			if err := in.scalar(k, k); err != nil {
				return err
			}
			if err := in.json(k, item, depth+1); err != nil {
				return err
			}
		}
	case string:
		return in.scalar(field, v)
	case json.Number:
		return in.scalar(field, v.String())
	default:
		return in.scalar(field, "")
	}
	return nil
}

// ast checks a value written in the document.
func (in *inputCheck) ast(field string, v *ast.Value, depth int) *gqlerror.Error {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case ast.ListValue:
		if err := in.list(field, len(v.Children), depth+1); err != nil {
			return err
		}
		for _, child := range v.Children {
			if err := in.ast(field, child.Value, depth+1); err != nil {
				return err
			}
		}
	case ast.ObjectValue:
		if err := in.list(field, 0, depth+1); err != nil {
			return err
		}
		for _, child := range v.Children {
			if err := in.ast(child.Name, child.Value, depth+1); err != nil {
				return err
			}
		}
	case ast.Variable:
	default:
		return in.scalar(field, v.Raw)
	}
	return nil
}

// validationRules are gqlparser's rules, each reporting through a counter
// that keeps the first Errors errors and one saying the rest were left
// out: overlapping fields alone can report every pair of a selection set.
// Field suggestions ("Did you mean myActions?") show the schema, so they
// are on only with introspection.
func validationRules(limits Limits, suggestions bool) func() *rules.Rules {
	return func() *rules.Rules {
		all := rules.NewDefaultRules()
		// gqlgen (with suggestions left on, its default) adds these two
		// only when no rule of their name is there: registering the
		// chosen variant under that name keeps it counted.
		fieldsOnType, scalarLeafs := rules.FieldsOnCorrectTypeRuleWithoutSuggestions, rules.ScalarLeafsRuleWithoutSuggestions
		if suggestions {
			fieldsOnType, scalarLeafs = rules.FieldsOnCorrectTypeRule, rules.ScalarLeafsRule
		}
		inner := all.GetInner()
		inner["FieldsOnCorrectType"] = fieldsOnType.RuleFunc
		inner["ScalarLeafs"] = scalarLeafs.RuleFunc
		reported := 0
		capped := rules.NewRules()
		for name, rule := range inner {
			capped.AddRule(name, func(observers *core.Events, addError core.AddErrFunc) {
				rule(observers, func(options ...core.ErrorOption) {
					reported++
					switch {
					case reported <= limits.Errors:
						addError(options...)
					case reported == limits.Errors+1:
						addError(core.Message("too many errors; only the first %d are reported", limits.Errors))
					}
				})
			})
		}
		return capped
	}
}

// withDeadline gives each request Timeout to finish: resolvers and their
// database queries take the request's context, which also ends when the
// client goes away. The context carries a flag so that the errors of an
// abandoned request are logged once, not once per field (see presentError).
func withDeadline(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		ctx = context.WithValue(ctx, endedKey{}, new(atomic.Bool))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type endedKey struct{}

// ended reports whether err comes from the request's end (its deadline, or
// the client gone), and whether it is the first such error of the request.
func ended(ctx context.Context, err error) (ended, first bool) {
	if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return false, false
	}
	flag, ok := ctx.Value(endedKey{}).(*atomic.Bool)
	return true, !ok || flag.CompareAndSwap(false, true)
}

// stopWhenDone refuses to start a root field once the request's context
// has ended (deadline passed, client gone): a thousand aliases do not
// each start their work after the first one found the time up.
func stopWhenDone(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if err := ctx.Err(); err != nil {
		graphql.AddError(ctx, err)
		return graphql.Null
	}
	return next(ctx)
}
