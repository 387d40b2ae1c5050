// Package rowlock serialises mutations that check a row and then write
// because of what they saw (hold a visit once, allocate a workshop once,
// withdraw a sign-off once). Each such mutation first reads its parent row
// with Lock, in its own transaction: a concurrent mutation of the same row
// waits there until the first commits, and then sees what it wrote.
package rowlock

import (
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// Lock is a query modifier (ent's Modify) that locks the rows read until
// the transaction ends: SELECT … FOR NO KEY UPDATE on PostgreSQL, the lock
// an UPDATE of the row takes, so other lockers wait while plain reads and
// inserts of rows referencing it do not. SQLite has no row locks; there the
// statement is marked so that it is sent to the single writer
// (database/split.go), whose turn the transaction then holds to its end,
// so that every writer waits.
func Lock(s *sql.Selector) {
	if s.Dialect() == dialect.SQLite {
		s.Prefix(sql.Raw("/* rowlock */"))
		return
	}
	s.For(sql.LockNoKeyUpdate)
}

// ForDelete is Lock for a row about to be deleted once nothing refers to
// it: SELECT … FOR UPDATE on PostgreSQL, which also waits for every
// transaction that is adding a row referring to it (a foreign key check
// holds the referenced row FOR KEY SHARE until its transaction ends), and
// makes any that come later wait for the delete, whose end their check
// then sees. So what the deleting transaction reads after ForDelete is
// every reference there will be: none may slip in between its check and
// its delete. On SQLite it is Lock.
func ForDelete(s *sql.Selector) {
	if s.Dialect() == dialect.SQLite {
		s.Prefix(sql.Raw("/* rowlock */"))
		return
	}
	s.For(sql.LockUpdate)
}
