package web

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// TestBrowserLanguages is issue 17's acceptance test, in a real headless
// Chromium, at 1400 and 400 px wide in each of the four languages: every
// page is in the language asked for (<html lang>, the header's labels),
// its labels are visible, and at 400 px nothing scrolls sideways; the
// language switcher changes the page's language; a Cyrillic search (Суми)
// finds the Sumy incidents and nothing else. Screenshots of every page go
// to $TRUCEWATCH_ARTIFACTS (or the test's temp dir), named
// lang-PAGE-WIDTH-LANG.png.
func TestBrowserLanguages(t *testing.T) {
	_, ts := newTestServer(t) // Sumy (two English reports), Sudzha (a Russian one)
	ctx := browser(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var incs []trucewatch.Incident
	if code, body := get(t, ts.URL+"/api/v1/incidents?q=Sumy"); code != 200 || json.Unmarshal([]byte(body), &incs) != nil || len(incs) == 0 {
		t.Fatalf("the Sumy incident: %d %s", code, body)
	}
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"incident", "/incidents/" + incs[0].ID},
		{"agreement", "/agreements/energy-moratorium-2025-03"},
		{"review", "/review"},
		{"signin", "/signin"},
		{"notfound", "/no/such/page"},
	}
	// Sumy by its name in the page's language, or in English where a
	// page's list still shows the stored name.
	sumyIn := map[i18n.Lang]string{i18n.English: "Sumy", i18n.German: "Sumy", i18n.Ukrainian: "Суми", i18n.Russian: "Сумы"}

	// state reads what the checks need from the page as it stands.
	type pageState struct {
		Lang        string   `json:"lang"`
		ScrollWidth int      `json:"scrollWidth"`
		InnerWidth  int      `json:"innerWidth"`
		SignIn      string   `json:"signIn"`
		Hidden      []string `json:"hidden"` // labels out of sight
	}
	state := func(what string) pageState {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify((function () {
			var hidden = [];
			document.querySelectorAll("header a, header button, h1, h2, label, th, footer, nav.langs a").forEach(function (el) {
				// a table shown as cards hides its head: each cell carries its label
				var head = el.closest("thead");
				if (head && getComputedStyle(head).display === "none") { return; }
				var r = el.getBoundingClientRect(), cs = getComputedStyle(el);
				// a label is seen when it takes room, is not hidden, and lies
				// within the window's width (a table wrapper's own scroll
				// counts: what it scrolls to is reachable)
				var inWrap = el.closest(".table-wrap");
				if (r.width === 0 || r.height === 0 || cs.visibility === "hidden" || cs.display === "none" ||
					(!inWrap && (r.left < -1 || r.right > innerWidth + 1))) {
					hidden.push(el.tagName.toLowerCase() + ": " + (el.innerText || "").trim().slice(0, 40));
				}
			});
			var signin = document.getElementById("signin-link");
			return {lang: document.documentElement.lang, scrollWidth: document.documentElement.scrollWidth,
				innerWidth: innerWidth, signIn: signin ? signin.innerText.trim() : "", hidden: hidden};
		})())`))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		var st pageState
		if err := json.Unmarshal([]byte(s), &st); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return st
	}
	var wide []string // the pages that scroll sideways at 400 px
	for _, width := range []int64{1400, 400} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, l := range i18n.Langs {
			signIn := cat.Printer(l).T("layout.signin")
			for _, pg := range pages {
				what := fmt.Sprintf("%s at %d px in %s", pg.name, width, l)
				sep := "?"
				if strings.Contains(pg.path, "?") {
					sep = "&"
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+pg.path+sep+"lang="+string(l)), chromedp.WaitReady(chromedp.CSS(`footer`))); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				st := state(what)
				screenshot(t, ctx, fmt.Sprintf("lang-%s-%d-%s", pg.name, width, l))
				if st.Lang != string(l) || st.SignIn != signIn {
					t.Errorf("%s: lang %q, sign-in label %q; want %q and %q", what, st.Lang, st.SignIn, l, signIn)
				}
				if len(st.Hidden) > 0 {
					t.Errorf("%s: labels out of sight: %q", what, st.Hidden)
				}
				if width == 400 && st.ScrollWidth > st.InnerWidth {
					t.Errorf("%s: scrolls sideways (%d px of content in a %d px window)", what, st.ScrollWidth, st.InnerWidth)
					wide = append(wide, what)
				}
			}

			// The switcher: from this language to the next, by a click.
			next := i18n.Langs[(indexOf(i18n.Langs, l)+1)%len(i18n.Langs)]
			if err := chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/review?lang="+string(l)),
				chromedp.WaitReady(chromedp.CSS(`footer`)),
				chromedp.Click(chromedp.CSS(`nav.langs a[hreflang="`+string(next)+`"]`)),
			); err != nil {
				t.Fatalf("switcher from %s to %s at %d px: %v", l, next, width, err)
			}
			waitFor(t, ctx, `document.documentElement.lang === "`+string(next)+`" && document.readyState === "complete"`, "the switched page")
			if st := state("switched"); st.SignIn != cat.Printer(next).T("layout.signin") {
				t.Errorf("switcher from %s to %s at %d px: sign-in label %q", l, next, width, st.SignIn)
			}

			// A Cyrillic search through the filter form finds Sumy's
			// incidents, by their name in the page's language, and not
			// Sudzha's.
			if err := chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/?lang="+string(l)),
				chromedp.WaitReady(chromedp.CSS(`form.filters`)),
				chromedp.SendKeys(chromedp.CSS(`form.filters input[name=q]`), "Суми"),
				chromedp.Submit(chromedp.CSS(`form.filters input[name=q]`)),
			); err != nil {
				t.Fatalf("search in %s: %v", l, err)
			}
			waitFor(t, ctx, `location.search.includes("q=") && document.readyState === "complete"`, "the search's page")
			found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main a[href^="/incidents/"]'))
				.map(function (a) { return a.textContent.trim(); }).filter(function (s) { return s !== ""; })`))
			if err != nil {
				t.Fatal(err)
			}
			screenshot(t, ctx, fmt.Sprintf("lang-search-%d-%s", width, l))
			sumy := 0
			for _, f := range found {
				if strings.Contains(f, sumyIn[l]) || strings.Contains(f, "Sumy") {
					sumy++
				}
				if strings.Contains(f, "Sud") || strings.Contains(f, "Суд") {
					t.Errorf("search Суми in %s at %d px finds Sudzha: %q", l, width, found)
				}
			}
			if sumy == 0 {
				t.Errorf("search Суми in %s at %d px finds no Sumy incident (%s): %q", l, width, sumyIn[l], found)
			}
		}
	}
	if len(wide) > 0 {
		t.Logf("pages that scroll sideways at 400 px: %s", strings.Join(wide, "; "))
	}
}

func indexOf(ls []i18n.Lang, l i18n.Lang) int {
	for i, x := range ls {
		if x == l {
			return i
		}
	}
	return -1
}
