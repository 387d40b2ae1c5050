package dbtest

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
)

// Analysed reports whether the planner has statistics on the table of
// db: rows in pg_stats (written only by ANALYZE) on PostgreSQL, in
// sqlite_stat1 on SQLite.
func Analysed(t testing.TB, db *database.DB, table string) bool {
	t.Helper()
	q := "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = $1"
	if db.Dialect == dialect.SQLite {
		var n int
		if err := db.SQL.QueryRowContext(context.Background(),
			"SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").Scan(&n); err != nil {
			t.Fatalf("sqlite_master: %v", err)
		}
		if n == 0 {
			return false
		}
		q = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = ?"
	}
	var n int
	if err := db.SQL.QueryRowContext(context.Background(), q, table).Scan(&n); err != nil {
		t.Fatalf("planner statistics of %s: %v", table, err)
	}
	return n > 0
}
