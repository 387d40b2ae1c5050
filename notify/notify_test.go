package notify_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/notify"
	"github.com/handlingsplan/handlingsplan/notify/outbox"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

// planYAML is a plan adopted at the start of 2026: for the unit manager a
// deadline in November (overdue in December), one in December (due soon
// from the 18th), and a continuous duty whose spring term was missed.
const planYAML = `version: 1
department:
  slug: %[1]s
  name: %[2]s
  municipality: Exempels kommun
  roles:
    - name: Förvaltningschef
    - name: Enhetschef
    - name: Medarbetare
plan:
  title: Handlingsplan %[2]s
  registryNumber: EX2026/1
  owner: Förvaltningschef
  status: adopted
  adoptedBy: Nämnden
  adoptedAt: 2026-01-01
  areas:
    - title: Dialog.
      actions:
        - number: 1
          text: Ta fram rutin för dialog.
          responsible: Enhetschef
          deadline: November 2026
        - number: 2
          text: Utvärdera rutinen.
          responsible: Enhetschef
          deadline: December 2026
        - number: 3
          text: Följ upp på APT.
          responsible: Enhetschef
          deadline: Fortlöpande
        - number: 4
          text: Rapportera till nämnden.
          responsible: Förvaltningschef
          deadline: December 2026
`

type fixture struct {
	db                *database.DB
	elin, frida, nils int // Enhetschef, Förvaltningschef, Medarbetare (nothing to do)
	olle              int // Enhetschef of the other department
	dept, otherDept   int
	relay             *relay
	cfg               notify.Config
}

const (
	elinMail  = "elin@kommun.test"
	fridaMail = "frida@kommun.test"
	nilsMail  = "nils@kommun.test"
	olleMail  = "olle@annan.test"
)

func newFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	f := &fixture{db: db}
	for _, d := range []struct{ slug, name string }{{"exempel", "Exempelförvaltningen"}, {"annan", "Annan förvaltning"}} {
		pf, err := planfile.Parse(strings.NewReader(fmt.Sprintf(planYAML, d.slug, d.name)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := planstore.Import(ctx, db.Client, pf)
		if err != nil {
			t.Fatal(err)
		}
		p := db.Client.Plan.GetX(ctx, res.PlanID)
		if d.slug == "exempel" {
			f.dept = p.DepartmentID
		} else {
			f.otherDept = p.DepartmentID
		}
	}
	user := func(slug, role, name, email string) int {
		v := authtest.User(t, db.Client, slug, role)
		db.Client.User.UpdateOneID(v.UserID).SetName(name).SetEmail(email).ExecX(ctx)
		return v.UserID
	}
	// Elin manages a unit: the continuous duty is each unit's, hers for
	// Solen.
	ev, _ := authtest.UnitManager(t, db.Client, "exempel", "Solen", "Enhetschef")
	db.Client.User.UpdateOneID(ev.UserID).SetName("Elin Enhetschef").SetEmail(elinMail).ExecX(ctx)
	f.elin = ev.UserID
	f.frida = user("exempel", "Förvaltningschef", "Frida Förvaltningschef", fridaMail)
	f.nils = user("exempel", "Medarbetare", "Nils Medarbetare", nilsMail)
	f.olle = user("annan", "Enhetschef", "Olle Enhetschef", olleMail)
	f.relay = startRelay(t)
	host, port, _ := net.SplitHostPort(f.relay.addr)
	p, _ := strconv.Atoi(port)
	f.cfg = notify.Config{Host: host, Port: p, TLS: notify.NoTLS, From: "Handlingsplan <noreply@kommun.test>",
		SiteURL: "https://handlingsplan.kommun.test", Timeout: 2 * time.Second}
	return f
}

// at is a Stockholm time.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, followup.Location())
	if err != nil {
		panic(err)
	}
	return t
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// start runs a service (a replica) as of now until the test ends.
func (f *fixture) start(t *testing.T, id string, now time.Time, opts notify.Options) *notify.Service {
	t.Helper()
	opts.ID = id
	opts.Now = func() time.Time { return now }
	if opts.PollInterval == 0 {
		opts.PollInterval = 20 * time.Millisecond
	}
	if opts.ScanEvery == 0 {
		opts.ScanEvery = time.Hour
	}
	if opts.RetryBase == 0 {
		opts.RetryBase, opts.RetryMax = 10*time.Millisecond, 50*time.Millisecond
	}
	s, err := notify.New(f.db, f.cfg, nil, quietLogger(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.Stop(ctx)
	})
	return s
}

// waitIdle waits until every mail job has ended.
func (f *fixture) waitIdle(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var open, scans int
		if err := f.db.SQL.QueryRow(`SELECT COUNT(*) FROM river_job WHERE state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&open); err != nil {
			t.Fatal(err)
		}
		if err := f.db.SQL.QueryRow(`SELECT COUNT(*) FROM notification_log WHERE kind = 'scan'`).Scan(&scans); err != nil {
			t.Fatal(err)
		}
		if open == 0 && scans > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("mail jobs did not finish in 30 s")
}

func TestDigest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		// Monday 21 December 2026, after the default hour (7): November is
		// overdue, December due soon, the spring term missed.
		now := at("2026-12-21 08:00")
		s := f.start(t, "a", now, notify.Options{})
		if err := s.Scan(context.Background(), now); err != nil {
			t.Fatal(err)
		}
		f.waitIdle(t)

		got := f.relay.to(elinMail)
		if len(got) != 1 {
			t.Fatalf("Elin got %d mails, want 1 digest", len(got))
		}
		m := got[0]
		if subj := m.Header.Get("Subject"); !strings.Contains(decodeHeader(subj), "3 saker") {
			t.Errorf("subject %q", decodeHeader(subj))
		}
		body := decodeBody(t, m)
		for _, want := range []string{"Försenat", "Ta fram rutin för dialog.", "Missade perioder", "Följ upp på APT.", "Snart dags", "Utvärdera rutinen.",
			"https://handlingsplan.kommun.test/atgard/", "Avsluta veckobreven: https://handlingsplan.kommun.test/avregistrera?t="} {
			if !strings.Contains(body, want) {
				t.Errorf("digest lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "Rapportera till nämnden.") {
			t.Error("Elin's digest holds Frida's action")
		}
		if !strings.Contains(body, "<a href=") {
			t.Error("no HTML part")
		}
		if u := m.Header.Get("List-Unsubscribe"); !strings.HasPrefix(u, "<https://handlingsplan.kommun.test/avregistrera?t=") {
			t.Errorf("List-Unsubscribe %q", u)
		}
		if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post %q", m.Header.Get("List-Unsubscribe-Post"))
		}
		// Frida: her December report is due soon; Nils has nothing.
		if n := len(f.relay.to(fridaMail)); n != 1 {
			t.Errorf("Frida got %d mails, want 1", n)
		}
		if n := len(f.relay.to(nilsMail)); n != 0 {
			t.Errorf("Nils, with nothing due, got %d mails", n)
		}
		// The other department's Olle gets his own department's digest
		// only, and nothing of Exempelförvaltningen's reaches him.
		for _, m := range f.relay.to(olleMail) {
			if b := decodeBody(t, m); strings.Contains(b, "Exempelförvaltningen") {
				t.Error("Olle's mail names the other department")
			}
		}
		for _, m := range f.relay.to(elinMail) {
			if b := decodeBody(t, m); strings.Contains(b, "Annan förvaltning") {
				t.Error("Elin's mail names the other department")
			}
		}

		// A scan again, and a restarted replica: nothing more.
		s2 := f.start(t, "b", now.Add(2*time.Hour), notify.Options{})
		if err := s2.Scan(context.Background(), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		f.waitIdle(t)
		if n := len(f.relay.to(elinMail)); n != 1 {
			t.Errorf("after a second scan Elin has %d mails", n)
		}
	})
}

// decodeBody is the message's text, quoted-printable and base64 parts
// decoded.
func decodeBody(t *testing.T, m received) string {
	t.Helper()
	return decodeMIME(m.Header.Get("Content-Type"), m.Body)
}

// TestBeforeTheHour: a digest waits for its department's day and hour.
func TestBeforeTheHour(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	f := newFixture(t, db)
	s := f.start(t, "a", at("2026-12-21 06:59"), notify.Options{})
	if err := s.Scan(context.Background(), at("2026-12-21 06:59")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(f.relay.received()); n != 0 {
		t.Fatalf("%d mails before the hour", n)
	}
}

// TestTwoReplicas: two replicas on one PostgreSQL database, both scanning
// at once, send each digest once.
func TestTwoReplicas(t *testing.T) {
	db := dbtest.Open(t, "postgres", nil)
	f := newFixture(t, db)
	now := at("2026-12-21 08:00")
	a := f.start(t, "replica-a", now, notify.Options{})
	b := f.start(t, "replica-b", now, notify.Options{})
	var wg sync.WaitGroup
	for _, s := range []*notify.Service{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Scan(context.Background(), now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	f.waitIdle(t)
	for _, addr := range []string{elinMail, fridaMail, olleMail} {
		if n := len(f.relay.to(addr)); n != 1 {
			t.Errorf("%s got %d mails, want 1", addr, n)
		}
	}
}

// TestRelayDownThenUp: while the relay refuses, the job retries with
// backoff; once it answers, each mail goes out once.
func TestRelayDownThenUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		f.relay.setDown(true)
		now := at("2026-12-21 08:00")
		f.start(t, "a", now, notify.Options{MaxAttempts: 50})
		deadline := time.Now().Add(20 * time.Second)
		for {
			var errs int
			f.db.SQL.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'notify_send' AND attempt >= 2`).Scan(&errs)
			if errs > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no retry")
			}
			time.Sleep(20 * time.Millisecond)
		}
		f.relay.setDown(false)
		f.waitIdle(t)
		if n := len(f.relay.to(elinMail)); n != 1 {
			t.Errorf("Elin got %d mails, want 1", n)
		}
		failed, err := notify.Log(context.Background(), db.SQL, f.dept, notify.StatusFailed, 10)
		if err != nil || len(failed) != 0 {
			t.Errorf("failed: %v %v", failed, err)
		}
	})
}

