package notify

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/metrics"
)

// jobStates are River's job states, each always exported (0 when none).
var jobStates = []string{"available", "scheduled", "running", "retryable", "completed", "discarded", "cancelled", "pending"}

// jobKinds are the queue's job kinds: a mail to send, a person's
// reminders, the outbox's relay and the periodic scan.
var jobKinds = []string{SendArgs{}.Kind(), RemindersArgs{}.Kind(), OutboxArgs{}.Kind(), ScanArgs{}.Kind()}

// jobsDesc is handlingsplan_jobs{kind,state}: the queue's jobs by kind
// and state, read from river_job at each scrape.
var jobsDesc = prometheus.NewDesc(metrics.Namespace+"_jobs", "Jobs in the e-mail job queue by kind and state: available and scheduled are queued, retryable failed a try and will be tried again, discarded failed for good.", []string{"kind", "state"}, nil)

// JobsCollector returns the job queue's metrics (handlingsplan_jobs) for
// metrics.Metrics.Registry(). A scrape counts River's job rows by kind and
// state with one query on a reader (on a SQLite file) or the pool, never
// the writer.
func JobsCollector(db *database.DB, logger *slog.Logger) prometheus.Collector {
	pool := db.SQL
	if r, ok := db.Pools()["reader"]; ok {
		pool = r
	}
	return jobsCollector{pool: pool, logger: logger}
}

type jobsCollector struct {
	pool   *sql.DB
	logger *slog.Logger
}

func (c jobsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- jobsDesc }

func (c jobsCollector) Collect(ch chan<- prometheus.Metric) {
	counts := map[[2]string]float64{}
	for _, k := range jobKinds {
		for _, s := range jobStates {
			counts[[2]string{k, s}] = 0
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rows, err := c.pool.QueryContext(ctx, `SELECT kind, state, count(*) FROM river_job GROUP BY kind, state`)
	if err != nil {
		c.logger.Warn("job queue metrics", "error", err.Error())
		return
	}
	defer rows.Close()
	for rows.Next() {
		var kind, state string
		var n float64
		if err := rows.Scan(&kind, &state, &n); err != nil {
			c.logger.Warn("job queue metrics", "error", err.Error())
			return
		}
		if _, known := counts[[2]string{kind, state}]; known {
			counts[[2]string{kind, state}] = n
		}
	}
	if err := rows.Err(); err != nil {
		c.logger.Warn("job queue metrics", "error", err.Error())
		return
	}
	for k, n := range counts {
		ch <- prometheus.MustNewConstMetric(jobsDesc, prometheus.GaugeValue, n, k[0], k[1])
	}
}
