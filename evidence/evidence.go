// Package evidence receives and serves the files attached to sign-offs: a
// PDF, an image or an office document of at most 10 MB, whose type is
// read from its content, never trusted from its name or the client. What
// one person and one department may store is bounded (Limits), and every
// upload and download is in the audit trail.
package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/handlingsplan/handlingsplan/audit"
	"github.com/handlingsplan/handlingsplan/database/rowlock"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/department"
	entevidence "github.com/handlingsplan/handlingsplan/ent/evidence"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/user"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// MaxSize is the largest file accepted.
const MaxSize = 10 << 20

// MaxNameBytes is the longest file name kept, in bytes of UTF-8: what file
// systems allow, so a downloaded file can be saved under its name.
const MaxNameBytes = 255

// Limits bound what is stored. A zero field sets no limit.
type Limits struct {
	PerPerson     int64 // bytes one person may have uploaded, in all their departments
	PerDepartment int64 // bytes one department may hold
	PerMinute     int   // uploads one person may make in a minute
}

// DefaultLimits are the limits of `serve` when no flag says otherwise:
// room for a few hundred scanned minutes per person, and for years of a
// department's sign-offs.
var DefaultLimits = Limits{PerPerson: 200 << 20, PerDepartment: 5 << 30, PerMinute: 20}

// Routes registers POST /evidence (multipart: actionID, file) and
// GET /evidence/{id}. Both need a viewer; reading goes through the privacy
// rules, so a file is served only to those who may read its department.
func Routes(mux *http.ServeMux, client *ent.Client, logger *slog.Logger, limits Limits, wrap func(http.Handler) http.Handler) {
	mux.Handle("POST /evidence", wrap(upload(client, logger, limits)))
	mux.Handle("GET /evidence/{id}", wrap(download(client, logger)))
}

// file is an upload as read from the request, before it is stored.
type file struct {
	actionID    int
	name        string
	contentType string
	content     []byte
}

func upload(client *ent.Client, logger *slog.Logger, limits Limits) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, no := read(w, r)
		if no != nil {
			no.write(w)
			return
		}
		ev, no, err := store(r.Context(), client, limits, f, time.Now())
		if err != nil {
			logger.ErrorContext(r.Context(), "store evidence", "error", err.Error())
			no = &refusal{status: http.StatusInternalServerError, code: "INTERNAL", msg: "internal error"} // says fault.Sentence(Internal)
		}
		if no != nil {
			no.write(w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": strconv.Itoa(ev.ID), "name": ev.Name, "contentType": ev.ContentType, "size": ev.Size, "url": fmt.Sprintf("/evidence/%d", ev.ID),
		})
	})
}

// read takes the action and the file from the form, and checks what can be
// checked without the database: size, name and type.
func read(w http.ResponseWriter, r *http.Request) (file, *refusal) {
	var f file
	r.Body = http.MaxBytesReader(w, r.Body, MaxSize+64<<10) // room for the form around the file
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return f, tooLarge()
		}
		return f, invalid("file", "send multipart/form-data with actionID and file", "Filen kom inte fram. Välj den igen och försök på nytt.")
	}
	var err error
	if f.actionID, err = strconv.Atoi(r.FormValue("actionID")); err != nil {
		return f, invalid("actionID", "actionID must be an action's id", "Underlaget måste höra till en åtgärd. Ladda om sidan och försök igen.")
	}
	part, header, err := r.FormFile("file")
	if err != nil {
		return f, invalid("file", "no file", "Välj en fil att ladda upp.")
	}
	defer part.Close()
	if f.content, err = io.ReadAll(io.LimitReader(part, MaxSize+1)); err != nil {
		return f, invalid("file", "the file could not be read", "Filen gick inte att läsa. Försök igen.")
	}
	if len(f.content) > MaxSize {
		return f, tooLarge()
	}
	if f.name = cleanName(header.Filename); len(f.name) > MaxNameBytes {
		no := invalid("file", fmt.Sprintf("the file name is %d bytes long; at most %d bytes (UTF-8) are allowed, so rename the file", len(f.name), MaxNameBytes),
			"Filnamnet är för långt. Ge filen ett kortare namn och försök igen.")
		no.extra = map[string]any{"maxNameBytes": MaxNameBytes}
		return f, no
	}
	var ok bool
	if f.contentType, ok = Detect(f.content); !ok {
		return f, &refusal{status: http.StatusUnsupportedMediaType, code: "BAD_USER_INPUT", field: "file",
			msg: "only PDF, images (PNG, JPEG, GIF, WebP) and office documents are accepted",
			say: "Det går bara att ladda upp PDF, bilder (PNG, JPEG, GIF, WebP) och Office-dokument."}
	}
	return f, nil
}

