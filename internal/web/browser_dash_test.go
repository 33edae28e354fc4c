package web

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/trucewatch/trucewatch"
)

// TestBrowserPhone drives the dashboard at 400 and 1400 pixels wide: no
// page scrolls sideways on a phone, markers stay at least 8 pixels and
// tappable across 24, the zoom buttons and a pinch zoom the map, the
// legend is on the map in the first screen, and a click on an oblast
// filters the list. Screenshots are kept as artefacts.
func TestBrowserPhone(t *testing.T) {
	_, ts := newTestServer(t)
	ctx := browser(t)
	eval := func(what, js string, out any) {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(`+js+`)`))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := json.Unmarshal([]byte(raw), out); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	open := func(width int64, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(ts.URL+path), chromedp.WaitReady(chromedp.CSS(`body`))); err != nil {
			t.Fatalf("%s at %d px: %v", path, width, err)
		}
		waitFor(t, ctx, `document.readyState === "complete"`, path)
	}
	noSideways := func(path string) {
		t.Helper()
		var w [2]float64
		eval(path, `[document.documentElement.scrollWidth, window.innerWidth]`, &w)
		if w[0] > w[1] {
			t.Errorf("%s at 400 px: the page is %.0f px wide, it scrolls sideways", path, w[0])
		}
	}
	viewWidth := func() float64 {
		var w float64
		eval("the map's view", `document.getElementById("map").viewBox.baseVal.width`, &w)
		return w
	}

	var incs []trucewatch.Incident
	if code, body := get(t, ts.URL+"/api/v1/incidents?q=sumy"); code != 200 || json.Unmarshal([]byte(body), &incs) != nil || len(incs) == 0 {
		t.Fatalf("incidents: %d %s", code, body)
	}
	sumy := incs[0]

	for _, lang := range []string{"en", "de", "uk", "ru"} {
		for _, path := range []string{"/?lang=" + lang, "/incidents/" + sumy.ID + "?lang=" + lang, "/agreements/ihl-medical-facilities?lang=" + lang, "/agreements/energy-moratorium-2025-03?lang=" + lang} {
			open(400, path)
			noSideways(path)
		}
		open(400, "/?lang="+lang)
		screenshot(t, ctx, "phone-home-"+lang)
		// The country names are on the map, in the reader's language.
		var names []string
		eval("country labels", `Array.from(document.querySelectorAll("#map .label-country")).filter(function (l) {
			var r = l.getBoundingClientRect(); return getComputedStyle(l).display !== "none" && r.width > 0;
		}).map(function (l) { return l.textContent; })`, &names)
		want := map[string]string{"en": "Ukraine", "de": "Ukraine", "uk": "Україна", "ru": "Украина"}[lang]
		if !slices.Contains(names, want) {
			t.Errorf("%s: the map's visible country names %q lack %q", lang, names, want)
		}
	}
	open(400, "/incidents/"+sumy.ID+"?lang=en")
	screenshot(t, ctx, "phone-incident")
	open(400, "/agreements/energy-moratorium-2025-03?lang=en")
	screenshot(t, ctx, "phone-agreement")
	// On a phone the list's rows are cards: no header row, a label per field.
	open(400, "/?lang=en")
	var card struct {
		Head    string
		Display string
		Label   string
	}
	eval("the list as cards", `{head: getComputedStyle(document.querySelector("#incidents thead")).display,
		display: getComputedStyle(document.querySelector("#incidents tbody tr")).display,
		label: getComputedStyle(document.querySelector("#incidents tbody td"), "::before").content}`, &card)
	if card.Head != "none" || card.Display != "block" || !strings.Contains(card.Label, "Day") {
		t.Errorf("at 400 px the list is not cards: %+v", card)
	}

	// Markers: at least 8 px on the screen, tappable across 24.
	var sizes [][2]float64
	eval("marker sizes", `Array.from(document.querySelectorAll("#map g.marker")).map(function (g) {
		var s = g.querySelector(".shape").getBoundingClientRect(), h = g.querySelector(".hit").getBoundingClientRect();
		return [Math.min(s.width, s.height), Math.min(h.width, h.height)];
	})`, &sizes)
	if len(sizes) != 2 {
		t.Fatalf("%d markers at 400 px, want 2", len(sizes))
	}
	for _, s := range sizes {
		if s[0] < 8 || s[1] < 24 {
			t.Errorf("a marker is %.1f px across, tappable across %.1f px; want at least 8 and 24", s[0], s[1])
		}
	}

	// A tap on a marker shows its pop-up, the status per reading and
	// party; a second tap opens the incident.
	var tap struct {
		Popup  string
		Hidden bool
		Path   string
	}
	eval("a tap on a marker", `(function () {
		var m = document.querySelector("#map g.marker .shape"), r = m.getBoundingClientRect();
		var at = {clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true};
		m.dispatchEvent(new PointerEvent("pointerdown", Object.assign({pointerId: 7, pointerType: "touch", isPrimary: true}, at)));
		window.dispatchEvent(new PointerEvent("pointerup", Object.assign({pointerId: 7, pointerType: "touch", isPrimary: true}, at)));
		m.dispatchEvent(new MouseEvent("click", at));
		var p = document.getElementById("popup");
		return {popup: p.textContent, hidden: p.hidden, path: location.pathname};
	})()`, &tap)
	if tap.Hidden || tap.Path != "/" || !strings.Contains(tap.Popup, "accused —") {
		t.Errorf("after a tap on a marker: pop-up %q (hidden %v) on %s; want the statuses, still on the list", tap.Popup, tap.Hidden, tap.Path)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#map g.marker .shape").dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}))`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.pathname.startsWith("/incidents/") && document.readyState === "complete"`, "the incident after a second tap")
	open(400, "/?lang=en")

	// The zoom buttons: in halves the view, out doubles it, reset shows
	// the whole map.
	full := viewWidth()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-zoom=in]`))); err != nil {
		t.Fatal(err)
	}
	in := viewWidth()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-zoom=in]`)), chromedp.Click(chromedp.CSS(`button[data-zoom=out]`))); err != nil {
		t.Fatal(err)
	}
	out := viewWidth()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-zoom=reset]`))); err != nil {
		t.Fatal(err)
	}
	reset := viewWidth()
	if math.Abs(in-full/2) > 0.01 || math.Abs(out-full/2) > 0.01 || reset != full {
		t.Errorf("zoom buttons: %.1f, then in %.1f, in and out %.1f, reset %.1f; want halves and the whole again", full, in, out, reset)
	}
	// Once zoomed in, oblasts have names; on the whole map, they do not.
	var shown [2]string
	eval("oblast labels", `[getComputedStyle(document.querySelector(".label-adm1:not(.minor)")).display, (function () {
		document.querySelector("button[data-zoom=in]").click(); document.querySelector("button[data-zoom=in]").click();
		return getComputedStyle(document.querySelector(".label-adm1:not(.minor)")).display; })()]`, &shown)
	if shown[0] != "none" || shown[1] == "none" {
		t.Errorf("oblast labels: %q on the whole map, %q zoomed in; want hidden, then shown", shown[0], shown[1])
	}

	// A pinch: two fingers moving apart from 100 to 200 px zoom in twice.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-zoom=reset]`))); err != nil {
		t.Fatal(err)
	}
	var pinched float64
	eval("pinch", `(function () {
		var svg = document.getElementById("map"), r = svg.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
		var ev = function (type, id, x) { return new PointerEvent(type, {pointerId: id, clientX: x, clientY: cy, bubbles: true, pointerType: "touch", isPrimary: id === 1}); };
		svg.dispatchEvent(ev("pointerdown", 1, cx - 50));
		svg.dispatchEvent(ev("pointerdown", 2, cx + 50));
		window.dispatchEvent(ev("pointermove", 2, cx + 100));
		window.dispatchEvent(ev("pointermove", 2, cx + 150));
		window.dispatchEvent(ev("pointerup", 1, cx - 50));
		window.dispatchEvent(ev("pointerup", 2, cx + 150));
		return svg.viewBox.baseVal.width;
	})()`, &pinched)
	if math.Abs(pinched-full/2) > 0.5 {
		t.Errorf("after a pinch from 100 to 200 px the view is %.1f wide, want %.1f", pinched, full/2)
	}

	// The legend: folded on a phone; on a laptop open, on the map and in
	// the first screen.
	var folded bool
	eval("legend on a phone", `document.querySelector("details.legend").open`, &folded)
	if folded {
		t.Error("the legend is open on a phone, over the map")
	}
	open(1400, "/?lang=en")
	screenshot(t, ctx, "laptop-home")
	var legend struct{ Open, OnMap, FirstScreen bool }
	eval("legend on a laptop", `(function () {
		var l = document.querySelector("details.legend"), lr = l.getBoundingClientRect(), m = document.getElementById("map").getBoundingClientRect();
		return {open: l.open, onMap: lr.left >= m.left && lr.right <= m.right && lr.top >= m.top && lr.bottom <= m.bottom, firstScreen: lr.bottom <= window.innerHeight};
	})()`, &legend)
	if !legend.Open || !legend.OnMap || !legend.FirstScreen {
		t.Errorf("the legend on a laptop: %+v; want open, on the map, in the first screen", legend)
	}

	// A click on Sumy oblast lists its incidents only, keeping the filters.
	open(400, "/?lang=en&target=medical")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('a.unit-link[data-place="UA-59"] path').dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}))`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.search.includes("place=UA-59") && document.readyState === "complete"`, "the list of Sumy oblast")
	var after struct {
		Search string
		Rows   []string
	}
	eval("Sumy oblast's list", `{search: location.search, rows: Array.from(document.querySelectorAll("#incidents tbody tr")).map(function (r) { return r.innerText; })}`, &after)
	if !strings.Contains(after.Search, "target=medical") || len(after.Rows) != 1 || !strings.Contains(after.Rows[0], "Sumy") {
		t.Errorf("after a click on Sumy oblast: %s lists %q; want Sumy only, the target filter kept", after.Search, after.Rows)
	}
	screenshot(t, ctx, "phone-oblast-filter")

	// The incident page: its title names place and day; a short report id
	// is a link that the API answers.
	open(400, "/incidents/"+sumy.ID+"?lang=en")
	var inc struct {
		Title string
		IDs   []string
	}
	eval("the incident page", `{title: document.title, ids: Array.from(document.querySelectorAll("a.report-id")).map(function (a) { return a.getAttribute("href"); })}`, &inc)
	if !strings.HasPrefix(inc.Title, "Sumy, 19 Mar 2025") || len(inc.IDs) == 0 {
		t.Fatalf("the incident page's title %q, report links %q", inc.Title, inc.IDs)
	}
	for _, href := range inc.IDs {
		if code, body := get(t, ts.URL+href); code != 200 || !strings.Contains(body, `"text"`) {
			t.Errorf("the report link %s answers %d", href, code)
		}
	}
}
