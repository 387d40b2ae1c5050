package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of CPU times in /proc: USER_HZ, which Linux fixes
// at 100 for user space whatever the kernel's own tick rate.
const clockTick = 10 * time.Millisecond

// cpuSample is the CPU time used so far by the server, by PostgreSQL (all
// processes named postgres), by this process and by the whole machine,
// read from /proc. Where a figure cannot be read (no /proc, no --server-pid)
// it is -1 and the report shows "-".
type cpuSample struct {
	at                     time.Time
	server, postgres, self time.Duration
	busy                   time.Duration // all cores together
}

func sampleCPU(serverPID int) cpuSample {
	s := cpuSample{at: time.Now(), server: -1, self: processCPU("self"), postgres: postgresCPU()}
	if serverPID > 0 {
		s.server = processCPU(strconv.Itoa(serverPID))
	}
	s.busy = machineBusy()
	return s
}

// usage is CPU time spent between two samples.
type usage struct {
	server, postgres, self time.Duration // -1 when unknown
	machine, others        float64       // share of all cores: busy in all, busy outside the three above; -1 when unknown
}

func (s cpuSample) since(before cpuSample) usage {
	diff := func(a, b time.Duration) time.Duration {
		if a < 0 || b < 0 {
			return -1
		}
		return a - b
	}
	u := usage{
		server:   diff(s.server, before.server),
		postgres: diff(s.postgres, before.postgres),
		self:     diff(s.self, before.self),
		machine:  -1, others: -1,
	}
	capacity := float64(s.at.Sub(before.at)) * float64(runtime.NumCPU())
	busy := diff(s.busy, before.busy)
	if busy < 0 || capacity <= 0 {
		return u
	}
	u.machine = float64(busy) / capacity
	if u.server >= 0 && u.postgres >= 0 && u.self >= 0 {
		u.others = max(0, float64(busy-u.server-u.postgres-u.self)/capacity)
	}
	return u
}

// processCPU returns user plus system time of /proc/<pid>, or -1.
func processCPU(pid string) time.Duration {
	st, ok := readStat("/proc/" + pid + "/stat")
	if !ok {
		return -1
	}
	return st.cpu
}

// procStat is what the load tool reads from one /proc/<pid>/stat.
type procStat struct {
	name     string
	cpu      time.Duration // user + system time of the process, all its threads
	children time.Duration // the same of its children that have exited and been waited for
}

func readStat(path string) (procStat, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return procStat{}, false
	}
	// The command name is in parentheses and may hold spaces; fields are
	// counted after its closing one. utime, stime, cutime and cstime are
	// fields 14 to 17.
	text := string(data)
	open, end := strings.IndexByte(text, '('), strings.LastIndexByte(text, ')')
	if open < 0 || end < open {
		return procStat{}, false
	}
	fields := strings.Fields(text[end+1:])
	if len(fields) < 15 {
		return procStat{}, false
	}
	var ticks [4]int64
	for i := range ticks {
		if ticks[i], err = strconv.ParseInt(fields[11+i], 10, 64); err != nil {
			return procStat{}, false
		}
	}
	return procStat{
		name:     text[open+1 : end],
		cpu:      time.Duration(ticks[0]+ticks[1]) * clockTick,
		children: time.Duration(ticks[2]+ticks[3]) * clockTick,
	}, true
}

// postgresCPU adds up the CPU time of every process named postgres: the
// postmaster, its background workers and the backends. A backend that
// exits (one per closed connection) takes its time with it, but the
// postmaster waits for it and so gains it as children's time, which is
// counted too; otherwise connection churn would be invisible here.
func postgresCPU() time.Duration {
	paths, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(paths) == 0 {
		return -1
	}
	var total time.Duration
	for _, p := range paths {
		if st, ok := readStat(p); ok && st.name == "postgres" {
			total += st.cpu + st.children
		}
	}
	return total
}

// machineBusy returns the CPU time all cores spent busy, from /proc/stat,
// or -1. Idle and I/O wait count as not busy.
func machineBusy() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return -1
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return -1
	}
	// user nice system idle iowait irq softirq steal; guest time is
	// already counted in user.
	var busy int64
	for i, f := range fields[1:9] {
		v, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return -1
		}
		if i != 3 && i != 4 {
			busy += v
		}
	}
	return time.Duration(busy) * clockTick
}

// quietBusy is how busy the machine may be, from other work, for a
// measurement to start.
const quietBusy = 0.20

// waitQuiet waits, up to limit, until the machine's cores are less than
// quietBusy busy over a second. On a shared machine a build or test run of
// someone else's otherwise takes the CPU the server is being measured for;
// the "others busy" column shows how much of that still happened.
func waitQuiet(ctx context.Context, limit time.Duration, log io.Writer) {
	deadline := time.Now().Add(limit)
	for ctx.Err() == nil {
		before := sampleCPU(0)
		time.Sleep(time.Second)
		busy := sampleCPU(0).since(before).machine
		if busy < quietBusy { // including -1: unknown, so do not wait
			return
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(log, "warning: the machine is still %.0f%% busy with other work; measuring anyway\n", 100*busy)
			return
		}
		fmt.Fprintf(log, "machine %.0f%% busy with other work; waiting\n", 100*busy)
		time.Sleep(3 * time.Second)
	}
}
