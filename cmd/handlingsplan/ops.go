package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/backup"
)

// backupCmd writes an archive of a live SQLite database (package backup).
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbURL := newFlags("backup", stderr)
	out := fs.String("o", "", "archive to write, e.g. handlingsplan.tar.gz; a folder (an existing one, or a name ending in /) gets handlingsplan-YYYYMMDD-HHMMSS.tar.gz in it; - for standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return errors.New("backup: usage: handlingsplan backup [--db URL] -o FILE")
	}
	if backup.IsPostgres(*dbURL) {
		return backup.ErrPostgres
	}
	opts := backup.Options{Version: version()}
	report := func(m *backup.Manifest, where string) {
		fmt.Fprintf(stderr, "backed up %s to %s: %d sign-offs, %d evidence files (%s), %s of database; SHA-256 %s\n",
			m.Source, where, m.Counts["sign_offs"], len(m.Evidence), megabytes(m.EvidenceBytes()),
			megabytes(m.Files[0].Size), m.Files[0].SHA256)
	}
	if *out == "-" {
		m, err := backup.Create(ctx, *dbURL, stdout, opts)
		if err != nil {
			return err
		}
		report(m, "standard output")
		return nil
	}
	path := *out
	if strings.HasSuffix(path, "/") {
		if err := os.MkdirAll(path, 0o750); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "handlingsplan-"+time.Now().UTC().Format("20060102-150405")+".tar.gz")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s exists; a backup never overwrites a file: name another", path)
	}
	dir := filepath.Dir(path)
	// The snapshot is made beside the archive: room for one copy of the
	// database there, and never in a read-only root file system's /tmp.
	opts.TempDir = dir
	tmp, err := os.CreateTemp(dir, ".handlingsplan-backup-*.tmp")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // once linked, the archive keeps its own name
	m, err := backup.Create(ctx, *dbURL, tmp, opts)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// Link, not rename: never over a file that appeared meanwhile.
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	report(m, path)
	return nil
}

// restoreCmd puts an archive back where no database is.
func restoreCmd(ctx context.Context, args []string, stderr io.Writer) error {
	fs, dbURL := newFlags("restore", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("restore: usage: handlingsplan restore [--db URL] FILE (- for standard input)")
	}
	if backup.IsPostgres(*dbURL) {
		return backup.ErrPostgres
	}
	var in io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer f.Close()
		in = f
	}
	m, err := backup.Restore(ctx, in, *dbURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "restored the backup of %s taken %s by handlingsplan %s into %s: %d sign-offs, %d evidence files (%s); every checksum matched\n",
		m.Source, m.CreatedAt.Format(time.RFC3339), m.Version, backup.FilePath(*dbURL), m.Counts["sign_offs"], len(m.Evidence), megabytes(m.EvidenceBytes()))
	return nil
}

// healthcheck asks a running server's /healthz and fails unless it answers
// 200: the container's HEALTHCHECK, where there is no curl.
func healthcheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", envOr("HANDLINGSPLAN_ADDR", "127.0.0.1:8080"), "the server's listen address (env HANDLINGSPLAN_ADDR)")
	url := fs.String("url", "", "the address to ask instead, e.g. http://127.0.0.1:8080/readyz")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	target := *url
	if target == "" {
		target = "http://" + localAddr(*addr) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s: %s", target, resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintf(stdout, "%s: %s\n", target, strings.TrimSpace(string(body)))
	return nil
}

// localAddr is where to reach a server listening on addr from the same
// machine: an unspecified host (":8080", "0.0.0.0:8080", "[::]:8080") means
// the loopback address.
func localAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// buildVersion is set at link time (-ldflags "-X main.buildVersion=…", as
// the Dockerfile does); empty means read it from the build information.
var buildVersion string

// version is the binary's version: the one set at link time, its module
// version, or the commit it was built from.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-modified"
			}
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		return rev + modified
	}
	if v == "" || v == "(devel)" {
		return "devel"
	}
	return v
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
