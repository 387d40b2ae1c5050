package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestGen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gen.db")
	args := []string{"--db", db, "--plans", "2", "--areas", "2", "--actions", "3"}
	var out bytes.Buffer
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "plans 2 (2 created, 0 updated), areas 4, actions 12") {
		t.Errorf("first run printed:\n%s", out.String())
	}
	// A second run updates the same plans in place.
	out.Reset()
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(0 created, 2 updated)") {
		t.Errorf("second run printed:\n%s", out.String())
	}
}

func TestGenNeedsDB(t *testing.T) {
	if err := run(context.Background(), []string{"--plans", "1"}, &bytes.Buffer{}); err == nil {
		t.Error("ran without --db")
	}
}
