package progress

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/operation"
	"github.com/handlingsplan/handlingsplan/ent/plan"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/followup"
)

// Coverage knows whom the shared duties of some departments cover: their
// units (an each-unit duty covers every unit of its department) and who
// holds which role, for which unit (an each-person duty covers every
// holder of its role). It is read in three statements, whatever the number
// of units and people, and then answers for every action of those
// departments.
type Coverage struct {
	units   map[int][]*ent.Unit  // by department, in name order
	holders map[int][]holding    // by role; a group's holders are its member positions' holders
	areaOf  map[int]int          // operation id → operation area id
	groups  map[int]map[int]bool // position → the groups it belongs to
}

// holding is one person's hold of a role.
type holding struct {
	user          int
	unit          *int // held for one unit
	operationArea *int // held for one operation area
	since         time.Time
}

// LoadCoverage reads the units and role assignments of the departments.
func LoadCoverage(ctx context.Context, client *ent.Client, departments ...int) (*Coverage, error) {
	return loadCoverage(ctx, client, nil, departments)
}

// LoadCoverageOf reads what LoadCoverage does, but only user's role
// assignments: enough for SharesOf and UnitsOf of that user (a sign-off),
// whatever the number of people in the departments.
func LoadCoverageOf(ctx context.Context, client *ent.Client, user int, departments ...int) (*Coverage, error) {
	return loadCoverage(ctx, client, &user, departments)
}

func loadCoverage(ctx context.Context, client *ent.Client, user *int, departments []int) (*Coverage, error) {
	c := &Coverage{units: map[int][]*ent.Unit{}, holders: map[int][]holding{}, areaOf: map[int]int{}, groups: map[int]map[int]bool{}}
	if len(departments) == 0 {
		return c, nil
	}
	units, err := client.Unit.Query().Where(unit.DepartmentIDIn(departments...)).
		WithOperation(func(q *ent.OperationQuery) { q.Select(operation.FieldOperationAreaID) }).
		Order(ent.Asc(unit.FieldName), ent.Asc(unit.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		c.units[u.DepartmentID] = append(c.units[u.DepartmentID], u)
		if op := u.Edges.Operation; op != nil && op.OperationAreaID != nil {
			c.areaOf[u.OperationID] = *op.OperationAreaID
		}
	}
	q := client.RoleAssignment.Query().Where(roleassignment.DepartmentIDIn(departments...))
	if user != nil {
		q.Where(roleassignment.UserID(*user))
	}
	assignments, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	groups, err := client.Role.Query().
		Where(role.DepartmentIDIn(departments...), role.KindEQ(role.KindGroup)).
		WithMembers(func(q *ent.RoleQuery) { q.Select(role.FieldID) }).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		for _, m := range g.Edges.Members {
			if c.groups[m.ID] == nil {
				c.groups[m.ID] = map[int]bool{}
			}
			c.groups[m.ID][g.ID] = true
		}
	}
	for _, ra := range assignments {
		h := holding{user: ra.UserID, unit: ra.UnitID, operationArea: ra.OperationAreaID, since: ra.CreatedAt}
		c.holders[ra.RoleID] = append(c.holders[ra.RoleID], h)
		for g := range c.groups[ra.RoleID] {
			c.holders[g] = append(c.holders[g], h)
		}
	}
	return c, nil
}

// A ShareOf is one covered unit or person of a shared duty.
type ShareOf struct {
	Key    string    // as stored on sign-offs: "unit:12", "person:7"
	UnitID int       // each unit
	UserID int       // each person
	Since  time.Time // when it joined the duty
}

// UnitShare and PersonShare are the keys sign-offs store for a share.
func UnitShare(unitID int) string   { return "unit:" + strconv.Itoa(unitID) }
func PersonShare(userID int) string { return "person:" + strconv.Itoa(userID) }

