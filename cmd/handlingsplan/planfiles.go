package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

func importFiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("import", stderr)
	slug := fs.String("department", "", "markdown and Word only: slug of the department that owns the plan")
	name := fs.String("department-name", "", "markdown and Word only: the department's name (needed for a new department)")
	municipality := fs.String("municipality", "", "markdown and Word only: the municipality (needed for a new department)")
	createRoles := fs.Bool("create-roles", false, "markdown and Word only: add the roles the plan names that the department lacks;\n"+
		"without it, in a department that has roles, such a role is refused as a typo")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: handlingsplan import [flags] FILE...\n\n"+
			"FILE is a YAML plan file (docs/plan-file.md), the markdown-table form of a plan (.md)\nor a Word document (.docx).")
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
	// database is even opened; markdown and Word are read against the
	// department's roles, so they wait for the database.
	files := make([]*planfile.File, fs.NArg())
	contents := make([][]byte, fs.NArg())
	for i, path := range fs.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		contents[i] = data
		if planstore.FormOf(path, data) != planstore.FormYAML {
			if *slug == "" {
				return fmt.Errorf("%s: a plan in markdown or Word names no department; give it with --department SLUG", path)
			}
			continue
		}
		f, err := planfile.ParseYAML(data)
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
		f, kept, err := planstore.ReadDocument(ctx, db.Client, path, contents[i], given, *createRoles)
		if errors.Is(err, planfile.ErrUnknownRole) {
			err = fmt.Errorf("%w\n(to add them as new roles of %s, import with --create-roles)", err, given.Slug)
		}
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
