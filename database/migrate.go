package database

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database/legacy"
)

// The versioned migrations, one folder per dialect, in Atlas's format:
// VERSION_NAME.sql files applied in order, and atlas.sum, the checksums that
// keep a released migration from being edited. New ones are written by
// `go run ./database/internal/newmigration -name WHAT` (docs/operations.md,
// "Upgrades").
//
//go:embed migrations
var migrations embed.FS

// migrationsFS is where Migrate reads them; tests add the next release's.
var migrationsFS fs.FS = migrations

// Baseline is the last migration of the release that introduced versioned
// migrations: a database made by an older release is brought to it by
// package legacy, and goes on from there.
const Baseline = "20261202084021"

// revisionsTable records which migrations a database has had.
const revisionsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version TEXT NOT NULL PRIMARY KEY,
	description TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// NewerDatabaseError is Migrate's refusal to run against a database that a
// newer release has migrated: this binary would not know its schema.
type NewerDatabaseError struct {
	Unknown []string // the versions this binary does not have
}

func (e *NewerDatabaseError) Error() string {
	return fmt.Sprintf("the database has schema migrations this release does not know (%s): "+
		"a newer release of Handlingsplan has upgraded it. Run that release or a newer one; "+
		"a database is never migrated backwards", strings.Join(e.Unknown, ", "))
}

// Migrate brings the schema up to date: it applies the versioned migrations
// the database has not had, each in its own transaction, then the job
// queue's. On PostgreSQL an advisory lock keeps replicas that start
// together from migrating at the same time; a replica of the previous
// release keeps serving meanwhile, since a migration only adds what the
// previous release does not read (docs/operations.md, "Upgrades").
func (db *DB) Migrate(ctx context.Context) error {
	if db.Dialect == dialect.Postgres {
		unlock, err := db.lockForMigration(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	if db.file != "" {
		unlock, err := lockDir(filepath.Dir(db.file))
		if err != nil {
			return err
		}
		defer unlock()
	}
	if err := db.migrateSchema(ctx); err != nil {
		return err
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

// lockForMigration takes PostgreSQL's advisory lock for migrating, trying
// every so often rather than waiting in pg_advisory_lock: a replica blocked
// in that statement holds a snapshot, which a migration's CREATE INDEX
// CONCURRENTLY waits for, while that replica waits for the lock: neither
// would ever go on.
func (db *DB) lockForMigration(ctx context.Context) (unlock func(), err error) {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, err
	}
	const lockKey = 0x68706c616e // "hplan"
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		var locked bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", lockKey).Scan(&locked); err != nil {
			conn.Close()
			return nil, fmt.Errorf("lock for migration: %w", err)
		}
		if locked {
			return func() {
				conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey)
				conn.Close()
			}, nil
		}
		select {
		case <-ctx.Done():
			conn.Close()
			return nil, fmt.Errorf("lock for migration: %w", ctx.Err())
		case <-time.After(wait):
		}
	}
}

func (db *DB) migrateSchema(ctx context.Context) error {
	files, err := MigrationFiles(db.Dialect)
	if err != nil {
		return err
	}
	if _, err := db.SQL.ExecContext(ctx, revisionsTable); err != nil {
		return fmt.Errorf("create the migrations' table: %w", err)
	}
	st, err := db.status(ctx, files)
	if err != nil {
		return err
	}
	if len(st.Unknown) > 0 {
		return &NewerDatabaseError{Unknown: st.Unknown}
	}
	applied := st.Applied
	if len(applied) == 0 {
		if err := db.upgradeLegacy(ctx, files); err != nil {
			return err
		}
		if applied, err = db.AppliedMigrations(ctx); err != nil {
			return err
		}
	}
	for _, f := range files {
		if slices.Contains(applied, f.Version()) {
			continue
		}
		if err := db.apply(ctx, f); err != nil {
			return fmt.Errorf("migration %s: %w", f.Name(), err)
		}
	}
	return nil
}

