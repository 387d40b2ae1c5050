package auth

import (
	"context"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/rule"
)

// A second account with the same verified address, logging in while the
// first takes the person added ahead over, waits for it and then finds
// the person taken: it never takes the row from the first.
func TestATakeOverWaitsForAnotherAndFindsThePersonTaken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := rule.SystemContext(context.Background(), "test")
		ahead := db.Client.User.Create().SetIssuer("").SetSubject("pending:nils").SetName("Nils").SetEmail("nils@bollebygd.se").SaveX(ctx)
		tx1, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		first, err := takeOver(ctx, tx1.Client(), "https://idp.test", "first", "Nils", "nils@bollebygd.se")
		if err != nil || first == nil || first.ID != ahead.ID {
			t.Fatalf("first take-over = %v, %v", first, err)
		}
		type result struct {
			u   *ent.User
			err error
		}
		second := make(chan result)
		go func() {
			tx2, err := db.Client.Tx(ctx)
			if err != nil {
				second <- result{nil, err}
				return
			}
			u, err := takeOver(ctx, tx2.Client(), "https://idp.test", "second", "Nils B", "nils@bollebygd.se")
			if err == nil {
				err = tx2.Commit()
			} else {
				tx2.Rollback()
			}
			second <- result{u, err}
		}()
		if db.Dialect == dialect.Postgres {
			// Commit once the second waits at the row the first updated.
			for waiting := 0; waiting == 0; time.Sleep(10 * time.Millisecond) {
				err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := tx1.Commit(); err != nil {
			t.Fatal(err)
		}
		r := <-second
		if r.err != nil || r.u != nil {
			t.Errorf("second take-over = %+v, %v; want none: the person is taken", r.u, r.err)
		}
		if got := db.Client.User.GetX(ctx, ahead.ID); got.Subject != "first" {
			t.Errorf("the person added ahead is now %q, want the first login's", got.Subject)
		}
	})
}
