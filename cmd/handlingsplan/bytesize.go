package main

import (
	"fmt"
	"strconv"
	"strings"
)

// byteSize is a flag of a number of bytes, written as 200MB, 5GB, 512KB or
// a plain number of bytes. As elsewhere in the product ("10 MB" is
// 10 << 20), the units are binary: a MB is 1,048,576 bytes.
type byteSize int64

var byteUnits = []struct {
	suffix string
	shift  uint
}{{"GB", 30}, {"MB", 20}, {"KB", 10}, {"B", 0}}

func (b *byteSize) Set(value string) error {
	s := strings.ToUpper(strings.TrimSpace(value))
	var shift uint
	for _, u := range byteUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, shift = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)>>shift {
		return fmt.Errorf("%q is not a size such as 200MB or 5GB", value)
	}
	*b = byteSize(n << shift)
	return nil
}

func (b *byteSize) String() string {
	for _, u := range byteUnits {
		if n := int64(*b); n != 0 && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return "0"
}
