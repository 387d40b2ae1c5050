package planfile

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

var schemaFile = filepath.Join("..", "docs", "plan-file.schema.json")

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(readFile(t, schemaFile), &s); err != nil {
		t.Fatalf("%s is not valid JSON: %v", schemaFile, err)
	}
	return s
}

// TestSchemaMatchesGoTypes keeps docs/plan-file.schema.json and the Go types
// from drifting apart: every object in the schema has exactly the YAML keys
// of its Go type, and requires at least the keys the writer never omits.
func TestSchemaMatchesGoTypes(t *testing.T) {
	s := loadSchema(t)
	defs, _ := s["$defs"].(map[string]any)
	objects := []struct {
		name   string
		schema any
		goType reflect.Type
		skip   []string // keys of the Go type this schema leaves out
	}{
		{"File", s, reflect.TypeFor[File](), nil},
		{"Department", defs["Department"], reflect.TypeFor[Department](), nil},
		{"OperationArea", defs["OperationArea"], reflect.TypeFor[OperationArea](), nil},
		{"Settings", defs["Settings"], reflect.TypeFor[Settings](), nil},
		{"Role", defs["Role"], reflect.TypeFor[Role](), nil},
		{"Plan", defs["Plan"], reflect.TypeFor[Plan](), nil},
		{"Revision", defs["Revision"], reflect.TypeFor[Revision](), nil},
		{"Area", defs["Area"], reflect.TypeFor[Area](), nil},
		{"Action", defs["Action"], reflect.TypeFor[Action](), nil},
		{"SubAction", defs["SubAction"], reflect.TypeFor[Action](), []string{"number", "subActions"}},
	}
	for _, o := range objects {
		t.Run(o.name+" in the schema has the keys of the Go type", func(t *testing.T) {
			obj, ok := o.schema.(map[string]any)
			if !ok {
				t.Fatalf("no $defs/%s object in the schema", o.name)
			}
			props, _ := obj["properties"].(map[string]any)
			var got []string
			for k := range props {
				got = append(got, k)
			}
			var want, mustRequire []string
			for f := range o.goType.Fields() {
				name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
				if name == "-" || slices.Contains(o.skip, name) {
					continue
				}
				want = append(want, name)
				if !strings.Contains(opts, "omitempty") {
					mustRequire = append(mustRequire, name)
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("schema keys %q\nGo keys     %q", got, want)
			}
			required := map[string]bool{}
			for _, r := range obj["required"].([]any) {
				required[r.(string)] = true
			}
			for _, k := range mustRequire {
				if !required[k] {
					t.Errorf("%q is always written but not required by the schema", k)
				}
			}
			if obj["additionalProperties"] != false {
				t.Error("additionalProperties is not false, but Parse rejects unknown keys")
			}
		})
	}
}

func TestPlanFilesValidateAgainstSchema(t *testing.T) {
	schema := loadSchema(t)
	valid := []string{bollebygdYAML, filepath.Join("testdata", "minimal.yaml")}
	for _, path := range valid {
		t.Run(filepath.Base(path)+" validates against the schema", func(t *testing.T) {
			if errs := validateSchema(schema, schema, yamlValue(t, readFile(t, path)), "$"); len(errs) > 0 {
				t.Errorf("%s:\n%s", path, strings.Join(errs, "\n"))
			}
		})
	}
	invalid := []struct{ file, want string }{
		{"broken-unknown-key.yaml", `unknown key "colour"`},
		{"broken-unknown-top-key.yaml", `unknown key "budget"`},
		{"broken-deadline.yaml", `"Snart" matches none`},
		{"broken-subaction-number.yaml", `unknown key "number"`},
		{"broken-scope.yaml", `every-unit is not one of`},
	}
	for _, tt := range invalid {
		t.Run(tt.file+" does not validate against the schema", func(t *testing.T) {
			errs := validateSchema(schema, schema, yamlValue(t, readFile(t, filepath.Join("testdata", tt.file))), "$")
			if !strings.Contains(strings.Join(errs, "\n"), tt.want) {
				t.Errorf("want a problem %q, got %q", tt.want, errs)
			}
		})
	}
}

// yamlValue decodes YAML into JSON-like values. Scalars keep the meaning
// the plan file parser gives them: an unquoted date is text, not a time.
func yamlValue(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var conv func(n *yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i < len(n.Content); i += 2 {
				m[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return m
		case yaml.SequenceNode:
			l := []any{}
			for _, c := range n.Content {
				l = append(l, conv(c))
			}
			return l
		}
		switch n.ShortTag() {
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(n.Value, 64)
			if err != nil {
				t.Fatalf("line %d: %v", n.Line, err)
			}
			return f
		case "!!bool":
			return n.Value == "true"
		case "!!null":
			return nil
		}
		return n.Value
	}
	return conv(&doc)
}

// validateSchema checks v against the subset of JSON Schema 2020-12 that
// plan-file.schema.json uses. A keyword outside that subset is reported as a
// problem, so the schema cannot grow rules this test silently ignores.
func validateSchema(root, schema map[string]any, v any, path string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	for kw, arg := range schema {
		switch kw {
		case "$schema", "$id", "$defs", "title", "description", "examples", "format":
			// annotations; "format" is one by default in 2020-12
		case "$ref":
			name, ok := strings.CutPrefix(arg.(string), "#/$defs/")
			def, found := root["$defs"].(map[string]any)[name].(map[string]any)
			if !ok || !found {
				fail("unresolvable $ref %q", arg)
				continue
			}
			errs = append(errs, validateSchema(root, def, v, path)...)
		case "type":
			if !hasType(v, arg.(string)) {
				fail("%v is not of type %s", v, arg)
			}
		case "const":
			if !reflect.DeepEqual(v, arg) && !(isNumber(v) && isNumber(arg) && v.(float64) == arg.(float64)) {
				fail("%v is not %v", v, arg)
			}
		case "enum":
			if !slices.ContainsFunc(arg.([]any), func(e any) bool { return reflect.DeepEqual(e, v) }) {
				fail("%v is not one of %v", v, arg)
			}
		case "pattern":
			if s, ok := v.(string); ok && !regexp.MustCompile(arg.(string)).MatchString(s) {
				fail("%q does not match %s", s, arg)
			}
		case "minLength":
			if s, ok := v.(string); ok && float64(utf8.RuneCountInString(s)) < arg.(float64) {
				fail("%q is shorter than %v", s, arg)
			}
		case "minimum":
			if n, ok := v.(float64); ok && n < arg.(float64) {
				fail("%v is less than %v", n, arg)
			}
		case "maximum":
			if n, ok := v.(float64); ok && n > arg.(float64) {
				fail("%v is more than %v", n, arg)
			}
		case "anyOf":
			matched := false
			for _, sub := range arg.([]any) {
				if len(validateSchema(root, sub.(map[string]any), v, path)) == 0 {
					matched = true
					break
				}
			}
			if !matched {
				fail("%q matches none of the allowed forms", v)
			}
		case "required":
			if m, ok := v.(map[string]any); ok {
				for _, k := range arg.([]any) {
					if _, present := m[k.(string)]; !present {
						fail("missing key %q", k)
					}
				}
			}
		case "properties":
			if m, ok := v.(map[string]any); ok {
				for k, sub := range arg.(map[string]any) {
					if val, present := m[k]; present {
						errs = append(errs, validateSchema(root, sub.(map[string]any), val, path+"."+k)...)
					}
				}
			}
		case "additionalProperties":
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			props, _ := schema["properties"].(map[string]any)
			for k, val := range m {
				if _, known := props[k]; known {
					continue
				}
				switch arg := arg.(type) {
				case map[string]any: // a schema every other value must match
					errs = append(errs, validateSchema(root, arg, val, path+"."+k)...)
				case bool:
					if !arg {
						fail("unknown key %q", k)
					}
				default:
					fail("additionalProperties must be false or a schema")
				}
			}
		case "items":
			if l, ok := v.([]any); ok {
				for i, item := range l {
					errs = append(errs, validateSchema(root, arg.(map[string]any), item, fmt.Sprintf("%s[%d]", path, i))...)
				}
			}
		default:
			fail("keyword %q is not supported by this test's validator", kw)
		}
	}
	sort.Strings(errs)
	return errs
}

func isNumber(v any) bool { _, ok := v.(float64); return ok }

func hasType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == float64(int64(n))
	case "number":
		return isNumber(v)
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	}
	return false
}
