package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/roleassignment"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/notify/outbox"
	"github.com/handlingsplan/handlingsplan/rule"
)

// Paths the mails link to.
const (
	SettingsPath    = "/utskick"      // the web app's settings view
	UnsubscribePath = "/avregistrera" // one-click unsubscribe, no login
)

// SendArgs is one mail's job: a person, a kind and an occasion. Jobs are
// unique by these, and notification_log's key is the same, so however
// many scans enqueue it and replicas work it, it is sent once.
type SendArgs struct {
	UserID       int    `json:"user_id"`
	DepartmentID int    `json:"department_id"`
	Mail         Kind   `json:"mail"`
	Occasion     string `json:"occasion"`
	ActionID     int    `json:"action_id,omitempty"`
	// An event's words, recorded with the change (package outbox).
	Event *outbox.Event `json:"event,omitempty"`
}

// Kind is the job kind, River's name for it.
func (SendArgs) Kind() string { return "notify_send" }

func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// RemindersArgs plans a person's reminders of a day: one SendArgs per
// action that reaches its reminder day.
type RemindersArgs struct {
	UserID       int    `json:"user_id"`
	DepartmentID int    `json:"department_id"`
	Day          string `json:"day"`
}

func (RemindersArgs) Kind() string { return "notify_reminders" }

func (RemindersArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// OutboxArgs moves recorded events (package outbox) into send jobs.
type OutboxArgs struct{}

func (OutboxArgs) Kind() string { return "notify_outbox" }

func (OutboxArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: queue} }

// ScanArgs is the periodic scan that enqueues each department's digests
// and reminder plans when their hour has come.
type ScanArgs struct{}

func (ScanArgs) Kind() string { return "notify_scan" }

func (ScanArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: queue} }

const queue = "notify"

// Options tune the service; the zero value is production's.
type Options struct {
	ScanEvery    time.Duration // how often the scan runs: 10 minutes
	OutboxEvery  time.Duration // how often recorded events are moved to send jobs: 15 s
	PollInterval time.Duration // how often a replica looks for jobs: 2 s
	MaxAttempts  int           // tries before a mail is recorded as failed: 10
	RetryBase    time.Duration // the first retry's wait, doubling: 1 minute
	RetryMax     time.Duration // the longest wait between tries: 30 minutes
	RescueAfter  time.Duration // a job running this long was on a replica that died: 15 minutes
	JobTimeout   time.Duration // a job is cancelled after this long: 2 minutes, at most RescueAfter
	ID           string        // the replica's name in River (tests)
	Now          func() time.Time
}

func (o *Options) defaults() {
	if o.ScanEvery <= 0 {
		o.ScanEvery = 10 * time.Minute
	}
	if o.OutboxEvery <= 0 {
		o.OutboxEvery = 15 * time.Second
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 2 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.RetryBase <= 0 {
		o.RetryBase = time.Minute
	}
	if o.RetryMax <= 0 {
		o.RetryMax = 30 * time.Minute
	}
	if o.RescueAfter <= 0 {
		o.RescueAfter = 15 * time.Minute
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = 2 * time.Minute
	}
	o.JobTimeout = min(o.JobTimeout, o.RescueAfter)
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Service runs the mail jobs of one replica.
type Service struct {
	db     *database.DB
	cfg    Config
	mailer Mailer
	logger *slog.Logger
	opts   Options
	client *river.Client[*sql.Tx]

	keyOnce sync.Mutex
	keyVal  []byte
}

// New returns the service; Start starts working jobs. mailer nil sends
// through cfg's relay.
func New(db *database.DB, cfg Config, mailer Mailer, logger *slog.Logger, opts Options) (*Service, error) {
	opts.defaults()
	if mailer == nil {
		mailer = NewSMTP(cfg)
	}
	s := &Service{db: db, cfg: cfg, mailer: mailer, logger: logger, opts: opts}
	workers := river.NewWorkers()
	river.AddWorker(workers, &sendWorker{s: s})
	river.AddWorker(workers, &remindersWorker{s: s})
	river.AddWorker(workers, &scanWorker{s: s})
	river.AddWorker(workers, &outboxWorker{s: s})
	client, err := river.NewClient(db.QueueDriver(), &river.Config{
		ID:                   opts.ID,
		Logger:               logger.With("component", "jobs"),
		Queues:               map[string]river.QueueConfig{queue: {MaxWorkers: 2}},
		Workers:              workers,
		FetchPollInterval:    opts.PollInterval,
		FetchCooldown:        min(opts.PollInterval, 100*time.Millisecond),
		MaxAttempts:          opts.MaxAttempts,
		RetryPolicy:          backoff{base: opts.RetryBase, max: opts.RetryMax},
		RescueStuckJobsAfter: opts.RescueAfter,
		JobTimeout:           opts.JobTimeout,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(opts.ScanEvery),
			func() (river.JobArgs, *river.InsertOpts) { return ScanArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "notify_scan"}),
			river.NewPeriodicJob(river.PeriodicInterval(opts.OutboxEvery),
				func() (river.JobArgs, *river.InsertOpts) { return OutboxArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "notify_outbox"})},
	})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	s.client = client
	return s, nil
}

