package database_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/rule"
)

// queueWrite is what the job queue (River on the writer's pool, river.go)
// does on SQLite: a transaction on db.SQL, outside the writer's queue.
func queueWrite(ctx context.Context, db *database.DB, occasion string) error {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO notification_log (user_id, kind, occasion, department_id, status, at)
		VALUES (1, 'test', ?, 1, 'sent', 'now')`, occasion); err != nil {
		return err
	}
	return tx.Commit()
}

func logged(t *testing.T, db *database.DB, occasion string) bool {
	t.Helper()
	var n int
	if err := database.Readers(db).QueryRow(`SELECT count(*) FROM notification_log WHERE occasion = ?`, occasion).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// TestQueueWaitsOutAGroup: a transaction of the job queue on the writer's
// pool never runs inside a group's outer transaction. While a group is
// open it waits for the writer's connection; a group that then rolls back
// takes none of the queue's rows with it, and the queue's commit stands
// on its own.
func TestQueueWaitsOutAGroup(t *testing.T) {
	defer database.KeepGroupsOpen()()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")

	x := begin(t, db, ctx, dept("x"))
	if err := x.written(t); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- queueWrite(ctx, db, "q1") }()
	select {
	case err := <-done:
		t.Fatalf("the queue's transaction ended (%v) while a group held the writer", err)
	case <-time.After(100 * time.Millisecond):
	}
	x.end <- rollback
	if err := x.result(t); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the queue's transaction never got the writer after the group ended")
	}
	if got := stored(t, db, "x"); got["x"] {
		t.Error("the rolled-back member's row is stored")
	}
	if !logged(t, db, "q1") {
		t.Error("the queue's committed row is not stored")
	}
}

// TestQueueBesideManyWriters: the job queue's transactions and the app's
// grouped ones at once, under -race: every one commits, none deadlocks,
// and every commit on the writer's connection, the queue's too, counts
// for the checkpointer.
func TestQueueBesideManyWriters(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx, cancel := context.WithTimeout(rule.SystemContext(context.Background(), "test"), time.Minute)
	defer cancel()
	before := database.WriterCommits(db)
	const writers, each, queued = 8, 20, 60
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				tx, err := db.Client.Tx(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if err := dept(fmt.Sprintf("w%d-%d", w, i))(ctx, tx); err != nil {
					t.Error(err)
					tx.Rollback()
					return
				}
				if err := tx.Commit(); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range queued {
			if err := queueWrite(ctx, db, fmt.Sprint("q", i)); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	var n int
	if err := database.Readers(db).QueryRow(`SELECT count(*) FROM notification_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != queued {
		t.Errorf("%d of the queue's %d rows stored", n, queued)
	}
	if got := len(db.Client.Department.Query().IDsX(ctx)); got < writers*each {
		t.Errorf("%d departments stored, want at least %d", got, writers*each)
	}
	if c := database.WriterCommits(db) - before; c < queued {
		t.Errorf("the checkpointer counted %d commits, fewer than the queue's %d", c, queued)
	}
}
