package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/notify"
)

// notifyCmd is `handlingsplan notify --dry-run [--as-of DATE] [--to EMAIL]`:
// what the e-mail jobs would send, so an administrator can check before
// turning mail on.
func notifyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("notify", stderr)
	dry := fs.Bool("dry-run", false, "print what would be sent; required (sending is serve's job)")
	asOf := fs.String("as-of", "", "the day (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM), Stockholm time, to preview as of; default now")
	to := fs.String("to", "", "only the mails to this address")
	site := fs.String("site-url", envOr("HANDLINGSPLAN_SITE_URL", siteURL(envOr("HANDLINGSPLAN_OIDC_REDIRECT_URL", ""))), "the site's address for the links (env HANDLINGSPLAN_SITE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*dry {
		return errors.New("notify: only --dry-run is supported; serve sends the mail")
	}
	when := time.Now()
	if *asOf != "" {
		var err error
		if when, err = time.ParseInLocation("2006-01-02T15:04", *asOf, followup.Location()); err != nil {
			day, derr := time.ParseInLocation(time.DateOnly, *asOf, followup.Location())
			if derr != nil {
				return fmt.Errorf("--as-of %q: want YYYY-MM-DD or YYYY-MM-DDTHH:MM", *asOf)
			}
			when = day.Add(12 * time.Hour) // midday: after any department's hour but the afternoon's
		}
	}
	if *site == "" {
		*site = "https://handlingsplan.example"
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	return notify.Preview(ctx, db, notify.Config{SiteURL: *site}, when, *to, stdout)
}
