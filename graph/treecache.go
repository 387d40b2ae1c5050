package graph

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/planversion"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// CacheTrees has NewHandler answer queries of a plan's tree from a cache
// (see treeCache); serve switches it on. Without it every query runs.
func CacheTrees() Option {
	return func(r *Resolver) { r.cacheTrees = true }
}

// CacheMyActions has NewHandler answer queries of Mitt ansvar (myActions)
// from a cache of its own (see treeCache, personal); serve switches it on.
func CacheMyActions() Option {
	return func(r *Resolver) { r.cacheMine = true }
}

// The caches' bounds: entries, and bytes of answers (an entry over an
// eighth of it is not kept). Mitt ansvar's answers are one viewer's each,
// and some 100 KB for 200 items.
const (
	treeCacheEntries = 1000
	treeCacheBytes   = 16 << 20
	mineCacheEntries = 1000
	mineCacheBytes   = 24 << 20
)

// treeCache keeps the answers of queries that read only a plan's structure
// (treeFields): the same for every viewer with the same memberships
// (departments, roles held, whether they edit or administer plans there:
// drafts and viewerCanEdit follow from these), until one of those
// departments' plans, areas, actions, roles or the department itself is
// written. So an entry is keyed by the viewer's memberships and the request (operation name, document, variables), and holds the
// departments' plan versions (package planversion) it was computed under:
//
//   - the versions are read from the database before the answer is
//     computed, so a write that commits while it is computed leaves the
//     answer under the older versions, which no reader after the write
//     reads, never a stale answer under the newer ones;
//   - a write bumps its department's version in its own transaction, and
//     the version lives in the database, so a write through another
//     replica on the same database is seen by the next request here;
//   - a viewer of other departments has another key: an answer never
//     crosses departments, and the privacy rules filter by nothing else
//     on these fields;
//   - only answers without errors are kept, and kept as the bytes sent,
//     so a cached answer is byte for byte the one computed.
//
// The cache costs a request one statement (the versions); a hit saves the
// rest, and the execution of the query.
//
// The same type, personal, keeps Mitt ansvar's answers (mineFields): what
// one viewer answers for as of one day. Those depend on more than the
// tree, so such an entry is keyed by the whole viewer (the user, every
// membership with all its flags, municipality administrator or not), the
// day in Stockholm of the request's clock (which the request then computes
// with: see withRequestTime) and the request, and held under the plan
// versions and the follow-up versions of the viewer's departments, which
// every sign-off, withdrawal, role assignment, unit, operation and
// operation area written bumps (package planversion). Follow-up statuses
// depend on the day alone, never on the time of day: deadlines and periods
// end at midnight in Stockholm.
type treeCache struct {
	db       planversion.Queryer
	fields   map[string]map[string]bool
	personal bool
	now      func() time.Time
	entries_ int // bound on entries
	bytes_   int // bound on bytes of answers

	mu      sync.Mutex
	order   list.List // of *treeEntry, most recently used first
	entries map[[sha256.Size]byte]*list.Element
	size    int // bytes of the entries' answers
}

type treeEntry struct {
	key      [sha256.Size]byte
	versions []int64
	body     []byte
}

func newTreeCache(db planversion.Queryer) *treeCache {
	return &treeCache{db: db, fields: treeFields, entries_: treeCacheEntries, bytes_: treeCacheBytes,
		entries: map[[sha256.Size]byte]*list.Element{}}
}

// newMineCache is the cache of Mitt ansvar, under the clock now.
func newMineCache(db planversion.Queryer, now func() time.Time) *treeCache {
	return &treeCache{db: db, fields: mineFields, personal: true, now: now, entries_: mineCacheEntries, bytes_: mineCacheBytes,
		entries: map[[sha256.Size]byte]*list.Element{}}
}