// store saves the file and its audit record in one transaction, if the
// limits allow it.
func store(ctx context.Context, client *ent.Client, limits Limits, f file, now time.Time) (ev *ent.Evidence, no *refusal, err error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if ev == nil {
			_ = tx.Rollback()
		}
	}()
	c := tx.Client()
	a, err := c.Action.Query().Where(action.ID(f.actionID)).Only(ctx) // not found outside the viewer's departments
	if ent.IsNotFound(err) {
		return nil, &refusal{status: http.StatusNotFound, code: "NOT_FOUND", field: "actionID", msg: "no such action",
			say: "Åtgärden finns inte längre, eller hör till en annan förvaltning."}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	uploader := viewer.FromContext(ctx).UserID
	if no, err := checkLimits(ctx, c, limits, uploader, a.DepartmentID, int64(len(f.content)), now); no != nil || err != nil {
		return nil, no, err
	}
	sum := sha256.Sum256(f.content)
	created, err := c.Evidence.Create().
		SetDepartmentID(a.DepartmentID).SetName(f.name).SetContentType(f.contentType).
		SetSize(len(f.content)).SetSha256(hex.EncodeToString(sum[:])).SetContent(f.content).
		SetUploaderID(uploader).SetCreatedAt(now).
		Save(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = audit.Write(ctx, c, audit.Entry{
		EntityType: "Evidence", EntityID: created.ID, Operation: auditrecord.OperationCreate, DepartmentID: created.DepartmentID,
		After: map[string]any{"name": created.Name, "content_type": created.ContentType, "size": created.Size,
			"sha256": created.Sha256, "uploader_id": uploader, "action_id": a.ID},
	})
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return nil, nil, err
	}
	return created, nil, nil
}

// checkLimits refuses an upload of size bytes that would take the person or
// the department past its limit, or the person past their uploads a
// minute. It first locks the department's row, then the person's (always
// in that order), so that on PostgreSQL two uploads that could pass a
// limit together run one after the other, each counting what the other
// stored; SQLite runs write transactions one at a time anyway.
func checkLimits(ctx context.Context, c *ent.Client, limits Limits, uploader, dept int, size int64, now time.Time) (*refusal, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow) // counting for the limits, not reading for the viewer
	if _, err := c.Department.Query().Where(department.ID(dept)).Modify(rowlock.Lock).Only(ctx); err != nil {
		return nil, err
	}
	if _, err := c.User.Query().Where(user.ID(uploader)).Modify(rowlock.Lock).Only(ctx); err != nil {
		return nil, err
	}
	mine := c.Evidence.Query().Where(entevidence.UploaderID(uploader))
	if limits.PerMinute > 0 {
		n, err := mine.Clone().Where(entevidence.CreatedAtGT(now.Add(-time.Minute))).Count(ctx)
		if err != nil {
			return nil, err
		}
		if n >= limits.PerMinute {
			return &refusal{status: http.StatusTooManyRequests, code: "TOO_MANY_REQUESTS", field: "file", retryAfter: 60,
				msg:   fmt.Sprintf("at most %d uploads a minute; try again in a minute", limits.PerMinute),
				say:   fmt.Sprintf("Du har laddat upp många filer på kort tid (högst %d i minuten). Vänta en minut och försök igen.", limits.PerMinute),
				extra: map[string]any{"perMinute": limits.PerMinute}}, nil
		}
	}
	for _, q := range []struct {
		scope string
		limit int64
		query *ent.EvidenceQuery
	}{
		{"person", limits.PerPerson, mine},
		{"department", limits.PerDepartment, c.Evidence.Query().Where(entevidence.DepartmentID(dept))},
	} {
		if q.limit <= 0 {
			continue
		}
		used, err := bytesOf(ctx, q.query)
		if err != nil {
			return nil, err
		}
		if used+size > q.limit {
			return overQuota(q.scope, q.limit, used, size), nil
		}
	}
	return nil, nil
}

// bytesOf is the size of the files a query finds.
func bytesOf(ctx context.Context, q *ent.EvidenceQuery) (int64, error) {
	var rows []struct {
		Sum *int64 `json:"sum"` // NULL when there is no file
	}
	if err := q.Aggregate(ent.Sum(entevidence.FieldSize)).Scan(ctx, &rows); err != nil {
		return 0, err
	}
	if len(rows) == 0 || rows[0].Sum == nil {
		return 0, nil
	}
	return *rows[0].Sum, nil
}