// Shares lists whom a shared duty covers, in a stable order: every unit of
// its department, for all its deadlines (each unit), or every holder of
// its responsible role, once each, from the day they first got it (each
// person). A duty done once has none.
func (c *Coverage) Shares(a *ent.Action) []ShareOf {
	switch a.Scope {
	case action.ScopeEachUnit:
		units := c.units[a.DepartmentID]
		out := make([]ShareOf, len(units))
		for i, u := range units {
			// A unit counts for every deadline, whenever it was entered
			// into the app: units are usually entered after the plan
			// started, and did the work (or not) all along.
			out[i] = ShareOf{Key: UnitShare(u.ID), UnitID: u.ID}
		}
		return out
	case action.ScopeEachPerson:
		first := map[int]time.Time{}
		for _, h := range c.holders[a.ResponsibleID] {
			if since, ok := first[h.user]; !ok || h.since.Before(since) {
				first[h.user] = h.since
			}
		}
		out := make([]ShareOf, 0, len(first))
		for user, since := range first {
			out = append(out, ShareOf{Key: PersonShare(user), UserID: user, Since: since})
		}
		slices.SortFunc(out, func(x, y ShareOf) int { return cmp.Compare(x.UserID, y.UserID) })
		return out
	}
	return nil
}

// SharesOf lists the shares of a duty that user answers for: for each
// unit, the units they manage, hold the role for, or hold it for through
// the unit's operation area; for each person, themselves while they hold
// the role. A duty done once has none.
func (c *Coverage) SharesOf(a *ent.Action, user int) []ShareOf {
	if a.Scope == action.ScopeEachPerson {
		var mine *ShareOf
		for _, h := range c.holders[a.ResponsibleID] {
			if h.user == user && (mine == nil || h.since.Before(mine.Since)) {
				mine = &ShareOf{Key: PersonShare(user), UserID: user, Since: h.since}
			}
		}
		if mine == nil {
			return nil
		}
		return []ShareOf{*mine}
	}
	var out []ShareOf
	for _, s := range c.Shares(a) { // each unit, or none
		if c.answersForUnit(a, user, s.UnitID) {
			out = append(out, s)
		}
	}
	return out
}

func (c *Coverage) answersForUnit(a *ent.Action, user, unitID int) bool {
	u := c.Unit(a.DepartmentID, unitID)
	return u != nil && c.answers(c.holders[a.ResponsibleID], user, u)
}

// answers reports whether user answers for unit u: as its manager, or by
// one of holds (a role held for u or for u's operation area).
func (c *Coverage) answers(holds []holding, user int, u *ent.Unit) bool {
	if u.ManagerID != nil && *u.ManagerID == user {
		return true
	}
	return slices.ContainsFunc(holds, func(h holding) bool { return h.user == user && h.covers(u, c.areaOf) })
}

// UnitsOf lists the units user may answer for in some duty: those they
// manage, and those they hold a role for, directly or through the unit's
// operation area.
func (c *Coverage) UnitsOf(user int) []int {
	var mine []holding
	for _, hs := range c.holders {
		for _, h := range hs {
			if h.user == user {
				mine = append(mine, h)
			}
		}
	}
	var ids []int
	for _, units := range c.units {
		for _, u := range units {
			if c.answers(mine, user, u) {
				ids = append(ids, u.ID)
			}
		}
	}
	return ids
}

// covers reports whether a hold of a role is for unit u: for u itself, or
// for u's operation area.
func (h holding) covers(u *ent.Unit, areaOf map[int]int) bool {
	if h.unit != nil {
		return *h.unit == u.ID
	}
	return h.operationArea != nil && *h.operationArea == areaOf[u.OperationID]
}

