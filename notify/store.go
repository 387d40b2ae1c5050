package notify

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is a kind of mail; each can be turned off on its own.
type Kind string

const (
	KindDigest   Kind = "digest"
	KindReminder Kind = "reminder"
	KindEvent    Kind = "event"
)

// Kinds are the kinds a person chooses among.
var Kinds = []Kind{KindDigest, KindReminder, KindEvent}

// Digest frequencies.
const (
	DigestWeekly   = "weekly"
	DigestBiweekly = "biweekly" // even ISO weeks
	DigestOff      = "off"
)

// Prefs are one person's choices; a person who chose nothing gets every
// kind and the weekly digest.
type Prefs struct {
	Digest    string
	Reminders bool
	Events    bool
}

// DefaultPrefs are a person's choices until they make their own.
var DefaultPrefs = Prefs{Digest: DigestWeekly, Reminders: true, Events: true}

// Wants reports whether the person gets mails of kind k.
func (p Prefs) Wants(k Kind) bool {
	switch k {
	case KindDigest:
		return p.Digest != DigestOff
	case KindReminder:
		return p.Reminders
	case KindEvent:
		return p.Events
	}
	return false
}

// querier is a pool, a transaction, or an ent client (whose writes in a
// mutation go through the mutation's transaction).
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// oneRow is QueryRowContext for a querier.
type oneRow struct {
	rows *sql.Rows
	err  error
}

func queryRow(ctx context.Context, q querier, query string, args ...any) oneRow {
	rows, err := q.QueryContext(ctx, query, args...)
	return oneRow{rows, err}
}

func (r oneRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	return r.rows.Close()
}

// LoadPrefs reads a person's choices.
func LoadPrefs(ctx context.Context, q querier, user int) (Prefs, error) {
	p := DefaultPrefs
	err := queryRow(ctx, q, `SELECT digest, reminders, events FROM notification_prefs WHERE user_id = $1`, user).
		Scan(&p.Digest, &p.Reminders, &p.Events)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultPrefs, nil
	}
	return p, err
}

// SavePrefs stores a person's choices.
func SavePrefs(ctx context.Context, q querier, user int, p Prefs) error {
	switch p.Digest {
	case DigestWeekly, DigestBiweekly, DigestOff:
	default:
		return fmt.Errorf("digest frequency %q", p.Digest)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO notification_prefs (user_id, digest, reminders, events) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, reminders = excluded.reminders, events = excluded.events`,
		user, p.Digest, p.Reminders, p.Events)
	return err
}

// turnOff turns one kind off for a person (unsubscribe), leaving the
// others: one statement per column, so two kinds turned off at once both
// stay off.
func turnOff(ctx context.Context, q querier, user int, k Kind) error {
	var set string
	switch k {
	case KindDigest:
		set = "digest = 'off'"
	case KindReminder:
		set = "reminders = FALSE"
	case KindEvent:
		set = "events = FALSE"
	default:
		return fmt.Errorf("kind %q", k)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO notification_prefs (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, user); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE notification_prefs SET `+set+` WHERE user_id = $1`, user)
	return err
}

// Settings are a department's: when its digest goes out (Stockholm time)
// and how many days before a deadline the reminder comes.
type Settings struct {
	DigestWeekday time.Weekday
	DigestHour    int
	ReminderDays  int
}

// DefaultSettings are a department's until an administrator changes them:
// Monday at seven, a week ahead.
var DefaultSettings = Settings{DigestWeekday: time.Monday, DigestHour: 7, ReminderDays: 7}

// LoadSettings reads a department's settings.
func LoadSettings(ctx context.Context, q querier, dept int) (Settings, error) {
	var wd, h, days int
	err := queryRow(ctx, q, `SELECT digest_weekday, digest_hour, reminder_days FROM notification_settings WHERE department_id = $1`, dept).
		Scan(&wd, &h, &days)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultSettings, nil
	}
	return Settings{DigestWeekday: time.Weekday(wd), DigestHour: h, ReminderDays: days}, err
}

