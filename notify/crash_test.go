package notify_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/emersion/go-smtp"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/notify"
	"github.com/handlingsplan/handlingsplan/rule"
)

// The child process of TestExactlyOnceAcrossAKilledProcess: the test
// binary run again with these variables set is one mail worker (what
// serve runs beside the web server) until it is killed or interrupted.
const (
	crashChildEnv = "HANDLINGSPLAN_TEST_NOTIFY_CHILD" // the replica's name
	crashDSNEnv   = "HANDLINGSPLAN_TEST_NOTIFY_DSN"
	crashRelayEnv = "HANDLINGSPLAN_TEST_NOTIFY_RELAY"
	crashNowEnv   = "HANDLINGSPLAN_TEST_NOTIFY_NOW"
	crashDigestAt = "2026-12-21 08:00" // a Monday after the digests' hour
	crashKillAt   = 6                  // the victim's accepted mails when it is killed
	crashPeople   = 40                 // unit managers besides the fixture's
)

func crashChild() {
	id := os.Getenv(crashChildEnv)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})).With("replica", id)
	fail := func(err error) {
		logger.Error("child", "err", err)
		os.Exit(2)
	}
	db, err := database.Open(os.Getenv(crashDSNEnv), nil)
	if err != nil {
		fail(err)
	}
	host, port, _ := net.SplitHostPort(os.Getenv(crashRelayEnv))
	p, _ := strconv.Atoi(port)
	now := at(os.Getenv(crashNowEnv))
	cfg := notify.Config{Host: host, Port: p, TLS: notify.NoTLS, From: "Handlingsplan <noreply-" + id + "@kommun.test>",
		SiteURL: "https://handlingsplan.kommun.test", Timeout: 5 * time.Second}
	s, err := notify.New(db, cfg, nil, logger, notify.Options{ID: id, Now: func() time.Time { return now },
		PollInterval: 20 * time.Millisecond, ScanEvery: time.Hour, RetryBase: 10 * time.Millisecond,
		RetryMax: 50 * time.Millisecond, RescueAfter: time.Second})
	if err != nil {
		fail(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := s.Start(context.Background()); err != nil {
		fail(err)
	}
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.Stop(sctx)
	os.Exit(0)
}

// crashRelay is the test's SMTP server for the two processes: it tells
// their mails apart by the sender (noreply-<replica>@), keeps each with
// its Message-ID, takes a while over each (so the run is still going when
// the victim dies), and kills the victim right after accepting its
// crashKillAt-th mail, before answering: the window between the relay's
// acceptance and the commit of the mail's log row.
type crashRelay struct {
	mu       sync.Mutex
	msgs     []crashMail
	victim   string
	kill     func(accepted []string) int // returns how many of accepted the victim had not recorded
	killed   bool
	open     map[string]int // sessions in a mail, by replica
	inFlight int            // the victim's mails that may go out twice: accepted and not recorded, or under way, at its death
}

type crashMail struct{ to, from, id string }

func (r *crashRelay) NewSession(*smtp.Conn) (smtp.Session, error) { return &crashSession{r: r}, nil }

type crashSession struct {
	r    *crashRelay
	from string
	to   []string
}

func replicaOf(from string) string {
	from = strings.TrimPrefix(from, "noreply-")
	return from[:strings.IndexByte(from, '@')]
}

func (s *crashSession) AuthMechanisms() []string { return nil }
func (s *crashSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = replicaOf(from)
	s.r.mu.Lock()
	s.r.open[s.from]++
	s.r.mu.Unlock()
	return nil
}
func (s *crashSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *crashSession) Data(rd io.Reader) error {
	m, err := mail.ReadMessage(rd)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, m.Body)
	time.Sleep(50 * time.Millisecond) // the relay's own work
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	mine := 0
	for _, to := range s.to {
		s.r.msgs = append(s.r.msgs, crashMail{to: strings.Trim(to, "<>"), from: s.from, id: m.Header.Get("Message-ID")})
	}
	for _, x := range s.r.msgs {
		if x.from == s.r.victim {
			mine++
		}
	}
	if s.from == s.r.victim && mine >= crashKillAt && !s.r.killed {
		s.r.killed = true
		var accepted []string
		for _, x := range s.r.msgs {
			if x.from == s.r.victim {
				accepted = append(accepted, x.to)
			}
		}
		// Before the answer: the victim never hears "250 OK". Besides
		// this mail, one accepted a moment earlier may not have had its
		// log row committed yet, and another of its sessions may be in the
		// middle of a mail the relay goes on to accept: each may go out
		// twice.
		others := s.r.open[s.r.victim] - 1
		s.r.inFlight = s.r.kill(accepted) + others
	}
	return nil
}
func (s *crashSession) Reset() {
	if s.from != "" {
		s.r.mu.Lock()
		s.r.open[s.from]--
		s.r.mu.Unlock()
		s.from = ""
	}
	s.to = nil
}
func (s *crashSession) Logout() error { s.Reset(); return nil }

