package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/server"
)

type answer struct {
	status int
	code   string
	msg    string
	say    string
	raw    string
}

func send(t *testing.T, srv string, body io.Reader) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv+"/graphql", body)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	_ = json.Unmarshal(raw, &r)
	a := answer{status: resp.StatusCode, raw: string(raw)}
	if len(r.Errors) > 0 {
		a.code, _ = r.Errors[0].Extensions["code"].(string)
		a.msg, _ = r.Errors[0].Extensions["detail"].(string) // English, beside the Swedish message
		a.say = r.Errors[0].Message
	}
	return a
}

// TestMalformedRequestsAreRefusedClearly: the malformed requests of issue
// 17 are answered with a clear client error, never INTERNAL, never a
// panic, and the request body is never logged.
func TestMalformedRequestsAreRefusedClearly(t *testing.T) {
	srv, logs := newServer(t, server.Options{})
	const secret = "sekretess-4711"
	tests := []struct {
		name, body string
		status     int
		code       string
	}{
		{"an unfinished object", `{`, 400, "BAD_USER_INPUT"},
		{"a list", `[]`, 400, "BAD_USER_INPUT"},
		{"a batch", `[{"query":"{ me { user { name } } }"}]`, 400, "BAD_USER_INPUT"},
		{"a query that is a number", `{"query":1}`, 400, "BAD_USER_INPUT"},
		{"a persisted query whose hash does not match", `{"query":"{ __typename } # ` + secret + `","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}`, 400, "BAD_USER_INPUT"},
		{"a persisted query of another version", `{"extensions":{"persistedQuery":{"version":2,"sha256Hash":"00"}}}`, 400, "BAD_USER_INPUT"},
		{"invalid UTF-8", "{\"query\":\"{ plans(where: {title: \\\"\xff\xfe\\\"}) { totalCount } }\"}", 400, "BAD_USER_INPUT"},
		{"NUL in a literal", `{"query":"mutation { importPlanFile(content: \"a\\u0000b` + secret + `\") { created } }"}`, 200, "BAD_USER_INPUT"},
		{"NUL in a variable", `{"query":"mutation($c: String!) { importPlanFile(content: $c) { created } }","variables":{"c":"a\u0000b` + secret + `"}}`, 200, "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := send(t, srv.URL, strings.NewReader(tt.body))
			if a.status != tt.status || a.code != tt.code {
				t.Errorf("= %d %s, want %d %s: %s", a.status, a.code, tt.status, tt.code, a.raw)
			}
			if a.say != "Något av det ifyllda stämmer inte." || a.msg == "" {
				t.Errorf("message %q, detail %q: want the Swedish sentence, and the English detail beside it", a.say, a.msg)
			}
		})
	}
	for _, bad := range []string{"panic", "INTERNAL", `"level":"ERROR"`, secret} {
		if strings.Contains(logs.String(), bad) {
			t.Errorf("the log has %q:\n%s", bad, logs)
		}
	}
}

func TestA2MBBodyWithoutContentLengthIs413(t *testing.T) {
	srv, logs := newServer(t, server.Options{})
	body := io.MultiReader(strings.NewReader(`{"query":"{ __typename }","variables":{"pad":"`),
		strings.NewReader(strings.Repeat("x", 2<<20)), strings.NewReader(`"}}`))
	a := send(t, srv.URL, body) // an io.Reader of unknown length: sent chunked
	if a.status != http.StatusRequestEntityTooLarge || a.code != "BAD_USER_INPUT" {
		t.Errorf("= %d %s, want 413: %.300s", a.status, a.code, a.raw)
	}
	if strings.Contains(logs.String(), "xxxxxxxx") {
		t.Error("the body was logged")
	}
}

func TestIntrospectionAndSuggestionsOnlyInDevMode(t *testing.T) {
	for _, dev := range []bool{false, true} {
		t.Run(fmt.Sprint("dev=", dev), func(t *testing.T) {
			srv, logs := newServer(t, server.Options{Dev: dev})
			a := send(t, srv.URL, strings.NewReader(`{"query":"{ __schema { queryType { name } } }"}`))
			if dev && a.code != "" {
				t.Errorf("introspection in dev mode = %s %s", a.code, a.raw)
			}
			if !dev && (a.code != "FORBIDDEN" || !strings.Contains(a.msg, "introspection")) {
				t.Errorf("introspection without dev = %d %s %q, want FORBIDDEN naming introspection", a.status, a.code, a.msg)
			}
			a = send(t, srv.URL, strings.NewReader(`{"query":"{ myAction { plan { id } } }"}`))
			if suggested := strings.Contains(a.msg, "Did you mean"); suggested != dev || a.code != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("a misspelt field = %s %q: suggestions are for dev mode only", a.code, a.msg)
			}
			if strings.Contains(logs.String(), `"level":"ERROR"`) {
				t.Errorf("logged as an error:\n%s", logs)
			}
		})
	}
}

func TestInputListsAreBounded(t *testing.T) {
	srv, logs := newServer(t, server.Options{})
	terms := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"id": fmt.Sprint(i + 1)}
		}
		return out
	}
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprint(i + 1)
		}
		return out
	}
	var deep any = map[string]any{"id": "1"}
	for range 5000 {
		deep = map[string]any{"not": deep}
	}
	const byVariable = "query($w: PlanWhereInput) { plans(where: $w) { totalCount } }"
	literal := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "{id:%d}", i+1)
		}
		return `{ plans(where: {or: [` + b.String() + `]}) { totalCount } }`
	}
	tests := []struct {
		name string
		body map[string]any
		code string
	}{
		{"or with 20,000 terms", map[string]any{"query": byVariable, "variables": map[string]any{"w": map[string]any{"or": terms(20000)}}}, "BAD_USER_INPUT"},
		{"or with 500 terms in the query", map[string]any{"query": literal(500)}, "BAD_USER_INPUT"},
		{"idIn with 100,000 ids", map[string]any{"query": byVariable, "variables": map[string]any{"w": map[string]any{"idIn": ids(100000)}}}, "BAD_USER_INPUT"},
		{"not 5,000 deep", map[string]any{"query": byVariable, "variables": map[string]any{"w": deep}}, "BAD_USER_INPUT"},
		{"not 500 deep in the query", map[string]any{"query": "{ plans(where: " + strings.Repeat("{not:", 500) + "{id:1}" + strings.Repeat("}", 500) + ") { totalCount } }"}, "BAD_USER_INPUT"},
		{"or with 100 terms is answered", map[string]any{"query": byVariable, "variables": map[string]any{"w": map[string]any{"or": terms(100)}}}, ""},
		{"idIn with 1,000 ids is answered", map[string]any{"query": byVariable, "variables": map[string]any{"w": map[string]any{"idIn": ids(1000)}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(tt.body)
			a := send(t, srv.URL, strings.NewReader(string(body)))
			if a.code != tt.code {
				t.Errorf("= %d %s, want %q: %.300s", a.status, a.code, tt.code, a.raw)
			}
		})
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("logged as an error:\n%s", logs)
	}
}
