//go:build ignore

// entc.go configures code generation for the ent schema and the GraphQL
// schema derived from it. Run from the repository root through
// `go generate ./...` (see generate.go); paths are relative to the root.
package main

import (
	"log"

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
}
