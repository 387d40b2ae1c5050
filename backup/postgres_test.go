package backup_test

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
)

// TestPgDumpAndPgRestoreAsDocumented runs the commands of
// docs/operations.md ("PostgreSQL: pg_dump and pg_restore") on a database
// with sign-offs and an evidence file, and finds both in the restored one.
func TestPgDumpAndPgRestoreAsDocumented(t *testing.T) {
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to check the documented PostgreSQL backup (Debian: apt-get install postgresql-client): %v", tool, err)
		}
	}
	l := newLive(t, dbtest.URL(t, dialect.Postgres))
	content := randomPDF(t, 300<<10)
	ev := l.upload("protokoll.pdf", content)
	want := map[int]string{}
	for i, key := range []string{"a", "b", "c"} {
		evidenceID := 0
		if i == 0 {
			evidenceID = ev
		}
		id, err := l.signOff(key, evidenceID)
		if err != nil {
			t.Fatal(err)
		}
		want[id] = key
	}

	dump := filepath.Join(t.TempDir(), "handlingsplan.dump")
	run := func(name string, args ...string) {
		t.Helper()
		out, err := exec.CommandContext(t.Context(), name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file="+dump, l.path)
	run("pg_restore", "--list", dump)
	target := dbtest.URL(t, dialect.Postgres)
	run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname="+target, dump)

	restored, err := database.Open(target, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if err := restored.Migrate(t.Context()); err != nil {
		t.Fatalf("the server's migration on the restored database: %v", err)
	}
	got := map[int]string{}
	for _, s := range restored.Client.SignOff.Query().AllX(sys()) {
		got[s.ID] = s.IdempotencyKey
	}
	for id, key := range want {
		if got[id] != key {
			t.Errorf("sign-off %d (%s) is not in the restored database: %v", id, key, got)
		}
	}
	e, err := restored.Client.Evidence.Get(sys(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.Content, content) {
		t.Errorf("evidence file: restored %d bytes, not the %d stored", len(e.Content), len(content))
	}
}
