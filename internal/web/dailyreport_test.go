package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// dailyServer serves a store holding the daily report's seed
// (internal/dailyreport/testdata/seed, written by us): under the energy
// moratorium, Kryvyi Rih on 18 March, Kropotkin on the 19th (corroborated
// by a report of the 20th), Krasnopillia in Sumy oblast on the 20th.
func dailyServer(t *testing.T) string {
	t.Helper()
	st := newStore(t)
	p, _ := testPipeline(t, st)
	addTexts(t, st, p, dailySeed(t)...)
	return readOnlyServer(t, st).URL
}

// dailySeed are the texts of the daily report's seed.
func dailySeed(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../dailyreport/testdata/seed/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

func TestDailyReportRoute(t *testing.T) {
	base := dailyServer(t)
	const path = "/reports/daily/energy-moratorium-2025-03/"
	tests := []struct {
		path, ctype string
		code        int
		want        string
	}{
		{path + "2025-03-20", "text/html; charset=utf-8", 200, "Краснопіллі"},
		{path + "2025-03-20.html", "text/html; charset=utf-8", 200, `id="day-count">1<`},
		{path + "2025-03-20.md", "text/markdown; charset=utf-8", 200, "| Sumy | 1 (1 alleged) | 0 | 1 (1 alleged) |"},
		{path + "2025-03-20?format=md", "text/markdown; charset=utf-8", 200, "alleged → corroborated"},
		{path + "2025-03-20.pdf", "application/pdf", 200, "%PDF-"},
		{path + "2025-03-20?format=pdf", "application/pdf", 200, "%PDF-"},
		{path + "2025-03-20.pdf?format=md", "", 400, "disagree"},
		{path + "2025-03-20?format=docx", "", 400, "docx"},
		{path + "20-03-2025", "", 400, "day"},
		{path + "2025-03-01", "", 422, "before agreement"},
		{"/reports/daily/no-such-agreement/2025-03-20", "text/html; charset=utf-8", 404, "Not found"}, // the dashboard's error page
	}
	for _, tc := range tests {
		resp, err := http.Get(base + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != tc.code || (tc.ctype != "" && resp.Header.Get("Content-Type") != tc.ctype) || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d %s, want %d %s with %q; body starts %.300q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), tc.code, tc.ctype, tc.want, body)
		}
	}
	// The agreement page links to the days with incidents, newest first.
	_, page := get(t, base+"/agreements/energy-moratorium-2025-03")
	i, j := strings.Index(page, path+"2025-03-20"), strings.Index(page, path+"2025-03-18")
	if i < 0 || j < 0 || i > j {
		t.Errorf("the agreement page does not link to the daily reports of 20 and 18 March, newest first")
	}
}

// TestDailyReportLanguage: the report speaks the reader's language, chosen
// as every page's: ?lang=, then the cookie, then Accept-Language.
func TestDailyReportLanguage(t *testing.T) {
	base := dailyServer(t)
	const path = "/reports/daily/energy-moratorium-2025-03/2025-03-20"
	for _, tc := range []struct {
		name, path, accept, cookie, lang string
		want                             []string
	}{
		{"default", path, "", "", "en", []string{"<h1>Daily report: 30-day moratorium", "Sumy"}},
		{"header", path, "de-DE,de;q=0.9", "", "de", []string{"<h1>Tagesbericht:", "Karte", "behauptet"}},
		{"query", path + "?lang=uk", "de", "", "uk", []string{"<h1>Щоденний звіт:", "Сумська область", "заявлено", `href="?lang=de"`, `aria-current="true">Українська<`}},
		{"cookie", path, "de", "ru", "ru", []string{"<h1>Ежедневный отчёт:", "Сумская область", "заявлено"}},
		{"markdown", path + ".md?lang=uk", "", "", "uk", []string{"# Щоденний звіт:", "| Сумська область | 1 (1 заявлене) | 0 | 1 (1 заявлене) |"}},
	} {
		req, _ := http.NewRequest("GET", base+tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Language", tc.accept)
		}
		if tc.cookie != "" {
			req.AddCookie(&http.Cookie{Name: langCookie, Value: tc.cookie})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") || resp.Header.Get("Content-Language") != tc.lang {
			t.Errorf("%s: %d, Vary %q, Content-Language %q; want 200, Accept-Language, %s", tc.name, resp.StatusCode, resp.Header.Get("Vary"), resp.Header.Get("Content-Language"), tc.lang)
		}
		if !strings.Contains(tc.path, ".md") && !strings.Contains(body, `<html lang="`+tc.lang+`">`) {
			t.Errorf("%s: no <html lang=%q>", tc.name, tc.lang)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q in %.400q", tc.name, w, body)
			}
		}
	}
}

