package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The server must not link code generators: entgql's, ent's and gqlgen's
// pull in go/types and golang.org/x/tools and do work at start-up, which
// cost 6 MiB of idle memory (bench/README.md, "Issue 18: idle memory").
// Generated code and the schema use package entgql of this module.
func TestServerLinksNoCodeGenerator(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the server's packages: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	banned := []string{"entgo.io/contrib/", "entgo.io/ent/entc", "github.com/99designs/gqlgen/codegen", "github.com/99designs/gqlgen/api", "golang.org/x/tools/", "go/types"}
	for _, pkg := range strings.Fields(string(out)) {
		for _, b := range banned {
			if strings.HasPrefix(pkg, b) {
				t.Errorf("the server links %s", pkg)
			}
		}
	}
}
