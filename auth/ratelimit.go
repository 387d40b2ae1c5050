package auth

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// rateLimiter allows each client address n requests per window on the login
// routes, so a script cannot hammer the provider or the session table
// through us.
type rateLimiter struct {
	n      int
	window time.Duration

	mu      sync.Mutex
	clients map[string]*window
}

type window struct {
	start time.Time
	count int
}

func newRateLimiter(n int, per time.Duration) *rateLimiter {
	return &rateLimiter{n: n, window: per, clients: map[string]*window{}}
}

// allow reports whether the request's client may go on.
func (l *rateLimiter) allow(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.clients) > 10000 { // forget finished windows rather than grow without bound
		for k, w := range l.clients {
			if now.Sub(w.start) > l.window {
				delete(l.clients, k)
			}
		}
	}
	w := l.clients[host]
	if w == nil || now.Sub(w.start) > l.window {
		w = &window{start: now}
		l.clients[host] = w
	}
	w.count++
	return w.count <= l.n
}