// TestDailyReportNotModified: the same report asked for again, hours
// later, is the same bytes ("made at" its first making), so a client's
// copy is answered 304; a new report of the day makes it anew.
func TestDailyReportNotModified(t *testing.T) {
	st := newStore(t)
	p, g := testPipeline(t, st)
	addTexts(t, st, p, dailySeed(t)...)
	clock := time.Date(2025, 3, 21, 6, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Hour); return clock } // every request an hour later
	srv, err := New(st, st.index, g, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), WithLimits(Limits{}), WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	const path = "/reports/daily/energy-moratorium-2025-03/2025-03-20"
	fetch := func(path, etag string) (int, string, string) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header.Get("ETag"), readAll(t, resp)
	}
	for _, format := range []string{"", ".md", ".pdf"} {
		code, etag, first := fetch(path+format, "")
		if code != 200 || etag == "" {
			t.Fatalf("%s: %d, ETag %q", format, code, etag)
		}
		if code, _, _ := fetch(path+format, etag); code != http.StatusNotModified {
			t.Errorf("%s asked for again with its ETag: %d, want 304", format, code)
		}
		if _, _, again := fetch(path+format, ""); again != first {
			t.Errorf("%s: the same report made again is other bytes", format)
		}
	}
	_, etag, _ := fetch(path, "")
	addTexts(t, st, p, "Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-20\n\n"+
		"Ukraine's energy ministry said Russian drones hit an electrical substation in Shostka, Sumy oblast, on 20 March.")
	if code, etag2, _ := fetch(path, etag); code != 200 || etag2 == etag {
		t.Errorf("after a new report of the day: %d, ETag %q (was %q); want 200 and another", code, etag2, etag)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBrowserDailyReport opens a daily report from the agreement page in
// headless Chromium and checks its counts, its incident and its map.
func TestBrowserDailyReport(t *testing.T) {
	base := dailyServer(t)
	ctx := browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/agreements/energy-moratorium-2025-03"),
		chromedp.Click(chromedp.Search(`//p[@class="daily"]/a[@href="/reports/daily/energy-moratorium-2025-03/2025-03-20"]`)),
		chromedp.WaitVisible(chromedp.CSS(`svg.map`)),
	)
	if err != nil {
		t.Fatalf("open the daily report from the agreement page: %v", err)
	}
	screenshot(t, ctx, "daily-report")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(function () {
		var q = function (s) { return document.querySelector(s); };
		var kremlin = q('section[data-reading="kremlin-list"]');
		var cells = function (table, key) {
			var row = kremlin.querySelector('table.' + table + ' tr[data-key="' + key + '"]');
			return row ? Array.from(row.querySelectorAll("td.n")).map(function (td) { return td.firstChild.textContent.trim(); }).join("/") : "";
		};
		var m = q("svg.map"), box = m.getBoundingClientRect();
		return {
			path: location.pathname,
			day: q("#day-count").textContent, period: q("#period-count").textContent,
			sumy: cells("by-region", "UA-59"), krasnodar: cells("by-region", "RU-KDA"), ru: cells("by-party", "RU"), total: cells("by-party", "total"),
			units: m.querySelectorAll("path.unit").length, hatched: m.querySelectorAll("path.unit.events").length,
			alleged: m.querySelectorAll("g.marker.status-alleged").length, earlier: m.querySelectorAll("circle.earlier").length,
			mapWidth: box.width, mapHeight: box.height,
			styled: getComputedStyle(q("table.counts")).borderCollapse,
			quote: Array.from(document.querySelectorAll('blockquote[lang="uk"]')).map(function (b) { return b.textContent; }).join(" "),
			changed: q("ul.changes li[data-id]") ? Array.from(document.querySelectorAll("ul.changes li")).map(function (li) { return li.textContent; }).join("\n") : ""
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"path": "/reports/daily/energy-moratorium-2025-03/2025-03-20",
		"day":  "1", "period": "3",
		// day / previous day / period
		"sumy": "1/0/1", "krasnodar": "0/1/1", "ru": "1/0/2", "total": "1/1/3",
		"hatched": 1.0, "alleged": 1.0, "earlier": 2.0,
		"styled": "collapse", // the style sheet loaded (the CSP allows no inline style)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if got["units"].(float64) < 20 || got["mapWidth"].(float64) < 300 || got["mapHeight"].(float64) < 200 {
		t.Errorf("the map: %v units, %v×%v pixels", got["units"], got["mapWidth"], got["mapHeight"])
	}
	if q := got["quote"].(string); !strings.Contains(q, "Краснопіллі") {
		t.Errorf("the Ukrainian sentence: %q", q)
	}
	if c := got["changed"].(string); !strings.Contains(c, "Kropotkin") || !strings.Contains(c, "alleged → corroborated") {
		t.Errorf("changes: %q", c)
	}
}
