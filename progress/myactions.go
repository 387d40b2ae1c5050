package progress

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// MyActions returns what the viewer's roles (and the groups they belong
// to) answer for, in every department and every adopted plan (never a
// draft or an archived one), most urgent first. It ranks every such
// action from one hand-written query that reads only what ranking needs
// (rankActions), then reads the whole rows of the ones it returns, their
// sign-offs and their sub-actions, and the plans and coverage: a constant number of
// statements whatever the number of actions, none whose size grows with
// it, and none that reads a sign-off ranking cannot use (withdrawn, done
// after the date, another share's, or a deadline's beyond its first).
func MyActions(ctx context.Context, client *ent.Client, asOf time.Time, f Filter) ([]Item, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	var roles []int
	for _, m := range v.Departments {
		roles = append(roles, m.RoleIDs...)
	}
	if len(roles) == 0 {
		return nil, nil
	}
	mine := myActionsWhere{departments: v.DepartmentIDs(), user: v.UserID, roles: roles}
	day := asOf.In(followup.Location()).Format(time.DateOnly)
	plans, err := client.Plan.Query().Where(plan.StatusEQ(plan.StatusAdopted)).All(ctx)
	if err != nil {
		return nil, err
	}
	cov, err := LoadCoverage(ctx, client, v.DepartmentIDs()...)
	if err != nil {
		return nil, err
	}
	units := cov.UnitsOf(v.UserID)
	ranked, err := rankActions(ctx, client, mine, units, day)
	if err != nil {
		return nil, err
	}

	calendars := make(map[int]*followup.Calendar, len(plans))
	byPlan := make(map[int]*ent.Plan, len(plans))
	for _, p := range plans {
		byPlan[p.ID] = p
		calendars[p.ID] = followup.NewCalendar(Rules(p), asOf)
	}
	// Ranked by small keys: sorting the items themselves would move far
	// more memory than comparing them costs.
	type rankKey struct{ urgency, id, item int }
	kept := make([]Item, 0, len(ranked))
	keys := make([]rankKey, 0, len(ranked))
	actions := make([]ent.Action, len(ranked)) // one allocation for all
	for i := range ranked {
		r := &ranked[i]
		p, cal := byPlan[r.plan], calendars[r.plan]
		if p == nil {
			continue // not visible to the viewer (privacy), as the join would have it
		}
		a := &actions[i]
		r.action(a)
		it := Item{Action: a, Plan: p}
		switch {
		case !byPeriod(r.kind, r.scope):
			var first []followup.SignOff
			if r.firstDone.Valid {
				first = followupSignOffs([]*ent.SignOff{{DoneOn: r.firstDone.String}})
			}
			it.Result = cal.Evaluate(deadlineOf(a), first)
		case a.Scope == action.ScopeOnce:
			it.Result = cal.Evaluate(deadlineOf(a), followupSignOffs(r.rankedSignOffs()))
		default:
			shares := cov.SharesOf(a, v.UserID)
			if len(shares) == 0 {
				continue // they hold the role but no unit of its duty is theirs
			}
			it.Result = evaluateDuty(cal, a, r.rankedSignOffs(), shares)
			for _, s := range shares {
				if s.UnitID != 0 {
					it.Units = append(it.Units, cov.Unit(a.DepartmentID, s.UnitID))
				}
			}
		}
		if keep(it, f) {
			keys = append(keys, rankKey{followup.Urgency(it.Result, asOf), a.ID, len(kept)})
			kept = append(kept, it)
		}
	}
	slices.SortFunc(keys, func(x, y rankKey) int {
		return cmp.Or(cmp.Compare(x.urgency, y.urgency), cmp.Compare(x.id, y.id))
	})
	if f.Limit <= 0 || f.Limit > MaxItems {
		f.Limit = MaxItems
	}
	items := make([]Item, min(len(keys), f.Limit))
	for i := range items {
		items[i] = kept[keys[i].item]
	}
	return withWholeActions(ctx, client, cov, calendars, items, units, v.UserID, asOf)
}

