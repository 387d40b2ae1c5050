package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/handlingsplan/handlingsplan/metrics"
)

// debugMux serves the runtime's profiles (net/http/pprof) and nothing else.
// It is served on serve's --debug-addr only, never on the public address:
// profiles show the program's insides and cost CPU to take.
func debugMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // heap, goroutine, allocs, block, mutex, …
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// serveDebug listens on addr and serves debugMux there until stop.
func serveDebug(addr string, logger *slog.Logger) (stop func(), err error) {
	return serveAside(addr, debugMux(), "serving profiles (net/http/pprof)", "/debug/pprof/", logger)
}

// metricsMux serves the metrics (Prometheus' text format) at /metrics and
// nothing else.
func metricsMux(m *metrics.Metrics) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// serveAside listens on addr, beside the public address, and serves h
// there until stop.
func serveAside(addr string, h http.Handler, what, path string, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		// No write timeout: a CPU profile or trace takes its ?seconds=.
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	logger.Info(what, "addr", "http://"+ln.Addr().String()+path)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Warn("listener stopped", "addr", addr, "err", err)
		}
	}()
	return func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(shutdownCtx) != nil {
			srv.Close()
		}
		<-done
	}, nil
}
