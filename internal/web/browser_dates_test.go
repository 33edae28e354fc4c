package web

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// TestBrowserDates: in each of the four languages, in a real headless
// Chromium (whose own locale writes mm/dd/yyyy), a reader types a day in
// the page's style into the filter, submits, and the list holds the
// incidents from that day on, the URL the day in ISO, and the field the
// day in the page's style; the calendar beside the field opens on that
// month, names it in the page's language, and a click on a day writes it
// in the page's style, which filters again. At 400 px the open calendar
// stays within the window. Screenshots go with the other artefacts
// (dates-LANG.png).
func TestBrowserDates(t *testing.T) {
	_, ts := newTestServer(t) // Sumy on 18 or 19 March 2025, Sudzha on 21 March
	ctx := browser(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	count := func(from string) int {
		var incs []trucewatch.Incident
		getJSON(t, ts.URL+"/api/v1/incidents?from="+from, &incs)
		return len(incs)
	}
	all, since20, since21 := count(""), count("2025-03-20"), count("2025-03-21")
	if since20 == 0 || since20 == all {
		t.Fatalf("the test data: %d incidents, %d from 20 March; want some but not all", all, since20)
	}
	type fieldState struct {
		Type, Placeholder, Value string
		Rows                     int
		Search                   string
		Invalid                  bool
	}
	state := func(what string) fieldState {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify((function () {
			var f = document.querySelector("form.filters input[name=from]");
			return {Type: f.type, Placeholder: f.placeholder, Value: f.value, Search: location.search,
				Invalid: f.getAttribute("aria-invalid") === "true",
				Rows: document.querySelectorAll('#incidents tbody a[href^="/incidents/"]').length};
		})())`))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		var st fieldState
		if err := json.Unmarshal([]byte(s), &st); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return st
	}
	usStyle := regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)
	day := func(p *i18n.Printer, d int) string {
		return p.Date(time.Date(2025, time.March, d, 0, 0, 0, 0, time.UTC))
	}
	for _, l := range i18n.Langs {
		p := cat.Printer(l)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 900)); err != nil {
			t.Fatal(err)
		}
		typed := day(p, 20) // 20 Mar 2025, 20.03.2025
		if err := chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/?lang="+string(l)),
			chromedp.WaitReady(chromedp.CSS(`form.filters`)),
		); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if st := state(string(l)); st.Type != "text" || st.Placeholder != day(p, 31) {
			t.Errorf("%s: the field is type %q with the hint %q; want text and %q", l, st.Type, st.Placeholder, day(p, 31))
		}
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS(`form.filters input[name=from]`), typed),
			chromedp.Submit(chromedp.CSS(`form.filters input[name=from]`)),
		); err != nil {
			t.Fatalf("%s: typing %q: %v", l, typed, err)
		}
		waitFor(t, ctx, `location.search.includes("from=2025-03-20") && document.readyState === "complete"`, fmt.Sprintf("the filtered page in %s", l))
		st := state(string(l) + " filtered")
		screenshot(t, ctx, "dates-"+string(l))
		if st.Value != typed || usStyle.MatchString(st.Value) {
			t.Errorf("%s: after typing %q the field shows %q", l, typed, st.Value)
		}
		if st.Rows != since20 {
			t.Errorf("%s: from %q lists %d incidents, want %d (of %d)", l, typed, st.Rows, since20, all)
		}

		// The calendar: it opens on March 2025, in the page's language,
		// turns to February and back, and writes the 21st in the page's
		// style.
		months := strings.Split(p.T("dash.date.months"), " ")
		title := func() string {
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".datepick-title") || {}).textContent || ""`))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.filters input[name=from] ~ .datepick-open`)),
			chromedp.WaitVisible(chromedp.CSS(`.datepick`))); err != nil {
			t.Fatalf("%s: opening the calendar: %v", l, err)
		}
		if got := title(); got != months[2]+" 2025" {
			t.Errorf("%s: the calendar opens on %q, want %q", l, got, months[2]+" 2025")
		}
		// A click on the calendar's blank parts keeps it open (it sits
		// in the field's label).
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.datepick-title`))); err != nil {
			t.Fatal(err)
		}
		if open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".datepick") !== null`)); err != nil || !open {
			t.Errorf("%s: a click on the calendar's title closes it (%v)", l, err)
		}
		prev := cat.Printer(l).T("dash.date.prev")
		next := cat.Printer(l).T("dash.date.next")
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.datepick-head button[aria-label="`+prev+`"]`))); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if got := title(); got != months[1]+" 2025" {
			t.Errorf("%s: a month back the calendar shows %q, want %q", l, got, months[1]+" 2025")
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.datepick-head button[aria-label="`+next+`"]`)),
			chromedp.Click(chromedp.CSS(`.datepick button[data-day="`+day(p, 21)+`"]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`.datepick`)),
		); err != nil {
			t.Fatalf("%s: picking the 21st: %v", l, err)
		}
		if st := state(string(l) + " picked"); st.Value != day(p, 21) {
			t.Errorf("%s: the calendar wrote %q, want %q", l, st.Value, day(p, 21))
		}
		if err := chromedp.Do(ctx, chromedp.Submit(chromedp.CSS(`form.filters input[name=from]`))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `location.search.includes("from=2025-03-21") && document.readyState === "complete"`, fmt.Sprintf("the page filtered from the 21st in %s", l))
		if st := state(string(l) + " from the 21st"); st.Value != day(p, 21) || st.Rows != since21 {
			t.Errorf("%s: from the 21st the field shows %q and the list %d incidents; want %q and %d", l, st.Value, st.Rows, day(p, 21), since21)
		}

		// A wrong day: the page says so beside the form, in the language.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector("form.filters input[name=from]").value = "") === ""`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS(`form.filters input[name=from]`), "31.02.2025"),
			chromedp.Submit(chromedp.CSS(`form.filters input[name=from]`)),
		); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `document.getElementById("from-error") !== null && document.readyState === "complete"`, fmt.Sprintf("the wrong day's message in %s", l))
		msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("from-error").innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if want := p.T("dash.date.invalid", p.T("dash.filter.from"), "31.02.2025", day(p, 31)); msg != want {
			t.Errorf("%s: the wrong day's message %q, want %q", l, msg, want)
		}
		if st := state(string(l) + " wrong"); !st.Invalid || st.Value != "31.02.2025" || st.Rows != 0 {
			t.Errorf("%s: a wrong day: field %+v; want it marked, as typed, and no list", l, st)
		}
	}

	// At 400 px the calendar of the right-hand field stays on the screen.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(400, 900),
		chromedp.Navigate(ts.URL+"/?lang=de&to=2025-03-20"),
		chromedp.WaitReady(chromedp.CSS(`form.filters`)),
		chromedp.Click(chromedp.CSS(`form.filters input[name=to] ~ .datepick-open`)),
		chromedp.WaitVisible(chromedp.CSS(`.datepick`)),
	); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "dates-calendar-400-de")
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () {
		var r = document.querySelector(".datepick").getBoundingClientRect();
		return r.left >= 0 && r.right <= document.documentElement.clientWidth && document.documentElement.scrollWidth <= innerWidth;
	})()`))
	if err != nil || !fits {
		t.Errorf("at 400 px the calendar runs off the screen (%v)", err)
	}
}