// SaveSettings stores a department's settings.
func SaveSettings(ctx context.Context, q querier, dept int, s Settings) error {
	if s.DigestWeekday < time.Sunday || s.DigestWeekday > time.Saturday || s.DigestHour < 0 || s.DigestHour > 23 || s.ReminderDays < 0 || s.ReminderDays > 60 {
		return fmt.Errorf("settings out of range: %+v", s)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO notification_settings (department_id, digest_weekday, digest_hour, reminder_days) VALUES ($1, $2, $3, $4)
		ON CONFLICT (department_id) DO UPDATE SET digest_weekday = excluded.digest_weekday, digest_hour = excluded.digest_hour, reminder_days = excluded.reminder_days`,
		dept, int(s.DigestWeekday), s.DigestHour, s.ReminderDays)
	return err
}

// Log statuses.
const (
	StatusSent    = "sent"
	StatusEmpty   = "empty"   // nothing to say: no mail
	StatusSkipped = "skipped" // the person turned the kind off, has no address, or it no longer applies
	StatusFailed  = "failed"  // the relay refused or was unreachable through every retry
)

// logged reports whether an occasion has a row already.
func logged(ctx context.Context, q querier, user int, k Kind, occasion string) (bool, error) {
	var one int
	err := queryRow(ctx, q, `SELECT 1 FROM notification_log WHERE user_id = $1 AND kind = $2 AND occasion = $3`, user, string(k), occasion).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// logRow records an occasion; a second row for it is ignored (the
// primary key), and reports false.
func logRow(ctx context.Context, q querier, a SendArgs, status, subject, detail string, attempts int, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO notification_log (user_id, kind, occasion, department_id, status, subject, detail, attempts, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, kind, occasion) DO NOTHING`,
		a.UserID, string(a.Mail), a.Occasion, a.DepartmentID, status, subject, detail, attempts, at.UTC().Format(time.RFC3339))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LogEntry is a row of the log.
type LogEntry struct {
	UserID, DepartmentID int
	Kind                 Kind
	Occasion             string
	Status               string
	Subject, Detail      string
	Attempts             int
	At                   time.Time
}

// Log returns a department's log rows with the status (all when empty),
// newest first, at most limit.
func Log(ctx context.Context, q querier, dept int, status string, limit int) ([]LogEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id, department_id, kind, occasion, status, subject, detail, attempts, at FROM notification_log
		WHERE department_id = $1 AND ($2 = '' OR status = $2) ORDER BY at DESC, user_id LIMIT $3`, dept, status, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LogEntry
	for rows.Next() {
		var e LogEntry
		var at string
		if err := rows.Scan(&e.UserID, &e.DepartmentID, &e.Kind, &e.Occasion, &e.Status, &e.Subject, &e.Detail, &e.Attempts, &at); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// secret returns the key that signs unsubscribe links: made once, by the
// first replica that needs it, and kept in the database so every replica
// signs and checks with the same.
func secret(ctx context.Context, q querier) ([]byte, error) {
	var s string
	err := queryRow(ctx, q, `SELECT secret FROM notification_keys WHERE id = 1`).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		rand.Read(b)
		if _, err := q.ExecContext(ctx, `INSERT INTO notification_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, hex.EncodeToString(b)); err != nil {
			return nil, err
		}
		err = queryRow(ctx, q, `SELECT secret FROM notification_keys WHERE id = 1`).Scan(&s)
	}
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(s)
}

// A token names a person and a kind, signed: "user.kind.signature".
func signToken(key []byte, user int, k Kind) string {
	payload := strconv.Itoa(user) + "." + string(k)
	return payload + "." + mac(key, payload)
}

func mac(key []byte, payload string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("unsubscribe:" + payload))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

// readToken checks a token and returns its person and kind.
func readToken(key []byte, token string) (int, Kind, bool) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return 0, "", false
	}
	payload, sig := token[:i], token[i+1:]
	if !hmac.Equal([]byte(sig), []byte(mac(key, payload))) {
		return 0, "", false
	}
	u, k, ok := strings.Cut(payload, ".")
	user, err := strconv.Atoi(u)
	if !ok || err != nil {
		return 0, "", false
	}
	for _, known := range Kinds {
		if Kind(k) == known {
			return user, known, true
		}
	}
	return 0, "", false
}
