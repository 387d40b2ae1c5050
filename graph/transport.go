package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/metrics"
)

// The media types a GraphQL response is sent as.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// overHTTP is the GET and POST transport of the GraphQL-over-HTTP spec
// (https://graphql.github.io/graphql-over-http/draft/). gqlgen's own
// transports answer application/graphql-response+json to a client that
// accepts anything, and use 422 for a malformed query under
// application/json and "data": null under application/graphql-response+json;
// the spec (and graphql-http's audit) want otherwise:
//
//   - the response's media type is negotiated from Accept:
//     application/graphql-response+json when the client names it (and does
//     not prefer application/json), application/json when it names that, or
//     accepts anything (*/*, application/*), or sends no Accept; an Accept
//     that allows neither is 406;
//   - a request that is not a well-formed GraphQL-over-HTTP request (a body
//     that is not JSON, no query, a query that is not a string) is 400, and
//     one over the body limit 413;
//   - a request error (the document does not parse or validate, variables
//     cannot be coerced, the query is too deep or too complex) is 200 under
//     application/json and 400 under application/graphql-response+json,
//     where the body has no "data" entry at all;
//   - GET runs queries only; a mutation is 405 with Allow: POST;
//   - a query that executes is 200, with its data and field errors.
//
// With trees, queries of a plan's tree are answered from that cache when
// it can (see treeCache).
type overHTTP struct {
	trees *treeCache
	mine  *treeCache // Mitt ansvar's (CacheMyActions)
}

var _ graphql.Transport = overHTTP{}

func (overHTTP) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	switch r.Method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return err == nil && media == mediaJSON
	}
	return false
}

func (t overHTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		w.Header().Set("Content-Type", mediaJSON+"; charset=utf-8")
		writeErrors(w, http.StatusNotAcceptable, "Accept allows neither "+mediaGraphQLResponse+" nor "+mediaJSON)
		return
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")

	params := &graphql.RawParams{Headers: r.Header}
	params.ReadTime.Start = graphql.Now()
	if status, err := readParams(r, params); err != nil {
		writeErrors(w, status, err.Error())
		return
	}
	params.ReadTime.End = graphql.Now()

	ctx := r.Context()
	oc, errs := exec.CreateOperationContext(ctx, params)
	if oc != nil && oc.Doc != nil {
		// The operation the document selected names the request in the
		// metrics, whether it runs, fails validation or is answered from
		// the tree cache.
		if op := oc.Doc.Operations.ForName(oc.OperationName); op != nil {
			metrics.Operation(ctx, op.Name)
		}
	}
	if errs != nil {
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		// An error without a code here is not about the query but the
		// request around it (a persisted query's hash that does not
		// match, an unsupported version): the client's, and 400.
		for _, err := range errs {
			if _, ok := err.Extensions["code"]; !ok {
				if err.Extensions == nil {
					err.Extensions = map[string]any{}
				}
				err.Extensions["code"] = string(fault.BadUserInput)
				status = http.StatusBadRequest
			}
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs)
		writeJSON(w, status, requestError{Errors: resp.Errors, Extensions: resp.Extensions})
		return
	}
	if r.Method == http.MethodGet {
		if op := oc.Doc.Operations.ForName(oc.OperationName); op == nil || op.Operation != ast.Query {
			w.Header().Set("Allow", http.MethodPost)
			writeErrors(w, http.StatusMethodNotAllowed, "GET requests only allow query operations; send mutations with POST")
			return
		}
	}
	var tree *treeLookup
	cache := t.trees
	for _, c := range []*treeCache{t.trees, t.mine} {
		if c == nil {
			continue
		}
		var body []byte
		if body, tree = c.lookup(ctx, oc, params.Variables); body != nil {
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(body)
			return
		}
		if tree != nil {
			cache = c
			if c.personal {
				ctx = withRequestTime(ctx, tree.now)
			}
			break
		}
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	resp := responses(ctx)
	if resp == nil {
		// gqlgen answers nothing when the request's context ended (its
		// deadline passed, or the client left) before it ran.
		cause := context.Cause(ctx)
		if cause == nil {
			cause = context.Canceled
		}
		resp = exec.DispatchError(ctx, gqlerror.List{gqlerror.WrapIfUnwrapped(cause)})
		writeJSON(w, http.StatusServiceUnavailable, requestError{Errors: resp.Errors})
		return
	}
	status, body := encodeJSON(http.StatusOK, resp)
	if tree != nil && status == http.StatusOK && len(resp.Errors) == 0 {
		cache.store(tree, body)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// readParams reads the request's query, operation name, variables and
// extensions: from the URL of a GET, from the JSON body of a POST. A
// request they cannot be read from is not a GraphQL-over-HTTP request: 400,
// or 413 for a body over the server's limit.
func readParams(r *http.Request, params *graphql.RawParams) (int, error) {
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		for _, values := range q {
			for _, v := range values {
				if !utf8.ValidString(v) {
					return http.StatusBadRequest, errors.New("the request's parameters are not valid UTF-8")
				}
			}
		}
		params.Query, params.OperationName = q.Get("query"), q.Get("operationName")
		for name, into := range map[string]any{"variables": &params.Variables, "extensions": &params.Extensions} {
			if v := q.Get(name); v != "" {
				if err := decodeJSON(strings.NewReader(v), into); err != nil {
					return http.StatusBadRequest, fmt.Errorf("the %s parameter is not a JSON object: %v", name, err)
				}
			}
		}
		return hasQuery(params)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return http.StatusRequestEntityTooLarge, errors.New("request body too large")
		}
		return http.StatusBadRequest, fmt.Errorf("could not read the request body: %v", err)
	}
	// encoding/json would quietly turn invalid UTF-8 into U+FFFD.
	if !utf8.Valid(body) {
		return http.StatusBadRequest, errors.New("the request body is not valid UTF-8")
	}
	if err := decodeJSON(strings.NewReader(string(body)), params); err != nil {
		return http.StatusBadRequest, fmt.Errorf("the request body is not a GraphQL request in JSON: %v", err)
	}
	return hasQuery(params)
}

// hasQuery requires the query, unless the request names a persisted query
// by its hash instead.
func hasQuery(params *graphql.RawParams) (int, error) {
	if params.Query == "" && params.Extensions["persistedQuery"] == nil {
		return http.StatusBadRequest, errors.New("the request has no query")
	}
	return 0, nil
}

func decodeJSON(r io.Reader, into any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("more than one JSON value")
	}
	return nil
}

