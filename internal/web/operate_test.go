package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestHealth: /healthz answers while the process lives; /readyz answers
// 503 with the reason once the database is gone, even on a private server.
func TestHealth(t *testing.T) {
	var st indexedStore
	srv, ts := newTestServer(t, PrivateReads(), WithReadiness("store", func(ctx context.Context) error { return st.Ready(ctx) }))
	st = srv.store.(indexedStore)
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, h, body := do(t, nil, "GET", ts.URL+path, "", ""); code != 200 || body != "ok\n" || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
			t.Errorf("GET %s = %d %q %v", path, code, body, h)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if code, _, body := do(t, nil, "GET", ts.URL+"/readyz", "", ""); code != http.StatusServiceUnavailable || !strings.Contains(body, "not ready: store: database: sql: database is closed") {
		t.Errorf("GET /readyz, the database closed: %d %q", code, body)
	}
	if code, _, body := do(t, nil, "GET", ts.URL+"/healthz", "", ""); code != 200 || body != "ok\n" {
		t.Errorf("GET /healthz, the database closed: %d %q", code, body)
	}
}