// Start works jobs until Stop.
func (s *Service) Start(ctx context.Context) error { return s.client.Start(ctx) }

// Stop finishes the jobs in hand and stops.
func (s *Service) Stop(ctx context.Context) error { return s.client.Stop(ctx) }

// Client is the River client (tests wait on its events).
func (s *Service) Client() *river.Client[*sql.Tx] { return s.client }

func (s *Service) key(ctx context.Context) ([]byte, error) {
	s.keyOnce.Lock()
	defer s.keyOnce.Unlock()
	if s.keyVal == nil {
		k, err := secret(ctx, s.db.SQL)
		if err != nil {
			return nil, err
		}
		s.keyVal = k
	}
	return s.keyVal, nil
}

// backoff waits base, 2·base, 4·base, … at most max between tries.
type backoff struct{ base, max time.Duration }

func (b backoff) NextRetry(job *rivertype.JobRow) time.Time {
	d := b.base
	for i := 1; i < job.Attempt && d < b.max; i++ {
		d *= 2
	}
	return time.Now().Add(min(d, b.max))
}

// completeTx completes job in tx: River's transactional completion, so the
// log row and the job's end commit together or not at all.
func completeTx[T river.JobArgs](ctx context.Context, tx *sql.Tx, job *river.Job[T]) error {
	_, err := river.JobCompleteTx[riverdriver.Driver[*sql.Tx]](ctx, tx, job)
	return err
}

type sendWorker struct {
	river.WorkerDefaults[SendArgs]
	s *Service
}

func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	return w.s.send(ctx, job)
}

// send composes and sends one mail, then records it and completes the job
// in one transaction. A mail already recorded is not composed again.
func (s *Service) send(ctx context.Context, job *river.Job[SendArgs]) error {
	a := job.Args
	done, err := logged(ctx, s.db.SQL, a.UserID, a.Mail, a.Occasion)
	if err != nil {
		return err
	}
	finish := func(status, subject, detail string) error {
		tx, err := s.db.SQL.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if status != "" {
			if _, err := logRow(ctx, tx, a, status, subject, detail, job.Attempt, s.opts.Now()); err != nil {
				return err
			}
		}
		if err := completeTx(ctx, tx, job); err != nil {
			return err
		}
		return tx.Commit()
	}
	if done {
		return finish("", "", "")
	}
	c, err := s.compose(ctx, a, s.opts.Now())
	if err != nil {
		return err
	}
	if c.msg == nil {
		return finish(c.status, "", c.why)
	}
	if err := s.mailer.Send(ctx, *c.msg); err != nil {
		if job.Attempt >= job.MaxAttempts {
			s.logger.ErrorContext(ctx, "mail failed", "user_id", a.UserID, "kind", a.Mail, "occasion", a.Occasion, "attempts", job.Attempt, "err", err)
			return finish(StatusFailed, c.msg.Subject, err.Error())
		}
		s.logger.WarnContext(ctx, "mail not sent, will retry", "user_id", a.UserID, "kind", a.Mail, "attempt", job.Attempt, "err", err)
		return err
	}
	return finish(StatusSent, c.msg.Subject, "")
}

