package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"time"

	"github.com/handlingsplan/handlingsplan/auth"
	"github.com/handlingsplan/handlingsplan/clientip"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/evidence"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/logging"
	"github.com/handlingsplan/handlingsplan/metrics"
	"github.com/handlingsplan/handlingsplan/notify"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("HANDLINGSPLAN_LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	return logging.New(w, level)
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	flags, dbURL := newFlags("serve", stderr)
	addr := flags.String("addr", envOr("HANDLINGSPLAN_ADDR", "127.0.0.1:8080"), "address to listen on (env HANDLINGSPLAN_ADDR)")
	dev := flags.Bool("dev", false, "development mode: a built-in OpenID provider with demo users, GraphiQL at /graphiql and introspection; never in production")
	timeout := flags.Duration("request-timeout", graph.DefaultLimits.Timeout, "the most one GraphQL request may take before it is stopped (env HANDLINGSPLAN_REQUEST_TIMEOUT)")
	inFlight := flags.Int("max-in-flight", server.DefaultInFlight, "GraphQL requests one user may have running at once; more are answered 429 (env HANDLINGSPLAN_MAX_IN_FLIGHT)")
	quotaPerson, quotaDept := byteSize(evidence.DefaultLimits.PerPerson), byteSize(evidence.DefaultLimits.PerDepartment)
	flags.Var(&quotaPerson, "evidence-quota-person", "evidence files one person may store, in all departments, e.g. 200MB; 0 for no limit (env HANDLINGSPLAN_EVIDENCE_QUOTA_PERSON)")
	flags.Var(&quotaDept, "evidence-quota-department", "evidence files one department may store, e.g. 5GB; 0 for no limit (env HANDLINGSPLAN_EVIDENCE_QUOTA_DEPARTMENT)")
	perMinute := flags.Int("evidence-uploads-per-minute", evidence.DefaultLimits.PerMinute, "evidence files one person may upload in a minute; 0 for no limit (env HANDLINGSPLAN_EVIDENCE_UPLOADS_PER_MINUTE)")
	memLimit := byteSize(defaultMemoryLimit)
	flags.Var(&memLimit, "memory-limit", "soft limit on the Go runtime's memory, e.g. 64MB: the garbage collector works harder near it; 0 for none; GOMEMLIMIT when not given (env HANDLINGSPLAN_MEMORY_LIMIT)")
	debugAddr := flags.String("debug-addr", "", "address to serve profiles (/debug/pprof/) on, e.g. 127.0.0.1:6060; off when empty; never a public address (env HANDLINGSPLAN_DEBUG_ADDR)")
	metricsAddr := flags.String("metrics-addr", "", "address to serve Prometheus metrics (/metrics) on, e.g. 127.0.0.1:9090; off when empty; never a public address (env HANDLINGSPLAN_METRICS_ADDR)")
	trustedProxies := flags.String("trusted-proxies", "", "comma-separated addresses or CIDRs of the reverse proxies in front; only from these is X-Forwarded-For believed, for the login rate limit and the logs (env HANDLINGSPLAN_TRUSTED_PROXIES)")
	authOpts := addAuthFlags(flags)
	mailOpts := addMailFlags(flags)
	if err := flags.Parse(args); err != nil {
		return err
	}
	for name, env := range map[string]string{
		"request-timeout":             "HANDLINGSPLAN_REQUEST_TIMEOUT",
		"max-in-flight":               "HANDLINGSPLAN_MAX_IN_FLIGHT",
		"evidence-quota-person":       "HANDLINGSPLAN_EVIDENCE_QUOTA_PERSON",
		"evidence-quota-department":   "HANDLINGSPLAN_EVIDENCE_QUOTA_DEPARTMENT",
		"evidence-uploads-per-minute": "HANDLINGSPLAN_EVIDENCE_UPLOADS_PER_MINUTE",
		"debug-addr":                  "HANDLINGSPLAN_DEBUG_ADDR",
		"metrics-addr":                "HANDLINGSPLAN_METRICS_ADDR",
		"trusted-proxies":             "HANDLINGSPLAN_TRUSTED_PROXIES",
		"memory-limit":                "HANDLINGSPLAN_MEMORY_LIMIT",
	} {
		if err := flagFromEnv(flags, name, env); err != nil {
			return err
		}
	}
	proxies, err := clientip.ParseTrusted(*trustedProxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	logger := newLogger(stderr)
	memSet := false
	flags.Visit(func(f *flag.Flag) { memSet = memSet || f.Name == "memory-limit" })
	logger.Info("memory limit", "bytes", applyMemoryLimit(memLimit, memSet, os.Getenv("GOMEMLIMIT")))
	if *dev {
		logger.Warn("DEVELOPMENT MODE: demo users can log in without a password, GraphiQL and introspection are on; never use --dev in production")
	}

	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if st, err := db.Status(ctx); err == nil && len(st.Applied) > 0 {
		logger.Info("database schema", "version", st.Applied[len(st.Applied)-1], "migrations", len(st.Applied))
	}
	loaded, err := seedIfEmpty(ctx, db, logger)
	if err != nil {
		return err
	}
	if *dev {
		created, err := createDemoData(ctx, db.Client, time.Now(), logger)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		loaded = loaded || created
	}
	if loaded {
		// After the imports have committed: the planner's statistics.
		if err := db.Analyze(ctx); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if *debugAddr != "" {
		stop, err := serveDebug(*debugAddr, logger)
		if err != nil {
			return fmt.Errorf("--debug-addr: %w", err)
		}
		defer stop()
	}
	var m *metrics.Metrics
	if *metricsAddr != "" {
		m = server.NewMetrics(db)
		stop, err := serveAside(*metricsAddr, metricsMux(m), "serving metrics", "/metrics", logger)
		if err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		defer stop()
	}
	var authCfg auth.Config
	if *dev {
		p, cfg, err := startDevProvider(ctx, db, "http://"+ln.Addr().String(), stderr)
		if err != nil {
			return fmt.Errorf("development provider: %w", err)
		}
		defer p.Close(context.Background())
		authCfg = cfg
	} else if authCfg, err = authOpts.config(); err != nil {
		return err
	}
	authn, err := auth.New(authCfg, db.Client, logger)
	if err != nil {
		return err
	}
	go authn.Discover(ctx)

	mailCfg, err := mailOpts.config(siteURL(authCfg.RedirectURL))
	if err != nil {
		return err
	}
	mailState := "off: no SMTP relay configured (--smtp-host)"
	if mailCfg.Enabled() {
		mailer, err := notify.New(db, mailCfg, nil, logger, notify.Options{})
		if err != nil {
			return err
		}
		if m != nil {
			m.Registry().MustRegister(notify.JobsCollector(db, logger))
		}
		if err := mailer.Start(ctx); err != nil {
			return fmt.Errorf("e-mail jobs: %w", err)
		}
		defer func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			mailer.Stop(stopCtx)
		}()
		mailState = "on: " + mailCfg.String()
		logger.Info("e-mail on", "relay", mailCfg.String(), "site", mailCfg.SiteURL)
	} else {
		logger.Info("e-mail off: no SMTP relay configured (--smtp-host); the app runs without sending mail")
	}

	srv := &http.Server{
		Handler: server.New(db, authn, logger, server.Options{
			Dev: *dev, FormTargets: origins(authCfg.Issuer),
			Limits: graph.Limits{Timeout: *timeout}, InFlight: *inFlight,
			Evidence:   evidence.Limits{PerPerson: int64(quotaPerson), PerDepartment: int64(quotaDept), PerMinute: *perMinute},
			SiteURL:    siteURL(authCfg.RedirectURL),
			CacheTrees: true,
			Mail:       mailState,
			Metrics:    m, TrustedProxies: proxies,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	logger.Info("serving", "addr", "http://"+ln.Addr().String(), "db", database.Redact(*dbURL), "dialect", db.Dialect)

	// Start-up (migration, seeding, parsing the schema) leaves garbage the
	// idle server would keep resident for minutes: return it to the OS now,
	// the Go heap's and the C heap's (SQLite's).
	debug.FreeOSMemory()
	releaseCHeap()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// seedIfEmpty loads the plans shipped with the binary into a database that
// has no department yet, so a first start shows a real plan, and reports
// whether it loaded any.
func seedIfEmpty(ctx context.Context, db *database.DB, logger *slog.Logger) (bool, error) {
	ctx = rule.SystemContext(ctx, "seed")
	n, err := db.Client.Department.Query().Count(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	names, err := fs.Glob(plans.FS, "*.yaml")
	if err != nil {
		return false, err
	}
	for _, name := range names {
		data, err := plans.FS.ReadFile(name)
		if err != nil {
			return false, err
		}
		f, err := planfile.Parse(bytes.NewReader(data))
		if err != nil {
			return false, fmt.Errorf("seed %s: %w", name, err)
		}
		res, err := planstore.Import(ctx, db.Client, f)
		if err != nil {
			return false, fmt.Errorf("seed %s: %w", name, err)
		}
		logger.Info("loaded plan", "file", name, "plan_id", res.PlanID, "department", f.Department.Slug)
	}
	return len(names) > 0, nil
}

// siteURL is the site's own address, the origin of its login callback
// (https://handlingsplan.example.se/auth/callback); empty when there is none.
func siteURL(redirectURL string) string {
	if o := origins(redirectURL); len(o) > 0 {
		return o[0]
	}
	return ""
}

// origins returns the origin (scheme://host) of a URL, as a list for a CSP.
func origins(rawURL string) []string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil
	}
	return []string{u.Scheme + "://" + u.Host}
}

// flagFromEnv gives a flag not set on the command line the value of its
// environment variable, if there is one.
func flagFromEnv(flags *flag.FlagSet, name, env string) error {
	v, ok := os.LookupEnv(env)
	if !ok || v == "" {
		return nil
	}
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	if set {
		return nil
	}
	if err := flags.Set(name, v); err != nil {
		return fmt.Errorf("%s: %w", env, err)
	}
	return nil
}
