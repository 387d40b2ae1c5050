package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

var update = flag.Bool("update", false, "rewrite the golden files testdata/*.ts")

// load reads the sources matching pattern.
func load(t *testing.T, pattern string) []*ast.Source {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no files match %s (%v)", pattern, err)
	}
	sources, err := readSources(files)
	if err != nil {
		t.Fatal(err)
	}
	return sources
}

// TestGenerate generates gql.ts for each fixture testdata/NAME.graphql
// against testdata/schema, compares it with testdata/NAME.ts, and checks the
// snippets that show each rule.
func TestGenerate(t *testing.T) {
	schema := load(t, "testdata/schema/*.graphql")
	tests := []struct {
		name   string
		want   []string
		absent []string
	}{
		{
			name: "scalars",
			want: []string{
				"    id: string;\n",
				"    title: string;\n",
				"    note: string | null;\n",
				"    number: number | null;\n",
				"    estimate: number;\n",
				"    urgent: boolean;\n",
				"    due: string | null;\n",
				"    createdAt: string;\n",
				"    meta: Record<string, unknown> | null;\n",
				"    attachment: unknown | null;\n", // an unknown scalar
				"    tags: Array<string>;\n",
				"    labels: Array<string | null> | null;\n",
				"    grid: Array<Array<number> | null>;\n",
				"export type TaskQueryVariables = { id: string };\n",
				"export const TaskDocument = `query Task($id: ID!) { task(id: $id) { id title note",
				" as Operation<TaskQuery, TaskQueryVariables>;\n",
			},
			absent: []string{"# Scalars"},
		},
		{
			name: "aliases",
			want: []string{
				`  first: { id: string; name: string } | null;`,
				`  second: { id: string; title: string } | null;`,
				`  me: { id: string; name: string };`, // selected twice, merged
				"export type TwoTasksQueryVariables = Record<string, never>;\n",
				"`query TwoTasks { first: task(id: \"1\") { id name: title } second: task(id: \"2\") { id, title } me { id } me { name } }`",
			},
		},
		{
			name: "enums",
			want: []string{
				"export type Priority = \"low\" | \"high\";\n",
				"export type Status = \"open\" | \"blocked\" | \"done\";\n",
				"export interface TaskFilter {\n  status?: Array<Status> | null;\n  dueBefore?: string | null;\n  owner?: PersonFilter | null;\n}\n",
				"export interface PersonFilter { name?: string | null; hasTasks?: boolean }\n", // nested, with a default
				"  title: string;\n  due?: string | null;\n  priority?: Priority | null;\n",
				"status: Status }",
				"export type FilteredTasksQueryVariables = { filter?: TaskFilter | null };\n",
				"export type CreateTaskMutation = { createTask: { id: string } };\n",
				"export type CreateTaskMutationVariables = { input: TaskInput };\n",
				"export const CreateTaskDocument = `mutation CreateTask($input: TaskInput!) { createTask(input: $input) { id } }` as Operation<CreateTaskMutation, CreateTaskMutationVariables>;\n",
			},
			absent: []string{"Unused", "Node", "Person ="},
		},
		{
			name: "fragments",
			want: []string{
				"export type TaskFieldsFragment = { id: string; title: string; status: Status };\n",
				"tasks: Array<TaskFieldsFragment> };\n",
				"    owner: PersonFieldsFragment | null;\n",
				"    subtasks: Array<{ note: string | null } & TaskFieldsFragment> | null;\n",
				"  task: {\n    owner: PersonFieldsFragment | null;",
				"  } & TaskFieldsFragment | null;\n",
				// the operation, then its fragments in file order, each once
				"{ ...TaskFields note } } } fragment TaskFields on Task { id title status } fragment PersonFields on Person { id name tasks(first: 3) { ...TaskFields } }`",
			},
		},
		{
			name: "inline",
			want: []string{
				// on an interface: fields of other types are optional
				"  node: {\n    __typename: string;\n    id: string;\n    title?: string;\n    status?: Status;\n    name?: string;\n  } | null;\n",
				// on an object type, the fragments on it or on its interface merge
				"  task: { __typename: \"Task\"; note: string | null; id: string } | null;\n",
				// on a union
				"  search: Array<{ __typename?: \"Task\" | \"Person\"; title?: string; name?: string }>;\n",
				// the string argument, escaped for the template literal
				`search(text: "say \\"hi\\" \\\\ ` + "\\`now\\` \\${x}\")",
			},
		},
		{
			name: "defaults",
			want: []string{
				"export type PersonTasksQueryVariables = {\n  status?: Status | null;\n  first?: number | null;\n  limit?: number;\n  withNote?: boolean;\n};\n",
				"tasks: Array<{ id: string; note?: string | null }>", // @include
				"export type MeQueryVariables = Record<string, never>;\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := generate(schema, load(t, "testdata/"+tt.name+".graphql"))
			if err != nil {
				t.Fatal(err)
			}
			golden := "testdata/" + tt.name + ".ts"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, got)
			}
			for _, s := range tt.want {
				if !bytes.Contains(got, []byte(s)) {
					t.Errorf("output lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if bytes.Contains(got, []byte(s)) {
					t.Errorf("output has %q", s)
				}
			}
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name   string
		schema string // added to testdata/schema
		ops    string // the file bad.graphql
		want   string
	}{
		{
			name: "unknown field",
			ops:  "query Q {\n  task(id: \"1\") {\n    nope\n  }\n}\n",
			want: `bad.graphql:3:5: Cannot query field "nope" on type "Task".`,
		},
		{
			name: "wrong variable type",
			ops:  "query Q($id: Int!) {\n  task(id: $id) { id }\n}\n",
			want: `bad.graphql:2:12: Variable "$id" of type "Int!" used in position expecting type "ID!".`,
		},
		{
			name: "unknown fragment",
			ops:  "query Q {\n  me { ...Missing }\n}\n",
			want: `bad.graphql:2:11: Unknown fragment "Missing".`,
		},
		{
			name: "syntax",
			ops:  "query Q {\n  me { id }\n",
			want: `bad.graphql:3:1: Expected Name, found <EOF>`,
		},
		{
			name: "unnamed",
			ops:  "query Q { me { id } }\n\nquery($id: ID!) { task(id: $id) { id } }\n",
			want: "bad.graphql:3:1: unnamed operation: name it, e.g. `query MyActions { … }`, as gql.ts names its types after it",
		},
		{
			name: "shorthand",
			ops:  "{ me { id } }",
			want: "bad.graphql:1:1: unnamed operation",
		},
		{
			name:   "name clash",
			schema: "enum LateQuery { yes no }\nextend type Query { late: LateQuery }\n",
			ops:    "query Late { late }",
			want:   "gql.ts would declare LateQuery twice",
		},
		{
			name:   "invalid schema",
			schema: "extend type Query {\n  late: Int @goField(name: \"x\")\n}\n",
			ops:    "query Late { late }",
			want:   `schema: extra.graphql:2:14: Undefined directive goField.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schema := load(t, "testdata/schema/*.graphql")
			if tt.schema != "" {
				schema = append(schema, &ast.Source{Name: "extra.graphql", Input: tt.schema})
			}
			out, err := generate(schema, []*ast.Source{{Name: "bad.graphql", Input: tt.ops}})
			if err == nil {
				t.Fatalf("no error; output:\n%s", out)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

// TestDeterministic generates from several files at once, repeatedly: map
// order must not show in the output.
func TestDeterministic(t *testing.T) {
	schema := load(t, "testdata/schema/*.graphql")
	var ops []*ast.Source
	for _, name := range []string{"enums", "fragments", "inline", "defaults"} {
		ops = append(ops, load(t, "testdata/"+name+".graphql")...)
	}
	first, err := generate(schema, ops)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := generate(schema, ops)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, first) {
			t.Fatalf("output changed between runs:\n%s\n---\n%s", first, again)
		}
	}
}

// TestRealSchema generates for a few of the web app's operations against
// graph/*.graphql, the server's schema as it is.
func TestRealSchema(t *testing.T) {
	got, err := generate(load(t, "../../graph/*.graphql"), load(t, "testdata/real.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"// Code generated by frontend/codegen from graph/*.graphql and frontend/src/**/*.graphql. DO NOT EDIT.\n",
		"export type FollowUpStatus = \"not_started\" | \"due_soon\" | \"done\" | \"overdue\" | \"missed\" | \"logged\";\n",
		"export interface SignOffInput {\n  actionID: string;\n  doneOn?: string | null;\n",
		"  idempotencyKey: string;\n",
		"export type MyActionsQuery = {\n  myActions: Array<{\n    action: {\n      subActions: Array<ActionFieldsFragment> | null;\n    } & ActionFieldsFragment;\n",
		"    plan: { id: string; title: string };\n",
		"    followUp: { status: FollowUpStatus; due: string | null };\n",
		"export type MyActionsQueryVariables = {\n  asOf?: string | null;\n  status?: Array<FollowUpStatus> | null;\n  first?: number | null;\n};\n",
		"  number: number | null;\n",
		"  deadlineKind: ActionDeadlineKind;\n",
		"  responsible: { id: string; name: string };\n",
		"export const MyActionsDocument = `query MyActions(",
		"fragment ActionFields on Action {",
		"as Operation<MyActionsQuery, MyActionsQueryVariables>;\n",
		"export type ActionNodeQuery = { node: { __typename: string; id: string; text?: string } | null };\n",
		"export type SignOffMutation = { signOff: { id: string } };\n",
		"export type SignOffMutationVariables = { input: SignOffInput };\n",
	} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("output lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", got)
	}
}

// TestRun generates from a tree of operation files, a fragment in one and
// the query spreading it in another, read in path order.
func TestRun(t *testing.T) {
	schemaDir, err := filepath.Abs("testdata/schema")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	files := map[string]string{
		"src/a.graphql":   "query A { me { ...PersonName } }",
		"src/a/x.graphql": "fragment PersonName on Person { name }",
		"src/b.graphql":   "mutation B { deleteTask(id: \"1\") }",
		"src/notes.txt":   "not GraphQL",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(schemaDir, "src", "src/gql.ts"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("src/gql.ts")
	if err != nil {
		t.Fatal(err)
	}
	want := `
// src/a.graphql

export type AQuery = { me: PersonNameFragment };
export type AQueryVariables = Record<string, never>;
export const ADocument = ` + "`query A { me { ...PersonName } } fragment PersonName on Person { name }`" + ` as Operation<AQuery, AQueryVariables>;

// src/a/x.graphql

export type PersonNameFragment = { name: string };

// src/b.graphql

export type BMutation = { deleteTask: string };
export type BMutationVariables = Record<string, never>;
export const BDocument = ` + "`mutation B { deleteTask(id: \"1\") }`" + ` as Operation<BMutation, BMutationVariables>;
`
	if !strings.HasSuffix(string(got), want) {
		t.Errorf("got:\n%s\nwant it to end with:\n%s", got, want)
	}

	if err := run(filepath.Join(schemaDir, "none"), "src", "src/gql.ts"); err == nil || !strings.Contains(err.Error(), "no schema") {
		t.Errorf("without a schema: %v", err)
	}
}
