package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/internal/auth"
)

// do sends a request with a token (none when empty) and headers given as
// name, value pairs, and returns the status and body.
func do(t *testing.T, c *http.Client, method, url, token, body string, headers ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b []byte
	if req.URL.Path != "/events" {
		b, _ = io.ReadAll(resp.Body)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// routeCases is every route of the OpenAPI document and of the server's
// route table, as "METHOD PATH" with its parameters filled in.
func routeCases(t *testing.T, srv *Server) []string {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	add := func(method, path string) {
		path = strings.NewReplacer("{id}", "x", "{$}", "", "/static/", "/static/style.css").Replace(path)
		if k := method + " " + path; !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			add(strings.ToUpper(method), path)
		}
	}
	for _, rt := range srv.routes() {
		add(rt.method, rt.path)
	}
	return out
}

// TestRouteRoles walks every route of the OpenAPI document and of the
// route table: anonymous callers get 401 and viewers 403 on every route
// that changes something; on a private server anonymous callers get 401 on
// every read, and viewers may read.
func TestRouteRoles(t *testing.T) {
	srv, ts := newTestServer(t, WithLimits(Limits{}))
	writes := 0
	for _, rc := range routeCases(t, srv) {
		method, path, _ := strings.Cut(rc, " ")
		if isRead(method) || sessionRoutes[rc] {
			continue
		}
		writes++
		if code, _, body := do(t, nil, method, ts.URL+path, "", "x"); code != http.StatusUnauthorized {
			t.Errorf("%s anonymous: %d %s, want 401", rc, code, body)
		}
		if code, _, body := do(t, nil, method, ts.URL+path, viewerToken, "x"); code != http.StatusForbidden {
			t.Errorf("%s as a viewer: %d %s, want 403", rc, code, body)
		}
		if code, _, body := do(t, nil, method, ts.URL+path, analystToken, "Outlet: X\n\nText."); code == 401 || code == 403 {
			t.Errorf("%s as an analyst: %d %s", rc, code, body)
		}
	}
	if writes == 0 {
		t.Error("no route changes anything: the walk found no routes")
	}
	// A token that opens nothing is refused, even where no account is needed.
	if code, h, _ := do(t, nil, "GET", ts.URL+"/api/v1/sources", "tw_forged", ""); code != 401 || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("a forged token: %d %v", code, h)
	}

	srv, ts = newTestServer(t, WithLimits(Limits{}), PrivateReads())
	reads := 0
	for _, rc := range routeCases(t, srv) {
		method, path, _ := strings.Cut(rc, " ")
		if !isRead(method) {
			continue
		}
		open := path == "/signin" || path == "/static/style.css" || path == "/api/openapi.json" ||
			path == "/healthz" || path == "/readyz"
		code, _, _ := do(t, nil, method, ts.URL+path, "", "")
		if open != (code != http.StatusUnauthorized) {
			t.Errorf("private %s anonymous: %d (open to anyone: %v)", rc, code, open)
		}
		reads++
		if code, _, body := do(t, nil, method, ts.URL+path, viewerToken, ""); code == 401 || code == 403 {
			t.Errorf("private %s as a viewer: %d %.100s", rc, code, body)
		}
	}
	if reads < 15 {
		t.Errorf("only %d reads walked", reads)
	}
	// A private page asks anonymous browsers to sign in, and comes back.
	if code, _, body := do(t, nil, "GET", ts.URL+"/incidents/x?a=1", "", ""); code != 401 || !strings.Contains(body, `name="next" value="/incidents/x?a=1"`) {
		t.Errorf("private page, anonymous: %d %.300s", code, body)
	}
}

