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

// NotificationTables are package notify's tables. notification_log's key
// is the exactly-once guard: one row per person, kind and occasion (a
// digest's week, a reminder's action and deadline), written in the
// transaction that completes the job that sent it.
var NotificationTables = []string{
	`CREATE TABLE IF NOT EXISTS notification_log (
		user_id BIGINT NOT NULL,
		kind TEXT NOT NULL,
		occasion TEXT NOT NULL,
		department_id BIGINT NOT NULL,
		status TEXT NOT NULL,
		subject TEXT NOT NULL DEFAULT '',
		detail TEXT NOT NULL DEFAULT '',
		attempts INTEGER NOT NULL DEFAULT 0,
		at TEXT NOT NULL,
		PRIMARY KEY (user_id, kind, occasion)
	)`,
	`CREATE INDEX IF NOT EXISTS notification_log_department_status ON notification_log (department_id, status, at)`,
	`CREATE TABLE IF NOT EXISTS notification_prefs (
		user_id BIGINT PRIMARY KEY,
		digest TEXT NOT NULL DEFAULT 'weekly',
		reminders BOOLEAN NOT NULL DEFAULT TRUE,
		events BOOLEAN NOT NULL DEFAULT TRUE
	)`,
	`CREATE TABLE IF NOT EXISTS notification_settings (
		department_id BIGINT PRIMARY KEY,
		digest_weekday INTEGER NOT NULL,
		digest_hour INTEGER NOT NULL,
		reminder_days INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS notification_keys (
		id INTEGER PRIMARY KEY,
		secret TEXT NOT NULL
	)`,
}
