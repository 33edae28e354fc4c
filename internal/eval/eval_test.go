package eval

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/internal/annotation"
	"github.com/trucewatch/trucewatch/internal/extract"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/shareddata"
)

func scorer(tb testing.TB) (Scorer, *extract.Extractor) {
	tb.Helper()
	g, err := geo.Default()
	if err != nil {
		tb.Fatal(err)
	}
	x, err := extract.New(g)
	if err != nil {
		tb.Fatal(err)
	}
	return Scorer{Gaz: g}, x
}

func fptr(f float64) *float64 { return &f }
func iptr(i int) *int         { return &i }

// TestCompareRules checks each matching rule of the annotation contract on
// small hand-made files.
func TestCompareRules(t *testing.T) {
	sc, _ := scorer(t)
	sumy := annotation.Incident{Date: "2025-03-19", Place: "Sumy", Country: "UA", PlacePrecision: "settlement",
		Lat: fptr(50.9216), Lon: fptr(34.8003), Target: "medical", Perpetrator: "RU", Claimant: "media", Weapon: "unknown"}
	tests := []struct {
		name  string
		found func(annotation.Incident) annotation.Incident
		match bool
	}{
		{"identical", func(i annotation.Incident) annotation.Incident { return i }, true},
		{"a day later", func(i annotation.Incident) annotation.Incident { i.Date = "2025-03-20"; return i }, true},
		{"two days later", func(i annotation.Incident) annotation.Incident { i.Date = "2025-03-21"; return i }, false},
		{"other target", func(i annotation.Incident) annotation.Incident { i.Target = "energy"; return i }, false},
		{"other country", func(i annotation.Incident) annotation.Incident { i.Country = "RU"; return i }, false},
		{"20 km away", func(i annotation.Incident) annotation.Incident { i.Lat = fptr(50.9216 + 0.18); return i }, true},
		{"30 km away", func(i annotation.Incident) annotation.Incident { i.Lat = fptr(50.9216 + 0.27); return i }, false},
		{"no date", func(i annotation.Incident) annotation.Incident { i.Date = ""; return i }, false},
	}
	for _, tt := range tests {
		gold := annotation.File{Incidents: []annotation.Incident{sumy}}
		found := annotation.File{Incidents: []annotation.Incident{tt.found(sumy)}}
		r := sc.Compare(gold, found)
		if (r.Incidents.Matched == 1) != tt.match {
			t.Errorf("%s: matched %d, want match=%v", tt.name, r.Incidents.Matched, tt.match)
		}
	}

	// admin1: the same unit by name; region and country: the same country.
	dnipro := annotation.Incident{Date: "2025-03-19", Place: "Dnipropetrovsk Oblast", Admin1: "Dnipropetrovsk Oblast", Country: "UA",
		PlacePrecision: "admin1", Target: "transport", Perpetrator: "RU", Claimant: "media", Weapon: "unknown"}
	found := dnipro
	found.PlaceID = "adm1:UA-12"
	if r := sc.Compare(annotation.File{Incidents: []annotation.Incident{dnipro}}, annotation.File{Incidents: []annotation.Incident{found}}); r.Incidents.Matched != 1 {
		t.Error("same oblast did not match")
	}
	found.PlaceID = "adm1:UA-63"
	if r := sc.Compare(annotation.File{Incidents: []annotation.Incident{dnipro}}, annotation.File{Incidents: []annotation.Incident{found}}); r.Incidents.Matched != 0 {
		t.Error("another oblast matched")
	}

	// One to one: two found for one gold is one match and one extra.
	r := sc.Compare(annotation.File{Incidents: []annotation.Incident{sumy}}, annotation.File{Incidents: []annotation.Incident{sumy, sumy}})
	if r.Incidents.Matched != 1 || r.Incidents.Precision() != 0.5 || r.Incidents.Recall() != 1 || len(r.Extras) != 1 {
		t.Errorf("one-to-one: %+v", r.Incidents)
	}

	// Field accuracy over matches.
	f := sumy
	f.Perpetrator, f.Quantity = "UA", iptr(40)
	r = sc.Compare(annotation.File{Incidents: []annotation.Incident{sumy}}, annotation.File{Incidents: []annotation.Incident{f}})
	if r.Fields["perpetrator"].Right != 0 || r.Fields["claimant"].Right != 1 || r.Fields["quantity"].Right != 0 {
		t.Errorf("field accuracy: perpetrator %v claimant %v quantity %v", r.Fields["perpetrator"], r.Fields["claimant"], r.Fields["quantity"])
	}

	// Exchanges by parties and date; agreements by parties and scope.
	gold := annotation.File{
		Exchanges:  []annotation.Exchange{{Date: "2025-03-19", Parties: []string{"RU", "UA"}, Returned: map[string]int{"RU": 175, "UA": 197}}},
		Agreements: []annotation.Agreement{{Parties: []string{"RU", "UA"}, Scope: []string{"energy"}, DurationDays: iptr(30), Status: "agreed"}},
	}
	fnd := annotation.File{
		Exchanges:  []annotation.Exchange{{Date: "2025-03-20", Parties: []string{"UA", "RU"}, Returned: map[string]int{"RU": 175, "UA": 175}}},
		Agreements: []annotation.Agreement{{Parties: []string{"UA", "RU"}, Scope: []string{"energy"}, Status: "proposed"}, {Parties: []string{"RU", "UA"}, Scope: []string{"all"}, Status: "rejected"}},
	}
	r = sc.Compare(gold, fnd)
	if r.Exchanges.Matched != 1 || r.Fields["returned"].Right != 0 || r.Agreements.Matched != 1 || r.Agreements.Found != 2 ||
		r.Fields["status"].Right != 0 || r.Fields["duration"].Right != 0 {
		t.Errorf("exchanges %+v agreements %+v returned %v status %v", r.Exchanges, r.Agreements, r.Fields["returned"], r.Fields["status"])
	}
	// An optional gold record costs nothing found or missed, and never
	// takes a prediction that a required record needs.
	opt := sumy
	opt.Optional = true
	for _, tt := range []struct {
		name                         string
		gold, found                  []annotation.Incident
		wantGold, wantFound, wantHit int
	}{
		{"optional found", []annotation.Incident{opt}, []annotation.Incident{sumy}, 0, 0, 0},
		{"optional missed", []annotation.Incident{opt}, nil, 0, 0, 0},
		{"optional before required", []annotation.Incident{opt, sumy}, []annotation.Incident{sumy}, 1, 1, 1},
	} {
		r := sc.Compare(annotation.File{Incidents: tt.gold}, annotation.File{Incidents: tt.found})
		if r.Incidents.Gold != tt.wantGold || r.Incidents.Found != tt.wantFound || r.Incidents.Matched != tt.wantHit || len(r.Extras) != 0 || len(r.Misses) != 0 {
			t.Errorf("%s: %+v extras %v misses %v", tt.name, r.Incidents, r.Extras, r.Misses)
		}
	}

	// Nothing to find and nothing found is perfect.
	if s := (Score{}); s.F1() != 1 {
		t.Errorf("empty score F1 = %v", s.F1())
	}
}

