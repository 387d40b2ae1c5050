package database_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/handlingsplan/handlingsplan/database"
)

// TestSQLiteCommitsSurvivePowerLoss checks the settings of every connection:
// write-ahead log, and synchronous=FULL, so that a commit (an acknowledged
// sign-off) is on disk before it is answered. NORMAL, the usual WAL
// setting, may lose the last commits when the power goes. The writer
// leaves checkpoints to the checkpointer; the readers cannot write.
func TestSQLiteCommitsSurvivePowerLoss(t *testing.T) {
	db, err := database.Open(filepath.Join(t.TempDir(), "durable.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ask := func(name string, conn *sql.Conn, pragma string) string {
		t.Helper()
		var v string
		if err := conn.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&v); err != nil {
			t.Fatalf("%s: PRAGMA %s: %v", name, pragma, err)
		}
		return v
	}
	check := func(name string, conn *sql.Conn, want map[string]string) {
		t.Helper()
		for pragma, w := range want {
			if got := ask(name, conn, pragma); got != w {
				t.Errorf("%s: %s=%s, want %s", name, pragma, got, w)
			}
		}
	}
	writer, err := db.SQL.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	check("writer", writer, map[string]string{"journal_mode": "wal", "synchronous": "2", "wal_autocheckpoint": "0", "query_only": "0"})
	writer.Close()
	// Hold several readers at once so each is asked, not one reused.
	for range 4 {
		conn, err := database.Readers(db).Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		check("reader", conn, map[string]string{"journal_mode": "wal", "synchronous": "2", "query_only": "1"})
	}
}
