package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/mattn/go-sqlite3"
)

// SQLite lets one connection write at a time. Eight connections that all
// may write queue for that lock by polling it (busy_timeout sleeps and
// retries), so a writer that arrives late may win and one that arrived
// first may wait for a hundred others: that tail was the sign-off's p99.
// So a file database gets two pools behind one ent driver (split):
//
//   - the writer: one connection, taken in arrival order (a queue, not
//     polling), for every statement that is not a plain SELECT and for a
//     transaction from its first such statement on (lazyTx). The
//     transactions queued there share one outer transaction (BEGIN
//     IMMEDIATE) and its COMMIT, each under a savepoint of its own: group
//     commit, group.go. A change outside a transaction through Exec
//     (INSERT, UPDATE, DELETE) joins a group as a transaction of one
//     statement; anything else (a PRAGMA, DDL, a write whose rows are read
//     after the call, such as ent's INSERT … RETURNING) runs alone, after
//     the open group commits;
//   - the readers: several connections with query_only set, for plain
//     SELECTs, and a transaction's until its first write; in WAL mode
//     they never wait for the writer and see what it committed.
//
// The writer does not checkpoint the write-ahead log inside its commits
// (wal_autocheckpoint=0); a goroutine does it beside them (checkpointer).
//
// A read through the base client while the same goroutine holds a write
// transaction goes to a reader and does not wait, but it does not see that
// transaction's own uncommitted rows, as on PostgreSQL. A write through the
// base client inside a write transaction would wait for itself until its
// context ends: use the transaction's client (ent.FromContext in a
// mutation) for every write in it.

// readers is the size of the reader pool: enough for the requests the
// server runs at once on two cores, few enough to keep idle memory small.
const readers = 8

// checkpointEvery is how often the checkpointer folds the write-ahead log
// into the database file, and checkpointAfter how many commits make it go
// sooner.
const (
	checkpointEvery = time.Second
	checkpointAfter = 1000
)

// openSQLite opens a file database as a writer and a reader pool behind one
// driver; an in-memory database, which each connection would see afresh,
// gets one pool.
func openSQLite(dsn string) (*sql.DB, dialect.Driver, error) {
	if strings.Contains(dsn, "mode=memory") || strings.HasPrefix(dsn, "file::memory:") {
		pool, err := sql.Open("sqlite3", dsn)
		if err != nil {
			return nil, nil, err
		}
		pool.SetMaxOpenConns(1) // every connection would be another empty database
		return pool, entsql.OpenDB(dialect.SQLite, pool), nil
	}
	writer := sql.OpenDB(connector{dsn: dsn, pragmas: []string{"PRAGMA wal_autocheckpoint=0"}})
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	// The writer's connection is the first: it creates the file and turns
	// on write-ahead logging, which query_only readers could not.
	if err := writer.Ping(); err != nil {
		writer.Close()
		return nil, nil, err
	}
	rdsn, err := withParams(dsn, "_query_only", "1", "_txlock", "deferred")
	if err != nil {
		writer.Close()
		return nil, nil, err
	}
	reader, err := sql.Open("sqlite3", rdsn)
	if err != nil {
		writer.Close()
		return nil, nil, err
	}
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	if err := reader.Ping(); err != nil {
		writer.Close()
		reader.Close()
		return nil, nil, fmt.Errorf("reader: %w", err)
	}
	s := &split{
		writer: entsql.OpenDB(dialect.SQLite, writer),
		reader: entsql.OpenDB(dialect.SQLite, reader),
	}
	s.queue.pass = func() {
		s.stats.since.Store(time.Now().UnixNano())
		s.pass()
	}
	// The checkpointer has a connection of its own, so a checkpoint never
	// holds the writer.
	ckpt := sql.OpenDB(connector{dsn: dsn})
	ckpt.SetMaxOpenConns(1)
	s.ckpt = startCheckpointer(ckpt)
	return writer, s, nil
}

