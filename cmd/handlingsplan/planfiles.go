package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

func importFiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("import", stderr)
	slug := fs.String("department", "", "markdown only: slug of the department that owns the plan")
	name := fs.String("department-name", "", "markdown only: the department's name (needed for a new department)")
	municipality := fs.String("municipality", "", "markdown only: the municipality (needed for a new department)")
	createRoles := fs.Bool("create-roles", false, "markdown only: add the roles the plan names that the department lacks;\n"+
		"without it, in a department that has roles, such a role is refused as a typo")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: handlingsplan import [flags] FILE...\n\nFILE is a YAML plan file (docs/plan-file.md) or the markdown-table form of a plan (.md).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("no file given")
	}
	// Read every file before writing anything: a broken file stops the
	// whole run with nothing written. YAML files are read before the
	// database is even opened; markdown is read against the department's
	// roles, so it waits for the database.
	files := make([]*planfile.File, fs.NArg())
	for i, path := range fs.Args() {
		if isMarkdown(path) {
			continue
		}
		f, err := readYAML(path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files[i] = f
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = rule.SystemContext(ctx, "import")
	given := planfile.Department{Slug: *slug, Name: *name, Municipality: *municipality}
	notes := make([][]string, len(files))
	for i, path := range fs.Args() {
		if files[i] != nil {
			continue
		}
		f, kept, err := readMarkdown(ctx, db.Client, path, given, *createRoles)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files[i], notes[i] = f, kept
	}
	for i, f := range files {
		res, err := planstore.Import(ctx, db.Client, f)
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(i), err)
		}
		verb := "updated"
		if res.Created {
			verb = "created"
		}
		fmt.Fprintf(stdout, "%s: %s plan %s %q (id %d) in %s\n", fs.Arg(i), verb, f.Plan.RegistryNumber, f.Plan.Title, res.PlanID, f.Department.Slug)
		for _, n := range notes[i] {
			fmt.Fprintf(stdout, "%s: %s\n", fs.Arg(i), n)
		}
	}
	// Each plan's transaction has committed: now the planner's statistics.
	return db.Analyze(ctx)
}

func isMarkdown(path string) bool { return strings.EqualFold(filepath.Ext(path), ".md") }

func readYAML(path string) (*planfile.File, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return planfile.Parse(r)
}

// readMarkdown reads a plan as markdown for the department of the command
// line. When that department exists, the plan is read against it as the
// database holds it: its roles resolve to the department's own, with their
// kinds and permissions, and a role it lacks is refused unless createRoles
// is set. Name and municipality come from the flags where given. When the
// plan exists too, it keeps what markdown cannot state (its rules and
// follow-up settings; planfile.File.KeepStored), and notes say what was
// kept.
func readMarkdown(ctx context.Context, client *ent.Client, path string, given planfile.Department, createRoles bool) (*planfile.File, []string, error) {
	dept := given
	stored, err := planstore.Department(ctx, client, given.Slug)
	if err != nil {
		return nil, nil, err
	}
	if stored != nil {
		dept = *stored
		dept.Name = cmp.Or(given.Name, dept.Name)
		dept.Municipality = cmp.Or(given.Municipality, dept.Municipality)
	}
	r, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	f, err := planfile.ParseMarkdown(r, dept, planfile.MarkdownOptions{CreateRoles: createRoles})
	if errors.Is(err, planfile.ErrUnknownRole) {
		return nil, nil, fmt.Errorf("%w\n(to add them as new roles of %s, import with --create-roles)", err, dept.Slug)
	}
	if err != nil || stored == nil {
		return f, nil, err
	}
	planID, err := planstore.FindPlan(ctx, client, f.Department.Slug, f.Plan.RegistryNumber)
	if ent.IsNotFound(err) {
		return f, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	prev, err := planstore.Export(ctx, client, planID)
	if err != nil {
		return nil, nil, err
	}
	return f, f.KeepStored(prev), nil
}

func export(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("export", stderr)
	slug := fs.String("department", "", "slug of the department that owns the plan (required)")
	dnr := fs.String("registry-number", "", "the plan's registry number (Dnr), e.g. SN2024/10 (required)")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" || *dnr == "" {
		fs.Usage()
		return fmt.Errorf("--department and --registry-number are required")
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = rule.SystemContext(ctx, "export")
	id, err := planstore.FindPlan(ctx, db.Client, *slug, *dnr)
	if err != nil {
		return fmt.Errorf("plan %s in %s: %w", *dnr, *slug, err)
	}
	f, err := planstore.Export(ctx, db.Client, id)
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	return planfile.Write(w, f)
}
