package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// Every sentence in these tests is written by us, in our own words; none
// is taken from a real report.

func mustExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	g, err := geo.Default()
	if err != nil {
		tb.Fatal(err)
	}
	x, err := New(g)
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

func report(tb testing.TB, lang, published, text string) trucewatch.Report {
	tb.Helper()
	r, err := reportfile.Parse("test.txt", []byte(fmt.Sprintf("Language: %s\nPublished: %s\n\n%s", lang, published, text)))
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// incidentLines returns a text's incidents as "place target perpetrator
// claimant date" lines, denials left out.
func incidentLines(x *Extractor, r trucewatch.Report) []string {
	var out []string
	for _, c := range x.Claims(r) {
		if i := c.Incident; i != nil && !i.Denial {
			out = append(out, fmt.Sprintf("%s %s %s %s %s", i.Place.ID, i.Target, i.Perpetrator, i.Claimant, i.Date))
		}
	}
	return out
}

// incidentTest is one text and the incident lines it must give.
type incidentTest struct {
	name, lang, published, text string
	want                        []string
}

func runIncidentTests(t *testing.T, tests []incidentTest) {
	t.Helper()
	x := mustExtractor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := incidentLines(x, report(t, tt.lang, tt.published, tt.text))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("incidents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestIncidentsBasic(t *testing.T) {
	runIncidentTests(t, []incidentTest{
		{"de: two towns, one sentence, told by a newspaper", "de", "2025-03-19",
			"Wie die Zeitung Kyiv Independent am Mittwoch schrieb, trafen russische Drohnen in Sumy und im Ort Krasnopillja je eine Klinik.",
			[]string{"gn:692194 medical RU media 2025-03-19", "gn:704343 medical RU media 2025-03-19"}},
		{"de: accusation names the accused and the speaker", "de", "2025-03-19",
			"Moskau warf Kiew vor, im Süden Russlands eine Ölpumpstation mit Drohnen angegriffen zu haben.",
			[]string{"region:ru-south energy UA RU 2025-03-19"}},
		{"en: overnight, official speaker, oblast", "en", "2025-04-02T08:00:00+03:00",
			"A Russian drone damaged a substation in the Zaporizhzhia region overnight, leaving 12,000 households without power, the regional administration said.",
			[]string{"adm1:UA-23 energy RU UA 2025-04-02"}},
		{"uk: locative and oblast military administration", "uk", "2025-03-19",
			"Вночі російські дрони вдарили по лікарні у Краснопіллі, повідомили в Сумській ОВА.",
			[]string{"gn:704343 medical RU UA 2025-03-19"}},
		{"ru: ministry accuses Ukrainian drones", "ru", "2025-03-19",
			"В Минобороны России заявили, что украинские беспилотники ударили по нефтеперекачивающей станции в Краснодарском крае.",
			[]string{"adm1:RU-KDA energy UA RU 2025-03-19"}},
		{"competing claims stay apart", "en", "2025-03-21",
			"Russia's Defence Ministry said Ukrainian forces blew up the Sudzha gas metering station. Ukraine's General Staff said Russian artillery had shelled the Sudzha gas metering station.",
			[]string{"tw:sudzha-gms energy UA RU 2025-03-21", "tw:sudzha-gms energy RU UA 2025-03-21"}},
		{"a capital speaking is not a place", "en", "2025-03-19", "Kyiv said Russian drones had hit a hospital in Sumy.",
			[]string{"gn:692194 medical RU UA 2025-03-19"}},
	})
}

// TestNoIncident covers sentences that talk about attacks without claiming
// one.
func TestNoIncident(t *testing.T) {
	runIncidentTests(t, []incidentTest{
		{"generic", "en", "2025-03-19", "Russia keeps hitting Ukraine's power grid with drones and missiles.", nil},
		{"generic German", "de", "2025-03-19", "Immer wieder greift Russland die ukrainischen Kraftwerke mit Raketen an.", nil},
		{"hypothetical", "de", "2025-03-19", "Würde Russland Charkiw angreifen, wäre das ein Bruch der Vereinbarung.", nil},
		{"negated", "en", "2025-03-19", "Russian drones did not hit the Kharkiv power plant, officials said.", nil},
		{"truce talk", "de", "2025-03-19", "Der Kreml bot an, den Beschuss ukrainischer Kraftwerke einzustellen, sofern Kiew ebenso handle.", nil},
		{"bare denial", "ru", "2025-03-24", "В Минобороны России опровергли удар по больнице в Херсоне.", nil},
		{"a headline alone", "en", "2025-03-19", "Drones hit hospital in Sumy\n\nThe war enters its fourth year.", nil},
		{"a teaser", "uk", "2025-03-19", "Читайте також: дрони вдарили по лікарні у Сумах.", nil},
		{"a photo caption", "de", "2025-03-19", "Foto: Eine beschädigte Klinik in Sumy nach dem Drohnenangriff.", nil},
	})
}
