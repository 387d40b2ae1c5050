package database

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
)

// Execer runs a statement: a *sql.DB, or an ent client (built with the
// execquery feature).
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Queryer runs a query, as Execer runs a statement.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Analyze gives the query planner fresh statistics; call it after an
// import's transactions have committed, never inside one. Without them a
// fresh PostgreSQL database (autovacuum off, or not yet run) plans every
// query as if its tables were empty.
func (db *DB) Analyze(ctx context.Context) error { return Analyze(ctx, db.SQL, db.Dialect) }

// Analyze brings the planner statistics of the database behind ex, of the
// given dialect, up to date: ANALYZE on PostgreSQL; on SQLite ANALYZE the
// first time (no sqlite_stat1 yet) and PRAGMA optimize after that, which
// analyses only the tables that have changed enough to need it.
func Analyze(ctx context.Context, ex Execer, dia string) error {
	switch dia {
	case dialect.Postgres:
		if _, err := ex.ExecContext(ctx, "ANALYZE"); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		return nil
	case dialect.SQLite:
		fresh := true
		if q, ok := ex.(Queryer); ok {
			rows, err := q.QueryContext(ctx, "SELECT 1 FROM sqlite_stat1 LIMIT 1")
			if err == nil {
				fresh = !rows.Next()
				err = rows.Close()
			}
			if err != nil && !isNoSuchTable(err) {
				return fmt.Errorf("analyze: %w", err)
			}
		}
		if fresh {
			if _, err := ex.ExecContext(ctx, "ANALYZE"); err != nil {
				return fmt.Errorf("analyze: %w", err)
			}
		}
		if _, err := ex.ExecContext(ctx, "PRAGMA optimize"); err != nil {
			return fmt.Errorf("pragma optimize: %w", err)
		}
		return nil
	}
	return fmt.Errorf("analyze: unknown dialect %q", dia)
}

func isNoSuchTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}