type remindersWorker struct {
	river.WorkerDefaults[RemindersArgs]
	s *Service
}

func (w *remindersWorker) Work(ctx context.Context, job *river.Job[RemindersArgs]) error {
	a := job.Args
	jobs, err := w.s.reminders(ctx, a.UserID, a.DepartmentID, w.s.opts.Now())
	if err != nil {
		return err
	}
	tx, err := w.s.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if len(jobs) > 0 {
		if _, err := w.s.client.InsertManyTx(ctx, tx, jobs); err != nil {
			return err
		}
	}
	if err := completeTx(ctx, tx, job); err != nil {
		return err
	}
	return tx.Commit()
}

// reminders returns the reminder jobs of a person's actions in the
// department that reach their reminder day as of asOf and have none yet.
func (s *Service) reminders(ctx context.Context, user, dept int, asOf time.Time) ([]river.InsertManyParams, error) {
	prefs, err := LoadPrefs(ctx, s.db.SQL, user)
	if err != nil || !prefs.Reminders {
		return nil, err
	}
	set, err := LoadSettings(ctx, s.db.SQL, dept)
	if err != nil {
		return nil, err
	}
	items, err := itemsFor(ctx, s.db.Client, user, dept, asOf)
	if err != nil {
		return nil, err
	}
	var out []river.InsertManyParams
	for i := range items {
		it := &items[i]
		if !reminderDue(it, set.ReminderDays, asOf) {
			continue
		}
		occ := reminderKey(it.Action.ID, *it.Result.Due)
		if done, err := logged(ctx, s.db.SQL, user, KindReminder, occ); err != nil || done {
			if err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, river.InsertManyParams{Args: SendArgs{UserID: user, DepartmentID: dept, Mail: KindReminder, Occasion: occ, ActionID: it.Action.ID}})
	}
	return out, nil
}

type outboxWorker struct {
	river.WorkerDefaults[OutboxArgs]
	s *Service
}

func (w *outboxWorker) Work(ctx context.Context, job *river.Job[OutboxArgs]) error {
	_, err := w.s.RelayOutbox(ctx)
	return err
}

