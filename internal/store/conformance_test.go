package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/assess"
	"github.com/trucewatch/trucewatch/internal/synth"
)

// TestConformance runs one suite against every engine: what passes on SQLite
// must pass on PostgreSQL, and the other way round.
func TestConformance(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, dsn string)
	}{
		{"ReopenKeepsSchema", testReopen},
		{"ReportsContentAddressed", testReportsContentAddressed},
		{"ReportRoundTrip", testReportRoundTrip},
		{"ReportFilters", testReportFilters},
		{"ReportErrors", testReportErrors},
		{"ConcurrentIngest", testConcurrentIngest},
		{"Sources", testSources},
		{"LiveSources", testLiveSources},
		{"Claims", testClaims},
		{"Agreements", testAgreements},
		{"AgreementDrafts", testAgreementDrafts},
		{"Analysis", func(t *testing.T, dsn string) { testAnalysis(t, dsn, false) }},
		{"AnalysisIndexed", func(t *testing.T, dsn string) { testAnalysis(t, dsn, true) }},
		{"Boxes", func(t *testing.T, dsn string) { testBoxes(t, dsn, false) }},
		{"BoxesIndexed", func(t *testing.T, dsn string) { testBoxes(t, dsn, true) }},
		{"Timeline", testTimeline},
		{"IncidentJSON", testIncidentJSON},
		{"Users", testUsers},
		{"TextSearch", testTextSearch},
		{"TextSearchReports", testTextSearchReports},
	}
	for _, e := range engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) { c.run(t, e.DSN(t)) })
			}
		})
	}
}

// newReport builds a report the way reportfile does: its bytes, then its ID.
func newReport(text, lang, outlet, published string) trucewatch.Report {
	raw := fmt.Sprintf("Outlet: %s\nLanguage: %s\nPublished: %s\n\n%s", outlet, lang, published, text)
	r := trucewatch.Report{ID: trucewatch.ContentID([]byte(raw)), Raw: []byte(raw), Text: text, Language: lang, Outlet: outlet}
	if published != "" {
		p, err := trucewatch.ParsePublished(published)
		if err != nil {
			panic(err)
		}
		r.Published = p
	}
	return r
}

func mustAdd(t *testing.T, s *Store, reports ...trucewatch.Report) []bool {
	t.Helper()
	isNew, err := s.AddReports(context.Background(), reports)
	if err != nil {
		t.Fatalf("AddReports: %v", err)
	}
	return isNew
}

func testReopen(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	mustAdd(t, s, newReport("a", "en", "A", "2025-03-19"))
	s.Close()
	s2 := mustOpen(t, dsn) // migrations already applied: must not fail or lose data
	n, err := s2.CountReports(context.Background(), trucewatch.ReportFilter{})
	if err != nil || n != 1 {
		t.Fatalf("after reopen: %d reports, err %v; want 1", n, err)
	}
	var versions int
	if err := s2.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&versions); err != nil || versions == 0 {
		t.Fatalf("schema_migrations: %d rows, err %v", versions, err)
	}
}

func testReportsContentAddressed(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	a := newReport("Vor Sonnenaufgang.", "de", "A", "2025-03-19")
	b := newReport("Overnight.", "en", "B", "2025-03-19")
	if got := mustAdd(t, s, a, b, a); !reflect.DeepEqual(got, []bool{true, true, false}) {
		t.Errorf("first batch new = %v, want [true true false]", got)
	}
	if got := mustAdd(t, s, b); !reflect.DeepEqual(got, []bool{false}) {
		t.Errorf("second batch new = %v, want [false]", got)
	}
	// Same text, other bytes (another header): another report.
	c := newReport("Overnight.", "en", "C", "2025-03-19")
	if got := mustAdd(t, s, c); !reflect.DeepEqual(got, []bool{true}) {
		t.Errorf("same text other header new = %v, want [true]", got)
	}
	if n, _ := s.CountReports(context.Background(), trucewatch.ReportFilter{}); n != 3 {
		t.Errorf("%d reports stored, want 3", n)
	}
}