// withParams returns dsn with the query parameters set (replacing any of
// the same name).
func withParams(dsn string, kv ...string) (string, error) {
	path, query, _ := strings.Cut(dsn, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("database parameters %q: %w", query, err)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return path + "?" + q.Encode(), nil
}

// connector opens go-sqlite3 connections and runs pragmas that its DSN
// cannot carry on each.
type connector struct {
	dsn     string
	pragmas []string
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	conn, err := (&sqlite3.SQLiteDriver{}).Open(c.dsn)
	if err != nil {
		return nil, err
	}
	for _, p := range c.pragmas {
		if _, err := conn.(*sqlite3.SQLiteConn).Exec(p, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return conn, nil
}

func (connector) Driver() driver.Driver { return &sqlite3.SQLiteDriver{} }

// split is the ent driver of a file database: see the comment at the top.
type split struct {
	writer, reader *entsql.Driver
	queue          queue
	ckpt           *checkpointer
	stats          writerStats
	group          *group       // the open group; only the writer's turn holder touches it
	commitTime     atomic.Int64 // a moving average of the groups' COMMIT, nanoseconds
}

// writerStats counts the turns at the writer, the time spent waiting for
// them and the time they were held.
type writerStats struct {
	turns      atomic.Int64
	waited     atomic.Int64 // nanoseconds
	held       atomic.Int64 // nanoseconds
	since      atomic.Int64 // when the current turn began, Unix nanoseconds
	groups     atomic.Int64 // groups ended (committed or failed)
	joined     atomic.Int64 // members released into those groups
	committing atomic.Int64 // nanoseconds spent in the groups' COMMIT
}

var _ dialect.Driver = (*split)(nil)

func (s *split) Dialect() string { return dialect.SQLite }

// take waits for the writer, in arrival order.
func (s *split) take(ctx context.Context) error {
	start := time.Now()
	if err := s.queue.take(ctx); err != nil {
		return fmt.Errorf("wait for the database writer: %w", err)
	}
	now := time.Now()
	s.stats.turns.Add(1)
	s.stats.waited.Add(int64(now.Sub(start)))
	s.stats.since.Store(now.UnixNano())
	return nil
}

func (s *split) Exec(ctx context.Context, query string, args, v any) error {
	if !isChange(query) {
		return s.alone(ctx, func() error { return s.writer.Exec(ctx, query, args, v) })
	}
	m, err := s.join(ctx)
	if err != nil {
		return err
	}
	if err := m.Exec(ctx, query, args, v); err != nil {
		m.Rollback()
		return err
	}
	return m.Commit()
}

func (s *split) Query(ctx context.Context, query string, args, v any) error {
	if isRead(query) {
		return s.reader.Query(ctx, query, args, v)
	}
	// INSERT … RETURNING and the like, whose rows are read after the
	// turn: alone, outside any group. Not as a member: its caller would
	// learn of the group's COMMIT only when closing the rows, and ent
	// ignores that error.
	return s.alone(ctx, func() error { return s.writer.Query(ctx, query, args, v) })
}

// ExecContext and QueryContext serve the ent client's ExecContext and
// QueryContext (the execquery feature) as Exec and Query do.
func (s *split) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if !isChange(query) {
		var res sql.Result
		err := s.alone(ctx, func() (err error) {
			res, err = s.writer.ExecContext(ctx, query, args...)
			return err
		})
		return res, err
	}
	m, err := s.join(ctx)
	if err != nil {
		return nil, err
	}
	res, err := m.ExecContext(ctx, query, args...)
	if err != nil {
		m.Rollback()
		return nil, err
	}
	return res, m.Commit()
}

func (s *split) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if isRead(query) {
		return s.reader.QueryContext(ctx, query, args...)
	}
	var rows *sql.Rows
	err := s.alone(ctx, func() (err error) {
		rows, err = s.writer.QueryContext(ctx, query, args...)
		return err
	})
	return rows, err
}

func (s *split) Tx(ctx context.Context) (dialect.Tx, error) { return s.BeginTx(ctx, nil) }

// BeginTx starts a transaction that joins a group at the writer at its
// first write (lazyTx); a read-only transaction runs on a reader.
func (s *split) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	if opts != nil && opts.ReadOnly {
		return s.reader.BeginTx(ctx, opts)
	}
	return &lazyTx{s: s, ctx: ctx}, nil
}

// Close stops the checkpointer and closes both pools.
func (s *split) Close() error {
	s.ckpt.close()
	werr := s.writer.Close()
	rerr := s.reader.Close()
	if werr != nil {
		return werr
	}
	return rerr
}

// lazyTx is a transaction that reads on the reader pool until its first
// write, and joins a group at the writer then (group.go), where it reads
// and writes until it ends. So a mutation holds the writer only from its
// first write (or row lock) to its commit, and one that writes nothing
// never waits for it. Before the first write each read sees what was
// committed when it ran, as under PostgreSQL's READ COMMITTED: a check that
// must hold until the write reads behind rowlock.Lock, which is a write
// here (it takes the writer), as it is a row lock there.
type lazyTx struct {
	s   *split
	ctx context.Context // the transaction's, not a statement's
	mu  sync.Mutex
	w   *member // nil until the first write
}

// writer returns the transaction's member of a group at the writer,
// joining on the first call.
func (t *lazyTx) writer() (*member, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.w == nil {
		w, err := t.s.join(t.ctx)
		if err != nil {
			return nil, err
		}
		t.w = w
	}
	return t.w, nil
}

// reading reports whether query may run on a reader: a plain SELECT before
// the first write.
func (t *lazyTx) reading(query string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.w == nil && isRead(query)
}

func (t *lazyTx) Exec(ctx context.Context, query string, args, v any) error {
	w, err := t.writer()
	if err != nil {
		return err
	}
	return w.Exec(ctx, query, args, v)
}

func (t *lazyTx) Query(ctx context.Context, query string, args, v any) error {
	if t.reading(query) {
		return t.s.reader.Query(ctx, query, args, v)
	}
	w, err := t.writer()
	if err != nil {
		return err
	}
	return w.Query(ctx, query, args, v)
}

