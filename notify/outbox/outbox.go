// Package outbox records an event mail in the transaction of the change it
// tells of (a transactional outbox): the change and its mail commit
// together or not at all, and package notify's relay job moves each row
// into a send job once. It depends on nothing, so the packages that make
// changes (signoff, visits, …) can call it without importing notify.
package outbox

import (
	"context"
	"database/sql"
	"time"
)

// MaxAge is how old an event may be and still be mailed: events recorded
// while no relay was configured are not sent, months late, once one is.
const MaxAge = 48 * time.Hour

// Event is one mail to one person about one change, in Swedish.
type Event struct {
	UserID, DepartmentID int
	// Occasion names the change, e.g. "withdrawn:123": the same change is
	// never mailed twice.
	Occasion string
	Subject  string
	Lead     string // the sentence that says what happened
	Item     string // what it is about, e.g. the action's text
	Plan     string
	Path     string // the app's page of it, e.g. /atgard/12
}

// Execer is the change's transaction: an ent transaction's client, or a
// *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Add records e in tx.
func Add(ctx context.Context, tx Execer, e Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO notification_outbox (user_id, occasion, department_id, subject, lead_text, item, plan_title, path, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, occasion) DO NOTHING`,
		e.UserID, e.Occasion, e.DepartmentID, e.Subject, e.Lead, e.Item, e.Plan, e.Path, time.Now().Unix())
	return err
}
