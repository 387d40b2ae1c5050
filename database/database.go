// Package database opens the ent client on SQLite (the embedded default) or
// PostgreSQL, and brings the schema up to date.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "github.com/mattn/go-sqlite3"    // registers the "sqlite3" driver

	"github.com/handlingsplan/handlingsplan/ent"
	_ "github.com/handlingsplan/handlingsplan/ent/runtime" // schema hooks and policies
	"github.com/handlingsplan/handlingsplan/notify/outbox"
	"github.com/handlingsplan/handlingsplan/planversion"
)

// DefaultPath is where the SQLite database lives when no URL is given.
const DefaultPath = "data/handlingsplan.db"

// DB is an open database: the ent client and the pool under it.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB // on a SQLite file, the writer's pool (split.go)
	Dialect string
	split   *split // a SQLite file's writer and readers, or nil
}

// Pools returns the connection pools by name, for their statistics
// (sql.DBStats): on a SQLite file the writer's and the readers'
// (split.go), elsewhere the one pool, named by its dialect.
func (db *DB) Pools() map[string]*sql.DB {
	if db.split != nil {
		return map[string]*sql.DB{"writer": db.split.writer.DB(), "reader": db.split.reader.DB()}
	}
	return map[string]*sql.DB{db.Dialect: db.SQL}
}

// Close closes the client and its pool.
func (db *DB) Close() error { return db.Client.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if db.split != nil {
		return db.split.ping(ctx)
	}
	return db.SQL.PingContext(ctx)
}

// Open opens the database at url: a postgres:// or postgresql:// URL selects
// PostgreSQL; anything else is a SQLite file path (or a "file:" URI). wrap,
// when not nil, wraps the driver (tests use it to count statements).
func Open(url string, wrap func(dialect.Driver) dialect.Driver) (*DB, error) {
	name, dsn, dia, err := driverFor(url)
	if err != nil {
		return nil, err
	}
	var pool *sql.DB
	var drv dialect.Driver
	if dia == dialect.SQLite {
		// One writer connection in a queue, readers beside it: split.go.
		pool, drv, err = openSQLite(dsn)
	} else {
		if pool, err = sql.Open(name, dsn); err != nil {
			return nil, fmt.Errorf("open %s database: %w", dia, err)
		}
		// Keep connections open: a new PostgreSQL connection costs a
		// process fork, far more than the query it serves.
		pool.SetMaxOpenConns(32)
		pool.SetMaxIdleConns(32)
		drv = entsql.OpenDB(dia, pool)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dia, err)
	}
	db := &DB{SQL: pool, Dialect: dia}
	db.split, _ = drv.(*split)
	if wrap != nil {
		drv = wrap(drv)
	}
	db.Client = ent.NewClient(ent.Driver(drv))
	planversion.Register(db.Client) // every write to a plan's tree bumps its department's version
	return db, nil
}

func driverFor(url string) (name, dsn, dia string, err error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return "pgx", url, dialect.Postgres, nil
	case strings.Contains(url, "://"):
		return "", "", "", fmt.Errorf("database URL %q: only postgres:// URLs and SQLite file paths are supported", Redact(url))
	}
	path := strings.TrimPrefix(url, "file:")
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" {
		path = DefaultPath
	}
	if !strings.Contains(query, "mode=memory") && path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return "", "", "", fmt.Errorf("create database folder: %w", err)
		}
	}
	// synchronous=FULL: a commit is on disk before it is answered, so an
	// acknowledged sign-off survives a power loss (NORMAL may lose the last
	// commits); it costs about a quarter of the sign-offs per second.
	params := "_fk=1&_journal_mode=WAL&_busy_timeout=10000&_txlock=immediate&_synchronous=FULL"
	if query != "" {
		params = query + "&" + params
	}
	return "sqlite3", "file:" + path + "?" + params, dialect.SQLite, nil
}

// Redact hides the password in a database URL, for logs and errors.
func Redact(url string) string {
	at := strings.LastIndexByte(url, '@')
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 {
		return url
	}
	creds := url[scheme+3 : at]
	if user, _, ok := strings.Cut(creds, ":"); ok {
		return url[:scheme+3] + user + ":***" + url[at:]
	}
	return url
}

// upgrades are the changes that adding tables, columns and indexes cannot
// make. Each is idempotent and runs at every start, after the schema is
// created, so a database from any earlier version arrives at the same place.
var upgrades = []struct{ why, sql string }{
	// E-mail (package notify): what was sent to whom for which occasion,
	// each person's choices, each department's digest hour, and the key
	// that signs unsubscribe links. Plain tables, not ent types: only
	// notify reads and writes them, in the job queue's transactions.
	{why: "notification log", sql: NotificationTables[0]},
	{why: "notification log index", sql: NotificationTables[1]},
	{why: "notification preferences", sql: NotificationTables[2]},
	{why: "notification settings", sql: NotificationTables[3]},
	{why: "notification key", sql: NotificationTables[4]},
	{why: "notification outbox", sql: outbox.Table},
	{
		// Not an ent type: a counter per department that the tree
		// cache reads and every write to a plan's tree bumps.
		why: "plan versions",
		sql: planversion.Table,
	},
	{
		// The same for what Mitt ansvar reads besides the tree: sign-offs,
		// role assignments, units, operations.
		why: "follow-up versions",
		sql: planversion.FollowUpTable,
	},
	{
		// Shared duties: a slot has one live sign-off per share (unit or
		// person), so the older index over (action_id, slot) must go; its
		// successor, with share, was created above.
		why: "one live sign-off per share",
		sql: `DROP INDEX IF EXISTS signoff_action_id_slot`,
	},
	{
		// Sign-offs made before duties were shared name no unit. Give each
		// its signer's unit when the signer manages exactly one, so that a
		// duty later shared by unit keeps counting them for that unit.
		why: "sign-offs count for their signer's unit",
		sql: `UPDATE sign_offs SET unit_id = (
			SELECT MIN(u.id) FROM units u WHERE u.manager_id = sign_offs.signer_id AND u.department_id = sign_offs.department_id
		) WHERE unit_id IS NULL AND share = '' AND (
			SELECT COUNT(*) FROM units u WHERE u.manager_id = sign_offs.signer_id AND u.department_id = sign_offs.department_id
		) = 1`,
	},
}

// Migrate brings the schema up to date: it adds tables, columns and indexes,
// then runs the upgrades; it never drops data. On PostgreSQL an advisory lock keeps
// replicas that start together from migrating at the same time.
func (db *DB) Migrate(ctx context.Context) error {
	if db.Dialect == dialect.Postgres {
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		const lockKey = 0x68706c616e // "hplan"
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
			return fmt.Errorf("lock for migration: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey)
	}
	if err := db.Client.Schema.Create(ctx); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	for _, u := range upgrades {
		if _, err := db.SQL.ExecContext(ctx, u.sql); err != nil {
			return fmt.Errorf("upgrade (%s): %w", u.why, err)
		}
	}
	if err := db.migrateQueue(ctx); err != nil {
		return err
	}
	if db.Dialect == dialect.SQLite {
		// Without statistics SQLite picks the department index for every
		// tenant-filtered query; optimize gathers them where they are
		// missing or stale (cheaply: it samples at most a limited number of
		// rows per index).
		if _, err := db.SQL.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
			return fmt.Errorf("optimize: %w", err)
		}
	}
	return nil
}