// TestCheckRoutes: a route table in which a route forgets its role, or
// lets less than an analyst change something, never serves.
func TestCheckRoutes(t *testing.T) {
	h := func(http.ResponseWriter, *http.Request) error { return nil }
	tests := []struct {
		name   string
		routes []route
		want   string
	}{
		{"ok", []route{{"GET", "/a", auth.Viewer, h}, {"POST", "/a", auth.Analyst, h}, {"DELETE", "/u", auth.Admin, h}, {"POST", "/signin", auth.Anyone, h}}, ""},
		{"no role", []route{{"GET", "/a", 0, h}}, "declares no role"},
		{"viewer writes", []route{{"POST", "/a", auth.Viewer, h}}, "needs analyst or more"},
		{"anyone deletes", []route{{"DELETE", "/a", auth.Anyone, h}}, "needs analyst or more"},
		{"twice", []route{{"GET", "/a", auth.Viewer, h}, {"GET", "/a", auth.Viewer, h}}, "listed twice"},
	}
	for _, tt := range tests {
		err := checkRoutes(tt.routes)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// browserClient keeps cookies, as a browser does.
func browserClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// validCSRFIn says whether page holds a CSRF field that is the token of
// c's session at base (masked: other bytes on every page).
func validCSRFIn(t *testing.T, c *http.Client, base, page string) bool {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	u, err := url.Parse(base)
	if err != nil || m == nil {
		return false
	}
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return auth.ValidCSRF(ck.Value, m[1])
		}
	}
	return false
}

// signIn signs c in through the sign-in form and returns the CSRF token
// of the session, read from the page it lands on.
func signIn(t *testing.T, c *http.Client, base, name, token string) string {
	t.Helper()
	code, _, page := do(t, c, "GET", base+"/signin", "", "")
	m := csrfField.FindStringSubmatch(page)
	if code != 200 || m == nil {
		t.Fatalf("sign-in page: %d %s", code, page)
	}
	form := url.Values{"name": {name}, "token": {token}, "csrf": {m[1]}, "next": {"/"}}
	code, _, page = do(t, c, "POST", base+"/signin", "", form.Encode(), "Content-Type", "application/x-www-form-urlencoded", "Origin", base)
	m = csrfField.FindStringSubmatch(page)
	if code != 200 || m == nil || !strings.Contains(page, name+" (") {
		t.Fatalf("signing in as %s: %d %.500s", name, code, page)
	}
	return m[1]
}