// Unit returns a unit of the coverage's departments by id, or nil.
func (c *Coverage) Unit(dept, id int) *ent.Unit {
	for _, u := range c.units[dept] {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// EvaluateDuty gives an action's state as of asOf: for a duty done once,
// from all its live sign-offs; for a shared duty, from every covered
// share's own sign-offs (followup.EvaluateShared). A sign-off counts for
// the share it was made for: each unit by its unit, each person by its
// signer, so that sign-offs made before the duty was shared keep counting
// for their signer and their unit.
func EvaluateDuty(p *ent.Plan, a *ent.Action, signOffs []*ent.SignOff, shares []ShareOf, asOf time.Time) followup.Result {
	return evaluateDuty(followup.NewCalendar(Rules(p), asOf), a, signOffs, shares)
}

// evaluateDuty is EvaluateDuty on the calendar of a's plan.
func evaluateDuty(cal *followup.Calendar, a *ent.Action, signOffs []*ent.SignOff, shares []ShareOf) followup.Result {
	if a.Scope == action.ScopeOnce {
		return cal.Evaluate(deadlineOf(a), followupSignOffs(signOffs))
	}
	byShare := map[string][]followup.SignOff{}
	for _, s := range signOffs {
		fs, ok := followupSignOff(s)
		key, counts := countsFor(a, s)
		if ok && counts {
			byShare[key] = append(byShare[key], fs)
		}
	}
	fshares := make([]followup.Share, len(shares))
	for i, s := range shares {
		fshares[i] = followup.Share{Since: s.Since, SignOffs: byShare[s.Key]}
	}
	return cal.EvaluateShared(deadlineOf(a), fshares)
}

// countsFor says which share of a shared duty a sign-off counts for: each
// unit by its unit (none without one), each person by its signer.
func countsFor(a *ent.Action, s *ent.SignOff) (string, bool) {
	if a.Scope == action.ScopeEachUnit {
		if s.UnitID == nil {
			return "", false
		}
		return UnitShare(*s.UnitID), true
	}
	return PersonShare(s.SignerID), true
}

// DutyShare is one covered unit or person of a shared duty, and where
// their part stands.
type DutyShare struct {
	Unit         *ent.Unit // each unit
	User         *ent.User // each person
	Result       followup.Result
	LastSignedOn string // the day of their latest live sign-off, if any
}

// DutyShares lists who a shared duty covers and where each one's part
// stands as of asOf, units by name and people by name; nil for a duty done
// once. With unitID, only that unit, or the people who hold the duty's role
// for that unit: a unit manager's view of their own people. Seven
// statements, whatever the number of units or people.
func DutyShares(ctx context.Context, client *ent.Client, actionID int, unitID *int, asOf time.Time) ([]DutyShare, error) {
	a, err := client.Action.Get(ctx, actionID) // whole: a GraphQL parent may hold only the fields asked for
	if err != nil {
		return nil, err
	}
	if a.Scope == action.ScopeOnce {
		return nil, nil
	}
	p, err := client.Plan.Query().Where(plan.HasAreasWith(area.ID(a.AreaID))).Only(ctx)
	if err != nil {
		return nil, err
	}
	signOffs, err := client.SignOff.Query().Where(signoff.ActionID(a.ID), signoff.WithdrawnAtIsNil()).All(ctx)
	if err != nil {
		return nil, err
	}
	cov, err := LoadCoverage(ctx, client, a.DepartmentID)
	if err != nil {
		return nil, err
	}
	shares := cov.Shares(a)
	if unitID != nil {
		shares = slices.DeleteFunc(shares, func(s ShareOf) bool {
			if s.UnitID != 0 {
				return s.UnitID != *unitID
			}
			return !slices.ContainsFunc(cov.holders[a.ResponsibleID], func(h holding) bool {
				return h.user == s.UserID && h.unit != nil && *h.unit == *unitID
			})
		})
	}
	users := map[int]*ent.User{}
	if a.Scope == action.ScopeEachPerson {
		ids := make([]int, len(shares))
		for i, s := range shares {
			ids[i] = s.UserID
		}
		found, err := client.User.Query().Where(user.IDIn(ids...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range found {
			users[u.ID] = u
		}
	}
	last := map[string]string{}
	day := asOf.In(followup.Location()).Format(time.DateOnly)
	for _, so := range signOffs {
		if key, ok := countsFor(a, so); ok && so.DoneOn > last[key] && so.DoneOn <= day {
			last[key] = so.DoneOn
		}
	}
	out := make([]DutyShare, 0, len(shares))
	for _, s := range shares {
		ds := DutyShare{Result: EvaluateDuty(p, a, signOffs, []ShareOf{s}, asOf), LastSignedOn: last[s.Key]}
		if s.UnitID != 0 {
			ds.Unit = cov.Unit(a.DepartmentID, s.UnitID)
		} else if ds.User = users[s.UserID]; ds.User == nil {
			continue // not visible to the viewer
		}
		out = append(out, ds)
	}
	if a.Scope == action.ScopeEachPerson {
		slices.SortStableFunc(out, func(x, y DutyShare) int { return cmp.Compare(x.User.Name, y.User.Name) })
	}
	return out, nil
}
