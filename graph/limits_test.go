package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// cost is what one request took: wall time, bytes allocated by the whole
// process meanwhile (the server runs in it), and the answer.
type cost struct {
	took    time.Duration
	alloc   uint64
	status  int
	answer  []byte
	timeout bool
}

// send posts body and measures it. The client gives up after limit, so a
// request that never ends fails the test instead of hanging it.
func (a *api) send(body string, limit time.Duration) cost {
	a.t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.srv.URL, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	var c cost
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		c.answer, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		c.status = resp.StatusCode
	}
	c.took = time.Since(start)
	c.timeout = err != nil && ctx.Err() != nil
	if err != nil && !c.timeout {
		a.t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	c.alloc = after.TotalAlloc - before.TotalAlloc
	return c
}

func queryBody(query string) string {
	b, _ := json.Marshal(map[string]any{"query": query})
	return string(b)
}

// refusedWithin asserts the request was answered (not left hanging)
// within took and alloc, with a request error of code (or one of
// code|code).
func refusedWithin(t *testing.T, c cost, took time.Duration, alloc uint64, code string) {
	t.Helper()
	t.Logf("%v, %.1f MB allocated, %d bytes answered", c.took.Round(time.Millisecond), float64(c.alloc)/1e6, len(c.answer))
	if c.timeout {
		t.Fatalf("no answer within %v", c.took.Round(time.Millisecond))
	}
	if c.took > took {
		t.Errorf("took %v, want under %v", c.took, took)
	}
	if c.alloc > alloc {
		t.Errorf("allocated %.0f MB, want under %.0f MB", float64(c.alloc)/1e6, float64(alloc)/1e6)
	}
	var r struct {
		Data   json.RawMessage
		Errors []gqlError
	}
	if err := json.Unmarshal(c.answer, &r); err != nil || len(r.Errors) == 0 {
		t.Fatalf("want a refusal %s, got %.300s (%v)", code, c.answer, err)
	}
	if got, _ := r.Errors[0].Extensions["code"].(string); len(r.Errors) == 0 || !slices.Contains(strings.Split(code, "|"), got) {
		t.Fatalf("want a refusal %s, got %.300s", code, c.answer)
	}
	if len(r.Errors) > 30 {
		t.Errorf("%d errors answered; at most a few dozen", len(r.Errors))
	}
	if len(r.Data) > 0 && string(r.Data) != "null" {
		t.Errorf("a refused request answered data: %.200s", r.Data)
	}
}

