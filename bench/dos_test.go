package bench_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/bench/synth"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
)

// TestDenialOfServiceFigures measures one request of issue 17 on a plan of
// 2,400 actions (10 areas × 240, with sub-actions), in a process of its
// own so that the peak resident memory (VmHWM) is the request's:
//
//	HP_DOS_ATTACK=planStatus go test -count=1 -run DenialOfServiceFigures -v ./bench/
//
// Attacks: planStatus, myActions, bomb, overlap1000, overlap5000. The
// results are in bench/README.md; graph/limits_test.go is the test that
// keeps the limits in place.
func TestDenialOfServiceFigures(t *testing.T) {
	attack := os.Getenv("HP_DOS_ATTACK")
	if attack == "" {
		t.Skip("set HP_DOS_ATTACK to measure one attack")
	}
	db := dbtest.Open(t, dialect.SQLite, nil)
	ids := importFiles(t, db, synth.Department(1, 10, 240, synth.DefaultSeed))
	url := serve(t, db, reader(t, db)) // a Förvaltningschef: myActions finds the most
	lines := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i) + "\n")
		}
		return b.String()
	}
	var query string
	switch attack {
	case "planStatus":
		query = "{" + lines(1000, func(i int) string { return fmt.Sprintf("a%d: planStatus(planID: %d) { asOf }", i, ids[0]) }) + "}"
	case "myActions":
		query = "{" + lines(1000, func(i int) string { return fmt.Sprintf("a%d: myActions(first: 500) { action { id } }", i) }) + "}"
	case "bomb":
		query = "query { ...F0 }\n" + lines(30, func(i int) string {
			return fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
		}) + "fragment F30 on Query { __typename }"
	case "overlap1000", "overlap5000":
		n := 1000
		if attack == "overlap5000" {
			n = 5000
		}
		query = "{" + lines(n, func(i int) string { return fmt.Sprintf("p: plan(id: %d) { id }", i+1) }) + "}"
	default:
		t.Fatalf("no attack %q", attack)
	}
	body, _ := json.Marshal(map[string]string{"query": query})
	runtime.GC()
	rss := memStatus(t, "VmRSS")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	var answer []byte
	status := 0
	if err == nil {
		answer, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		status = resp.StatusCode
	}
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	outcome := fmt.Sprintf("%d, %d bytes: %.120s", status, len(answer), answer)
	if err != nil {
		outcome = "no answer: " + err.Error()
	}
	t.Logf("%s (%d bytes): %v, resident %d MB before, peak %d MB, %d MB allocated; %s", attack, len(body),
		took.Round(time.Millisecond), rss>>10, memStatus(t, "VmHWM")>>10, (after.TotalAlloc-before.TotalAlloc)>>20, outcome)
}

// memStatus returns a memory figure of this process from /proc, in KiB.
func memStatus(t *testing.T, name string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc")
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), name+":"); ok {
			var kb uint64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb
		}
	}
	return 0
}
