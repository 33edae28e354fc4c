package web

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// readyTimeout bounds how long /readyz waits for its checks: a database
// that does not answer within it is not ready.
const readyTimeout = 2 * time.Second

// readyCheck is one condition of readiness (WithReadiness).
type readyCheck struct {
	name  string
	check func(context.Context) error
}

// WithReadiness adds a condition to /readyz: check returns nil when the
// part it names can serve (the database answers and is migrated; the
// incident index is built). It gets a context that ends after a short
// timeout. Without checks, /readyz answers as /healthz.
func WithReadiness(name string, check func(context.Context) error) Option {
	return func(s *Server) { s.ready = append(s.ready, readyCheck{name, check}) }
}

// healthz says that the process is alive and serving: it reads nothing.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeText(w, http.StatusOK, "ok\n")
}

// readyz says whether the server can answer requests: every readiness
// check passes within readyTimeout; otherwise 503 with the first that
// failed and why.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	for _, c := range s.ready {
		if err := c.check(ctx); err != nil {
			return writeText(w, http.StatusServiceUnavailable, fmt.Sprintf("not ready: %s: %v\n", c.name, err))
		}
	}
	return writeText(w, http.StatusOK, "ok\n")
}

func writeText(w http.ResponseWriter, status int, text string) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write([]byte(text))
	return err
}