// treeFields are the fields whose answer is the same for every viewer of
// a department, and changes only with the rows planversion watches. A
// field that depends on who asks (viewerCanSignOff, assignments, users),
// on the date (follow-up status, shares) or on rows it does not watch
// (sign-offs, operation areas, units) must never be here.
var treeFields = map[string]map[string]bool{
	"Query": set("plan"),
	"Plan": set("id", "createdAt", "updatedAt", "departmentID", "title", "registryNumber", "date",
		"adoptedBy", "adoptedAt", "adoptedParagraph", "approvedByID", "ownerID", "revisions",
		"background", "completedActivities", "followUpCadence", "dueSoonDays", "status",
		"statusLabel", "revisedAt", "viewerCanEdit", "department", "owner", "approvedBy", "areas"),
	"Revision":       set("date", "note", "changes"),
	"RevisionChange": set("kind", "item", "place", "text", "label"),
	"Area": set("id", "createdAt", "updatedAt", "departmentID", "planID", "position", "title",
		"purpose", "note", "department", "plan", "actions"),
	"Action": set("id", "createdAt", "updatedAt", "departmentID", "areaID", "parentID", "number",
		"position", "text", "responsibleID", "deadlineKind", "dueMonth", "dueDate", "deadlineLabel",
		"scope", "rule", "reportBackOfID", "assigneeID", "area", "parent", "subActions", "responsible",
		"reportBackOf"),
	"Role": set("id", "createdAt", "updatedAt", "departmentID", "name", "kind", "aliases",
		"editsPlans", "administers", "boardMember", "department", "groups", "members"),
	"Department": set("id", "createdAt", "updatedAt", "slug", "name", "municipality",
		"studyVisitReportBackUntil", "roles"),
}

