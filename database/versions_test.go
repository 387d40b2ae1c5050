package database_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	entschema "entgo.io/ent/dialect/sql/schema"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/database/internal/schemadiff"
	entmigrate "github.com/handlingsplan/handlingsplan/ent/migrate"
)

// releases are the releases before versioned migrations whose databases
// the tests keep, oldest first (testdata/NAME.{sqlite,postgres}.sql). Every
// later release is a version in database/migrations; when one is cut, add
// a dump of a database it made here.
var releases = []string{"schema-v0", "release-46d09c5", "release-b9e1d97"}

// TestEveryReleaseArrivesAtTheSchemaOfAFreshDatabase migrates a database
// of each earlier release forward and compares what Atlas reads of it,
// table by table, column by column, index by index, with a database that
// the migrations made from nothing; and every row of the release is still
// there.
func TestEveryReleaseArrivesAtTheSchemaOfAFreshDatabase(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			fresh := inspect(t, dbtest.Open(t, dia, nil))
			for _, release := range releases {
				t.Run(release, func(t *testing.T) {
					url := dbtest.URL(t, dia)
					loadSQL(t, dia, url, "testdata/"+release+"."+map[string]string{dialect.SQLite: "sqlite", dialect.Postgres: "postgres"}[dia]+".sql")
					db, err := database.Open(url, nil)
					if err != nil {
						t.Fatal(err)
					}
					defer db.Close()
					before := rowCounts(t, db, inspect(t, db))
					if err := db.Migrate(context.Background()); err != nil {
						t.Fatalf("migrate: %v", err)
					}
					upgraded := inspect(t, db)
					after := rowCounts(t, db, upgraded)
					for table, n := range before {
						if after[table] != n {
							t.Errorf("%s: %d rows before the upgrade, %d after", table, n, after[table])
						}
					}
					changes, err := driver(t, db).SchemaDiff(upgraded, fresh)
					if err != nil {
						t.Fatal(err)
					}
					if len(changes) > 0 {
						t.Errorf("the database of %s differs from a fresh one:\n%s", release, describe(t, db, changes))
					}
					applied, err := db.AppliedMigrations(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					files, _ := database.MigrationFiles(dia)
					if len(applied) != len(files) || applied[len(applied)-1] != files[len(files)-1].Version() {
						t.Errorf("applied %v, want all %d migrations", applied, len(files))
					}
				})
			}
		})
	}
}

// TestTheMigrationsArriveAtTheEntSchema is the check that a change to the
// ent schema came with its migration: ent's Atlas integration compares a
// freshly migrated database with the schema the code expects.
func TestTheMigrationsArriveAtTheEntSchema(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			db := dbtest.Open(t, dia, nil)
			dir, err := migrate.NewLocalDir(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			m, err := entschema.NewMigrate(entsql.OpenDB(dia, db.SQL),
				append(schemadiff.Options(), entschema.WithDir(dir), entschema.WithFormatter(migrate.DefaultFormatter), entschema.WithErrNoPlan(true))...)
			if err != nil {
				t.Fatal(err)
			}
			err = m.NamedDiff(context.Background(), "missing", entmigrate.Tables...)
			if errors.Is(err, migrate.ErrNoPlan) {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			files, _ := dir.Files()
			var missing strings.Builder
			for _, f := range files {
				missing.Write(f.Bytes())
			}
			t.Errorf("the ent schema has changes no migration makes; write one with\n"+
				"\tgo run ./database/internal/newmigration -name WHAT\nIt would hold:\n%s", missing.String())
		})
	}
}

// TestABinaryOlderThanTheDatabaseRefusesToStart: once the next release
// has migrated the database, this release refuses to migrate or serve it,
// and says why.
func TestABinaryOlderThanTheDatabaseRefusesToStart(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			db := dbtest.Open(t, dia, nil)
			restore := database.WithNextRelease(map[string]string{
				"29990101000000_next.sql": "CREATE TABLE next_release (id INTEGER PRIMARY KEY);\n",
			})
			err := db.Migrate(context.Background())
			restore()
			if err != nil {
				t.Fatalf("the next release's migration: %v", err)
			}
			err = db.Migrate(context.Background())
			var newer *database.NewerDatabaseError
			if !errors.As(err, &newer) || len(newer.Unknown) != 1 || newer.Unknown[0] != "29990101000000" {
				t.Fatalf("migrate with the older release: %v, want a NewerDatabaseError naming 29990101000000", err)
			}
			if !strings.Contains(err.Error(), "a newer release of Handlingsplan has upgraded it") {
				t.Errorf("the refusal does not say why: %v", err)
			}
		})
	}
}

// TestAnEditedMigrationIsRefused: a released migration is never edited;
// atlas.sum catches one that was.
func TestAnEditedMigrationIsRefused(t *testing.T) {
	restore := database.WithEditedBaseline()
	defer restore()
	for _, dia := range dbtest.Dialects {
		if _, err := database.MigrationFiles(dia); err == nil || !strings.Contains(err.Error(), "atlas.sum") {
			t.Errorf("%s: an edited migration was accepted: %v", dia, err)
		}
	}
}

