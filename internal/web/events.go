package web

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub fans events out to the dashboards listening on /events.
type hub struct {
	mu   sync.Mutex
	subs map[chan string]bool
}

func newHub() *hub { return &hub{subs: map[chan string]bool{}} }

func (h *hub) subscribe() chan string {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan string, 8)
	h.subs[c] = true
	return c
}

func (h *hub) unsubscribe(c chan string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, c)
}

// publish sends an event to every listener; a listener too slow to take it
// misses it (its page reloads on the next one).
func (h *hub) publish(event string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case c <- event:
		default:
		}
	}
}

// serveEvents streams server-sent events: "changed" when a report was
// stored and the incidents recomputed, and a comment every keepAlive (20 s)
// to keep proxies from closing the connection. The server's read and write
// timeouts would end the stream; it clears the first and moves the write
// deadline on before each write instead.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) error {
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return fmt.Errorf("events: %w", err)
	}
	write := func(format string, args ...any) error {
		if err := rc.SetWriteDeadline(time.Now().Add(s.keepAlive + 10*time.Second)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		fmt.Fprintf(w, format, args...)
		return rc.Flush()
	}
	w.Header().Set("Content-Type", "text/event-stream")
	c := s.events.subscribe()
	defer s.events.unsubscribe(c)
	s.metrics.Listening(1)
	defer s.metrics.Listening(-1)
	if err := write(": connected\n\n"); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	tick := time.NewTicker(s.keepAlive)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return nil
		case ev := <-c:
			err = write("event: changed\ndata: %s\n\n", ev)
		case <-tick.C:
			err = write(": keep-alive\n\n")
		}
		if err != nil {
			return nil // the client has gone; nothing to answer
		}
	}
}
