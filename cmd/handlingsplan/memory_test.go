package main

import (
	"math"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		flag    byteSize
		flagSet bool
		env     string
		want    int64
		keep    bool
	}{
		{"default", 0, false, "", defaultMemoryLimit, false},
		{"GOMEMLIMIT kept", 0, false, "200MiB", 0, true},
		{"the flag wins", 96 << 20, true, "200MiB", 96 << 20, false},
		{"0 is none", 0, true, "", math.MaxInt64, false},
	} {
		limit, keep := memoryLimit(tt.flag, tt.flagSet, tt.env)
		if limit != tt.want || keep != tt.keep {
			t.Errorf("%s: memoryLimit = %d, %v; want %d, %v", tt.name, limit, keep, tt.want, tt.keep)
		}
	}
}
