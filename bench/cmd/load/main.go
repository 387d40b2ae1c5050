// Command load is a small HTTP load generator for the GraphQL endpoint. It
// fetches up to 100 plan ids, then sends one query (by default the whole
// plan tree) for random plans from N concurrent clients for a fixed time,
// and reports throughput and latency percentiles:
//
//	go run ./bench/cmd/load --url http://127.0.0.1:8080/graphql --duration 20s --concurrency 8
//	go run ./bench/cmd/load --url ... --duration 10s --sweep 1,4,16,64
//
// With --sweep it measures each concurrency in turn, to find where
// throughput stops growing (saturation). It only talks to loopback
// addresses: it is for measuring a server on this machine, not for
// loading anyone else's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/handlingsplan/handlingsplan/bench"
)

// Bounds that keep a mistyped flag from running for hours.
const (
	maxDuration    = 5 * time.Minute
	maxConcurrency = 1024
	maxSweepPoints = 12
)

type config struct {
	url         *url.URL
	query       string
	queryName   string
	duration    time.Duration
	warmup      time.Duration
	timeout     time.Duration
	levels      []int // concurrency levels to measure, in order
	serverPID   int
	summaryPath string
	quietWait   time.Duration
	login       string // demo user to log in as through serve --dev's provider
	bearerEnv   string // environment variable holding a Bearer token
	sessionFile string // "NAME TOKEN" lines, from bench/cmd/gen --sessions
	session     string // the NAME to use from sessionFile
	plan        string // ask about this plan only, not random ones
	planDnr     string // ask about the plan with this registry number only
	sameTreeAs  string // PostGraphile's endpoint, whose plan tree must match ours
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "load:", err)
		}
		os.Exit(1)
	}
}

func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	rawURL := fs.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint; loopback hosts only")
	queryName := fs.String("query", "plan-tree", "what to ask for each plan: "+strings.Join(queryNames(), " or "))
	duration := fs.Duration("duration", 20*time.Second, "how long to measure each concurrency level (at most "+maxDuration.String()+")")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured load before each level, to warm caches and open connections")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of one request")
	concurrency := fs.Int("concurrency", 8, "concurrent clients, each with one request in flight")
	sweep := fs.String("sweep", "", "comma-separated concurrency levels to measure in turn, e.g. 1,4,16,64 (overrides --concurrency)")
	serverPID := fs.Int("server-pid", 0, "the server's process id: report its CPU time per request (Linux)")
	summary := fs.String("summary", "", "also write the results as KEY=VALUE lines to this file, for scripts")
	login := fs.String("login", "", "log in through the development provider of \"handlingsplan serve --dev\" as the demo user whose name or title contains this, e.g. Förvaltningschef")
	bearerEnv := fs.String("bearer-env", "", "send the Bearer token held in this environment variable (not a flag: flags show in ps)")
	sessionFile := fs.String("session-file", "", "send a session cookie from this file of \"NAME TOKEN\" lines (bench/cmd/gen --sessions), e.g. an employee of the synthetic department; with --session")
	session := fs.String("session", "", "the NAME in --session-file, e.g. employee or manager")
	planID := fs.String("plan", "", "ask about this plan (its id) every time instead of random plans")
	planDnr := fs.String("plan-dnr", "", "ask about the plan with this registry number every time, e.g. SN2024/10 for the Bollebygd plan")
	sameTreeAs := fs.String("same-tree-as", "", "with --query plan-tree: first check that PostGraphile at this URL (bench/postgraphile/run.sh) answers the first plan's tree with the same areas, actions and sub-actions")
	quietWait := fs.Duration("wait-quiet", 0, "before each level, wait up to this long for other work to leave the machine's cores mostly idle (Linux; 0: do not wait)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	u, err := loopbackURL(*rawURL)
	if err != nil {
		return nil, err
	}
	query, ok := bench.Queries[*queryName]
	if !ok {
		return nil, fmt.Errorf("unknown --query %q (want %s)", *queryName, strings.Join(queryNames(), " or "))
	}
	if *duration <= 0 || *duration > maxDuration {
		return nil, fmt.Errorf("--duration must be between 0 and %s", maxDuration)
	}
	if *warmup < 0 || *warmup > maxDuration {
		return nil, fmt.Errorf("--warmup must be between 0 and %s", maxDuration)
	}
	if n := btoi(*login != "") + btoi(*bearerEnv != "") + btoi(*sessionFile != ""); n > 1 {
		return nil, errors.New("--login, --bearer-env and --session-file exclude each other")
	}
	if (*sessionFile == "") != (*session == "") {
		return nil, errors.New("--session-file and --session go together")
	}
	if *planID != "" && *planDnr != "" {
		return nil, errors.New("--plan and --plan-dnr exclude each other")
	}
	var other *url.URL
	if *sameTreeAs != "" {
		if *queryName != "plan-tree" {
			return nil, errors.New("--same-tree-as goes with --query plan-tree")
		}
		if other, err = loopbackURL(*sameTreeAs); err != nil {
			return nil, fmt.Errorf("--same-tree-as: %w", err)
		}
	}
	if *bearerEnv != "" && os.Getenv(*bearerEnv) == "" {
		return nil, fmt.Errorf("--bearer-env: $%s is empty", *bearerEnv)
	}
	levels := []int{*concurrency}
	if *sweep != "" {
		if levels, err = parseLevels(*sweep); err != nil {
			return nil, err
		}
	}
	for _, n := range levels {
		if n < 1 || n > maxConcurrency {
			return nil, fmt.Errorf("concurrency %d is outside 1..%d", n, maxConcurrency)
		}
	}
	return &config{
		url: u, query: query, queryName: *queryName,
		duration: *duration, warmup: *warmup, timeout: *timeout,
		levels: levels, serverPID: *serverPID, summaryPath: *summary, quietWait: *quietWait,
		login: *login, bearerEnv: *bearerEnv, sessionFile: *sessionFile, session: *session, plan: *planID, planDnr: *planDnr,
		sameTreeAs: urlString(other),
	}, nil
}

