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

// ExecContext and QueryContext pass ent's execquery calls (the plan
// version's bump, savepoints) through the counter, as the driver under it
// has them.
func (c *StatementCounter) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	c.n.Add(1)
	return execContext(ctx, c.Driver, query, args)
}

func (c *StatementCounter) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	return queryContext(ctx, c.Driver, query, args)
}

func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.n.Add(1)
	return execContext(ctx, t.Tx, query, args)
}

func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.n.Add(1)
	return queryContext(ctx, t.Tx, query, args)
}

func execContext(ctx context.Context, under any, query string, args []any) (sql.Result, error) {
	ex, ok := under.(Execer)
	if !ok {
		return nil, fmt.Errorf("%T has no ExecContext", under)
	}
	return ex.ExecContext(ctx, query, args...)
}

func queryContext(ctx context.Context, under any, query string, args []any) (*sql.Rows, error) {
	q, ok := under.(Queryer)
	if !ok {
		return nil, fmt.Errorf("%T has no QueryContext", under)
	}
	return q.QueryContext(ctx, query, args...)
}
