package server_test

import (
	"encoding/csv"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/server"
)

// The CSV keeps the raw fields and adds what a person reads: the time in
// Stockholm and the log's sentence.
func TestTheAuditCSVSaysEachRecordForPeopleToo(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	admin := authtest.User(t, db.Client, planstest.BollebygdSlug, "Systemförvaltare")
	srv := httptest.NewServer(server.New(db, signedIn{viewer: admin}, slog.New(slog.DiscardHandler), server.Options{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/audit.csv?entityType=Plan")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("audit.csv = %d rows, %v", len(rows), err)
	}
	head, plan := rows[0], rows[1]
	if len(head) != 12 || head[0] != "at" || head[10] != "tid" || head[11] != "händelse" {
		t.Fatalf("header = %q", head)
	}
	at, err := time.Parse(time.RFC3339Nano, plan[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := at.In(followup.Location()).Format("2006-01-02 15:04:05"); plan[10] != want {
		t.Errorf("tid = %q, want %q (Stockholm)", plan[10], want)
	}
	if want := "Systemet lade till planen ”Handlingsplan tillitsfull dialog Socialförvaltning”"; plan[11] != want {
		t.Errorf("händelse = %q, want %q", plan[11], want)
	}
}