// TestRelayDownForGood: after the last try the mail is recorded as
// failed, for the administrators, and nothing is sent later.
func TestRelayDownForGood(t *testing.T) {
	db := dbtest.Open(t, "sqlite3", nil)
	f := newFixture(t, db)
	f.relay.setDown(true)
	now := at("2026-12-21 08:00")
	f.start(t, "a", now, notify.Options{MaxAttempts: 2})
	f.waitIdle(t)
	failed, err := notify.Log(context.Background(), db.SQL, f.dept, notify.StatusFailed, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 2 { // Elin's and Frida's digests
		t.Fatalf("failed rows: %+v", failed)
	}
	if !strings.Contains(failed[0].Detail, "451") || failed[0].Attempts != 2 {
		t.Errorf("failed row %+v", failed[0])
	}
	f.relay.setDown(false)
	s := f.start(t, "b", now.Add(time.Hour), notify.Options{})
	s.Scan(context.Background(), now.Add(time.Hour))
	f.waitIdle(t)
	if n := len(f.relay.to(elinMail)); n != 0 {
		t.Errorf("a failed digest was sent later: %d", n)
	}
}

// TestReminders: a week before a deadline or a period's end the reminder
// comes, once, to those who have not signed off and want reminders.
func TestReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if err := notify.SavePrefs(ctx, db.SQL, f.frida, notify.Prefs{Digest: notify.DigestOff, Reminders: false, Events: true}); err != nil {
			t.Fatal(err)
		}
		for _, day := range []string{"2026-12-24 08:00", "2026-12-25 06:00", "2026-12-25 07:30", "2026-12-26 08:00", "2026-12-31 20:00"} {
			now := at(day)
			s := f.start(t, day, now, notify.Options{})
			if err := s.Scan(ctx, now); err != nil {
				t.Fatal(err)
			}
			f.waitIdle(t)
			s.Stop(ctx)
			want := 0
			if day >= "2026-12-25 07:00" { // the department's hour on the day a week ahead
				want = 2
			}
			if n := f.relay.count(elinMail, "Påminnelse"); n != want {
				t.Errorf("%s: Elin has %d reminders, want %d", day, n, want)
			}
		}
		if n := len(f.relay.to(fridaMail)); n != 0 {
			t.Errorf("Frida turned mail off and got %d", n)
		}
		var body string
		for _, m := range f.relay.to(elinMail) {
			if strings.HasPrefix(decodeHeader(m.Header.Get("Subject")), "Påminnelse: Följ upp") {
				body = decodeBody(t, m)
			}
		}
		if !strings.Contains(body, "Perioden slutar 31 december 2026") || !strings.Contains(body, "Solen") {
			t.Errorf("reminder of the term's end:\n%s", body)
		}
		// Olle in the other department gets his own, naming nothing of this one.
		for _, m := range f.relay.to(olleMail) {
			if strings.Contains(decodeBody(t, m), "Exempelförvaltningen") {
				t.Error("Olle's reminder names the other department")
			}
		}
	})
}

