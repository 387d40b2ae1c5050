package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/logging/logtest"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestProfilesOnlyOnTheDebugAddress(t *testing.T) {
	addr, debugAddr := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr logtest.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--dev", "--db", filepath.Join(t.TempDir(), "dev.db"),
			"--addr", addr, "--debug-addr", debugAddr}, io.Discard, &stderr)
	}()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not shut down")
		}
		http.DefaultClient.CloseIdleConnections()
	}()
	waitReady(t, "http://"+addr+"/readyz", done)

	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/cmdline"} {
		if code, _ := get(t, "http://"+addr+path); code != http.StatusNotFound {
			t.Errorf("the public address answers %s with %d, want 404", path, code)
		}
	}
	if code, body := get(t, "http://"+debugAddr+"/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("the debug address answers /debug/pprof/ with %d:\n%.300s", code, body)
	}
	if code, _ := get(t, "http://"+debugAddr+"/debug/pprof/heap?debug=1"); code != http.StatusOK {
		t.Errorf("the debug address answers the heap profile with %d", code)
	}
	if code, _ := get(t, "http://"+debugAddr+"/graphql"); code != http.StatusNotFound {
		t.Errorf("the debug address answers /graphql with %d, want 404", code)
	}
}

func TestNoDebugAddressByDefault(t *testing.T) {
	log := serveUntilReady(t, "/readyz", "serve", "--dev", "--db", filepath.Join(t.TempDir(), "dev.db"))
	if strings.Contains(log, "pprof") {
		t.Errorf("serve without --debug-addr serves profiles:\n%s", log)
	}
}

// TestMetricsOnlyOnTheMetricsAddress: --metrics-addr serves /metrics in
// Prometheus' format, counting the public address's requests; the public
// address itself has none.
func TestMetricsOnlyOnTheMetricsAddress(t *testing.T) {
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr logtest.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--dev", "--db", filepath.Join(t.TempDir(), "dev.db"),
			"--addr", addr, "--metrics-addr", metricsAddr, "--trusted-proxies", "127.0.0.1"}, io.Discard, &stderr)
	}()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not shut down")
		}
		http.DefaultClient.CloseIdleConnections()
	}()
	waitReady(t, "http://"+addr+"/readyz", done)

	if code, body := get(t, "http://"+addr+"/metrics"); code != http.StatusNotFound || strings.Contains(body, "handlingsplan_") {
		t.Errorf("the public address answers /metrics with %d", code)
	}
	code, body := get(t, "http://"+metricsAddr+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("the metrics address answers /metrics with %d", code)
	}
	for _, want := range []string{
		`handlingsplan_http_requests_total{code="200",operation="",route="GET /readyz"}`,
		`handlingsplan_http_requests_total{code="404",operation="",route="GET /metrics"}`,
		`go_sql_in_use_connections{db_name="writer"}`,
		`go_sql_idle_connections{db_name="reader"}`,
		`handlingsplan_signoffs_total{event="created"} 0`,
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in the metrics:\n%.3000s", want, body)
		}
	}
	if code, _ := get(t, "http://"+metricsAddr+"/graphql"); code != http.StatusNotFound {
		t.Errorf("the metrics address answers /graphql with %d, want 404", code)
	}
}

func TestNoMetricsAddressByDefault(t *testing.T) {
	log := serveUntilReady(t, "/readyz", "serve", "--dev", "--db", filepath.Join(t.TempDir(), "dev.db"))
	if strings.Contains(log, "serving metrics") {
		t.Errorf("serve without --metrics-addr serves metrics:\n%s", log)
	}
}

func TestABadTrustedProxyListStopsTheStart(t *testing.T) {
	err := run(context.Background(), []string{"serve", "--dev", "--db", filepath.Join(t.TempDir(), "dev.db"),
		"--addr", freeAddr(t), "--trusted-proxies", "10.0.0.0/40"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
		t.Errorf("serve with a bad CIDR = %v, want an error naming --trusted-proxies", err)
	}
}
