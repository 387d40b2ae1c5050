package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/handlingsplan/handlingsplan/bench"
)

// result is what one concurrency level measured.
type result struct {
	concurrency  int
	elapsed      time.Duration
	latencies    []time.Duration // successful requests only, sorted
	errors       int
	errorSamples map[string]int // error message -> count, a few kinds at most
	bytes        int64
	cpu          usage
}

func (r result) requests() int { return len(r.latencies) + r.errors }

func (r result) rps() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

// percentile returns the latency below which a fraction q of the
// successful requests fall (nearest rank).
func (r result) percentile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(r.latencies)))) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// perRequest divides a CPU time by the successful requests.
func (r result) perRequest(d time.Duration) time.Duration {
	if len(r.latencies) == 0 || d < 0 {
		return -1
	}
	return d / time.Duration(len(r.latencies))
}

// worker is one client: it sends a request, waits for the whole response,
// and sends the next, until the deadline.
type worker struct {
	latencies []time.Duration
	errors    int
	samples   map[string]int
	bytes     int64
}

const maxErrorKinds = 5

func (w *worker) fail(msg string) {
	w.errors++
	if _, seen := w.samples[msg]; seen || len(w.samples) < maxErrorKinds {
		w.samples[msg]++
	}
}

// measure runs n clients for d. Requests still in flight at the deadline
// are waited for and counted, so the elapsed time covers all of them.
// serverPID, when not 0, is sampled for CPU time.
func measure(ctx context.Context, client *http.Client, endpoint string, bodies [][]byte, n int, d time.Duration, serverPID int) result {
	before := sampleCPU(serverPID)
	start := time.Now()
	deadline := start.Add(d)
	workers := make([]*worker, n)
	var wg sync.WaitGroup
	for i := range workers {
		w := &worker{samples: map[string]int{}}
		workers[i] = w
		rnd := rand.New(rand.NewPCG(uint64(start.UnixNano()), uint64(i)))
		wg.Go(func() {
			var buf bytes.Buffer
			for time.Now().Before(deadline) && ctx.Err() == nil {
				body := bodies[rnd.IntN(len(bodies))]
				t0 := time.Now()
				err := send(ctx, client, endpoint, body, &buf)
				took := time.Since(t0)
				if err != nil {
					w.fail(err.Error())
					continue
				}
				w.latencies = append(w.latencies, took)
				w.bytes += int64(buf.Len())
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	after := sampleCPU(serverPID)

	r := result{concurrency: n, elapsed: elapsed, errorSamples: map[string]int{}}
	for _, w := range workers {
		r.latencies = append(r.latencies, w.latencies...)
		r.errors += w.errors
		r.bytes += w.bytes
		for msg, c := range w.samples {
			if _, seen := r.errorSamples[msg]; seen || len(r.errorSamples) < maxErrorKinds {
				r.errorSamples[msg] += c
			}
		}
	}
	slices.Sort(r.latencies)
	r.cpu = after.since(before)
	return r
}

// send posts one request and reads the whole response into buf. A response
// counts as an error unless it is 200 with data and no errors; gqlgen
// writes "errors" before "data", so looking at the start is enough and
// keeps the load tool from spending the CPU it is measuring on decoding.
func send(ctx context.Context, client *http.Client, endpoint string, body []byte, buf *bytes.Buffer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte(`{"data":{`)) || bytes.HasPrefix(buf.Bytes(), []byte(`{"data":{"plan":null`)) {
		return fmt.Errorf("GraphQL error: %.200s", buf.Bytes())
	}
	return nil
}

// gqlResponse is a GraphQL response with data left raw.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

// post sends one request and decodes its data into out.
func post(ctx context.Context, client *http.Client, endpoint string, body []byte, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	var r gqlResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		return 0, fmt.Errorf("HTTP %d, not a GraphQL response: %.200s", resp.StatusCode, raw)
	}
	if len(r.Errors) > 0 {
		return 0, fmt.Errorf("HTTP %d, GraphQL error: %s", resp.StatusCode, r.Errors[0].Message)
	}
	return len(raw), json.Unmarshal(r.Data, out)
}

func requestBody(query, planID string) []byte {
	req := map[string]any{"query": query}
	if planID != "" {
		req["variables"] = map[string]string{"id": planID}
	}
	body, err := json.Marshal(req)
	if err != nil {
		panic(err) // strings always marshal
	}
	return body
}

func fetchPlanIDs(ctx context.Context, client *http.Client, endpoint string, postGraphile bool) ([]string, error) {
	var data struct {
		Plans json.RawMessage
	}
	query := bench.PlanIDsQuery
	if postGraphile {
		query = bench.PostGraphilePlanIDsQuery
	}
	body, _ := json.Marshal(map[string]string{"query": query})
	if _, err := post(ctx, client, endpoint, body, &data); err != nil {
		if strings.Contains(err.Error(), "HTTP 401") {
			err = fmt.Errorf("%w (log in: --login ROLE against serve --dev, or --bearer-env VAR)", err)
		}
		return nil, fmt.Errorf("fetch plan ids: %w", err)
	}
	var ids []string
	if postGraphile {
		var plans []struct{ ID string }
		if err := json.Unmarshal(data.Plans, &plans); err != nil {
			return nil, fmt.Errorf("fetch plan ids: %w", err)
		}
		for _, p := range plans {
			ids = append(ids, p.ID)
		}
	} else {
		var plans struct {
			Edges []struct {
				Node struct{ ID string }
			}
		}
		if err := json.Unmarshal(data.Plans, &plans); err != nil {
			return nil, fmt.Errorf("fetch plan ids: %w", err)
		}
		for _, e := range plans.Edges {
			ids = append(ids, e.Node.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("fetch plan ids: the server has no plans (run bench/cmd/gen first)")
	}
	return ids, nil
}

// findPlan returns the id of the plan with registry number dnr, e.g. the
// Bollebygd plan among the synthetic ones.
func findPlan(ctx context.Context, client *http.Client, endpoint, dnr string) (string, error) {
	body, _ := json.Marshal(map[string]any{"query": bench.PlanByRegistryNumberQuery, "variables": map[string]string{"dnr": dnr}})
	var data struct {
		Plans struct {
			Edges []struct {
				Node struct{ ID string }
			}
		}
	}
	if _, err := post(ctx, client, endpoint, body, &data); err != nil {
		return "", fmt.Errorf("find the plan %s: %w", dnr, err)
	}
	if len(data.Plans.Edges) == 0 {
		return "", fmt.Errorf("no plan has the registry number %q (bench/cmd/gen --bollebygd imports the Bollebygd plan, SN2024/10)", dnr)
	}
	return data.Plans.Edges[0].Node.ID, nil
}

// planTree is what sameTree compares of a plan-tree answer: the areas,
// actions and sub-actions, by id and text, in order. An empty list and
// null (this server's answer when an action has no sub-actions) compare
// equal.
type planTree struct {
	Areas []struct {
		ID, Title string
		Actions   []struct {
			ID, Text    string
			Responsible struct{ Name string }
			SubActions  []struct {
				ID, Text    string
				Responsible struct{ Name string }
			} `json:",omitempty"`
		} `json:",omitempty"`
	} `json:",omitempty"`
}

// sameTree asks endpoint for plan planID's tree with query and the other
// endpoint with otherQuery (e.g. PostGraphile's, with its own client), and
// fails unless both hold the same areas, actions and sub-actions (ids,
// titles, texts and responsible roles, in the same order). It returns what
// they hold.
func sameTree(ctx context.Context, client *http.Client, endpoint, query string, other *http.Client, otherEndpoint, otherQuery, planID string) (string, error) {
	var a, b struct{ Plan *planTree }
	if _, err := post(ctx, client, endpoint, requestBody(query, planID), &a); err != nil {
		return "", fmt.Errorf("same tree: %s: %w", endpoint, err)
	}
	if _, err := post(ctx, other, otherEndpoint, requestBody(otherQuery, planID), &b); err != nil {
		return "", fmt.Errorf("same tree: %s: %w", otherEndpoint, err)
	}
	if a.Plan == nil || b.Plan == nil {
		return "", fmt.Errorf("same tree: plan %s missing (%s: %t, %s: %t)", planID, endpoint, a.Plan != nil, otherEndpoint, b.Plan != nil)
	}
	ja, _ := json.Marshal(a.Plan)
	jb, _ := json.Marshal(b.Plan)
	if !bytes.Equal(ja, jb) {
		at := 0
		for at < min(len(ja), len(jb)) && ja[at] == jb[at] {
			at++
		}
		from := max(0, at-200)
		return "", fmt.Errorf("same tree: plan %s differs at byte %d:\n%s: …%.400s\n%s: …%.400s", planID, at, endpoint, ja[from:], otherEndpoint, jb[from:])
	}
	var actions, subs int
	for _, ar := range a.Plan.Areas {
		actions += len(ar.Actions)
		for _, act := range ar.Actions {
			subs += len(act.SubActions)
		}
	}
	return fmt.Sprintf("plan %s: the same %d areas, %d actions and %d sub-actions", planID, len(a.Plan.Areas), actions, subs), nil
}

// probe sends the query once, checks the answer, and describes its size,
// so a report says what was measured (a full tree, not an empty one).
func probe(ctx context.Context, client *http.Client, endpoint string, body []byte, queryName string) (string, error) {
	var data map[string]json.RawMessage
	size, err := post(ctx, client, endpoint, body, &data)
	if err != nil {
		return "", fmt.Errorf("probe: %w", err)
	}
	var field string
	var raw json.RawMessage
	for field, raw = range data { // one top-level field
	}
	if len(raw) == 0 || string(raw) == "null" {
		return "", fmt.Errorf("probe: no %s in the answer (the plan was not found?)", field)
	}
	switch queryName {
	case "plan-tree", "postgraphile-plan-tree":
		var plan struct {
			Areas []struct {
				Actions []struct {
					SubActions []struct{ ID string }
				}
			}
		}
		if err := json.Unmarshal(raw, &plan); err != nil {
			return "", fmt.Errorf("probe: %w", err)
		}
		var actions, subs int
		for _, a := range plan.Areas {
			actions += len(a.Actions)
			for _, act := range a.Actions {
				subs += len(act.SubActions)
			}
		}
		return fmt.Sprintf("first plan: %d areas, %d actions, %d sub-actions, %d bytes",
			len(plan.Areas), actions, subs, size), nil
	case "my-actions":
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return "", fmt.Errorf("probe: %w", err)
		}
		return fmt.Sprintf("%d actions, %d bytes", len(items), size), nil
	case "plan-status":
		var status struct {
			Counts  struct{ Total, Done int }
			Overdue []json.RawMessage
		}
		if err := json.Unmarshal(raw, &status); err != nil {
			return "", fmt.Errorf("probe: %w", err)
		}
		return fmt.Sprintf("%d actions, %d done, %d overdue listed, %d bytes",
			status.Counts.Total, status.Counts.Done, len(status.Overdue), size), nil
	}
	return fmt.Sprintf("%d bytes", size), nil
}

// saturation returns the level with the most throughput, and the first
// level that comes within 5% of it: beyond that, more clients only queue.
func saturation(results []result) (best, knee result) {
	best = results[0]
	for _, r := range results {
		if r.rps() > best.rps() {
			best = r
		}
	}
	for _, r := range results {
		if r.rps() >= 0.95*best.rps() {
			return best, r
		}
	}
	return best, best
}
