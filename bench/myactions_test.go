package bench_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/bench"
	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/graph"
	"github.com/handlingsplan/handlingsplan/rule"
)

// myActionsClients is how many requests BenchmarkMyActions keeps in flight.
const myActionsClients = 8

// BenchmarkMyActions measures the first screen of every phone, the web
// app's Mitt ansvar query (bench.MyActionsQuery, as of today), for the
// Förvaltningschef of the synthetic department (some 3,600 actions of 100
// plans with -plans 100), through the real GraphQL handler with 8 clients
// in flight: first with no sign-offs, then after synth.SignAll has given
// every action years of them. It reports the process's CPU per request
// (cpu-ms/op, getrusage: handler, SQLite and the benchmark's own HTTP
// client), on PostgreSQL also its backends' CPU (pg-cpu-ms/op, from
// /proc), the p50 and p99 latency, and SQL statements per request. The
// cached runs ask a server with Mitt ansvar's cache (graph.CacheMyActions,
// as serve runs it): the same request again, nothing written in between,
// so every request but the first is answered from the cache.
//
//	go test -run '^$' -bench MyActions -benchtime 200x ./bench/ -args -plans 100
func BenchmarkMyActions(b *testing.B) {
	for _, dia := range dbtest.Dialects {
		b.Run(dia, func(b *testing.B) {
			wrap, counter := database.CountStatements()
			db := dbtest.Open(b, dia, wrap)
			importFiles(b, db, synth.Department(*benchPlans, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed))
			v := reader(b, db)
			computed := serve(b, db, v)
			cached := serve(b, db, v, graph.CacheMyActions())
			body, _ := json.Marshal(map[string]string{"query": bench.MyActionsQuery})
			run := func(b *testing.B, url string) {
				var got struct {
					Data struct{ MyActions []json.RawMessage }
				}
				if raw := postData(b, &http.Client{}, url, body); json.Unmarshal(raw, &got) != nil || len(got.Data.MyActions) == 0 {
					b.Fatalf("myActions gave %d items: %.300s", len(got.Data.MyActions), raw)
				}
				measureParallel(b, db, counter, func(client *http.Client) { postData(b, client, url, body) })
			}
			b.Run("unsigned", func(b *testing.B) { run(b, computed) })
			b.Run("unsigned-cached", func(b *testing.B) { run(b, cached) })
			ctx := rule.SystemContext(context.Background(), "bench")
			n, err := synth.SignAll(ctx, db.Client, v.UserID, time.Now())
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
			b.Logf("%d sign-offs stored", n)
			b.Run("signed", func(b *testing.B) { run(b, computed) })
			b.Run("signed-cached", func(b *testing.B) { run(b, cached) })
		})
	}
}

// measureParallel runs do with myActionsClients requests in flight and
// reports cpu-ms/op, pg-cpu-ms/op (PostgreSQL), p50-ms, p99-ms and
// stmts/op.
func measureParallel(b *testing.B, db *database.DB, counter *database.StatementCounter, do func(*http.Client)) {
	var mu sync.Mutex
	var latencies []time.Duration
	b.SetParallelism((myActionsClients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	pgBefore := backendCPU(b, db)
	cpuBefore := processCPU()
	counter.Reset()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		client := &http.Client{}
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			do(client)
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	cpu := processCPU() - cpuBefore
	b.ReportMetric(float64(counter.Count())/float64(b.N), "stmts/op")
	b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms/op")
	if db.Dialect == dialect.Postgres {
		b.ReportMetric(ms(backendCPU(b, db).since(pgBefore))/float64(b.N), "pg-cpu-ms/op")
	}
	slices.Sort(latencies)
	b.ReportMetric(ms(percentile(latencies, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(latencies, 0.99)), "p99-ms")
}

// processCPU is the user and system time of this process, all threads.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backends is the CPU time of each PostgreSQL backend serving db, by pid.
type backends map[string]time.Duration

// backendCPU reads the CPU time of db's PostgreSQL backends from /proc
// (Linux; PostgreSQL on this machine). The pool keeps its connections, so
// the backends of a run are those before and after it.
func backendCPU(tb testing.TB, db *database.DB) backends {
	out := backends{}
	if db.Dialect != dialect.Postgres {
		return out
	}
	rows, err := db.SQL.Query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			tb.Fatal(err)
		}
		p := strconv.Itoa(pid)
		out[p] = statCPU(p)
	}
	return out
}

// since is the CPU the backends spent after before; a backend new since
// then counts whole.
func (now backends) since(before backends) time.Duration {
	var d time.Duration
	for pid, t := range now {
		d += t - before[pid]
	}
	return d
}

// statCPU is utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms.
func statCPU(pid string) time.Duration {
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	text := string(data)
	fields := strings.Fields(text[strings.LastIndexByte(text, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
