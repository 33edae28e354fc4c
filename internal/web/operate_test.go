package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/internal/metrics"
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

// TestMetrics: /metrics counts requests by route pattern (never the raw
// path), method and status, and shows the reports per stage read from
// the store; on a private server it needs a viewer's token.
func TestMetrics(t *testing.T) {
	m := metrics.New()
	var st indexedStore
	srv, ts := newTestServer(t, PrivateReads(), WithMetrics(m))
	st = srv.store.(indexedStore)
	m.WatchPipeline(st.PipelineStatus, time.Minute, slog.New(slog.DiscardHandler))
	for _, path := range []string{"/api/v1/incidents", "/api/v1/incidents", "/api/v1/incidents/nope", "/api/v1/incidents/other", "/no/such/page"} {
		do(t, nil, "GET", ts.URL+path, viewerToken, "")
	}
	if code, _, _ := do(t, nil, "GET", ts.URL+"/metrics", "", ""); code != http.StatusUnauthorized {
		t.Errorf("private /metrics, anonymous: %d", code)
	}
	code, h, body := do(t, nil, "GET", ts.URL+"/metrics", viewerToken, "")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %v", code, h)
	}
	for _, want := range []string{
		`trucewatch_http_requests_total{code="200",method="GET",route="/api/v1/incidents"} 2`,
		`trucewatch_http_requests_total{code="404",method="GET",route="/api/v1/incidents/{id}"} 2`,
		`trucewatch_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`trucewatch_http_requests_total{code="401",method="GET",route="/metrics"} 1`,
		`trucewatch_http_request_duration_seconds_count{route="/api/v1/incidents"} 2`,
		`trucewatch_pipeline_reports{stage="analysed"} 3`,
		`trucewatch_pipeline_reports{stage="stored"} 0`,
		`trucewatch_pipeline_queue_depth 0`,
		`trucewatch_sse_clients 0`,
		`trucewatch_reports_processed_total{stage="stored"} 0`,
		"go_goroutines ",
		"process_resident_memory_bytes ",
	} {
		if !strings.HasSuffix(want, " ") {
			want += "\n" // the whole value
		}
		if !strings.Contains(body, want) {
			t.Errorf("/metrics has no %s", want)
		}
	}
	if strings.Contains(body, "/api/v1/incidents/nope") || strings.Contains(body, "/no/such/page") {
		t.Error("/metrics names a raw path")
	}
}

// TestAccessLog: one line per request, in JSON when the logger writes JSON,
// with the route pattern, status, duration and size.
func TestAccessLog(t *testing.T) {
	var buf syncBuffer
	srv, ts := newTestServer(t)
	srv.log = slog.New(slog.NewJSONHandler(&buf, nil)) // before any request: serve --log-format json
	do(t, nil, "GET", ts.URL+"/api/v1/incidents?limit=1", "", "")
	var line struct {
		Msg, Method, Route, Path string
		Status                   int
		Bytes                    int64
		DurationMS               *float64 `json:"duration_ms"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(buf.String())), &line); err != nil {
		t.Fatalf("%v: %q", err, buf.String())
	}
	if line.Msg != "request" || line.Method != "GET" || line.Route != "/api/v1/incidents" || line.Path != "/api/v1/incidents" ||
		line.Status != 200 || line.Bytes < 100 || line.DurationMS == nil {
		t.Errorf("access log line %q", buf.String())
	}
}

// syncBuffer is a bytes.Buffer that handlers may write to concurrently.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
