package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/frontend"
	"github.com/handlingsplan/handlingsplan/server"
)

// rawClient asks for what the test says and leaves the answer as sent.
var rawClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

func fetch(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := rawClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// theScript is the app's main script, as embedded.
func theScript(t *testing.T) (string, []byte) {
	t.Helper()
	names, _ := fs.Glob(frontend.Files(), "assets/index-*.js")
	if len(names) != 1 {
		t.Fatalf("embedded scripts: %v", names)
	}
	b, _ := fs.ReadFile(frontend.Files(), names[0])
	return "/" + names[0], b
}

func TestTheWebAppAndAPIAreGzippedForClientsThatAcceptIt(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	path, script := theScript(t)

	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
	resp, body := fetch(t, req)
	if resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(gunzip(t, body), script) {
		t.Fatalf("script with gzip accepted: encoding %q, %d bytes", resp.Header.Get("Content-Encoding"), len(body))
	}
	if len(body) > len(script)/2 {
		t.Errorf("gzipped script is %d of %d bytes", len(body), len(script))
	}
	if !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("headers: Cache-Control %q, Vary %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"))
	}

	for _, accept := range []string{"", "gzip;q=0", "identity"} {
		req, _ = http.NewRequest("GET", srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, body = fetch(t, req)
		if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, script) {
			t.Errorf("Accept-Encoding %q: encoding %q, %d bytes", accept, resp.Header.Get("Content-Encoding"), len(body))
		}
	}

	req, _ = http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Range", "bytes=0-9")
	resp, body = fetch(t, req)
	if resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, script[:10]) {
		t.Errorf("range request = %d %q %q", resp.StatusCode, resp.Header.Get("Content-Encoding"), body)
	}

	req, _ = http.NewRequest("POST", srv.URL+"/graphql", strings.NewReader(`{"query":"{ departments { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, body = fetch(t, req)
	var answer struct {
		Data struct{ Departments struct{ TotalCount int } }
	}
	if resp.Header.Get("Content-Encoding") != "gzip" || json.Unmarshal(gunzip(t, body), &answer) != nil {
		t.Errorf("GraphQL with gzip accepted: encoding %q", resp.Header.Get("Content-Encoding"))
	}
}

func TestMissingFilesAreNotFoundButAppRoutesGetTheApp(t *testing.T) {
	srv, _ := newServer(t, server.Options{})
	for path, want := range map[string]int{
		"/favicon.ico":            http.StatusNotFound,
		"/assets/index-gammal.js": http.StatusNotFound,
		"/atgard/4294967297":      http.StatusOK,
		"/administration/logg":    http.StatusOK,
	} {
		resp, body := fetch(t, must(http.NewRequest("GET", srv.URL+path, nil)))
		if resp.StatusCode != want {
			t.Errorf("%s = %d, want %d", path, resp.StatusCode, want)
		}
		if isApp := strings.Contains(string(body), `<html lang="sv">`); isApp != (want == http.StatusOK) {
			t.Errorf("%s answered the app: %v", path, isApp)
		}
	}
}

func must(req *http.Request, err error) *http.Request {
	if err != nil {
		panic(err)
	}
	return req
}
