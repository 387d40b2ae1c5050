package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func header(w io.Writer) {
	fmt.Fprintln(w, "| clients | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | MB/s | CPU ms/req: server | postgres | load | machine busy | others busy |")
	fmt.Fprintln(w, "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
}

func row(w io.Writer, r result) {
	fmt.Fprintf(w, "| %d | %d | %.1f | %s | %s | %s | %s | %d | %.1f | %s | %s | %s | %s | %s |\n",
		r.concurrency, r.requests(), r.rps(),
		ms(r.percentile(0.50)), ms(r.percentile(0.90)), ms(r.percentile(0.99)), ms(r.percentile(1)),
		r.errors, float64(r.bytes)/r.elapsed.Seconds()/1e6,
		ms(r.perRequest(r.cpu.server)), ms(r.perRequest(r.cpu.postgres)), ms(r.perRequest(r.cpu.self)),
		percent(r.cpu.machine), percent(r.cpu.others))
}

// ms formats a duration in milliseconds; a negative one is unknown.
func ms(d time.Duration) string {
	if d < 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

func percent(f float64) string {
	if f < 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

// writeSummary writes the results as KEY=VALUE lines: the best level, the
// knee, every request sent, and every level as level_<clients>_<what>. Scripts read single keys
// with grep; nothing in it needs to be evaluated.
func writeSummary(path string, results []result, best, knee result, allRequests int64) error {
	var b strings.Builder
	kv := func(key, value string) { fmt.Fprintf(&b, "%s=%s\n", key, value) }
	errors := 0
	for _, r := range results {
		errors += r.errors
	}
	kv("best_concurrency", fmt.Sprint(best.concurrency))
	kv("best_rps", fmt.Sprintf("%.1f", best.rps()))
	kv("best_p50_ms", ms(best.percentile(0.50)))
	kv("best_p90_ms", ms(best.percentile(0.90)))
	kv("best_p99_ms", ms(best.percentile(0.99)))
	kv("best_server_cpu_ms", ms(best.perRequest(best.cpu.server)))
	kv("best_postgres_cpu_ms", ms(best.perRequest(best.cpu.postgres)))
	kv("best_others_busy", percent(best.cpu.others))
	kv("knee_concurrency", fmt.Sprint(knee.concurrency))
	kv("errors", fmt.Sprint(errors))
	kv("all_requests", fmt.Sprint(allRequests)) // warm-up, login and set-up included
	for _, r := range results {
		p := fmt.Sprintf("level_%d_", r.concurrency)
		kv(p+"rps", fmt.Sprintf("%.1f", r.rps()))
		kv(p+"p50_ms", ms(r.percentile(0.50)))
		kv(p+"p99_ms", ms(r.percentile(0.99)))
		kv(p+"server_cpu_ms", ms(r.perRequest(r.cpu.server)))
		kv(p+"postgres_cpu_ms", ms(r.perRequest(r.cpu.postgres)))
		kv(p+"others_busy", percent(r.cpu.others))
		kv(p+"errors", fmt.Sprint(r.errors))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
