package geo

import (
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
)

// TestUnitCodes: names of units, of their nicknames and of towns in them
// resolve to the unit with the ISO 3166-2 code the standard gives it
// (ISO 3166-2:RU, ISO 3166-2:UA), not the code Natural Earth put on it
// (internal/geo/gen/corrections.go): Moscow is RU-MOW and Moscow Oblast
// RU-MOS, the Altai Republic RU-AL and Altai Krai RU-ALT.
func TestUnitCodes(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		query  string
		admin1 string                    // the unit the place is or lies in
		prec   trucewatch.PlacePrecision // what the place is
	}{
		{"Moscow", "RU-MOW", trucewatch.PlaceSettlement},
		{"Москва", "RU-MOW", trucewatch.PlaceSettlement},
		{"Moskau", "RU-MOW", trucewatch.PlaceSettlement},
		{"Moscow Oblast", "RU-MOS", trucewatch.PlaceAdmin1},
		{"Oblast Moskau", "RU-MOS", trucewatch.PlaceAdmin1},
		{"Подмосковье", "RU-MOS", trucewatch.PlaceAdmin1},
		{"Підмосков'я", "RU-MOS", trucewatch.PlaceAdmin1},
		{"Московская область", "RU-MOS", trucewatch.PlaceAdmin1},
		{"Московській області", "RU-MOS", trucewatch.PlaceAdmin1},
		{"Zhukovskiy", "RU-MOS", trucewatch.PlaceSettlement},
		{"Жуковский", "RU-MOS", trucewatch.PlaceSettlement},
		{"Zvenigorod", "RU-MOS", trucewatch.PlaceSettlement},
		{"Altai Republic", "RU-AL", trucewatch.PlaceAdmin1},
		{"Республика Алтай", "RU-AL", trucewatch.PlaceAdmin1},
		{"Республіка Алтай", "RU-AL", trucewatch.PlaceAdmin1},
		{"Gorno-Altaysk", "RU-AL", trucewatch.PlaceSettlement},
		{"Горно-Алтайск", "RU-AL", trucewatch.PlaceSettlement},
		{"Altai Krai", "RU-ALT", trucewatch.PlaceAdmin1},
		{"Алтайский край", "RU-ALT", trucewatch.PlaceAdmin1},
		{"Алтайський край", "RU-ALT", trucewatch.PlaceAdmin1},
		{"Region Altai", "RU-ALT", trucewatch.PlaceAdmin1},
		{"Barnaul", "RU-ALT", trucewatch.PlaceSettlement},
		{"Барнаул", "RU-ALT", trucewatch.PlaceSettlement},
		{"Chukotka", "RU-CHU", trucewatch.PlaceAdmin1},
		{"Чукотка", "RU-CHU", trucewatch.PlaceAdmin1},
		{"Yakutia", "RU-SA", trucewatch.PlaceAdmin1},
		{"Vologodskaya Oblast", "RU-VLG", trucewatch.PlaceAdmin1},
		{"Saint Petersburg", "RU-SPE", trucewatch.PlaceSettlement},
		{"Jewish Autonomous Oblast", "RU-YEV", trucewatch.PlaceAdmin1},
		{"Київ", "UA-30", trucewatch.PlaceSettlement},
		{"Киев", "UA-30", trucewatch.PlaceSettlement},
		{"Київська область", "UA-32", trucewatch.PlaceAdmin1},
		{"Киевская область", "UA-32", trucewatch.PlaceAdmin1},
		{"Gebiet Kiew", "UA-32", trucewatch.PlaceAdmin1},
	}
	for _, tt := range tests {
		m, err := g.Geocode(tt.query, "")
		if err != nil || m.Place.Admin1 != tt.admin1 || m.Place.Precision != tt.prec {
			t.Errorf("Geocode(%q) = %s (%s, %s in %s), %v; want %s in %s", tt.query, m.Place.ID, m.Place.Name, m.Place.Precision, m.Place.Admin1, err, tt.prec, tt.admin1)
		}
	}
	// Natural Earth's cut names made ordinary words units; Chukotka's
	// names on the Sakha Republic made Chukotka Yakutia.
	for _, text := range []string{
		"Jewish community leaders met in the synagogue.",
		"Jüdische Gemeinden luden zum Gebet.",
	} {
		for _, m := range g.Scan(text) {
			if m.Place.Admin1 == "RU-YEV" {
				t.Errorf("Scan(%q) finds %q in the Jewish Autonomous Oblast", text, m.Text)
			}
		}
	}
}

