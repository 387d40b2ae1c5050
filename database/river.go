package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"entgo.io/ent/dialect"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// The job queue (package notify sends e-mail through it) is River
// (github.com/riverqueue/river) in this same database: its jobs are rows
// beside the app's, inserted and completed in the app's transactions.
// Both databases get a River driver over database/sql, so the queue's
// transactions are *sql.Tx on either:
//
//   - PostgreSQL: riverdatabasesql on the app's pgx pool (pgx's
//     database/sql driver). River's pgx-native driver would want a second
//     pool (pgxpool) and pgx.Tx; this one shares the pool and the
//     transaction type with SQLite. It cannot LISTEN, so River polls for
//     new jobs, which e-mail can afford.
//   - SQLite: riversqlite on the writer's pool (split.go): one connection,
//     as riversqlite asks, shared with the app's writes, so the queue never
//     meets SQLITE_BUSY. River uses the pool directly, not the writer's
//     queue: it waits for the connection while a group (group.go) holds
//     it from BEGIN to COMMIT, so its transactions never run inside a
//     group's, and a job's completion commits on its own. Code that holds
//     a group member (an ent transaction that has written) must not use
//     db.SQL or River's client: it would wait for itself. The commit hook
//     on the writer's connection counts River's commits for the
//     checkpointer. See docs/architecture.md, "The job queue beside the
//     group commit".

// QueueDriver returns River's driver on this database.
func (db *DB) QueueDriver() riverdriver.Driver[*sql.Tx] {
	if db.Dialect == dialect.SQLite {
		return riversqlite.New(db.SQL)
	}
	return riverdatabasesql.New(db.SQL)
}

// migrateQueue brings River's tables up to date; Migrate calls it under its
// advisory lock.
func (db *DB) migrateQueue(ctx context.Context) error {
	m, err := rivermigrate.New(db.QueueDriver(), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	return nil
}
