package entgql_test

import (
	"encoding/json"
	"testing"

	upstream "entgo.io/contrib/entgql"
	"entgo.io/ent/schema"

	"github.com/handlingsplan/handlingsplan/entgql"
)

// The code generator reads the schema's annotations as JSON under their
// name: this package's must say exactly what upstream's would.
func TestAnnotationsEncodeAsUpstreams(t *testing.T) {
	cases := []struct {
		name       string
		ours, then schema.Annotation
	}{
		{"order field", entgql.OrderField("DUE_MONTH"), upstream.OrderField("DUE_MONTH")},
		{"query field", entgql.QueryField(), upstream.QueryField()},
		{"relay connection", entgql.RelayConnection(), upstream.RelayConnection()},
		{"mutations", entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
			upstream.Mutations(upstream.MutationCreate(), upstream.MutationUpdate())},
		{"skip all", entgql.Skip(entgql.SkipAll), upstream.Skip(upstream.SkipAll)},
		{"skip inputs", entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
			upstream.Skip(upstream.SkipMutationCreateInput, upstream.SkipMutationUpdateInput, upstream.SkipWhereInput)},
		{"type", entgql.Type("[Revision!]"), upstream.Type("[Revision!]")},
		{"merged", entgql.RelayConnection().Merge(entgql.QueryField()), upstream.RelayConnection().Merge(upstream.QueryField())},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.ours.Name() != c.then.Name() {
				t.Fatalf("name %q, upstream %q", c.ours.Name(), c.then.Name())
			}
			ours, err := json.Marshal(c.ours)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := json.Marshal(c.then)
			if err != nil {
				t.Fatal(err)
			}
			if string(ours) != string(theirs) {
				t.Errorf("encodes as\n%s\nupstream\n%s", ours, theirs)
			}
		})
	}
}

func TestCursorRoundTrips(t *testing.T) {
	var b jsonBuffer
	c := entgql.Cursor[int]{ID: 42, Value: "x"}
	c.MarshalGQL(&b)
	var back entgql.Cursor[int]
	if err := back.UnmarshalGQL(string(b[1 : len(b)-1])); err != nil {
		t.Fatal(err)
	}
	if back.ID != 42 || back.Value != "x" {
		t.Errorf("round trip gave %+v", back)
	}
	var theirs upstream.Cursor[int]
	if err := theirs.UnmarshalGQL(string(b[1 : len(b)-1])); err != nil || theirs.ID != 42 {
		t.Errorf("upstream reads it as %+v, %v", theirs, err)
	}
}

type jsonBuffer []byte

func (b *jsonBuffer) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }
