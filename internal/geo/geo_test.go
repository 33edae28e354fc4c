package geo

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/shareddata"
)

func mustGazetteer(tb testing.TB) *Gazetteer {
	tb.Helper()
	g, err := Default()
	if err != nil {
		tb.Fatalf("load gazetteer: %v", err)
	}
	return g
}

// TestSeedPlaces checks every place the seed reports name, as a reader of
// them lists it.
func TestSeedPlaces(t *testing.T) {
	seedsDir := shareddata.Dir(t, "seeds")
	g := mustGazetteer(t)
	tests := []struct {
		file    string
		mention string
		want    string
	}{
		{"000_552eacb1cf2a1796.txt", "Sumy", "gn:692194"},
		{"000_552eacb1cf2a1796.txt", "Krasnopillja", "gn:704343"},
		{"000_552eacb1cf2a1796.txt", "Gebiets Dnipropetrowsk", "adm1:UA-12"},
		{"000_552eacb1cf2a1796.txt", "Nordosten der Ukraine", "region:ua-north-east"},
		{"000_552eacb1cf2a1796.txt", "russischen Süden", "region:ru-south"},
		{"000_552eacb1cf2a1796.txt", "Mariupol", "gn:701822"},
		{"000_552eacb1cf2a1796.txt", "Azovstal-Werk", "tw:azovstal"},
		{"000_552eacb1cf2a1796.txt", "Regionen Donezk", "adm1:UA-14"},
		{"000_552eacb1cf2a1796.txt", "Luhansk", "adm1:UA-09"},
		{"000_552eacb1cf2a1796.txt", "Cherson", "adm1:UA-65"},
		{"000_552eacb1cf2a1796.txt", "Saporischschja", "adm1:UA-23"},
		{"000_552eacb1cf2a1796.txt", "Odessa", "gn:698740"},
		{"000_552eacb1cf2a1796.txt", "Dschidda", "gn:105343"},
		{"000_552eacb1cf2a1796.txt", "Kiew", "gn:703448"},
		{"000_552eacb1cf2a1796.txt", "Moskau", "gn:524901"},
		{"000_552eacb1cf2a1796.txt", "Ukraine", "country:UA"},
		{"000_552eacb1cf2a1796.txt", "Russland", "country:RU"},
		{"000_552eacb1cf2a1796.txt", "USA", "country:US"},
		{"001_bece66b12c301bd5.txt", "Washington", "gn:4140963"},
		{"001_bece66b12c301bd5.txt", "Moskau", "gn:524901"},
		{"001_bece66b12c301bd5.txt", "Kiew", "gn:703448"},
		{"001_bece66b12c301bd5.txt", "Russland", "country:RU"},
	}
	found := map[string][]Mention{}
	for _, tt := range tests {
		if _, ok := found[tt.file]; !ok {
			b, err := os.ReadFile(filepath.Join(seedsDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			found[tt.file] = g.Scan(string(b))
		}
		var got []string
		ok := false
		for _, m := range found[tt.file] {
			if m.Text == tt.mention {
				got = append(got, m.Place.ID)
				ok = ok || m.Place.ID == tt.want
			}
		}
		if !ok {
			t.Errorf("%s: %q resolved to %v, want %s", tt.file, tt.mention, got, tt.want)
		}
	}
}

// TestSeedGoldPlaces checks that the place of every gold incident of the
// seeds is among the mentions, at the gold's precision, by the rules that
// eval scores with.
func TestSeedGoldPlaces(t *testing.T) {
	seedsDir := shareddata.Dir(t, "seeds")
	golds, _ := filepath.Glob(filepath.Join(seedsDir, "*.gold.json"))
	if len(golds) == 0 {
		t.Fatalf("no gold files in %s", seedsDir)
	}
	g := mustGazetteer(t)
	for _, gold := range golds {
		var doc struct {
			Incidents []struct {
				Place, Admin1, Country string
				Precision              string `json:"place_precision"`
				Lat, Lon               float64
			}
		}
		b, err := os.ReadFile(gold)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", gold, err)
		}
		text, err := os.ReadFile(strings.TrimSuffix(gold, ".gold.json") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		mentions := g.Scan(string(text))
		for _, inc := range doc.Incidents {
			ok := false
			for _, m := range mentions {
				p := m.Place
				if string(p.Country) != inc.Country || string(p.Precision) != inc.Precision {
					continue
				}
				switch inc.Precision {
				case "settlement":
					ok = ok || p.DistanceKm(trucewatch.Place{Lat: inc.Lat, Lon: inc.Lon}) <= 25
				case "admin1":
					ok = ok || strings.HasPrefix(inc.Admin1, strings.TrimSuffix(p.Name, " Oblast"))
				default:
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: gold place %q (%s, %s) is not among the mentions", filepath.Base(gold), inc.Place, inc.Precision, inc.Country)
			}
		}
	}
}

func TestGeocodeErrors(t *testing.T) {
	g := mustGazetteer(t)
	for _, q := range []string{"", "Nowhereville", "Sumy Nowhereville", "the"} {
		if _, err := g.Geocode(q, ""); !errors.Is(err, trucewatch.ErrNotFound) {
			t.Errorf("Geocode(%q) error = %v, want ErrNotFound", q, err)
		}
	}
	if _, err := g.Geocode("Sumy", "Qwxyzzy"); !errors.Is(err, trucewatch.ErrNotFound) || !strings.Contains(err.Error(), "near") {
		t.Errorf("unknown --near: %v", err)
	}
}

func TestNear(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct{ query, near, want string }{
		{"Krasnopillia", "", "gn:704343"},
		{"Pokrovsk", "", "gn:704422"},
		{"Pokrovsk", "Якутия", "gn:2017824"},
		{"Odessa", "", "gn:698740"},
		{"Kostiantynivka", "Zaporizhzhia Oblast", "gn:705115"},
		{"Avdiivka", "Chernihiv Oblast", "gn:713120"},
	}
	for _, tt := range tests {
		m, err := g.Geocode(tt.query, tt.near)
		if err != nil || m.Place.ID != tt.want {
			t.Errorf("Geocode(%q, near %q) = %s (%s), %v; want %s", tt.query, tt.near, m.Place.ID, m.Place.Name, err, tt.want)
		}
	}
}

func TestAdmin1At(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		lat, lon float64
		want     string
		country  trucewatch.Party
		occupied bool
	}{
		{50.9216, 34.8003, "UA-59", "UA", false},  // Sumy
		{44.9572, 34.1108, "UA-43", "UA", true},   // Simferopol: Ukraine, occupied
		{44.6080, 33.5213, "UA-40", "UA", true},   // Sevastopol
		{51.1976, 35.2726, "RU-KRS", "RU", false}, // Sudzha
		{45.4453, 40.6765, "RU-KDA", "RU", false}, // Kavkazskaya
		{38.8951, -77.0364, "US-DC", "US", false},
	}
	for _, tt := range tests {
		p, ok := g.Admin1At(tt.lat, tt.lon)
		if !ok || p.Admin1 != tt.want || p.Country != tt.country || p.Occupied != tt.occupied {
			t.Errorf("Admin1At(%v, %v) = %s %s occupied=%v, %v; want %s %s occupied=%v", tt.lat, tt.lon, p.Admin1, p.Country, p.Occupied, ok, tt.want, tt.country, tt.occupied)
		}
	}
	if _, ok := g.Admin1At(0, -30); ok {
		t.Error("a point in the Atlantic has a first-level unit")
	}
	if m, ok := g.Admin1Shape("UA-43"); !ok || len(m) == 0 {
		t.Error("no border for Crimea")
	}
}

// TestEveryPlaceHasAUnit checks the generated data: every Ukrainian and
// Russian place has a first-level unit of its own country.
func TestEveryPlaceHasAUnit(t *testing.T) {
	g := mustGazetteer(t)
	missing := 0
	for _, e := range g.entries {
		p := e.place
		if (p.Country == "UA" || p.Country == "RU") && p.Precision == trucewatch.PlaceSettlement {
			if p.Admin1 == "" || p.Admin1[:2] != string(p.Country) {
				missing++
				if missing < 10 {
					t.Errorf("%s %s (%s) has first-level unit %q", p.ID, p.Name, p.Country, p.Admin1)
				}
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d places without a unit of their country", missing)
	}
}
