// Package metrics counts what an operator watches (docs/operations.md):
// requests by route and GraphQL operation with their latency, GraphQL
// errors by extensions.code, refused logins by reason, sign-offs, imports
// and the database pools. The numbers are served in Prometheus' text format
// by Handler, which serve mounts on its own --metrics-addr only, never on
// the public address.
//
// Packages deep in a request (graph, auth) need no *Metrics of their own:
// Middleware puts a request scope into the context, and the functions
// SignOff, Import, LoginRefused, GraphQLError and Operation count through
// it. Without a scope (tests, the command line) they do nothing.
//
// Every label has a bounded set of values: routes are the server's
// patterns, operation names an allowlist (the web app's operations, from
// frontend/src/operations.graphql) with everything else "other", error
// codes fault's codes, refusal reasons the fixed list in package auth.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric of the app's own.
const Namespace = "handlingsplan"

// OtherOperation is the operation label of a GraphQL request whose
// operation is unnamed or not in the allowlist, and of one that never got
// as far as an operation (a document that does not parse).
const OtherOperation = "other"

// Metrics holds the app's collectors in a registry of its own.
type Metrics struct {
	reg        *prometheus.Registry
	operations map[string]bool

	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	graphqlErrors *prometheus.CounterVec
	loginsRefused *prometheus.CounterVec
	signOffs      *prometheus.CounterVec
	imports       *prometheus.CounterVec
}

// New returns the metrics, with operations as the GraphQL operation names
// that get a label of their own. The Go runtime's and the process's
// metrics are registered too.
func New(operations []string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), operations: map[string]bool{}}
	for _, op := range operations {
		m.operations[op] = true
	}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "http_requests_total",
		Help: "HTTP requests answered, by route pattern, GraphQL operation (empty for other routes) and status code.",
	}, []string{"route", "operation", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Name: "http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern and GraphQL operation.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route", "operation"})
	m.graphqlErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "graphql_errors_total",
		Help: "Errors in GraphQL responses, by extensions.code and operation.",
	}, []string{"code", "operation"})
	m.loginsRefused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "logins_refused_total",
		Help: "Logins and API tokens refused, by reason.",
	}, []string{"reason"})
	m.signOffs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "signoffs_total",
		Help: "Sign-offs committed, by event (created, withdrawn); a retried request with the same idempotency key is not counted again.",
	}, []string{"event"})
	m.imports = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "plan_imports_total",
		Help: "Plan imports through the API, by source (file, document) and result (ok, refused).",
	}, []string{"source", "result"})
	m.reg.MustRegister(m.requests, m.duration, m.graphqlErrors, m.loginsRefused, m.signOffs, m.imports,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Series that exist from the start, so rate() and absent() work before
	// the first event.
	for _, e := range []string{"created", "withdrawn"} {
		m.signOffs.WithLabelValues(e)
	}
	return m
}

// Registry is where more collectors go. The job queue's (jobs queued,
// failed and retried, once reminders run through one) belong here, named
// with Namespace, e.g. handlingsplan_jobs_total{kind,state}; see
// docs/operations.md.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in Prometheus' exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// WatchPools exports each pool's sql.DBStats (connections in use and
// idle, waits for a connection and the time spent waiting) as the
// go_sql_* metrics with db_name set to the pool's name. On a SQLite file
// there are two pools, "writer" and "reader"; on PostgreSQL one.
func (m *Metrics) WatchPools(pools map[string]*sql.DB) {
	for name, db := range pools {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
}

type scopeKey struct{}

// scope is one request's: the metrics it counts into and what the layers
// below the middleware found out about it.
type scope struct {
	m         *Metrics
	mu        sync.Mutex
	route     string
	operation string // the document's operation name, unfiltered
}

func from(ctx context.Context) *scope {
	s, _ := ctx.Value(scopeKey{}).(*scope)
	return s
}

// Middleware times and counts every request. The route comes from Routed,
// which must wrap the ServeMux below it; the operation from Operation.
// A nil *Metrics counts nothing.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := &scope{m: m}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		defer func() {
			status := rec.status
			p := recover()
			if p != nil && p != http.ErrAbortHandler {
				status = http.StatusInternalServerError // what the recovery above answers
			}
			route, op := s.labels()
			m.duration.WithLabelValues(route, op).Observe(time.Since(start).Seconds())
			m.requests.WithLabelValues(route, op, strconv.Itoa(status)).Inc()
			if p != nil {
				panic(p)
			}
		}()
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), scopeKey{}, s)))
	})
}

// labels returns the route and operation labels of the request so far.
func (s *scope) labels() (route, op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	route = s.route
	if route == "" {
		route = "unmatched"
	}
	return route, s.m.operationLabel(route, s.operation)
}

// operationLabel bounds an operation name to the allowlist. Only the
// GraphQL routes have one.
func (m *Metrics) operationLabel(route, name string) string {
	if route != "GET /graphql" && route != "POST /graphql" {
		return ""
	}
	if m.operations[name] {
		return name
	}
	return OtherOperation
}

// Routed wraps a ServeMux: once it has chosen a handler, the request's
// pattern (r.Pattern, "POST /graphql", "GET /plans/{id}/report/{file}") is
// the route label. Requests no pattern matches are "unmatched".
func Routed(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ServeMux sets r.Pattern on the request it was given, so it is
		// read after the call; a handler that panics leaves it unset.
		defer func() {
			if s := from(r.Context()); s != nil {
				s.mu.Lock()
				s.route = r.Pattern
				s.mu.Unlock()
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// Operation records the GraphQL operation name the request's document
// selected ("" for an anonymous operation).
func Operation(ctx context.Context, name string) {
	if s := from(ctx); s != nil {
		s.mu.Lock()
		s.operation = name
		s.mu.Unlock()
	}
}

// GraphQLError counts an error of a GraphQL response by its
// extensions.code.
func GraphQLError(ctx context.Context, code string) {
	if s := from(ctx); s != nil {
		if code == "" {
			code = "UNKNOWN"
		}
		s.mu.Lock()
		op := s.operation
		s.mu.Unlock()
		s.m.graphqlErrors.WithLabelValues(code, s.m.operationLabel("POST /graphql", op)).Inc()
	}
}

// LoginRefused counts a login (or an API token) refused for reason, one of
// a fixed list (package auth).
func LoginRefused(ctx context.Context, reason string) {
	if s := from(ctx); s != nil {
		s.m.loginsRefused.WithLabelValues(reason).Inc()
	}
}

// SignOff counts a committed sign-off event: "created" or "withdrawn".
func SignOff(ctx context.Context, event string) {
	if s := from(ctx); s != nil {
		s.m.signOffs.WithLabelValues(event).Inc()
	}
}

// Import counts a plan import from source ("file", "document") that
// committed (ok) or was refused.
func Import(ctx context.Context, source string, ok bool) {
	if s := from(ctx); s != nil {
		result := "ok"
		if !ok {
			result = "refused"
		}
		s.m.imports.WithLabelValues(source, result).Inc()
	}
}

// recorder keeps the status code a handler answered with.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote && code >= 200 {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Value returns the value of the series of name with at least labels (a
// counter's or gauge's value, a histogram's count), summed over the series
// that match; 0 when none does. Tests read the metrics with it.
func (m *Metrics) Value(name string, labels map[string]string) float64 {
	families, err := m.reg.Gather()
	if err != nil {
		panic(err)
	}
	var sum float64
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	series:
		for _, s := range f.GetMetric() {
			have := map[string]string{}
			for _, l := range s.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if have[k] != v {
					continue series
				}
			}
			switch {
			case s.Counter != nil:
				sum += s.GetCounter().GetValue()
			case s.Gauge != nil:
				sum += s.GetGauge().GetValue()
			case s.Histogram != nil:
				sum += float64(s.GetHistogram().GetSampleCount())
			}
		}
	}
	return sum
}