func repeat(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestOneRequestCannotTakeTheServerDown sends the requests of issue 17's
// denial of service, each well under the 1 MiB body limit, and bounds the
// time and memory of their refusal. Before the limits, the first took
// seconds and gigabytes, the fragment bomb never ended, and 5,000
// overlapping fields ran the server out of memory.
func TestOneRequestCannotTakeTheServerDown(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	plan := seedBollebygd(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare", "Enhetschef"))
	const took, alloc = 3 * time.Second, 50 << 20

	t.Run("1,000 aliases of planStatus", func(t *testing.T) {
		q := "{" + repeat(1000, func(i int) string {
			return fmt.Sprintf("a%d: planStatus(planID: %d) { asOf }", i, plan.PlanID)
		}) + "}"
		refusedWithin(t, a.send(queryBody(q), 60*time.Second), took, alloc, "COMPLEXITY_LIMIT_EXCEEDED")
	})
	t.Run("1,000 aliases of myActions(first: 500)", func(t *testing.T) {
		q := "{" + repeat(1000, func(i int) string {
			return fmt.Sprintf("a%d: myActions(first: 500) { action { id } }", i)
		}) + "}"
		refusedWithin(t, a.send(queryBody(q), 60*time.Second), took, alloc, "COMPLEXITY_LIMIT_EXCEEDED")
	})
	t.Run("a few aliases of planStatus still cost what they load", func(t *testing.T) {
		q := "{" + repeat(6, func(i int) string {
			return fmt.Sprintf("a%d: planStatus(planID: %d) { counts { total } }", i, plan.PlanID)
		}) + "}"
		refusedWithin(t, a.send(queryBody(q), 60*time.Second), took, alloc, "COMPLEXITY_LIMIT_EXCEEDED")
	})
	t.Run("four planStatus and one action's shares are answered", func(t *testing.T) {
		four := "{" + repeat(4, func(i int) string {
			return fmt.Sprintf("a%d: planStatus(planID: %d) { counts { total } actions { action { id } followUp { status } } }", i, plan.PlanID)
		}) + "}"
		if errs := a.do(four, nil, nil); len(errs) > 0 {
			t.Errorf("four planStatus: %+v", errs)
		}
		shares := `query($id: ID!) { node(id: $id) { ... on Action { shares { status unit { name } user { name } } } } }`
		if errs := a.do(shares, map[string]any{"id": db.Client.Action.Query().FirstIDX(sys())}, nil); len(errs) > 0 {
			t.Errorf("one action's shares: %+v", errs)
		}
	})
	t.Run("shares of every action of a plan", func(t *testing.T) {
		q := fmt.Sprintf("{ plan(id: %d) { areas { actions { id shares { status } } } } }", plan.PlanID)
		refusedWithin(t, a.send(queryBody(q), 60*time.Second), took, alloc, "COMPLEXITY_LIMIT_EXCEEDED")
	})
	t.Run("fragment bomb: 30 fragments each spreading the next twice", func(t *testing.T) {
		q := "query { ...F0 }\n" + repeat(30, func(i int) string {
			return fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
		}) + "fragment F30 on Query { __typename }"
		refusedWithin(t, a.send(queryBody(q), 20*time.Second), took, alloc, "COMPLEXITY_LIMIT_EXCEEDED")
	})
	t.Run("1,000 overlapping fields p with different arguments", func(t *testing.T) {
		q := "{" + repeat(1000, func(i int) string { return fmt.Sprintf("p: plan(id: %d) { id }", i+1) }) + "}"
		refusedWithin(t, a.send(queryBody(q), 60*time.Second), took, alloc, "COMPLEXITY_LIMIT_EXCEEDED")
	})
	t.Run("2,000 overlapping fields without aliases, nested", func(t *testing.T) {
		q := "{ roles(first: 1) { edges { node {" + repeat(2000, func(i int) string {
			return fmt.Sprintf("responsibilities(first: %d) { totalCount }", i+1)
		}) + "} } } }"
		refusedWithin(t, a.send(queryBody(q), 60*time.Second), took, alloc, "COMPLEXITY_LIMIT_EXCEEDED")
	})
	t.Run("a fragment cycle", func(t *testing.T) {
		q := "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
		refusedWithin(t, a.send(queryBody(q), 20*time.Second), took, alloc, "GRAPHQL_VALIDATION_FAILED")
	})
	t.Run("validation errors are capped", func(t *testing.T) {
		q := "{ me { " + repeat(900, func(i int) string { return fmt.Sprintf("x%d", i) }) + "} }"
		refusedWithin(t, a.send(queryBody(q), 20*time.Second), took, alloc, "GRAPHQL_VALIDATION_FAILED")
	})
}

// TestTheWorstRequestsAreRefusedBeforeTheyRun runs the largest versions, which
// before the limits exhausted the machine: only with the limits in place,
// since without them it would take the test process down.
func TestTheWorstRequestsAreRefusedBeforeTheyRun(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	seedBollebygd(t, db)
	a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Medarbetare"))
	q := "{" + repeat(5000, func(i int) string { return fmt.Sprintf("p: plan(id: %d) { id }", i+1) }) + "}"
	// The parser's token limit stops this one first.
	refusedWithin(t, a.send(queryBody(q), 20*time.Second), 3*time.Second, 50<<20, "COMPLEXITY_LIMIT_EXCEEDED|GRAPHQL_PARSE_FAILED")
	var b bytes.Buffer
	b.WriteString("query { ...F0 }\n")
	for i := range 60 {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d ...F%d }\n", i, i+1, i+1, i+1)
	}
	b.WriteString("fragment F60 on Query { me { user { id } } }")
	refusedWithin(t, a.send(queryBody(b.String()), 20*time.Second), 3*time.Second, 50<<20, "COMPLEXITY_LIMIT_EXCEEDED")
}

// TestARequestStopsAtItsDeadline: once the request's time is up, or its
// client has gone, no field starts its work, and the request logs one
// line, not one per field.
func TestARequestStopsAtItsDeadline(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	plan := seedBollebygd(t, db)
	v := authtest.User(t, db.Client, bollebygd, "Enhetschef")
	q := "{" + repeat(4, func(i int) string {
		return fmt.Sprintf("a%d: planStatus(planID: %d) { counts { total } } b%d: me { user { name } }", i, plan.PlanID, i)
	}) + "}"
	gone, leave := context.WithCancel(context.Background())
	leave()
	for _, tt := range []struct {
		name    string
		timeout time.Duration
		ctx     context.Context
		message string
	}{
		{"deadline passed", time.Nanosecond, context.Background(), "ran out of time"},
		{"client gone", time.Minute, gone, "cancelled"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			h := graph.NewHandler(db.Client, slog.New(slog.NewJSONHandler(&logs, nil)), graph.Limits{Timeout: tt.timeout}, false)
			req := httptest.NewRequestWithContext(viewer.NewContext(tt.ctx, v), http.MethodPost, "/graphql", strings.NewReader(queryBody(q)))
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			var r gqlResponse
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			if w.Code != http.StatusServiceUnavailable || len(r.Errors) == 0 || len(r.Data) > 0 {
				t.Errorf("= %d %s, want 503 with errors and no data", w.Code, w.Body)
			}
			for _, e := range r.Errors {
				if e.Extensions["code"] != "TIMEOUT" || !strings.Contains(e.detail(), tt.message) {
					t.Errorf("error %+v, want TIMEOUT saying %q", e, tt.message)
				}
			}
			if n := strings.Count(logs.String(), "\n"); n != 1 || !strings.Contains(logs.String(), "request abandoned") {
				t.Errorf("logged %d lines, want one saying the request was abandoned:\n%s", n, logs.String())
			}
		})
	}
}

