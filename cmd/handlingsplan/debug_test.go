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
