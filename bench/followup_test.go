package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/rule"
)

// tenRoles are the roles of the user BenchmarkSignOffs signs off as.
var tenRoles = []string{"Förvaltningschef", "Utvecklingschef", "Verksamhetschef", "Enhetschef", "Ordförande",
	"Ledamot", "Medarbetare", "Kvalitetsutvecklare", "Socialsekreterare", "HR-partner"}

// signOffClients is how many clients BenchmarkSignOffs runs at once.
var signOffClients = flag.Int("signoff-clients", 8, "clients signing off at once in BenchmarkSignOffs")

// BenchmarkSignOffs signs actions off through the API, two clients racing
// for every action, and then proves that each action got exactly one live
// sign-off: none lost, none doubled. It reports sign-offs per second, the
// p50 and p99 latency of a request and, on SQLite, the mean time a turn at
// the writer waited for it and held it, and how many transactions shared
// each group commit (database/group.go).
//
//	go test -run '^$' -bench SignOffs -benchtime 2000x ./bench/
func BenchmarkSignOffs(b *testing.B) {
	for _, dia := range dbtest.Dialects {
		b.Run(dia, func(b *testing.B) {
			db := dbtest.Open(b, dia, nil)
			importFiles(b, db, synth.Department(*benchPlans, synth.DefaultAreas, synth.DefaultActions, synth.DefaultSeed))
			ctx := rule.SystemContext(context.Background(), "bench")
			// When-needed actions take any number of sign-offs (occurrences);
			// the others exactly one per slot, which is what is proven here. The
			// day is after every synthetic plan was adopted.
			// Shared duties take one per unit or person: BenchmarkSharedDuties.
			ids := db.Client.Action.Query().
				Where(action.DeadlineKindNEQ(action.DeadlineKindWhenNeeded), action.ScopeEQ(action.ScopeOnce)).
				Order(action.ByID()).IDsX(ctx)
			url := serve(b, db, authtest.User(b, db.Client, synth.Slug, tenRoles...))

			var next, signed, conflicts atomic.Int64
			var mu sync.Mutex
			var latencies []time.Duration
			turns0, waited0, held0 := db.WriterStats()
			groups0, members0, committing0 := db.GroupStats()
			b.SetParallelism(max(1, *signOffClients/runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				client := &http.Client{}
				var mine []time.Duration
				defer func() {
					mu.Lock()
					latencies = append(latencies, mine...)
					mu.Unlock()
				}()
				for pb.Next() {
					t0 := time.Now()
					i := next.Add(1) - 1
					target := ids[(i/2)%int64(len(ids))] // two attempts per action
					body, _ := json.Marshal(map[string]any{
						"query": `mutation($in: SignOffInput!) { signOff(input: $in) { id } }`,
						"variables": map[string]any{"in": map[string]any{
							"actionID": target, "doneOn": "2026-06-15", "idempotencyKey": fmt.Sprintf("bench-%d", i)}},
					})
					code := signOffOutcome(b, client, url, body)
					mine = append(mine, time.Since(t0))
					switch code {
					case "":
						signed.Add(1)
					case "CONFLICT":
						conflicts.Add(1)
					default:
						b.Fatalf("sign-off failed: %s", code)
					}
				}
			})
			elapsed := time.Since(start)
			b.StopTimer()

			attempted := min(int((next.Load()+1)/2), len(ids))
			live := db.Client.SignOff.Query().Where(signoff.WithdrawnAtIsNil()).CountX(ctx)
			if int(signed.Load()) != attempted || live != attempted {
				b.Fatalf("%d actions attempted, %d sign-offs answered, %d stored: lost or doubled", attempted, signed.Load(), live)
			}
			if int(signed.Load()+conflicts.Load()) != b.N {
				b.Fatalf("%d answers for %d requests", signed.Load()+conflicts.Load(), b.N)
			}
			turns, waited, held := db.WriterStats()
			slices.Sort(latencies)
			b.ReportMetric(float64(signed.Load())/elapsed.Seconds(), "signoffs/s")
			b.ReportMetric(float64(conflicts.Load()), "conflicts")
			b.ReportMetric(ms(percentile(latencies, 0.50)), "p50-ms")
			b.ReportMetric(ms(percentile(latencies, 0.99)), "p99-ms")
			if turns > turns0 {
				n := time.Duration(turns - turns0)
				b.ReportMetric(ms((waited-waited0)/n), "writer-wait-ms")
				b.ReportMetric(ms((held-held0)/n), "writer-held-ms")
				b.ReportMetric(float64(n)/float64(b.N), "writer-turns/op")
			}
			if groups, members, committing := db.GroupStats(); groups > groups0 {
				n := groups - groups0
				b.ReportMetric(float64(members-members0)/float64(n), "commits/group")
				b.ReportMetric(ms((committing-committing0)/time.Duration(n)), "group-commit-ms")
			}
		})
	}
}

// signOffOutcome returns "" for a sign-off, or the error code.
func signOffOutcome(tb testing.TB, client *http.Client, url string, body []byte) string {
	raw := postRaw(tb, client, url, body)
	var resp struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		tb.Fatalf("decode %.200s: %v", raw, err)
	}
	if len(resp.Errors) == 0 {
		return ""
	}
	code, _ := resp.Errors[0].Extensions["code"].(string)
	if code != "CONFLICT" {
		return code + ": " + resp.Errors[0].Message
	}
	return code
}

// postData posts a query that must succeed and returns the response.
func postData(tb testing.TB, client *http.Client, url string, body []byte) []byte {
	raw := postRaw(tb, client, url, body)
	if !bytes.HasPrefix(raw, []byte(`{"data":`)) || bytes.Contains(raw, []byte(`"errors"`)) {
		tb.Fatalf("%.300s", raw)
	}
	return raw
}

func postRaw(tb testing.TB, client *http.Client, url string, body []byte) []byte {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
