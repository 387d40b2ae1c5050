package server

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/handlingsplan/handlingsplan/viewer"
)

func TestAUserHasAFewRequestsInFlightAtMost(t *testing.T) {
	release := make(chan struct{})
	var started sync.WaitGroup
	h := limitInFlight(4, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Done()
		<-release
	}))
	as := func(user int) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		return r.WithContext(viewer.NewContext(r.Context(), &viewer.Viewer{UserID: user}))
	}
	var done sync.WaitGroup
	started.Add(4)
	for range 4 {
		done.Go(func() { h.ServeHTTP(httptest.NewRecorder(), as(1)) })
	}
	started.Wait()

	fifth := httptest.NewRecorder()
	h.ServeHTTP(fifth, as(1))
	if fifth.Code != http.StatusTooManyRequests || fifth.Header().Get("Retry-After") == "" {
		t.Errorf("a fifth request at once = %d, want 429 with Retry-After: %s", fifth.Code, fifth.Body)
	}
	started.Add(1)
	other := httptest.NewRecorder()
	done.Go(func() { h.ServeHTTP(other, as(2)) }) // another user is not held up
	started.Wait()
	close(release)
	done.Wait()

	started.Add(1)
	again := httptest.NewRecorder()
	h.ServeHTTP(again, as(1))
	if again.Code != http.StatusOK {
		t.Errorf("once the others finished = %d, want 200", again.Code)
	}
}
