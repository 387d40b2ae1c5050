package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/devoidc"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/boardmeeting"
	"github.com/handlingsplan/handlingsplan/ent/boardvisit"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/unit"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/ent/workplacemeeting"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/logging/logtest"
	"github.com/handlingsplan/handlingsplan/rule"
)

const demoLogLine = "created demo data for development"

func TestServeDevCreatesDemoDataOnTheFirstStartOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "dev.db")
	now := time.Now()
	log := serveUntilReady(t, "/readyz", "serve", "--dev", "--db", db)
	if strings.Count(log, demoLogLine) != 1 {
		t.Errorf("the first dev start logged %q %d times, want once:\n%s", demoLogLine, strings.Count(log, demoLogLine), log)
	}
	first := checkDemoData(t, openTestDB(t, db).Client, now)
	if !dbtest.Analysed(t, openTestDB(t, db), "actions") {
		t.Error("no planner statistics on actions after the first dev start")
	}

	log = serveUntilReady(t, "/readyz", "serve", "--dev", "--db", db)
	if strings.Contains(log, demoLogLine) {
		t.Errorf("the second dev start created demo data again:\n%s", log)
	}
	again := demoCounts(t, openTestDB(t, db).Client)
	// Each start hands the demo Enhetschef's unit to that start's user, in the audit trail.
	again.DevAudit, first.DevAudit = 0, 0
	if again != first {
		t.Errorf("after a second start the counts are %+v, want %+v", again, first)
	}
}

func TestServeWithoutDevCreatesNoDemoData(t *testing.T) {
	db := filepath.Join(t.TempDir(), "prod.db")
	// A provider that is never reached: /healthz answers without it.
	log := serveUntilReady(t, "/healthz", "serve", "--db", db,
		"--oidc-issuer", "http://127.0.0.1:1", "--oidc-client-id", "handlingsplan",
		"--oidc-redirect-url", "http://127.0.0.1/auth/callback")
	if strings.Contains(log, demoLogLine) {
		t.Errorf("serve without --dev created demo data:\n%s", log)
	}
	c := openTestDB(t, db).Client
	ctx := rule.SystemContext(context.Background(), "test")
	if n, _ := c.Department.Query().Count(ctx); n != 1 {
		t.Fatalf("departments = %d, want the seeded one", n)
	}
	if got := demoCounts(t, c); got != (counts{}) {
		t.Errorf("without --dev: %+v, want nothing", got)
	}
}

// TestDemoDataAroundTheYear creates the demo data on both databases, and
// on SQLite on days where July or a new year falls in the ranges.
func TestDemoDataAroundTheYear(t *testing.T) {
	days := map[string][]string{
		dialect.SQLite:   {"2025-09-10", "2025-07-15", "2025-10-01", "2026-01-02", "2026-06-30"},
		dialect.Postgres: {"2025-11-20"},
	}
	for _, dia := range dbtest.Dialects {
		for _, day := range days[dia] {
			t.Run(dia+"/"+day, func(t *testing.T) {
				db := dbtest.Open(t, dia, nil)
				ctx := context.Background()
				logger := newLogger(io.Discard)
				if _, err := seedIfEmpty(ctx, db, logger); err != nil {
					t.Fatal(err)
				}
				d, _ := time.ParseInLocation(time.DateOnly, day, followup.Location())
				now := d.Add(10 * time.Hour)
				if _, err := createDemoData(ctx, db.Client, now, logger); err != nil {
					t.Fatal(err)
				}
				first := checkDemoData(t, db.Client, now)
				if _, err := createDemoData(ctx, db.Client, now.AddDate(0, 0, 3), logger); err != nil {
					t.Fatal(err)
				}
				if again := demoCounts(t, db.Client); again != first {
					t.Errorf("a second run changed the counts to %+v, want %+v", again, first)
				}
			})
		}
	}
}

// counts are the rows demo data creates.
type counts struct {
	Operations, Units, Managed, APTs, Meetings, Visits, Held, ReportBacks, Slots, Bookings, Workshops, DevAudit int
}

