package database

import "database/sql"

// Readers returns the reader pool of a SQLite file database, for tests.
func Readers(db *DB) *sql.DB { return db.split.reader.DB() }
