package metrics_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/handlingsplan/handlingsplan/metrics"
)

// TestOperationNamesAreBounded: a client that invents a name per request
// adds no series; only allowlisted names get their own.
func TestOperationNamesAreBounded(t *testing.T) {
	m := metrics.New([]string{"MyActions"})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		metrics.Operation(r.Context(), r.URL.Query().Get("op"))
		metrics.GraphQLError(r.Context(), "BAD_USER_INPUT")
	})
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	h := m.Middleware(metrics.Routed(mux))
	for i := range 100 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", fmt.Sprintf("/graphql?op=Invented%d", i), nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/graphql?op=MyActions", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/no/such/route", nil))
	func() {
		defer func() { _ = recover() }()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/boom", nil))
	}()

	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == "handlingsplan_http_requests_total" && len(f.GetMetric()) != 4 {
			t.Errorf("%d request series, want 4 (MyActions, other, unmatched, /boom)", len(f.GetMetric()))
		}
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"handlingsplan_http_requests_total", map[string]string{"operation": "other"}, 100},
		{"handlingsplan_http_requests_total", map[string]string{"operation": "MyActions"}, 1},
		{"handlingsplan_http_requests_total", map[string]string{"route": "unmatched", "code": "404"}, 1},
		{"handlingsplan_http_requests_total", map[string]string{"route": "GET /boom", "code": "500"}, 1},
		{"handlingsplan_graphql_errors_total", map[string]string{"code": "BAD_USER_INPUT", "operation": "other"}, 100},
	} {
		if got := m.Value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

// TestWithoutMiddlewareNothingIsCounted: tests and the command line call
// the counting functions without a request scope.
func TestWithoutMiddlewareNothingIsCounted(t *testing.T) {
	ctx := httptest.NewRequest("GET", "/", nil).Context()
	metrics.SignOff(ctx, "created")
	metrics.LoginRefused(ctx, "state")
	metrics.Import(ctx, "file", true)
	var m *metrics.Metrics
	if h := m.Middleware(http.NotFoundHandler()); h == nil {
		t.Error("a nil *Metrics gave no handler")
	}
}