func demoCounts(t *testing.T, c *ent.Client) counts {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	var n counts
	var err error
	for _, q := range []struct {
		dst *int
		f   func() (int, error)
	}{
		{&n.Operations, func() (int, error) { return c.Operation.Query().Count(ctx) }},
		{&n.Units, func() (int, error) { return c.Unit.Query().Count(ctx) }},
		{&n.Managed, func() (int, error) { return c.Unit.Query().Where(unit.ManagerIDNotNil()).Count(ctx) }},
		{&n.APTs, func() (int, error) { return c.WorkplaceMeeting.Query().Count(ctx) }},
		{&n.Meetings, func() (int, error) { return c.BoardMeeting.Query().Count(ctx) }},
		{&n.Visits, func() (int, error) { return c.BoardVisit.Query().Count(ctx) }},
		{&n.Held, func() (int, error) { return c.BoardVisit.Query().Where(boardvisit.HeldOnNotNil()).Count(ctx) }},
		{&n.ReportBacks, func() (int, error) { return c.Action.Query().Where(action.ReportBackOfIDNotNil()).Count(ctx) }},
		{&n.Slots, func() (int, error) { return c.StudyVisitSlot.Query().Count(ctx) }},
		{&n.Bookings, func() (int, error) { return c.StudyVisitBooking.Query().Count(ctx) }},
		{&n.Workshops, func() (int, error) { return c.Workshop.Query().Count(ctx) }},
		{&n.DevAudit, func() (int, error) { return c.AuditRecord.Query().Where(auditrecord.Actor("system:dev")).Count(ctx) }},
	} {
		if *q.dst, err = q.f(); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// checkDemoData checks the demo data created at now and returns its counts.
func checkDemoData(t *testing.T, c *ent.Client, now time.Time) counts {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	today := now.In(followup.Location()).Format(time.DateOnly)
	n := demoCounts(t, c)

	areas, err := c.OperationArea.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ops, err := c.Operation.Query().WithUnits(func(q *ent.UnitQuery) { q.WithWorkplaceMeetings() }).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != areas || areas != 5 {
		t.Errorf("%d operations for %d operation areas, want one per area (5)", len(ops), areas)
	}
	var names []string
	for _, op := range ops {
		names = append(names, op.Name)
		if op.OperationAreaID == nil {
			t.Errorf("operation %s has no operation area", op.Name)
		}
		if u := len(op.Edges.Units); u < 1 || u > 2 {
			t.Errorf("operation %s has %d units, want 1 or 2", op.Name, u)
		}
		for _, u := range op.Edges.Units {
			apts := u.Edges.WorkplaceMeetings
			if len(apts) < 7 {
				t.Errorf("unit %s has %d APT dates, want about one a month for eight months", u.Name, len(apts))
			}
			future := 0
			for _, a := range apts {
				if a.Date > today {
					future++
				}
			}
			if future < 5 {
				t.Errorf("unit %s has %d APT dates ahead, want about six", u.Name, future)
			}
		}
	}
	if got := strings.Join(names, ", "); !strings.Contains(got, "Hemtjänsten") || !strings.Contains(got, "Öppenvården IFO") {
		t.Errorf("operations = %s", got)
	}
	// Every unit has a manager, and the demo Enhetschef's stand-in manages exactly one.
	if n.Units < 5 || n.Managed != n.Units {
		t.Errorf("%d of %d units have a manager, want all of several", n.Managed, n.Units)
	}
	if got := unitsOfDemoChef(t, c, ""); got != 1 {
		t.Errorf("the demo Enhetschef (or their stand-in) manages %d units, want 1", got)
	}

	meetings, err := c.BoardMeeting.Query().WithVisit().Order(boardmeeting.ByDate()).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(meetings) < 10 {
		t.Errorf("%d board meetings, want about one a month for eleven months", len(meetings))
	}
	past := 0
	for _, m := range meetings {
		if strings.HasPrefix(m.Date[4:], "-07-") {
			t.Errorf("a board meeting in July: %s", m.Date)
		}
		switch {
		case m.Date < today && m.Edges.Visit == nil:
			t.Errorf("the past meeting of %s has no visit", m.Date)
		case m.Date >= today && m.Edges.Visit != nil:
			t.Errorf("the coming meeting of %s has a visit; only past ones are assigned", m.Date)
		}
		if m.Date < today {
			past++
		}
	}
	if past < 2 || n.Visits != past {
		t.Errorf("%d past meetings, %d visits; want at least two, all visited", past, n.Visits)
	}

	held, err := c.BoardVisit.Query().Where(boardvisit.HeldOnNotNil()).WithReportBack().WithMeeting().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 1 {
		t.Fatalf("%d held visits, want 1", len(held))
	}
	v := held[0]
	if v.Presenter == "" || v.Work == "" || v.Conditions == "" || v.Needs == "" || v.UnitID == nil {
		t.Errorf("the held visit lacks what was said: %+v", v)
	}
	if *v.HeldOn != v.Edges.Meeting.Date || v.Edges.Meeting.Date != latestPast(meetings, today) {
		t.Errorf("held on %s at the meeting of %s, want the latest past meeting", *v.HeldOn, v.Edges.Meeting.Date)
	}
	rb := v.Edges.ReportBack
	if rb == nil || rb.ReportBackOfID == nil || rb.DeadlineKind != action.DeadlineKindDate || rb.DueDate == nil {
		t.Fatalf("the held visit's report-back = %+v, want a dated report-back action", rb)
	}
	if tmpl, err := c.Action.Get(ctx, *rb.ReportBackOfID); err != nil || tmpl.Rule == nil || *tmpl.Rule != action.RuleBoardVisitReportBack {
		t.Errorf("the report-back is under %+v (%v), want the board-visit report-back action", tmpl, err)
	}
	next, err := c.WorkplaceMeeting.Query().
		Where(workplacemeeting.UnitID(*v.UnitID), workplacemeeting.DateGT(*v.HeldOn)).
		Order(workplacemeeting.ByDate()).First(ctx)
	if err != nil || *rb.DueDate != next.Date {
		t.Errorf("the report-back is due %s, want the unit's next APT (%v, %v)", *rb.DueDate, next, err)
	}

	slots, err := c.StudyVisitSlot.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) < 2 || len(slots) > 3 {
		t.Errorf("%d study visit slots, want 2 or 3", len(slots))
	}
	for _, s := range slots {
		if s.Size != 3 || !s.StartsAt.After(now) || s.StartsAt.After(now.AddDate(0, 0, 30)) {
			t.Errorf("slot at %s of %d seats, want 3 seats in the coming weeks", s.StartsAt, s.Size)
		}
		if wd := s.StartsAt.In(followup.Location()).Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("slot on a %s", wd)
		}
	}

	ws, err := c.Workshop.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 {
		t.Fatalf("%d workshops, want 1", len(ws))
	}
	w := ws[0]
	if w.RegistrationOpensAt.After(now) || !w.RegistrationClosesAt.After(now.AddDate(0, 0, 13)) || w.AllocatedAt != nil {
		t.Errorf("registration %s to %s, want open now for two weeks", w.RegistrationOpensAt, w.RegistrationClosesAt)
	}
	if w.Date <= today || w.Capacity != 30 || w.Place != "Kommunhuset" || w.Topic != "Tillitsbaserad styrning i praktiken" || len(w.Minimums) != 5 {
		t.Errorf("workshop = %+v", w)
	}

	// Through ent's hooks: each row is in the audit trail, by the system.
	if want := n.Operations + n.Units + n.APTs + n.Meetings + n.Visits + n.ReportBacks + n.Slots + n.Workshops; n.DevAudit < want {
		t.Errorf("%d audit records by system:dev, want at least %d", n.DevAudit, want)
	}
	return n
}

