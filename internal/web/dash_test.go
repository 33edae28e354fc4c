package web

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/internal/geo"
)

// TestTimelineFilters: the timeline follows every filter of the list, the
// accused party and the target too, and names its rows by agreement,
// reading and party.
func TestTimelineFilters(t *testing.T) {
	_, ts := newTestServer(t)
	rows := func(path string) []string {
		t.Helper()
		_, page := get(t, ts.URL+path)
		var out []string
		for _, m := range regexp.MustCompile(`<div class="tl-label">([^<]*)<a href="/agreements/`).FindAllStringSubmatch(page, -1) {
			out = append(out, strings.TrimSpace(m[1]))
		}
		return out
	}
	all := rows("/")
	if len(all) != 3 {
		t.Fatalf("the timeline of everything has rows %q, want 3", all)
	}
	for _, r := range all {
		if !strings.Contains(r, " · ") || !strings.HasSuffix(r, " accused") || strings.Contains(r, "energy-moratorium-2025-03") {
			t.Errorf("row %q is not named by the agreement's title, the reading's label and the party", r)
		}
	}
	for path, want := range map[string]func(string) bool{
		"/?party=UA":        func(r string) bool { return strings.HasSuffix(r, "Ukraine accused") },
		"/?party=RU":        func(r string) bool { return strings.HasSuffix(r, "Russia accused") },
		"/?target=medical":  func(r string) bool { return strings.HasPrefix(r, "Protection of medical facilities") },
		"/?target=energy":   func(r string) bool { return strings.HasPrefix(r, "30-day moratorium") },
		"/?place=UA-59":     func(r string) bool { return strings.HasPrefix(r, "Protection of medical facilities") },
		"/?q=sudzha":        func(r string) bool { return strings.HasPrefix(r, "30-day moratorium") },
		"/?status=disputed": func(string) bool { return false },
	} {
		got := rows(path)
		if path != "/?status=disputed" && (len(got) == 0 || len(got) == len(all)) {
			t.Errorf("%s: the timeline has rows %q; want some, not all", path, got)
		}
		for _, r := range got {
			if !want(r) {
				t.Errorf("%s: the timeline has the row %q", path, r)
			}
		}
	}
	// The place filter's caption names the place, not its code.
	if _, page := get(t, ts.URL+"/?place=UA-59"); !strings.Contains(page, "In Sumy") {
		t.Error("the map's caption does not name the place filter's oblast")
	}
}

// BenchmarkHomePage renders the dashboard's first page (map, list,
// timeline), in English and Ukrainian, and an incident page with its
// small map, in-process (no network), over a small record. The first
// request of a server builds the map's geometry (its outlines, about 0.6 s
// on one core); the benchmark measures the pages after it.
//
//	go test -run '^$' -bench HomePage ./internal/web
func BenchmarkHomePage(b *testing.B) {
	st, ids := precisionStore(b)
	g, err := geo.Default()
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(st, st.index, g, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), WithLimits(Limits{}))
	if err != nil {
		b.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", path, rec.Code)
		}
		return rec
	}
	get("/") // the map's geometry
	for _, path := range []string{"/", "/?lang=uk", "/incidents/" + ids["settlement"]} {
		b.Run(strings.ReplaceAll(path, "/", "_"), func(b *testing.B) {
			var n int
			for b.Loop() {
				n = get(path).Body.Len()
			}
			b.ReportMetric(float64(n), "bytes/page")
		})
	}
}
