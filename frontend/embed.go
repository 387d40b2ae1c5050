// Package frontend holds the web app served at "/": a Preact SPA built by
// Vite from frontend/src into frontend/dist (see docs/frontend.md). The
// built files are committed, so `go build` needs no Node.
package frontend

import (
	"embed"
	"io/fs"
)

//go:generate go run ./codegen
//go:generate go run ./guidegen

//go:embed all:dist
var dist embed.FS

// Files returns the web app's files, rooted at its index.html.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embedded folder is fixed at compile time
	}
	return sub
}

//go:embed src/operations.graphql
var operations string

// Operations returns the GraphQL operations the web app sends
// (src/operations.graphql); the server names them in its metrics.
func Operations() string { return operations }
