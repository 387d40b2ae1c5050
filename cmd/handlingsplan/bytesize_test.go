package main

import "testing"

func TestByteSizesReadAsTheProductWritesThem(t *testing.T) {
	for in, want := range map[string]int64{"200MB": 200 << 20, "5GB": 5 << 30, "5 gb": 5 << 30, "512KB": 512 << 10, "1000": 1000, "0": 0} {
		var b byteSize
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "2TB", "1.5GB", "99999999999GB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) = %d, want an error", in, b)
		}
	}
	if s := (func() string { b := byteSize(200 << 20); return b.String() })(); s != "200MB" {
		t.Errorf("String() = %q, want 200MB", s)
	}
}