// TestExactlyOnceAcrossAKilledProcess runs two mail workers as separate
// processes on one PostgreSQL database and SIGKILLs one (River's leader)
// in the middle of the weekly digest run, right after the relay accepted
// one of its mails and before the worker could record it. The other
// process takes over the leadership when the dead one's term runs out
// (River: about 15 s), rescues its stuck jobs (RescueAfter 1 s here) and
// finishes the run. Then: every person got their digest; no person got
// two different mails (Message-IDs); a raw duplicate is the same mail
// (same Message-ID) and there are at most as many as the victim had under
// way when it died (docs/notifications.md, "Exactly once").
func TestExactlyOnceAcrossAKilledProcess(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		crashChild()
		return
	}
	started := time.Now()
	dsn := dbtest.URL(t, dialect.Postgres) // fails, never skips, without PostgreSQL
	db, err := database.Open(dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	newFixture(t, db) // Elin, Frida and Nils; Olle in the other department
	ctx := rule.SystemContext(context.Background(), "test")
	want := map[string]bool{elinMail: true, fridaMail: true, olleMail: true}
	for i := range crashPeople {
		v := authtest.User(t, db.Client, "exempel", "Enhetschef")
		addr := fmt.Sprintf("chef%02d@kommun.test", i)
		db.Client.User.UpdateOneID(v.UserID).SetName(fmt.Sprintf("Chef %d", i)).SetEmail(addr).ExecX(ctx)
		want[addr] = true
	}

	r := &crashRelay{open: map[string]int{}, victim: "a"}
	srv := smtp.NewServer(r)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	child := func(id string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestExactlyOnceAcrossAKilledProcess$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+id, crashDSNEnv+"="+dsn,
			crashRelayEnv+"="+ln.Addr().String(), crashNowEnv+"="+crashDigestAt)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Signal(os.Interrupt)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(15 * time.Second):
				cmd.Process.Kill()
			}
		})
		return cmd
	}
	a := child("a")
	var killedAt time.Time
	r.kill = func(accepted []string) (unrecorded int) {
		killedAt = time.Now()
		if err := a.Process.Signal(syscall.SIGKILL); err != nil {
			t.Errorf("kill: %v", err)
		}
		time.Sleep(200 * time.Millisecond) // a commit it had sent lands meanwhile
		logged := map[string]bool{}
		rows, err := db.SQL.Query(`SELECT u.email FROM notification_log n JOIN users u ON u.id = n.user_id WHERE n.kind = 'digest' AND n.status = 'sent'`)
		if err != nil {
			t.Errorf("read the log at the kill: %v", err)
			return len(accepted)
		}
		defer rows.Close()
		for rows.Next() {
			var email string
			rows.Scan(&email)
			logged[email] = true
		}
		for _, to := range accepted {
			if !logged[to] {
				unrecorded++
			}
		}
		return unrecorded
	}
	// a is the leader (it runs the scan and would rescue jobs): the harder
	// case, as b must first take over.
	waitFor(t, 20*time.Second, "a to lead", func() bool {
		var leader string
		db.SQL.QueryRow(`SELECT leader_id FROM river_leader`).Scan(&leader)
		return leader == "a"
	})
	child("b")

	waitFor(t, 60*time.Second, "every digest sent", func() bool {
		var open int
		db.SQL.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind IN ('notify_send', 'notify_scan') AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&open)
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.killed && open == 0 && len(r.msgs) >= len(want)
	})
	time.Sleep(300 * time.Millisecond) // anything doubled late would arrive now

	r.mu.Lock()
	msgs := append([]crashMail(nil), r.msgs...)
	inFlight := r.inFlight
	r.mu.Unlock()
	byPerson := map[string][]crashMail{}
	byReplica := map[string]int{}
	for _, m := range msgs {
		byPerson[m.to] = append(byPerson[m.to], m)
		byReplica[m.from]++
	}
	duplicates := 0
	for addr := range want {
		got := byPerson[addr]
		if len(got) == 0 {
			t.Errorf("%s got no digest", addr)
			continue
		}
		for _, m := range got[1:] {
			if m.id != got[0].id {
				t.Errorf("%s got two different mails: %s and %s", addr, got[0].id, m.id)
			}
			duplicates++
		}
	}
	for addr := range byPerson {
		if !want[addr] {
			t.Errorf("%s (nothing due) got %d mails", addr, len(byPerson[addr]))
		}
	}
	if duplicates > inFlight {
		t.Errorf("%d duplicates, more than the %d mails accepted and not yet recorded, or under way, at the kill", duplicates, inFlight)
	}
	// The mail accepted just before the kill was never recorded: it is
	// the one the design lets through twice, with one Message-ID.
	if duplicates == 0 {
		t.Error("no duplicate: the kill did not land between the relay's acceptance and the log's commit")
	}
	if byReplica["b"] == 0 || byReplica["a"] < crashKillAt {
		t.Errorf("mails by replica %v: both should have worked the run", byReplica)
	}
	var logged int
	db.SQL.QueryRow(`SELECT COUNT(*) FROM notification_log WHERE kind = 'digest' AND status = 'sent'`).Scan(&logged)
	if logged != len(want) {
		t.Errorf("%d digests logged as sent, want %d", logged, len(want))
	}
	t.Logf("%d people, %d mails (a %d, b %d), %d duplicates (same Message-ID), %d accepted and not recorded, or under way, at the kill; finished %s after the kill, %s in all",
		len(want), len(msgs), byReplica["a"], byReplica["b"], duplicates, inFlight,
		time.Since(killedAt).Round(100*time.Millisecond), time.Since(started).Round(100*time.Millisecond))
}

func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