func (t *lazyTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	w, err := t.writer()
	if err != nil {
		return nil, err
	}
	return w.ExecContext(ctx, query, args...)
}

func (t *lazyTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if t.reading(query) {
		return t.s.reader.QueryContext(ctx, query, args...)
	}
	w, err := t.writer()
	if err != nil {
		return nil, err
	}
	return w.QueryContext(ctx, query, args...)
}

// Commit commits the writes, if there were any: it returns once the
// group that holds them is on disk, or with the error that kept it off.
func (t *lazyTx) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.w == nil {
		return nil
	}
	return t.w.Commit()
}

func (t *lazyTx) Rollback() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.w == nil {
		return nil
	}
	return t.w.Rollback()
}

// isRead reports whether query is a plain SELECT, which a reader may run.
func isRead(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// isChange reports whether query is an INSERT, UPDATE, DELETE or REPLACE
// (possibly after a WITH), which a statement outside a transaction runs
// as a member of a group. Anything else, a PRAGMA above all (most are
// no-ops inside a transaction: foreign_keys), runs alone.
func isChange(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	for _, verb := range []string{"INSERT", "UPDATE", "DELETE", "REPLACE", "WITH"} {
		if len(q) >= len(verb) && strings.EqualFold(q[:len(verb)], verb) {
			return true
		}
	}
	return false
}

// queue is a lock that is granted in the order it was asked for.
type queue struct {
	mu      sync.Mutex
	held    bool
	waiting []chan struct{}
	// pass, when set, ends the turn of a waiter that was handed the lock
	// as its context ended (split.pass: the writer's turn may carry an
	// open group); give when nil.
	pass func()
}

// take returns once the caller holds the lock, or with ctx's error.
func (q *queue) take(ctx context.Context) error {
	q.mu.Lock()
	if !q.held {
		q.held = true
		q.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	q.waiting = append(q.waiting, turn)
	q.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		q.mu.Lock()
		for i, w := range q.waiting {
			if w == turn {
				q.waiting = append(q.waiting[:i], q.waiting[i+1:]...)
				q.mu.Unlock()
				return ctx.Err()
			}
		}
		q.mu.Unlock()
		// Handed the lock as ctx ended: pass it on.
		if q.pass != nil {
			q.pass()
		} else {
			q.give()
		}
		return ctx.Err()
	}
}

// handOver gives the lock to the longest waiter and reports true, or, when
// no one waits, keeps it held and reports false.
func (q *queue) handOver() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) == 0 {
		return false
	}
	next := q.waiting[0]
	q.waiting[0] = nil
	q.waiting = q.waiting[1:]
	close(next)
	return true
}

// give releases the lock to the longest waiter, if any.
func (q *queue) give() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) == 0 {
		q.held = false
		return
	}
	next := q.waiting[0]
	q.waiting[0] = nil
	q.waiting = q.waiting[1:]
	close(next)
}

// checkpointer copies committed pages from the write-ahead log into the
// database file, PASSIVE (never waiting for readers or the writer), every
// checkpointEvery or after checkpointAfter commits, whichever comes first.
type checkpointer struct {
	db      *sql.DB
	commits atomic.Int64
	nudge   chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, nudge: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// committed counts a turn at the writer that may have written.
func (c *checkpointer) committed() {
	if c.commits.Add(1)%checkpointAfter == 0 {
		select {
		case c.nudge <- struct{}{}:
		default:
		}
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	var last int64
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
		case <-c.nudge:
		}
		n := c.commits.Load()
		if n == last {
			continue
		}
		last = n
		if _, err := c.db.Exec("PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
			slog.Warn("checkpoint of the write-ahead log", "error", err.Error())
		}
	}
}

// close stops the checkpointer and closes its connection; closing the last
// connection checkpoints whatever is left.
func (c *checkpointer) close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	<-c.done
	c.db.Close()
}

// ping checks that the writer and a reader answer.
func (s *split) ping(ctx context.Context) error {
	if err := s.writer.DB().PingContext(ctx); err != nil {
		return err
	}
	return s.reader.DB().PingContext(ctx)
}

// WriterStats reports, on a SQLite file, how many turns at the writer were
// taken, how long they waited for it and how long they held it, in all;
// zero elsewhere. Benchmarks report them.
func (db *DB) WriterStats() (turns int64, waited, held time.Duration) {
	if db.split == nil {
		return 0, 0, 0
	}
	st := &db.split.stats
	return st.turns.Load(), time.Duration(st.waited.Load()), time.Duration(st.held.Load())
}

// GroupStats reports, on a SQLite file, how many groups the writer has
// ended (committed, or failed as a whole), how many transactions were
// released into them and the time spent in their COMMITs (group.go); zero
// elsewhere.
func (db *DB) GroupStats() (groups, members int64, committing time.Duration) {
	if db.split == nil {
		return 0, 0, 0
	}
	st := &db.split.stats
	return st.groups.Load(), st.joined.Load(), time.Duration(st.committing.Load())
}