func latestPast(meetings []*ent.BoardMeeting, today string) string {
	last := ""
	for _, m := range meetings {
		if m.Date < today {
			last = m.Date
		}
	}
	return last
}

// serveUntilReady runs serve with args on a free port until path answers
// 200, then stops it as SIGTERM would, and returns its log.
func serveUntilReady(t *testing.T, path string, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var stderr logtest.Buffer
	go func() { done <- run(ctx, append(args, "--addr", addr), io.Discard, &stderr) }()
	waitReady(t, "http://"+addr+path, done)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not shut down")
	}
	http.DefaultClient.CloseIdleConnections()
	return stderr.String()
}

func openTestDB(t *testing.T, path string) *database.DB {
	t.Helper()
	db, err := database.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// unitsOfDemoChef counts the units managed by the demo Enhetschef of
// issuer, or of any issuer when it is empty.
func unitsOfDemoChef(t *testing.T, c *ent.Client, issuer string) int {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	chef := c.Role.Query().Where(role.Name(demoUnitManagerRole)).OnlyX(ctx)
	who := user.Subject(demoSubject(chef.ID))
	if issuer != "" {
		who = user.And(who, user.Issuer(issuer))
	}
	return c.Unit.Query().Where(unit.HasManagerWith(who)).CountX(ctx)
}

// The demo Enhetschef logs in through a provider whose issuer changes on
// every start; each start hands the unit over to that start's user.
func TestDemoEnhetschefManagesOneUnitAcrossRestarts(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := context.Background()
	if _, err := seedIfEmpty(ctx, db, newLogger(io.Discard)); err != nil {
		t.Fatal(err)
	}
	if _, err := createDemoData(ctx, db.Client, time.Now(), newLogger(io.Discard)); err != nil {
		t.Fatal(err)
	}
	sys := rule.SystemContext(ctx, "test")
	chef := db.Client.Role.Query().Where(role.Name(demoUnitManagerRole)).OnlyX(sys)
	users := []devoidc.User{
		{Subject: demoSubject(chef.ID), Name: "Elin Enhetschef", Email: "elin@example"},
		{Subject: "demo-999", Name: "Ingen enhet"},
	}
	for _, issuer := range []string{"http://127.0.0.1:1111", "http://127.0.0.1:2222", "http://127.0.0.1:2222"} {
		if err := handOverDemoUnits(ctx, db.Client, issuer, users); err != nil {
			t.Fatal(err)
		}
		if got := unitsOfDemoChef(t, db.Client, issuer); got != 1 {
			t.Errorf("after a start as %s the demo Enhetschef manages %d units, want 1", issuer, got)
		}
		if n := db.Client.User.Query().Where(user.Issuer(issuer), user.Subject(demoSubject(chef.ID))).CountX(sys); n != 1 {
			t.Errorf("%d users of %s for the demo Enhetschef, want 1", n, issuer)
		}
	}
	if n := db.Client.User.Query().Where(user.Subject("demo-999")).CountX(sys); n != 0 {
		t.Errorf("a demo user with no units got %d users made for them, want none", n)
	}
}