// withWholeActions replaces the narrowly read actions of items with whole
// rows, their responsible roles and the viewer's share of their live
// sign-offs loaded, evaluates them again from those (for every period's
// day and the occurrences logged, which ranking did not need), and counts
// their sub-actions done.
func withWholeActions(ctx context.Context, client *ent.Client, cov *Coverage, calendars map[int]*followup.Calendar, items []Item, units []int, user int, asOf time.Time) ([]Item, error) {
	if len(items) == 0 {
		return items, nil
	}
	ids := make([]int, len(items))
	for i, it := range items {
		ids[i] = it.Action.ID
	}
	whole, err := client.Action.Query().Where(action.IDIn(ids...)).WithResponsible().All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Action, len(whole))
	for _, a := range whole {
		byID[a.ID] = a
	}
	// Of a shared duty only the viewer's own share counts here: their own
	// sign-offs and their units'.
	q := client.SignOff.Query().Where(signoff.ActionIDIn(ids...), signoff.WithdrawnAtIsNil())
	if len(units) > 0 {
		q.Where(signoff.Or(signoff.HasActionWith(action.ScopeEQ(action.ScopeOnce)), signoff.SignerID(user), signoff.UnitIDIn(units...)))
	} else {
		q.Where(signoff.Or(signoff.HasActionWith(action.ScopeEQ(action.ScopeOnce)), signoff.SignerID(user)))
	}
	signOffs, err := q.Order(signoff.ByID()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range signOffs {
		if a := byID[s.ActionID]; a != nil {
			a.Edges.SignOffs = append(a.Edges.SignOffs, s)
		}
	}
	subs, err := client.Action.Query().Where(action.ParentIDIn(ids...)).WithSignOffs(liveSignOffs).All(ctx)
	if err != nil {
		return nil, err
	}
	out := items[:0]
	for _, it := range items {
		a, ok := byID[it.Action.ID]
		if !ok {
			continue // gone since it was ranked
		}
		if a.Edges.SignOffs == nil {
			a.Edges.SignOffs = []*ent.SignOff{}
		}
		it.Action = a
		cal := calendars[it.Plan.ID]
		if a.Scope == action.ScopeOnce {
			it.Result = evaluateDuty(cal, a, a.Edges.SignOffs, nil)
		} else {
			it.Result = evaluateDuty(cal, a, a.Edges.SignOffs, cov.SharesOf(a, user))
		}
		it.countSubActions(subs, func(sub *ent.Action) followup.Status {
			return evaluateDuty(cal, sub, sub.Edges.SignOffs, cov.Shares(sub)).Status
		})
		it.LastSignedOn = lastSignedOn(&it, asOf)
		out = append(out, it)
	}
	return out, nil
}

// myActionsWhere is MyActions's choice of actions, and the privacy rules'
// choice of departments, for the hand-written queries: actions of the
// viewer's departments in adopted plans (areaPlanInForce), given to the
// viewer (a report-back given to one person is theirs alone) or, given to
// nobody, to one of their roles.
type myActionsWhere struct {
	departments []int
	user        int
	roles       []int
}

// sql writes the condition on a (actions), ar (areas) and p (plans).
func (w myActionsWhere) sql(b *query) {
	b.WriteString(" WHERE a.id IN (SELECT id FROM actions WHERE assignee_id = ")
	b.arg(w.user)
	b.WriteString(" UNION ALL SELECT id FROM actions WHERE responsible_id IN (")
	b.ints(w.roles)
	b.WriteString(") AND assignee_id IS NULL) AND (a.assignee_id = ")
	b.arg(w.user)
	b.WriteString(" OR (a.responsible_id IN (")
	b.ints(w.roles)
	b.WriteString(") AND a.assignee_id IS NULL)) AND ar.id = a.area_id AND p.id = ar.plan_id AND a.department_id IN (")
	b.ints(w.departments)
	b.WriteString(") AND p.status = 'adopted'")
}

// myActionsFrom starts from the actions, found by the indexes over
// assignee_id and responsible_id: SQLite by the union (it scans every
// action for an OR of the two), PostgreSQL by the same condition as an OR
// (a bitmap of both indexes). SQLite keeps the order of a CROSS JOIN, and
// would otherwise walk every plan's areas' actions.
const myActionsFrom = " FROM actions a CROSS JOIN areas ar CROSS JOIN plans p"

// rankRow is what ranking needs of an action. firstDone is, of a duty done
// once with a deadline or when needed, the day of its first live sign-off
// done by the date: one is all its status needs. signOffs are, of a
// continuous action or a shared duty (byPeriod), its live sign-offs done
// by the date, of the viewer's share: one per period and share.
type rankRow struct {
	id, plan, responsible, department int
	kind, scope                       string
	dueMonth, dueDate, firstDone      sql.NullString
	signOffs                          sql.NullString
}

