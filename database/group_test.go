package database_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/rule"
)

// pending is a write transaction in a goroutine of its own: it writes
// (joining the writer's queue), reports that, and ends as the test says.
type pending struct {
	wrote chan error
	end   chan func(*ent.Tx) error
	done  chan error
}

func begin(t *testing.T, db *database.DB, ctx context.Context, write func(context.Context, *ent.Tx) error) *pending {
	t.Helper()
	p := &pending{wrote: make(chan error, 1), end: make(chan func(*ent.Tx) error, 1), done: make(chan error, 1)}
	go func() {
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			p.wrote <- err
			return
		}
		p.wrote <- write(ctx, tx)
		p.done <- (<-p.end)(tx)
	}()
	return p
}

func commit(tx *ent.Tx) error   { return tx.Commit() }
func rollback(tx *ent.Tx) error { return tx.Rollback() }

// wrote waits for p's write and returns its error.
func (p *pending) written(t *testing.T) error {
	t.Helper()
	select {
	case err := <-p.wrote:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("a transaction never got to write")
		return nil
	}
}

// result waits for p's Commit or Rollback.
func (p *pending) result(t *testing.T) error {
	t.Helper()
	select {
	case err := <-p.done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("a transaction never ended")
		return nil
	}
}

// notYet checks that p has not ended.
func (p *pending) notYet(t *testing.T, what string) {
	t.Helper()
	select {
	case err := <-p.done:
		t.Fatalf("%s returned (%v) before its group committed", what, err)
	case <-time.After(100 * time.Millisecond):
	}
}

func dept(slug string) func(context.Context, *ent.Tx) error {
	return func(ctx context.Context, tx *ent.Tx) error {
		return tx.Department.Create().SetSlug(slug).SetName(slug).SetMunicipality("Kommun").Exec(ctx)
	}
}

// queued waits until n transactions wait for the writer.
func queued(t *testing.T, db *database.DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if database.WaitingForWriter(db) == n {
			return
		}
	}
	t.Fatalf("%d transactions never queued for the writer", n)
}

