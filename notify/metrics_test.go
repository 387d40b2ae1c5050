package notify_test

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/notify"
)

// TestJobsMetrics: handlingsplan_jobs counts the queue's jobs by kind and
// state, on both databases, with every known pair present (0 when none).
func TestJobsMetrics(t *testing.T) {
	for _, dialect := range []string{"sqlite3", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dialect, nil)
			s, err := notify.New(db, notify.Config{}, nil, quietLogger(), notify.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			for _, occ := range []string{"w1", "w2"} {
				if _, err := s.Client().Insert(ctx, notify.SendArgs{UserID: 1, DepartmentID: 1, Mail: notify.KindDigest, Occasion: occ}, nil); err != nil {
					t.Fatal(err)
				}
			}
			reg := prometheus.NewRegistry()
			reg.MustRegister(notify.JobsCollector(db, quietLogger()))
			families, err := reg.Gather()
			if err != nil {
				t.Fatal(err)
			}
			got := map[[2]string]float64{}
			for _, f := range families {
				if f.GetName() != "handlingsplan_jobs" {
					continue
				}
				for _, m := range f.GetMetric() {
					var kind, state string
					for _, l := range m.GetLabel() {
						switch l.GetName() {
						case "kind":
							kind = l.GetValue()
						case "state":
							state = l.GetValue()
						}
					}
					got[[2]string{kind, state}] = m.GetGauge().GetValue()
				}
			}
			if n := got[[2]string{"notify_send", "available"}]; n != 2 {
				t.Errorf("notify_send available = %v, want 2 (all: %v)", n, got)
			}
			if n, ok := got[[2]string{"notify_send", "discarded"}]; !ok || n != 0 {
				t.Errorf("notify_send discarded = %v (present %v), want 0", n, ok)
			}
			if len(got) != 4*8 {
				t.Errorf("%d series, want 32", len(got))
			}
		})
	}
}
