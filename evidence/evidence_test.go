package evidence_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	entevidence "github.com/handlingsplan/handlingsplan/ent/evidence"
	"github.com/handlingsplan/handlingsplan/evidence"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/viewer"
)

func TestDetectReadsTheTypeFromTheContent(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		want    string
	}{
		{"a PDF", []byte("%PDF-1.7\n1 0 obj"), "application/pdf"},
		{"a PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"a JPEG", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "image/jpeg"},
		{"a Word document", append([]byte("PK\x03\x04\x14\x00\x06\x00"), []byte("[Content_Types].xml word/document.xml")...), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"an old Excel file", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "application/vnd.ms-office"},
		{"a script named .pdf", []byte("#!/bin/sh\nrm -rf /"), ""},
		{"HTML", []byte("<html><script>alert(1)</script>"), ""},
		{"a zip that is not an office file", []byte("PK\x03\x04\x14\x00\x00\x00evil.exe"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := evidence.Detect(tt.content)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Detect = %q %v, want %q", got, ok, tt.want)
			}
		})
	}
}

// site is the evidence routes on a database with the Bollebygd plan.
type site struct {
	t        *testing.T
	db       *database.DB
	actionID int // an action of Bollebygd
}

func newSite(t *testing.T, db *database.DB) *site {
	t.Helper()
	planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	actionID := db.Client.Action.Query().Where(action.Number(1)).FirstIDX(sys())
	return &site{t: t, db: db, actionID: actionID}
}

func sys() context.Context { return rule.SystemContext(context.Background(), "test") }

// serve starts the routes with limits, every request made by v.
func (s *site) serve(v *viewer.Viewer, limits evidence.Limits) string {
	mux := http.NewServeMux()
	evidence.Routes(mux, s.db.Client, slog.New(slog.DiscardHandler), limits, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
		})
	})
	srv := httptest.NewServer(mux)
	s.t.Cleanup(srv.Close)
	return srv.URL
}

type answer struct {
	status int
	header http.Header
	body   struct {
		ID, Name, ContentType, URL string
		Errors                     []struct {
			Message    string
			Extensions map[string]any
		}
	}
}

// upload posts content for the site's action; disposition, when not
// empty, is the file part's Content-Disposition as sent, byte for byte.
func (s *site) upload(url, name string, content []byte) answer {
	return s.uploadAs(url, `form-data; name="file"; filename="`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name)+`"`, content)
}

func (s *site) uploadAs(url, disposition string, content []byte) answer {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("actionID", strconv.Itoa(s.actionID))
	fw, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Disposition": {disposition}, "Content-Type": {"application/octet-stream"}})
	fw.Write(content)
	mw.Close()
	resp, err := http.Post(url+"/evidence", mw.FormDataContentType(), &body)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode, header: resp.Header}
	json.NewDecoder(resp.Body).Decode(&a.body)
	return a
}

func (a answer) ext(key string) any {
	if len(a.body.Errors) == 0 {
		return nil
	}
	return a.body.Errors[0].Extensions[key]
}

func pdf(size int) []byte {
	return append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), size-9)...)
}

func TestEvidenceIsStoredAndServedOnlyInsideTheDepartment(t *testing.T) {
	s := newSite(t, dbtest.Open(t, dialect.SQLite, nil))
	planstest.ImportBollebygd(t, s.db.Client, "annan-forvaltning")
	own := authtest.User(t, s.db.Client, planstest.BollebygdSlug, "Enhetschef")
	other := authtest.User(t, s.db.Client, "annan-forvaltning", "Enhetschef")

	mine := s.serve(own, evidence.Limits{})
	content := []byte("%PDF-1.4\nprotokoll från APT med åäö")
	out := s.upload(mine, "../../protokoll.pdf", content)
	if out.status != http.StatusCreated || out.body.ContentType != "application/pdf" || out.body.Name != "protokoll.pdf" {
		t.Fatalf("upload = %d %+v", out.status, out.body)
	}
	if a := s.upload(mine, "bild.png", []byte("<html>not an image</html>")); a.status != http.StatusUnsupportedMediaType {
		t.Errorf("HTML named .png = %d, want 415", a.status)
	}
	if a := s.upload(mine, "stor.pdf", pdf(evidence.MaxSize+1)); a.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a file over 10 MB = %d, want 413", a.status)
	}
	if a := s.upload(s.serve(other, evidence.Limits{}), "x.pdf", content); a.status != http.StatusNotFound {
		t.Errorf("upload to another department's action = %d, want 404", a.status)
	}

	get := func(url string) (int, []byte, http.Header) {
		resp, err := http.Get(url + out.body.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b, resp.Header
	}
	if status, body, h := get(mine); status != http.StatusOK || !bytes.Equal(body, content) || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("download = %d, %d bytes, %q", status, len(body), h.Get("Content-Disposition"))
	}
	// A person who follows a link to a file of another department reads why,
	// in Swedish, not a program's "404 page not found".
	if status, body, _ := get(s.serve(other, evidence.Limits{})); status != http.StatusNotFound ||
		strings.TrimSpace(string(body)) != "Det finns inte, eller hör till en annan förvaltning." {
		t.Errorf("another department downloads = %d %q, want 404 saying so in Swedish", status, body)
	}
}

// TestFileNamesAreCleanedOrRefused: a name that is not UTF-8 (a 500 on
// PostgreSQL before), with NUL, control or bidirectional characters, or
// with a path is cleaned; a name longer than a file system allows (255
// bytes of UTF-8) is refused, one of 255 bytes kept.
func TestFileNamesAreCleanedOrRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db)
		url := s.serve(authtest.User(t, db.Client, planstest.BollebygdSlug, "Enhetschef"), evidence.Limits{})
		for _, tt := range []struct{ disposition, want string }{
			{"form-data; name=\"file\"; filename=\"prot\xffkoll.pdf\"", "prot\uFFFDkoll.pdf"},
			{"form-data; name=\"file\"; filename*=UTF-8''APT%00%1B%C2%85%20maj%FF%FE.pdf", "APT maj\uFFFD.pdf"},
			{"form-data; name=\"file\"; filename*=UTF-8''%E2%80%AEfdp.exe", "fdp.exe"},
			{`form-data; name="file"; filename="C:\\Users\\anna\\protokoll.pdf"`, "protokoll.pdf"},
			{"form-data; name=\"file\"; filename*=UTF-8''..%5C..", "bilaga"},
		} {
			a := s.uploadAs(url, tt.disposition, pdf(100))
			if a.status != http.StatusCreated || a.body.Name != tt.want {
				t.Errorf("%q: %d %q %+v, want %q", tt.disposition, a.status, a.body.Name, a.body.Errors, tt.want)
				continue
			}
			id, _ := strconv.Atoi(a.body.ID)
			if stored := db.Client.Evidence.GetX(sys(), id).Name; stored != tt.want {
				t.Errorf("%q: stored %q, want %q", tt.disposition, stored, tt.want)
			}
		}

		long := strings.Repeat("å", 126) + ".pdf" // 256 bytes
		a := s.upload(url, long, pdf(100))
		if a.status != http.StatusBadRequest || a.ext("code") != "BAD_USER_INPUT" || a.ext("field") != "file" ||
			a.ext("maxNameBytes") != float64(255) || !strings.Contains(a.body.Errors[0].Extensions["detail"].(string), "at most 255 bytes") ||
			a.body.Errors[0].Message != "Filnamnet är för långt. Ge filen ett kortare namn och försök igen." {
			t.Errorf("a name of 256 bytes = %d %+v, want 400 naming the limit", a.status, a.body.Errors)
		}
		if a := s.upload(url, long[2:], pdf(100)); a.status != http.StatusCreated || a.body.Name != long[2:] {
			t.Errorf("a name of 255 bytes = %d %+v, want it kept", a.status, a.body.Errors)
		}
	})
}

// TestQuotasHoldForUploadsAtOnce fires uploads at the same moment, by one
// person and by many people of one department, each set more than its
// quota allows: exactly as many as fit are stored, the rest are 413
// QUOTA_EXCEEDED, on PostgreSQL as on SQLite.
func TestQuotasHoldForUploadsAtOnce(t *testing.T) {
	const size, fit, tries = 100 << 10, 3, 8
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db)
		// Room for three files and most of a fourth.
		limit := int64(fit*size + size/2)
		at := func(urls []string) (stored []string, refused []answer) {
			var mu sync.Mutex
			var wg sync.WaitGroup
			start := make(chan struct{})
			for _, url := range urls {
				wg.Go(func() {
					<-start
					a := s.upload(url, "protokoll.pdf", pdf(size))
					mu.Lock()
					defer mu.Unlock()
					if a.status == http.StatusCreated {
						stored = append(stored, a.body.ID)
					} else {
						refused = append(refused, a)
					}
				})
			}
			close(start)
			wg.Wait()
			return stored, refused
		}
		check := func(scope string, limit, used int64, stored []string, refused []answer) {
			t.Helper()
			if len(stored) != fit {
				t.Errorf("%s quota: %d of %d uploads stored, want %d", scope, len(stored), tries, fit)
			}
			for _, a := range refused {
				if a.status != http.StatusRequestEntityTooLarge || a.ext("code") != "QUOTA_EXCEEDED" || a.ext("scope") != scope ||
					a.ext("limit") != float64(limit) || a.ext("used") != float64(used) ||
					!strings.Contains(a.body.Errors[0].Message, map[string]string{"person": "Ditt utrymme", "department": "Förvaltningens utrymme"}[scope]+" för underlag räcker inte") {
					t.Errorf("%s quota: refused with %d %+v", scope, a.status, a.body.Errors)
				}
			}
		}

		person := s.serve(authtest.User(t, db.Client, planstest.BollebygdSlug, "Enhetschef"), evidence.Limits{PerPerson: limit})
		urls := make([]string, tries)
		for i := range urls {
			urls[i] = person
		}
		stored, refused := at(urls)
		check("person", limit, fit*size, stored, refused)

		// Eight people of the department; its quota counts the files above.
		deptLimit := limit + fit*size
		for i := range urls {
			urls[i] = s.serve(authtest.User(t, db.Client, planstest.BollebygdSlug, "Medarbetare"), evidence.Limits{PerDepartment: deptLimit})
		}
		stored, refused = at(urls)
		check("department", deptLimit, 2*fit*size, stored, refused)
		var total int64
		for _, ev := range db.Client.Evidence.Query().Select(entevidence.FieldSize).AllX(sys()) {
			total += int64(ev.Size)
		}
		if total != 2*fit*size {
			t.Errorf("%d bytes stored, want %d", total, 2*fit*size)
		}
	})
}

// TestUploadsAMinuteAreBounded: the 21st upload of a minute is 429 with
// Retry-After; another person may still upload.
func TestUploadsAMinuteAreBounded(t *testing.T) {
	s := newSite(t, dbtest.Open(t, dialect.SQLite, nil))
	limits := evidence.Limits{PerMinute: 20}
	url := s.serve(authtest.User(t, s.db.Client, planstest.BollebygdSlug, "Enhetschef"), limits)
	for i := range 20 {
		if a := s.upload(url, "protokoll.pdf", pdf(100)); a.status != http.StatusCreated {
			t.Fatalf("upload %d = %d %+v", i+1, a.status, a.body.Errors)
		}
	}
	a := s.upload(url, "protokoll.pdf", pdf(100))
	if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "60" || a.ext("code") != "TOO_MANY_REQUESTS" || a.ext("perMinute") != float64(20) {
		t.Errorf("upload 21 = %d %q %+v, want 429 after a minute", a.status, a.header.Get("Retry-After"), a.body.Errors)
	}
	other := s.serve(authtest.User(t, s.db.Client, planstest.BollebygdSlug, "Enhetschef"), limits)
	if a := s.upload(other, "protokoll.pdf", pdf(100)); a.status != http.StatusCreated {
		t.Errorf("another person's upload = %d, want 201", a.status)
	}
}

// TestUploadsAndDownloadsAreAudited: an upload is recorded with the file
// it created, in its transaction; each download is recorded before the
// file is sent; a refused upload records nothing.
func TestUploadsAndDownloadsAreAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db)
		v := authtest.User(t, db.Client, planstest.BollebygdSlug, "Enhetschef")
		url := s.serve(v, evidence.Limits{PerPerson: 1000})
		up := s.upload(url, "protokoll APT.pdf", pdf(600))
		if up.status != http.StatusCreated {
			t.Fatalf("upload = %d %+v", up.status, up.body.Errors)
		}
		id, _ := strconv.Atoi(up.body.ID)
		records := func(op auditrecord.Operation) int {
			t.Helper()
			recs := db.Client.AuditRecord.Query().
				Where(auditrecord.EntityType("Evidence"), auditrecord.EntityID(id), auditrecord.OperationEQ(op)).AllX(sys())
			for _, r := range recs {
				if r.ActorID == nil || *r.ActorID != v.UserID || r.DepartmentID == nil || *r.DepartmentID != v.DepartmentIDs()[0] ||
					r.After["name"] != "protokoll APT.pdf" || r.After["size"] != float64(600) || r.After["sha256"] == "" || r.Before != nil {
					t.Errorf("%s record = actor %v, department %v, after %v, before %v", op, r.ActorID, r.DepartmentID, r.After, r.Before)
				}
				if op == auditrecord.OperationCreate && r.After["action_id"] != float64(s.actionID) {
					t.Errorf("upload record names action %v, want %d", r.After["action_id"], s.actionID)
				}
			}
			return len(recs)
		}
		if n := records(auditrecord.OperationCreate); n != 1 {
			t.Errorf("%d upload records, want 1", n)
		}
		for range 2 {
			resp, err := http.Get(url + up.body.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		if n := records(auditrecord.OperationDownload); n != 2 {
			t.Errorf("%d download records, want one per download (2)", n)
		}

		before := db.Client.AuditRecord.Query().CountX(sys())
		if a := s.upload(url, "till.pdf", pdf(600)); a.status != http.StatusRequestEntityTooLarge {
			t.Errorf("an upload over the quota = %d, want 413", a.status)
		}
		if after := db.Client.AuditRecord.Query().CountX(sys()); after != before {
			t.Errorf("a refused upload left %d audit records", after-before)
		}
	})
}