// TestSignIn: the form signs an account in with a session cookie that
// scripts cannot read; wrong tokens, forged forms and sign-out are refused
// or end the session.
func TestSignIn(t *testing.T) {
	now := time.Now() // the browser's cookie jar drops cookies that expired by its own clock
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	_, ts := newTestServer(t, WithClock(clock), WithLimits(Limits{}))
	form := func(c *http.Client, v url.Values) (int, string) {
		code, _, body := do(t, c, "POST", ts.URL+"/signin", "", v.Encode(), "Content-Type", "application/x-www-form-urlencoded")
		return code, body
	}
	c := browserClient(t)
	_, _, page := do(t, c, "GET", ts.URL+"/signin", "", "")
	formTok := csrfField.FindStringSubmatch(page)[1]
	formTok0 := formTok
	tests := []struct {
		name string
		v    url.Values
		code int
		want string
	}{
		{"wrong token", url.Values{"name": {"anna"}, "token": {"tw_wrong"}, "csrf": {formTok}}, 401, "Unknown name or token"},
		{"another's name", url.Values{"name": {"vera"}, "token": {analystToken}, "csrf": {formTok}}, 401, "Unknown name or token"},
		{"no form token", url.Values{"name": {"anna"}, "token": {analystToken}}, 403, "expired or did not come from this site"},
		{"forged form token", url.Values{"name": {"anna"}, "token": {analystToken}, "csrf": {"forged"}}, 403, "did not come from this site"},
	}
	for _, tt := range tests {
		if tt.v.Get("csrf") == formTok0 {
			tt.v.Set("csrf", formTok) // the token of the form loaded last
		}
		code, body := form(c, tt.v)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %.2000s, want %d and %q", tt.name, code, body, tt.code, tt.want)
		}
		_, _, page = do(t, c, "GET", ts.URL+"/signin", "", "")
		formTok = csrfField.FindStringSubmatch(page)[1]
	}
	// Without the form's cookie (a page of another site posting it), the
	// right token is refused.
	if code, _ := form(http.DefaultClient, url.Values{"name": {"anna"}, "token": {analystToken}, "csrf": {formTok}}); code != 403 {
		t.Errorf("sign-in without the form's cookie: %d", code)
	}

	c = browserClient(t)
	req, _ := http.NewRequest("GET", ts.URL+"/signin", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	noRedirect := *c
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	var formToken string
	for _, ck := range c.Jar.Cookies(resp.Request.URL.JoinPath("/signin")) {
		if ck.Name == signInCookie {
			formToken = ck.Value
		}
	}
	v := url.Values{"name": {"anna"}, "token": {analystToken}, "csrf": {formToken}, "next": {"//evil.example/"}}
	resp, err = noRedirect.PostForm(ts.URL+"/signin", v)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/" || session == nil || !session.HttpOnly ||
		session.SameSite != http.SameSiteLaxMode || session.Secure || session.Path != "/" || len(session.Value) < 43 {
		t.Fatalf("sign-in: %d to %q, cookie %+v", resp.StatusCode, resp.Header.Get("Location"), session)
	}
	_, _, home := do(t, c, "GET", ts.URL+"/", "", "")
	csrf := csrfField.FindStringSubmatch(home)
	if csrf == nil || !strings.Contains(home, `<span id="signed-in">anna (analyst)</span>`) {
		t.Fatalf("the home page does not show who is signed in, or has no sign-out form")
	}
	report := "Outlet: X\nLanguage: en\nPublished: 2025-03-25\n\nRussian drones hit a school in Kherson overnight, officials said."
	if code, _, body := do(t, c, "POST", ts.URL+"/api/v1/reports", "", report, "X-CSRF-Token", csrf[1]); code != 201 {
		t.Errorf("a report posted in the session: %d %s", code, body)
	}
	// Every page carries the session's token under another mask, so that
	// a compressed page's size reveals nothing of it; each is taken.
	_, _, again := do(t, c, "GET", ts.URL+"/", "", "")
	csrf2 := csrfField.FindStringSubmatch(again)
	if csrf2 == nil || csrf2[1] == csrf[1] {
		t.Errorf("two pages carry the same CSRF token %q", csrf[1])
	} else if code, _, body := do(t, c, "POST", ts.URL+"/api/v1/reports", "", report+" Two schools.", "X-CSRF-Token", csrf2[1]); code != 201 {
		t.Errorf("a report posted with the second page's token: %d %s", code, body)
	}
	// The session runs out after auth.SessionTTL.
	mu.Lock()
	now = now.Add(auth.SessionTTL)
	mu.Unlock()
	if code, _, _ := do(t, c, "POST", ts.URL+"/api/v1/reports", "", report+" 2", "X-CSRF-Token", csrf[1]); code != 401 {
		t.Errorf("after the session ran out: %d, want 401", code)
	}
	if _, _, home := do(t, c, "GET", ts.URL+"/", "", ""); !strings.Contains(home, `id="signin-link"`) {
		t.Error("after the session ran out the page still shows someone signed in")
	}
	mu.Lock()
	now = now.Add(-auth.SessionTTL)
	mu.Unlock()
	// Signing out needs the token too, and ends the session on the server.
	if code, _, _ := do(t, c, "POST", ts.URL+"/signout", "", ""); code != 403 {
		t.Errorf("sign-out without its CSRF token: %d", code)
	}
	if code, _, _ := do(t, c, "POST", ts.URL+"/signout", "", url.Values{"csrf": {csrf[1]}}.Encode(), "Content-Type", "application/x-www-form-urlencoded"); code != 200 {
		t.Errorf("sign-out: %d", code)
	}
	// The old cookie, replayed, opens nothing.
	replay := "tw_session=" + session.Value
	if code, _, _ := do(t, nil, "POST", ts.URL+"/api/v1/reports", "", report+" 3", "Cookie", replay, "X-CSRF-Token", csrf[1]); code != 401 {
		t.Errorf("the cookie after sign-out: %d, want 401", code)
	}

	// Over TLS behind a proxy, cookies are Secure.
	_, tls := newTestServer(t, WithSecureCookies())
	resp, err = http.Get(tls.URL + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cks := resp.Cookies(); len(cks) != 1 || !cks[0].Secure || !cks[0].HttpOnly || cks[0].SameSite != http.SameSiteStrictMode {
		t.Errorf("sign-in form cookie with WithSecureCookies: %+v", cks)
	}
}

// TestOrigin: a write with a valid session cookie from a page of another
// site, or addressed to a name we do not serve, is refused.
func TestOrigin(t *testing.T) {
	_, ts := newTestServer(t)
	c := browserClient(t)
	csrf := signIn(t, c, ts.URL, "anna", analystToken)
	report := "Outlet: X\nLanguage: en\nPublished: 2025-03-25\n\nRussian drones hit a school in Kherson overnight, officials said."
	host := strings.TrimPrefix(ts.URL, "http://")
	tests := []struct {
		name    string
		token   string
		headers []string
		code    int
	}{
		{"foreign Origin", "", []string{"X-CSRF-Token", csrf, "Origin", "http://evil.example"}, 403},
		{"foreign Origin, text/plain form post", "", []string{"Content-Type", "text/plain", "Origin", "http://evil.example"}, 403},
		{"null Origin", "", []string{"X-CSRF-Token", csrf, "Origin", "null"}, 403},
		{"foreign Referer", "", []string{"X-CSRF-Token", csrf, "Referer", "http://evil.example/page"}, 403},
		{"same host, other port", "", []string{"X-CSRF-Token", csrf, "Origin", "http://127.0.0.1:1"}, 403},
		{"foreign Host (DNS rebinding)", "", []string{"X-CSRF-Token", csrf, "Host", "evil.example", "Origin", "http://evil.example"}, 421},
		{"foreign Host, token", analystToken, []string{"Host", "evil.example:80"}, 421},
		{"no CSRF token", "", []string{"Origin", ts.URL}, 403},
		{"another session's CSRF token", "", []string{"Origin", ts.URL, "X-CSRF-Token", auth.CSRFToken("other")}, 403},
		{"foreign Origin, token", analystToken, []string{"Origin", "http://evil.example"}, 403},
		{"same origin", "", []string{"X-CSRF-Token", csrf, "Origin", ts.URL}, 201},
		{"same origin by Referer", "", []string{"X-CSRF-Token", csrf, "Referer", ts.URL + "/incidents/x"}, 200},
		{"localhost", analystToken, []string{"Host", "localhost:" + host[strings.LastIndex(host, ":")+1:]}, 200},
	}
	for _, tt := range tests {
		code, _, body := do(t, c, "POST", ts.URL+"/api/v1/reports", tt.token, report, tt.headers...)
		if code != tt.code {
			t.Errorf("%s: %d %s, want %d", tt.name, code, body, tt.code)
		}
	}
	// Reads are not checked: a link from another site works.
	if code, _, _ := do(t, c, "GET", ts.URL+"/", "", "", "Referer", "http://evil.example/"); code != 200 {
		t.Errorf("a read from a link of another site: %d", code)
	}
	// Named hosts are served besides the loopback names.
	_, named := newTestServer(t, WithHosts("monitor.example"))
	if code, _, body := do(t, nil, "POST", named.URL+"/api/v1/reports", analystToken, report, "Host", "monitor.example"); code != 201 {
		t.Errorf("a named host: %d %s", code, body)
	}
	if code, _, _ := do(t, nil, "POST", named.URL+"/api/v1/reports", analystToken, report); code != 421 {
		t.Errorf("127.0.0.1 on a server that names its hosts: %d", code)
	}
}

// TestRateLimit: each caller has its bucket; an empty one is a 429 with
// Retry-After, and it fills again with time.
func TestRateLimit(t *testing.T) {
	now := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	_, ts := newTestServer(t, WithLimits(Limits{Rate: 0.5, Burst: 3}), WithClock(clock))
	for i, tt := range []struct {
		token string
		code  int
		retry string
	}{
		{"", 200, ""}, {"", 200, ""}, {"", 200, ""}, {"", 429, "2"}, {"", 429, "2"},
		{viewerToken, 200, ""}, {viewerToken, 200, ""}, {viewerToken, 200, ""}, {viewerToken, 429, "2"},
		{analystToken, 200, ""}, // each account its own bucket
	} {
		code, h, body := do(t, nil, "GET", ts.URL+"/api/v1/sources", tt.token, "")
		if code != tt.code || h.Get("Retry-After") != tt.retry {
			t.Errorf("request %d: %d, Retry-After %q %s; want %d, %q", i, code, h.Get("Retry-After"), body, tt.code, tt.retry)
		}
	}
	mu.Lock()
	now = now.Add(2 * time.Second)
	mu.Unlock()
	if code, _, _ := do(t, nil, "GET", ts.URL+"/api/v1/sources", "", ""); code != 200 {
		t.Errorf("after waiting: %d", code)
	}
	if code, _, _ := do(t, nil, "GET", ts.URL+"/api/v1/sources", "", ""); code != 429 {
		t.Errorf("the bucket refilled more than one request in 2 s at 0.5/s: %d", code)
	}
	// Wrong tokens count against the address: guessing is rate limited.
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	var codes []int
	for range 5 {
		code, _, _ := do(t, nil, "GET", ts.URL+"/api/v1/sources", "tw_guess", "")
		codes = append(codes, code)
	}
	if want := []int{401, 401, 401, 429, 429}; !slices.Equal(codes, want) {
		t.Errorf("wrong tokens: %v, want %v", codes, want)
	}
}

func TestLimiterSweeps(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(Limits{Rate: 1, Burst: 1}, func() time.Time { return now })
	for i := range maxBuckets {
		l.allow(string(rune(i)))
	}
	now = now.Add(2 * time.Second)
	l.allow("new")
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after the idle ones filled again, want 1", len(l.buckets))
	}
}

