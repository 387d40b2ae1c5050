package database_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/rule"
)

// BenchmarkWriterCommits commits small write transactions (one department
// each) from 8 goroutines at once on a SQLite file, with group commit and
// with every transaction committing on its own: commits per second, the
// p50 and p99 of a transaction from begin to acknowledged commit, and the
// transactions per group. It isolates the writer from the API's CPU cost,
// which BenchmarkSignOffs in bench/ includes.
//
//	go test -run '^$' -bench WriterCommits -benchtime 3000x ./database/
func BenchmarkWriterCommits(b *testing.B) {
	for _, mode := range []string{"grouped", "alone"} {
		b.Run(mode, func(b *testing.B) {
			if mode == "alone" {
				defer database.GroupsOfOne()()
			}
			db := dbtest.Open(b, dialect.SQLite, nil)
			ctx := rule.SystemContext(context.Background(), "bench")
			var next atomic.Int64
			var mu sync.Mutex
			var latencies []time.Duration
			groups0, members0, committing0 := db.GroupStats()
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					t0 := time.Now()
					slug := fmt.Sprintf("b-%d", next.Add(1))
					tx, err := db.Client.Tx(ctx)
					if err != nil {
						b.Error(err)
						return
					}
					if err := dept(slug)(ctx, tx); err != nil {
						tx.Rollback()
						b.Error(err)
						return
					}
					if err := tx.Commit(); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				latencies = append(latencies, mine...)
				mu.Unlock()
			})
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(latencies)
			at := func(p float64) float64 {
				d := latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
				return float64(d.Microseconds()) / 1000
			}
			groups, members, committing := db.GroupStats()
			n := groups - groups0
			b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "commits/s")
			b.ReportMetric(at(0.50), "p50-ms")
			b.ReportMetric(at(0.99), "p99-ms")
			b.ReportMetric(float64(members-members0)/float64(n), "commits/group")
			b.ReportMetric(float64((committing-committing0).Microseconds())/1000/float64(n), "group-commit-ms")
		})
	}
}
