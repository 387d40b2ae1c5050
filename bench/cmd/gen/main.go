// Command gen fills a database with the synthetic department of package
// synth, for load tests:
//
//	go run ./bench/cmd/gen --db URL [--plans 100 --areas 10 --actions 20 --seed 1]
//	go run ./bench/cmd/gen --db URL --units 40 --employees 1500 [--scopes=false] [--sessions FILE]
//
// URL is a SQLite file path or a postgres:// URL, as for "handlingsplan
// serve --db". The schema is migrated first. Each plan is imported in its
// own transaction, like "handlingsplan import" does; running gen twice
// updates the plans in place.
//
// With --units, the department also gets its people and the first plan
// its shared duties (synth.Staff): operations, units with their managers,
// employees, and their sign-offs. That is done once, on a new database.
// --scopes=false keeps the same duties done once, as before shared duties,
// for comparison. --sessions writes session tokens for one employee and
// one unit manager, for the load tool's --session-file: the synthetic
// people are not demo users of "serve --dev" (see bench/README.md).
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
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans"
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
	units := fs.Int("units", 0, "units with a manager each (0: no people, no shared duties)")
	employees := fs.Int("employees", 0, "employees spread over the units (with --units)")
	scopes := fs.Bool("scopes", true, "with --units: make half of the first plan shared duties; false keeps them done once")
	bollebygd := fs.Bool("bollebygd", true, "also import the shipped Bollebygd plan into the department, to measure its tree beside the synthetic ones")
	sessions := fs.String("sessions", "", "with --units: write session tokens for an employee and a unit manager to this file")
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
	if *units < 0 || *employees < 0 || (*units == 0 && (*employees > 0 || *sessions != "")) {
		return errors.New("--employees and --sessions need --units; none may be negative")
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
	if *bollebygd {
		f, err := bollebygdFile()
		if err != nil {
			return err
		}
		if _, err := planstore.Import(ctx, db.Client, f); err != nil {
			return fmt.Errorf("the Bollebygd plan: %w", err)
		}
	}
	if err := db.Analyze(ctx); err != nil { // after the commits, as the import command does
		return err
	}
	took := time.Since(start)
	firstPlan, err := planstore.Import(ctx, db.Client, files[0]) // unchanged: finds the id
	if err != nil {
		return err
	}

	rows := counts.Plans + counts.Areas + counts.Actions + counts.SubActions
	fmt.Fprintf(stdout, "department %s on %s (%s)\n", synth.Slug, database.Redact(*dbURL), db.Dialect)
	fmt.Fprintf(stdout, "plans %d (%d created, %d updated), areas %d, actions %d, sub-actions %d\n",
		counts.Plans, created, counts.Plans-created, counts.Areas, counts.Actions, counts.SubActions)
	fmt.Fprintf(stdout, "migrate %s, import and analyze %s (%.0f rows/s, %s per plan)\n",
		migrated.Round(time.Millisecond), took.Round(time.Millisecond),
		float64(rows)/took.Seconds(), (took / time.Duration(len(files))).Round(time.Microsecond))
	if *bollebygd {
		fmt.Fprintln(stdout, "and the Bollebygd plan, in the same department")
	}
	if *units == 0 {
		return nil
	}

	start = time.Now()
	staff := synth.Staff{Units: *units, Employees: *employees, Shared: *scopes, Seed: *seed, AsOf: time.Now()}
	people, err := synth.Populate(ctx, db.Client, firstPlan.PlanID, staff)
	if err != nil {
		return fmt.Errorf("people: %w", err)
	}
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	kind := "shared"
	if !*scopes {
		kind = "done once (--scopes=false)"
	}
	fmt.Fprintf(stdout, "operations %d, units %d with a manager each, employees %d; plan %d: %d actions by unit and %d sub-actions by person, %s; %d sign-offs (%s)\n",
		len(people.Operations), len(people.Units), len(people.Employees), firstPlan.PlanID,
		len(people.UnitDuties), len(people.PersonDuties), kind, people.SignOffs, time.Since(start).Round(time.Millisecond))
	if *sessions == "" {
		return nil
	}
	who := map[string]int{"manager": people.Managers[0]}
	if len(people.Employees) > 0 {
		who["employee"] = people.Employees[0]
	}
	return writeSessions(ctx, db.Client, *sessions, who, stdout)
}

// bollebygdFile is the shipped Bollebygd plan, moved into the synthetic
// department (its role catalogue is Bollebygd's, so every role matches).
func bollebygdFile() (*planfile.File, error) {
	f, err := planfile.ParseYAML(plans.Bollebygd())
	if err != nil {
		return nil, fmt.Errorf("the Bollebygd plan: %w", err)
	}
	dept := synth.Department(1, 0, 0, synth.DefaultSeed)[0].Department
	f.Department.Slug, f.Department.Name, f.Department.Municipality = dept.Slug, dept.Name, dept.Municipality
	return f, nil
}
