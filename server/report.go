package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/report"
)

// reportFormats are the board report's formats, by file extension.
var reportFormats = map[string]struct {
	contentType string
	write       func(*bytes.Buffer, *report.Report) error
}{
	"csv":  {"text/csv; charset=utf-8", func(b *bytes.Buffer, r *report.Report) error { return report.WriteCSV(b, r) }},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", func(b *bytes.Buffer, r *report.Report) error { return report.WriteXLSX(b, r) }},
	"pdf":  {"application/pdf", func(b *bytes.Buffer, r *report.Report) error { return report.WritePDF(b, r) }},
}

// boardReport serves GET /plans/{id}/report/{file}, where file is
// YYYY-MM-DD.csv, .xlsx or .pdf: the plan as of the end of that day. The
// address is stable, so the board's minutes can link to it. Links to
// evidence files in the report are absolute, on site (or, when empty, the
// request's own address), so that they work from a file that has left the
// app.
func boardReport(client *ent.Client, logger *slog.Logger, site string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		planID, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			notFound(w)
			return
		}
		file := r.PathValue("file")
		ext := strings.TrimPrefix(path.Ext(file), ".")
		format, ok := reportFormats[ext]
		day, err := time.ParseInLocation(time.DateOnly, strings.TrimSuffix(file, "."+ext), followup.Location())
		if !ok || err != nil {
			http.Error(w, "Ange rapporten som ÅÅÅÅ-MM-DD.csv, .xlsx eller .pdf", http.StatusBadRequest)
			return
		}
		rep, err := progress.BoardReport(r.Context(), client, planID, day, time.Now())
		if ent.IsNotFound(err) {
			notFound(w)
			return
		}
		var buf bytes.Buffer
		if err == nil {
			rep.ResolveLinks(siteOf(r, site))
			err = format.write(&buf, rep)
		}
		if err != nil {
			logger.ErrorContext(r.Context(), "board report", "plan_id", planID, "error", err.Error())
			http.Error(w, "Rapporten kunde inte skapas just nu. Försök igen om en stund.", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", format.contentType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+report.Filename(rep, ext)+`"`)
		w.Header().Set("Cache-Control", "private, no-cache")
		_, _ = w.Write(buf.Bytes())
	})
}

// siteOf is the site's address: the one configured, or the one the request
// came to (its scheme as a TLS-ending proxy in front reports it).
func siteOf(r *http.Request, configured string) string {
	if configured != "" {
		return configured
	}
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// notFound answers 404 in Swedish: a board member may follow an old link.
func notFound(w http.ResponseWriter) {
	http.Error(w, "Planen finns inte, eller hör till en annan förvaltning.", http.StatusNotFound)
}