// TestSecurityHeaders: every response, pages, API, files and errors alike,
// forbids framing and inline script, and leaks no referrer to other sites.
func TestSecurityHeaders(t *testing.T) {
	srv, ts := newTestServer(t)
	paths := []string{"/nope", "/api/v1/nope"}
	for _, rc := range routeCases(t, srv) {
		if method, path, _ := strings.Cut(rc, " "); isRead(method) {
			paths = append(paths, path)
		}
	}
	for _, p := range paths {
		_, h, _ := do(t, nil, "GET", ts.URL+p, "", "")
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
			h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

// TestRequestLimits: q is bounded and taken literally, a bad box is a 400
// that names it, bodies are bounded, and pages answer errors as HTML.
func TestRequestLimits(t *testing.T) {
	_, ts := newTestServer(t, WithLimits(Limits{}))
	tests := []struct {
		path string
		code int
		want string
	}{
		{"/api/v1/incidents?q=" + strings.Repeat("a", 50000), 400, "q: 50000 characters; at most 200"},
		{"/api/v1/incidents?q=" + strings.Repeat("ж", 201), 400, "q: 201 characters"},
		{"/api/v1/incidents?q=" + strings.Repeat("ж", 200), 200, "[]"},
		{"/api/v1/incidents?q=%25", 200, "[]"},
		{"/api/v1/incidents?q=_", 200, "[]"},
		{"/api/v1/incidents?q=su%25", 200, "[]"},
		{"/api/v1/incidents?q=sum_", 200, "[]"},
		{"/api/v1/incidents?q=sumy", 200, "gn:692194"},
		{"/api/v1/map/incidents.geojson?q=%25", 200, `"total":0`},
		{"/api/v1/incidents?bbox=NaN,50,35,51", 400, "bbox: minLon"},
		{"/api/v1/incidents?bbox=34,50,Inf,51", 400, "bbox: maxLon"},
		{"/api/v1/incidents?bbox=34,50,35,+Inf", 400, "bbox: maxLat"},
		{"/api/v1/incidents?bbox=34,50,35", 400, "bbox"},
		{"/api/v1/incidents?bbox=34,50,35,51,52", 400, "bbox"},
		{"/api/v1/incidents?bbox=34,-91,35,51", 400, "bbox: minLat -91 is outside -90 to 90"},
		{"/api/v1/incidents?bbox=-181,50,35,51", 400, "bbox: minLon"},
		{"/api/v1/incidents?bbox=35,50,34,51", 400, "the minimum is above the maximum"},
		{"/api/v1/incidents?bbox=34,51,35,50", 400, "the minimum is above the maximum"},
		{"/api/v1/incidents?bbox=-180,-90,180,90", 200, "gn:692194"},
		{"/api/v1/map/incidents.geojson?bbox=x,1,2,3", 400, "bbox"},
		{"/?bbox=NaN,1,2,3", 400, "<h1>400 Bad request</h1>"},
		{"/?q=" + strings.Repeat("a", 201), 400, "at most 200 characters"},
		{"/incidents/nope", 404, "<h1>404 Not found</h1>"},
	}
	for _, tt := range tests {
		code, _, body := do(t, nil, "GET", ts.URL+tt.path, "", "")
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("GET %.80s = %d %.200s; want %d containing %q", tt.path, code, body, tt.code, tt.want)
		}
	}
	// Bodies: the sign-in form takes 64 KiB, a report 10 MiB.
	big := url.Values{"name": {strings.Repeat("a", smallBody)}}.Encode()
	if code, _, _ := do(t, nil, "POST", ts.URL+"/signin", "", big, "Content-Type", "application/x-www-form-urlencoded"); code != 413 && code != 403 {
		t.Errorf("a sign-in form over 64 KiB: %d", code)
	}
	if code, _, body := do(t, nil, "POST", ts.URL+"/api/v1/reports", analystToken, "Outlet: X\n\n"+strings.Repeat("Texte. ", smallBody/4)); code != 201 {
		t.Errorf("a report over 64 KiB: %d %.100s", code, body)
	}
}

// TestEventsOutliveTimeouts: the server's read and write timeouts end slow
// requests, but not the event stream, which moves its deadlines on.
func TestEventsOutliveTimeouts(t *testing.T) {
	srv, _ := newTestServer(t, WithTimeouts(Timeouts{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond, Write: 300 * time.Millisecond, Idle: time.Second}))
	srv.keepAlive = 100 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	time.Sleep(time.Second) // past every timeout
	go postAs(analystToken, base+"/api/v1/reports", "Outlet: X\nLanguage: en\nPublished: 2025-03-25\n\nRussian drones hit a school in Kherson overnight, officials said.")
	buf := make([]byte, 4096)
	var got strings.Builder
	for !strings.Contains(got.String(), "event: changed") {
		n, err := resp.Body.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			t.Fatalf("the event stream ended: %v after %q", err, got.String())
		}
	}
	// A client that sends its headers too slowly is cut off.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		t.Errorf("a slow client's connection was not closed by the server: %v", err)
	}
}

