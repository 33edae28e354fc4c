package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

func day(s string) trucewatch.Date {
	d, err := trucewatch.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestTimePrecision(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2025-03-19", "2025-03-19", 1},
		{"2025-03-18", "2025-03-19", 2},
		{"2025-03-13", "2025-03-19", 2},
		{"2025-03-12", "2025-03-19", 3},
		{"2025-03-01", "2025-03-31", 3},
		{"", "", 3},
	} {
		var from, to trucewatch.Date
		if tc.from != "" {
			from, to = day(tc.from), day(tc.to)
		}
		if got := TimePrecision(from, to); got != tc.want {
			t.Errorf("TimePrecision(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestPlacePrecisions(t *testing.T) {
	for _, tc := range []struct {
		p          trucewatch.PlacePrecision
		acled, gdp int
	}{
		{trucewatch.PlaceSettlement, 1, 1},
		{trucewatch.PlaceAdmin1, 3, 4},
		{trucewatch.PlaceRegion, 3, 5},
		{trucewatch.PlaceCountry, 3, 6},
		{"", 3, 6},
	} {
		if got := GeoPrecision(tc.p); got != tc.acled {
			t.Errorf("GeoPrecision(%q) = %d, want %d", tc.p, got, tc.acled)
		}
		if got := WherePrec(tc.p); got != tc.gdp {
			t.Errorf("WherePrec(%q) = %d, want %d", tc.p, got, tc.gdp)
		}
	}
}

func intp(n int) *int { return &n }

// sample is a record with every field the columns read.
func sample() trucewatch.IncidentRecord {
	at := time.Date(2025, 3, 20, 8, 0, 0, 0, time.UTC)
	claim := func(id, report string, claimant trucewatch.Claimant, w trucewatch.Weapon, killed *int, review *trucewatch.ClaimReview) trucewatch.Claim {
		return trucewatch.Claim{ID: id, ReportID: report, Kind: trucewatch.ClaimIncident, Review: review,
			Incident: &trucewatch.IncidentClaim{Claimant: claimant, Weapon: w, Killed: killed}}
	}
	return trucewatch.IncidentRecord{
		Incident: trucewatch.Incident{ID: "inc-1", From: day("2025-03-19"), To: day("2025-03-19"),
			Place:  trucewatch.Place{ID: "gn:692194", Name: "Sumy, \"centre\"", Admin1: "UA-59", Country: "UA", Precision: trucewatch.PlaceSettlement, Lat: 50.9, Lon: 34.8},
			Target: trucewatch.TargetMedical, TargetDetail: "hospital", ClaimIDs: []string{"c1", "c2", "c3"}, Accused: []trucewatch.Party{"RU"},
			Origins: []trucewatch.Origin{{Outlet: "Ukrinform", Affiliation: "state_media"}, {Outlet: "Reuters", Affiliation: "wire"}}},
		Assessments: []trucewatch.Assessment{
			{IncidentID: "inc-1", AgreementID: "ihl", ReadingID: "strict", Accused: "RU", InScope: true, Status: trucewatch.StatusCorroborated},
			{IncidentID: "inc-1", AgreementID: "moratorium", ReadingID: "narrow", Accused: "RU", InScope: false, Status: trucewatch.StatusAlleged},
		},
		Claims: []trucewatch.Claim{
			claim("c1", "r1", "official", trucewatch.WeaponDrone, intp(2), nil),
			claim("c2", "r2", "media", trucewatch.WeaponUnknown, intp(3), nil),
			claim("c3", "r2", "official", trucewatch.WeaponMissile, intp(9), &trucewatch.ClaimReview{Verdict: trucewatch.VerdictRejected, At: at.Add(time.Hour)}),
		},
		Reports: []trucewatch.ReportRef{{ID: "r1", URL: "https://a.example/1", Ingested: at}, {ID: "r2", Ingested: at.Add(-time.Hour)}},
	}
}

func TestRow(t *testing.T) {
	noPoint := sample()
	noPoint.Incident.Place = trucewatch.Place{Name: "southern Ukraine", Country: "UA", Precision: trucewatch.PlaceRegion}
	noPoint.Incident.To = day("2025-03-21")
	noPoint.Claims, noPoint.Reports, noPoint.Assessments = nil, nil, nil
	for _, tc := range []struct {
		name string
		rec  trucewatch.IncidentRecord
		want map[string]string
	}{
		{"full", sample(), map[string]string{
			"event_id_cnty": "inc-1", "event_date": "2025-03-19", "year": "2025", "time_precision": "1",
			"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "actor1": "RU",
			"country": "Ukraine", "admin1": "Sumy Oblast", "location": `Sumy, "centre"`, "latitude": "50.9", "longitude": "34.8",
			"geo_precision": "1", "where_prec": "1", "source": "Ukrinform; Reuters", "source_scale": "state_media; wire",
			"fatalities": "3",          // the rejected claim's 9 does not count
			"timestamp":  "1742461200", // the rejected claim's review still changed the record
			"claimant":   "media; official", "status": "ihl/strict/RU=corroborated",
			"report_urls": "https://a.example/1", "target": "medical", "target_detail": "hospital", "claims": "3",
		}},
		{"no point, no claims", noPoint, map[string]string{
			"latitude": "", "longitude": "", "geo_precision": "3", "where_prec": "5", "time_precision": "2",
			"event_date_to": "2025-03-21", "fatalities": "", "timestamp": "", "status": "", "sub_event_type": "", "admin1": "",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row := Row(nil, tc.rec, func(iso string) string {
				if iso == "UA-59" {
					return "Sumy Oblast"
				}
				return ""
			})
			if len(row) != len(Columns) {
				t.Fatalf("%d values for %d columns", len(row), len(Columns))
			}
			for col, want := range tc.want {
				i := slices.Index(Columns, col)
				if i < 0 {
					t.Fatalf("no column %s", col)
				}
				if row[i] != want {
					t.Errorf("%s = %q, want %q", col, row[i], want)
				}
			}
		})
	}
}

// TestWriters writes two records in every format and reads them back.
func TestWriters(t *testing.T) {
	a, b := sample(), sample()
	b.Incident.ID, b.Incident.Place.Lat, b.Incident.Place.Lon = "inc-2", 0, 0
	for _, format := range Formats {
		for _, bom := range []bool{false, true} {
			if bom && format != "csv" {
				continue
			}
			var out bytes.Buffer
			w, err := NewWriter(&out, format, Options{BOM: bom})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []trucewatch.IncidentRecord{a, b} {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			checkExport(t, format, out.Bytes(), []string{"inc-1", "inc-2"})
		}
	}
	if _, err := NewWriter(&bytes.Buffer{}, "xlsx", Options{}); err == nil {
		t.Error("format xlsx accepted")
	}
}

// checkExport parses an export back and checks it holds the incidents
// ids, in order.
func checkExport(t *testing.T, format string, b []byte, ids []string) {
	t.Helper()
	var got []string
	switch format {
	case "csv":
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatalf("csv: %v", err)
		}
		if !slices.Equal(rows[0], Columns) {
			t.Fatalf("csv header %v", rows[0])
		}
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
	case "geojson":
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				Type     string `json:"type"`
				ID       string `json:"id"`
				Geometry *struct {
					Type        string    `json:"type"`
					Coordinates []float64 `json:"coordinates"`
				} `json:"geometry"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("geojson: %v\n%s", err, b)
		}
		if fc.Type != "FeatureCollection" {
			t.Errorf("type %q", fc.Type)
		}
		for _, f := range fc.Features {
			got = append(got, f.ID)
			if f.Type != "Feature" || f.Properties["id"] != f.ID {
				t.Errorf("feature %s: type %q, properties %v", f.ID, f.Type, f.Properties)
			}
			if g := f.Geometry; g != nil {
				// Every test place is in Ukraine: longitude 22..41, latitude 44..53.
				if g.Type != "Point" || len(g.Coordinates) != 2 || g.Coordinates[0] > 41 || g.Coordinates[1] < 44 {
					t.Errorf("feature %s: geometry %+v, want [lon, lat]", f.ID, g)
				}
			}
		}
	case "jsonl":
		for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			var rec struct {
				ID       string              `json:"id"`
				Incident trucewatch.Incident `json:"incident"`
			}
			if err := json.Unmarshal([]byte(l), &rec); err != nil {
				t.Fatalf("jsonl line %d: %v", i+1, err)
			}
			if rec.ID != rec.Incident.ID {
				t.Errorf("line %d: id %q, incident %q", i+1, rec.ID, rec.Incident.ID)
			}
			got = append(got, rec.ID)
		}
	case "atom":
		var f Feed
		if err := xml.Unmarshal(b, &f); err != nil {
			t.Fatalf("atom: %v", err)
		}
		if f.ID == "" || f.Updated == "" || len(f.Links) == 0 || f.Links[0].Rel != "self" {
			t.Errorf("feed head: %+v", f)
		}
		for _, e := range f.Entries {
			if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.Summary == "" || len(e.Links) == 0 {
				t.Errorf("entry %+v: %v", e, err)
			}
			got = append(got, e.ID[strings.LastIndex(e.ID, "/")+1:])
		}
	}
	if !slices.Equal(got, ids) {
		t.Errorf("%s: incidents %v, want %v", format, got, ids)
	}
}

func TestFeed(t *testing.T) {
	a := sample()
	now := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	f := NewFeed([]trucewatch.IncidentRecord{a}, "https://m.example/feeds/incidents.atom?party=RU", "https://m.example", "Incidents: party RU", now, Words{})
	var out bytes.Buffer
	if err := WriteFeed(&out, f); err != nil {
		t.Fatal(err)
	}
	checkExport(t, "atom", out.Bytes(), []string{"inc-1"})
	if f.Updated != "2025-03-20T09:00:00Z" || f.Entries[0].ID != "https://m.example/incidents/inc-1" {
		t.Errorf("feed updated %s, entry %s", f.Updated, f.Entries[0].ID)
	}
	for _, want := range []string{"Sumy", "2025-03-19", "medical (hospital)", "Accused: RU", "ihl/strict/RU=corroborated"} {
		if !strings.Contains(f.Entries[0].Summary, want) {
			t.Errorf("summary %q lacks %q", f.Entries[0].Summary, want)
		}
	}
	if empty := NewFeed(nil, "s", "b", "t", now, Words{}); empty.Updated != "2025-04-01T00:00:00Z" {
		t.Errorf("empty feed updated %s", empty.Updated)
	}
}
