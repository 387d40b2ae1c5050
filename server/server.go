// Package server is the HTTP front of the binary: the GraphQL endpoint, the
// web app, health checks, and the middleware every request goes through
// (request id, access log, panic recovery, security headers, body limit).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/calendar"
	"github.com/handlingsplan/handlingsplan/clientip"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/evidence"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/frontend"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/logging"
	"github.com/handlingsplan/handlingsplan/metrics"
	"github.com/handlingsplan/handlingsplan/notify"
)

// MaxBodyBytes bounds a GraphQL request body.
const MaxBodyBytes = 1 << 20

// Authenticator logs people in and finds the viewer of a request (see
// package auth).
type Authenticator interface {
	Routes(mux *http.ServeMux)                 // the login routes, open to all
	Middleware(next http.Handler) http.Handler // puts the request's viewer, if any, into its context
	Ready() error                              // nil when logins can be served
}

// Options configure the handler.
type Options struct {
	Dev    bool // GraphiQL at /graphiql and schema introspection
	Limits graph.Limits
	// InFlight is how many /graphql requests one user may have running at
	// once; default DefaultInFlight.
	InFlight int
	// FormTargets are other origins a form may lead to: the identity
	// provider, where logout redirects to end its session too.
	FormTargets []string
	// Evidence bounds the evidence files people and departments store; a
	// zero field sets no limit (serve's flags default to
	// evidence.DefaultLimits).
	Evidence evidence.Limits
	// SiteURL is the site's own address (https://handlingsplan.example.se),
	// for links in files that leave the app, such as the evidence in the
	// board's report. Empty: each request's own address.
	SiteURL string
	// CacheTrees answers queries of a plan's tree, and of Mitt ansvar,
	// from caches kept fresh through the database (see graph.CacheTrees
	// and graph.CacheMyActions); serve sets it.
	CacheTrees bool
	// Mail says whether e-mail is sent (package notify), for /readyz's
	// details: "off: …" or "on: relay …".
	Mail string
	// Metrics, when not nil, counts every request (see package metrics);
	// NewMetrics makes one that knows the web app's operations. It is
	// served elsewhere (serve's --metrics-addr), never by this handler.
	Metrics *metrics.Metrics
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed: the client address of the login rate limit and the logs
	// (package clientip). Empty: the peer's address, always.
	TrustedProxies clientip.Trusted
}

// NewMetrics returns metrics that name the web app's GraphQL operations
// (frontend/src/operations.graphql) and watch db's pools.
func NewMetrics(db *database.DB) *metrics.Metrics {
	m := metrics.New(WebAppOperations())
	m.WatchPools(db.Pools())
	return m
}

// WebAppOperations returns the names of the operations the web app sends:
// the metrics' allowlist of operation names.
func WebAppOperations() []string {
	doc, err := parser.ParseQuery(&ast.Source{Name: "operations.graphql", Input: frontend.Operations()})
	if err != nil {
		panic(err) // embedded at build time and checked by go generate
	}
	var names []string
	for _, op := range doc.Operations {
		if op.Name != "" {
			names = append(names, op.Name)
		}
	}
	return names
}

