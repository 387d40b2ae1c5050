// Package backup copies a live SQLite database into one archive file, and
// puts such an archive back into an empty place.
//
// The archive is a gzip-compressed tar file with two entries, in this order:
//
//	manifest.json     format, versions, checksums, what it holds (Manifest)
//	handlingsplan.db  the database, a consistent snapshot
//
// Evidence files (the PDFs, images and documents attached to sign-offs) are
// stored in the database itself (the evidences table, content column), so
// the snapshot holds every one of them; the manifest lists each file's
// SHA-256, and a restore checks every file against it.
//
// The snapshot is taken with VACUUM INTO on a connection of its own: one
// read transaction, which in WAL mode never blocks the server's writer or
// readers, and which sees every transaction committed before it began. The
// server keeps running and writing while a backup is taken.
//
// PostgreSQL is backed up with pg_dump, not here (docs/operations.md).
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// Format names the archive format in its manifest, and FormatVersion is the
// newest version this package writes and reads.
const (
	Format        = "handlingsplan-backup"
	FormatVersion = 1
)

// Entry names inside the archive.
const (
	ManifestName = "manifest.json"
	DatabaseName = "handlingsplan.db"
)

// Manifest describes an archive: what wrote it, when, and the checksums a
// restore verifies.
type Manifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	CreatedAt     time.Time `json:"created_at"`
	// Version is the version of the handlingsplan binary that wrote it.
	Version       string `json:"version"`
	SQLiteVersion string `json:"sqlite_version"`
	// Source is the database file it was taken from.
	Source string `json:"source"`
	// Files are the archive's entries after the manifest.
	Files []File `json:"files"`
	// Evidence lists every evidence file in the database.
	Evidence []Evidence `json:"evidence"`
	// Counts are the rows of a few tables, for a person to compare.
	Counts map[string]int64 `json:"counts"`
}

// File is an entry of the archive.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Evidence is an evidence file stored in the database.
type Evidence struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// EvidenceBytes is the size of all evidence files.
func (m *Manifest) EvidenceBytes() int64 {
	var n int64
	for _, e := range m.Evidence {
		n += e.Size
	}
	return n
}

// counted are the tables whose rows the manifest counts.
var counted = []string{"departments", "plans", "actions", "sign_offs", "evidences", "users", "audit_records"}

// IsPostgres reports whether url names a PostgreSQL database, which this
// package does not back up.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// ErrPostgres is the answer to a backup or restore of PostgreSQL.
var ErrPostgres = errors.New(`the database is PostgreSQL: back it up with pg_dump and restore it with pg_restore, for example
  pg_dump --format=custom --no-owner --file=handlingsplan.dump "$HANDLINGSPLAN_DB"
  pg_restore --no-owner --exit-on-error --single-transaction --dbname="$NEW_EMPTY_DATABASE_URL" handlingsplan.dump
Evidence files are stored in the database, so the dump holds them; see "Backup and restore" in docs/operations.md for what else to keep`)

