package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
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

// rawClient does not ask for gzip by itself, nor undo it, so that a test
// sees the answer as sent.
var rawClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// TestCaching: gzip when asked, a strong ETag and 304 for the same body,
// and Cache-Control by the kind of route.
func TestCaching(t *testing.T) {
	_, ts := newTestServer(t, WithLimits(Limits{}))
	const list = "/api/v1/incidents"
	code, h, plain := do(t, rawClient, "GET", ts.URL+list, "", "")
	if code != 200 || h.Get("Content-Encoding") != "" || h.Get("Cache-Control") != "no-cache" || !strings.Contains(h.Get("Vary"), "Accept-Encoding") ||
		len(plain) < minGzip || h.Get("Content-Length") != strconv.Itoa(len(plain)) {
		t.Fatalf("GET %s without gzip: %d %v %d bytes", list, code, h, len(plain))
	}
	etag := h.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || strings.Contains(etag, "gzip") {
		t.Errorf("ETag %q", etag)
	}
	code, hz, zipped := do(t, rawClient, "GET", ts.URL+list, "", "", "Accept-Encoding", "gzip, deflate")
	if code != 200 || hz.Get("Content-Encoding") != "gzip" || len(zipped) >= len(plain) || gunzip(t, zipped) != plain {
		t.Fatalf("GET %s with gzip: %d %v %d bytes", list, code, hz, len(zipped))
	}
	etagz := hz.Get("ETag")
	if etagz == etag || !strings.HasSuffix(etagz, `-gzip"`) {
		t.Errorf("gzip ETag %q, plain %q", etagz, etag)
	}
	// Asked again with the ETag: 304, with no body; another ETag: 200.
	for _, tt := range []struct{ etag, enc string }{{etag, ""}, {etagz, "gzip"}, {`"x", ` + etagz, "gzip"}, {"W/" + etag, ""}} {
		code, h, body := do(t, rawClient, "GET", ts.URL+list, "", "", "If-None-Match", tt.etag, "Accept-Encoding", tt.enc)
		if code != http.StatusNotModified || body != "" || h.Get("ETag") == "" || h.Get("Cache-Control") != "no-cache" {
			t.Errorf("If-None-Match %s (Accept-Encoding %q): %d %v %q", tt.etag, tt.enc, code, h, body)
		}
	}
	if code, _, _ := do(t, rawClient, "GET", ts.URL+list, "", "", "If-None-Match", `"other"`); code != 200 {
		t.Errorf("If-None-Match another ETag: %d", code)
	}
	if code, _, _ := do(t, rawClient, "GET", ts.URL+list+"?limit=1", "", "", "If-None-Match", etag); code != 200 {
		t.Errorf("If-None-Match of another list: %d", code)
	}

	tests := []struct {
		method, path, token string
		cache               string
		gzip, etag          bool
	}{
		{"GET", "/", "", "no-cache", true, true},
		{"GET", "/", viewerToken, "private, no-cache", true, true},
		{"GET", "/api/v1/map/admin1.geojson", "", "no-cache", true, true},
		{"GET", "/api/openapi.json", "", "no-cache", true, true},
		{"GET", "/feeds/incidents.atom", "", "no-cache", true, true},
		{"GET", "/static/style.css", "", "public, max-age=86400", true, true},
		{"GET", "/api/v1/export/incidents.csv", "", "no-store", true, false}, // streams compress whatever their size
		{"GET", "/api/v1/export/incidents.jsonl", "", "no-store", true, false},
		{"GET", "/api/v1/agreements/nope", "", "no-cache", false, false}, // an error: small, no ETag
		{"GET", "/healthz", "", "no-store", false, false},
		{"GET", "/metrics", "", "no-store", true, false}, // compressed by promhttp itself
		{"POST", "/api/v1/reports", analystToken, "no-store", false, false},
	}
	for _, tt := range tests {
		code, h, body := do(t, rawClient, tt.method, ts.URL+tt.path, tt.token, "Outlet: X\n\nText.", "Accept-Encoding", "gzip")
		if code >= 500 || h.Get("Cache-Control") != tt.cache || (h.Get("Content-Encoding") == "gzip") != tt.gzip ||
			(h.Get("ETag") != "") != tt.etag {
			t.Errorf("%s %s: %d Cache-Control %q, Content-Encoding %q, ETag %q; want %q, gzip %v, ETag %v",
				tt.method, tt.path, code, h.Get("Cache-Control"), h.Get("Content-Encoding"), h.Get("ETag"), tt.cache, tt.gzip, tt.etag)
		}
		if h.Get("Content-Encoding") == "gzip" {
			gunzip(t, body)
		}
	}
	// The static files revalidate by ETag too.
	_, h, _ = do(t, rawClient, "GET", ts.URL+"/static/app.js", "", "")
	if code, _, _ := do(t, rawClient, "GET", ts.URL+"/static/app.js", "", "", "If-None-Match", h.Get("ETag")); code != http.StatusNotModified {
		t.Errorf("/static/app.js with its ETag: %d", code)
	}
	// An export, compressed as it streams, holds what the plain one does.
	_, _, csvPlain := do(t, rawClient, "GET", ts.URL+"/api/v1/export/incidents.csv", "", "")
	_, hc, csvZipped := do(t, rawClient, "GET", ts.URL+"/api/v1/export/incidents.csv", "", "", "Accept-Encoding", "gzip")
	if hc.Get("Content-Encoding") != "gzip" || gunzip(t, csvZipped) != csvPlain || !strings.HasPrefix(csvPlain, "event_id_cnty,") {
		t.Errorf("CSV export with gzip: %v, %q", hc, csvPlain)
	}
	// /events is never compressed: each event must leave at once.
	req, _ := http.NewRequest("GET", ts.URL+"/events", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := rawClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Cache-Control") != "no-store" || line != ": connected\n" {
		t.Errorf("/events: %v, first line %q", resp.Header, line)
	}
}