func overQuota(scope string, limit, used, size int64) *refusal {
	whose, vems := "your evidence files take", "Ditt utrymme för underlag räcker inte"
	if scope == "department" {
		whose, vems = "the department's evidence files take", "Förvaltningens utrymme för underlag räcker inte"
	}
	return &refusal{status: http.StatusRequestEntityTooLarge, code: "QUOTA_EXCEEDED", field: "file",
		msg: fmt.Sprintf("%s %s of %s; this file (%s) does not fit", whose, megabytes(used), megabytes(limit), megabytes(size)),
		say: fmt.Sprintf("%s: %s av %s är använda, och filen är %s. Kontakta en administratör.", vems,
			megabyteSv(used), megabyteSv(limit), megabyteSv(size)),
		extra: map[string]any{"scope": scope, "limit": limit, "used": used, "size": size}}
}

func megabytes(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// megabyteSv writes n bytes the Swedish way: "199,5 MB", "200 MB".
func megabyteSv(n int64) string {
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64), ".", ",", 1) + " MB"
}

func download(client *ent.Client, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			fault.WriteText(w, http.StatusNotFound, fault.NotFound)
			return
		}
		ctx := r.Context()
		ev, err := client.Evidence.Get(ctx, id)
		if err != nil {
			if !ent.IsNotFound(err) {
				logger.ErrorContext(ctx, "read evidence", "error", err.Error())
			}
			fault.WriteText(w, http.StatusNotFound, fault.NotFound)
			return
		}
		// No file leaves without its record: a record that cannot be
		// written stops the download.
		if err := audit.Write(ctx, client, audit.Entry{
			EntityType: "Evidence", EntityID: ev.ID, Operation: auditrecord.OperationDownload, DepartmentID: ev.DepartmentID,
			After: map[string]any{"name": ev.Name, "size": ev.Size, "sha256": ev.Sha256},
		}); err != nil {
			logger.ErrorContext(ctx, "record evidence download", "error", err.Error())
			fault.WriteText(w, http.StatusInternalServerError, fault.Internal)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ev.ContentType)
		// Names stored before they were cleaned are cleaned on the way out.
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": cleanName(ev.Name)}))
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cache-Control", "private, no-store")
		_, _ = w.Write(ev.Content)
	})
}

// Detect returns the type of a file from its first bytes, if it is one we
// accept.
func Detect(content []byte) (string, bool) {
	switch ct := http.DetectContentType(content); {
	case ct == "application/pdf", ct == "image/png", ct == "image/jpeg", ct == "image/gif", ct == "image/webp":
		return ct, true
	case ct == "application/zip":
		return officeOpenXML(content)
	case bytes.HasPrefix(content, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "application/vnd.ms-office", true // .doc, .xls, .ppt (OLE compound file)
	}
	return "", false
}

// officeOpenXML tells a Word, Excel or PowerPoint file from any other zip by
// the parts its package names.
func officeOpenXML(content []byte) (string, bool) {
	switch {
	case bytes.Contains(content, []byte("word/")):
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
	case bytes.Contains(content, []byte("xl/")):
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
	case bytes.Contains(content, []byte("ppt/")):
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation", true
	}
	return "", false
}

// cleanName makes a client's file name safe to store and to send back:
// invalid UTF-8 becomes U+FFFD (PostgreSQL refuses it), control characters
// (NUL, line breaks) and bidirectional controls (which can make
// "fdp.exe" look like "exe.pdf") are dropped, and only the last path
// component is kept, from a Windows path too.
func cleanName(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "." || name == ".." || name == "/" || name == "" {
		return "bilaga"
	}
	return name
}

// refusal is an answer other than the file: a status and one error, in
// the shape of a GraphQL error (message, extensions.code and .field).
type refusal struct {
	status     int
	code       string
	field, msg string
	say        string         // Swedish, for the person; the code's sentence when empty
	extra      map[string]any // more extensions: the limit that was reached
	retryAfter int            // seconds, for 429
}

func invalid(field, msg, say string) *refusal {
	return &refusal{status: http.StatusBadRequest, code: "BAD_USER_INPUT", field: field, msg: msg, say: say}
}

func tooLarge() *refusal {
	return &refusal{status: http.StatusRequestEntityTooLarge, code: "BAD_USER_INPUT", field: "file",
		msg: "the file is larger than 10 MB", say: "Filen är större än 10 MB. Välj en mindre fil.",
		extra: map[string]any{"maxBytes": MaxSize}}
}

func (no *refusal) write(w http.ResponseWriter) {
	f := &fault.Error{Code: fault.Code(no.code), Field: no.field, Message: no.msg, Say: no.say, Extra: no.extra}
	if no.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(no.retryAfter))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(no.status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{f.JSON()}})
}