// TestEvents: an event recorded in a change's transaction is mailed once,
// however often it was recorded and however many replicas relay it; one
// recorded in a transaction that rolled back is never mailed; a person who
// turned events off gets none.
func TestEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		ev := outbox.Event{UserID: f.elin, DepartmentID: f.dept, Occasion: "withdrawn:1", Subject: "Din markering har ångrats",
			Lead: "Frida Förvaltningschef ångrade din markering från 2 december 2026. Skälet: Fel dag", Item: "Ta fram rutin för dialog.",
			Plan: "Handlingsplan Exempelförvaltningen", Path: "/atgard/1"}
		record := func(commit bool, events ...outbox.Event) {
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if err := outbox.Add(ctx, tx.Client(), e); err != nil {
					t.Fatal(err)
				}
			}
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		lost := ev
		lost.Occasion = "withdrawn:2"
		off := ev
		off.UserID = f.frida
		if err := notify.SavePrefs(ctx, db.SQL, f.frida, notify.Prefs{Digest: notify.DigestWeekly, Reminders: true, Events: false}); err != nil {
			t.Fatal(err)
		}
		record(true, ev, ev, off)
		record(false, lost)
		record(true, ev) // the same change again
		// An event recorded long ago (while no relay was configured) is dropped, not sent late.
		old := ev
		old.Occasion = "withdrawn:3"
		record(true, old)
		if _, err := db.SQL.Exec(`UPDATE notification_outbox SET recorded_at = recorded_at - 3*86400 WHERE occasion = 'withdrawn:3'`); err != nil {
			t.Fatal(err)
		}

		now := at("2026-12-21 06:00") // before the digest's hour: events only
		a := f.start(t, "a", now, notify.Options{})
		b := f.start(t, "b", now, notify.Options{})
		var wg sync.WaitGroup
		for _, s := range []*notify.Service{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.RelayOutbox(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		deadline := time.Now().Add(20 * time.Second)
		for {
			var open int
			db.SQL.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'notify_send' AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&open)
			var queued int
			db.SQL.QueryRow(`SELECT COUNT(*) FROM notification_outbox`).Scan(&queued)
			if open == 0 && queued == 0 && len(f.relay.to(elinMail)) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("events not sent: %d jobs open, %d in the outbox", open, queued)
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
		got := f.relay.to(elinMail)
		if len(got) != 1 {
			t.Fatalf("Elin got %d event mails, want 1", len(got))
		}
		body := decodeBody(t, got[0])
		for _, want := range []string{"Skälet: Fel dag", "Ta fram rutin för dialog.", "https://handlingsplan.kommun.test/atgard/1", "Avsluta händelsebreven"} {
			if !strings.Contains(body, want) {
				t.Errorf("event mail lacks %q:\n%s", want, body)
			}
		}
		if decodeHeader(got[0].Header.Get("Subject")) != "Din markering har ångrats" {
			t.Errorf("subject %q", got[0].Header.Get("Subject"))
		}
		if n := len(f.relay.to(fridaMail)); n != 0 {
			t.Errorf("Frida turned events off and got %d", n)
		}
	})
}

// TestRelayTimesOut: a relay that accepts the connection and then says
// nothing is given up after the configured timeout, the mail is retried
// with backoff, and once the relay answers each person gets their digest
// once, none recorded as failed.
func TestRelayTimesOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		inner, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln := &stallingListener{Listener: inner, stalled: true}
		f.relay = startRelayOn(t, ln)
		f.cfg.Port = inner.Addr().(*net.TCPAddr).Port
		const timeout = 300 * time.Millisecond
		f.cfg.Timeout = timeout
		f.start(t, "a", at("2026-12-21 08:00"), notify.Options{MaxAttempts: 50})
		deadline := time.Now().Add(20 * time.Second)
		for len(ln.waits()) < 3 {
			if time.Now().After(deadline) {
				t.Fatalf("%d stalled tries in 20 s, want 3", len(ln.waits()))
			}
			time.Sleep(20 * time.Millisecond)
		}
		for _, w := range ln.waits() {
			if w > timeout+time.Second {
				t.Errorf("a stalled try waited %s, want about %s", w, timeout)
			}
		}
		var retried int
		db.SQL.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'notify_send' AND attempt >= 2`).Scan(&retried)
		if retried == 0 {
			t.Error("no send job was retried")
		}
		if got := len(f.relay.received()); got != 0 {
			t.Fatalf("%d mails through a stalled relay", got)
		}
		ln.setStalled(false)
		f.waitIdle(t)
		time.Sleep(100 * time.Millisecond)
		for _, to := range []string{elinMail, fridaMail} {
			if n := len(f.relay.to(to)); n != 1 {
				t.Errorf("%s got %d mails, want 1", to, n)
			}
		}
		failed, err := notify.Log(context.Background(), db.SQL, f.dept, notify.StatusFailed, 10)
		if err != nil || len(failed) != 0 {
			t.Errorf("failed: %v %v", failed, err)
		}
		t.Logf("stalled tries: %v", ln.waits())
	})
}
