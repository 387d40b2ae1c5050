// Package evidence receives and serves the files attached to sign-offs: a
// PDF, an image or an office document of at most 10 MB, whose type is
// read from its content, never trusted from its name or the client.
package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// MaxSize is the largest file accepted.
const MaxSize = 10 << 20

// Routes registers POST /evidence (multipart: actionID, file) and
// GET /evidence/{id}. Both need a viewer; reading goes through the privacy
// rules, so a file is served only to those who may read its department.
func Routes(mux *http.ServeMux, client *ent.Client, logger *slog.Logger, wrap func(http.Handler) http.Handler) {
	mux.Handle("POST /evidence", wrap(upload(client, logger)))
	mux.Handle("GET /evidence/{id}", wrap(download(client, logger)))
}

func upload(client *ent.Client, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, MaxSize+64<<10) // room for the form around the file
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				fail(w, http.StatusRequestEntityTooLarge, "file", "the file is larger than 10 MB")
				return
			}
			fail(w, http.StatusBadRequest, "file", "send multipart/form-data with actionID and file")
			return
		}
		actionID, err := strconv.Atoi(r.FormValue("actionID"))
		if err != nil {
			fail(w, http.StatusBadRequest, "actionID", "actionID must be an action's id")
			return
		}
		file, header, err := r.FormFile("file")
		if err != nil {
			fail(w, http.StatusBadRequest, "file", "no file")
			return
		}
		defer file.Close()
		content, err := io.ReadAll(io.LimitReader(file, MaxSize+1))
		if err != nil {
			fail(w, http.StatusBadRequest, "file", "the file could not be read")
			return
		}
		if len(content) > MaxSize {
			fail(w, http.StatusRequestEntityTooLarge, "file", "the file is larger than 10 MB")
			return
		}
		contentType, ok := Detect(content)
		if !ok {
			fail(w, http.StatusUnsupportedMediaType, "file", "only PDF, images (PNG, JPEG, GIF, WebP) and office documents are accepted")
			return
		}
		ctx := r.Context()
		a, err := client.Action.Query().Where(action.ID(actionID)).Only(ctx) // not found outside the viewer's departments
		if err != nil {
			fail(w, http.StatusNotFound, "actionID", "no such action")
			return
		}
		sum := sha256.Sum256(content)
		ev, err := client.Evidence.Create().
			SetDepartmentID(a.DepartmentID).SetName(cleanName(header.Filename)).SetContentType(contentType).
			SetSize(len(content)).SetSha256(hex.EncodeToString(sum[:])).SetContent(content).
			SetUploaderID(viewer.FromContext(ctx).UserID).
			Save(ctx)
		if err != nil {
			logger.ErrorContext(ctx, "store evidence", "error", err.Error())
			fail(w, http.StatusInternalServerError, "", "internal error")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": strconv.Itoa(ev.ID), "name": ev.Name, "contentType": ev.ContentType, "size": ev.Size, "url": fmt.Sprintf("/evidence/%d", ev.ID),
		})
	})
}

func download(client *ent.Client, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ev, err := client.Evidence.Get(r.Context(), id)
		if err != nil {
			if !ent.IsNotFound(err) {
				logger.ErrorContext(r.Context(), "read evidence", "error", err.Error())
			}
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ev.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ev.Name}))
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

func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		return "bilaga"
	}
	return name
}

func fail(w http.ResponseWriter, status int, field, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	ext := map[string]string{"code": "BAD_USER_INPUT"}
	if status >= 500 {
		ext["code"] = "INTERNAL"
	}
	if field != "" {
		ext["field"] = field
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": msg, "extensions": ext}}})
}