// stored reports which of slugs a reader finds.
func stored(t *testing.T, db *database.DB, slugs ...string) map[string]bool {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	found := map[string]bool{}
	for _, s := range slugs {
		ok, err := db.Client.Department.Query().Where(department.Slug(s)).Exist(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found[s] = ok
	}
	return found
}

// group lines up first (already writing, so holding the writer) and then
// each of rest behind it, in order, and lets first commit: they form one
// group.
func group(t *testing.T, db *database.DB, first *pending, rest ...*pending) {
	t.Helper()
	if err := first.written(t); err != nil {
		t.Fatal(err)
	}
	for i := range rest {
		queued(t, db, i+1)
	}
	first.end <- commit
}

// TestGroupMembersCommitTogether: transactions queued at the writer join
// the group of the one holding it; none returns from Commit, and no reader
// sees their rows, until the last has released and the group has
// committed, once.
func TestGroupMembersCommitTogether(t *testing.T) {
	defer database.KeepGroupsOpen()()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	groups0, members0, _ := db.GroupStats()

	x := begin(t, db, ctx, dept("x"))
	x.written(t)
	a := begin(t, db, ctx, dept("a"))
	queued(t, db, 1)
	b := begin(t, db, ctx, dept("b"))
	queued(t, db, 2)
	x.end <- commit
	if err := a.written(t); err != nil {
		t.Fatal(err)
	}
	x.notYet(t, "the first member's Commit")
	a.end <- commit
	if err := b.written(t); err != nil {
		t.Fatal(err)
	}
	// b holds the writer, inside the group: x and a have released.
	a.notYet(t, "the second member's Commit")
	if got := stored(t, db, "x", "a"); got["x"] || got["a"] {
		t.Fatalf("a reader saw %v before the group committed", got)
	}
	b.end <- commit
	for name, p := range map[string]*pending{"x": x, "a": a, "b": b} {
		if err := p.result(t); err != nil {
			t.Errorf("commit of %s: %v", name, err)
		}
	}
	if got := stored(t, db, "x", "a", "b"); !got["x"] || !got["a"] || !got["b"] {
		t.Errorf("after the group's commit a reader finds %v", got)
	}
	if groups, members, _ := db.GroupStats(); groups-groups0 != 1 || members-members0 != 3 {
		t.Errorf("%d groups of %d members, want 1 of 3", groups-groups0, members-members0)
	}
}

// TestGroupMemberRollbackLeavesTheOthers: a member that rolls back undoes
// its own writes only; a member refused by a unique index because an
// earlier member of its group holds the value (uncommitted) is refused as
// it would be after that member's commit, and rolls back alone.
func TestGroupMemberRollbackLeavesTheOthers(t *testing.T) {
	defer database.KeepGroupsOpen()()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")

	x := begin(t, db, ctx, dept("x"))
	x.written(t)
	a := begin(t, db, ctx, dept("a"))
	queued(t, db, 1)
	b := begin(t, db, ctx, func(ctx context.Context, tx *ent.Tx) error {
		if err := dept("b")(ctx, tx); err != nil {
			return err
		}
		return dept("a")(ctx, tx) // a's, in the group but not committed
	})
	queued(t, db, 2)
	c := begin(t, db, ctx, dept("c"))
	queued(t, db, 3)
	x.end <- commit
	a.written(t)
	a.end <- commit
	if err := b.written(t); !ent.IsConstraintError(err) {
		t.Fatalf("a member inserting an earlier member's unique slug: %v, want a constraint error", err)
	}
	b.end <- rollback
	c.written(t)
	// b's answer may rest on a's row: its Rollback returns once the group
	// has ended.
	b.notYet(t, "the Rollback of a member after a released one")
	c.end <- commit
	if err := b.result(t); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	for name, p := range map[string]*pending{"x": x, "a": a, "c": c} {
		if err := p.result(t); err != nil {
			t.Errorf("commit of %s: %v", name, err)
		}
	}
	want := map[string]bool{"x": true, "a": true, "b": false, "c": true}
	if got := stored(t, db, "x", "a", "b", "c"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stored %v, want %v", got, want)
	}
	if n := db.Client.Department.Query().CountX(ctx); n != 3 {
		t.Errorf("%d departments, want 3", n)
	}
}

// TestGroupCommitFailureFailsEveryMember: when the group's COMMIT fails
// (here a deferred foreign key that only COMMIT checks), every member's
// Commit returns the error and none of their rows is kept; the writer
// serves the next transaction.
func TestGroupCommitFailureFailsEveryMember(t *testing.T) {
	defer database.KeepGroupsOpen()()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE gc_parent (id INTEGER PRIMARY KEY);
		CREATE TABLE gc_child (parent INTEGER REFERENCES gc_parent (id) DEFERRABLE INITIALLY DEFERRED)`); err != nil {
		t.Fatal(err)
	}
	x := begin(t, db, ctx, dept("x"))
	x.written(t)
	a := begin(t, db, ctx, dept("a"))
	queued(t, db, 1)
	bad := begin(t, db, ctx, func(ctx context.Context, tx *ent.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO gc_child (parent) VALUES (42)")
		return err
	})
	queued(t, db, 2)
	x.end <- commit
	a.written(t)
	a.end <- commit
	if err := bad.written(t); err != nil {
		t.Fatalf("a deferred foreign key refused before COMMIT: %v", err)
	}
	bad.end <- commit
	for name, p := range map[string]*pending{"x": x, "a": a, "bad": bad} {
		if err := p.result(t); err == nil {
			t.Errorf("%s's Commit succeeded in a group whose COMMIT failed", name)
		}
	}
	if got := stored(t, db, "x", "a"); got["x"] || got["a"] {
		t.Errorf("a failed group left %v", got)
	}
	var children int
	if err := db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM gc_child").Scan(&children); err != nil || children != 0 {
		t.Errorf("%d children kept (%v)", children, err)
	}
	after := begin(t, db, ctx, dept("after"))
	after.written(t)
	after.end <- commit
	if err := after.result(t); err != nil {
		t.Fatalf("the writer after a failed group: %v", err)
	}
	if got := stored(t, db, "after"); !got["after"] {
		t.Error("the transaction after a failed group was not kept")
	}
}

// TestGroupBrokenByAMemberFailsEveryMember: when a member's transaction
// is rolled back behind the group's back (as SQLite does on a full disk or
// an I/O error; here a member says ROLLBACK itself), every member fails,
// including those that released before, and the writer carries on.
func TestGroupBrokenByAMemberFailsEveryMember(t *testing.T) {
	defer database.KeepGroupsOpen()()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	x := begin(t, db, ctx, dept("x"))
	x.written(t)
	breaker := begin(t, db, ctx, func(ctx context.Context, tx *ent.Tx) error {
		_, err := tx.ExecContext(ctx, "ROLLBACK")
		return err
	})
	queued(t, db, 1)
	x.end <- commit
	breaker.written(t)
	breaker.end <- commit
	if err := breaker.result(t); err == nil {
		t.Error("the member whose transaction vanished committed")
	}
	if err := x.result(t); err == nil {
		t.Error("a member released before the group broke was told it committed")
	}
	if got := stored(t, db, "x"); got["x"] {
		t.Error("x is stored, yet its group was rolled back")
	}
	after := begin(t, db, ctx, dept("after"))
	after.written(t)
	after.end <- commit
	if err := after.result(t); err != nil {
		t.Fatalf("the writer after a broken group: %v", err)
	}
}

// TestGroupMemberWhoseContextEnds: a member whose context ends while it
// holds the writer is rolled back to its savepoint and passes the writer
// on; the group commits without it, and its Commit answers the context's
// error.
func TestGroupMemberWhoseContextEnds(t *testing.T) {
	defer database.KeepGroupsOpen()()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	x := begin(t, db, ctx, dept("x"))
	x.written(t)
	short, cancel := context.WithCancel(ctx)
	defer cancel()
	a := begin(t, db, short, dept("a"))
	queued(t, db, 1)
	x.end <- commit
	if err := a.written(t); err != nil {
		t.Fatal(err)
	}
	x.notYet(t, "the first member's Commit")
	cancel()
	if err := x.result(t); err != nil {
		t.Fatalf("the group of a cancelled member: %v", err)
	}
	a.end <- commit
	if err := a.result(t); !errors.Is(err, context.Canceled) {
		t.Errorf("the cancelled member's Commit: %v, want context.Canceled", err)
	}
	want := map[string]bool{"x": true, "a": false}
	if got := stored(t, db, "x", "a"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stored %v, want %v", got, want)
	}
}

// TestGroupManyWriters fires transactions from many goroutines at once,
// committing, rolling back, colliding on a unique slug and being
// cancelled, with the default bounds (run it with -race): exactly the
// acknowledged commits are stored.
func TestGroupManyWriters(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	const writers, each = 24, 25
	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(w), 1))
			for i := range each {
				slug := fmt.Sprintf("w%d-%d", w, i)
				tctx, cancel := context.WithCancel(ctx)
				tx, err := db.Client.Tx(tctx)
				if err != nil {
					t.Error(err)
					cancel()
					return
				}
				err = dept(slug)(tctx, tx)
				if err == nil && rnd.IntN(4) == 0 {
					err = dept("shared")(tctx, tx) // one wins, the rest collide
				}
				switch {
				case err != nil:
					if !ent.IsConstraintError(err) {
						t.Errorf("%s: %v", slug, err)
					}
					tx.Rollback()
				case rnd.IntN(5) == 0:
					tx.Rollback()
				case rnd.IntN(8) == 0:
					cancel()
					if tx.Commit() == nil {
						t.Errorf("%s committed after its context ended", slug)
					}
				default:
					if err := tx.Commit(); err != nil {
						t.Errorf("%s: commit: %v", slug, err)
					} else {
						mu.Lock()
						acked[slug] = true
						mu.Unlock()
					}
				}
				cancel()
			}
		})
	}
	wg.Wait()
	all := db.Client.Department.Query().Select(department.FieldSlug).StringsX(ctx)
	kept := map[string]bool{}
	for _, s := range all {
		if s != "shared" {
			kept[s] = true
		}
	}
	for s := range acked {
		if !kept[s] {
			t.Errorf("%s was acknowledged and is not stored", s)
		}
	}
	for s := range kept {
		if !acked[s] {
			t.Errorf("%s is stored but its transaction was not acknowledged", s)
		}
	}
	groups, members, _ := db.GroupStats()
	t.Logf("%d acknowledged commits in %d groups (%d members)", len(acked), groups, members)
}

// TestGroupCommitSurvivesSIGKILL runs writers in a child process, which
// prints each slug once its Commit has returned, kills the child with
// SIGKILL after some hundreds, and then finds every printed slug stored.
func TestGroupCommitSurvivesSIGKILL(t *testing.T) {
	if path := os.Getenv("HP_GROUP_CRASH_DB"); path != "" {
		crashChild(path)
		return
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	db, err := database.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestGroupCommitSurvivesSIGKILL$")
	cmd.Env = append(os.Environ(), "HP_GROUP_CRASH_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	lines := bufio.NewScanner(out)
	timeout := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer timeout.Stop()
	for lines.Scan() {
		acked = append(acked, lines.Text())
		if len(acked) == 400 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	for lines.Scan() { // what was printed before the kill landed
		acked = append(acked, lines.Text())
	}
	cmd.Wait()
	if len(acked) < 400 {
		t.Fatalf("the child acknowledged %d commits before it ended", len(acked))
	}

	db, err = database.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := rule.SystemContext(context.Background(), "test")
	kept := map[string]bool{}
	for _, s := range db.Client.Department.Query().Select(department.FieldSlug).StringsX(ctx) {
		kept[s] = true
	}
	for _, s := range acked {
		if !kept[s] {
			t.Errorf("%s was acknowledged before the kill and is lost", s)
		}
	}
	t.Logf("%d acknowledged before SIGKILL, %d stored", len(acked), len(kept))
}

// crashChild writes departments from eight goroutines until it is killed,
// printing each slug once its commit has returned.
func crashChild(path string) {
	db, err := database.Open(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx := rule.SystemContext(context.Background(), "crash")
	var out sync.Mutex
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				slug := fmt.Sprintf("c%d-%d", w, i)
				tx, err := db.Client.Tx(ctx)
				if err == nil {
					err = dept(slug)(ctx, tx)
					if err == nil {
						err = tx.Commit()
					} else {
						tx.Rollback()
					}
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, slug, err)
					os.Exit(2)
				}
				out.Lock()
				fmt.Fprintln(os.Stdout, slug) // unbuffered: one write per line
				out.Unlock()
			}
		})
	}
	wg.Wait()
}

// TestGroupTakesInAStatementOutsideATransaction: an UPDATE through the
// base client, outside any transaction, queued behind an open group, joins
// it and returns once the group has committed. A create through the base
// client (ent's INSERT … RETURNING, whose rows are read after the call) and
// a PRAGMA (inside a transaction most do nothing) run alone, after the
// open group's COMMIT.
func TestGroupTakesInAStatementOutsideATransaction(t *testing.T) {
	defer database.KeepGroupsOpen()()
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	if err := db.Client.Department.Create().SetSlug("old").SetName("Gammal").SetMunicipality("Kommun").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	groups0, members0, _ := db.GroupStats()
	x := begin(t, db, ctx, dept("x"))
	x.written(t)
	update := make(chan error, 1)
	go func() {
		_, err := db.Client.ExecContext(ctx, "UPDATE departments SET name = 'Ny' WHERE slug = 'old'")
		update <- err
	}()
	queued(t, db, 1)
	create := make(chan error, 1)
	go func() {
		create <- db.Client.Department.Create().SetSlug("solo").SetName("solo").SetMunicipality("Kommun").Exec(ctx)
	}()
	queued(t, db, 2)
	pragma := make(chan error, 1)
	go func() {
		_, err := db.Client.ExecContext(ctx, "PRAGMA user_version = 7")
		pragma <- err
	}()
	queued(t, db, 3)
	x.end <- commit
	for _, c := range []chan error{x.done, update, create, pragma} {
		select {
		case err := <-c:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a write never ended")
		}
	}
	// x and the update in one group, which the create, running alone,
	// commits first; the create's plan-version bump (planversion, an
	// UPDATE of its own) in a second, which the PRAGMA commits.
	if groups, members, _ := db.GroupStats(); groups-groups0 != 2 || members-members0 != 3 {
		t.Errorf("%d groups of %d members, want 2 of 3", groups-groups0, members-members0)
	}
	if got := stored(t, db, "x", "solo"); !got["x"] || !got["solo"] {
		t.Errorf("stored %v", got)
	}
	if n := db.Client.Department.Query().Where(department.Name("Ny")).CountX(ctx); n != 1 {
		t.Errorf("%d departments renamed, want 1", n)
	}
	var v int
	if err := db.SQL.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v != 7 {
		t.Errorf("user_version %d (%v), want 7", v, err)
	}
}