// New returns the root handler. Everything but the health checks, the
// login routes and the web app's files needs a viewer.
func New(db *database.DB, authn Authenticator, logger *slog.Logger, opts Options) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			logger.WarnContext(ctx, "not ready", "error", err.Error())
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database unreachable"})
			return
		}
		if err := authn.Ready(); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "login: " + err.Error()})
			return
		}
		ready := map[string]string{"status": "ok"}
		if opts.Mail != "" {
			ready["email"] = opts.Mail
		}
		writeJSON(w, http.StatusOK, ready)
	})
	// One-click unsubscribe from a mail's link, without a login.
	unsubscribe := notify.UnsubscribeHandler(db, logger)
	mux.Handle("GET "+notify.UnsubscribePath, unsubscribe)
	mux.Handle("POST "+notify.UnsubscribePath, unsubscribe)
	authn.Routes(mux)
	// Only these routes look the viewer up: static files and health checks
	// cost no session query.
	viewerOnly := func(h http.Handler) http.Handler { return authn.Middleware(auth.RequireViewer(h)) }
	if opts.InFlight <= 0 {
		opts.InFlight = DefaultInFlight
	}
	// An import's new rows need planner statistics, once it has committed.
	analyze := graph.AfterImport(func(ctx context.Context) {
		if err := db.Analyze(ctx); err != nil {
			logger.WarnContext(ctx, "planner statistics after an import", "err", err)
		}
	})
	graphOpts := []graph.Option{analyze}
	if opts.CacheTrees {
		graphOpts = append(graphOpts, graph.CacheTrees(), graph.CacheMyActions())
	}
	if strings.HasPrefix(opts.Mail, "on") {
		graphOpts = append(graphOpts, graph.MailEnabled())
	}
	if m, ok := authn.(interface{ Mapping() *auth.ClaimMapping }); ok {
		graphOpts = append(graphOpts, graph.FileMappings(m.Mapping()))
	}
	api := viewerOnly(limitInFlight(opts.InFlight, limitBody(graph.NewHandler(db.Client, logger, opts.Limits, opts.Dev, graphOpts...))))
	mux.Handle("GET /graphql", api) // queries only; the GET transport refuses mutations
	mux.Handle("POST /graphql", api)
	mux.Handle("GET /audit.csv", viewerOnly(auditCSV(db.Client, logger)))
	evidence.Routes(mux, db.Client, logger, opts.Evidence, viewerOnly)
	mux.Handle("GET /plans/{id}/report/{file}", viewerOnly(boardReport(db.Client, logger, opts.SiteURL)))
	mux.Handle("GET /plans/{id}/plan.yaml", viewerOnly(planFile(db.Client, logger)))
	mux.Handle("GET /calendar/{file}", calendar.Handler(db.Client, logger)) // the secret address is the credential
	if opts.Dev {
		mux.Handle("GET /graphiql", playground.Handler("Handlingsplan GraphQL", "/graphql"))
	}
	// Profiles and metrics are served on serve's --debug-addr and
	// --metrics-addr only, never here; without this the app's own routing
	// would answer /debug/pprof/ and /metrics with its page.
	mux.Handle("GET /debug/", http.NotFoundHandler())
	mux.Handle("GET /metrics", http.NotFoundHandler())
	mux.Handle("GET /kom-igang", guide(frontend.Files()))
	mux.Handle("GET /", spa(frontend.Files()))
	// Cookie-authenticated writes from other sites are refused (Sec-Fetch-Site
	// and Origin checks); SameSite=Lax cookies are the second line.
	csrf := http.NewCrossOriginProtection()
	// The unsubscribe POST carries its own signed token and no cookie is
	// read: a mail provider's one-click request may come from anywhere.
	csrf.AddInsecureBypassPattern("POST " + notify.UnsubscribePath)
	return opts.TrustedProxies.Middleware(withRequestContext(logger, opts.Metrics.Middleware(compress(securityHeaders(opts.Dev, opts.FormTargets, csrf.Handler(metrics.Routed(mux)))))))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// limitBody refuses bodies over MaxBodyBytes with 413 before reading them
// when the size is declared, and cuts them off when it is not.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			refusal := &fault.Error{Code: fault.BadUserInput, Message: "request body too large"}
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"errors": []any{refusal.JSON()}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// spa serves the web app's files; any other path gets index.html, so the
// app's own routes work on reload. A missing file (a name with an
// extension, such as /favicon.ico or an old hashed asset) is 404, not the
// app. Hashed assets are cached for good.
func spa(files fs.FS) http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		if _, err := fs.Stat(files, name); errors.Is(err, fs.ErrNotExist) {
			if path.Ext(name) != "" {
				fault.WriteText(w, http.StatusNotFound, fault.NotFound)
				return
			}
			r.URL.Path = "/"
			name = "index.html"
		}
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		fileServer.ServeHTTP(w, r)
	})
}

// guide serves the start guide, docs/kom-igang.md rendered at build time
// (frontend/guidegen), open to all: it is read before the first login.
func guide(files fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, files, "kom-igang.html")
	})
}

func securityHeaders(dev bool, formTargets []string, next http.Handler) http.Handler {
	// Browsers apply form-action to the redirects after a form is posted,
	// so logout's redirect to the provider needs the provider listed.
	csp := "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action " +
		strings.Join(append([]string{"'self'"}, formTargets...), " ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if !(dev && r.URL.Path == "/graphiql") { // GraphiQL loads its code from a CDN
			h.Set("Content-Security-Policy", csp)
		}
		next.ServeHTTP(w, r)
	})
}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequestContext gives every request an id (the caller's X-Request-Id
// when it is sane), logs one line per request, and turns a panic into a 500
// that is logged but not shown.
func withRequestContext(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			id = logging.NewRequestID()
		}
		ctx := logging.WithRequestID(r.Context(), id)
		w.Header().Set("X-Request-Id", id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				logger.ErrorContext(ctx, "panic", "panic", p, "stack", string(debug.Stack()))
				if !rec.wrote {
					fault.WriteText(rec, http.StatusInternalServerError, fault.Internal)
				}
			}
			level := slog.LevelInfo
			if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
				level = slog.LevelDebug
			}
			logger.Log(ctx, level, "request", "method", r.Method, "path", r.URL.Path, "client", clientip.From(r),
				"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000)
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
