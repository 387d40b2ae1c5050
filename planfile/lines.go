package planfile

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Every refusal of a plan file names the line at fault, so that whoever
// fixes the file need not search it. Validate knows the lines of areas and
// actions only; the readers find the others: ParseYAML in the document's
// nodes, ParseMarkdown from where it read each field.

// sortByLine puts problems in file order; those without a line (about the
// department a markdown import is given, not about the file) come first.
func sortByLine(errs Errors) {
	slices.SortStableFunc(errs, func(a, b *FieldError) int { return cmp.Compare(a.Line, b.Line) })
}

// withNodeLines gives every problem of err (Errors from Validate) that has
// no line the line of its path in the YAML document data.
func withNodeLines(data []byte, err error) error {
	var errs Errors
	if !errors.As(err, &errs) {
		return err
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return err
	}
	for _, e := range errs {
		if e.Line == 0 {
			e.Line = nodeLine(&doc, e.Path)
		}
	}
	sortByLine(errs)
	return errs
}

// nodeLine finds the line of path ("plan.areas[2].actions[0].text",
// "department.settings.workshopMinimums[ÄO]") in a document. Where the path
// leads to nothing, such as a missing key, it is the line of the nearest
// node that exists: the mapping the key is missing from.
func nodeLine(doc *yaml.Node, path string) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, step := range pathSteps(path) {
		next, at := childNode(n, step)
		if next == nil {
			break
		}
		n, line = next, at
	}
	return max(line, 1)
}

// childNode returns the value of key step in a mapping, or item step of a
// sequence, with the line that names it (the key's line for a mapping).
func childNode(n *yaml.Node, step string) (*yaml.Node, int) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == step {
				return n.Content[i+1], n.Content[i].Line
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(step); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i].Line
		}
	}
	return nil, 0
}

// pathSteps splits a path as Validate writes it into keys and indexes:
// "a.b[2].c" is a, b, 2, c. A bracket holds an index or, last in a path, a
// map key, which may hold anything.
func pathSteps(path string) []string {
	var steps []string
	for path != "" {
		switch {
		case path[0] == '.':
			path = path[1:]
		case path[0] == '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return append(steps, path[1:])
			}
			if _, err := strconv.Atoi(path[1:end]); err != nil {
				end = strings.LastIndexByte(path, ']') // a map key may hold "]"
			}
			steps = append(steps, path[1:end])
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			steps = append(steps, path[:end])
			path = path[end:]
		}
	}
	return steps
}

// yamlLine matches the line yaml.v3 puts into most of its messages.
var yamlLine = regexp.MustCompile(`\bline \d+\b`)

// withYAMLLine gives a yaml.v3 error that names no line ("unknown anchor
// 'x' referenced", "excessive aliasing") the line where it arises: the
// first line whose prefix of the file fails with the same message.
func withYAMLLine(data []byte, err error) error {
	msg := err.Error()
	if errors.Is(err, ErrEmpty) || yamlLine.MatchString(msg) {
		return err
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	failsAt := func(k int) bool {
		_, perr := decodeYAML(bytes.Join(lines[:k], nil))
		return perr != nil && perr.Error() == msg
	}
	lo, hi := 1, len(lines)
	if !failsAt(hi) {
		return err
	}
	for lo < hi {
		if mid := (lo + hi) / 2; failsAt(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return fmt.Errorf("plan file: line %d: %s", lo, strings.TrimPrefix(strings.TrimPrefix(msg, "plan file: "), "yaml: "))
}

// withoutLines returns a copy of p with every Line zeroed: for comparing
// plans read from different sources, and for a Word document, whose places
// are not lines.
func withoutLines(p Plan) Plan {
	p.Areas = append([]Area(nil), p.Areas...)
	for i := range p.Areas {
		a := &p.Areas[i]
		a.Line = 0
		a.Actions = actionsWithoutLines(a.Actions)
	}
	return p
}

func actionsWithoutLines(actions []Action) []Action {
	if actions == nil {
		return nil
	}
	out := make([]Action, len(actions))
	for i, a := range actions {
		a.Line = 0
		a.SubActions = actionsWithoutLines(a.SubActions)
		out[i] = a
	}
	return out
}
