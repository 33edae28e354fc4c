package web

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trucewatch/trucewatch"
)

// chromium finds the browser: $TRUCEWATCH_CHROMIUM, else Debian's
// /usr/bin/chromium (scripts/test.sh installs it). Without one the browser
// tests are skipped, except in CI, where they must run.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("TRUCEWATCH_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium: CI must run the browser tests (scripts/test.sh installs Debian's chromium)")
	}
	t.Skip("no Chromium at /usr/bin/chromium (scripts/test.sh installs it; or set TRUCEWATCH_CHROMIUM)")
	return ""
}

// browser starts a headless Chromium that talks to this machine only.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return ctx
}

// screenshot saves a PNG of the page as a test artefact, in
// $TRUCEWATCH_ARTIFACTS (scripts/test.sh sets it) or the test's temp dir.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("TRUCEWATCH_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestBrowser drives the dashboard in a real headless Chromium: the data
// loads, the map shows markers, a filter narrows the list, the incident
// page highlights the source sentence, and a new report appears live.
func TestBrowser(t *testing.T) {
	_, ts := newTestServer(t)
	ctx := browser(t)

	count := func(sel string) int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+sel+"`"+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#map`))); err != nil {
		t.Fatalf("home page: %v", err)
	}
	markers, rows := count("#map g.marker"), count("#incidents tbody tr")
	screenshot(t, ctx, "home")
	if markers != 2 || rows != 2 {
		t.Errorf("home page: %d markers, %d rows; want 2 and 2", markers, rows)
	}

	// Zoom in with the wheel: the view narrows, and the markers shrink in
	// map units to keep their size on the screen.
	zoom, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function () {
		var svg = document.getElementById("map"), r = svg.getBoundingClientRect();
		for (var i = 0; i < 3; i++) {
			svg.dispatchEvent(new WheelEvent("wheel", {deltaY: -100, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true}));
		}
		var m = svg.querySelector("g.marker").transform.baseVal.consolidate().matrix;
		return [svg.viewBox.baseVal.width, m.a, svg.viewBox.baseVal.width / svg.clientWidth];
	})()`))
	if err != nil {
		t.Fatalf("zoom: %v", err)
	}
	if k := zoom[0] / mapWidth; k > 0.52 || k < 0.5 || math.Abs(zoom[1]-zoom[2]) > 1e-6 {
		t.Errorf("after zooming in three steps: view %.1f wide, marker scale %.4f; want 0.512 of the map and the marker at %.4f map units a pixel", zoom[0], zoom[1], zoom[2])
	}

	// Filter by target: the list and the map narrow to Sudzha.
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`select[name=target]`), "energy"),
		chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#incidents`)),
	)
	if err != nil {
		t.Fatalf("filter: %v", err)
	}
	waitFor(t, ctx, `location.search.includes("target=energy") && document.readyState === "complete"`, "the filtered page")
	filtered := count("#incidents tbody tr")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#incidents tbody`)))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "filtered")
	if filtered != 1 || !strings.Contains(text, "Sudzha") {
		t.Errorf("after filtering on energy: %d rows %q", filtered, text)
	}

	// The incident page highlights the sentence the claim comes from.
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.Click(chromedp.Search(`//table[@id="incidents"]//a[contains(., "Sumy")]`)),
		chromedp.WaitVisible(chromedp.CSS(`mark`)),
	)
	if err != nil {
		t.Fatalf("incident page: %v", err)
	}
	mark, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`mark`)))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "incident")
	if !strings.Contains(mark, "hospital in Sumy") {
		t.Errorf("highlighted sentence = %q", mark)
	}

	// A report posted while the dashboard is open appears without a reload by hand.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#map`))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // let the page open its event stream
	resp, err := postAs(analystToken, ts.URL+"/api/v1/reports", ("Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-23\n\nRussian drones struck a substation in Kharkiv overnight, the mayor said."))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The page reloads itself on the event.
	waitFor(t, ctx, `document.querySelector("#incidents tbody") !== null && document.querySelector("#incidents tbody").innerText.includes("Kharkiv")`, "the new report, live")
	screenshot(t, ctx, "live")

	// A report full of markup and script: on every page it reaches, none of
	// it becomes an element and none of it runs. The open page reloads on
	// the report's event; wait for that before navigating, or the two race.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__before = 1`)); err != nil {
		t.Fatal(err)
	}
	resp, err = postAs(analystToken, ts.URL+"/api/v1/reports", ("Outlet: <script>window.__pwned='outlet'</script>\nLanguage: en\nPublished: 2025-03-24\n\n" +
		"<img src=x onerror=\"window.__pwned='img'\"> Russian drones hit a hospital in Sumy overnight " +
		"<script>window.__pwned='script'</script><svg onload=\"window.__pwned='svg'\"></svg>, the governor said."))
	if err != nil {
		t.Fatal(err)
	}
	var posted struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&posted); err != nil || posted.ID == "" {
		t.Fatalf("posting the report with markup: %v, %+v", err, posted)
	}
	resp.Body.Close()
	waitFor(t, ctx, `window.__before === undefined && document.readyState === "complete"`, "the reload after the report with markup")
	for _, page := range []string{"/", "/agreements/ihl-medical-facilities"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitReady(chromedp.CSS(`body`))); err != nil {
			t.Fatal(err)
		}
		checkInert(t, ctx, page)
	}
	// Straight to the incident the report joined: a click on the home page
	// could race with the reload that the report's own event triggers.
	var incs []trucewatch.Incident
	if code, body := get(t, ts.URL+"/api/v1/incidents?q=sumy"); code != 200 || json.Unmarshal([]byte(body), &incs) != nil {
		t.Fatalf("incidents: %d %s", code, body)
	}
	// Its origin is the governor's office, not the outlet: find it by the
	// report's ID.
	id := ""
	for _, inc := range incs {
		for _, o := range inc.Origins {
			if slices.Contains(o.ReportIDs, posted.ID) {
				id = inc.ID
			}
		}
	}
	if id == "" {
		t.Fatalf("no incident holds the report with markup: %+v", incs)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/incidents/"+id), chromedp.WaitVisible(chromedp.CSS(`mark`))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "markup")
	if body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`body`))); !strings.Contains(body, "window.__pwned='script'") {
		t.Error("the incident page does not show the report's markup as text")
	}
	checkInert(t, ctx, "the incident page")
}

// checkInert fails when the page holds an element or handler that came from
// report text, or when any of that text's script ran.
func checkInert(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__pwned || "") + "|" +
		document.querySelectorAll('img[src="x"], svg[onload], [onerror], script:not([src])').length`))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	if got != "|0" {
		t.Errorf("%s: report markup became live (ran|elements = %q)", page, got)
	}
}

// waitFor evaluates expr until it is true, across page loads (an
// evaluation during a navigation fails and is tried again), for up to 20 s.
func waitFor(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