func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func queryNames() []string { return slices.Sorted(maps.Keys(bench.Queries)) }

func parseLevels(s string) ([]int, error) {
	parts := strings.Split(s, ",")
	if len(parts) > maxSweepPoints {
		return nil, fmt.Errorf("--sweep has %d levels; at most %d", len(parts), maxSweepPoints)
	}
	levels := make([]int, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("--sweep: %q is not a number", p)
		}
		levels = append(levels, n)
	}
	return levels, nil
}

// loopbackURL parses raw and refuses anything but http(s) to a loopback
// address. A name is resolved, and every address it has must be loopback,
// so "localhost" works but a name that also points elsewhere does not.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: want an http:// or https:// URL", raw)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("--url %q has no host", raw)
	}
	addrs := []string{host}
	if net.ParseIP(host) == nil {
		if addrs, err = net.LookupHost(host); err != nil {
			return nil, fmt.Errorf("--url: %w", err)
		}
	}
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("--url %q: %s is not a loopback address; load only runs against this machine", raw, a)
		}
	}
	return u, nil
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	client, sent := newClient(cfg)
	if cfg.login != "" {
		jar, who, err := devLogin(ctx, client.Transport, cfg.url, cfg.login)
		if err != nil {
			return err
		}
		client.Jar = jar
		fmt.Fprintf(stdout, "logged in as %s\n", who)
	}
	if cfg.sessionFile != "" {
		jar, err := sessionJar(cfg.url, cfg.sessionFile, cfg.session)
		if err != nil {
			return err
		}
		client.Jar = jar
		fmt.Fprintf(stdout, "session %q from %s\n", cfg.session, cfg.sessionFile)
	}
	ids, err := fetchPlanIDs(ctx, client, cfg.url.String(), bench.PostGraphileQueries[cfg.queryName])
	if err != nil {
		return err
	}
	if cfg.sameTreeAs != "" {
		other, _ := newClient(cfg)
		same, err := sameTree(ctx, client, cfg.url.String(), cfg.query, other, cfg.sameTreeAs, bench.PostGraphilePlanTreeQuery, ids[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "PostGraphile at %s answers %s\n", cfg.sameTreeAs, same)
	}
	if cfg.plan != "" {
		if !slices.Contains(ids, cfg.plan) {
			return fmt.Errorf("--plan %s is not among the first %d plans", cfg.plan, len(ids))
		}
		ids = []string{cfg.plan}
	}
	if cfg.planDnr != "" {
		id, err := findPlan(ctx, client, cfg.url.String(), cfg.planDnr)
		if err != nil {
			return err
		}
		ids = []string{id}
	}
	if bench.ViewerQueries[cfg.queryName] {
		ids = []string{""} // no plan: the viewer's own
	}
	bodies := make([][]byte, len(ids))
	for i, id := range ids {
		bodies[i] = requestBody(cfg.query, id)
	}
	shape, err := probe(ctx, client, cfg.url.String(), bodies[0], cfg.queryName)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d plans, query %s (%s)\n", cfg.url, len(bodies), cfg.queryName, shape)
	fmt.Fprintf(stdout, "%s per level after %s warm-up\n\n", cfg.duration, cfg.warmup)

	header(stdout)
	var results []result
	for _, n := range cfg.levels {
		if cfg.quietWait > 0 {
			waitQuiet(ctx, cfg.quietWait, os.Stderr)
		}
		if cfg.warmup > 0 {
			measure(ctx, client, cfg.url.String(), bodies, n, cfg.warmup, 0)
		}
		r := measure(ctx, client, cfg.url.String(), bodies, n, cfg.duration, cfg.serverPID)
		row(stdout, r)
		results = append(results, r)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	best, knee := saturation(results)
	fmt.Fprintf(stdout, "\nmost throughput: %.1f req/s at concurrency %d (p50 %s, p99 %s)\n",
		best.rps(), best.concurrency, ms(best.percentile(0.50)), ms(best.percentile(0.99)))
	if len(results) > 1 {
		fmt.Fprintf(stdout, "saturates at concurrency %d (first level within 5%% of the most)\n", knee.concurrency)
	}
	for _, r := range results {
		for msg, n := range r.errorSamples {
			fmt.Fprintf(stdout, "errors at concurrency %d: %d× %s\n", r.concurrency, n, msg)
		}
	}
	if cfg.summaryPath != "" {
		return writeSummary(cfg.summaryPath, results, best, knee, sent.Load())
	}
	return nil
}

// newClient keeps one idle connection per client so every request reuses
// a kept-alive connection, and never follows a redirect. It also returns
// the count of requests sent through it, warm-up and login included.
func newClient(cfg *config) (*http.Client, *atomic.Int64) {
	maxLevel := 0
	for _, n := range cfg.levels {
		maxLevel = max(maxLevel, n)
	}
	transport := &http.Transport{
		Proxy:               nil, // never through a proxy: the target is this machine
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        maxLevel + 8,
		MaxIdleConnsPerHost: maxLevel + 8,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	rt := &countingTransport{base: transport}
	if cfg.bearerEnv != "" {
		rt.authorization = "Bearer " + os.Getenv(cfg.bearerEnv)
	}
	return &http.Client{
		Transport: rt,
		Timeout:   cfg.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}, &rt.sent
}

// countingTransport counts requests and adds the Authorization header, if
// any, to those that have none.
type countingTransport struct {
	base          http.RoundTripper
	authorization string
	sent          atomic.Int64
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.sent.Add(1)
	if t.authorization != "" && req.Header.Get("Authorization") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", t.authorization)
	}
	return t.base.RoundTrip(req)
}
