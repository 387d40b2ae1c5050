package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// ErrOccupied is the answer to a restore over an existing database.
var ErrOccupied = errors.New("there is already a database there")

// maxManifest bounds the manifest read into memory.
const maxManifest = 64 << 20

// Restore reads an archive from r, checks every checksum in it, and puts
// the database at url, where there must be none: not the file, nor its
// write-ahead log. It returns the archive's manifest. Nothing is left at url
// unless every check passed.
func Restore(ctx context.Context, r io.Reader, url string) (*Manifest, error) {
	if IsPostgres(url) {
		return nil, ErrPostgres
	}
	path := FilePath(url)
	if path == "" || path == ":memory:" {
		return nil, fmt.Errorf("restore: %q is not a database file", url)
	}
	if err := empty(path); err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("restore: create the database folder: %w", err)
	}

	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("restore: not a backup archive (gzip): %w", err)
	}
	tr := tar.NewReader(zr)
	m, err := readManifest(tr)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".restore-*")
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	tmpName := tmp.Name()
	defer func() {
		// After a restore, the database has its own name (a link).
		tmp.Close()
		os.Remove(tmpName)
		os.Remove(tmpName + "-wal")
		os.Remove(tmpName + "-shm")
	}()

	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("restore: read the archive: %w", err)
		}
		i := slices.IndexFunc(m.Files, func(f File) bool { return f.Name == hdr.Name })
		if i < 0 || seen[hdr.Name] {
			return nil, fmt.Errorf("restore: the archive holds %q, which its manifest does not list", hdr.Name)
		}
		seen[hdr.Name] = true
		want := m.Files[i]
		if hdr.Name != DatabaseName {
			return nil, fmt.Errorf("restore: this version cannot restore %q", hdr.Name)
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(tmp, h), tr)
		if err != nil {
			return nil, fmt.Errorf("restore: unpack %s: %w", hdr.Name, err)
		}
		if sum := hex.EncodeToString(h.Sum(nil)); n != want.Size || sum != want.SHA256 {
			return nil, fmt.Errorf("restore: %s is damaged: %d bytes with SHA-256 %s, the manifest says %d bytes with %s",
				hdr.Name, n, sum, want.Size, want.SHA256)
		}
	}
	for _, f := range m.Files {
		if !seen[f.Name] {
			return nil, fmt.Errorf("restore: the archive is incomplete: %s is missing", f.Name)
		}
	}
	if err := tmp.Sync(); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := verify(ctx, tmpName, m); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	// Link, not rename: it fails if a database appeared there meanwhile.
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, occupied(path)
		}
		return nil, fmt.Errorf("restore: %w", err)
	}
	syncDir(dir)
	return m, nil
}

// empty returns ErrOccupied, with what to do, when there is a database (or a
// part of one) at path.
func empty(path string) error {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(path + suffix); err == nil {
			return occupied(path + suffix)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	return nil
}

func occupied(path string) error {
	return fmt.Errorf("restore: %w: %s exists. A restore never overwrites a database: stop the server, "+
		"move the old database files (the .db file and its -wal and -shm files) aside, then restore again; "+
		"or restore into another place with --db", ErrOccupied, path)
}

func readManifest(tr *tar.Reader) (*Manifest, error) {
	hdr, err := tr.Next()
	if err != nil {
		return nil, fmt.Errorf("restore: not a backup archive (tar): %w", err)
	}
	if hdr.Name != ManifestName {
		return nil, fmt.Errorf("restore: not a handlingsplan backup: the archive begins with %q, not %s", hdr.Name, ManifestName)
	}
	if hdr.Size > maxManifest {
		return nil, fmt.Errorf("restore: the manifest is too large (%d bytes)", hdr.Size)
	}
	raw, err := io.ReadAll(io.LimitReader(tr, maxManifest))
	if err != nil {
		return nil, fmt.Errorf("restore: read the manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("restore: read the manifest: %w", err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("restore: not a handlingsplan backup (format %q)", m.Format)
	}
	if m.FormatVersion < 1 || m.FormatVersion > FormatVersion {
		return nil, fmt.Errorf("restore: the archive has format version %d; this binary reads 1 to %d: restore with the version that wrote it (%s) or a newer one",
			m.FormatVersion, FormatVersion, m.Version)
	}
	if !slices.ContainsFunc(m.Files, func(f File) bool { return f.Name == DatabaseName }) {
		return nil, fmt.Errorf("restore: the manifest lists no %s", DatabaseName)
	}
	return &m, nil
}

// verify checks the unpacked database at path: its integrity, and every
// evidence file against the manifest.
func verify(ctx context.Context, path string, m *Manifest) error {
	db, err := openFile(path)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := IntegrityCheck(ctx, db); err != nil {
		return err
	}
	got, err := evidenceFiles(ctx, db)
	if err != nil {
		return err
	}
	if len(got) != len(m.Evidence) {
		return fmt.Errorf("the database holds %d evidence files, the manifest lists %d", len(got), len(m.Evidence))
	}
	for i, e := range got {
		if w := m.Evidence[i]; e.ID != w.ID || e.Size != w.Size || e.SHA256 != w.SHA256 {
			return fmt.Errorf("evidence file %d (%s) differs from the manifest", w.ID, w.Name)
		}
	}
	return db.Close()
}

// syncDir makes a new name in dir durable; where a directory cannot be
// synced, the rename is as durable as the file system makes it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
