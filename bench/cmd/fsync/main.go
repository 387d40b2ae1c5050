//go:build linux

// Command fsync measures the disk's raw flush latency: it appends a page to
// a file and flushes it (fdatasync, what SQLite calls on Linux for each
// commit's write-ahead log with synchronous=FULL), n times, and prints the
// percentiles. It is the floor under a SQLite commit, and so under one
// group commit (docs/architecture.md, SQLite's connections).
//
//	go run ./bench/cmd/fsync [--dir /tmp] [--n 500] [--size 4096]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("dir", os.TempDir(), "folder on the disk to measure (where the database lives)")
	n := flag.Int("n", 500, "flushes")
	size := flag.Int("size", 4096, "bytes appended before each flush")
	full := flag.Bool("fsync", false, "fsync instead of fdatasync")
	flag.Parse()
	f, err := os.CreateTemp(*dir, "fsync-*.bin")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	page := make([]byte, *size)
	times := make([]time.Duration, 0, *n)
	flush := syscall.Fdatasync
	if *full {
		flush = syscall.Fsync
	}
	for i := range *n {
		page[0] = byte(i)
		if _, err := f.Write(page); err != nil {
			log.Fatal(err)
		}
		t0 := time.Now()
		if err := flush(int(f.Fd())); err != nil {
			log.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	at := func(p float64) time.Duration { return times[min(len(times)-1, int(p*float64(len(times))))] }
	var load string
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = string(b[:len(b)-1])
	}
	fmt.Printf("%d flushes of %d B in %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (load average %s)\n",
		len(times), *size, *dir, ms(at(0.5)), ms(at(0.9)), ms(at(0.99)), ms(times[len(times)-1]), load)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
