package server

import (
	"mime"
	"net/http"

	"github.com/klauspost/compress/gzhttp"
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

// compress gzips responses of compressible types for clients that accept
// it (github.com/klauspost/compress/gzhttp: Accept-Encoding with its
// q-values, Vary, no compression of a 206 whose Content-Range refers to
// the uncompressed bytes, pooled writers). Every compressible answer is
// compressed, however short: the API's are mostly short, and the header
// is what a client checks.
var compress = func() func(http.Handler) http.HandlerFunc {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(0),
		gzhttp.EnableZstd(false), // gzip is what every browser and proxy here speaks
		gzhttp.ContentTypeFilter(func(ct string) bool {
			media, _, _ := mime.ParseMediaType(ct)
			return compressible[media]
		}),
	)
	if err != nil {
		panic(err) // fixed options
	}
	return wrap
}()
