package main

import (
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// scalars maps the schema's scalars to TypeScript. Time (RFC 3339), Date
// (YYYY-MM-DD), Month (YYYY-MM) and Cursor travel as strings; an unknown
// scalar is unknown.
var scalars = map[string]string{
	"ID":      "string",
	"String":  "string",
	"Time":    "string",
	"Date":    "string",
	"Month":   "string",
	"Cursor":  "string",
	"Int":     "number",
	"Float":   "number",
	"Boolean": "boolean",
	"Map":     "Record<string, unknown>",
}

// maxInline is the longest object type, with the fragment types it is
// intersected with, written on one line.
const maxInline = 72

// property is a property of an object type.
type property struct {
	key      string
	optional bool
	typ      string
}

// object returns an object type with props, intersected with the named
// types of others, indented for the given depth. It is written on one line
// when short enough.
func object(props []property, others []string, depth int) string {
	intersected := strings.Join(others, " & ")
	if len(props) == 0 {
		return intersected
	}
	if intersected != "" {
		intersected = " & " + intersected
	}
	fields := make([]string, len(props))
	oneLine := true
	for i, p := range props {
		fields[i] = p.key
		if p.optional {
			fields[i] += "?"
		}
		fields[i] += ": " + p.typ
		oneLine = oneLine && !strings.Contains(p.typ, "\n")
	}
	obj := "{ " + strings.Join(fields, "; ") + " }"
	if !oneLine || len(obj)+len(intersected) > maxInline {
		indent := strings.Repeat("  ", depth+1)
		obj = "{\n" + indent + strings.Join(fields, ";\n"+indent) + ";\n" + strings.Repeat("  ", depth) + "}"
	}
	return obj + intersected
}

// wrap returns the TypeScript for a GraphQL type whose named type is named.
func wrap(t *ast.Type, named string) string {
	s := named
	if t.Elem != nil {
		s = "Array<" + wrap(t.Elem, named) + ">"
	}
	if !t.NonNull {
		s += " | null"
	}
	return s
}

// inputType returns the TypeScript for the type of a variable or input
// field, noting the enums and input objects to declare: an input object's
// own, transitively, as soon as it is used.
func (g *generator) inputType(t *ast.Type) string {
	return wrap(t, g.leafOrInput(g.schema.Types[t.Name()]))
}

func (g *generator) leafOrInput(def *ast.Definition) string {
	switch def.Kind {
	case ast.Enum:
		g.enums[def.Name] = true
	case ast.InputObject:
		if !g.inputs[def.Name] {
			g.inputs[def.Name] = true
			for _, f := range def.Fields {
				g.inputType(f.Type)
			}
		}
	default:
		if ts, ok := scalars[def.Name]; ok {
			return ts
		}
		return "unknown"
	}
	return def.Name
}

// part is a selection set selected on an object, and whether the object may
// lack its fields: selected under a type condition or @skip/@include.
type part struct {
	set         ast.SelectionSet
	conditional bool
}

// occurrence is a field selected under a response key.
type occurrence struct {
	field       *ast.Field
	scope       *ast.Definition // the type it is selected on
	conditional bool
}

// key is a response key of an object: a field's alias or name.
type key struct {
	name        string
	occurrences []occurrence
}

// optional reports whether the object may lack the key: when each of its
// fields is conditional.
func (k *key) optional() bool {
	for _, o := range k.occurrences {
		if !o.conditional {
			return false
		}
	}
	return true
}

// spread is a fragment spread on an object.
type spread struct {
	name        string
	conditional bool
}

// fields collects the response keys and fragment spreads of an object's
// selection sets, merging fields selected more than once and fields of
// inline fragments.
type fields struct {
	keys    []*key // in the order first selected
	spreads []spread
}

// selectionType returns the type of an object of type parent on which parts
// are selected.
func (g *generator) selectionType(parent *ast.Definition, parts []part, depth int) string {
	var fs fields
	for _, p := range parts {
		g.collect(&fs, parent, parent, p.set, p.conditional)
	}
	props := make([]property, len(fs.keys))
	for i, k := range fs.keys {
		props[i] = property{key: k.name, optional: k.optional(), typ: g.keyType(parent, k, depth+1)}
	}
	others := make([]string, len(fs.spreads))
	for i, s := range fs.spreads {
		others[i] = s.name + "Fragment"
		if s.conditional {
			others[i] = "Partial<" + others[i] + ">"
		}
	}
	return object(props, others, depth)
}

// collect adds the fields and spreads of set, selected on scope within an
// object of type parent, to fs. Those under a type condition that does not
// cover parent, or under @skip or @include, are conditional.
func (g *generator) collect(fs *fields, parent, scope *ast.Definition, set ast.SelectionSet, conditional bool) {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			name := sel.Alias
			if name == "" {
				name = sel.Name
			}
			o := occurrence{field: sel, scope: scope, conditional: conditional || skippable(sel.Directives)}
			i := slices.IndexFunc(fs.keys, func(k *key) bool { return k.name == name })
			if i < 0 {
				fs.keys = append(fs.keys, &key{name: name})
				i = len(fs.keys) - 1
			}
			fs.keys[i].occurrences = append(fs.keys[i].occurrences, o)
		case *ast.InlineFragment:
			on := scope
			if sel.TypeCondition != "" {
				on = g.schema.Types[sel.TypeCondition]
			}
			cond := conditional || skippable(sel.Directives) || !g.covers(on, parent)
			g.collect(fs, parent, on, sel.SelectionSet, cond)
		case *ast.FragmentSpread:
			on := g.schema.Types[sel.Definition.TypeCondition]
			cond := conditional || skippable(sel.Directives) || !g.covers(on, parent)
			i := slices.IndexFunc(fs.spreads, func(s spread) bool { return s.name == sel.Name })
			if i < 0 {
				fs.spreads = append(fs.spreads, spread{name: sel.Name, conditional: cond})
			} else {
				fs.spreads[i].conditional = fs.spreads[i].conditional && cond
			}
		}
	}
}

// keyType returns the type of a response key of an object of type parent.
func (g *generator) keyType(parent *ast.Definition, k *key, depth int) string {
	f := k.occurrences[0].field
	if f.Name == "__typename" {
		return g.typename(parent, k)
	}
	def := g.schema.Types[f.Definition.Type.Name()]
	if !def.IsCompositeType() {
		return wrap(f.Definition.Type, g.leafOrInput(def))
	}
	// The sub-object's fields selected where the key is conditional but not
	// optional (a required key also selected under a type condition) may be
	// missing from it.
	optional := k.optional()
	parts := make([]part, len(k.occurrences))
	for i, o := range k.occurrences {
		parts[i] = part{set: o.field.SelectionSet, conditional: o.conditional && !optional}
	}
	return wrap(f.Definition.Type, g.selectionType(def, parts, depth))
}

// typename returns the type of __typename: the names of the object types it
// is selected on, or string when one of them is abstract.
func (g *generator) typename(parent *ast.Definition, k *key) string {
	var names []string
	for _, o := range k.occurrences {
		on := o.scope
		if g.covers(on, parent) {
			on = parent
		}
		if on.Kind != ast.Object {
			return "string"
		}
		if name := `"` + on.Name + `"`; !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return strings.Join(names, " | ")
}

// covers reports whether every object of type parent is also of type on, so
// that fields selected on `on` are always there.
func (g *generator) covers(on, parent *ast.Definition) bool {
	if on.Name == parent.Name {
		return true
	}
	possible := g.schema.GetPossibleTypes(on)
	for _, t := range g.schema.GetPossibleTypes(parent) {
		if !slices.Contains(possible, t) {
			return false
		}
	}
	return true
}

// skippable reports whether @skip or @include may leave a selection out.
func skippable(dirs ast.DirectiveList) bool {
	return dirs.ForName("skip") != nil || dirs.ForName("include") != nil
}