func TestWriteSummaryLastLine(t *testing.T) {
	r := newResult()
	r.Incidents = Score{Gold: 7, Found: 6, Matched: 5}
	var b strings.Builder
	WriteSummary(&b, r)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if last := lines[len(lines)-1]; last != "incidents P=0.833 R=0.714 F1=0.769 exchanges F1=1.000 agreements F1=1.000" {
		t.Errorf("last line %q", last)
	}
}

func TestDirBrokenFile(t *testing.T) {
	sc, x := scorer(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Language: en\nPublished: 2025-03-19\n\nRussian drones hit a hospital in Sumy overnight, the governor said."), 0o644)
	os.WriteFile(filepath.Join(dir, "a.gold.json"), []byte(`{"incidents": [{"date": "2025-03-19", "date_precision": "day", "place": "Sumy", "country": "UA", "place_precision": "settlement", "lat": 50.9216, "lon": 34.8003, "target": "medical", "target_detail": "hospital", "perpetrator": "RU", "claimant": "UA", "weapon": "drone", "quantity": null, "killed": null, "injured": null, "consequences": []}], "exchanges": [], "agreements": []}`), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("text"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.gold.json"), []byte(`{"incidents": [{"target": "power plant"}]}`), 0o644)
	files, total, err := sc.Dir(dir, x)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Err != nil || files[1].Err == nil || !strings.Contains(files[1].Err.Error(), "b.gold.json") {
		t.Fatalf("files = %+v", files)
	}
	if total.Incidents.Matched != 1 || total.Incidents.Gold != 1 {
		t.Errorf("total = %+v (the broken file must be left out, the good one scored)", total.Incidents)
	}
}

// floor is one line of testdata/extract-floor.txt.
type floor struct {
	corpus, figure string
	min            float64
	line           int
}

// readFloors reads the floors kept in the repository.
func readFloors(t *testing.T) []floor {
	t.Helper()
	const path = "../../testdata/extract-floor.txt"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []floor
	for n, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("%s:%d: want corpus, figure and floor", path, n+1)
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, n+1, err)
		}
		out = append(out, floor{f[0], f[1], v, n + 1})
	}
	return out
}

// figures returns the figures a floor may name for one corpus's result.
func figures(total Result, byLang map[string]Result) map[string]float64 {
	acc := func(a *Accuracy) float64 {
		if a.Total == 0 {
			return 1
		}
		return float64(a.Right) / float64(a.Total)
	}
	out := map[string]float64{
		"incidents_f1":  total.Incidents.F1(),
		"exchanges_f1":  total.Exchanges.F1(),
		"agreements_f1": total.Agreements.F1(),
		"claimant":      acc(total.Fields["claimant"]),
	}
	for l, r := range byLang {
		out["incidents_f1_"+l] = r.Incidents.F1()
	}
	return out
}

// TestFloors scores every corpus named in testdata/extract-floor.txt
// (our development set; the shared seeds and real development set when
// they sit beside the checkout) and fails when a figure drops below its
// floor, when a file cannot be scored, or when an incident is placed
// outside Ukraine and Russia. The targets of issue 11: real texts F1 ≥
// 0.75 overall and ≥ 0.65 per language, claimant ≥ 0.80; seeds 1.0; our
// development set ≥ 0.85.
func TestFloors(t *testing.T) {
	floors := readFloors(t)
	dirs := map[string]func(*testing.T) string{
		"devset":      func(*testing.T) string { return "../../testdata/devset" },
		"seeds":       func(t *testing.T) string { return shareddata.Dir(t, "seeds") },
		"devset-real": func(t *testing.T) string { return shareddata.Dir(t, "devset-real") },
	}
	sc, x := scorer(t)
	for _, corpus := range []string{"devset", "seeds", "devset-real"} {
		t.Run(corpus, func(t *testing.T) {
			files, total, err := sc.Dir(dirs[corpus](t), x)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if f.Err != nil {
					t.Errorf("%s: %v", f.Name, f.Err)
				}
			}
			for _, a := range total.Abroad {
				t.Errorf("incident placed outside Ukraine and Russia: %s", a)
			}
			byLang := ByLanguage(files)
			got := figures(total, byLang)
			var parts []string
			for _, l := range slices.Sorted(maps.Keys(byLang)) {
				parts = append(parts, l+"="+fmtF(byLang[l].Incidents.F1()))
			}
			t.Logf("extract eval: %s (%d files) incidents P=%s R=%s F1=%s (%s) claimant=%s exchanges F1=%s agreements F1=%s abroad=%d",
				corpus, len(files), fmtF(total.Incidents.Precision()), fmtF(total.Incidents.Recall()), fmtF(total.Incidents.F1()),
				strings.Join(parts, " "), fmtF(got["claimant"]), fmtF(total.Exchanges.F1()), fmtF(total.Agreements.F1()), len(total.Abroad))
			named := 0
			for _, fl := range floors {
				if fl.corpus != corpus {
					continue
				}
				named++
				v, ok := got[fl.figure]
				switch {
				case !ok:
					t.Errorf("extract-floor.txt:%d: no figure %q for %s", fl.line, fl.figure, corpus)
				case v < fl.min:
					t.Errorf("%s %s = %.3f, below its floor %.2f (testdata/extract-floor.txt:%d)", corpus, fl.figure, v, fl.min, fl.line)
				}
			}
			if named == 0 {
				t.Errorf("extract-floor.txt names no floor for %s", corpus)
			}
		})
	}
}

func fmtF(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }
