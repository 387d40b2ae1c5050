package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/handlingsplan/handlingsplan/database"
)

// migrateCmd applies the schema migrations the database has not had, as
// serve does at start, or with --status only lists them: for an upgrade
// run as its own step before the new release's replicas start.
func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("migrate", stderr)
	statusOnly := fs.Bool("status", false, "only list the migrations applied, pending, and unknown to this release")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := database.Open(*dbURL, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	before, err := db.Status(ctx)
	if err != nil {
		return err
	}
	if *statusOnly {
		fmt.Fprintf(stdout, "applied: %s\npending: %s\n", list(before.Applied), list(before.Pending))
		if len(before.Unknown) > 0 {
			return &database.NewerDatabaseError{Unknown: before.Unknown}
		}
		return nil
	}
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	after, err := db.Status(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied now: %s\nthe schema is at %s\n", list(before.Pending), after.Applied[len(after.Applied)-1])
	return nil
}

func list(versions []string) string {
	if len(versions) == 0 {
		return "none"
	}
	return strings.Join(versions, ", ")
}
