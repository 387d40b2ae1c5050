// Package handlingsplan holds the code generation entry point: ent first
// (schema → Go code and graph/ent.graphql), then gqlgen (GraphQL → Go),
// whose executor graph/internal/inline then rewrites to resolve loaded data
// without a goroutine per field and list element.
// Run with `go generate ./...` or `make generate`.
package handlingsplan

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen generate
//go:generate go run ./graph/internal/inline graph/generated.go