// contracting matches statements that the previous release, still serving
// beside the new one during a rolling upgrade, could fail on: a table or
// column it reads gone or renamed, a type changed, or (SQLite) a table
// rebuilt under it; addingRequired, a column it does not write made
// required without a default.
var (
	contracting    = regexp.MustCompile(`(?is)\bDROP\s+(TABLE|COLUMN)\b|\bRENAME\b|\bALTER\s+COLUMN\b[^;]*\b(TYPE|SET\s+NOT\s+NULL)\b`)
	addingRequired = regexp.MustCompile(`(?is)\bADD\s+(COLUMN\s+)?[^;]*\bNOT\s+NULL\b`)
	withDefault    = regexp.MustCompile(`(?is)\bDEFAULT\b`)
)

// compatible returns the statements of a migration that break the
// previous release, unless the file says, with the directive
// "-- handlingsplan:contract why", that the release before stopped using
// what it changes.
func compatible(f migrate.File) []string {
	if strings.Contains(string(f.Bytes()), "-- handlingsplan:contract ") {
		return nil
	}
	stmts, _ := f.Stmts()
	var breaking []string
	for _, s := range stmts {
		if contracting.MatchString(s) || addingRequired.MatchString(s) && !withDefault.MatchString(s) {
			breaking = append(breaking, s)
		}
	}
	return breaking
}

// TestEveryMigrationKeepsThePreviousReleaseWorking checks PostgreSQL's
// migrations after the baseline for contracting statements: during a
// rolling upgrade the previous release serves from the migrated database.
// (A SQLite file has one server, stopped while the next one migrates, so
// its migrations may rebuild tables.)
func TestEveryMigrationKeepsThePreviousReleaseWorking(t *testing.T) {
	examples := map[string]bool{ // statement → the previous release keeps working
		"ALTER TABLE units ADD COLUMN phone text NULL;":                         true,
		"ALTER TABLE units ADD COLUMN kind text NOT NULL DEFAULT 'unit';":       true,
		"CREATE INDEX unit_phone ON units (phone);":                             true,
		"CREATE TABLE unit_notes (id integer PRIMARY KEY, note text NOT NULL);": true,
		"ALTER TABLE units ADD COLUMN kind text NOT NULL;":                      false,
		"ALTER TABLE units DROP COLUMN phone;":                                  false,
		"ALTER TABLE units RENAME COLUMN name TO title;":                        false,
		"ALTER TABLE units ALTER COLUMN name TYPE varchar(40);":                 false,
		"ALTER TABLE `new_units` RENAME TO `units`;":                            false,
		"DROP TABLE units;": false,
	}
	for stmt, keeps := range examples {
		if got := len(compatible(migrate.NewLocalFile("1_x.sql", []byte(stmt)))) == 0; got != keeps {
			t.Errorf("%s: judged compatible %v, want %v", stmt, got, keeps)
		}
	}
	files, err := database.MigrationFiles(dialect.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Version() <= database.Baseline {
			continue
		}
		for _, s := range compatible(f) {
			t.Errorf("%s breaks the release before it during a rolling upgrade: %s\n"+
				"Split it: add in this release, drop or require in the next; see docs/operations.md, Upgrades.", f.Name(), s)
		}
	}
}

func driver(t *testing.T, db *database.DB) migrate.Driver {
	t.Helper()
	open := sqlite.Open
	if db.Dialect == dialect.Postgres {
		open = postgres.Open
	}
	drv, err := open(db.SQL)
	if err != nil {
		t.Fatal(err)
	}
	return drv
}

// inspect reads the database's schema as Atlas sees it.
func inspect(t *testing.T, db *database.DB) *atlas.Schema {
	t.Helper()
	s, err := driver(t, db).InspectSchema(context.Background(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rowCounts counts the rows of each table of s.
func rowCounts(t *testing.T, db *database.DB, s *atlas.Schema) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, table := range s.Tables {
		var n int
		if err := db.SQL.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table.Name).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table.Name, err)
		}
		counts[table.Name] = n
	}
	return counts
}

// describe writes the statements that would make up for changes.
func describe(t *testing.T, db *database.DB, changes []atlas.Change) string {
	plan, err := driver(t, db).PlanChanges(context.Background(), "diff", changes)
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, c := range plan.Changes {
		b.WriteString(c.Cmd + ";\n")
	}
	return b.String()
}

// TestTwoProcessesMigrateOneSQLiteFileAtOnce: a `handlingsplan migrate`
// beside a starting server applies each migration once, and neither fails.
func TestTwoProcessesMigrateOneSQLiteFileAtOnce(t *testing.T) {
	url := dbtest.URL(t, dialect.SQLite)
	dbs := make([]*database.DB, 2)
	for i := range dbs {
		db, err := database.Open(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	errs := make([]error, len(dbs))
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Go(func() { errs[i] = db.Migrate(context.Background()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	applied, err := dbs[0].AppliedMigrations(context.Background())
	files, _ := database.MigrationFiles(dialect.SQLite)
	if err != nil || len(applied) != len(files) {
		t.Errorf("applied %v (%v), want each of the %d migrations once", applied, err, len(files))
	}
}
