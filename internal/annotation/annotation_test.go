package annotation

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
)

func TestParseGoldFiles(t *testing.T) {
	paths, _ := filepath.Glob("../../testdata/devset/*.gold.json")
	if len(paths) < 60 {
		t.Fatalf("%d gold files in the development set", len(paths))
	}
	for _, p := range paths {
		if _, err := ReadFile(p); err != nil {
			t.Error(err)
		}
	}
}

// TestParseGrows checks that a reader accepts the optional fields the
// contract added after v1 and ignores fields it does not know.
func TestParseGrows(t *testing.T) {
	in := `{"document": {"language": "de", "published": "2025-03-19", "published_basis": "from the URL", "title": "T", "editor": "x"},
		"incidents": [{"date": "2025-03-19", "target": "energy", "place_precision": "admin1", "perpetrator": "RU", "claimant": "UA",
			"weapon": "drone", "country": "UA", "notes": "a judgment call", "optional": true, "confidence": 0.5}],
		"exchanges": [{"date": "2025-03-19", "parties": ["RU", "UA"], "notes": "n"}],
		"agreements": [{"parties": ["RU"], "scope": ["all"], "status": "declared", "notes": "Easter"}],
		"comment": "a field from a later version"}`
	f, err := Parse("grown.gold.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if f.Document.PublishedBasis != "from the URL" || !f.Incidents[0].Optional || f.Incidents[0].Notes != "a judgment call" ||
		f.Exchanges[0].Notes != "n" || f.Agreements[0].Status != "declared" {
		t.Errorf("parsed %+v", f)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"incidents": [{"date": "2025-03-19", "target": "power plant"}]}`, "incidents[0].target"},
		{`{"incidents": [{"date": "19.03.2025"}]}`, "incidents[0].date"},
		{`{"incidents": [], "exchanges": [{"date": "yesterday"}]}`, "exchanges[0].date"},
		{`{"agreements": [{"scope": ["peace"], "status": "agreed"}]}`, "agreements[0].scope"},
		{`{"agreements": [{"scope": ["all"], "status": "signed"}]}`, "agreements[0].status"},
		{`{"incidents": [{"date": "2025-03-19", "target": "energy", "notes": 3}]}`, "notes"},
		{`{"incidents": [`, "unexpected end of JSON input"},
	}
	for _, tt := range tests {
		_, err := Parse("bad.gold.json", []byte(tt.in))
		if err == nil || !errors.Is(err, trucewatch.ErrInvalid) || !strings.HasPrefix(err.Error(), "bad.gold.json: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) = %v; want ErrInvalid naming the file and %q", tt.in, err, tt.want)
		}
	}
}

func TestFromClaims(t *testing.T) {
	raw := "Published: 2025-03-19\n\nIn Sumy wurde ein Krankenhaus getroffen."
	r := trucewatch.Report{ID: trucewatch.ContentID([]byte(raw)), Raw: []byte(raw), Text: "In Sumy wurde ein Krankenhaus getroffen."}
	r.Published, _ = trucewatch.ParsePublished("2025-03-19")
	sumy := trucewatch.Place{ID: "gn:692194", Name: "Sumy", Admin1: "UA-59", Country: "UA", Precision: trucewatch.PlaceSettlement, Lat: 50.92, Lon: 34.8}
	claims := []trucewatch.Claim{
		{Kind: trucewatch.ClaimIncident, Sentence: trucewatch.Span{Start: 0, End: len(r.Text)}, Incident: &trucewatch.IncidentClaim{
			Date: trucewatch.Date{Year: 2025, Month: 3, Day: 19}, DatePrecision: "day", Place: sumy, Target: "medical",
			Perpetrator: "RU", Claimant: "media", Weapon: "unknown"}},
		{Kind: trucewatch.ClaimIncident, Incident: &trucewatch.IncidentClaim{Place: sumy, Target: "medical", Denial: true}},
	}
	f := FromClaims(r, claims, func(iso string) string { return "Sumy Oblast" })
	if len(f.Incidents) != 1 {
		t.Fatalf("%d incidents, want 1 (denials are counter-claims)", len(f.Incidents))
	}
	i := f.Incidents[0]
	if i.Sentence != r.Text || i.Admin1 != "Sumy Oblast" || i.Lat == nil || i.PlaceID != "gn:692194" || f.Document.Published != "2025-03-19" {
		t.Errorf("incident = %+v", i)
	}
}
