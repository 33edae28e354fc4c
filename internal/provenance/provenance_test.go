package provenance

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
)

func TestRegistry(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]trucewatch.Affiliation{"TASS": "state_media", "ТАСС": "state_media", "kyiv independent": "independent", "BWS": "wire", "Reuters": "wire"} {
		if s, ok := r.Lookup(name); !ok || s.Affiliation != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %s", name, s, ok, want)
		}
	}
	if s, ok := r.Find("the Kyiv Independent reported"); !ok || s.Outlet != "Kyiv Independent" {
		t.Errorf("Find = %+v, %v", s, ok)
	}
	bad := []struct{ text, want string }{
		{"outlet\taliases\turl\taffiliation\tparty\tnotes\nX\t\t\tfriendly\t\t\n", "affiliation"},
		{"X\t\t\twire\tRussia\t\n", "party"},
		{"X\twire\n", "columns"},
	}
	for _, b := range bad {
		_, err := Parse("user.tsv", b.text)
		if err == nil || !errors.Is(err, trucewatch.ErrInvalid) || !strings.HasPrefix(err.Error(), "user.tsv:") || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Parse(%q) = %v, want an error naming the file and %q", b.text, err, b.want)
		}
	}
}

func report(id, outlet, published, text string) trucewatch.Report {
	p, _ := trucewatch.ParsePublished(published)
	return trucewatch.Report{ID: id, Outlet: outlet, Published: p, Text: text}
}

func TestCopies(t *testing.T) {
	base := "KYIV, March 19 (BWS) - Russian drones hit hospitals in the northeastern city of Sumy and the nearby town of Krasnopillia overnight, Ukrainian officials said on Wednesday. There was no immediate word on casualties. Power to parts of the railway network in the Dnipropetrovsk region was cut after an attack."
	reports := []trucewatch.Report{
		report("a", "Baltic Wire Service", "2025-03-19T07:50:00Z", base),
		report("b", "Paper B", "2025-03-19T09:00:00Z", strings.Replace(base, "There was no immediate word on casualties.", "", 1)),
		report("c", "Paper C", "2025-03-19T10:00:00Z", base+" Zelensky said about 40 Shahed drones were launched."),
		report("d", "Paper D", "2025-03-19T08:00:00Z", "Russia's defence ministry accused Ukraine of striking an oil pumping station in the Krasnodar region, calling it a provocation after the moratorium."),
	}
	got := Copies(reports)
	for _, id := range []string{"a", "b", "c"} {
		if got[id] != "a" {
			t.Errorf("copy family of %s = %q, want a (the earliest)", id, got[id])
		}
	}
	if _, ok := got["d"]; ok {
		t.Error("an unrelated report was taken for a copy")
	}
}

func TestOrigin(t *testing.T) {
	reg, _ := Default()
	reports := map[string]trucewatch.Report{
		"wire": report("wire", "Baltic Wire Service", "2025-03-19T07:00:00Z", "KYIV (BWS) - text"),
		"copy": report("copy", "Paper B", "2025-03-19T09:00:00Z", "text"),
		"dl":   report("dl", "Weser-Depesche", "2025-03-19T09:35:00+01:00", "Kiew (BWS) – Russische Drohnen ..."),
		"own":  report("own", "Meduza", "2025-03-19", "text"),
		"anon": report("anon", "Unknown Gazette", "2025-03-19", "text"),
	}
	tr := Tracer{Registry: reg, Reports: reports, CopyOf: map[string]string{"copy": "wire", "wire": "wire"}}
	c := func(report string, claimant trucewatch.Claimant, speaker string) trucewatch.Claim {
		return trucewatch.Claim{ReportID: report, Speaker: speaker, Incident: &trucewatch.IncidentClaim{Claimant: claimant}}
	}
	tests := []struct {
		claim trucewatch.Claim
		want  string
		aff   trucewatch.Affiliation
	}{
		{c("own", "UA", "Selenskyj"), "officials of UA", "official"},
		{c("own", "media", "Kyiv Independent"), "Kyiv Independent", "independent"},
		{c("copy", "media", ""), "Baltic Wire Service", "wire"},
		{c("dl", "media", ""), "Baltic Wire Service", "wire"},
		{c("own", "media", ""), "Meduza", "independent"},
		{c("anon", "media", ""), "Unknown Gazette", "unknown"},
	}
	for _, tt := range tests {
		o := tr.Origin(tt.claim)
		if o.Outlet != tt.want || o.Affiliation != tt.aff {
			t.Errorf("Origin(%s, %s, %q) = %s (%s), want %s (%s)", tt.claim.ReportID, tt.claim.Incident.Claimant, tt.claim.Speaker, o.Outlet, o.Affiliation, tt.want, tt.aff)
		}
	}
	origins := tr.Origins([]trucewatch.Claim{c("wire", "media", ""), c("copy", "media", ""), c("dl", "media", "")})
	if len(origins) != 1 || len(origins[0].ReportIDs) != 3 {
		t.Errorf("three copies of one wire story: %d origins %+v, want one with three reports", len(origins), origins)
	}
}

func BenchmarkCopies(b *testing.B) {
	var reports []trucewatch.Report
	for i := range 5000 {
		reports = append(reports, report(fmt.Sprint(i), "X", "2025-03-19", fmt.Sprintf("Report %d about drones over the city of %d on the night of March %d with further details %d.", i, i%97, i%28, i*7)))
	}
	b.ResetTimer()
	for range b.N {
		Copies(reports)
	}
}
