package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

func TestAPlanDownloadsAsItsPlanFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		own := planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
		other := planstest.ImportBollebygd(t, db.Client, "annan-forvaltning")
		stored, err := planstore.Export(rule.SystemContext(context.Background(), "test"), db.Client, own.PlanID)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := planfile.Write(&want, stored); err != nil {
			t.Fatal(err)
		}

		get := func(role, path string, anonymous bool) *http.Response {
			t.Helper()
			v := authtest.User(t, db.Client, planstest.BollebygdSlug, role)
			srv := httptest.NewServer(server.New(db, signedIn{viewer: v}, slog.New(slog.DiscardHandler), server.Options{}))
			t.Cleanup(srv.Close)
			req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
			if anonymous {
				req.Header.Set("X-Anonymous", "1")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { resp.Body.Close() })
			return resp
		}

		// Whoever reads the plan may download it: a plan editor, and a member.
		for _, role := range []string{"Förvaltningschef", "Medarbetare"} {
			resp := get(role, "/plans/"+itoa(own.PlanID)+"/plan.yaml", false)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d: %s", role, resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/yaml; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="handlingsplan-SN2024-10.yaml"` {
				t.Errorf("Content-Disposition = %q", cd)
			}
			if !bytes.Equal(body, want.Bytes()) {
				t.Errorf("%s: the download is not planstore.Export's file:\n%s", role, body)
			}
			parsed, err := planfile.ParseYAML(body)
			if err != nil {
				t.Fatalf("the download does not parse: %v", err)
			}
			var again bytes.Buffer
			if err := planfile.Write(&again, parsed); err != nil || !bytes.Equal(again.Bytes(), want.Bytes()) {
				t.Errorf("the download does not parse back to the stored plan (%v)", err)
			}
		}

		for name, path := range map[string]string{
			"another department's plan":  "/plans/" + itoa(other.PlanID) + "/plan.yaml",
			"a plan that does not exist": "/plans/999999/plan.yaml",
			"a malformed id":             "/plans/SN2024-10/plan.yaml",
		} {
			if resp := get("Förvaltningschef", path, false); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", name, resp.StatusCode)
			}
		}
		if resp := get("Förvaltningschef", "/plans/"+itoa(own.PlanID)+"/plan.yaml", true); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous = %d, want 401", resp.StatusCode)
		}
	})
}
