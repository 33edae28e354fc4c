package web

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/extract"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/incidentindex"
	"github.com/trucewatch/trucewatch/internal/pipeline"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/store"
)

// indexedStore is a store and the incident index over it, as trucewatch
// serve gives them to the server.
type indexedStore struct {
	*store.Store
	index *incidentindex.Index
}

// withIndex builds the incident index over st, kept current as serve
// keeps it, and closed at the end.
func withIndex(tb testing.TB, st *store.Store) indexedStore {
	tb.Helper()
	x, err := incidentindex.New(context.Background(), st, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	st.OnAnalysisStored(x.Refresh)
	tb.Cleanup(x.Close)
	return indexedStore{st, x}
}

// openIndexed opens the store at dsn, closed when the test ends, with the
// incident index.
func openIndexed(t testing.TB, dsn string) indexedStore {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return withIndex(t, s)
}

// addTexts stores report files given as text and runs the pipeline over
// them.
func addTexts(t *testing.T, st indexedStore, p *pipeline.Pipeline, texts ...string) {
	t.Helper()
	ctx := context.Background()
	for i, text := range texts {
		r, err := reportfile.Parse("r"+string(rune('0'+i)), []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddReports(ctx, []trucewatch.Report{r}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := p.Drain(ctx); err != nil {
		t.Fatal(err)
	}
}

// newStore is a real SQLite store holding the shipped agreements, opened
// as trucewatch serve opens it, with the incident index.
func newStore(t testing.TB) indexedStore {
	t.Helper()
	st := openIndexed(t, filepath.Join(t.TempDir(), "tw.db"))
	known, _ := agreements.Known()
	for _, a := range known {
		if _, err := st.PutAgreement(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// testPipeline is the pipeline serve runs over st: the built-in
// extractor, gazetteer and source registry. It also returns the gazetteer.
func testPipeline(t *testing.T, st pipeline.Queue) (*pipeline.Pipeline, *geo.Gazetteer) {
	t.Helper()
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := provenance.Default()
	if err != nil {
		t.Fatal(err)
	}
	return &pipeline.Pipeline{Queue: st, Extractor: x, Registry: reg}, g
}

// Test accounts, one per role, with fixed tokens: the store holds only
// their hashes, as it does for tokens that users add makes.
const (
	viewerToken  = "tw_test-viewer"
	analystToken = "tw_test-analyst"
	adminToken   = "tw_test-admin"
)

func addTestUsers(tb testing.TB, st *store.Store) {
	tb.Helper()
	for name, tok := range map[string]string{"vera": viewerToken, "anna": analystToken, "adam": adminToken} {
		role := map[string]auth.Role{"vera": auth.Viewer, "anna": auth.Analyst, "adam": auth.Admin}[name]
		if _, err := st.AddUser(context.Background(), name, role, auth.Hash(tok)); err != nil {
			tb.Fatal(err)
		}
	}
}

// readOnlyServer serves the dashboard over st, taking no reports, with
// no rate limits (the load benchmark sends thousands of requests a second).
func readOnlyServer(t testing.TB, st indexedStore) *httptest.Server {
	t.Helper()
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(st, st.index, g, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), WithLimits(Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// newTestServer is a server over a real SQLite store holding a few
// reports, with a real ingest path (parse, store, extract, analyse) and
// review (decisions stored, then analysed).
func newTestServer(t *testing.T, opts ...Option) (*Server, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	st := newStore(t)
	p, g := testPipeline(t, st)
	ingest := func(ctx context.Context, name string, raw []byte) (string, bool, error) {
		r, err := reportfile.Parse(name, raw)
		if err != nil {
			return "", false, err
		}
		isNew, err := st.AddReports(ctx, []trucewatch.Report{r})
		if err != nil || !isNew[0] {
			return r.ID, false, err
		}
		_, _, err = p.Drain(ctx)
		return r.ID, true, err
	}
	addTestUsers(t, st.Store)
	srv, err := New(st, st.index, g, ingest, slog.New(slog.NewTextHandler(io.Discard, nil)), append([]Option{WithAccounts(st), WithReview(st, decideThenAnalyse(st, p)), WithDrafts(st)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{
		"Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-19\n\nRussian drones hit a hospital in Sumy overnight, the regional administration said.",
		"Outlet: Meduza\nLanguage: en\nPublished: 2025-03-19\n\nOur correspondent saw the damaged hospital in Sumy after Russian drones struck it overnight.",
		"Outlet: TASS\nLanguage: ru\nPublished: 2025-03-21\n\nМинобороны России заявило, что в пятницу украинские военные взорвали газоизмерительную станцию «Суджа».",
	} {
		if _, _, err := ingest(ctx, "seed"+string(rune('0'+i)), []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// decideThenAnalyse stores decisions and analyses what they requeued, as
// serve does.
func decideThenAnalyse(st indexedStore, p *pipeline.Pipeline) DecideFunc {
	return func(ctx context.Context, ds []trucewatch.Decision) ([]trucewatch.Decision, error) {
		out, err := st.RecordDecisions(ctx, ds)
		if err != nil {
			return nil, err
		}
		_, _, err = p.Drain(ctx)
		return out, err
	}
}

// reviewServer serves st with the test accounts and review, without rate
// limits, and returns it with the analyst's browser: signed in as anna,
// the session's CSRF token, not following the forms' redirects.
func reviewServer(t *testing.T, st indexedStore, p *pipeline.Pipeline, g *geo.Gazetteer) (ts *httptest.Server, analyst *http.Client, csrf string) {
	t.Helper()
	addTestUsers(t, st.Store) // anna is the analyst, vera a viewer
	srv, err := New(st, st.index, g, nil, slog.New(slog.NewTextHandler(io.Discard, nil)),
		WithAccounts(st), WithReview(st, decideThenAnalyse(st, p)), WithLimits(Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	ts = httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	analyst = browserClient(t)
	csrf = signIn(t, analyst, ts.URL, "anna", analystToken)
	analyst.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return ts, analyst, csrf
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAPI(t *testing.T) {
	_, ts := newTestServer(t)
	code, body := get(t, ts.URL+"/api/v1/incidents")
	var incs []trucewatch.Incident
	if code != 200 || json.Unmarshal([]byte(body), &incs) != nil || len(incs) != 2 {
		t.Fatalf("incidents: %d %s", code, body)
	}
	var sumy trucewatch.Incident
	for _, i := range incs {
		if i.Place.ID == "gn:692194" {
			sumy = i
		}
	}
	if len(sumy.ClaimIDs) != 2 {
		t.Errorf("the two Sumy reports are not one incident: %+v", incs)
	}
	tests := []struct {
		path string
		code int
		want string
	}{
		{"/api/v1/incidents?bbox=34,50,35,51&from=2025-03-19&to=2025-03-20", 200, `"gn:692194"`},
		{"/api/v1/incidents?target=energy", 200, `"tw:sudzha-gms"`},
		{"/api/v1/incidents?place=RU-KRS", 200, `"tw:sudzha-gms"`},
		{"/api/v1/map/incidents.geojson?place=gn:692194", 200, `"place":"Sumy"`},
		{"/api/v1/incidents?party=RU&status=corroborated", 200, `"gn:692194"`},
		{"/api/v1/incidents?q=sudzha", 200, `"tw:sudzha-gms"`},
		{"/api/v1/incidents?agreement=energy-moratorium-2025-03", 200, `"tw:sudzha-gms"`},
		{"/api/v1/incidents?bbox=1,2,3", 400, "bbox"},
		{"/api/v1/incidents?from=yesterday", 400, "from"},
		{"/api/v1/incidents?target=power", 400, "target"},
		{"/api/v1/incidents?limit=-1", 400, "limit"},
		{"/api/v1/incidents?from=2025-03-20&to=2025-03-19", 400, "from (2025-03-20) is after to (2025-03-19)"},
		{"/api/v1/incidents/" + sumy.ID, 200, `"sentence":"Russian drones hit a hospital in Sumy overnight`},
		{"/api/v1/incidents/nope", 404, "not found"},
		{"/api/v1/map/incidents.geojson", 200, `"type":"FeatureCollection","total":2,"clustered":false`},
		{"/api/v1/map/incidents.geojson?target=energy", 200, `"coordinates":[35.256,51.196]`},
		// Sumy and Sudzha lie in different half-degree cells: two clusters of one.
		{"/api/v1/map/incidents.geojson?limit=1", 200, `"total":2,"clustered":true`},
		{"/api/v1/map/incidents.geojson?limit=1", 200, `"properties":{"cluster":true,"count":1}`},
		{"/api/v1/map/incidents.geojson?limit=x", 400, "limit"},
		{"/api/v1/map/admin1.geojson", 200, `"UA-43"`},
		{"/api/v1/agreements", 200, "energy-moratorium-2025-03"},
		{"/api/v1/agreements/ihl-medical-facilities", 200, "geneva-conventions"},
		{"/api/v1/assessments?agreement=ihl-medical-facilities", 200, `"status":"corroborated"`},
		{"/api/v1/timeline?agreement=energy-moratorium-2025-03", 200, `"counts":{"alleged":1}`},
		{"/api/v1/timeline?agreement=energy-moratorium-2025-03&party=UA", 200, `"party":"UA","day":"2025-03-21","counts":{"alleged":1}`},
		{"/api/v1/assessments?agreement=ihl-medical-facilities&party=RU&limit=1", 200, `"status":"corroborated"`},
		{"/api/v1/assessments?party=R", 400, "party"},
		{"/api/v1/assessments?limit=many", 400, "limit"},
		{"/api/v1/timeline?from=2025-03-20&to=2025-03-19", 400, "from (2025-03-20) is after to"},
		{"/api/v1/sources", 200, "TASS"},
		{"/api/v1/reports?lang=ru", 200, "Суджа"},
		{"/api/v1/claims?kind=incident", 200, "Sumy"},
		{"/api/openapi.json", 200, `"openapi": "3.1.0"`},
	}
	for _, tt := range tests {
		code, body := get(t, ts.URL+tt.path)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s = %d %.200s; want %d containing %q", tt.path, code, body, tt.code, tt.want)
		}
	}
}

// post sends body as an analyst's API client does.
func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := postAs(analystToken, url, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// postAs posts a report file with token (none when empty).
func postAs(token, url, body string) (*http.Response, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/plain")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return http.DefaultClient.Do(req)
}

func TestIngestEndpoint(t *testing.T) {
	_, ts := newTestServer(t)
	report := "Outlet: Kyiv Independent\nLanguage: en\nPublished: 2025-03-23\n\nRussian drones struck a substation in Kharkiv overnight, the mayor said."
	if code, body := post(t, ts.URL+"/api/v1/reports", report); code != 201 || !strings.Contains(body, `"new":true`) {
		t.Errorf("new report: %d %s", code, body)
	}
	if code, body := post(t, ts.URL+"/api/v1/reports", report); code != 200 || !strings.Contains(body, `"new":false`) {
		t.Errorf("duplicate: %d %s", code, body)
	}
	if code, body := post(t, ts.URL+"/api/v1/reports?name=bad.txt", "Published: gestern\n\ntext"); code != 422 || !strings.Contains(body, "bad.txt: line 1: published") {
		t.Errorf("bad report: %d %s", code, body)
	}
	if code, body := post(t, ts.URL+"/api/v1/reports", strings.Repeat("x", MaxReportBytes+1)); code != 413 {
		t.Errorf("huge report: %d %.100s", code, body)
	}
	if _, body := get(t, ts.URL+"/api/v1/incidents?q=kharkiv"); !strings.Contains(body, "gn:706483") {
		t.Errorf("the new report's incident is not listed: %s", body)
	}
}

// TestOpenAPIMatchesRoutes checks the OpenAPI document against the routes
// the server really has, both ways.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	srv, _ := newTestServer(t)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var documented, routed []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, r := range srv.apiRoutes() {
		routed = append(routed, r.method+" "+r.path)
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if !slices.Equal(documented, routed) {
		t.Errorf("OpenAPI paths and routes differ:\ndocumented %v\nrouted     %v", documented, routed)
	}
	// Every documented path answers something other than 405 or a 404 of the router.
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, r := range routed {
		method, path, _ := strings.Cut(r, " ")
		if method != "GET" {
			continue
		}
		path = strings.ReplaceAll(path, "{id}", "x")
		code, body := get(t, ts.URL+path)
		if code == 405 || code == 404 && !strings.Contains(body, "not found") {
			t.Errorf("GET %s = %d", path, code)
		}
	}
}

// TestEscaping stores a report full of HTML and script and checks that no
// page lets any of it through unescaped.
func TestEscaping(t *testing.T) {
	_, ts := newTestServer(t)
	evil := "Outlet: <script>alert('outlet')</script>\nLanguage: en\nPublished: 2025-03-24\n\n" +
		"<img src=x onerror=alert(1)> Russian drones hit a hospital in Sumy overnight <script>alert(2)</script>, the \"governor\" said </textarea><b onmouseover=x>."
	if code, body := post(t, ts.URL+"/api/v1/reports", evil); code != 201 {
		t.Fatalf("post: %d %s", code, body)
	}
	_, home := get(t, ts.URL+"/")
	ids := regexp.MustCompile(`/incidents/(inc-[0-9a-f]+)`).FindAllStringSubmatch(home, -1)
	pages := []string{"/", "/agreements/ihl-medical-facilities"}
	for _, m := range ids {
		pages = append(pages, "/incidents/"+m[1])
	}
	raw := regexp.MustCompile(`(?i)<script>alert|<img src=x|<b onmouseover`)
	sawEscaped := false
	for _, p := range pages {
		code, body := get(t, ts.URL+p)
		if code != 200 {
			t.Errorf("%s: %d", p, code)
		}
		if raw.MatchString(body) {
			t.Errorf("%s lets report HTML through unescaped", p)
		}
		sawEscaped = sawEscaped || strings.Contains(body, "&lt;script&gt;alert(2)")
	}
	if !sawEscaped {
		t.Error("the report text does not appear (escaped) on any incident page")
	}
	// JSON is escaped for HTML too.
	if _, body := get(t, ts.URL+"/api/v1/reports"); strings.Contains(body, "<script>") {
		t.Error("the API returns raw <script>")
	}
	// The incident list passes the stored JSON on as it is: it must be
	// what the encoder makes of it, compact and escaped.
	_, list := get(t, ts.URL+"/api/v1/incidents")
	var incs []json.RawMessage
	if err := json.Unmarshal([]byte(list), &incs); err != nil || len(incs) == 0 {
		t.Fatalf("incident list: %v, %d incidents", err, len(incs))
	}
	rec := httptest.NewRecorder()
	if err := writeJSON(rec, http.StatusOK, incs); err != nil {
		t.Fatal(err)
	}
	if rec.Body.String() != list {
		t.Errorf("the incident list is not what the JSON encoder writes:\n%s\nwant\n%s", list, rec.Body.String())
	}
}

func TestPages(t *testing.T) {
	_, ts := newTestServer(t)
	code, home := get(t, ts.URL+"/")
	if code != 200 || !strings.Contains(home, `<svg id="map"`) || strings.Count(home, `<g class="marker`) != 2 || !strings.Contains(home, `class="unit ua occupied"`) {
		t.Errorf("home page: %d, markers %d", code, strings.Count(home, `<g class="marker`))
	}
	// Markers carry their incident's status; the timelines have a cell per
	// day, coloured where an assessment falls.
	for _, want := range []string{`<g class="marker target-medical status-corroborated"`, `<g class="marker target-energy status-alleged"`,
		`<span class="cell corroborated" title="19 Mar 2025: 0 alleged, 1 corroborated`, `<span class="cell none" title="20 Mar 2025">`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s; has %q", want, regexp.MustCompile(`<g class="marker[^"]*"`).FindAllString(home, -1))
		}
	}
	// The timelines cover the filters' window, or the 90 days up to the
	// newest incident.
	if !strings.Contains(home, "From 22 Dec 2024. Set From and To") {
		t.Error("home page does not say which days its timelines cover")
	}
	if _, early := get(t, ts.URL+"/?to=2025-03-20"); !strings.Contains(early, `title="19 Mar 2025: 0 alleged, 1 corroborated`) ||
		strings.Contains(early, `title="21 Mar 2025`) || !strings.Contains(early, "From 21 Dec 2024 to 20 Mar 2025.") {
		t.Error("the timelines do not keep to the filters' window")
	}
	if _, filtered := get(t, ts.URL+"/?target=energy"); strings.Count(filtered, `<g class="marker`) != 1 {
		t.Error("the target filter does not narrow the map")
	}
	m := regexp.MustCompile(`/incidents/(inc-[0-9a-f]+)">Sumy`).FindStringSubmatch(home)
	if m == nil {
		t.Fatal("no Sumy incident on the home page")
	}
	_, inc := get(t, ts.URL+"/incidents/"+m[1])
	if !strings.Contains(inc, "<mark>Russian drones hit a hospital in Sumy overnight, the regional administration said.</mark>") ||
		!strings.Contains(inc, "corroborated") || !strings.Contains(inc, "Meduza") {
		t.Errorf("incident page lacks the highlighted sentence, the status or the origin:\n%s", inc)
	}
	if code, ag := get(t, ts.URL+"/agreements/energy-moratorium-2025-03"); code != 200 || !strings.Contains(ag, "Kremlin list") {
		t.Errorf("agreement page: %d", code)
	}
	if code, _ := get(t, ts.URL+"/incidents/nope"); code != 404 {
		t.Errorf("unknown incident page: %d", code)
	}
}

func TestLiveEvents(t *testing.T) {
	_, ts := newTestServer(t)
	req, _ := http.NewRequest("GET", ts.URL+"/events", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	lines.Scan() // ": connected"
	go postAs(analystToken, ts.URL+"/api/v1/reports", ("Outlet: X\nLanguage: en\nPublished: 2025-03-25\n\nRussian drones hit a school in Kherson overnight, officials said."))
	for lines.Scan() {
		if lines.Text() == "event: changed" {
			return
		}
	}
	t.Error("no 'changed' event after a new report")
}

// TestAgreementPageCounts fills a store with more assessments than the
// agreement page lists: its counts must still cover all of them, and it
// must say where the rest are.
func TestAgreementPageCounts(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	ag, err := st.Agreement(ctx, "energy-moratorium-2025-03")
	if err != nil {
		t.Fatal(err)
	}
	reading := ag.Readings[0].ID
	var incs []trucewatch.Incident
	var as []trucewatch.Assessment
	statuses := []trucewatch.AssessmentStatus{"alleged", "corroborated", "disputed"}
	want := map[trucewatch.AssessmentStatus]int{}
	for i := range 130 {
		day := trucewatch.Date{Year: 2025, Month: 3, Day: 19}.AddDays(i % 25)
		id := fmt.Sprintf("inc-%03d", i)
		incs = append(incs, trucewatch.Incident{ID: id, From: day, To: day, Target: "energy", ClaimIDs: []string{"c"},
			Place: trucewatch.Place{ID: "p", Name: "P", Country: "UA", Precision: "settlement", Lat: 48, Lon: 35}})
		a := trucewatch.Assessment{IncidentID: id, AgreementID: ag.ID, ReadingID: reading, Accused: "RU", Day: day, Reason: "r", InScope: i%10 != 0}
		if a.InScope {
			a.Status = statuses[i%3]
			want[a.Status]++
		}
		as = append(as, a)
	}
	if err := st.ReplaceAnalysis(ctx, incs, as); err != nil {
		t.Fatal(err)
	}
	ts := readOnlyServer(t, st)
	code, page := get(t, ts.URL+"/agreements/"+ag.ID)
	if code != 200 {
		t.Fatalf("agreement page: %d", code)
	}
	head := fmt.Sprintf("Russia accused: 117 in scope — %d alleged, %d corroborated, %d disputed; 13 out of scope", want["alleged"], want["corroborated"], want["disputed"])
	// The summary grid opens the page: a row per reading and party.
	grid := fmt.Sprintf(`<td class="n" data-label="alleged">%d</td><td class="n" data-label="corroborated">%d</td><td class="n" data-label="disputed">%d</td><td class="n" data-label="in scope">117</td><td class="n" data-label="out of scope">13</td>`,
		want["alleged"], want["corroborated"], want["disputed"])
	for _, s := range []string{head, grid, "The newest 50 of 117", `href="/?agreement=` + ag.ID + `&amp;party=RU"`, "Ukraine accused: 0 in scope"} {
		if !strings.Contains(page, s) {
			t.Errorf("agreement page lacks %q", s)
		}
	}
	// The listed ones are the newest, by place and day: the last day has
	// incidents in it.
	if n := strings.Count(page, `">12 Apr 2025</a>`); n == 0 || strings.Count(page, `<li><a href="/incidents/`) != 50 || !strings.Contains(page, `<li><strong>P</strong><ul>`) {
		t.Errorf("agreement page lists %d assessments, %d of the last day; want 50, the newest, under their place", strings.Count(page, `<li><a href="/incidents/`), n)
	}
	// An agreement that never came into force says so, and counts nothing.
	for _, a := range mustAgreements(t, st) {
		if a.Norm || a.Status.InForce() {
			continue
		}
		_, page := get(t, ts.URL+"/agreements/"+a.ID)
		if !strings.Contains(page, `<p class="never" id="never">`) || !strings.Contains(page, "never came into force") || strings.Contains(page, "in scope") {
			t.Errorf("the page of %s (%s) does not say it never came into force, or counts incidents", a.ID, a.Status)
		}
	}
}

func mustAgreements(t *testing.T, st interface {
	Agreements(context.Context) ([]trucewatch.Agreement, error)
}) []trucewatch.Agreement {
	t.Helper()
	ags, err := st.Agreements(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []trucewatch.Agreement
	for _, a := range ags {
		if !a.Norm && !a.Status.InForce() {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		t.Fatal("the test store holds no agreement that never came into force")
	}
	return ags
}

// TestHomeMapClusters fills a store with more incidents than the map draws
// one by one: the home page must draw them all as clusters, a cluster's link
// must narrow the page to its cell, where they are markers again, and a
// cell with too many for markers must show its newest and say so.
func TestHomeMapClusters(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	var incs []trucewatch.Incident
	for i := range 700 {
		lat, lon := 48.1+float64(i%7)*0.04, 35.1+float64(i%11)*0.02 // 600 in one cell
		if i >= 600 {
			lat, lon = 50.6+float64(i%5)*0.05, 30.6+float64(i%3)*0.1 // 100 in another
		}
		day := trucewatch.Date{Year: 2025, Month: 3, Day: 1 + i%28}
		incs = append(incs, trucewatch.Incident{ID: fmt.Sprintf("inc-%03d", i), From: day, To: day, Target: "energy", ClaimIDs: []string{"c"},
			Place: trucewatch.Place{ID: "p", Name: "P", Country: "UA", Precision: "settlement", Lat: lat, Lon: lon}})
	}
	if err := st.ReplaceAnalysis(ctx, incs, nil); err != nil {
		t.Fatal(err)
	}
	ts := readOnlyServer(t, st)
	_, home := get(t, ts.URL+"/?target=energy")
	if n, m := strings.Count(home, `<circle class="cluster"`), strings.Count(home, `<g class="marker`); n != 2 || m != 0 {
		t.Fatalf("home page draws %d clusters and %d markers, want 2 and 0", n, m)
	}
	for _, want := range []string{`>600</text>`, `>100</text>`, "700 incidents, too many to draw one by one"} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	cellPage := func(count int) (string, string) {
		t.Helper()
		link := regexp.MustCompile(fmt.Sprintf(`<a href="([^"]+)" class="cluster-link"><g [^>]*><circle [^>]*><title>%d incidents`, count)).FindStringSubmatch(home)
		if link == nil {
			t.Fatalf("no link on the cluster of %d", count)
		}
		href := strings.ReplaceAll(link[1], "&amp;", "&")
		if !strings.Contains(href, "target=energy") {
			t.Errorf("the cluster's link %s drops the other filters", href)
		}
		_, page := get(t, ts.URL+href)
		return href, page
	}
	href, cell := cellPage(100)
	if n := strings.Count(cell, `<g class="marker`); n != 100 || !strings.Contains(cell, "100 incidents.") ||
		!strings.Contains(cell, `<input type="hidden" name="bbox"`) {
		t.Errorf("the cluster's cell %s draws %d markers, want 100, with its box kept in the form", href, n)
	}
	// The page starts zoomed in on the cell, its markers drawn to match.
	if !strings.Contains(home, `<svg id="map" viewBox="0.00 0.00 `) || strings.Contains(cell, `<svg id="map" viewBox="0.00 0.00 `) ||
		strings.Contains(cell, ` scale(1.0000)`) {
		t.Error("the cell's page does not zoom in on it, or does not shrink its markers")
	}
	href, full := cellPage(600)
	if n := strings.Count(full, `<g class="marker`); n != 500 || !strings.Contains(full, "The newest 500 of 600 incidents") {
		t.Errorf("the full cell %s draws %d markers, want the newest 500 and a note", href, n)
	}
	newest := slices.Clone(incs[:600])
	slices.SortFunc(newest, func(a, b trucewatch.Incident) int { return cmp.Or(b.From.Sub(a.From), strings.Compare(a.ID, b.ID)) })
	var want, got []string
	for _, inc := range newest[:500] {
		want = append(want, inc.ID)
	}
	for _, m := range regexp.MustCompile(`data-id="(inc-\d+)"`).FindAllStringSubmatch(full, -1) {
		got = append(got, m[1])
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the full cell draws other incidents than the newest 500")
	}
}