// RelayOutbox moves recorded events into send jobs, in one transaction
// that deletes the rows it moved: each event becomes one job, once.
func (s *Service) RelayOutbox(ctx context.Context) (int, error) {
	tx, err := s.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT user_id, occasion, department_id, subject, lead_text, item, plan_title, path, recorded_at FROM notification_outbox ORDER BY user_id, occasion LIMIT 500`)
	if err != nil {
		return 0, err
	}
	var events []outbox.Event
	var stale []bool
	// Real time, as the rows were stamped (not the tests' clock).
	oldest := time.Now().Add(-outbox.MaxAge).Unix()
	for rows.Next() {
		var e outbox.Event
		var at int64
		if err := rows.Scan(&e.UserID, &e.Occasion, &e.DepartmentID, &e.Subject, &e.Lead, &e.Item, &e.Plan, &e.Path, &at); err != nil {
			rows.Close()
			return 0, err
		}
		events = append(events, e)
		stale = append(stale, at < oldest)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(events) == 0 {
		return 0, err
	}
	var jobs []river.InsertManyParams
	for i := range events {
		e := &events[i]
		if _, err := tx.ExecContext(ctx, `DELETE FROM notification_outbox WHERE user_id = $1 AND occasion = $2`, e.UserID, e.Occasion); err != nil {
			return 0, err
		}
		if !stale[i] {
			jobs = append(jobs, river.InsertManyParams{Args: SendArgs{UserID: e.UserID, DepartmentID: e.DepartmentID, Mail: KindEvent, Occasion: e.Occasion, Event: e}})
		}
	}
	if len(jobs) > 0 {
		if _, err := s.client.InsertManyTx(ctx, tx, jobs); err != nil {
			return 0, err
		}
	}
	return len(jobs), tx.Commit()
}

type scanWorker struct {
	river.WorkerDefaults[ScanArgs]
	s *Service
}

func (w *scanWorker) Work(ctx context.Context, job *river.Job[ScanArgs]) error {
	return w.s.Scan(ctx, w.s.opts.Now())
}

// Scan enqueues, for every department whose hour has come, the week's
// digests and the day's reminder plans of its members, once: a scan
// records the occasion (person 0) in the transaction that enqueues them.
func (s *Service) Scan(ctx context.Context, now time.Time) error {
	depts, err := s.db.Client.Department.Query().IDs(rule.SystemContext(ctx, "notify"))
	if err != nil {
		return err
	}
	for _, d := range depts {
		if err := s.scanDepartment(ctx, d, now); err != nil {
			return fmt.Errorf("department %d: %w", d, err)
		}
	}
	return nil
}

// DigestTime is when the department's digest of now's week goes out.
func (st Settings) DigestTime(now time.Time) time.Time {
	day := startOfDay(now)
	back := (int(day.Weekday()) + 6) % 7 // days since Monday
	monday := day.AddDate(0, 0, -back)
	fwd := (int(st.DigestWeekday) + 6) % 7
	d := monday.AddDate(0, 0, fwd)
	return time.Date(d.Year(), d.Month(), d.Day(), st.DigestHour, 0, 0, 0, followup.Location())
}

// ReminderTime is when the department's reminders of now's day go out.
func (st Settings) ReminderTime(now time.Time) time.Time {
	d := startOfDay(now)
	return time.Date(d.Year(), d.Month(), d.Day(), st.DigestHour, 0, 0, 0, followup.Location())
}

func (s *Service) scanDepartment(ctx context.Context, dept int, now time.Time) error {
	set, err := LoadSettings(ctx, s.db.SQL, dept)
	if err != nil {
		return err
	}
	type occasion struct {
		key  string
		jobs func(users []int) []river.InsertManyParams
	}
	var due []occasion
	if !now.Before(set.DigestTime(now)) {
		week := weekKey(now)
		due = append(due, occasion{"digest:" + week, func(users []int) []river.InsertManyParams {
			var out []river.InsertManyParams
			for _, u := range users {
				out = append(out, river.InsertManyParams{Args: SendArgs{UserID: u, DepartmentID: dept, Mail: KindDigest, Occasion: week}})
			}
			return out
		}})
	}
	if !now.Before(set.ReminderTime(now)) {
		day := startOfDay(now).Format(time.DateOnly)
		due = append(due, occasion{"reminders:" + day, func(users []int) []river.InsertManyParams {
			var out []river.InsertManyParams
			for _, u := range users {
				out = append(out, river.InsertManyParams{Args: RemindersArgs{UserID: u, DepartmentID: dept, Day: day}})
			}
			return out
		}})
	}
	var users []int
	for _, o := range due {
		if done, err := logged(ctx, s.db.SQL, 0, "scan", scanOccasion(dept, o.key)); err != nil || done {
			if err != nil {
				return err
			}
			continue
		}
		if users == nil {
			if users, err = members(ctx, s.db.Client, dept); err != nil {
				return err
			}
		}
		if err := s.enqueueOnce(ctx, dept, o.key, o.jobs(users)); err != nil {
			return err
		}
	}
	return nil
}

func scanOccasion(dept int, key string) string { return fmt.Sprintf("%d:%s", dept, key) }

// enqueueOnce inserts jobs and the scan's log row in one transaction; a
// replica that scanned the same occasion first makes this one a no-op.
func (s *Service) enqueueOnce(ctx context.Context, dept int, key string, jobs []river.InsertManyParams) error {
	tx, err := s.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	first, err := logRow(ctx, tx, SendArgs{DepartmentID: dept, Mail: "scan", Occasion: scanOccasion(dept, key)}, StatusSent, "", fmt.Sprintf("%d jobs", len(jobs)), 1, s.opts.Now())
	if err != nil {
		return err
	}
	if !first {
		return nil
	}
	if len(jobs) > 0 {
		if _, err := s.client.InsertManyTx(ctx, tx, jobs); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// members are the department's people with a role, who have an address.
func members(ctx context.Context, client *ent.Client, dept int) ([]int, error) {
	sys := rule.SystemContext(ctx, "notify")
	var ids []int
	err := client.RoleAssignment.Query().Where(roleassignment.DepartmentID(dept)).
		Unique(true).Select(roleassignment.FieldUserID).Scan(sys, &ids)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	seen := map[int]bool{}
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}
