// Command gen fills a database with the synthetic department of package
// synth, for load tests:
//
//	go run ./bench/cmd/gen --db URL [--plans 100 --areas 10 --actions 20 --seed 1]
//
// URL is a SQLite file path or a postgres:// URL, as for "handlingsplan
// serve --db". The schema is migrated first. Each plan is imported in its
// own transaction, like "handlingsplan import" does; running gen twice
// updates the plans in place.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gen:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	dbURL := fs.String("db", "", "SQLite file path or postgres:// URL (required)")
	plans := fs.Int("plans", synth.DefaultPlans, "number of plans")
	areas := fs.Int("areas", synth.DefaultAreas, "areas per plan")
	actions := fs.Int("actions", synth.DefaultActions, "actions per area (every other one gets 1–3 sub-actions)")
	seed := fs.Int64("seed", synth.DefaultSeed, "random seed; the same seed gives the same department")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbURL == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("--db is required and no arguments are taken")
	}
	if *plans < 1 || *areas < 0 || *actions < 0 {
		return errors.New("--plans must be at least 1; --areas and --actions not negative")
	}

	files := synth.Department(*plans, *areas, *actions, *seed)
	counts := synth.Count(files)

	db, err := database.Open(*dbURL, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	migrated := time.Since(start)

	// Import as the import command does: the system, not a user.
	ctx = rule.SystemContext(ctx, "import")
	start = time.Now()
	created := 0
	for i, f := range files {
		res, err := planstore.Import(ctx, db.Client, f)
		if err != nil {
			return fmt.Errorf("plan %d (%s): %w", i, f.Plan.RegistryNumber, err)
		}
		if res.Created {
			created++
		}
	}
	took := time.Since(start)

	rows := counts.Plans + counts.Areas + counts.Actions + counts.SubActions
	fmt.Fprintf(stdout, "department %s on %s (%s)\n", synth.Slug, database.Redact(*dbURL), db.Dialect)
	fmt.Fprintf(stdout, "plans %d (%d created, %d updated), areas %d, actions %d, sub-actions %d\n",
		counts.Plans, created, counts.Plans-created, counts.Areas, counts.Actions, counts.SubActions)
	fmt.Fprintf(stdout, "migrate %s, import %s (%.0f rows/s, %s per plan)\n",
		migrated.Round(time.Millisecond), took.Round(time.Millisecond),
		float64(rows)/took.Seconds(), (took / time.Duration(len(files))).Round(time.Microsecond))
	return nil
}
