package auth

import (
	"fmt"
	"testing"
	"time"
)

// TestTheLimiterForgetsIdleClientsAndStaysBounded: a bucket unused for the
// period is full again and forgotten; a flood of new addresses beyond
// maxClients shares one bucket rather than growing the map.
func TestTheLimiterForgetsIdleClientsAndStaysBounded(t *testing.T) {
	l := newRateLimiter(20, time.Minute)
	now := time.Unix(1_700_000_000, 0)
	for i := range 20 {
		if !l.allowAt("192.0.2.1", now) {
			t.Fatalf("request %d refused", i+1)
		}
	}
	if l.allowAt("192.0.2.1", now) {
		t.Error("the 21st request in a burst was let through")
	}
	if !l.allowAt("192.0.2.1", now.Add(3*time.Second)) {
		t.Error("a token did not come back after three seconds")
	}
	for i := range maxClients + 100 {
		l.allowAt(fmt.Sprintf("addr-%d", i), now)
	}
	if n := l.size(); n != maxClients {
		t.Errorf("%d clients remembered, want at most %d", n, maxClients)
	}
	l.allowAt("198.51.100.1", now.Add(2*time.Minute))
	if n := l.size(); n != 1 {
		t.Errorf("after everyone was idle for the period, %d clients remembered, want 1", n)
	}
}
