package database

import (
	"context"
	"testing"
	"time"
)

// waitFor waits until n callers wait in q.
func waitFor(t *testing.T, q *queue, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		q.mu.Lock()
		got := len(q.waiting)
		q.mu.Unlock()
		if got == n {
			return
		}
	}
	t.Fatalf("%d waiters never queued", n)
}

func TestQueueServesWaitersInArrivalOrder(t *testing.T) {
	var q queue
	ctx := context.Background()
	if err := q.take(ctx); err != nil {
		t.Fatal(err)
	}
	served := make(chan int, 5)
	for i := range 5 {
		go func() {
			if err := q.take(ctx); err != nil {
				t.Error(err)
				return
			}
			served <- i
			q.give()
		}()
		waitFor(t, &q, i+1) // the next arrives after this one queued
	}
	q.give()
	for want := range 5 {
		if got := <-served; got != want {
			t.Fatalf("waiter %d served in place %d", got, want)
		}
	}
	if err := q.take(ctx); err != nil || !q.held {
		t.Fatalf("the lock is not free after every waiter gave it back: %v", err)
	}
}

func TestQueueWaiterWhoseContextEndsLeavesTheLine(t *testing.T) {
	var q queue
	if err := q.take(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	gave := make(chan error, 1)
	go func() { gave <- q.take(ctx) }()
	waitFor(t, &q, 1)
	cancel()
	if err := <-gave; err == nil {
		t.Fatal("a cancelled waiter got the lock")
	}
	waitFor(t, &q, 0)
	q.give()
	quick, stop := context.WithTimeout(context.Background(), time.Second)
	defer stop()
	if err := q.take(quick); err != nil {
		t.Fatalf("the lock was lost with the cancelled waiter: %v", err)
	}
}