// negotiate picks the response's media type from the Accept headers: of
// the two this endpoint answers with, the one with the higher quality,
// matched by its most specific media range (RFC 9110, 12.5.1). On a tie,
// application/graphql-response+json when the client named it, else
// application/json (so */* and a missing Accept get application/json, as
// the spec asks for compatibility with older clients). It reports false
// when the client accepts neither.
func negotiate(accept []string) (string, bool) {
	if strings.TrimSpace(strings.Join(accept, "")) == "" {
		return mediaJSON, true
	}
	type match struct {
		q           float64
		specificity int // 0 none, 1 */*, 2 application/*, 3 the type itself
	}
	var best [2]match // mediaGraphQLResponse, mediaJSON
	for _, header := range accept {
		for part := range strings.SplitSeq(header, ",") {
			media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if v, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(v, 64); err != nil || q < 0 || q > 1 {
					continue
				}
			}
			for i, candidate := range []string{mediaGraphQLResponse, mediaJSON} {
				s := 0
				switch media {
				case candidate:
					s = 3
				case "application/*":
					s = 2
				case "*/*":
					s = 1
				}
				if s > best[i].specificity {
					best[i] = match{q, s}
				}
			}
		}
	}
	g, j := best[0], best[1]
	switch {
	case g.q <= 0 && j.q <= 0:
		return "", false
	case g.q > j.q, g.q == j.q && g.specificity == 3:
		return mediaGraphQLResponse, true
	default:
		return mediaJSON, true
	}
}

// requestError is the body of a request error: the errors, and no "data"
// entry, since the request never executed.
type requestError struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// writeErrors answers a request that could not be read: detail says why,
// in English, beside the Swedish message.
func writeErrors(w http.ResponseWriter, status int, detail string) {
	f := (&fault.Error{Code: fault.BadUserInput, Message: detail}).JSON()
	writeJSON(w, status, requestError{Errors: gqlerror.List{{
		Message:    f["message"].(string),
		Extensions: f["extensions"].(map[string]any),
	}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	status, b := encodeJSON(status, v)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// encodeJSON is v in JSON, or an internal error when v cannot be.
func encodeJSON(status int, v any) (int, []byte) {
	b, err := json.Marshal(v)
	if err != nil {
		return http.StatusInternalServerError, []byte(`{"errors":[{"message":"Något gick fel hos servern.","extensions":{"code":"INTERNAL","detail":"internal error"}}]}`)
	}
	return status, b
}
