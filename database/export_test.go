package database

import (
	"database/sql"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"ariga.io/atlas/sql/migrate"
)

// Readers returns the reader pool of a SQLite file database, for tests.
func Readers(db *DB) *sql.DB { return db.split.reader.DB() }

// WaitingForWriter returns how many wait in the writer's queue of a SQLite
// file database, for tests.
func WaitingForWriter(db *DB) int {
	q := &db.split.queue
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.waiting)
}

// KeepGroupsOpen makes a group stay open for an hour and up to 1,000
// members, whatever the commits take, until the returned function restores
// the bounds: a test then decides who joins a group.
func KeepGroupsOpen() (restore func()) {
	size, age, adapt := groupSize, groupAge, adaptive
	groupSize, groupAge, adaptive = 1000, time.Hour, false
	return func() { groupSize, groupAge, adaptive = size, age, adapt }
}

// GroupsOfOne makes every transaction commit on its own, as before group
// commit, until the returned function restores the bounds: benchmarks
// compare the two.
func GroupsOfOne() (restore func()) {
	size := groupSize
	groupSize = 1
	return func() { groupSize = size }
}

// WriterCommits returns how many commits the checkpointer has counted on
// the writer's connection of a SQLite file database, for tests.
func WriterCommits(db *DB) int64 { return db.split.ckpt.commits.Load() }

// WithNextRelease makes Migrate read, besides the release's migrations,
// next (a file name such as "29990101000000_x.sql" → its statements, for
// both dialects) with their atlas.sum, as the next release's binary would,
// until the returned function restores the release's.
func WithNextRelease(next map[string]string) (restore func()) {
	overlay := fstest.MapFS{}
	for _, folder := range []string{"migrations/sqlite", "migrations/postgres"} {
		entries, err := fs.ReadDir(migrations, folder)
		if err != nil {
			panic(err)
		}
		var files []migrate.File
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".sql") {
				b, _ := fs.ReadFile(migrations, folder+"/"+e.Name())
				overlay[folder+"/"+e.Name()] = &fstest.MapFile{Data: b}
				files = append(files, migrate.NewLocalFile(e.Name(), b))
			}
		}
		for name, stmts := range next {
			overlay[folder+"/"+name] = &fstest.MapFile{Data: []byte(stmts)}
			files = append(files, migrate.NewLocalFile(name, []byte(stmts)))
		}
		slices.SortFunc(files, func(a, b migrate.File) int { return strings.Compare(a.Name(), b.Name()) })
		sum, err := migrate.NewHashFile(files)
		if err != nil {
			panic(err)
		}
		text, _ := sum.MarshalText()
		overlay[folder+"/atlas.sum"] = &fstest.MapFile{Data: text}
	}
	migrationsFS = overlay
	return func() { migrationsFS = migrations }
}

// WithEditedBaseline makes the baseline migration read as if edited after
// its release, until the returned function restores it.
func WithEditedBaseline() (restore func()) {
	overlay := fstest.MapFS{}
	fs.WalkDir(migrations, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(migrations, path)
			if strings.Contains(path, Baseline) {
				b = append(b, "\n-- edited\nDROP TABLE plan_versions;\n"...)
			}
			overlay[path] = &fstest.MapFile{Data: b}
		}
		return nil
	})
	migrationsFS = overlay
	return func() { migrationsFS = migrations }
}
