package server

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// DefaultInFlight is how many GraphQL requests one user may have running
// at once: a screen of the web app sends two or three.
const DefaultInFlight = 6

// limitInFlight answers 429 to a user's request while n of theirs are
// still running. It counts per user rather than per session: each login
// makes another session, so only the user is a bound. It runs after the
// viewer is known (requests without one are refused before).
func limitInFlight(n int, next http.Handler) http.Handler {
	var mu sync.Mutex
	running := map[int]int{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewer.FromContext(r.Context())
		if v == nil {
			next.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		if running[v.UserID] >= n {
			mu.Unlock()
			w.Header().Set("Retry-After", "1")
			refusal := &fault.Error{Code: fault.TooManyRequests,
				Message: "too many requests at once: " + strconv.Itoa(n) + " of yours are still running; retry when one has finished"}
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"errors": []any{refusal.JSON()}})
			return
		}
		running[v.UserID]++
		mu.Unlock()
		defer func() {
			mu.Lock()
			if running[v.UserID]--; running[v.UserID] == 0 {
				delete(running, v.UserID)
			}
			mu.Unlock()
		}()
		next.ServeHTTP(w, r)
	})
}