// upgradeLegacy brings a database of a release before versioned migrations
// (it has tables but no record of migrations) to the baseline, and records
// the migrations up to the baseline as applied. An empty database is left
// to the migrations.
func (db *DB) upgradeLegacy(ctx context.Context, files []migrate.File) error {
	if older, err := db.hasTable(ctx, "plans"); err != nil || !older {
		return err
	}
	var plainTables []string // the baseline's hand-written statements
	for _, f := range files {
		if f.Version() == Baseline {
			var err error
			if plainTables, err = f.Stmts(); err != nil {
				return err
			}
		}
	}
	if err := legacy.Upgrade(ctx, db.SQL, db.Dialect, plainTables); err != nil {
		return fmt.Errorf("upgrade a database of a release before versioned migrations: %w", err)
	}
	for _, f := range files {
		if f.Version() > Baseline {
			break
		}
		if err := record(ctx, db.SQL, f); err != nil {
			return err
		}
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// apply runs a migration's statements and records it, in one transaction:
// it is applied whole or not at all. A file with the directive
// "-- atlas:txmode none" runs outside a transaction (PostgreSQL's CREATE
// INDEX CONCURRENTLY, which builds an index without blocking writes,
// cannot run in one); keep such a file to one statement.
func (db *DB) apply(ctx context.Context, f migrate.File) error {
	stmts, err := f.Stmts()
	if err != nil {
		return err
	}
	if lf, ok := f.(*migrate.LocalFile); ok && slices.Contains(lf.Directive("txmode"), "none") {
		for _, stmt := range stmts {
			if _, err := db.SQL.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		return record(ctx, db.SQL, f)
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process on the same SQLite file (a `migrate` beside a
	// starting server) may have applied it meanwhile; the transaction
	// holds SQLite's write lock from its start, so the check is safe.
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, f.Version()).Scan(&done); err != nil || done > 0 {
		return err
	}
	for _, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if err := record(ctx, tx, f); err != nil {
		return err
	}
	return tx.Commit()
}

func record(ctx context.Context, ex execer, f migrate.File) error {
	_, err := ex.ExecContext(ctx, `INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)`,
		f.Version(), f.Desc(), time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("record migration %s: %w", f.Name(), err)
	}
	return nil
}

// AppliedMigrations lists the versions of the migrations the database has
// had, in order.
func (db *DB) AppliedMigrations(ctx context.Context) ([]string, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("read the applied migrations: %w", err)
	}
	defer rows.Close()
	var versions []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		versions = append(versions, v)
	}
	return versions, rows.Err()
}

// MigrationFiles returns the dialect's migrations in order, after checking
// them against atlas.sum.
func MigrationFiles(dia string) ([]migrate.File, error) {
	folder := map[string]string{dialect.SQLite: "migrations/sqlite", dialect.Postgres: "migrations/postgres"}[dia]
	sub, err := fs.Sub(migrationsFS, folder)
	if err != nil {
		return nil, err
	}
	dir := embeddedDir{sub}
	if err := migrate.Validate(dir); err != nil {
		return nil, fmt.Errorf("the %s migrations do not match their atlas.sum: %w", dia, err)
	}
	return dir.Files()
}

// embeddedDir is a read-only migrate.Dir over the embedded files.
type embeddedDir struct{ fs.FS }

func (embeddedDir) WriteFile(string, []byte) error {
	return errors.New("the embedded migrations are read-only")
}

func (d embeddedDir) Files() ([]migrate.File, error) {
	names, err := fs.Glob(d, "*.sql") // sorted: versions sort as text
	if err != nil {
		return nil, err
	}
	files := make([]migrate.File, len(names))
	for i, n := range names {
		b, err := fs.ReadFile(d, n)
		if err != nil {
			return nil, err
		}
		files[i] = migrate.NewLocalFile(n, b)
	}
	return files, nil
}

func (d embeddedDir) Checksum() (migrate.HashFile, error) {
	files, err := d.Files()
	if err != nil {
		return nil, err
	}
	return migrate.NewHashFile(files)
}

// MigrationStatus is where a database stands against this release's
// migrations.
type MigrationStatus struct {
	Applied []string // versions the database has had
	Pending []string // this release's versions it has not had
	Unknown []string // versions it has had that this release does not know
}

// Status reads the database's migrations without changing anything. A
// database without the migrations' table (empty, or of a release before
// versioned migrations) has applied none.
func (db *DB) Status(ctx context.Context) (MigrationStatus, error) {
	files, err := MigrationFiles(db.Dialect)
	if err != nil {
		return MigrationStatus{}, err
	}
	return db.status(ctx, files)
}

func (db *DB) status(ctx context.Context, files []migrate.File) (MigrationStatus, error) {
	var st MigrationStatus
	recorded, err := db.hasTable(ctx, "schema_migrations")
	if err != nil {
		return st, err
	}
	if recorded {
		if st.Applied, err = db.AppliedMigrations(ctx); err != nil {
			return st, err
		}
	}
	known := map[string]bool{}
	for _, f := range files {
		known[f.Version()] = true
		if !slices.Contains(st.Applied, f.Version()) {
			st.Pending = append(st.Pending, f.Version())
		}
	}
	for _, v := range st.Applied {
		if !known[v] {
			st.Unknown = append(st.Unknown, v)
		}
	}
	return st, nil
}

// hasTable reports whether the database's schema has the table.
func (db *DB) hasTable(ctx context.Context, name string) (bool, error) {
	query := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if db.Dialect == dialect.Postgres {
		query = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1`
	}
	var n int
	if err := db.SQL.QueryRowContext(ctx, query, name).Scan(&n); err != nil {
		return false, fmt.Errorf("look for the table %s: %w", name, err)
	}
	return n > 0, nil
}
