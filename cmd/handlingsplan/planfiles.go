package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
)

func importFiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("import", stderr)
	slug := fs.String("department", "", "markdown only: slug of the department that owns the plan")
	name := fs.String("department-name", "", "markdown only: the department's name")
	municipality := fs.String("municipality", "", "markdown only: the municipality")
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
	// Parse every file before touching the database: a broken file stops
	// the whole run with nothing written.
	files := make([]*planfile.File, 0, fs.NArg())
	for _, path := range fs.Args() {
		f, err := readPlanFile(path, planfile.Department{Slug: *slug, Name: *name, Municipality: *municipality})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files = append(files, f)
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = rule.SystemContext(ctx, "import")
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
	}
	return nil
}

func readPlanFile(path string, dept planfile.Department) (*planfile.File, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if strings.EqualFold(filepath.Ext(path), ".md") {
		return planfile.ParseMarkdown(r, dept)
	}
	return planfile.Parse(r)
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
