package server

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
)

// compressible are the media types worth gzipping: the web app's files
// and the API's answers (a JS bundle shrinks to a third, GraphQL JSON to
// a tenth), and CSV reports. XLSX and PDF are compressed already; evidence
// is served as uploaded.
var compressible = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "application/javascript": true,
	"application/json": true, "application/graphql-response+json": true, "image/svg+xml": true,
	"text/csv": true, "text/calendar": true, "application/yaml": true, "text/plain": true,
}

var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression); return w }}

// compress gzips responses of compressible types for clients that accept
// it. Range requests are left alone: their byte offsets refer to the
// uncompressed file.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Method == http.MethodHead || r.Header.Get("Range") != "" || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w}
		defer cw.close()
		next.ServeHTTP(cw, r)
	})
}

func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			return strings.ReplaceAll(strings.TrimSpace(params), " ", "") != "q=0"
		}
	}
	return false
}

type compressWriter struct {
	http.ResponseWriter
	decided bool
	gz      *gzip.Writer
}

// decide looks at the headers once, when the handler commits to them.
func (cw *compressWriter) decide(status int) {
	if cw.decided {
		return
	}
	cw.decided = true
	h := cw.Header()
	media, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if status < 200 || status == http.StatusNoContent || status == http.StatusNotModified ||
		h.Get("Content-Encoding") != "" || !compressible[media] {
		return
	}
	h.Set("Content-Encoding", "gzip")
	h.Del("Content-Length")
	h.Del("Accept-Ranges")
	cw.gz = gzipWriters.Get().(*gzip.Writer)
	cw.gz.Reset(cw.ResponseWriter)
}

func (cw *compressWriter) WriteHeader(status int) {
	cw.decide(status)
	cw.ResponseWriter.WriteHeader(status)
}

func (cw *compressWriter) Write(p []byte) (int, error) {
	if !cw.decided {
		if cw.Header().Get("Content-Type") == "" {
			cw.Header().Set("Content-Type", http.DetectContentType(p))
		}
		cw.WriteHeader(http.StatusOK)
	}
	if cw.gz != nil {
		return cw.gz.Write(p)
	}
	return cw.ResponseWriter.Write(p)
}

func (cw *compressWriter) close() {
	if cw.gz != nil {
		_ = cw.gz.Close()
		gzipWriters.Put(cw.gz)
		cw.gz = nil
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (cw *compressWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }
