// Command newmigration writes the next versioned migration of the schema,
// for SQLite and PostgreSQL, into database/migrations: ent's Atlas
// integration replays the migrations already there on an empty database and
// writes the statements that bring it to the ent schema of today.
//
//	go run ./database/internal/newmigration -name add_unit_phone
//
// A change Atlas cannot infer (a rename, a backfill, a dropped column) is
// written by hand: -empty writes an empty pair of files to fill in, and
// -rehash updates each directory's atlas.sum after editing a new file.
// A migration that has been released is never edited (see
// docs/operations.md, "Upgrades"). Needs PostgreSQL (see README).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"path/filepath"
	"text/template"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/database/internal/schemadiff"
	entmigrate "github.com/handlingsplan/handlingsplan/ent/migrate"
)

// folder names each dialect's migrations' folder.
var folder = map[string]string{dialect.SQLite: "sqlite", dialect.Postgres: "postgres"}

func main() {
	name := flag.String("name", "", "what the migration does, in snake_case (e.g. add_unit_phone)")
	empty := flag.Bool("empty", false, "write empty files to fill in by hand")
	rehash := flag.Bool("rehash", false, "only update atlas.sum after a new file was edited by hand")
	root := flag.String("dir", "database/migrations", "the migrations' folder")
	flag.Parse()
	if *name == "" && !*rehash {
		log.Fatal("-name is required")
	}
	ctx := context.Background()
	version := time.Now().UTC().Format("20060102150405")
	for _, dia := range []string{dialect.SQLite, dialect.Postgres} {
		dir, err := migrate.NewLocalDir(filepath.Join(*root, folder[dia]))
		if err != nil {
			log.Fatal(err)
		}
		switch {
		case *rehash:
			err = writeSum(dir)
		case *empty:
			err = writeEmpty(dir, version, *name)
		default:
			err = diff(ctx, dia, dir, version, *name)
		}
		if err != nil {
			log.Fatalf("%s: %v", dia, err)
		}
	}
}

// diff writes the statements from the replayed migrations to the ent
// schema, compared as schemadiff.Options says.
func diff(ctx context.Context, dia string, dir migrate.Dir, version, name string) error {
	dev, cleanup, err := devDatabase(ctx, dia)
	if err != nil {
		return err
	}
	defer cleanup()
	m, err := schema.NewMigrate(entsql.OpenDB(dia, dev), append(schemadiff.Options(),
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithErrNoPlan(true),
		// Atlas's own format, one file per migration, named by the same
		// version in both dialects' folders.
		schema.WithFormatter(migrate.TemplateFormatter{{
			N: template.Must(template.New("name").Parse(version + "_{{ .Name }}.sql")),
			C: migrate.DefaultFormatter[0].C,
		}}),
	)...)
	if err != nil {
		return err
	}
	err = m.NamedDiff(ctx, name, entmigrate.Tables...)
	if err == migrate.ErrNoPlan {
		fmt.Printf("%s: the migrations already arrive at the ent schema\n", folder[dia])
		return nil
	}
	return err
}

// devDatabase is an empty database to replay the migrations on: SQLite in
// memory, or a PostgreSQL database created for the run and dropped after.
func devDatabase(ctx context.Context, dia string) (*sql.DB, func(), error) {
	if dia == dialect.SQLite {
		db, err := sql.Open("sqlite3", "file:dev?mode=memory&_fk=1")
		return db, func() { db.Close() }, err
	}
	admin, err := sql.Open("pgx", dbtest.PostgresAdminURL())
	if err != nil {
		return nil, nil, err
	}
	name := fmt.Sprintf("newmigration_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, nil, fmt.Errorf("create the dev database (is PostgreSQL running?): %w", err)
	}
	db, err := sql.Open("pgx", dbtest.DatabaseURL(name))
	return db, func() {
		db.Close()
		admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close()
	}, err
}

func writeEmpty(dir *migrate.LocalDir, version, name string) error {
	file := version + "_" + name + ".sql"
	if err := dir.WriteFile(file, []byte("-- "+name+": write the statements here, then run with -rehash.\n")); err != nil {
		return err
	}
	fmt.Println(filepath.Join(dir.Path(), file))
	return writeSum(dir)
}

func writeSum(dir *migrate.LocalDir) error {
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	return migrate.WriteSumFile(dir, sum)
}
