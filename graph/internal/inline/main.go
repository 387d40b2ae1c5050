// Command inline rewrites gqlgen's graph/generated.go, after `gqlgen
// generate`, so that a query whose data is already loaded is answered in
// the request's own goroutine (issue 18). gqlgen starts a goroutine for
// every element of a list of objects and for every field whose Go method
// takes a context; on the plan tree that was about 600 goroutines, each
// growing a fresh stack, for data the ent query had already loaded.
//
// Three rewrites, each checked to have happened:
//
//   - graphql.MarshalSliceConcurrently becomes marshalSlice (graph/exec.go):
//     the elements of a list are marshalled one after another.
//   - A field resolved by an ent method (IsResolver: false: the edges
//     entgql generates, which read what CollectFields loaded and query
//     only when it did not), or by one of the resolvers in loadedEdges, is
//     resolved in place instead of through FieldSet.ResolveConcurrently.
//     Resolvers of our own that do their own I/O keep their goroutine.
//   - graphql.NewDeferredGroup becomes newDeferredGroup, which allocates
//     the group's map and field set only when a field is deferred.
//
// Run by `go generate` (generate.go); scripts/check-generated.sh checks the
// result like the rest of the generated code.
package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
)

// loadedEdges are resolvers of our own (gqlgen.yml `resolver: true`) that
// only filter and order an edge CollectFields has loaded.
var loadedEdges = map[string]bool{
	"_Plan_areas":        true,
	"_Area_actions":      true,
	"_Action_subActions": true,
}

var (
	concurrentField = regexp.MustCompile(`(?m)^(\t+)out\.ResolveConcurrently\(ec\.OperationContext, &deferred, i,\n\t+(?:true|false), (true|false),\n\t+func\(ctx context\.Context\) graphql\.Marshaler \{\n\t+return ec\.(_\w+)\(ctx, field, obj\)\n\t+\}\)\n`)
	notResolver     = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) fieldContext(_\w+)\(_ context\.Context, field graphql\.CollectedField\) \(fc \*graphql\.FieldContext, err error\) \{\n\tfc = &graphql\.FieldContext\{\n\t\tObject: +"\w+",\n\t\tField: +field,\n\t\tIsMethod: +true,\n\t\tIsResolver: +false,`)
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: inline graph/generated.go")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "inline:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	methods := map[string]bool{}
	for _, m := range notResolver.FindAllSubmatch(src, -1) {
		methods[string(m[1])] = true
	}
	if len(methods) == 0 {
		return fmt.Errorf("%s: found no ent-method fields; has gqlgen's output changed?", path)
	}
	inlined := 0
	out := concurrentField.ReplaceAllFunc(src, func(block []byte) []byte {
		m := concurrentField.FindSubmatch(block)
		indent, nonNull, fn := string(m[1]), string(m[2]) == "true", string(m[3])
		if !methods[fn] && !loadedEdges[fn] {
			return block
		}
		inlined++
		invalid := "graphql.RequiredNull"
		if nonNull {
			invalid = "graphql.Null"
		}
		return fmt.Appendf(nil, "%[1]sout.Values[i] = ec.%[2]s(ctx, field, obj)\n%[1]sif out.Values[i] == %[3]s {\n%[1]s\tatomic.AddUint32(&out.Invalids, 1)\n%[1]s}\n", indent, fn, invalid)
	})
	for fn := range loadedEdges {
		if !bytes.Contains(out, []byte("out.Values[i] = ec."+fn+"(ctx, field, obj)")) {
			return fmt.Errorf("%s: %s was not inlined; has gqlgen's output changed?", path, fn)
		}
	}
	for _, r := range []struct{ from, to string }{
		{"graphql.MarshalSliceConcurrently(", "marshalSlice("},
		{"deferred := graphql.NewDeferredGroup(ctx)", "deferred := newDeferredGroup(ctx, fields)"},
	} {
		if !bytes.Contains(out, []byte(r.from)) && !bytes.Contains(out, []byte(r.to)) {
			return fmt.Errorf("%s: no %s; has gqlgen's output changed?", path, r.from)
		}
		out = bytes.ReplaceAll(out, []byte(r.from), []byte(r.to))
	}
	if inlined == 0 {
		return nil // already rewritten
	}
	return os.WriteFile(path, out, 0o644)
}
