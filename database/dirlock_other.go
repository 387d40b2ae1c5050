//go:build !unix

package database

// lockDir is a no-op where flock is missing: one process migrates a SQLite
// file at a time there.
func lockDir(string) (func(), error) { return func() {}, nil }