// mineFields are what Mitt ansvar's answers may read: myActions, with
// every field of its items and of their follow-up (all computed from the
// rows the plan and follow-up versions watch, the viewer and the day), the
// units' own fields, and the tree's fields below. A field that reads other
// rows (users, sign-offs as rows, evidence, comments) or the time of day
// must never be here.
var mineFields = func() map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for typ, fields := range treeFields {
		if typ != "Query" {
			m[typ] = fields
		}
	}
	m["Query"] = set("myActions")
	m["MyAction"] = set("action", "plan", "followUp", "units")
	m["FollowUp"] = set("status", "statusLabel", "due", "dueLabel", "lastSignedOn", "periods", "missed", "logged",
		"subActionsDone", "subActionsTotal", "shares")
	m["PeriodState"] = set("key", "label", "start", "end", "status", "statusLabel", "signedOn", "shares")
	m["ShareTally"] = set("done", "total", "label")
	m["Unit"] = set("id", "createdAt", "updatedAt", "departmentID", "operationID", "name", "managerID")
	return m
}()

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// treeOnly reports whether a selection reads fields only, under no
// directive but @skip and @include (whose arguments are in the key).
func treeOnly(fields map[string]map[string]bool, sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name != "__typename" && (s.ObjectDefinition == nil || !fields[s.ObjectDefinition.Name][s.Name]) {
				return false
			}
			if !plainDirectives(s.Directives) || !treeOnly(fields, s.SelectionSet) {
				return false
			}
		case *ast.InlineFragment:
			if !plainDirectives(s.Directives) || !treeOnly(fields, s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || !plainDirectives(s.Directives) || !treeOnly(fields, s.Definition.SelectionSet) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func plainDirectives(ds ast.DirectiveList) bool {
	for _, d := range ds {
		if d.Name != "skip" && d.Name != "include" {
			return false
		}
	}
	return true
}

// treeLookup is a request the cache may answer: its key, and the versions
// read for it; for a personal cache also the time the request computes
// with (its day is in the key).
type treeLookup struct {
	key      [sha256.Size]byte
	versions []int64
	now      time.Time
}

// lookup returns the cached answer of the request, or, when there is none
// but the request may be cached, what store needs to keep its answer. Both
// are nil for a request that is not the cache's (a mutation, a field not
// in treeFields, no viewer) or when the versions cannot be read.
func (c *treeCache) lookup(ctx context.Context, oc *graphql.OperationContext, variables map[string]any) (body []byte, l *treeLookup) {
	v := viewer.FromContext(ctx)
	if v == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query || !treeOnly(c.fields, oc.Operation.SelectionSet) {
		return nil, nil
	}
	vars, err := json.Marshal(variables) // a map's keys in order
	if err != nil {
		return nil, nil
	}
	depts := v.DepartmentIDs()
	l = &treeLookup{}
	h := sha256.New()
	var num []byte
	for _, d := range depts {
		// The membership, not only the department: whether the viewer sees
		// drafts (rule.SeesDrafts) and may edit a plan (viewerCanEdit)
		// follows from it, and from the roles' flags, which planversion
		// watches.
		m := v.Departments[d]
		num = strconv.AppendInt(num[:0], int64(d), 10)
		num = strconv.AppendBool(append(num, ':'), m.EditsPlans)
		num = strconv.AppendBool(append(num, ':'), m.Administers)
		if c.personal {
			num = strconv.AppendBool(append(num, ':'), m.BoardMember)
		}
		for _, r := range slices.Sorted(slices.Values(m.RoleIDs)) {
			num = strconv.AppendInt(append(num, ':'), int64(r), 10)
		}
		h.Write(append(num, ','))
	}
	if c.personal {
		// Who asks, and as of which day: Mitt ansvar is theirs alone.
		l.now = c.now()
		num = append(num[:0], "user:"...)
		num = strconv.AppendInt(num, int64(v.UserID), 10)
		num = strconv.AppendBool(append(num, ':'), v.MunicipalityAdmin)
		num = l.now.In(followup.Location()).AppendFormat(append(num, ":day:"...), time.DateOnly)
		h.Write(append(num, ','))
	}
	for _, part := range []string{oc.OperationName, oc.RawQuery} {
		num = strconv.AppendInt(num[:0], int64(len(part)), 10)
		h.Write(append(num, ':'))
		h.Write([]byte(part))
	}
	h.Write(vars)
	h.Sum(l.key[:0])

	// Before the answer is computed: see treeCache.
	if c.personal {
		l.versions, err = planversion.ReadBoth(ctx, c.db, depts, nil)
	} else {
		l.versions, err = planversion.Read(ctx, c.db, depts, nil)
	}
	if err != nil {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[l.key]; ok {
		e := el.Value.(*treeEntry)
		if slices.Equal(e.versions, l.versions) {
			c.order.MoveToFront(el)
			return e.body, nil
		}
	}
	return nil, l
}

// store keeps body, the answer computed after l's lookup, unless the cache
// already holds one computed under versions at least as new.
func (c *treeCache) store(l *treeLookup, body []byte) {
	if len(body) > c.bytes_/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[l.key]; ok {
		e := el.Value.(*treeEntry)
		if !olderThan(e.versions, l.versions) {
			return
		}
		c.remove(el)
	}
	c.entries[l.key] = c.order.PushFront(&treeEntry{key: l.key, versions: l.versions, body: body})
	c.size += len(body)
	for len(c.entries) > c.entries_ || c.size > c.bytes_ {
		c.remove(c.order.Back())
	}
}

func (c *treeCache) remove(el *list.Element) {
	e := c.order.Remove(el).(*treeEntry)
	delete(c.entries, e.key)
	c.size -= len(e.body)
}

// olderThan reports whether versions a are older than b: some department
// of the (same) viewer departments has a lower version in a.
func olderThan(a, b []int64) bool {
	for i := range a {
		if i < len(b) && a[i] < b[i] {
			return true
		}
	}
	return false
}

// requestTimeKey carries the time a personal cache keyed a request by.
type requestTimeKey struct{}

// withRequestTime has the request compute as of now, the time its cache
// lookup keyed it by (its day), so that an answer computed just after
// midnight is never kept under the day before.
func withRequestTime(ctx context.Context, now time.Time) context.Context {
	return context.WithValue(ctx, requestTimeKey{}, now)
}
