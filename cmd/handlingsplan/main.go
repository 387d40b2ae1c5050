// Command handlingsplan is the whole product in one binary:
//
//	handlingsplan serve   [--addr ADDR] [--db URL] [--dev]
//	handlingsplan import  [--db URL] [--department SLUG --department-name NAME --municipality NAME --create-roles] FILE...
//	handlingsplan export  [--db URL] --department SLUG --registry-number DNR [-o FILE]
//	handlingsplan report  [--db URL] --department SLUG --registry-number DNR [--as-of DATE] -o FILE
//	handlingsplan notify  [--db URL] --dry-run [--as-of DATE] [--to EMAIL]
//	handlingsplan migrate [--db URL] [--status]
//	handlingsplan backup  [--db URL] -o FILE
//	handlingsplan restore [--db URL] FILE
//	handlingsplan healthcheck [--addr ADDR | --url URL]
//
// --addr and --db can also be set with HANDLINGSPLAN_ADDR and HANDLINGSPLAN_DB.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/handlingsplan/handlingsplan/database"
)

const usage = `handlingsplan: follow up a municipal action plan.

Usage:
  handlingsplan serve   [--addr ADDR] [--db URL] [--dev]
  handlingsplan import  [--db URL] FILE...        (YAML plan files, markdown tables or Word .docx)
  handlingsplan export  [--db URL] --department SLUG --registry-number DNR [-o FILE]
  handlingsplan report  [--db URL] --department SLUG --registry-number DNR [--as-of DATE] -o FILE.{csv,xlsx,pdf}
  handlingsplan notify  [--db URL] --dry-run [--as-of DATE] [--to EMAIL]   (what e-mail would be sent)
  handlingsplan migrate [--db URL] [--status]     (upgrade the database's schema, as serve does at start)
  handlingsplan backup  [--db URL] -o FILE.tar.gz   (a SQLite database and its evidence files, while it runs)
  handlingsplan restore [--db URL] FILE.tar.gz      (into a place where there is no database yet)
  handlingsplan healthcheck [--addr ADDR | --url URL]  (exit 0 when the server at ADDR answers /healthz)
  handlingsplan version

Run "handlingsplan COMMAND -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "handlingsplan:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "import":
		return importFiles(ctx, args, stdout, stderr)
	case "export":
		return export(ctx, args, stdout, stderr)
	case "report":
		return reportCmd(ctx, args, stdout, stderr)
	case "notify":
		return notifyCmd(ctx, args, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, args, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, args, stderr)
	case "healthcheck":
		return healthcheck(ctx, args, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "handlingsplan", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// newFlags returns a flag set with the flags every command shares.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr("HANDLINGSPLAN_DB", database.DefaultPath),
		"SQLite file path, or a postgres:// URL (env HANDLINGSPLAN_DB)")
	return fs, db
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}

// openDB opens and migrates the database.
func openDB(ctx context.Context, url string) (*database.DB, error) {
	db, err := database.Open(url, nil)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
