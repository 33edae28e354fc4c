package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch/internal/metrics"
)

// WithMetrics makes the server count its requests in m and serve m at
// /metrics, so that the caller can add its own (the pipeline's). Without
// it the server keeps metrics of its own.
func WithMetrics(m *metrics.Metrics) Option { return func(s *Server) { s.metrics = m } }

// quietRoutes are polled by machines every few seconds: their access log
// lines are at Debug, not Info.
var quietRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// observe serves the request through next, then counts it in the metrics
// and writes the access log line: method, route pattern, path, status,
// duration and bytes of the body. It runs when a handler panics too (an
// export cut short).
func (s *Server) observe(w http.ResponseWriter, r *http.Request, next func(http.ResponseWriter, *http.Request)) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	defer func() {
		d := time.Since(start)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		// The mux sets the pattern it matched on r; a request that matched
		// none (404, 405) counts as unmatched, so that the raw path never
		// becomes a label.
		_, route, _ := strings.Cut(r.Pattern, " ")
		if route == "" {
			route = "unmatched"
		}
		s.metrics.Request(route, r.Method, status, d)
		level := slog.LevelInfo
		if quietRoutes[route] {
			level = slog.LevelDebug
		}
		s.log.LogAttrs(r.Context(), level, "request", slog.String("method", r.Method), slog.String("route", route),
			slog.String("path", r.URL.Path), slog.Int("status", status),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.Int64("bytes", rec.bytes))
	}()
	next(rec, r)
}

// recorder notes the status and the size of the body it passes on. It
// flushes, and gives http.ResponseController the writer beneath
// (deadlines), so that streams (/events, exports) stream through it.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 && code >= 200 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(p)
	rec.bytes += int64(n)
	return n, err
}

func (rec *recorder) FlushError() error {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return http.NewResponseController(rec.ResponseWriter).Flush()
}

func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// serveMetrics is /metrics: Prometheus's text format.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metricsHandler.ServeHTTP(w, r)
	return nil
}
