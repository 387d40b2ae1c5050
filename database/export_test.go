package database

import (
	"database/sql"
	"time"
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
