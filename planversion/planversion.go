// Package planversion keeps two counters per department, in the database.
// The plan version changes with every write to what a plan's tree shows:
// the plan, its areas, actions and sub-actions, the roles they name and the
// department itself. The follow-up version changes with every write to what
// else decides where an action stands and who answers for it: sign-offs
// (made or withdrawn), role assignments, units (their managers and
// operations), operations and operation areas, and the removal of a user.
// A cache of answers built from those rows (graph's tree cache, from the
// plan versions; its cache of Mitt ansvar, from both) reads the counters
// before it computes an answer and keeps the answer under them, so a later
// write, by this process or another replica on the same database, makes
// every answer built before it miss.
//
// The counter is bumped by a hook (Register) in the write's own
// transaction, so it changes exactly when the write becomes visible: a
// reader that sees the new counter also sees the new rows. A write outside
// a transaction is bumped right after its statement; see Register for that
// caveat.
package planversion

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	entgo "entgo.io/ent"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/entrow"
)

// The counters live in the tables plan_versions and follow_up_versions
// (database/migrations). A department without a row is at version 0.

// counter is one of the two tables of counters, with its bump statements.
type counter struct{ bump, bumpAll string }

var (
	planCounter     = counter{bump: bump, bumpAll: bumpAll}
	followUpCounter = counter{
		bump: `INSERT INTO follow_up_versions (department_id, version) VALUES ($1, 1)
	ON CONFLICT (department_id) DO UPDATE SET version = follow_up_versions.version + 1`,
		bumpAll: `INSERT INTO follow_up_versions (department_id, version) SELECT id, 1 FROM departments WHERE true
	ON CONFLICT (department_id) DO UPDATE SET version = follow_up_versions.version + 1`,
	}
)

// bump raises one department's counter, creating its row at 1. One
// statement, atomic on both databases: concurrent writers on PostgreSQL
// each add their one (the second waits for the first's row lock), and none
// is lost as a read-then-write would lose it.
const bump = `INSERT INTO plan_versions (department_id, version) VALUES ($1, 1)
	ON CONFLICT (department_id) DO UPDATE SET version = plan_versions.version + 1`

// bumpAll raises every department's counter, for a write whose rows cannot
// be told beforehand (a bulk update or delete): rare, and never wrong.
// SQLite needs the WHERE to read ON CONFLICT as the upsert's.
const bumpAll = `INSERT INTO plan_versions (department_id, version) SELECT id, 1 FROM departments WHERE true
	ON CONFLICT (department_id) DO UPDATE SET version = plan_versions.version + 1`

// tables are the tables of the tenant-owned types the hook watches, for
// finding the department of a row about to be deleted.
var tables = map[string]string{
	ent.TypePlan:           "plans",
	ent.TypeArea:           "areas",
	ent.TypeAction:         "actions",
	ent.TypeRole:           "roles",
	ent.TypeSignOff:        "sign_offs",
	ent.TypeRoleAssignment: "role_assignments",
	ent.TypeUnit:           "units",
	ent.TypeOperation:      "operations",
	ent.TypeOperationArea:  "operation_areas",
}

// Register installs the hook on every type a plan's tree shows: Plan,
// Area, Action (sub-actions too), Role (the responsible roles, a plan's
// owner and approver, groups and members) and Department (its name above
// the plan). A type added to the tree must be added here.
//
// Writes in a transaction bump the counter in that transaction. A write
// outside one is committed by its own statement, and the bump follows as
// a statement of its own: between the two, a reader may still be served
// the answer from before the write, and should the bump fail the write
// stands while readers keep that answer until the next bump. Write the
// tree in transactions (the API's mutations and the imports all do).
//
// It installs the follow-up version's hook too (FollowUpHook): on SignOff,
// RoleAssignment, Unit, Operation and OperationArea, and on the removal of
// a User (whose role assignments the database removes with it). A type
// added to what Mitt ansvar reads must be added there.
func Register(client *ent.Client) {
	h := Hook()
	client.Plan.Use(h)
	client.Area.Use(h)
	client.Action.Use(h)
	client.Role.Use(h)
	client.Department.Use(h)

	f := FollowUpHook()
	client.SignOff.Use(f)
	client.RoleAssignment.Use(f)
	client.Unit.Use(f)
	client.Operation.Use(f)
	client.OperationArea.Use(f)
	// A user belongs to no department: only their removal changes what
	// the departments' shared duties cover, in whichever department.
	client.User.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil || !m.Op().Is(entgo.OpDelete|entgo.OpDeleteOne) {
				return v, err
			}
			db := m.(interface{ Client() *ent.Client }).Client()
			if _, err := db.ExecContext(ctx, followUpCounter.bumpAll); err != nil {
				return nil, fmt.Errorf("bump the follow-up versions: %w", err)
			}
			return v, nil
		})
	})
}

