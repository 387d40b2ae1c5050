package main

import (
	"math"
	"runtime/debug"
)

// defaultMemoryLimit is serve's soft limit on the Go runtime's memory (heap,
// stacks, runtime structures; not the binary's own pages, about 36 MiB of
// the resident size, which the kernel maps from the file). Near it the
// garbage collector runs more often instead of letting the heap double
// (GOGC=100) under load, so the resident size stays that much above it;
// the collector never spends more than half the CPU to keep it.
const defaultMemoryLimit = 64 << 20

// memoryLimit is the limit serve applies: the --memory-limit flag when
// given (0 for none), else the GOMEMLIMIT environment variable's, which
// the runtime has read already (keep reports that), else the default.
func memoryLimit(flag byteSize, flagSet bool, env string) (limit int64, keep bool) {
	switch {
	case flagSet && flag == 0:
		return math.MaxInt64, false
	case flagSet:
		return int64(flag), false
	case env != "":
		return 0, true
	}
	return defaultMemoryLimit, false
}

// applyMemoryLimit sets the runtime's soft memory limit as memoryLimit
// says, and returns the limit in force.
func applyMemoryLimit(flag byteSize, flagSet bool, env string) int64 {
	limit, keep := memoryLimit(flag, flagSet, env)
	if keep {
		return debug.SetMemoryLimit(-1)
	}
	debug.SetMemoryLimit(limit)
	return limit
}
