// Package handlingsplan holds the code generation entry point: ent first
// (schema → Go code and graph/ent.graphql), then gqlgen (GraphQL → Go).
// Run with `go generate ./...` or `make generate`.
package handlingsplan

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen generate