func testReportRoundTrip(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	r := newReport("Вночі на 19 березня в Сумах влучили в лікарню.\nДругий рядок.", "uk", "Приклад", "2025-03-19T00:30:00+02:00")
	r.URL, r.Title, r.Origin = "https://example.org/a?b=1", "Заголовок", "examples/reports/x.txt"
	r.Metadata = map[string]string{"channel": "@example"}
	mustAdd(t, s, r)
	got, err := s.Report(ctx, r.ID)
	if err != nil {
		t.Fatalf("Report: %v", err)
	}
	want := r
	want.Ingested = time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	if !got.Published.Time.Equal(want.Published.Time) || got.Published.String() != want.Published.String() {
		t.Errorf("Published = %s, want %s", got.Published, want.Published)
	}
	if got.Published.Date().String() != "2025-03-19" {
		t.Errorf("local publication day = %s, want 2025-03-19", got.Published.Date())
	}
	got.Published, want.Published = trucewatch.Published{}, trucewatch.Published{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Report round trip:\n got %+v\nwant %+v", got, want)
	}
	// Listing leaves the raw bytes out.
	list, err := s.Reports(ctx, trucewatch.ReportFilter{})
	if err != nil || len(list) != 1 || list[0].Raw != nil || list[0].Text != r.Text {
		t.Errorf("Reports = %+v, %v; want the report without raw bytes", list, err)
	}
}

func testReportFilters(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	r1 := newReport("one", "de", "A", "2025-03-18")
	r2 := newReport("two", "en", "B", "2025-03-19T10:00:00Z")
	r3 := newReport("three", "en", "A", "2025-03-21")
	r4 := newReport("undated", "ru", "C", "")
	mustAdd(t, s, r1, r2, r3, r4)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		f    trucewatch.ReportFilter
		want []trucewatch.Report
	}{
		{"all, newest first, undated last", trucewatch.ReportFilter{}, []trucewatch.Report{r3, r2, r1, r4}},
		{"language", trucewatch.ReportFilter{Language: "en"}, []trucewatch.Report{r3, r2}},
		{"outlet", trucewatch.ReportFilter{Outlet: "A"}, []trucewatch.Report{r3, r1}},
		{"since", trucewatch.ReportFilter{Since: day("2025-03-19")}, []trucewatch.Report{r3, r2}},
		{"until", trucewatch.ReportFilter{Until: day("2025-03-19")}, []trucewatch.Report{r1}},
		{"window", trucewatch.ReportFilter{Since: day("2025-03-19"), Until: day("2025-03-20")}, []trucewatch.Report{r2}},
		{"limit and offset", trucewatch.ReportFilter{Limit: 2, Offset: 1}, []trucewatch.Report{r2, r1}},
		{"id prefix", trucewatch.ReportFilter{IDPrefix: r2.ID[:8]}, []trucewatch.Report{r2}},
		{"upper-case prefix", trucewatch.ReportFilter{IDPrefix: "X" + r2.ID[:8]}, nil},
		{"wildcard is no prefix", trucewatch.ReportFilter{IDPrefix: "%"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Reports(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs, wantIDs []string
			for _, r := range got {
				gotIDs = append(gotIDs, trucewatch.ShortID(r.ID))
			}
			for _, r := range tt.want {
				wantIDs = append(wantIDs, trucewatch.ShortID(r.ID))
			}
			if !reflect.DeepEqual(gotIDs, wantIDs) {
				t.Errorf("got %v, want %v", gotIDs, wantIDs)
			}
			if tt.f.Limit == 0 {
				n, err := s.CountReports(ctx, tt.f)
				if err != nil || n != len(tt.want) {
					t.Errorf("CountReports = %d, %v; want %d", n, err, len(tt.want))
				}
			}
		})
	}
}

func testReportErrors(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	if _, err := s.Report(ctx, "feedface"); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("Report(unknown) error = %v, want ErrNotFound", err)
	}
	bad := newReport("x", "en", "A", "")
	bad.ID = trucewatch.ContentID([]byte("other bytes"))
	good := newReport("y", "en", "A", "")
	if _, err := s.AddReports(ctx, []trucewatch.Report{good, bad}); !errors.Is(err, trucewatch.ErrInvalid) {
		t.Errorf("AddReports with a forged ID: error = %v, want ErrInvalid", err)
	}
	if n, _ := s.CountReports(ctx, trucewatch.ReportFilter{}); n != 0 {
		t.Errorf("a failed batch stored %d reports, want 0 (one transaction)", n)
	}
}

func testConcurrentIngest(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	var reports []trucewatch.Report
	for i := range 40 {
		reports = append(reports, newReport(fmt.Sprintf("report %d", i), "en", fmt.Sprintf("Outlet %d", i%3), "2025-03-19"))
	}
	const workers = 6
	counts := make([][]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// Every worker ingests every report, in its own order.
			batch := append(append([]trucewatch.Report(nil), reports[w*5:]...), reports[:w*5]...)
			isNew, err := s.AddReports(context.Background(), batch)
			if err != nil {
				t.Errorf("worker %d: %v", w, err)
			}
			counts[w] = isNew
		})
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		for _, n := range c {
			if n {
				total++
			}
		}
	}
	if total != len(reports) {
		t.Errorf("%d reports were new across workers, want exactly %d", total, len(reports))
	}
}

func testSources(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	mustAdd(t, s, newReport("a", "en", "Kyiv Independent", ""), newReport("b", "ru", "TASS", ""))
	srcs, err := s.Sources(ctx)
	if err != nil || len(srcs) != 2 || srcs[0].Affiliation != trucewatch.AffiliationUnknown {
		t.Fatalf("Sources after ingest = %+v, %v; want 2 outlets of unknown affiliation", srcs, err)
	}
	tass := trucewatch.Source{Outlet: "TASS", URL: "https://tass.ru", Affiliation: trucewatch.AffiliationStateMedia, Party: trucewatch.PartyRU}
	if err := s.PutSource(ctx, tass); err != nil {
		t.Fatal(err)
	}
	srcs, _ = s.Sources(ctx)
	if !reflect.DeepEqual(srcs[1], tass) {
		t.Errorf("after PutSource: %+v, want %+v", srcs[1], tass)
	}
	// A later report from the same outlet keeps the registry's affiliation.
	mustAdd(t, s, newReport("c", "ru", "TASS", ""))
	srcs, _ = s.Sources(ctx)
	if srcs[1].Affiliation != trucewatch.AffiliationStateMedia {
		t.Errorf("ingest overwrote the affiliation: %+v", srcs[1])
	}
	if err := s.PutSource(ctx, trucewatch.Source{Outlet: "X", Affiliation: "friendly"}); !errors.Is(err, trucewatch.ErrInvalid) {
		t.Errorf("PutSource(bad affiliation) = %v, want ErrInvalid", err)
	}
}

func intp(n int) *int { return &n }

