package database_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/rule"
)

// TestSQLiteWritersQueueAndReadersSeeCommits fires many write transactions
// at once at one SQLite file: each must get its turn at the single writer
// (none refused as busy), and a plain read right after its commit, served
// by a reader connection, must see what it wrote.
func TestSQLiteWritersQueueAndReadersSeeCommits(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	const writers, each = 32, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				slug := fmt.Sprintf("d-%d-%d", w, i)
				tx, err := db.Client.Tx(ctx)
				if err != nil {
					errs <- err
					return
				}
				if err := tx.Department.Create().SetSlug(slug).SetName(slug).SetMunicipality("Kommun").Exec(ctx); err != nil {
					tx.Rollback()
					errs <- err
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- err
					return
				}
				if ok, err := db.Client.Department.Query().Where(department.Slug(slug)).Exist(ctx); err != nil || !ok {
					errs <- fmt.Errorf("%s committed, then read: found %v, %v", slug, ok, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := db.Client.Department.Query().CountX(ctx); n != writers*each {
		t.Errorf("%d departments stored, want %d", n, writers*each)
	}
	if turns, _, _ := db.WriterStats(); turns < writers*each {
		t.Errorf("%d turns at the writer for %d transactions", turns, writers*each)
	}
}

// TestSQLiteReadDuringWriteTransaction reads through the base client while
// the writer is held by a transaction (as a mutation's resolver may): the
// read must not wait for the writer, and sees the state before the
// transaction until it commits. A write through the base client queues
// behind the transaction and runs once it has ended.
func TestSQLiteReadDuringWriteTransaction(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Department.Create().SetSlug("inside").SetName("Inne").SetMunicipality("Kommun").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	quick, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	n, err := db.Client.Department.Query().Count(quick)
	if err != nil {
		t.Fatalf("read during a write transaction: %v", err)
	}
	if n != 0 {
		t.Errorf("a read outside the transaction saw %d uncommitted departments", n)
	}

	wrote := make(chan error, 1)
	go func() {
		wrote <- db.Client.Department.Create().SetSlug("after").SetName("Efter").SetMunicipality("Kommun").Exec(ctx)
	}()
	select {
	case err := <-wrote:
		t.Fatalf("a write went past the open write transaction: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; err != nil {
		t.Fatalf("the queued write: %v", err)
	}
	if n := db.Client.Department.Query().CountX(ctx); n != 2 {
		t.Errorf("%d departments after both writes, want 2", n)
	}
}

// TestSQLiteTransactionTakesTheWriterAtItsFirstWrite: a transaction reads
// on a reader, without waiting for another's write, until it writes or
// locks a row (rowlock.Lock); from then on it holds the writer and reads
// what the other committed.
func TestSQLiteTransactionTakesTheWriterAtItsFirstWrite(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	first, err := db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Department.Create().SetSlug("first").SetName("Först").SetMunicipality("Kommun").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	second, err := db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Rollback()
	quick, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if n, err := second.Department.Query().Count(quick); err != nil || n != 0 {
		t.Fatalf("a read before the first write: %d departments, %v; want 0 without waiting", n, err)
	}
	locked := make(chan []*ent.Department, 1)
	go func() {
		all, err := second.Department.Query().Modify(rowlock.Lock).All(ctx)
		if err != nil {
			t.Error(err)
		}
		locked <- all
	}()
	select {
	case <-locked:
		t.Fatal("a row lock went past the open write transaction")
	case <-time.After(100 * time.Millisecond):
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if all := <-locked; len(all) != 1 {
		t.Errorf("the row lock read %d departments, want the 1 committed before it", len(all))
	}
	if err := second.Department.Create().SetSlug("second").SetName("Sedan").SetMunicipality("Kommun").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := db.Client.Department.Query().CountX(ctx); n != 2 {
		t.Errorf("%d departments, want 2", n)
	}
}
