package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/report"
	"github.com/handlingsplan/handlingsplan/rule"
)

// reportCmd writes the board's report of a plan as of a date.
func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("report", stderr)
	slug := fs.String("department", "", "slug of the department that owns the plan (required)")
	dnr := fs.String("registry-number", "", "the plan's registry number (Dnr), e.g. SN2024/10 (required)")
	asOf := fs.String("as-of", time.Now().In(followup.Location()).Format(time.DateOnly), "the report's date, YYYY-MM-DD")
	out := fs.String("o", "", "output file; its extension (.csv, .xlsx, .pdf) picks the format (required)")
	site := fs.String("site-url", siteURL(os.Getenv("HANDLINGSPLAN_OIDC_REDIRECT_URL")), "the site's address, https://…, for the links to evidence files; default the origin of HANDLINGSPLAN_OIDC_REDIRECT_URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" || *dnr == "" || *out == "" {
		fs.Usage()
		return fmt.Errorf("--department, --registry-number and -o are required")
	}
	day, err := time.ParseInLocation(time.DateOnly, *asOf, followup.Location())
	if err != nil {
		return fmt.Errorf("--as-of: %q is not a date in the form YYYY-MM-DD", *asOf)
	}
	write, ok := map[string]func(io.Writer, *report.Report) error{
		".csv": report.WriteCSV, ".xlsx": report.WriteXLSX, ".pdf": report.WritePDF,
	}[strings.ToLower(filepath.Ext(*out))]
	if !ok {
		return fmt.Errorf("-o: end the file name with .csv, .xlsx or .pdf")
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = rule.SystemContext(ctx, "report")
	id, err := planstore.FindPlan(ctx, db.Client, *slug, *dnr)
	if err != nil {
		return fmt.Errorf("plan %s in %s: %w", *dnr, *slug, err)
	}
	rep, err := progress.BoardReport(ctx, db.Client, id, day, time.Now())
	if err != nil {
		return err
	}
	rep.ResolveLinks(*site)
	var buf bytes.Buffer
	if err := write(&buf, rep); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes): %s as of %s\n", *out, buf.Len(), rep.Title, *asOf)
	return nil
}
