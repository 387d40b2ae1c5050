package planfile

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite plans/*.yaml in canonical form")

var (
	// bollebygdYAML is the same plan as a plan file.
	bollebygdYAML = filepath.Join("..", "plans", "bollebygd-tillitsfull-dialog.yaml")
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err) // a missing fixture or seed fails the test, never skips it
	}
	return data
}

func parseFile(t *testing.T, path string) *File {
	t.Helper()
	f, err := ParseYAML(readFile(t, path))
	if err != nil {
		t.Fatalf("%s:\n%v", path, err)
	}
	return f
}

func withoutFileLines(f *File) *File {
	g := *f
	g.Plan = withoutLines(f.Plan)
	return &g
}

// yamlText renders f with Write, to show differences readably.
func yamlText(t *testing.T, f *File) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// lineDiff is a minimal line diff (longest common subsequence): lines only
// in want start with "-", lines only in got with "+", and up to two lines of
// context are kept around each change.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		text string
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	var out strings.Builder
	for k, o := range ops {
		near := false
		for d := -2; d <= 2; d++ {
			if k+d >= 0 && k+d < len(ops) && ops[k+d].kind != ' ' {
				near = true
			}
		}
		if near {
			fmt.Fprintf(&out, "%c %s\n", o.kind, o.text)
		}
	}
	return out.String()
}

// withoutRules clears the actions' rule markers of a plan already copied
// by withoutLines.
func withoutRules(p Plan) Plan {
	for i := range p.Areas {
		for j := range p.Areas[i].Actions {
			a := &p.Areas[i].Actions[j]
			a.Rule = ""
			for k := range a.SubActions {
				a.SubActions[k].Rule = ""
			}
		}
	}
	return p
}