func testClaims(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	r := newReport("In der Nacht wurde in Sumy ein Krankenhaus getroffen. 175 gegen 175.", "de", "A", "2025-03-19")
	mustAdd(t, s, r)
	sumy := trucewatch.Place{ID: "gn:692194", Name: "Sumy", Admin1: "UA-59", Country: "UA", Precision: trucewatch.PlaceSettlement, Lat: 50.9216, Lon: 34.8003}
	hospital := trucewatch.Claim{
		ID: r.ID[:12] + "-0", ReportID: r.ID, Kind: trucewatch.ClaimIncident, Sentence: trucewatch.Span{Start: 0, End: 55},
		Incident: &trucewatch.IncidentClaim{
			Date: trucewatch.Date{Year: 2025, Month: 3, Day: 19}, DatePrecision: trucewatch.DateDay,
			Place: sumy, PlaceMention: "Sumy", Target: trucewatch.TargetMedical, TargetDetail: "hospital",
			Perpetrator: trucewatch.PartyRU, Claimant: trucewatch.ClaimantMedia, Weapon: trucewatch.WeaponDrone,
			Quantity: intp(40), Consequences: []trucewatch.Consequence{trucewatch.ConsequenceDamage},
		},
	}
	exchange := trucewatch.Claim{
		ID: r.ID[:12] + "-1", ReportID: r.ID, Kind: trucewatch.ClaimExchange, Sentence: trucewatch.Span{Start: 56, End: 71},
		Exchange: &trucewatch.ExchangeClaim{
			Date: trucewatch.Date{Year: 2025, Month: 3, Day: 19}, Parties: []trucewatch.Party{"RU", "UA"},
			Returned: map[trucewatch.Party]int{"RU": 175, "UA": 197},
		},
	}
	if err := s.ReplaceClaims(ctx, r.ID, []trucewatch.Claim{hospital, exchange}); err != nil {
		t.Fatalf("ReplaceClaims: %v", err)
	}
	got, err := s.Claims(ctx, trucewatch.ClaimFilter{ReportID: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []trucewatch.Claim{hospital, exchange}) {
		t.Errorf("Claims round trip:\n got %+v\nwant %+v", got, []trucewatch.Claim{hospital, exchange})
	}
	filtered, err := s.Claims(ctx, trucewatch.ClaimFilter{Kind: trucewatch.ClaimIncident, Target: trucewatch.TargetMedical,
		From: trucewatch.Date{Year: 2025, Month: 3, Day: 19}, To: trucewatch.Date{Year: 2025, Month: 3, Day: 19}})
	if err != nil || len(filtered) != 1 || filtered[0].ID != hospital.ID {
		t.Errorf("filtered claims = %+v, %v; want the hospital", filtered, err)
	}
	// A second extraction replaces the first.
	if err := s.ReplaceClaims(ctx, r.ID, []trucewatch.Claim{exchange}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Claims(ctx, trucewatch.ClaimFilter{}); len(got) != 1 {
		t.Errorf("after replace: %d claims, want 1", len(got))
	}
	if err := s.ReplaceClaims(ctx, "feedface", nil); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("claims of an unknown report: %v, want ErrNotFound", err)
	}
	broken := hospital
	broken.Incident = nil
	if err := s.ReplaceClaims(ctx, r.ID, []trucewatch.Claim{broken}); !errors.Is(err, trucewatch.ErrInvalid) {
		t.Errorf("claim without body: %v, want ErrInvalid", err)
	}
	if s.Engine() == Postgres {
		var wkt string
		if err := s.db.QueryRow(`SELECT ST_AsText(geom) FROM claims WHERE kind = 'incident'`).Scan(&wkt); err == nil {
			t.Errorf("incident still present after replace: %s", wkt)
		}
		if err := s.ReplaceClaims(ctx, r.ID, []trucewatch.Claim{hospital}); err != nil {
			t.Fatal(err)
		}
		var within bool
		err := s.db.QueryRow(`SELECT ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(34.80, 50.92), 4326)::geography, 1000)
			FROM claims WHERE id = $1`, hospital.ID).Scan(&within)
		if err != nil || !within {
			t.Errorf("PostGIS point of the Sumy claim: within 1 km = %v, err %v", within, err)
		}
	}
}

func testAgreements(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	msk := time.FixedZone("MSK", 3*3600)
	a := trucewatch.Agreement{
		ID: "energy", Version: 1, Title: "Energy moratorium", Parties: []trucewatch.Party{"RU", "UA"},
		Mediators: []trucewatch.Party{"US"}, Status: trucewatch.AgreementAgreed, Reciprocal: true,
		Effective: trucewatch.Window{From: time.Date(2025, 3, 18, 0, 0, 0, 0, msk), To: time.Date(2025, 4, 17, 0, 0, 0, 0, msk), TimeZone: "Europe/Moscow"},
		Readings:  []trucewatch.Reading{{ID: "all", Label: "All", HeldBy: []trucewatch.Party{"RU", "UA"}, Scope: trucewatch.Scope{Targets: []trucewatch.Target{"energy"}}}},
	}
	norm := trucewatch.Agreement{
		ID: "ihl-medical", Version: 1, Title: "Medical facilities", Norm: true, Status: trucewatch.AgreementAgreed,
		Effective: trucewatch.Window{From: time.Date(1949, 8, 12, 0, 0, 0, 0, time.UTC)},
		Readings:  []trucewatch.Reading{{ID: "ihl", Label: "IHL", Scope: trucewatch.Scope{Targets: []trucewatch.Target{"medical"}}}},
	}
	steps := []struct {
		a    trucewatch.Agreement
		want PutResult
		err  error
	}{
		{a, PutNew, nil},
		{norm, PutNew, nil},
		{a, PutUnchanged, nil},
		{func() trucewatch.Agreement { b := a; b.Title = "Edited quietly"; return b }(), "", trucewatch.ErrConflict},
		{func() trucewatch.Agreement { b := a; b.Version = 2; b.Title = "Edited openly"; return b }(), PutUpdated, nil},
		{a, "", trucewatch.ErrConflict}, // an older version
		{func() trucewatch.Agreement { b := a; b.Readings = nil; return b }(), "", trucewatch.ErrInvalid},
	}
	for i, st := range steps {
		got, err := s.PutAgreement(ctx, st.a)
		if got != st.want || !errors.Is(err, st.err) {
			t.Errorf("step %d: PutAgreement = %q, %v; want %q, %v", i, got, err, st.want, st.err)
		}
	}
	list, err := s.Agreements(ctx)
	if err != nil || len(list) != 2 || list[0].ID != "ihl-medical" || list[1].Title != "Edited openly" {
		t.Fatalf("Agreements = %+v, %v", list, err)
	}
	got, err := s.Agreement(ctx, "energy")
	if err != nil || !got.Effective.From.Equal(a.Effective.From) || got.Effective.TimeZone != "Europe/Moscow" {
		t.Errorf("Agreement = %+v, %v", got, err)
	}
	if _, err := s.Agreement(ctx, "nope"); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("Agreement(unknown) = %v, want ErrNotFound", err)
	}
}