// Options are a backup's settings.
type Options struct {
	// Version is the binary's version, for the manifest.
	Version string
	// TempDir holds the snapshot while it is checked and archived: room
	// for one copy of the database. Empty means the system's.
	TempDir string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// FilePath returns the file path of a SQLite database URL as the server
// takes it (a path, or a "file:" URI with parameters).
func FilePath(url string) string {
	path := strings.TrimPrefix(url, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path
}

// Create writes an archive of the SQLite database at url to w and returns its
// manifest. The server may be running and writing: the archive holds every
// transaction committed before Create began, and none that began after its
// snapshot.
func Create(ctx context.Context, url string, w io.Writer, opts Options) (*Manifest, error) {
	if IsPostgres(url) {
		return nil, ErrPostgres
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	path := FilePath(url)
	if path == "" || path == ":memory:" || strings.Contains(url, "mode=memory") {
		return nil, fmt.Errorf("backup: %q is not a database file", url)
	}
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("backup: no database at %s: %w", path, err)
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("backup: %s is not a file", path)
	}
	dir, err := os.MkdirTemp(opts.TempDir, "handlingsplan-backup-")
	if err != nil {
		return nil, fmt.Errorf("backup: room for the snapshot: %w", err)
	}
	defer os.RemoveAll(dir)
	snap := filepath.Join(dir, DatabaseName)

	m := &Manifest{Format: Format, FormatVersion: FormatVersion, Version: opts.Version, Source: path}
	if err := snapshot(ctx, path, snap); err != nil {
		return nil, err
	}
	m.CreatedAt = now().UTC()
	if err := inspect(ctx, snap, m); err != nil {
		return nil, fmt.Errorf("backup: check the snapshot: %w", err)
	}
	sum, size, err := hashFile(snap)
	if err != nil {
		return nil, err
	}
	m.Files = []File{{Name: DatabaseName, Size: size, SHA256: sum}}
	if err := writeArchive(w, m, snap); err != nil {
		return nil, fmt.Errorf("backup: write the archive: %w", err)
	}
	return m, nil
}

// snapshot copies the database at path into the new file dst with
// VACUUM INTO: one read transaction on a connection of its own.
func snapshot(ctx context.Context, path, dst string) error {
	// mode=rw: never create a database where there was none. No journal
	// mode is set: the server's (WAL) stays.
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=rw&_busy_timeout=10000")
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("backup: snapshot of %s: %w", path, err)
	}
	return nil
}

// openFile opens a database file that no server uses, with one connection.
func openFile(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=rw&_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// inspect checks the integrity of the database file at path and fills in
// m's SQLite version, counts and evidence files.
func inspect(ctx context.Context, path string, m *Manifest) error {
	db, err := openFile(path)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := IntegrityCheck(ctx, db); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&m.SQLiteVersion); err != nil {
		return err
	}
	m.Counts = map[string]int64{}
	for _, table := range counted {
		var n int64
		err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+table+`"`).Scan(&n)
		if err != nil && strings.Contains(err.Error(), "no such table") {
			continue // a database from before the table existed
		}
		if err != nil {
			return fmt.Errorf("count %s: %w", table, err)
		}
		m.Counts[table] = n
	}
	m.Evidence, err = evidenceFiles(ctx, db)
	return err
}

// IntegrityCheck runs PRAGMA integrity_check and returns its complaints.
func IntegrityCheck(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}

// evidenceFiles reads every evidence file, one at a time, and returns the
// checksum of its content. A file whose content no longer matches the
// checksum recorded at upload is an error: the copy would keep the damage.
func evidenceFiles(ctx context.Context, db *sql.DB) ([]Evidence, error) {
	ids, err := evidenceIDs(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([]Evidence, 0, len(ids))
	for _, id := range ids {
		var e Evidence
		var recorded string
		var content []byte
		err := db.QueryRowContext(ctx, "SELECT id, name, sha256, content FROM evidences WHERE id = ?", id).
			Scan(&e.ID, &e.Name, &recorded, &content)
		if err != nil {
			return nil, fmt.Errorf("evidence file %d: %w", id, err)
		}
		sum := sha256.Sum256(content)
		e.SHA256 = hex.EncodeToString(sum[:])
		e.Size = int64(len(content))
		if e.SHA256 != recorded {
			return nil, fmt.Errorf("evidence file %d (%s): its content does not match the checksum recorded at upload", e.ID, e.Name)
		}
		out = append(out, e)
	}
	return out, nil
}

func evidenceIDs(ctx context.Context, db *sql.DB) ([]int64, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM evidences ORDER BY id")
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil
		}
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func hashFile(path string) (sum string, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	size, err = io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// writeArchive writes the manifest and the database file as a tar.gz to w.
func writeArchive(w io.Writer, m *Manifest, db string) error {
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	manifest = append(manifest, '\n')
	zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	hdr := &tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(manifest)), ModTime: m.CreatedAt, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(manifest); err != nil {
		return err
	}
	f, err := os.Open(db)
	if err != nil {
		return err
	}
	defer f.Close()
	hdr = &tar.Header{Name: DatabaseName, Mode: 0o600, Size: m.Files[0].Size, ModTime: m.CreatedAt, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if n, err := io.Copy(tw, f); err != nil {
		return err
	} else if n != m.Files[0].Size {
		return fmt.Errorf("the snapshot changed while it was archived")
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}