// TestGzipStreamFlushes: a flush of a compressed stream sends what was
// written so far, decodable, before the stream ends.
func TestGzipStreamFlushes(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "text/csv")
	g := &gzipStream{ResponseWriter: rec, accepts: true}
	if _, err := g.Write([]byte("first row\n")); err != nil {
		t.Fatal(err)
	}
	if err := http.NewResponseController(g).Flush(); err != nil {
		t.Fatal(err)
	}
	if !rec.Flushed || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("flushed %v, %v", rec.Flushed, rec.Header())
	}
	zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 10)
	if _, err := io.ReadFull(zr, got); err != nil || string(got) != "first row\n" {
		t.Errorf("after a flush: %q, %v", got, err)
	}
	if err := g.close(); err != nil {
		t.Fatal(err)
	}
}

func gunzip(t *testing.T, body string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	return string(b)
}

// TestCORS: pages on other sites may read the public API, not write, and
// not read a private server.
func TestCORS(t *testing.T) {
	_, ts := newTestServer(t)
	origin := []string{"Origin", "https://newsroom.example"}
	if _, h, _ := do(t, nil, "GET", ts.URL+"/api/v1/incidents", "", "", origin...); h.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(h.Get("Access-Control-Expose-Headers"), "Link") || h.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("GET: %v", h)
	}
	if _, h, _ := do(t, nil, "GET", ts.URL+"/", "", "", origin...); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a page: %v", h)
	}
	if code, h, _ := do(t, nil, "POST", ts.URL+"/api/v1/reports", analystToken, "Outlet: X\n\nText.", origin...); code != http.StatusForbidden || h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("POST: %d %v", code, h)
	}
	preflight := func(method string) (int, http.Header) {
		code, h, _ := do(t, nil, "OPTIONS", ts.URL+"/api/v1/incidents", "", "", append(origin, "Access-Control-Request-Method", method)...)
		return code, h
	}
	if code, h := preflight("GET"); code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Access-Control-Allow-Methods") != "GET, HEAD" {
		t.Errorf("preflight GET: %d %v", code, h)
	}
	if code, h := preflight("POST"); code != http.StatusForbidden || h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight POST: %d %v", code, h)
	}

	_, ts = newTestServer(t, PrivateReads())
	if _, h, _ := do(t, nil, "GET", ts.URL+"/api/v1/incidents", viewerToken, "", origin...); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("private GET: %v", h)
	}
	if code, h := preflight("GET"); code != http.StatusForbidden || h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("private preflight GET: %d %v", code, h)
	}
}

