package database_test

import (
	"path/filepath"
	"testing"

	"github.com/handlingsplan/handlingsplan/database"
)

// TestSQLiteCommitsSurvivePowerLoss checks the settings every connection of
// the pool gets: write-ahead log, and synchronous=FULL, so that a commit
// (an acknowledged sign-off) is on disk before it is answered. NORMAL, the
// usual WAL setting, may lose the last commits when the power goes.
func TestSQLiteCommitsSurvivePowerLoss(t *testing.T) {
	db, err := database.Open(filepath.Join(t.TempDir(), "durable.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SQL.SetMaxIdleConns(4)
	// Hold several connections at once so each is asked, not one reused.
	for i := range 4 {
		conn, err := db.SQL.Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var journal string
		var synchronous int
		if err := conn.QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&journal); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(t.Context(), "PRAGMA synchronous").Scan(&synchronous); err != nil {
			t.Fatal(err)
		}
		if journal != "wal" || synchronous != 2 {
			t.Errorf("connection %d: journal_mode=%s synchronous=%d, want wal and 2 (FULL)", i, journal, synchronous)
		}
	}
}
