package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/plans"
	"github.com/handlingsplan/handlingsplan/rule"
)

func TestNotifyDryRunPrintsTheDigestAndSendsNothing(t *testing.T) {
	url := dbtest.URL(t, dialect.SQLite)
	if out, err := runCmd(t, "import", "--db", url, filepath.Join("..", "..", "plans", plans.BollebygdFile)); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	db, err := database.Open(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := rule.SystemContext(context.Background(), "test")
	v := authtest.User(t, db.Client, "bollebygd-socialforvaltningen", "Förvaltningschef")
	db.Client.User.UpdateOneID(v.UserID).SetName("Frida Förvaltningschef").SetEmail("frida@kommun.test").ExecX(ctx)
	db.Close()

	out, err := runCmd(t, "notify", "--db", url, "--dry-run", "--as-of", "2024-12-16T08:00", "--to", "frida@kommun.test", "--site-url", "https://hp.kommun.test")
	if err != nil {
		t.Fatalf("notify: %v\n%s", err, out)
	}
	for _, want := range []string{"To: Frida Förvaltningschef <frida@kommun.test>", "Subject: Veckans handlingsplan", "Kind: digest, occasion 2024-W51",
		"Hej Frida!", "https://hp.kommun.test/atgard/", "mails would be sent"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	// Nothing was written: no log row, no job, no key.
	db, err = database.Open(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"notification_log", "river_job", "notification_keys"} {
		var n int
		if err := db.SQL.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows, %v", table, n, err)
		}
	}
	if _, err := runCmd(t, "notify", "--db", url); err == nil || !strings.Contains(err.Error(), "--dry-run") {
		t.Error("notify without --dry-run was accepted")
	}
}
