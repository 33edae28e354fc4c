package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trucewatch/trucewatch"
)

// TestBrowserReview is issue 13's acceptance test, in a real Chromium: an
// analyst signs in through the form, confirms one incident and rejects a
// claim of another through the incident pages' forms, with reasons; then
// an anonymous visitor (a browser context of its own, with no cookies)
// sees the first confirmed, the second with the rejected claim struck
// through with its reason and no longer among the origins, and on both
// pages an audit trail that says who did what, when and why.
//
// The server's review takes a decision and drains the pipeline before it
// answers (newTestServer's decide), so the page the form redirects to is
// already analysed: no waiting on a clock.
func TestBrowserReview(t *testing.T) {
	_, ts := newTestServer(t) // anna is an analyst; reports in Sumy (two outlets) and Sudzha
	ctx := browser(t)

	// The two incidents, and the claim of Sumy to reject: the Meduza one.
	var incs []trucewatch.Incident
	if code, body := get(t, ts.URL+"/api/v1/incidents"); code != 200 || json.Unmarshal([]byte(body), &incs) != nil {
		t.Fatalf("incidents: %d %s", code, body)
	}
	var sudzha, sumy trucewatch.Incident
	for _, inc := range incs {
		switch {
		case inc.Target == trucewatch.TargetEnergy:
			sudzha = inc
		case inc.Place.Name == "Sumy":
			sumy = inc
		}
	}
	if sudzha.ID == "" || len(sumy.ClaimIDs) != 2 || len(sumy.Origins) != 2 {
		t.Fatalf("want the Sudzha incident and one in Sumy with two claims from two origins: %+v", incs)
	}

	before := time.Now().UTC().Truncate(time.Minute)
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/signin?next=/review"),
		chromedp.WaitVisible(chromedp.CSS(`form.signin`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "anna"),
		chromedp.SendKeys(chromedp.CSS(`input[name=token]`), analystToken),
		chromedp.Click(chromedp.CSS(`form.signin button`)),
		chromedp.WaitVisible(chromedp.CSS(`#signed-in`)),
	)
	if err != nil {
		t.Fatalf("signing in: %v", err)
	}
	waitFor(t, ctx, `location.pathname === "/review" && document.querySelectorAll('table.queue input[name=incident]').length === 2`, "the review queue with both incidents")

	// Confirm Sudzha on its page.
	const confirmReason = "the operator's photos of the station verified"
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/incidents/"+sudzha.ID),
		chromedp.WaitVisible(chromedp.CSS(`form.decide input[name=reason]`)),
		chromedp.SendKeys(chromedp.CSS(`form.decide input[name=reason]`), confirmReason),
		chromedp.Click(chromedp.CSS(`form.decide button[value=confirm_incident]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.verdict.confirmed`)),
	)
	if err != nil {
		t.Fatalf("confirming %s: %v", sudzha.ID, err)
	}
	screenshot(t, ctx, "review-confirmed")

	// Reject the Meduza claim of Sumy: open its review form and send it.
	const rejectReason = "the outlet's correspondent was not in Sumy that night"
	meduza := `//article[contains(@class, "claim")][.//p[@class="who"]/strong[text()="Meduza"]]`
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/incidents/"+sumy.ID),
		chromedp.WaitVisible(chromedp.Search(meduza)),
	)
	if err != nil {
		t.Fatalf("Sumy's page: %v", err)
	}
	id, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.Search(meduza), "id"))
	if err != nil || !strings.HasPrefix(id.Value, "claim-") {
		t.Fatalf("the Meduza claim's article: id %q, %v", id.Value, err)
	}
	rejected := strings.TrimPrefix(id.Value, "claim-")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(meduza+`//details/summary`)),
		chromedp.WaitVisible(chromedp.Search(meduza+`//form[.//button[@value="reject_claim"]]//input[@name="reason"]`)),
		chromedp.SendKeys(chromedp.Search(meduza+`//form[.//button[@value="reject_claim"]]//input[@name="reason"]`), rejectReason),
		chromedp.Click(chromedp.Search(meduza+`//button[@value="reject_claim"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.claim.rejected del`)),
	)
	if err != nil {
		t.Fatalf("rejecting the Meduza claim of %s: %v", sumy.ID, err)
	}
	screenshot(t, ctx, "review-rejected")
	after := time.Now().UTC()

	// An anonymous visitor: a browser context of its own, without the
	// analyst's session cookie.
	anon, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	type pageFacts struct {
		SignedIn  bool       `json:"signedIn"`
		Forms     int        `json:"forms"`
		Verdict   string     `json:"verdict"`
		Origins   []string   `json:"origins"`
		Rejected  []string   `json:"rejected"` // the text of each rejected claim
		Struck    int        `json:"struck"`   // rejected claims inside <del>
		TrailRows [][]string `json:"trail"`
	}
	read := func(path string) pageFacts {
		t.Helper()
		err := chromedp.Do(anon, chromedp.Navigate(ts.URL+path), chromedp.WaitReady(chromedp.CSS(`body`)))
		if err != nil {
			t.Fatalf("%s as a visitor: %v", path, err)
		}
		raw, err := chromedp.Run(anon, chromedp.Evaluate[string](`JSON.stringify({
			signedIn: document.querySelector("#signed-in") !== null,
			forms: document.querySelectorAll('form[action="/review/decisions"]').length,
			verdict: (document.querySelector("p.verdict") || {innerText: ""}).innerText,
			origins: Array.from(document.querySelectorAll("h2 + ul li")).filter(function (li) {
				return li.parentElement.previousElementSibling.innerText === "Origins";
			}).map(function (li) { return li.innerText; }),
			rejected: Array.from(document.querySelectorAll("article.claim.rejected")).map(function (a) { return a.innerText; }),
			struck: document.querySelectorAll("article.claim.rejected del blockquote").length,
			trail: Array.from(document.querySelectorAll("table.trail tbody tr")).map(function (tr) {
				// The time as its datetime attribute and the kind as its code:
				// the cells show both in the reader's language.
				return Array.from(tr.cells).map(function (td) {
					var t = td.querySelector("time");
					return t ? t.getAttribute("datetime") : (td.getAttribute("data-kind") || td.innerText);
				});
			})
		})`))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var f pageFacts
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return f
	}
	// checkTrail wants one row: anna, between before and after, kind, subject and reason.
	checkTrail := func(page string, rows [][]string, kind, subject, reason string) {
		t.Helper()
		if len(rows) != 1 || len(rows[0]) != 5 {
			t.Errorf("%s: audit trail %q, want one row of when, who, what, on what, why", page, rows)
			return
		}
		row := rows[0]
		when, err := time.Parse(time.RFC3339, row[0])
		if err != nil || when.Before(before) || when.After(after) {
			t.Errorf("%s: the trail says the decision was made %q, want between %s and %s", page, row[0], before, after)
		}
		if row[1] != "anna" || row[2] != kind || row[3] != subject || row[4] != reason {
			t.Errorf("%s: audit trail row %q, want anna, %s, %s, %q", page, row, kind, subject, reason)
		}
	}

	a := read("/incidents/" + sudzha.ID)
	screenshot(t, anon, "review-public-confirmed")
	if a.SignedIn || a.Forms != 0 {
		t.Errorf("the visitor is signed in (%v) or sees %d decision forms", a.SignedIn, a.Forms)
	}
	if a.Verdict != "Confirmed by an analyst." {
		t.Errorf("Sudzha's verdict: %q", a.Verdict)
	}
	checkTrail("Sudzha", a.TrailRows, "confirm_incident", sudzha.ID, confirmReason)

	b := read("/incidents/" + sumy.ID)
	screenshot(t, anon, "review-public-rejected")
	if b.Forms != 0 {
		t.Errorf("the visitor sees %d decision forms on Sumy's page", b.Forms)
	}
	if b.Verdict != "" {
		t.Errorf("Sumy has a verdict %q; one claim of two is rejected, none confirmed", b.Verdict)
	}
	if len(b.Rejected) != 1 || b.Struck != 1 || !strings.Contains(b.Rejected[0], "Meduza") ||
		!strings.Contains(b.Rejected[0], "Rejected by anna") || !strings.Contains(b.Rejected[0], rejectReason) {
		t.Errorf("Sumy's rejected claims %q (%d struck through), want the Meduza claim struck through, rejected by anna with the reason", b.Rejected, b.Struck)
	}
	// The rejected claim counts for nothing: Meduza is no longer an origin.
	if len(b.Origins) != 1 || strings.Contains(b.Origins[0], "Meduza") {
		t.Errorf("Sumy's origins %q, want one, not Meduza", b.Origins)
	}
	checkTrail("Sumy", b.TrailRows, "reject_claim", rejected, rejectReason)
}
