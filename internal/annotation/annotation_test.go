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

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"incidents": [{"date": "2025-03-19", "target": "power plant"}]}`, "incidents[0].target"},
		{`{"incidents": [{"date": "19.03.2025"}]}`, "incidents[0].date"},
		{`{"incidents": [], "exchanges": [{"date": "yesterday"}]}`, "exchanges[0].date"},
		{`{"agreements": [{"scope": ["peace"], "status": "agreed"}]}`, "agreements[0].scope"},
		{`{"agreements": [{"scope": ["all"], "status": "signed"}]}`, "agreements[0].status"},
		{`{"incidents": [], "comment": "x"}`, `unknown field "comment"`},
		{`{"incidents": [`, "unexpected EOF"},
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