// TestOpenAPISecurity: the document says which operations need a token
// and what they answer without one, as the route table has it.
func TestOpenAPISecurity(t *testing.T) {
	var doc struct {
		Components struct {
			SecuritySchemes map[string]struct{ Type, Scheme string } `json:"securitySchemes"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			Security  []map[string][]string      `json:"security"`
			Responses map[string]json.RawMessage `json:"responses"`
			Role      string                     `json:"x-trucewatch-role"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	if b := doc.Components.SecuritySchemes["bearer"]; b.Type != "http" || b.Scheme != "bearer" {
		t.Errorf("securitySchemes.bearer = %+v", b)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			write := !isRead(strings.ToUpper(method))
			anonymous := false
			for _, req := range op.Security {
				anonymous = anonymous || len(req) == 0
			}
			if len(op.Security) == 0 || anonymous == write {
				t.Errorf("%s %s: security %v (a write needs the bearer token, a read may go without)", method, path, op.Security)
			}
			want := []string{"401", "429"}
			if write {
				want = append(want, "403", "421")
			}
			for _, code := range want {
				if op.Responses[code] == nil {
					t.Errorf("%s %s: no %s response", method, path, code)
				}
			}
		}
	}
	// The role each operation names is the route table's.
	for _, rt := range (&Server{}).apiRoutes() {
		op := doc.Paths[rt.path][strings.ToLower(rt.method)]
		if !strings.HasPrefix(op.Role, rt.role.String()) {
			t.Errorf("%s %s: x-trucewatch-role %q, the route table says %v", rt.method, rt.path, op.Role, rt.role)
		}
	}
}

// TestLocalPath: the page a sign-in or a form goes back to stays on this
// server, however the path is written; the browser reads "\", tabs and
// cleaned dots in ways that would leave it.
func TestLocalPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/review", "/review"},
		{"/incidents/abc?x=1", "/incidents/abc?x=1"},
		{"", "/fallback"},
		{"review", "/fallback"},
		{"//evil.example", "/fallback"},
		{"/\\evil.example", "/fallback"},
		{"/./\\evil.example", "/fallback"},
		{"/../\\x", "/fallback"},
		{"/\t/evil.example", "/fallback"},
		{"/\n/evil.example", "/fallback"},
		{"https://evil.example/", "/fallback"},
		{"https:evil.example", "/fallback"},
		{"/..//evil.example", "/..//evil.example"}, // cleaned to /evil.example, a path here
		{"/.//evil.example", "/.//evil.example"},
	} {
		got := localPath(c.in, "/fallback")
		if got != c.want {
			t.Errorf("localPath(%q) = %q, want %q", c.in, got, c.want)
		}
		// What http.Redirect sends must not start with two slashes.
		rec := httptest.NewRecorder()
		http.Redirect(rec, httptest.NewRequest("GET", "/", nil), got, http.StatusSeeOther)
		if loc := rec.Header().Get("Location"); strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
			t.Errorf("localPath(%q): Location %q leaves the server", c.in, loc)
		}
	}
}

// TestLimiterFull: while every bucket is in use, new callers share one
// bucket, and the map stops growing; callers already known keep theirs.
func TestLimiterFull(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(Limits{Rate: 0.001, Burst: 2}, func() time.Time { return now })
	for i := range maxBuckets {
		l.allow(fmt.Sprint("known-", i))
	}
	if _, ok := l.allow("new-1"); !ok {
		t.Error("the first new caller while full was refused")
	}
	l.allow("new-2")
	if _, ok := l.allow("new-3"); ok {
		t.Error("a third new caller got through the shared bucket of 2")
	}
	if len(l.buckets) != maxBuckets+1 {
		t.Errorf("%d buckets, want %d (the known ones and the shared one)", len(l.buckets), maxBuckets+1)
	}
	if _, ok := l.allow("known-7"); !ok {
		t.Error("a known caller with a token left was refused")
	}
}

// TestClientAddr: an IPv6 client counts by its /64, others by address.
func TestClientAddr(t *testing.T) {
	for _, c := range []struct{ remote, want string }{
		{"192.0.2.7:5000", "192.0.2.7"},
		{"[2001:db8:1:2:3:4:5:6]:5000", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:80", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.7]:5000", "::ffff:192.0.2.7"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if got := clientAddr(r); got != c.want {
			t.Errorf("clientAddr(%q) = %q, want %q", c.remote, got, c.want)
		}
	}
}

// TestSignInEndsOldSession: signing in again in the same browser ends the
// session it held, here another account's, on the server too: its cookie,
// replayed, opens nothing.
func TestSignInEndsOldSession(t *testing.T) {
	_, ts := newTestServer(t, WithLimits(Limits{}))
	c := browserClient(t)
	signIn(t, c, ts.URL, "vera", viewerToken)
	u, _ := url.Parse(ts.URL)
	var old string
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			old = ck.Value
		}
	}
	if old == "" {
		t.Fatal("no session cookie after signing in")
	}
	// The page now also holds the sign-out form's token: the sign-in
	// form's own is the one in its cookie.
	do(t, c, "GET", ts.URL+"/signin", "", "")
	var formTok string
	signinURL, _ := url.Parse(ts.URL + "/signin")
	for _, ck := range c.Jar.Cookies(signinURL) {
		if ck.Name == signInCookie {
			formTok = ck.Value
		}
	}
	form := url.Values{"name": {"anna"}, "token": {analystToken}, "csrf": {formTok}, "next": {"/"}}
	if code, _, page := do(t, c, "POST", ts.URL+"/signin", "", form.Encode(), "Content-Type", "application/x-www-form-urlencoded", "Origin", ts.URL); code != 200 || !strings.Contains(page, "anna (") {
		t.Fatalf("signing in as anna: %d %s", code, page)
	}
	if code, _, body := do(t, nil, "GET", ts.URL+"/", "", "", "Cookie", sessionCookie+"="+old); code != 200 || strings.Contains(body, "vera (") {
		t.Errorf("vera's old cookie after anna signed in: %d, signed in as vera: %v", code, strings.Contains(body, "vera ("))
	}
}

// TestSecureCookieNames: over TLS the session cookie is "__Host-…"
// (Secure, Path=/, no Domain), the sign-in form's "__Secure-…"; a session
// id sent under the plain name, as a page of plain HTTP or a subdomain
// could plant it, signs nobody in.
func TestSecureCookieNames(t *testing.T) {
	srv, _ := newTestServer(t, WithLimits(Limits{}))
	ts := httptest.NewTLSServer(srv)
	defer ts.Close()
	c := ts.Client()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Jar = jar
	resp, err := c.Get(ts.URL + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ck := resp.Cookies(); len(ck) != 1 || ck[0].Name != "__Secure-"+signInCookie || !ck[0].Secure {
		t.Errorf("the sign-in form's cookie over TLS: %+v", ck)
	}
	signIn(t, c, ts.URL, "anna", analystToken)
	u, _ := url.Parse(ts.URL)
	var session *http.Cookie
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "__Host-"+sessionCookie {
			session = ck
		}
		if ck.Name == sessionCookie {
			t.Errorf("a session cookie without the __Host- prefix over TLS")
		}
	}
	if session == nil {
		t.Fatal("no __Host- session cookie over TLS")
	}
	plain := &http.Client{Transport: c.Transport}
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session.Value})
	resp, err = plain.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, resp)
	if strings.Contains(page, `id="signed-in"`) {
		t.Error("a session id under the plain cookie name signed a browser in over TLS")
	}
	req.Header.Del("Cookie")
	req.AddCookie(session)
	resp, err = plain.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if page := readAll(t, resp); !strings.Contains(page, `id="signed-in">anna (analyst)<`) {
		t.Error("the __Host- session cookie does not sign the browser in")
	}
}
