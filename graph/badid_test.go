package graph_test

import (
	"os"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/database/dbtest"
)

// An id that is not one ("abc") is the client's mistake wherever it is
// sent: BAD_USER_INPUT naming the argument or input field, logged as a
// refusal and never as an error.
func TestAMalformedIDIsBadInputOnItsField(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	f := newFixture(t, db)
	tests := []struct {
		name, query string
		vars        map[string]any
		field       string
	}{
		{"node, in the query's text", `{ node(id: "abc") { id } }`, nil, "id"},
		{"node, as a variable", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "abc"}, "id"},
		{"nodes, one of them", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{"1", "abc"}}, "ids"},
		{"plan", `{ plan(id: "12x") { id } }`, nil, "id"},
		{"a filter", `{ plans(where: {idIn: ["abc"]}) { totalCount } }`, nil, "idIn"},
		{"a mutation's argument", `mutation { deleteBoardMeeting(id: "abc") }`, nil, "id"},
		{"an input's field", `mutation($in: SignOffInput!) { signOff(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"actionID": "abc", "idempotencyKey": "k-1"}}, "actionID"},
		{"an input's optional field", `mutation($area: ID!, $role: ID!) { createAction(input: {areaID: $area, parentID: "1.5", position: 1, text: "T", responsibleID: $role, deadlineKind: continuous}) { id } }`,
			map[string]any{"area": f.area, "role": f.enhetschef}, "parentID"},
		{"an empty id", `mutation { deleteBoardMeeting(id: "") }`, nil, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.api.log.Reset()
			errs := f.api.do(tt.query, tt.vars, nil)
			if code(errs) != "BAD_USER_INPUT" || errs[0].Extensions["field"] != tt.field || !strings.Contains(errs[0].detail(), "is not an id") {
				t.Errorf("errors = %+v, want BAD_USER_INPUT on %s", errs, tt.field)
			}
			if logs := f.api.log.String(); strings.Contains(logs, `"level":"ERROR"`) || !strings.Contains(logs, `"level":"INFO"`) {
				t.Errorf("logged %s; want a refusal at INFO, no error", logs)
			}
		})
	}

	t.Run("an id of nothing is still not found", func(t *testing.T) {
		if errs := f.api.do(`{ node(id: "999") { id } }`, nil, nil); code(errs) != "NOT_FOUND" {
			t.Errorf("errors = %+v, want NOT_FOUND", errs)
		}
	})

}

// Every ID of the schema is read by package gid, so the rule above holds
// for arguments no test names.
func TestEveryIDIsReadAsAGlobalID(t *testing.T) {
	src, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "graphql.UnmarshalIntID("); n > 0 {
		t.Errorf("generated.go reads %d ids with gqlgen's IntID; gqlgen.yml must map ID to graph/gid", n)
	}
	if !strings.Contains(string(src), "gid.UnmarshalID(") {
		t.Error("generated.go does not read ids with gid.UnmarshalID")
	}
}
