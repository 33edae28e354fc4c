package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/export"
	"github.com/trucewatch/trucewatch/internal/synth"
)

// TestExport stores a few incidents with claims, reports and assessments
// on every engine, streams them with EachIncident into every format, and
// reads each back.
func TestExport(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := mustOpen(t, e.DSN(t))
			ctx := context.Background()
			seedExport(t, s)
			collect := func(f trucewatch.IncidentFilter) []trucewatch.IncidentRecord {
				var out []trucewatch.IncidentRecord
				if err := s.EachIncident(ctx, f, func(r trucewatch.IncidentRecord) error { out = append(out, r); return nil }); err != nil {
					t.Fatal(err)
				}
				return out
			}
			all := collect(trucewatch.IncidentFilter{})
			var ids []string
			for _, r := range all {
				ids = append(ids, r.Incident.ID)
			}
			if got := strings.Join(ids, ","); got != "i3,i2,i1" {
				t.Fatalf("EachIncident: %s, want i3,i2,i1", got)
			}
			i1 := all[2]
			if len(i1.Claims) != 2 || len(i1.Reports) != 2 || len(i1.Assessments) != 2 || i1.Reports[0].URL == "" {
				t.Errorf("i1: %d claims, %d reports %+v, %d assessments", len(i1.Claims), len(i1.Reports), i1.Reports, len(i1.Assessments))
			}
			if want := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC); !i1.Updated().Equal(want) {
				t.Errorf("i1 updated %v, want %v (the store's clock at ingest)", i1.Updated(), want)
			}
			for _, tc := range []struct {
				f    trucewatch.IncidentFilter
				want string
			}{
				{trucewatch.IncidentFilter{Party: "UA"}, "i2"},
				{trucewatch.IncidentFilter{Target: "medical"}, "i3,i1"},
				{trucewatch.IncidentFilter{Agreement: "ihl", Status: "corroborated"}, "i1"},
				{trucewatch.IncidentFilter{Limit: 2}, "i3,i2"},
			} {
				var got []string
				for _, r := range collect(tc.f) {
					got = append(got, r.Incident.ID)
				}
				if strings.Join(got, ",") != tc.want {
					t.Errorf("filter %+v: %v, want %s", tc.f, got, tc.want)
				}
			}

			for _, format := range export.Formats {
				var out bytes.Buffer
				w, err := export.NewWriter(&out, format, export.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if err := s.EachIncident(ctx, trucewatch.IncidentFilter{}, w.Write); err != nil {
					t.Fatal(err)
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				checkExported(t, format, out.Bytes())
			}

			recent, err := s.RecentIncidents(ctx, trucewatch.IncidentFilter{Target: "medical"}, 100)
			if err != nil {
				t.Fatal(err)
			}
			var feed bytes.Buffer
			if err := export.WriteFeed(&feed, export.NewFeed(recent, "http://x/feeds/incidents.atom", "http://x", "t", time.Now(), export.Words{})); err != nil {
				t.Fatal(err)
			}
			var f struct {
				Entries []struct {
					ID      string `xml:"id"`
					Updated string `xml:"updated"`
					Summary string `xml:"summary"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal(feed.Bytes(), &f); err != nil {
				t.Fatalf("atom: %v", err)
			}
			if len(f.Entries) != 2 || f.Entries[1].ID != "http://x/incidents/i1" || f.Entries[1].Updated != "2025-03-20T12:00:00Z" ||
				!strings.Contains(f.Entries[1].Summary, "Sumy") {
				t.Errorf("feed entries %+v", f.Entries)
			}
		})
	}
}

// seedExport stores three incidents: i1 with two claims in two reports
// and two assessments, i2 and i3 without claims.
func seedExport(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	sumy := trucewatch.Place{ID: "gn:692194", Name: "Sumy", Admin1: "UA-59", Country: "UA", Precision: "settlement", Lat: 50.92, Lon: 34.8}
	var claimIDs []string
	for i, outlet := range []string{"Ukrinform", "Reuters"} {
		r := newReport(fmt.Sprintf("Russian drones hit a hospital in Sumy (%d).", i), "en", outlet, "2025-03-19")
		r.URL = "https://" + strings.ToLower(outlet) + ".example/" + r.ID[:8]
		mustAdd(t, s, r)
		c := trucewatch.Claim{ID: r.ID[:12] + "-0", ReportID: r.ID, Kind: trucewatch.ClaimIncident, Sentence: trucewatch.Span{Start: 0, End: 10},
			Incident: &trucewatch.IncidentClaim{Date: trucewatch.Date{Year: 2025, Month: 3, Day: 19}, DatePrecision: trucewatch.DateDay,
				Place: sumy, Target: "medical", Perpetrator: "RU", Claimant: "media", Weapon: "drone", Killed: intp(2 + i)}}
		if err := s.ReplaceClaims(ctx, r.ID, []trucewatch.Claim{c}); err != nil {
			t.Fatal(err)
		}
		claimIDs = append(claimIDs, c.ID)
	}
	day := func(d int) trucewatch.Date { return trucewatch.Date{Year: 2025, Month: 3, Day: d} }
	incs := []trucewatch.Incident{
		{ID: "i1", From: day(19), To: day(19), Place: sumy, Target: "medical", ClaimIDs: claimIDs, Accused: []trucewatch.Party{"RU"},
			Origins: []trucewatch.Origin{{Outlet: "Ukrinform", Affiliation: "state_media"}, {Outlet: "Reuters", Affiliation: "wire"}}},
		{ID: "i2", From: day(21), To: day(22), Place: trucewatch.Place{Name: "Kursk Oblast", Country: "RU", Precision: "admin1"}, Target: "energy", Accused: []trucewatch.Party{"UA"}},
		{ID: "i3", From: day(22), To: day(22), Place: sumy, Target: "medical", Accused: []trucewatch.Party{"RU"}},
	}
	as := []trucewatch.Assessment{
		{IncidentID: "i1", AgreementID: "ihl", ReadingID: "gc", Accused: "RU", InScope: true, Status: "corroborated", Day: day(19), Reason: "r"},
		{IncidentID: "i1", AgreementID: "energy", ReadingID: "kremlin", Accused: "RU", InScope: false, Day: day(19), Reason: "out"},
	}
	if err := s.ReplaceAnalysis(ctx, incs, as); err != nil {
		t.Fatal(err)
	}
}

// checkExported reads an export of seedExport's incidents back.
func checkExported(t *testing.T, format string, b []byte) {
	t.Helper()
	switch format {
	case "csv":
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("csv: %v", err)
		}
		if len(rows) != 4 || !slices.Equal(rows[0], export.Columns) {
			t.Fatalf("csv: %d rows, header %v", len(rows), rows[0])
		}
		col := func(row int, name string) string { return rows[row][slices.Index(export.Columns, name)] }
		for name, want := range map[string]string{"event_id_cnty": "i1", "latitude": "50.92", "longitude": "34.8", "fatalities": "3",
			"source": "Ukrinform; Reuters", "status": "ihl/gc/RU=corroborated", "claimant": "media", "sub_event_type": "Air/drone strike"} {
			if got := col(3, name); got != want {
				t.Errorf("csv i1 %s = %q, want %q", name, got, want)
			}
		}
		if col(3, "report_urls") == "" || col(2, "geo_precision") != "3" || col(2, "time_precision") != "2" {
			t.Errorf("csv: i1 report_urls %q, i2 geo %q time %q", col(3, "report_urls"), col(2, "geo_precision"), col(2, "time_precision"))
		}
	case "geojson":
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				ID       string `json:"id"`
				Geometry *struct {
					Coordinates [2]float64 `json:"coordinates"`
				} `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("geojson: %v", err)
		}
		if fc.Type != "FeatureCollection" || len(fc.Features) != 3 || fc.Features[1].Geometry != nil ||
			fc.Features[2].Geometry == nil || fc.Features[2].Geometry.Coordinates != [2]float64{34.8, 50.92} {
			t.Errorf("geojson: %s", b)
		}
	case "jsonl":
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("jsonl: %d lines", len(lines))
		}
		for i, l := range lines {
			var v map[string]any
			if err := json.Unmarshal([]byte(l), &v); err != nil || v["id"] == nil {
				t.Errorf("jsonl line %d: %v %s", i+1, err, l)
			}
		}
	}
}

// TestEachIncidentPages streams more incidents than a page holds and
// checks that every one comes once, in the list's order, on both engines.
func TestEachIncidentPages(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := mustOpen(t, e.DSN(t))
			ctx := context.Background()
			incs := synth.Incidents(rand.New(rand.NewPCG(1, 2)), 2*exportPage+37)
			if err := s.ReplaceAnalysis(ctx, incs, nil); err != nil {
				t.Fatal(err)
			}
			want, err := s.Incidents(ctx, trucewatch.IncidentFilter{Limit: len(incs)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if err := s.EachIncident(ctx, trucewatch.IncidentFilter{}, func(r trucewatch.IncidentRecord) error {
				got = append(got, r.Incident.ID)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d incidents, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i].ID {
					t.Fatalf("incident %d: %s, want %s", i, got[i], want[i].ID)
				}
			}
		})
	}
}

// BenchmarkExportCSV streams n incidents from SQLite into CSV; its
// allocations per incident stay flat as n grows.
func BenchmarkExportCSV(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := mustOpen(b, b.TempDir()+"/bench.db")
			ctx := context.Background()
			incs := synth.Incidents(rand.New(rand.NewPCG(1, 2)), n)
			if err := s.ReplaceAnalysis(ctx, incs, nil); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				var out countWriter
				w, err := export.NewWriter(&out, "csv", export.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := s.EachIncident(ctx, trucewatch.IncidentFilter{}, w.Write); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(out), "bytes/export")
			}
			b.ReportMetric(float64(len(incs)), "incidents")
		})
	}
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// TestMakeExportDB builds a SQLite database of generated incidents for
// measuring an export by hand (docs/exports.md): it runs only with
// TRUCEWATCH_EXPORT_DB set to the file to write, and
// TRUCEWATCH_EXPORT_N (default 1,000,000) incidents.
func TestMakeExportDB(t *testing.T) {
	path := os.Getenv("TRUCEWATCH_EXPORT_DB")
	if path == "" {
		t.Skip("set TRUCEWATCH_EXPORT_DB to build a database to export")
	}
	n := 1_000_000
	if v := os.Getenv("TRUCEWATCH_EXPORT_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	s := mustOpen(t, path)
	incs := synth.Incidents(rand.New(rand.NewPCG(1, 2)), n)
	for i := range incs { // synth's ids clash at this size: number them
		incs[i].ID = fmt.Sprintf("inc-%07d", i)
		incs[i].Origins = []trucewatch.Origin{{Outlet: "Ukrinform", Affiliation: "state_media", ReportIDs: []string{"r"}}}
		incs[i].TargetDetail = "substation"
	}
	if err := s.ReplaceAnalysis(context.Background(), incs, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d incidents in %s", len(incs), path)
}
