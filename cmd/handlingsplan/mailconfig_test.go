package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// TestSMTPTimeout: the relay's timeout comes from --smtp-timeout or
// HANDLINGSPLAN_SMTP_TIMEOUT, 30 s by default, and one out of range is
// refused at start.
func TestSMTPTimeout(t *testing.T) {
	parse := func(env string, args ...string) (time.Duration, error) {
		t.Setenv("HANDLINGSPLAN_SMTP_TIMEOUT", env)
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		f := addMailFlags(fs)
		base := []string{"--smtp-host=relay.kommun.test", "--mail-from=noreply@kommun.test", "--site-url=https://hp.kommun.test"}
		if err := fs.Parse(append(base, args...)); err != nil {
			return 0, err
		}
		cfg, err := f.config("")
		return cfg.Timeout, err
	}
	for _, c := range []struct {
		env  string
		args []string
		want time.Duration
	}{
		{"", nil, 30 * time.Second},
		{"10s", nil, 10 * time.Second},
		{"10s", []string{"--smtp-timeout=2s"}, 2 * time.Second},
	} {
		got, err := parse(c.env, c.args...)
		if err != nil || got != c.want {
			t.Errorf("env %q args %v: %s, %v; want %s", c.env, c.args, got, err, c.want)
		}
	}
	if _, err := parse("", "--smtp-timeout=-1s"); err == nil || !strings.Contains(err.Error(), "smtp timeout") {
		t.Errorf("a negative timeout: %v, want refused", err)
	}
}