// Hook bumps the plan version of the department of each row the mutation
// writes, once the write has succeeded, through the mutation's own client
// (its transaction, when it has one).
func Hook() ent.Hook { return hook(planCounter) }

// FollowUpHook is Hook for the follow-up version.
func FollowUpHook() ent.Hook { return hook(followUpCounter) }

func hook(c counter) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			db := m.(interface{ Client() *ent.Client }).Client()
			var dept int
			op := m.Op()
			if op.Is(entgo.OpDeleteOne) {
				// The row is gone afterwards: find its department first.
				id, _ := m.(interface{ ID() (int, bool) }).ID()
				var err error
				if dept, err = departmentOf(ctx, db, m.Type(), id); err != nil {
					return nil, err
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if op.Is(entgo.OpCreate | entgo.OpUpdateOne) {
				dept = departmentIn(v)
			}
			if dept == 0 && op.Is(entgo.OpDeleteOne) {
				return v, nil // nothing was there to delete
			}
			if dept == 0 {
				_, err = db.ExecContext(ctx, c.bumpAll)
			} else {
				_, err = db.ExecContext(ctx, c.bump, dept)
			}
			if err != nil {
				return nil, fmt.Errorf("bump the department's version: %w", err)
			}
			return v, nil
		})
	}
}

// departmentIn is the department of a created or updated row, or 0 when
// the value does not say (the bump then covers every department).
func departmentIn(v ent.Value) int {
	if d, ok := v.(*ent.Department); ok {
		return d.ID
	}
	dept, _ := entrow.DepartmentID(v)
	return dept
}

// departmentOf reads the department of row id of type typ, or 0 when there
// is no such row.
func departmentOf(ctx context.Context, db *ent.Client, typ string, id int) (int, error) {
	if typ == ent.TypeDepartment {
		return id, nil
	}
	table, ok := tables[typ]
	if !ok {
		return 0, nil
	}
	rows, err := db.QueryContext(ctx, "SELECT department_id FROM "+table+" WHERE id = $1", id)
	if err != nil {
		return 0, fmt.Errorf("department of the row to delete: %w", err)
	}
	defer rows.Close()
	var dept int
	if rows.Next() {
		if err := rows.Scan(&dept); err != nil {
			return 0, err
		}
	}
	return dept, rows.Err()
}

// Queryer runs a query: an ent client (with the execquery feature) or a
// *sql.DB.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Read returns the versions of the departments, in their order, into
// into (which it grows as needed and returns). Read them before reading
// the rows an answer is built from: a write committed in between then
// leaves the answer under the older versions, where no later reader looks.
func Read(ctx context.Context, db Queryer, depts []int, into []int64) ([]int64, error) {
	into = into[:0]
	for range depts {
		into = append(into, 0)
	}
	if len(depts) == 0 {
		return into, nil
	}
	var q strings.Builder
	q.WriteString("SELECT department_id, version FROM plan_versions WHERE department_id IN (")
	args := make([]any, len(depts))
	for i, d := range depts {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteByte('$')
		q.WriteString(strconv.Itoa(i + 1))
		args[i] = d
	}
	q.WriteByte(')')
	rows, err := db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("read plan versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var dept int
		var version int64
		if err := rows.Scan(&dept, &version); err != nil {
			return nil, fmt.Errorf("read plan versions: %w", err)
		}
		for i, d := range depts {
			if d == dept {
				into[i] = version
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read plan versions: %w", err)
	}
	return into, nil
}

// ReadBoth returns the plan versions and then the follow-up versions of
// the departments, each in the departments' order, in one statement: 2 ×
// len(depts) numbers. Read them before reading the rows an answer is built
// from, as for Read.
func ReadBoth(ctx context.Context, db Queryer, depts []int, into []int64) ([]int64, error) {
	into = into[:0]
	for range 2 * len(depts) {
		into = append(into, 0)
	}
	if len(depts) == 0 {
		return into, nil
	}
	var q strings.Builder
	args := make([]any, len(depts))
	in := func() {
		q.WriteString(" WHERE department_id IN (")
		for i := range depts {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteByte('$')
			q.WriteString(strconv.Itoa(i + 1))
		}
		q.WriteByte(')')
	}
	for i, d := range depts {
		args[i] = d
	}
	q.WriteString("SELECT 0, department_id, version FROM plan_versions")
	in()
	q.WriteString(" UNION ALL SELECT 1, department_id, version FROM follow_up_versions")
	in()
	rows, err := db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("read versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var which, dept int
		var version int64
		if err := rows.Scan(&which, &dept, &version); err != nil {
			return nil, fmt.Errorf("read versions: %w", err)
		}
		for i, d := range depts {
			if d == dept {
				into[which*len(depts)+i] = version
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read versions: %w", err)
	}
	return into, nil
}
