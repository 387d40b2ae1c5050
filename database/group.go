package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/mattn/go-sqlite3"
)

// Group commit. With synchronous=FULL every SQLite commit ends with an
// fsync of the write-ahead log, and the single writer (split.go) waits for
// it before the next transaction may start: one slow fsync held up everyone
// queued behind it, and the fsyncs bounded the commits per second. So the
// transactions queued at the writer share one commit:
//
//   - The first to take the writer while no group is open begins one
//     outer transaction on the writer's connection (BEGIN IMMEDIATE): the
//     group.
//   - Each transaction (a member) runs inside it under a savepoint of its
//     own. Its Commit releases the savepoint; its Rollback rolls back to
//     it and releases it, undoing that member's writes and no one else's.
//   - Then the member passes the writer on: to the next in line, with the
//     group still open, or, when no one is waiting (or the group has
//     grown to groupSize members or has been open for groupAge), it
//     commits the group: one COMMIT, one fsync, for every member.
//   - A member's Commit returns only when the group's COMMIT has: nil once
//     the group is on disk, or the COMMIT's error to every member (nothing
//     of the group was kept, so nothing was acknowledged that is lost).
//     A Rollback that came after another member's release waits too, since
//     what it answers may rest on that member's writes.
//
// Members run one after the other and see what the earlier ones wrote, as
// they would after the earlier ones' commits: a unique index or a
// conditional update refuses a later member exactly as it would refuse a
// later transaction, and a row lock (a read on the writer) sees the rows.
// Readers see a group's writes only once it commits, and by then none of
// its members has answered.
//
// Statements run with their context's cancellation removed: SQLite answers
// an interrupt during a write inside a transaction by rolling the whole
// transaction back, which would take the other members' work with it.
// A member's context is checked before each statement instead, and a
// member whose context ends while it holds the writer is rolled back to its
// savepoint and passes the writer on (context.AfterFunc), as database/sql
// rolls back a transaction whose context ends. Errors that SQLite answers
// by rolling back the whole transaction (a full disk, an I/O error) are
// noticed after any failed statement: the group is then broken, its later
// statements and its COMMIT are refused, and every member fails.

// Bounds of a group: a member that passes the writer commits the group,
// instead of handing it on, once the group has this many members or has
// been open this long. Without them a steady queue would keep a group open
// and its first members waiting.
var (
	groupSize = 64
	groupAge  = 10 * time.Millisecond
	adaptive  = true // false: a group stays open for groupAge (tests)
)

// savepoint is the name of a member's savepoint. Savepoints the member
// opens itself nest inside it and end with it.
const savepoint = "hp_member"

// group is one outer transaction on the writer's connection.
type group struct {
	conn     *sql.Conn   // the writer's connection, held from BEGIN to COMMIT
	ent      entsql.Conn // ent's Exec and Query over conn
	start    time.Time
	members  int   // savepoints opened
	released int   // members released (committed into the group)
	err      error // why the group cannot commit; nil while it may
	done     chan struct{}
}

// full reports whether the group should commit rather than take in
// another member: at groupSize members, or once it has been open as long
// as a commit takes these days (commitTime), at most groupAge. So while
// the disk flushes fast a group hardly waits for more members, and while
// it is slow the group gathers the members that queue meanwhile: no member
// waits for later ones much longer than it would have waited for a flush.
func (s *split) full(g *group) bool {
	age := groupAge
	if adaptive {
		age = min(age, time.Duration(s.commitTime.Load()))
	}
	return g.members >= groupSize || time.Since(g.start) >= age
}

// background is the context of the group's own statements, which no
// member's cancellation may interrupt.
var background = context.Background()

// join waits for the writer and opens a member of the open group, or of a
// new one.
func (s *split) join(ctx context.Context) (*member, error) {
	if err := s.take(ctx); err != nil {
		return nil, err
	}
	g, err := s.openGroup(ctx)
	if err != nil {
		s.pass()
		return nil, err
	}
	if _, err := g.conn.ExecContext(background, "SAVEPOINT "+savepoint); err != nil {
		s.broke(g, err)
		s.pass()
		return nil, err
	}
	g.members++
	m := &member{s: s, g: g, ctx: ctx}
	m.stop = context.AfterFunc(ctx, m.abandon)
	return m, nil
}

// openGroup returns the open group, or begins one on the writer's
// connection; the caller holds the writer.
func (s *split) openGroup(ctx context.Context) (*group, error) {
	if s.group != nil {
		return s.group, nil
	}
	conn, err := s.writer.DB().Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(background, "BEGIN IMMEDIATE"); err != nil {
		conn.Close()
		return nil, err
	}
	s.group = &group{conn: conn, ent: entsql.Conn{ExecQuerier: conn}, start: time.Now(), done: make(chan struct{})}
	return s.group, nil
}

// pass ends the caller's turn at the writer: it hands the writer, with
// the open group, to the next in line; or, when no one waits, or the group
// is full or broken, it ends the group and frees the writer.
func (s *split) pass() {
	s.stats.held.Add(time.Now().UnixNano() - s.stats.since.Load())
	if g := s.group; g != nil {
		if g.err == nil && !s.full(g) && s.queue.handOver() {
			return
		}
		s.endGroup(g)
	}
	s.queue.give()
}