// TestUnitPoints: a point in Moscow lies in the city's unit RU-MOW, one in
// a town of the oblast in RU-MOS, and each border is keyed by its code.
func TestUnitPoints(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		name     string
		lat, lon float64
		want     string
	}{
		{"Moscow, the Kremlin", 55.7520, 37.6175, "RU-MOW"},
		{"Moscow, Khamovniki", 55.7290, 37.5700, "RU-MOW"},
		{"Zhukovsky", 55.5953, 38.1203, "RU-MOS"},
		{"Zvenigorod", 55.7340, 36.8592, "RU-MOS"},
		{"Gorno-Altaysk", 51.9606, 85.9189, "RU-AL"},
		{"Barnaul", 53.3606, 83.7636, "RU-ALT"},
		{"Yakutsk", 62.0339, 129.7331, "RU-SA"},
		{"Bilibino", 68.0546, 166.4372, "RU-CHU"},
	}
	for _, tt := range tests {
		p, ok := g.Admin1At(tt.lat, tt.lon)
		if !ok || p.Admin1 != tt.want {
			t.Errorf("Admin1At(%s) = %s, %v; want %s", tt.name, p.Admin1, ok, tt.want)
		}
		m, ok := g.Admin1Shape(tt.want)
		if !ok || !m.Contains(shape.Point{Lon: tt.lon, Lat: tt.lat}) {
			t.Errorf("the border of %s does not hold %s", tt.want, tt.name)
		}
	}
	if !g.entries[g.byID["adm1:RU-MOW"]].cityUnit || g.entries[g.byID["adm1:RU-MOS"]].cityUnit {
		t.Error("RU-MOW must be the federal city and RU-MOS the oblast")
	}
}

// TestUnitKinds compares, for every unit of Ukraine and Russia, the
// generated type (admin1.tsv, from Natural Earth's type_en) with the kind
// in the unit's English name in admin1_names.tsv, written from ISO 3166-2:
// an Oblast is a Region, a Krai a Territory, an Autonomous Okrug an
// Autonomous Province, a city a Federal City (Russia) or a Municipality
// (Ukraine's cities with special status).
func TestUnitKinds(t *testing.T) {
	g := mustGazetteer(t)
	types := map[string]string{}
	for line := range strings.SplitSeq(admin1TSV, "\n") {
		c := strings.Split(line, "\t")
		if len(c) == 8 && (c[1] == "UA" || c[1] == "RU") {
			types[c[0]] = c[6]
		}
	}
	if len(types) < 27+80 {
		t.Fatalf("only %d units of Ukraine and Russia in admin1.tsv", len(types))
	}
	for iso, typ := range types {
		en := g.fixedNames[g.byID["adm1:"+iso]][0]
		var want []string
		switch {
		case strings.HasSuffix(en, "Autonomous Oblast"):
			want = []string{"Autonomous Region"}
		case strings.HasSuffix(en, " Oblast"):
			want = []string{"Region"}
		case strings.HasSuffix(en, " Krai"):
			want = []string{"Territory"}
		case strings.HasSuffix(en, "Autonomous Okrug"):
			want = []string{"Autonomous Province"}
		case strings.Contains(en, "Autonomous Republic"):
			want = []string{"Autonomous Republic"}
		case strings.Contains(en, "Republic"):
			want = []string{"Republic"}
		case iso[:2] == "RU":
			want = []string{"Federal City"}
		default:
			want = []string{"Municipality"}
		}
		if !slices.Contains(want, typ) {
			t.Errorf("%s (%s) has type %q, want %q", iso, en, typ, want[0])
		}
	}
}

// TestUnitSpellingsOwn: no spelling of a unit of Ukraine or Russia names
// another unit of its country, which is how Natural Earth's mistakes
// showed (Altai Krai spelt "Altai Republic", Leningrad Oblast "Saint
// Petersburg"). Only a capital and the oblast named after it share its
// name (Kyiv, Moscow), and the city wins.
func TestUnitSpellingsOwn(t *testing.T) {
	shared := map[[2]string]bool{{"UA-30", "UA-32"}: true, {"RU-MOS", "RU-MOW"}: true}
	owner := map[string]string{}
	for line := range strings.SplitSeq(admin1TSV, "\n") {
		c := strings.Split(line, "\t")
		if len(c) != 8 || c[1] != "UA" && c[1] != "RU" {
			continue
		}
		for s := range strings.SplitSeq(c[7], "|") {
			other, seen := owner[s]
			if !seen {
				owner[s] = c[0]
				continue
			}
			pair := [2]string{other, c[0]}
			slices.Sort(pair[:])
			if other != c[0] && !shared[pair] {
				t.Errorf("%q is a spelling of both %s and %s", s, other, c[0])
			}
		}
	}
}
