package backup_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/backup"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/evidence"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

func sys() context.Context { return rule.SystemContext(context.Background(), "test") }

// live is a server's database on a file, with the GraphQL API and the
// evidence routes served to one person who may sign off a when-needed
// action (each sign-off of it is a new occurrence, so sign-offs never
// collide).
type live struct {
	t      *testing.T
	path   string
	db     *database.DB
	url    string
	action int
}

func newLive(t *testing.T, path string) *live {
	t.Helper()
	db, err := database.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	actionID, err := db.Client.Action.Query().Where(action.DeadlineKindEQ(action.DeadlineKindWhenNeeded),
		action.HasResponsibleWith()).FirstID(sys())
	if err != nil {
		t.Fatal(err)
	}
	resp := db.Client.Action.GetX(sys(), actionID).QueryResponsible().OnlyX(sys())
	v := authtest.User(t, db.Client, planstest.BollebygdSlug, resp.Name)

	mux := http.NewServeMux()
	asViewer := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
		})
	}
	logger := slog.New(slog.DiscardHandler)
	evidence.Routes(mux, db.Client, logger, evidence.Limits{}, asViewer)
	mux.Handle("POST /graphql", asViewer(graph.NewHandler(db.Client, logger, graph.DefaultLimits, false)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &live{t: t, path: path, db: db, url: srv.URL, action: actionID}
}

// upload stores an evidence file and returns its id.
func (l *live) upload(name string, content []byte) int {
	l.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("actionID", strconv.Itoa(l.action))
	fw, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Disposition": {`form-data; name="file"; filename="` + name + `"`},
		"Content-Type":        {"application/octet-stream"}})
	fw.Write(content)
	mw.Close()
	resp, err := http.Post(l.url+"/evidence", mw.FormDataContentType(), &body)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID string }
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		l.t.Fatalf("upload %s: %s %s", name, resp.Status, raw)
	}
	id, err := strconv.Atoi(out.ID)
	if err != nil {
		l.t.Fatalf("upload %s: id %q", name, out.ID)
	}
	return id
}

// signOff signs the action off through the API and returns the sign-off's
// id once the server has answered: an acknowledged sign-off.
func (l *live) signOff(key string, evidenceID int) (int, error) {
	in := map[string]any{"actionID": l.action, "idempotencyKey": key, "comment": "gjort " + key}
	if evidenceID != 0 {
		in["evidenceID"] = evidenceID
	}
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($in: SignOffInput!) { signOff(input: $in) { id } }`,
		"variables": map[string]any{"in": in},
	})
	resp, err := http.Post(l.url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct {
		Data   struct{ SignOff *struct{ ID string } }
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return 0, fmt.Errorf("decode %s: %w", raw, err)
	}
	if len(out.Errors) > 0 || out.Data.SignOff == nil {
		return 0, fmt.Errorf("sign off %s: %s", key, raw)
	}
	return strconv.Atoi(out.Data.SignOff.ID)
}

// evidenceContents reads every evidence file's content, by id.
func evidenceContents(t *testing.T, path string) map[int][]byte {
	t.Helper()
	db := openRaw(t, path)
	rows, err := db.Query("SELECT id, content FROM evidences")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int][]byte{}
	for rows.Next() {
		var id int
		var content []byte
		if err := rows.Scan(&id, &content); err != nil {
			t.Fatal(err)
		}
		out[id] = content
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=rw&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func randomPDF(t *testing.T, size int) []byte {
	t.Helper()
	b := make([]byte, size)
	rand.Read(b)
	return append([]byte("%PDF-1.7\n"), b...)
}

type acked struct {
	id  int
	key string
	at  time.Time
}

// TestBackupUnderConcurrentSignOffsKeepsEveryAcknowledgedOne backs up a
// database while four clients sign off through the API as fast as the
// server answers, restores the archive elsewhere, and finds there every
// sign-off that was acknowledged before the backup began, every evidence
// file byte for byte, and a database that passes SQLite's integrity check.
func TestBackupUnderConcurrentSignOffsKeepsEveryAcknowledgedOne(t *testing.T) {
	dir := t.TempDir()
	l := newLive(t, filepath.Join(dir, "live", "handlingsplan.db"))

	// Evidence files of random (incompressible) content: a few MB that the
	// snapshot, its checks and the archive take a while to copy.
	var evidenceIDs []int
	for i := range 6 {
		evidenceIDs = append(evidenceIDs, l.upload(fmt.Sprintf("protokoll-%d.pdf", i), randomPDF(t, 600<<10+i)))
	}

	var (
		mu    sync.Mutex
		done  []acked
		stop  atomic.Bool
		wg    sync.WaitGroup
		count atomic.Int64
		fail  = make(chan error, 4)
	)
	for w := range 4 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				key := fmt.Sprintf("w%d-%d", w, i)
				ev := 0
				if i%5 == 0 {
					ev = evidenceIDs[(w+i)%len(evidenceIDs)]
				}
				id, err := l.signOff(key, ev)
				if err != nil {
					fail <- err
					return
				}
				now := time.Now()
				mu.Lock()
				done = append(done, acked{id: id, key: key, at: now})
				mu.Unlock()
				count.Add(1)
			}
		})
	}
	defer func() { stop.Store(true); wg.Wait() }()
	// Let the sign-offs get going before the backup begins.
	for deadline := time.Now().Add(30 * time.Second); count.Load() < 40; {
		select {
		case err := <-fail:
			t.Fatal(err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d sign-offs in 30 s", count.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}

	// Back up while they run. A backup so quick that no sign-off was
	// answered during it tests nothing: then take another (the writers go on).
	var (
		archive        bytes.Buffer
		m              *backup.Manifest
		began, ended   time.Time
		before, during []acked
	)
	for attempt := 1; ; attempt++ {
		archive.Reset()
		began = time.Now()
		var err error
		m, err = backup.Create(t.Context(), l.path, &archive, backup.Options{Version: "test", TempDir: dir})
		ended = time.Now()
		if err != nil {
			t.Fatal(err)
		}
		// A few more after it, so that the last ones answered during it are counted.
		for want := count.Load() + 8; count.Load() < want; {
			time.Sleep(5 * time.Millisecond)
		}
		mu.Lock()
		before, during = nil, nil
		for _, a := range done {
			switch {
			case a.at.Before(began):
				before = append(before, a)
			case a.at.Before(ended):
				during = append(during, a)
			}
		}
		mu.Unlock()
		t.Logf("backup %d took %v: %d sign-offs acknowledged before it began, %d while it ran; archive %d bytes",
			attempt, ended.Sub(began).Round(time.Millisecond), len(before), len(during), archive.Len())
		if len(during) > 0 {
			break
		}
		if attempt == 5 {
			t.Fatal("no sign-off was acknowledged while any of 5 backups ran: the test did not back up a database being written to")
		}
	}
	stop.Store(true)
	wg.Wait()
	select {
	case err := <-fail:
		t.Fatal(err)
	default:
	}

	target := filepath.Join(dir, "restored", "handlingsplan.db")
	rm, err := backup.Restore(t.Context(), bytes.NewReader(archive.Bytes()), target)
	if err != nil {
		t.Fatal(err)
	}
	if rm.Files[0].SHA256 != m.Files[0].SHA256 || rm.Version != "test" || len(rm.Evidence) != len(evidenceIDs) {
		t.Errorf("restored manifest = %+v, want the one written (%+v)", rm, m)
	}

	raw := openRaw(t, target)
	if err := backup.IntegrityCheck(t.Context(), raw); err != nil {
		t.Fatalf("restored database: %v", err)
	}
	raw.Close()

	// Open it as the server would, and look for every acknowledged sign-off.
	restored, err := database.Open(target, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if err := restored.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, s := range restored.Client.SignOff.Query().AllX(sys()) {
		got[s.ID] = s.IdempotencyKey
	}
	if int64(len(got)) != m.Counts["sign_offs"] {
		t.Errorf("restored %d sign-offs, the manifest counted %d", len(got), m.Counts["sign_offs"])
	}
	for _, a := range before {
		if got[a.id] != a.key {
			t.Errorf("sign-off %d (%s), acknowledged %v before the backup began, is not in the restored database",
				a.id, a.key, began.Sub(a.at).Round(time.Microsecond))
		}
	}
	if len(got) < len(before) || len(got) > len(before)+len(during)+4 {
		t.Errorf("restored %d sign-offs; %d were acknowledged before the backup and %d during it", len(got), len(before), len(during))
	}

	want, have := evidenceContents(t, l.path), evidenceContents(t, target)
	if len(have) != len(want) || len(want) != len(evidenceIDs) {
		t.Errorf("restored %d evidence files, want %d", len(have), len(want))
	}
	for id, content := range want {
		if !bytes.Equal(have[id], content) {
			t.Errorf("evidence file %d: restored %d bytes, not the %d stored", id, len(have[id]), len(content))
		}
	}
}

// backupOf returns an archive of a small database with one evidence file.
func backupOf(t *testing.T, dir string) []byte {
	t.Helper()
	l := newLive(t, filepath.Join(dir, "src", "handlingsplan.db"))
	ev := l.upload("protokoll.pdf", randomPDF(t, 2000))
	if _, err := l.signOff("k1", ev); err != nil {
		t.Fatal(err)
	}
	var archive bytes.Buffer
	if _, err := backup.Create(t.Context(), l.path, &archive, backup.Options{Version: "test", TempDir: dir}); err != nil {
		t.Fatal(err)
	}
	return archive.Bytes()
}

func TestRestoreRefusesAPlaceWithADatabase(t *testing.T) {
	dir := t.TempDir()
	archive := backupOf(t, dir)
	for _, existing := range []string{"handlingsplan.db", "handlingsplan.db-wal", "handlingsplan.db-shm"} {
		t.Run(existing, func(t *testing.T) {
			place := t.TempDir()
			old := []byte("the database in use")
			if err := os.WriteFile(filepath.Join(place, existing), old, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := backup.Restore(t.Context(), bytes.NewReader(archive), filepath.Join(place, "handlingsplan.db"))
			if !errors.Is(err, backup.ErrOccupied) {
				t.Fatalf("restore over %s: %v, want ErrOccupied", existing, err)
			}
			t.Log(err)
			if b, _ := os.ReadFile(filepath.Join(place, existing)); !bytes.Equal(b, old) {
				t.Errorf("%s was changed", existing)
			}
			if names, _ := filepath.Glob(filepath.Join(place, "*")); len(names) != 1 {
				t.Errorf("left behind: %v", names)
			}
		})
	}
	t.Run("a server's live database", func(t *testing.T) {
		l := newLive(t, filepath.Join(t.TempDir(), "handlingsplan.db"))
		before := l.db.Client.SignOff.Query().CountX(sys())
		if _, err := backup.Restore(t.Context(), bytes.NewReader(archive), l.path); !errors.Is(err, backup.ErrOccupied) {
			t.Fatalf("restore over a live database: %v, want ErrOccupied", err)
		}
		if _, err := l.signOff("after", 0); err != nil {
			t.Fatalf("the live database after the refused restore: %v", err)
		}
		if n := l.db.Client.SignOff.Query().CountX(sys()); n != before+1 {
			t.Errorf("sign-offs = %d, want %d", n, before+1)
		}
	})
}

func TestRestoreRefusesADamagedArchiveAndLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	archive := backupOf(t, dir)
	tamper := map[string]func([]byte) []byte{
		"a changed database": func(db []byte) []byte {
			db[len(db)/2] ^= 0xff
			return db
		},
		"a cut-short database": func(db []byte) []byte { return db[:len(db)-4096] },
	}
	for name, f := range tamper {
		t.Run(name, func(t *testing.T) {
			bad := rewrite(t, archive, f)
			place := t.TempDir()
			_, err := backup.Restore(t.Context(), bytes.NewReader(bad), filepath.Join(place, "handlingsplan.db"))
			if err == nil {
				t.Fatal("a damaged archive was restored")
			}
			t.Log(err)
			if names, _ := filepath.Glob(filepath.Join(place, "*")); len(names) != 0 {
				t.Errorf("left behind: %v", names)
			}
			if names, _ := filepath.Glob(filepath.Join(place, ".*")); len(names) != 0 {
				t.Errorf("left behind: %v", names)
			}
		})
	}
	t.Run("an evidence file that is not the one backed up", func(t *testing.T) {
		bad := rewriteEntry(t, archive, backup.ManifestName, func(raw []byte) []byte {
			var m backup.Manifest
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			m.Evidence[0].SHA256 = strings.Repeat("0", 64)
			out, _ := json.Marshal(m)
			return out
		})
		place := t.TempDir()
		_, err := backup.Restore(t.Context(), bytes.NewReader(bad), filepath.Join(place, "handlingsplan.db"))
		if err == nil || !strings.Contains(err.Error(), "evidence file") {
			t.Fatalf("restore with an evidence file unlike the manifest's: %v", err)
		}
		if names, _ := filepath.Glob(filepath.Join(place, "*")); len(names) != 0 {
			t.Errorf("left behind: %v", names)
		}
	})
	t.Run("a newer format", func(t *testing.T) {
		bad := rewriteEntry(t, archive, backup.ManifestName, func(raw []byte) []byte {
			return bytes.Replace(raw, []byte(`"format_version": 1`), []byte(`"format_version": 2`), 1)
		})
		_, err := backup.Restore(t.Context(), bytes.NewReader(bad), filepath.Join(t.TempDir(), "handlingsplan.db"))
		if err == nil || !strings.Contains(err.Error(), "format version 2") {
			t.Fatalf("restore of format version 2: %v", err)
		}
	})
	t.Run("not an archive", func(t *testing.T) {
		_, err := backup.Restore(t.Context(), bytes.NewReader([]byte("SQLite format 3\x00")), filepath.Join(t.TempDir(), "x.db"))
		if err == nil {
			t.Fatal("restored something that is not an archive")
		}
	})
}

func TestBackupOfPostgreSQLSaysToUsePgDump(t *testing.T) {
	_, err := backup.Create(t.Context(), "postgres://u@localhost/db", io.Discard, backup.Options{})
	if !errors.Is(err, backup.ErrPostgres) {
		t.Fatalf("err = %v", err)
	}
	if _, err := backup.Restore(t.Context(), bytes.NewReader(nil), "postgresql://u@localhost/db"); !errors.Is(err, backup.ErrPostgres) {
		t.Fatalf("restore: err = %v", err)
	}
}

func TestBackupRefusesAMissingDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	if _, err := backup.Create(t.Context(), path, io.Discard, backup.Options{}); err == nil {
		t.Fatal("backed up a database that does not exist")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the backup created %s", path)
	}
}

// rewrite returns the archive with its database entry changed by f and its
// manifest as it was.
func rewrite(t *testing.T, archive []byte, f func([]byte) []byte) []byte {
	return rewriteEntry(t, archive, backup.DatabaseName, f)
}

// rewriteEntry returns the archive with the entry name changed by f.
func rewriteEntry(t *testing.T, archive []byte, name string, f func([]byte) []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if hdr.Name == name {
			body = f(body)
			hdr.Size = int64(len(body))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	}
	tw.Close()
	zw.Close()
	return out.Bytes()
}
