// Command codegen writes src/gql.ts: TypeScript types for the web app's
// GraphQL operations (src/**/*.graphql), checked against the server's schema
// (../graph/*.graphql), so that the views need not write result types by
// hand. Run it from frontend/, as `go generate ./...` does.
//
// Every operation must be named: query X gives the types XQuery and
// XQueryVariables and the document XDocument, typed with both; a fragment Y
// gives the type YFragment.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	if err := run("../graph", "src", "src/gql.ts"); err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(1)
	}
}

// run generates out from the *.graphql files of schemaDir (the schema) and
// of opsDir and its subfolders (the operations).
func run(schemaDir, opsDir, out string) error {
	schemaFiles, err := filepath.Glob(filepath.Join(schemaDir, "*.graphql"))
	if err != nil {
		return err
	}
	if len(schemaFiles) == 0 {
		return fmt.Errorf("no schema: %s has no *.graphql files", schemaDir)
	}
	var opFiles []string
	err = filepath.WalkDir(opsDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".graphql") {
			opFiles = append(opFiles, path)
		}
		return err
	})
	if err != nil {
		return err
	}
	// WalkDir lists a folder before a sibling file that shares its prefix
	// (a/x.graphql before a.graphql); sorting whole paths is the simpler rule.
	slices.Sort(opFiles)

	schema, err := readSources(schemaFiles)
	if err != nil {
		return err
	}
	ops, err := readSources(opFiles)
	if err != nil {
		return err
	}
	code, err := generate(schema, ops)
	if err != nil {
		return err
	}
	return os.WriteFile(out, code, 0o644)
}

// readSources reads files, named by their slash-separated paths so that
// errors and the output read the same on every system.
func readSources(files []string) ([]*ast.Source, error) {
	sources := make([]*ast.Source, len(files))
	for i, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		sources[i] = &ast.Source{Name: filepath.ToSlash(file), Input: string(b)}
	}
	return sources, nil
}
