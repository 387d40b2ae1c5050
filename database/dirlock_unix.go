//go:build unix

package database

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir holds an exclusive flock on the folder dir until unlock, so that
// two processes migrating a SQLite file there (a `handlingsplan migrate`
// beside a starting server) take turns, as replicas do on PostgreSQL's
// advisory lock: River's migrator does not expect company. The folder,
// not the database file: closing any descriptor of the file would drop
// the POSIX locks SQLite holds on it in this process.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("lock for migration: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock for migration: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
