package auth

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/handlingsplan/handlingsplan/clientip"
)

// maxClients bounds the clients the login limiter remembers. Past it, new
// addresses share one bucket until idle ones are forgotten: a flood from
// many addresses costs no more memory, and clients already known keep
// their own buckets.
const maxClients = 10000

// rateLimiter gives each client address a token bucket (golang.org/x/time/rate)
// on the login routes, so a script cannot hammer the provider or the
// session table through us. The address is clientip.From's: behind a
// trusted proxy each user's own, so a morning's logins from one office do
// not share a bucket.
type rateLimiter struct {
	every time.Duration // one token per every
	burst int
	idle  time.Duration // a bucket unused this long is full again: forget it

	mu        sync.Mutex
	clients   map[string]*client
	overflow  *rate.Limiter
	lastSweep time.Time
}

type client struct {
	limiter *rate.Limiter
	seen    time.Time
}

// newRateLimiter allows n requests per period, in a burst or spread out.
func newRateLimiter(n int, per time.Duration) *rateLimiter {
	every := per / time.Duration(n)
	return &rateLimiter{
		every: every, burst: n, idle: per,
		clients:  map[string]*client{},
		overflow: rate.NewLimiter(rate.Every(every), n),
	}
}

// allow reports whether the request's client may go on.
func (l *rateLimiter) allow(r *http.Request) bool {
	return l.allowAt(clientip.From(r), time.Now())
}

func (l *rateLimiter) allowAt(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > l.idle {
		l.sweep(now)
	}
	c := l.clients[addr]
	if c == nil {
		if len(l.clients) >= maxClients {
			return l.overflow.AllowN(now, 1)
		}
		c = &client{limiter: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.clients[addr] = c
	}
	c.seen = now
	return c.limiter.AllowN(now, 1)
}

// sweep forgets the clients idle long enough for their bucket to be full:
// a fresh one would be the same.
func (l *rateLimiter) sweep(now time.Time) {
	for addr, c := range l.clients {
		if now.Sub(c.seen) >= l.idle {
			delete(l.clients, addr)
		}
	}
	l.lastSweep = now
}

// size returns how many clients are remembered.
func (l *rateLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}
