package database

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// StatementCounter wraps a driver and counts the SQL statements sent
// through it, transactions included. Tests and benchmarks use it to prove
// that a query costs a constant number of statements.
type StatementCounter struct {
	dialect.Driver
	n atomic.Int64
}

// CountStatements returns a wrapper for Open and the counter it feeds.
func CountStatements() (func(dialect.Driver) dialect.Driver, *StatementCounter) {
	c := &StatementCounter{}
	return func(d dialect.Driver) dialect.Driver { c.Driver = d; return c }, c
}

// Count returns the number of statements so far.
func (c *StatementCounter) Count() int64 { return c.n.Load() }

// Reset sets the count to zero.
func (c *StatementCounter) Reset() { c.n.Store(0) }

func (c *StatementCounter) Exec(ctx context.Context, query string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Exec(ctx, query, args, v)
}

func (c *StatementCounter) Query(ctx context.Context, query string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Query(ctx, query, args, v)
}

func (c *StatementCounter) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := c.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, n: &c.n}, nil
}

type countingTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}

// QueryContext sends a hand-written query through the wrapped driver (see
// ent's Client.QueryContext), counted like the others.
func (c *StatementCounter) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := c.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: %T cannot run hand-written queries", c.Driver)
	}
	c.n.Add(1)
	return q.QueryContext(ctx, query, args...)
}

// QueryContext is StatementCounter's, in a transaction.
func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: %T cannot run hand-written queries", t.Tx)
	}
	t.n.Add(1)
	return q.QueryContext(ctx, query, args...)
}
