// Package dbtest opens throwaway databases for tests: a SQLite file in the
// test's temporary folder, and a PostgreSQL database created for the test
// and dropped after it. PostgreSQL is expected to run (see README); when it
// does not, tests fail loudly rather than skip.
package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/logging"
)

// PostgresAdminURL is the server tests create their databases on; override
// it with HANDLINGSPLAN_TEST_POSTGRES.
func PostgresAdminURL() string {
	if u := os.Getenv("HANDLINGSPLAN_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// Dialects lists the databases every database test runs on.
var Dialects = []string{dialect.SQLite, dialect.Postgres}

// Each runs f once per dialect, each in a subtest with a fresh, migrated
// database.
func Each(t *testing.T, f func(t *testing.T, db *database.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			f(t, Open(t, d, nil))
		})
	}
}

// Open returns a fresh, migrated database of the dialect, closed (and for
// PostgreSQL dropped) when the test ends. wrap is passed to database.Open.
func Open(t testing.TB, dia string, wrap func(dialect.Driver) dialect.Driver) *database.DB {
	t.Helper()
	dsn := URL(t, dia)
	db, err := database.Open(dsn, wrap)
	if err != nil {
		t.Fatalf("open %s: %v", dia, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", dia, err)
	}
	return db
}

var reachable struct {
	once sync.Once
	err  error
}

// postgresReachable asks the server once per test binary, so that without
// PostgreSQL every test fails at once with the same advice rather than each
// waiting for its own connection to time out.
func postgresReachable() error {
	reachable.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		admin, err := sql.Open("pgx", PostgresAdminURL())
		if err != nil {
			reachable.err = err
			return
		}
		defer admin.Close()
		reachable.err = admin.PingContext(ctx)
	})
	return reachable.err
}

// URL returns the URL of a new, empty database of the dialect.
func URL(t testing.TB, dia string) string {
	t.Helper()
	if dia == dialect.SQLite {
		return filepath.Join(t.TempDir(), "test.db")
	}
	if err := postgresReachable(); err != nil {
		t.Fatalf("PostgreSQL is required for the database tests and is not reachable at %s: %v\n"+
			"Start it with scripts/ensure-postgres.sh (it starts this machine's cluster), "+
			"or point HANDLINGSPLAN_TEST_POSTGRES at a server where the user may create databases.",
			PostgresAdminURL(), err)
	}
	admin, err := sql.Open("pgx", PostgresAdminURL())
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	name := "hp_test_" + logging.NewRequestID()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database on %s: %v", PostgresAdminURL(), err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", PostgresAdminURL())
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return DatabaseURL(name)
}

// DatabaseURL is the URL of the named database on the PostgreSQL server of
// PostgresAdminURL.
func DatabaseURL(name string) string {
	u, err := url.Parse(PostgresAdminURL())
	if err != nil {
		panic(fmt.Sprintf("HANDLINGSPLAN_TEST_POSTGRES %q: %v", PostgresAdminURL(), err))
	}
	u.Path = "/" + name
	return u.String()
}