// alone runs f at the writer outside any group, after committing the open
// group: for a statement whose rows are read after the turn. Its statement
// commits by itself, and its rows keep the writer's connection from the
// next group until they are closed.
func (s *split) alone(ctx context.Context, f func() error) error {
	if err := s.take(ctx); err != nil {
		return err
	}
	if g := s.group; g != nil {
		s.endGroup(g)
	}
	defer s.pass()
	defer s.ckpt.committed()
	return f()
}

// endGroup commits the group, or rolls it back if it is broken, returns
// its connection and tells its members.
func (s *split) endGroup(g *group) {
	s.group = nil
	if g.err == nil {
		t0 := time.Now()
		_, err := g.conn.ExecContext(background, "COMMIT")
		took := time.Since(t0)
		s.stats.committing.Add(int64(took))
		// commitTime follows the commits' duration, a quarter of the way
		// to each new one.
		old := s.commitTime.Load()
		s.commitTime.Store(old + (int64(took)-old)/4)
		if err != nil {
			g.err = fmt.Errorf("commit: %w", err)
		}
	}
	if g.err != nil && s.inTx(g) {
		if _, err := g.conn.ExecContext(background, "ROLLBACK"); err != nil {
			slog.Error("roll back a failed group at the database writer", "error", err.Error())
		}
	}
	if s.inTx(g) {
		// Never hand a connection inside a transaction back to the pool.
		g.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	g.conn.Close()
	s.ckpt.committed()
	s.stats.groups.Add(1)
	s.stats.joined.Add(int64(g.released))
	close(g.done)
}

// inTx reports whether the group's connection is inside a transaction
// (SQLite's autocommit is off); true when that cannot be told.
func (s *split) inTx(g *group) bool {
	auto := false
	err := g.conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("the writer's connection is a %T", dc)
		}
		auto = c.AutoCommit()
		return nil
	})
	return err != nil || !auto
}

// broke marks the group as unable to commit, for the first reason given.
func (s *split) broke(g *group, err error) {
	if g.err == nil {
		g.err = fmt.Errorf("the group's transaction at the database writer failed: %w", err)
	}
}

// member is one transaction inside a group: dialect.Tx, and the
// ExecContext and QueryContext of ent's execquery feature.
type member struct {
	s    *split
	g    *group
	ctx  context.Context // the transaction's
	stop func() bool     // of the AfterFunc that rolls back when ctx ends
	mu   sync.Mutex      // one statement, Commit or Rollback at a time
	over bool            // released or rolled back
}

// usable returns why the member may not run a statement now, or nil.
func (m *member) usable(ctx context.Context) error {
	if m.over {
		if err := m.ctx.Err(); err != nil {
			return err
		}
		return sql.ErrTxDone
	}
	if m.g.err != nil {
		return m.g.err
	}
	if err := m.ctx.Err(); err != nil {
		return err
	}
	return ctx.Err()
}

// failed checks, after a statement's error, that the group's transaction
// is still open: SQLite rolls a whole transaction back on some errors.
func (m *member) failed(err error) {
	if err != nil && !m.s.inTx(m.g) {
		m.s.broke(m.g, err)
	}
}

func (m *member) Exec(ctx context.Context, query string, args, v any) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return err
	}
	err := m.g.ent.Exec(context.WithoutCancel(ctx), query, args, v)
	m.failed(err)
	return err
}

func (m *member) Query(ctx context.Context, query string, args, v any) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return err
	}
	err := m.g.ent.Query(context.WithoutCancel(ctx), query, args, v)
	m.failed(err)
	return err
}

func (m *member) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return nil, err
	}
	res, err := m.g.conn.ExecContext(context.WithoutCancel(ctx), query, args...)
	m.failed(err)
	return res, err
}

func (m *member) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return nil, err
	}
	rows, err := m.g.conn.QueryContext(context.WithoutCancel(ctx), query, args...)
	m.failed(err)
	return rows, err
}

// Commit releases the member's savepoint and returns once the group's
// COMMIT has: nil when the group is on disk, else the group's error. A
// member whose context has ended rolls back instead, as database/sql does.
func (m *member) Commit() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.over {
		if err := m.ctx.Err(); err != nil {
			return err // rolled back as its context ended
		}
		return sql.ErrTxDone
	}
	g := m.g
	if err := m.ctx.Err(); err != nil {
		m.end(false)
		return err
	}
	m.end(true)
	<-g.done
	return g.err
}

// Rollback undoes the member's writes and no one else's. When another
// member has released into the group, it returns only once the group has
// ended: the caller's answer may rest on what that member wrote.
func (m *member) Rollback() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.over {
		return sql.ErrTxDone
	}
	g := m.g
	others := g.released > 0
	m.end(false)
	if others {
		<-g.done
	}
	return nil
}

// abandon rolls the member back when its context ends while it is open.
func (m *member) abandon() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.over {
		m.end(false)
	}
}

// end releases the member's savepoint (commit) or rolls back to it, and
// passes the writer on. A failure of either breaks the group: what the
// member did can no longer be told apart from the others'.
func (m *member) end(commit bool) {
	m.over = true
	m.stop()
	g := m.g
	if g.err == nil {
		if commit {
			if _, err := g.conn.ExecContext(background, "RELEASE "+savepoint); err != nil {
				m.s.broke(g, err)
			} else {
				g.released++
			}
		} else {
			if _, err := g.conn.ExecContext(background, "ROLLBACK TO "+savepoint); err != nil {
				m.s.broke(g, err)
			} else if _, err := g.conn.ExecContext(background, "RELEASE "+savepoint); err != nil {
				m.s.broke(g, err)
			}
		}
	}
	m.s.pass()
}
