package evidence_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/evidence"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

func TestDetectReadsTheTypeFromTheContent(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		want    string
	}{
		{"a PDF", []byte("%PDF-1.7\n1 0 obj"), "application/pdf"},
		{"a PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"a JPEG", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "image/jpeg"},
		{"a Word document", append([]byte("PK\x03\x04\x14\x00\x06\x00"), []byte("[Content_Types].xml word/document.xml")...), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"an old Excel file", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "application/vnd.ms-office"},
		{"a script named .pdf", []byte("#!/bin/sh\nrm -rf /"), ""},
		{"HTML", []byte("<html><script>alert(1)</script>"), ""},
		{"a zip that is not an office file", []byte("PK\x03\x04\x14\x00\x00\x00evil.exe"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := evidence.Detect(tt.content)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Detect = %q %v, want %q", got, ok, tt.want)
			}
		})
	}
}

func TestEvidenceIsStoredAndServedOnlyInsideTheDepartment(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	for _, slug := range []string{planstest.BollebygdSlug, "annan-forvaltning"} {
		planstest.ImportBollebygd(t, db.Client, slug)
	}
	own := authtest.User(t, db.Client, "bollebygd-socialforvaltningen", "Enhetschef")
	other := authtest.User(t, db.Client, "annan-forvaltning", "Enhetschef")
	actionID := db.Client.Action.Query().Where(action.DepartmentID(own.DepartmentIDs()[0])).FirstIDX(ctx)
	serve := func(v *viewer.Viewer) *httptest.Server {
		mux := http.NewServeMux()
		evidence.Routes(mux, db.Client, slog.New(slog.DiscardHandler), func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
			})
		})
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		return srv
	}
	upload := func(srv *httptest.Server, name string, content []byte) (int, map[string]any) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("actionID", strconv.Itoa(actionID))
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
		mw.Close()
		resp, err := http.Post(srv.URL+"/evidence", mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}

	mine := serve(own)
	pdf := []byte("%PDF-1.4\nprotokoll från APT med åäö")
	status, out := upload(mine, "../../protokoll.pdf", pdf)
	if status != http.StatusCreated || out["contentType"] != "application/pdf" || out["name"] != "protokoll.pdf" {
		t.Fatalf("upload = %d %v", status, out)
	}
	if status, _ := upload(mine, "bild.png", []byte("<html>not an image</html>")); status != http.StatusUnsupportedMediaType {
		t.Errorf("HTML named .png = %d, want 415", status)
	}
	if status, _ := upload(mine, "stor.pdf", append([]byte("%PDF-1.4\n"), make([]byte, evidence.MaxSize)...)); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a file over 10 MB = %d, want 413", status)
	}
	if status, _ := upload(serve(other), "x.pdf", pdf); status != http.StatusNotFound {
		t.Errorf("upload to another department's action = %d, want 404", status)
	}

	get := func(srv *httptest.Server) (int, []byte, http.Header) {
		resp, err := http.Get(srv.URL + out["url"].(string))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b, resp.Header
	}
	if status, body, h := get(mine); status != http.StatusOK || !bytes.Equal(body, pdf) || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("download = %d, %d bytes, %q", status, len(body), h.Get("Content-Disposition"))
	}
	if status, _, _ := get(serve(other)); status != http.StatusNotFound {
		t.Errorf("another department downloads = %d, want 404", status)
	}
}