// action fills a with what ranking knows of it.
func (r *rankRow) action(a *ent.Action) {
	*a = ent.Action{ID: r.id, DeadlineKind: action.DeadlineKind(r.kind), Scope: action.Scope(r.scope),
		ResponsibleID: r.responsible, DepartmentID: r.department}
	if r.dueMonth.Valid {
		a.DueMonth = &r.dueMonth.String
	}
	if r.dueDate.Valid {
		a.DueDate = &r.dueDate.String
	}
}

// byPeriod reports whether an action's status needs its sign-offs one by
// one, by period and share, rather than its first (rankRow.firstDone).
func byPeriod(kind, scope string) bool {
	return kind == string(action.DeadlineKindContinuous) || scope != string(action.ScopeOnce)
}

// byPeriodSQL is byPeriod in SQL, over a.
const byPeriodSQL = "(a.deadline_kind = 'continuous' OR a.scope <> 'once')"

// rankActions reads what ranking needs of the viewer's actions in one
// statement, scanned by hand (a generic scan costs more than the query).
// Their sign-offs come from subqueries through the index of live
// sign-offs by action and day: a look-up for the first, a short range for
// the periods. No sign-off withdrawn, done after the date, another
// action's, or (beyond the first) a deadline's is read, so what the
// department has stored makes no difference.
func rankActions(ctx context.Context, client *ent.Client, w myActionsWhere, units []int, day string) ([]rankRow, error) {
	var b query
	b.WriteString("SELECT a.id, ar.plan_id, a.deadline_kind, a.due_month, a.due_date, a.scope, a.responsible_id, a.department_id, ")
	b.WriteString("CASE WHEN NOT " + byPeriodSQL + " THEN (SELECT MIN(s.done_on) FROM sign_offs s WHERE s.action_id = a.id AND s.withdrawn_at IS NULL AND s.done_on <= ")
	b.arg(day)
	b.WriteString(") END, CASE WHEN " + byPeriodSQL + " THEN (SELECT string_agg(" +
		"COALESCE(s.period, '') || ' ' || s.done_on || ' ' || s.signer_id || ' ' || COALESCE(s.unit_id, 0), ',')" +
		" FROM sign_offs s WHERE s.action_id = a.id AND s.withdrawn_at IS NULL AND s.done_on <= ")
	b.arg(day)
	// Of a shared duty only the viewer's own share counts here: their own
	// sign-offs and their units'.
	b.WriteString(" AND (a.scope = 'once' OR s.signer_id = ")
	b.arg(w.user)
	if len(units) > 0 {
		b.WriteString(" OR s.unit_id IN (")
		b.ints(units)
		b.WriteString(")")
	}
	b.WriteString(")) END")
	b.WriteString(myActionsFrom)
	w.sql(&b)
	rows, err := client.QueryContext(ctx, b.String(), b.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]rankRow, 0, 1024)
	for rows.Next() {
		var r rankRow
		if err := rows.Scan(&r.id, &r.plan, &r.kind, &r.dueMonth, &r.dueDate, &r.scope, &r.responsible, &r.department,
			&r.firstDone, &r.signOffs); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// rankedSignOffs reads rankRow.signOffs: "period day signer unit", comma
// separated (period keys and days hold neither commas nor spaces).
func (r *rankRow) rankedSignOffs() []*ent.SignOff {
	if !r.signOffs.Valid || r.signOffs.String == "" {
		return nil
	}
	var out []*ent.SignOff
	for _, one := range strings.Split(r.signOffs.String, ",") {
		f := strings.Split(one, " ")
		if len(f) != 4 {
			continue
		}
		s := &ent.SignOff{ActionID: r.id, Period: f[0], DoneOn: f[1]}
		s.SignerID, _ = strconv.Atoi(f[2])
		if u, _ := strconv.Atoi(f[3]); u != 0 {
			s.UnitID = &u
		}
		out = append(out, s)
	}
	return out
}

// query is a hand-written SQL statement and its arguments. Its
// placeholders are $1, $2, … in the order written, which PostgreSQL and
// SQLite both read.
type query struct {
	strings.Builder
	args []any
}

func (q *query) arg(v any) {
	q.args = append(q.args, v)
	q.WriteString("$" + strconv.Itoa(len(q.args)))
}

func (q *query) ints(vs []int) {
	for i, v := range vs {
		if i > 0 {
			q.WriteString(", ")
		}
		q.arg(v)
	}
}
