package main

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/plans"
)

func TestBackupThenRestoreThroughTheCommands(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "live", "handlingsplan.db")
	if out, err := runCmd(t, "import", "--db", src, filepath.Join("..", "..", "plans", plans.BollebygdFile)); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	archive := filepath.Join(dir, "backup.tar.gz")
	out, err := runCmd(t, "backup", "--db", src, "-o", archive)
	if err != nil || !strings.Contains(out, "backed up "+src+" to "+archive) {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".*")); len(names) != 0 {
		t.Errorf("the backup left %v behind", names)
	}

	// Never over an earlier backup.
	if out, err := runCmd(t, "backup", "--db", src, "-o", archive); err == nil || !strings.Contains(out+err.Error(), "exists") {
		t.Errorf("a second backup to the same file: %v\n%s", err, out)
	}
	// A folder gets a dated name.
	folder := filepath.Join(dir, "backups")
	os.Mkdir(folder, 0o750)
	if out, err := runCmd(t, "backup", "--db", src, "-o", folder); err != nil {
		t.Fatalf("backup into a folder: %v\n%s", err, out)
	}
	if names, _ := filepath.Glob(filepath.Join(folder, "handlingsplan-*.tar.gz")); len(names) != 1 {
		t.Errorf("backup into a folder wrote %v", names)
	}

	if out, err := runCmd(t, "backup", "--db", src, "-o", filepath.Join(dir, "new", "folder")+"/"); err != nil {
		t.Fatalf("backup into a new folder: %v\n%s", err, out)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "new", "folder", "handlingsplan-*.tar.gz")); len(names) != 1 {
		t.Errorf("backup into a new folder wrote %v", names)
	}

	// Into the live database's place: refused, with what to do.
	_, err = runCmd(t, "restore", "--db", src, archive)
	if err == nil || !strings.Contains(err.Error(), "never overwrites") || !strings.Contains(err.Error(), "move the old database files") {
		t.Errorf("restore over the live database: %v", err)
	}

	restored := filepath.Join(dir, "restored", "handlingsplan.db")
	out, err = runCmd(t, "restore", "--db", restored, archive)
	if err != nil || !strings.Contains(out, "every checksum matched") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	exported := filepath.Join(dir, "export.yaml")
	if out, err := runCmd(t, "export", "--db", restored, "--department", "bollebygd-socialforvaltningen",
		"--registry-number", "SN2024/10", "-o", exported); err != nil {
		t.Fatalf("export from the restored database: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(exported); string(got) != string(plans.Bollebygd()) {
		t.Error("the restored database's plan differs from the one imported")
	}
}

func TestBackupAndRestoreOfPostgreSQLPointToPgDump(t *testing.T) {
	for _, cmd := range [][]string{
		{"backup", "--db", "postgres://handlingsplan@db/handlingsplan", "-o", filepath.Join(t.TempDir(), "x.tar.gz")},
		{"restore", "--db", "postgresql://handlingsplan@db/handlingsplan", "x.tar.gz"},
	} {
		_, err := runCmd(t, cmd...)
		if err == nil || !strings.Contains(err.Error(), "pg_dump") || !strings.Contains(err.Error(), "pg_restore") ||
			!strings.Contains(err.Error(), "docs/operations.md") {
			t.Errorf("%s: %v", cmd[0], err)
		}
	}
}

func TestHealthcheckAsksHealthz(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		w.Write([]byte(`{"status":"ok"}`))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if out, err := runCmd(t, "healthcheck", "--addr", addr); err != nil || !strings.Contains(out, `"status":"ok"`) {
		t.Errorf("healthy: %v %s", err, out)
	}
	// HANDLINGSPLAN_ADDR as the server reads it, on every interface.
	_, port, _ := strings.Cut(addr, ":")
	t.Setenv("HANDLINGSPLAN_ADDR", "0.0.0.0:"+port)
	if out, err := runCmd(t, "healthcheck"); err != nil {
		t.Errorf("healthy, through HANDLINGSPLAN_ADDR on 0.0.0.0: %v %s", err, out)
	}
	status = http.StatusServiceUnavailable
	if _, err := runCmd(t, "healthcheck", "--addr", addr); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("unhealthy: %v", err)
	}
	srv.Close()
	if _, err := runCmd(t, "healthcheck", "--addr", addr, "--timeout", "2s"); err == nil {
		t.Error("no server, yet healthy")
	}
}

func TestLocalAddr(t *testing.T) {
	for in, want := range map[string]string{
		":8080":          "127.0.0.1:8080",
		"0.0.0.0:8080":   "127.0.0.1:8080",
		"[::]:8080":      "127.0.0.1:8080",
		"127.0.0.1:9000": "127.0.0.1:9000",
		"10.1.2.3:80":    "10.1.2.3:80",
	} {
		if got := localAddr(in); got != want {
			t.Errorf("localAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMigrateThenAnOlderReleaseRefusesToServe: migrate applies every
// migration once; a database that a newer release migrated stops serve
// at start, with the reason.
func TestMigrateThenAnOlderReleaseRefusesToServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hp.db")
	out, err := runOut(t, "migrate", "--db", db)
	if err != nil || !strings.Contains(out, "the schema is at "+database.Baseline) {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if out, err = runOut(t, "migrate", "--db", db, "--status"); err != nil || !strings.Contains(out, "pending: none") {
		t.Fatalf("status after migrate: %v\n%s", err, out)
	}

	sqlDB, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sqlDB.Exec(`INSERT INTO schema_migrations (version, description, applied_at) VALUES ('29990101000000', 'next', '2999-01-01T00:00:00Z')`)
	sqlDB.Close()
	if err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"serve", "--dev", "--addr", freeAddr(t), "--db", db}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "29990101000000") || !strings.Contains(err.Error(), "a newer release of Handlingsplan has upgraded it") {
		t.Fatalf("serve on a newer database: %v, want a refusal that names the unknown migration", err)
	}
	if _, err := runOut(t, "migrate", "--db", db, "--status"); err == nil {
		t.Error("status on a newer database did not fail")
	}
}

func runOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := run(context.Background(), args, &out, io.Discard)
	return out.String(), err
}
