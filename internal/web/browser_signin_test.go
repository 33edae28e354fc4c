package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSignIn signs an analyst in through the real form in a real
// Chromium: the header shows who is signed in, scripts cannot read the
// session cookie, and signing out through the header's button ends it.
func TestBrowserSignIn(t *testing.T) {
	_, ts := newTestServer(t)
	ctx := browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.Click(chromedp.CSS(`#signin-link`)),
		chromedp.WaitVisible(chromedp.CSS(`form.signin`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "anna"),
		chromedp.SendKeys(chromedp.CSS(`input[name=token]`), analystToken),
		chromedp.Click(chromedp.CSS(`form.signin button`)),
		chromedp.WaitVisible(chromedp.CSS(`#signed-in`)),
	)
	if err != nil {
		t.Fatalf("signing in: %v", err)
	}
	who, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#signed-in`)))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "signed-in")
	if who != "anna (analyst)" {
		t.Errorf("the header says %q", who)
	}
	cookies, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(cookies, sessionCookie) {
		t.Errorf("scripts can read the session cookie: %q", cookies)
	}
	// The page's own script may post with the session and its CSRF token;
	// the same post without the token is refused.
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(async function () {
		var csrf = document.querySelector('form.signout input[name=csrf]').value;
		var body = "Outlet: X\nLanguage: en\nPublished: 2025-03-25\n\nRussian drones hit a school in Kherson overnight, officials said.";
		var withToken = await fetch("/api/v1/reports", {method: "POST", body: body, headers: {"X-CSRF-Token": csrf}});
		var withoutToken = await fetch("/api/v1/reports", {method: "POST", body: body + " Again."});
		return [withToken.status, withoutToken.status];
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 2 || codes[0] != 201 || codes[1] != 403 {
		t.Errorf("posting from the page with and without the CSRF token: %v, want [201 403]", codes)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.signout button`)),
		chromedp.WaitVisible(chromedp.CSS(`#signin-link`)),
	)
	if err != nil {
		t.Fatalf("signing out: %v", err)
	}
}