// TestNULAndInvalidUTF8AreBadInputOnBothDatabases: PostgreSQL cannot store
// NUL in text, and encoding/json would quietly store invalid UTF-8 as
// U+FFFD; both are the client's mistake, refused before any database.
func TestNULAndInvalidUTF8AreBadInputOnBothDatabases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		plan := seedBollebygd(t, db)
		a := newAPI(t, db, authtest.User(t, db.Client, bollebygd, "Förvaltningschef"))
		const update = `mutation($id: ID!, $t: String!) { updatePlan(id: $id, input: {title: $t}) { id } }`
		if got := code(a.do(update, map[string]any{"id": plan.PlanID, "t": "Plan\x00"}, nil)); got != "BAD_USER_INPUT" {
			t.Errorf("NUL in a variable = %s", got)
		}
		literal := fmt.Sprintf(`mutation { updatePlan(id: %d, input: {title: "Plan\u0000"}) { id } }`, plan.PlanID)
		if got := code(a.do(literal, nil, nil)); got != "BAD_USER_INPUT" {
			t.Errorf("NUL in the query = %s", got)
		}
		raw := fmt.Sprintf("{\"query\":%q,\"variables\":{\"id\":%d,\"t\":\"Plan \xff\xfe\"}}", update, plan.PlanID)
		c := a.send(raw, 20*time.Second)
		if c.status != http.StatusBadRequest || !strings.Contains(string(c.answer), "BAD_USER_INPUT") {
			t.Errorf("invalid UTF-8 = %d %s, want 400 BAD_USER_INPUT", c.status, c.answer)
		}
	})
}