func testAnalysis(t *testing.T, dsn string, indexed bool) {
	s, reader := openIndexed(t, dsn, indexed)
	ctx := context.Background()
	day := func(d int) trucewatch.Date { return trucewatch.Date{Year: 2025, Month: 3, Day: d} }
	sumy := trucewatch.Place{ID: "gn:692194", Name: "Sumy", Admin1: "UA-59", Country: "UA", Precision: "settlement", Lat: 50.92, Lon: 34.8}
	sudzha := trucewatch.Place{ID: "tw:sudzha-gms", Name: "Sudzha gas metering station", Admin1: "RU-KRS", Country: "RU", Precision: "settlement", Lat: 51.2, Lon: 35.26}
	incs := []trucewatch.Incident{
		{ID: "i1", From: day(19), To: day(19), Place: sumy, Target: "medical", TargetDetail: "hospital", ClaimIDs: []string{"c1", "c2"}, Accused: []trucewatch.Party{"RU"}},
		{ID: "i2", From: day(21), To: day(21), Place: sudzha, Target: "energy", TargetDetail: "gas metering station", ClaimIDs: []string{"c3"}, Accused: []trucewatch.Party{"RU", "UA"}},
	}
	as := []trucewatch.Assessment{
		{IncidentID: "i1", AgreementID: "ihl", ReadingID: "gc", Accused: "RU", InScope: true, Status: "corroborated", Day: day(19), Reason: "r"},
		{IncidentID: "i2", AgreementID: "energy", ReadingID: "kremlin", Accused: "RU", InScope: true, Status: "disputed", Day: day(21), Reason: "r"},
		{IncidentID: "i2", AgreementID: "energy", ReadingID: "kremlin", Accused: "UA", InScope: true, Status: "disputed", Day: day(21), Reason: "r"},
		{IncidentID: "i1", AgreementID: "energy", ReadingID: "kremlin", Accused: "RU", InScope: false, Day: day(19),
			Why: []trucewatch.Why{{Code: trucewatch.WhyTargetNotListed, Args: []trucewatch.WhyArg{{Kind: trucewatch.WhyTarget, Value: "medical"}, {Kind: trucewatch.WhyTargets, Value: "energy"}}}}}, // read back whole below
	}
	if err := s.ReplaceAnalysis(ctx, incs, as); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceAnalysis(ctx, incs, as); err != nil { // replacing is idempotent
		t.Fatal(err)
	}
	if n, err := s.AssessmentsInEnglishOnly(ctx); err != nil || n != 3 {
		t.Errorf("AssessmentsInEnglishOnly = %d, %v; want the 3 without messages", n, err)
	}
	ids := func(f trucewatch.IncidentFilter) string {
		got, err := incidentsOf(ctx, reader, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, i := range got {
			out = append(out, i.ID)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		f    trucewatch.IncidentFilter
		want string
	}{
		{trucewatch.IncidentFilter{}, "i2,i1"},
		{trucewatch.IncidentFilter{From: day(20)}, "i2"},
		{trucewatch.IncidentFilter{To: day(20)}, "i1"},
		{trucewatch.IncidentFilter{BBox: &trucewatch.BBox{MinLon: 34, MinLat: 50, MaxLon: 35, MaxLat: 51}}, "i1"},
		{trucewatch.IncidentFilter{Target: "energy"}, "i2"},
		{trucewatch.IncidentFilter{Place: "UA-59"}, "i1"},
		{trucewatch.IncidentFilter{Place: "tw:sudzha-gms"}, "i2"},
		{trucewatch.IncidentFilter{Place: "RU-KRS", To: day(20)}, ""},
		{trucewatch.IncidentFilter{Party: "UA"}, "i2"},
		{trucewatch.IncidentFilter{Agreement: "energy"}, "i2"},
		{trucewatch.IncidentFilter{Status: "corroborated"}, "i1"},
		{trucewatch.IncidentFilter{Agreement: "energy", Status: "corroborated"}, ""},
		{trucewatch.IncidentFilter{Text: "SUDZHA"}, "i2"},
		{trucewatch.IncidentFilter{Text: "hospital"}, "i1"},
		{trucewatch.IncidentFilter{Limit: 1, Offset: 1}, "i1"},
	}
	for _, tt := range tests {
		if got := ids(tt.f); got != tt.want {
			t.Errorf("Incidents(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	got, err := s.Incident(ctx, "i2")
	if err != nil || !reflect.DeepEqual(got, incs[1]) {
		t.Errorf("Incident = %+v, %v", got, err)
	}
	if _, err := s.Incident(ctx, "nope"); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("Incident(unknown) = %v", err)
	}
	all, err := s.Assessments(ctx, trucewatch.AssessmentFilter{Agreement: "energy"})
	if err != nil || len(all) != 3 || !reflect.DeepEqual(all[0], as[3]) {
		t.Errorf("Assessments = %+v, %v", all, err)
	}
}

// testBoxes checks the cell index against a plain filter: points on grid
// lines, on box edges and on both sides of the prime meridian and equator,
// boxes small and too large for the cell index, and the map layer's points
// and clusters.
func testBoxes(t *testing.T, dsn string, indexed bool) {
	s, reader := openIndexed(t, dsn, indexed)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 3))
	var incs []trucewatch.Incident
	coords := []float64{-0.5, 0, 0.25, 0.5, 1, 47.5, 50, 50.000000001, 49.999999999, 36.5}
	for i := range 400 {
		var lat, lon float64
		if i < 100 {
			lat, lon = coords[r.IntN(len(coords))], coords[r.IntN(len(coords))]
		} else {
			lat, lon = -5+r.Float64()*60, -5+r.Float64()*45
		}
		incs = append(incs, trucewatch.Incident{ID: fmt.Sprintf("i%03d", i),
			From: trucewatch.Date{Year: 2025, Month: 3, Day: 1 + r.IntN(28)}, To: trucewatch.Date{Year: 2025, Month: 3, Day: 28},
			Place:  trucewatch.Place{ID: "p", Name: "P", Country: "UA", Precision: "settlement", Lat: lat, Lon: lon},
			Target: "energy", ClaimIDs: []string{"c"}, Accused: []trucewatch.Party{"RU"}})
	}
	if err := s.ReplaceAnalysis(ctx, incs, nil); err != nil {
		t.Fatal(err)
	}
	// Pages of long windows, which IncidentsJSON first looks for in the
	// window's last days, against sorting everything.
	byDay := slices.Clone(incs)
	slices.SortFunc(byDay, func(a, b trucewatch.Incident) int {
		return cmp.Or(b.From.Sub(a.From), strings.Compare(a.ID, b.ID))
	})
	for _, w := range []struct{ from, to, limit, offset int }{{1, 28, 5, 0}, {1, 28, 5, 3}, {1, 28, 50, 20}, {0, 20, 10, 0}, {3, 12, 300, 0}, {1, 28, 10, 390}} {
		f := trucewatch.IncidentFilter{To: trucewatch.Date{Year: 2025, Month: 3, Day: w.to}, Limit: w.limit, Offset: w.offset}
		if w.from > 0 {
			f.From = trucewatch.Date{Year: 2025, Month: 3, Day: w.from}
		}
		var want []string
		for _, inc := range byDay {
			if inc.From.Day <= w.to && inc.From.Day >= w.from {
				want = append(want, inc.ID)
			}
		}
		want = want[min(w.offset, len(want)):min(w.offset+w.limit, len(want))]
		got, err := incidentsOf(ctx, reader, f)
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []string
		for _, inc := range got {
			gotIDs = append(gotIDs, inc.ID)
		}
		if !slices.Equal(gotIDs, want) {
			t.Errorf("window %+v: got %v, want %v", w, gotIDs, want)
		}
	}
	box := func(minLon, minLat, maxLon, maxLat float64) trucewatch.BBox {
		return trucewatch.BBox{MinLon: minLon, MinLat: minLat, MaxLon: maxLon, MaxLat: maxLat}
	}
	boxes := []trucewatch.BBox{box(0, 0, 0.5, 0.5), box(-0.5, -0.5, 0, 0), box(36.5, 47.5, 50, 50), box(0.25, 0.25, 0.25, 0.25),
		box(49.999999999, 49.999999999, 50, 50.000000001), box(-5, -5, 40, 55), box(30, 45, 40, 52)}
	for range 40 {
		lat, lon := -5+r.Float64()*60, -5+r.Float64()*45
		boxes = append(boxes, trucewatch.BBox{MinLon: lon, MinLat: lat, MaxLon: lon + r.Float64()*3, MaxLat: lat + r.Float64()*2})
	}
	for _, b := range boxes {
		var want []string
		for _, inc := range incs {
			p := inc.Place
			if p.Lat >= b.MinLat && p.Lat <= b.MaxLat && p.Lon >= b.MinLon && p.Lon <= b.MaxLon {
				want = append(want, inc.ID)
			}
		}
		got, err := incidentsOf(ctx, reader, trucewatch.IncidentFilter{BBox: &b, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []string
		for _, inc := range got {
			gotIDs = append(gotIDs, inc.ID)
		}
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, want) {
			t.Errorf("box %+v: got %d incidents, want %d", b, len(gotIDs), len(want))
		}
		cells, err := reader.MapCells(ctx, trucewatch.IncidentFilter{BBox: &b})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, c := range cells {
			sum += c.Count
			if !b.Contains(c.Lat, c.Lon) {
				t.Errorf("box %+v: cell %+v lies outside it", b, c)
			}
		}
		if sum != len(want) {
			t.Errorf("box %+v: map cells hold %d incidents, want %d", b, sum, len(want))
		}
		points, err := reader.NewestPoints(ctx, trucewatch.IncidentFilter{BBox: &b}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var pointIDs []string
		for _, p := range points {
			pointIDs = append(pointIDs, p.ID)
		}
		slices.Sort(pointIDs)
		if !slices.Equal(pointIDs, want) {
			t.Errorf("box %+v: %d map points, want %d", b, len(pointIDs), len(want))
		}
	}
}

// testTimeline checks the database's counts against assess.Timeline of the
// same assessments, and the IncidentIDs filter against a plain one.
func testTimeline(t *testing.T, dsn string) {
	ctx := context.Background()
	s := mustOpen(t, dsn)
	r := rand.New(rand.NewPCG(8, 8))
	incs := synth.Incidents(r, 200)
	statuses := []trucewatch.AssessmentStatus{"alleged", "corroborated", "disputed"}
	var as []trucewatch.Assessment
	for _, inc := range incs {
		for _, ag := range []string{"energy", "ihl"} {
			for _, p := range []trucewatch.Party{"RU", "UA"} {
				if r.IntN(2) == 0 {
					continue
				}
				a := trucewatch.Assessment{IncidentID: inc.ID, AgreementID: ag, ReadingID: []string{"a", "b"}[r.IntN(2)],
					Accused: p, Day: inc.From, Reason: "r", InScope: r.IntN(4) > 0}
				if a.InScope {
					a.Status = statuses[r.IntN(len(statuses))]
				}
				as = append(as, a)
			}
		}
	}
	if err := s.ReplaceAnalysis(ctx, incs, as); err != nil {
		t.Fatal(err)
	}
	some := []string{incs[3].ID, incs[50].ID, incs[51].ID, "no-such-incident"}
	for _, f := range []trucewatch.AssessmentFilter{{}, {Agreement: "ihl"}, {From: incs[0].From, To: incs[0].From.AddDays(10)},
		{IncidentIDs: some}, {IncidentIDs: []string{}}, {IncidentIDs: some, Agreement: "energy"},
		{Agreement: "energy", Reading: "b", Accused: "UA"}, {Agreement: "ihl", Reading: "a", Accused: "RU", InScope: true},
		{InScope: true, Limit: 7}, {Accused: "RU", Limit: 1000}} {
		got, err := s.Timeline(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.Assessments(ctx, trucewatch.AssessmentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var want []trucewatch.Assessment
		for _, a := range all {
			if (f.Agreement == "" || a.AgreementID == f.Agreement) && (f.From.IsZero() || !a.Day.Before(f.From)) &&
				(f.To.IsZero() || !f.To.Before(a.Day)) && (f.IncidentIDs == nil || slices.Contains(f.IncidentIDs, a.IncidentID)) &&
				(f.Reading == "" || a.ReadingID == f.Reading) && (f.Accused == "" || a.Accused == f.Accused) && (!f.InScope || a.InScope) {
				want = append(want, a)
			}
		}
		n, err := s.CountAssessments(ctx, f)
		if err != nil || n != len(want) {
			t.Errorf("CountAssessments(%+v) = %d, %v, want %d", f, n, err, len(want))
		}
		wantDays := assess.Timeline(want)
		if f.Limit > 0 { // the newest first, as many as asked
			slices.SortStableFunc(want, func(a, b trucewatch.Assessment) int { return b.Day.Sub(a.Day) })
			want = want[:min(f.Limit, len(want))]
		}
		selected, err := s.Assessments(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(selected, want) {
			t.Errorf("Assessments(%+v): %d assessments, want %d", f, len(selected), len(want))
		}
		if !reflect.DeepEqual(got, wantDays) && len(got)+len(wantDays) > 0 {
			t.Errorf("Timeline(%+v) = %d days, want %d:\n%+v\n%+v", f, len(got), len(wantDays), got, wantDays)
		}
	}
	// A second rewrite replaces the counts, not adds to them. The first
	// third of the assessments are of the first incidents only.
	if err := s.ReplaceAnalysis(ctx, incs[:100], as[:len(as)/3]); err != nil {
		t.Fatal(err)
	}
	got, err := s.Timeline(ctx, trucewatch.AssessmentFilter{})
	if want := assess.Timeline(as[:len(as)/3]); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after a second rewrite, Timeline = %d days, %v; want %d", len(got), err, len(want))
	}
}

// testIncidentJSON checks that IncidentsJSON gives back the bytes
// json.Marshal wrote, compact and HTML-escaped, on every engine, with the
// index and without: the API sends them on as they are.
func testIncidentJSON(t *testing.T, dsn string) {
	ctx := context.Background()
	inc := trucewatch.Incident{ID: "i1", From: trucewatch.Date{Year: 2025, Month: 3, Day: 19}, To: trucewatch.Date{Year: 2025, Month: 3, Day: 19},
		Place:  trucewatch.Place{ID: "p", Name: `Sumy <script>alert("x")</script> & co`, Country: "UA", Precision: "settlement", Lat: 50.9, Lon: 34.8},
		Target: "medical", TargetDetail: "<b>hospital</b>", ClaimIDs: []string{"c1", "c2"}, Accused: []trucewatch.Party{"RU"}}
	want, err := json.Marshal(inc)
	if err != nil {
		t.Fatal(err)
	}
	for _, indexed := range []bool{false, true} {
		s, reader := openIndexed(t, dsn, indexed)
		if err := s.ReplaceAnalysis(ctx, []trucewatch.Incident{inc}, nil); err != nil {
			t.Fatal(err)
		}
		got, err := reader.IncidentsJSON(ctx, trucewatch.IncidentFilter{})
		if err != nil || len(got) != 1 || string(got[0]) != string(want) {
			t.Errorf("IncidentsJSON = %s, %v; want %s", got, err, want)
		}
	}
}

// TestWatch: a store watching the database hears of an analysis that
// another store (another process) commits, within two seconds.
func TestWatch(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.DSN(t)
			watcher, writer := mustOpen(t, dsn), mustOpen(t, dsn)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			heard := make(chan struct{}, 10)
			go watcher.Watch(ctx, time.Second, func() { heard <- struct{}{} })
			time.Sleep(200 * time.Millisecond) // the watcher is listening
			inc := trucewatch.Incident{ID: "inc-watch", From: trucewatch.Date{Year: 2025, Month: 3, Day: 19},
				To: trucewatch.Date{Year: 2025, Month: 3, Day: 19}, Target: trucewatch.TargetEnergy,
				Place: trucewatch.Place{ID: "gn:692194", Name: "Sumy", Country: "UA", Precision: "settlement", Lat: 50.9, Lon: 34.8}}
			start := time.Now()
			if err := writer.ReplaceAnalysis(ctx, []trucewatch.Incident{inc}, nil); err != nil {
				t.Fatal(err)
			}
			select {
			case <-heard:
				t.Logf("heard after %s", time.Since(start).Round(time.Millisecond))
			case <-time.After(2 * time.Second):
				t.Fatal("no word of the change within 2 s")
			}
		})
	}
}
