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
	file    string // a SQLite database's file, or ""
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
	if db.split != nil {
		db.file, _, _ = strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	}
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
