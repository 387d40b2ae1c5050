package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/server"
)

// TestGraphQLOverHTTPSpec runs each case of the GraphQL-over-HTTP spec that
// graphql-http's audit checks (and a few more) through the real handler:
// content negotiation, status codes, and no "data" entry in a request
// error under application/graphql-response+json. The audit itself runs
// against the binary in scripts/frontend-test.sh.
func TestGraphQLOverHTTPSpec(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	const (
		ok         = `{"query":"{ __typename }"}`
		parseErr   = `{"query":"{"}`
		invalid    = `{"query":"{ noSuchField }"}`
		coerceErr  = `{"query":"query($n: Int) { plans(first: $n) { totalCount } }","variables":{"n":"many"}}`
		fieldErr   = `{"query":"{ node(id: 1) { id } }"}`
		notJSON    = `{"query":`
		noQuery    = `{"qeury":"{ __typename }"}`
		numQuery   = `{"query":1}`
		json       = "application/json"
		gqlResp    = "application/graphql-response+json"
		bothAccept = "application/graphql-response+json, application/json"
	)
	tests := []struct {
		name, accept, body string
		status             int
		media              string // "" for a refusal's application/json
		data               string // "absent", "null", "present"
		code               string // extensions.code of the first error, if any
	}{
		{"no Accept: application/json", "", ok, 200, json, "present", ""},
		{"*/*: application/json", "*/*", ok, 200, json, "present", ""},
		{"application/*: application/json", "application/*", ok, 200, json, "present", ""},
		{"a browser's Accept: application/json", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ok, 200, json, "present", ""},
		{"application/json", json, ok, 200, json, "present", ""},
		{"application/graphql-response+json", gqlResp, ok, 200, gqlResp, "present", ""},
		{"both, equal: application/graphql-response+json", bothAccept, ok, 200, gqlResp, "present", ""},
		{"both, json preferred", "application/graphql-response+json;q=0.5, application/json", ok, 200, json, "present", ""},
		{"graphql-response+json named, anything else less", "application/graphql-response+json, */*;q=0.1", ok, 200, gqlResp, "present", ""},
		{"graphql-response+json refused", "application/graphql-response+json;q=0, */*", ok, 200, json, "present", ""},
		{"neither acceptable: 406", "text/html", ok, 406, json, "absent", "BAD_USER_INPUT"},

		{"json: parse failure is 200", json, parseErr, 200, json, "absent", "GRAPHQL_PARSE_FAILED"},
		{"json: validation failure is 200", json, invalid, 200, json, "absent", "GRAPHQL_VALIDATION_FAILED"},
		{"json: variable coercion failure is 200", json, coerceErr, 200, json, "absent", "GRAPHQL_VALIDATION_FAILED"},
		{"no Accept: parse failure is 200", "", parseErr, 200, json, "absent", "GRAPHQL_PARSE_FAILED"},
		{"graphql-response+json: parse failure is 400 without data", gqlResp, parseErr, 400, gqlResp, "absent", "GRAPHQL_PARSE_FAILED"},
		{"graphql-response+json: validation failure is 400 without data", gqlResp, invalid, 400, gqlResp, "absent", "GRAPHQL_VALIDATION_FAILED"},
		{"graphql-response+json: variable coercion failure is 400 without data", gqlResp, coerceErr, 400, gqlResp, "absent", "GRAPHQL_VALIDATION_FAILED"},

		{"json: a field error is 200 with data", json, fieldErr, 200, json, "present", "NOT_FOUND"},
		{"graphql-response+json: a field error is 200 with data", gqlResp, fieldErr, 200, gqlResp, "present", "NOT_FOUND"},

		{"json: a body that is not JSON is 400", json, notJSON, 400, json, "absent", "BAD_USER_INPUT"},
		{"graphql-response+json: a body that is not JSON is 400", gqlResp, notJSON, 400, gqlResp, "absent", "BAD_USER_INPUT"},
		{"no query is 400", json, noQuery, 400, json, "absent", "BAD_USER_INPUT"},
		{"a query that is not a string is 400", gqlResp, numQuery, 400, gqlResp, "absent", "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := post(t, srv, tt.accept, tt.body)
			checkResponse(t, resp, tt.status, tt.media, tt.data, tt.code)
		})
	}

	get := func(t *testing.T, accept, query string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(query), nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	t.Run("GET negotiates like POST", func(t *testing.T) {
		checkResponse(t, get(t, "", "{ __typename }"), 200, json, "present", "")
		checkResponse(t, get(t, gqlResp, "{ __typename }"), 200, gqlResp, "present", "")
		checkResponse(t, get(t, json, "{"), 200, json, "absent", "GRAPHQL_PARSE_FAILED")
		checkResponse(t, get(t, gqlResp, "{"), 400, gqlResp, "absent", "GRAPHQL_PARSE_FAILED")
	})
	t.Run("GET of a mutation is 405, allowing POST", func(t *testing.T) {
		resp := get(t, json, "mutation { deletePlan(id: 1) }")
		if allow := resp.Header.Get("Allow"); allow != http.MethodPost {
			t.Errorf("Allow = %q", allow)
		}
		checkResponse(t, resp, 405, json, "absent", "BAD_USER_INPUT")
	})
	t.Run("a POST of another content type is 400", func(t *testing.T) {
		resp, err := http.Post(srv.URL+"/graphql", "text/plain", strings.NewReader(ok))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status = %d, want 400", resp.StatusCode)
		}
	})
	t.Run("a body over the limit without a declared length is 413", func(t *testing.T) {
		big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", server.MaxBodyBytes) + `"}}`
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", io.MultiReader(strings.NewReader(big)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if req.ContentLength != -1 && req.ContentLength != 0 {
			t.Fatalf("the request declared its length %d", req.ContentLength)
		}
		checkResponse(t, resp, 413, json, "absent", "BAD_USER_INPUT")
	})
}

// checkResponse asserts the status, the media type (always with
// charset=utf-8), whether the body has a "data" entry and the first
// error's code.
func checkResponse(t *testing.T, resp *http.Response, status int, media, data, code string) {
	t.Helper()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Errorf("status = %d, want %d: %s", resp.StatusCode, status, raw)
	}
	if ct := resp.Header.Get("Content-Type"); ct != media+"; charset=utf-8" {
		t.Errorf("Content-Type = %q, want %s; charset=utf-8", ct, media)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("body is not JSON: %s", raw)
	}
	d, has := body["data"]
	switch got := map[bool]string{false: "absent", true: "present"}[has]; {
	case has && string(d) == "null":
		got = "null"
		fallthrough
	default:
		if got != data {
			t.Errorf("data is %s, want %s: %s", got, data, raw)
		}
	}
	var errs []struct{ Extensions map[string]any }
	_ = json.Unmarshal(body["errors"], &errs)
	gotCode := ""
	if len(errs) > 0 {
		gotCode, _ = errs[0].Extensions["code"].(string)
	}
	if gotCode != code {
		t.Errorf("code = %q, want %q: %s", gotCode, code, raw)
	}
}
