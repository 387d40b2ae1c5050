//go:build ignore

// entc.go configures code generation for the ent schema and the GraphQL
// schema derived from it. Run from the repository root through
// `go generate ./...` (see generate.go); paths are relative to the root.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("./gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("./graph/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(true),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Target:  "./ent",
		Package: "github.com/handlingsplan/handlingsplan/ent",
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureIntercept,
			gen.FeatureModifier,
			gen.FeatureUpsert,
			gen.FeatureLock,
			gen.FeatureExecQuery,
			gen.FeatureGlobalID,
		},
	}, entc.Extensions(ex), entc.TemplateFiles("./ent/template/tenant.tmpl", "./ent/template/edgewhere.tmpl"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
	if err := useRuntimeEntgql("./ent"); err != nil {
		log.Fatalf("rewriting entgql imports: %v", err)
	}
}

// useRuntimeEntgql points the generated code at this module's package
// entgql, the run-time half of entgo.io/contrib/entgql, so the server does
// not link (and initialise) entgql's code generator. See its doc.go.
func useRuntimeEntgql(dir string) error {
	const (
		upstream = `"entgo.io/contrib/entgql"`
		runtime  = `"github.com/handlingsplan/handlingsplan/entgql"`
	)
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if filepath.Base(f) == "entc.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if !bytes.Contains(src, []byte(upstream)) {
			continue
		}
		out, err := format.Source(bytes.ReplaceAll(src, []byte(upstream), []byte(runtime)))
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if err := os.WriteFile(f, out, 0o644); err != nil {
			return err
		}
	}
	return nil
}
