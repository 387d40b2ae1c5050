package planfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Parse reads one plan file in YAML and validates it. Unknown keys are
// errors, so a misspelt key is never silently dropped. Every problem found is
// reported, each with its line: syntax errors as yaml.v3 reports them, type
// problems (unknown keys, unknown deadline text) as one *yaml.TypeError, and
// rule violations as Errors. A file that does not validate is never returned.
func Parse(r io.Reader) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read plan file: %w", err)
	}
	return ParseYAML(data)
}

// ParseYAML is Parse for a file already in memory, such as an embedded one.
func ParseYAML(data []byte) (*File, error) {
	if err := scanText(data, yamlAllows); err != nil {
		return nil, err
	}
	f, err := decodeYAML(data)
	if err != nil {
		return nil, withYAMLLine(data, err)
	}
	if err := f.Validate(); err != nil {
		return nil, withNodeLines(data, err)
	}
	return f, nil
}

// ErrEmpty is the answer to a plan file without a document: the one
// refusal that names no line, since no line is at fault.
var ErrEmpty = errors.New("plan file is empty")

// decodeYAML decodes the one YAML document of data into a File, refusing
// unknown keys and a second document.
func decodeYAML(data []byte) (*File, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("plan file: %w", err)
	}
	// A second document would be ignored by Decode; refuse it instead, since
	// one file holds exactly one plan.
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, fmt.Errorf("plan file: %w", err)
		}
		return nil, fmt.Errorf("plan file: line %d: a plan file holds one YAML document", extra.Line)
	}
	dropEmpty(reflect.ValueOf(&f).Elem())
	return &f, nil
}

// dropEmpty makes every empty list and map in v absent (nil): a file may
// write "[]" or leave the key out, and both mean none, so both read the
// same, and a file reads back from Write as it was.
func dropEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			dropEmpty(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				dropEmpty(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
		}
		for i := range v.Len() {
			dropEmpty(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			v.SetZero()
		}
	}
}

// Write writes f in canonical form: keys in the order of the Go types, two
// spaces of indentation, deadlines as "2024-12", "continuous" or
// "when-needed", and texts that would run past 80 columns or hold line
// breaks as folded block scalars wrapped at 80 columns, so that a reviewer
// can read a plan file as a document. Write does not validate f; Parse of
// the output gives back f (apart from Line fields, which Parse fills in).
func Write(w io.Writer, f *File) error {
	// Encode once to learn at which column each value starts, then fold the
	// values that do not fit and encode again.
	plain, err := encodeYAML(f)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(plain, &doc); err != nil {
		return fmt.Errorf("encode plan file: %w", err)
	}
	foldLongTexts(&doc)
	folded, err := encodeYAML(&doc)
	if err != nil {
		return err
	}
	if _, err := w.Write(wrapFoldedScalars(folded, wrapWidth)); err != nil {
		return fmt.Errorf("write plan file: %w", err)
	}
	return nil
}

// wrapWidth is the column at which texts are folded and wrapped.
const wrapWidth = 80

// Filename names the file f is saved as, after its registry number:
// "handlingsplan-SN2024-10.yaml". It is plain ASCII, so that it survives
// Content-Disposition headers, e-mail and every file system.
func (f *File) Filename() string {
	var b strings.Builder
	b.WriteString("handlingsplan")
	gap := true
	for _, r := range f.Plan.RegistryNumber {
		if r >= utf8.RuneSelf || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			gap = true
			continue
		}
		if gap {
			b.WriteByte('-')
			gap = false
		}
		b.WriteRune(r)
	}
	return b.String() + ".yaml"
}

func encodeYAML(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode plan file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode plan file: %w", err)
	}
	return buf.Bytes(), nil
}

// foldLongTexts marks for folded style the string values that run past
// wrapWidth or hold line breaks. Folded style keeps the text verbatim (a
// line break inside it reads as a space, an empty line as a line break)
// while letting us wrap it.
func foldLongTexts(n *yaml.Node) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			foldLongTexts(c)
		}
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 { // values only, never keys
			foldLongTexts(n.Content[i])
		}
	case yaml.ScalarNode:
		long := n.Column-1+utf8.RuneCountInString(n.Value) > wrapWidth || strings.Contains(n.Value, "\n")
		if n.Tag == "!!str" && long && foldable(n.Value) {
			n.Style = yaml.FoldedStyle
		}
	}
}

// foldable tells whether s survives folding and our wrapping unchanged: the
// wrapper breaks lines at single spaces, and a folded scalar cannot express
// leading or trailing blanks, tabs or more-indented lines. Anything else is
// left to yaml.v3, which quotes it.
func foldable(s string) bool {
	if strings.HasSuffix(s, "\n") || strings.Contains(s, "  ") || strings.Contains(s, "\t") {
		return false
	}
	for line := range strings.SplitSeq(s, "\n") {
		if line != strings.TrimSpace(line) {
			return false
		}
	}
	for _, r := range s {
		if r != '\n' && !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// foldedHeader matches a line that yaml.v3 ends with the folded indicator
// ">-": "key: >-", "- >-", "- key: >-". A plain scalar cannot end like that
// after a key, because a value starting with ">" is always quoted.
var foldedHeader = regexp.MustCompile(`^ *(- )*([A-Za-z][A-Za-z0-9]*: )?>-$`)

// wrapFoldedScalars wraps the content lines of folded block scalars at width.
// yaml.v3 never wraps (its line width is unlimited and cannot be set), so we
// do it on its output: breaking a folded line at a single space between two
// words does not change the value.
func wrapFoldedScalars(src []byte, width int) []byte {
	lines := strings.Split(string(src), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		if !foldedHeader.MatchString(lines[i]) || i+1 == len(lines) {
			continue
		}
		// As in YAML itself, the first content line sets the block's
		// indentation, and the block ends at the first non-empty line that
		// is indented less.
		indent := indentOf(lines[i+1])
		for i+1 < len(lines) && (lines[i+1] == "" || indentOf(lines[i+1]) >= indent) {
			i++
			out = append(out, wrapLine(lines[i], indent, width)...)
		}
	}
	return []byte(strings.Join(out, "\n"))
}

func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// wrapLine breaks one indented line at spaces so that no line is wider than
// width, unless a single word is.
func wrapLine(line string, indent, width int) []string {
	if utf8.RuneCountInString(line) <= width {
		return []string{line}
	}
	pad := line[:indent]
	var lines []string
	cur := pad
	for word := range strings.SplitSeq(line[indent:], " ") {
		if cur != pad && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) > width {
			lines = append(lines, cur)
			cur = pad
		}
		if cur != pad {
			cur += " "
		}
		cur += word
	}
	return append(lines, cur)
}

// UnmarshalYAML decodes an area and records its line. yaml.v3 does not pass
// KnownFields on to custom unmarshalers, so unknown keys are checked here.
func (a *Area) UnmarshalYAML(n *yaml.Node) error {
	type areaFields Area // no methods, so Decode does not recurse into this one
	var v areaFields
	err := decodeMapping(n, "an area", &v)
	*a = Area(v)
	a.Line = n.Line
	return err
}

// UnmarshalYAML decodes an action or sub-action and records its line, with
// the same unknown-key check as Area.
func (a *Action) UnmarshalYAML(n *yaml.Node) error {
	type actionFields Action
	var v actionFields
	err := decodeMapping(n, "an action", &v)
	*a = Action(v)
	a.Line = n.Line
	return err
}

// decodeMapping decodes mapping node n into v (a pointer to a struct),
// rejecting keys that v has no field for. Problems are returned as one
// *yaml.TypeError so that yaml.v3 collects them with all others in the file.
func decodeMapping(n *yaml.Node, what string, v any) error {
	if n.Kind != yaml.MappingNode {
		return typeError(n, what+" must be a mapping")
	}
	var problems []string
	known := yamlKeys(reflect.TypeOf(v).Elem())
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(known, k.Value) {
			problems = append(problems, fmt.Sprintf("line %d: unknown key %q in %s (known keys: %s)",
				k.Line, k.Value, what, strings.Join(known, ", ")))
		}
	}
	if err := n.Decode(v); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return err
		}
		problems = append(problems, te.Errors...)
	}
	if len(problems) > 0 {
		return &yaml.TypeError{Errors: problems}
	}
	return nil
}

// yamlKeys lists the YAML keys of struct type t, in field order.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		keys = append(keys, name)
	}
	return keys
}

// typeError reports a problem at node n the way yaml.v3 reports type errors.
func typeError(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s", n.Line, msg)}}
}
