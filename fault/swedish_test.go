package fault_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Every refusal a person can meet says what is wrong in Swedish, not only
// in its code's general sentence: each fault made in the product's sources
// is given its sentence with .Sv(...) where it is made.
var sources = []string{"../*/*.go", "../ent/schema/*.go", "../graph/gid/*.go"}

// makers are fault's constructors of errors that need their own sentence.
// NoSuch carries its own; ErrUnauthenticated and ErrNotFound say all there
// is to say in their code's sentence, while ErrForbidden should say why.
var makers = map[string]bool{"Invalid": true, "NotFoundf": true, "Conflictf": true, "ErrForbidden": true}

func TestFaultsSpeakSwedish(t *testing.T) {
	var files []string
	for _, pattern := range sources {
		found, err := filepath.Glob(pattern)
		if err != nil || len(found) == 0 {
			t.Fatalf("%s: %v (no files)", pattern, err)
		}
		files = append(files, found...)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "../fault/") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			checked += checkDecl(t, fset, decl)
		}
	}
	if checked < 60 {
		t.Errorf("only %d faults found: is the check still looking at the right files?", checked)
	}
}

// checkDecl reports each fault in decl that is not given a Swedish sentence
// right where it is made, and returns how many faults it saw.
func checkDecl(t *testing.T, fset *token.FileSet, decl ast.Decl) int {
	t.Helper()
	n := 0
	var stack []ast.Node
	ast.Inspect(decl, func(node ast.Node) bool {
		if node == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if isFault(node) {
			n++
			parent := stack[len(stack)-1]
			if sel, ok := parent.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Sv" {
				t.Errorf("%s: a fault without .Sv(…): a person would read only its code's general sentence", fset.Position(node.Pos()))
			}
		}
		stack = append(stack, node)
		return true
	})
	return n
}

// isFault reports whether node makes a fault: fault.Invalid(…) and the
// like, or one of fault's own errors (fault.ErrForbidden).
func isFault(node ast.Node) bool {
	switch n := node.(type) {
	case *ast.CallExpr:
		sel, ok := n.Fun.(*ast.SelectorExpr)
		return ok && isPkg(sel.X, "fault") && makers[sel.Sel.Name]
	case *ast.SelectorExpr:
		return isPkg(n.X, "fault") && strings.HasPrefix(n.Sel.Name, "Err") && makers[n.Sel.Name]
	}
	return false
}

func isPkg(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}