// TestPagination: the lists that page say their total and link the next
// and the previous page, keeping the filters.
func TestPagination(t *testing.T) {
	_, ts := newTestServer(t)
	tests := []struct {
		path, total, link string
	}{
		{"/api/v1/incidents?limit=1", "2", `</api/v1/incidents?limit=1&offset=1>; rel="next"`},
		{"/api/v1/incidents?limit=1&offset=1", "2", `</api/v1/incidents?limit=1&offset=0>; rel="prev"`},
		{"/api/v1/incidents", "2", ""},
		{"/api/v1/incidents?target=energy&limit=1", "1", ""},
		{"/api/v1/incidents?offset=5", "2", `</api/v1/incidents?offset=0>; rel="prev"`},
		{"/api/v1/reports?limit=1&offset=1", "3", `</api/v1/reports?limit=1&offset=2>; rel="next", </api/v1/reports?limit=1&offset=0>; rel="prev"`},
		{"/api/v1/reports?lang=en&limit=1", "2", `</api/v1/reports?lang=en&limit=1&offset=1>; rel="next"`},
		{"/api/v1/review/queue?limit=1", "2", `</api/v1/review/queue?limit=1&offset=1>; rel="next"`},
		{"/api/v1/claims?limit=1", "3", `</api/v1/claims?limit=1&offset=1>; rel="next"`},
		{"/api/v1/claims?kind=incident&limit=2&offset=2", "3", `</api/v1/claims?kind=incident&limit=2&offset=0>; rel="prev"`},
		{"/api/v1/agreements?limit=2", "3", `</api/v1/agreements?limit=2&offset=2>; rel="next"`},
		{"/api/v1/agreements", "3", ""},
		{"/api/v1/decisions?limit=5", "0", ""},
	}
	for _, tt := range tests {
		code, h, _ := do(t, nil, "GET", ts.URL+tt.path, "", "")
		if code != 200 || h.Get("X-Total-Count") != tt.total || h.Get("Link") != tt.link {
			t.Errorf("GET %s: %d X-Total-Count %q Link %q; want %s, %q", tt.path, code, h.Get("X-Total-Count"), h.Get("Link"), tt.total, tt.link)
		}
	}
	// The other lists: the total is what the whole list holds, and a
	// page of one links on when there is more.
	for _, path := range []string{"/api/v1/assessments", "/api/v1/sources", "/api/v1/timeline", "/api/v1/agreements", "/api/v1/claims", "/api/v1/agreement-drafts?state=all"} {
		_, h, body := do(t, nil, "GET", ts.URL+path, "", "")
		var all []json.RawMessage
		if err := json.Unmarshal([]byte(body), &all); err != nil || h.Get("X-Total-Count") != strconv.Itoa(len(all)) {
			t.Errorf("GET %s: %d items, X-Total-Count %q (%v)", path, len(all), h.Get("X-Total-Count"), err)
			continue
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		_, h, body = do(t, nil, "GET", ts.URL+path+sep+"limit=1", "", "")
		var page []json.RawMessage
		if err := json.Unmarshal([]byte(body), &page); err != nil || len(page) != min(1, len(all)) || h.Get("X-Total-Count") != strconv.Itoa(len(all)) ||
			(len(all) > 1) != strings.Contains(h.Get("Link"), `offset=1>; rel="next"`) {
			t.Errorf("GET %s&limit=1: %d items, X-Total-Count %q, Link %q; the whole list has %d", path, len(page), h.Get("X-Total-Count"), h.Get("Link"), len(all))
		}
	}
	// Following the links walks the list once.
	seen := map[string]bool{}
	for next := "/api/v1/incidents?limit=1"; next != ""; {
		_, h, body := do(t, nil, "GET", ts.URL+next, "", "")
		var page []struct{ ID string }
		if err := json.Unmarshal([]byte(body), &page); err != nil || len(page) != 1 || seen[page[0].ID] {
			t.Fatalf("GET %s: %v %s", next, err, body)
		}
		seen[page[0].ID] = true
		next = ""
		if m := regexp.MustCompile(`<([^>]+)>; rel="next"`).FindStringSubmatch(h.Get("Link")); m != nil {
			next = m[1]
		}
	}
	if len(seen) != 2 {
		t.Errorf("walked %d incidents, want 2", len(seen))
	}
}
