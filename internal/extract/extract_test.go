package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

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

// incidents returns the incidents of a text as "place target perpetrator
// claimant date" lines, denials left out.
func incidents(x *Extractor, r trucewatch.Report) []string {
	var out []string
	for _, c := range x.Claims(r) {
		if i := c.Incident; i != nil && !i.Denial {
			out = append(out, fmt.Sprintf("%s %s %s %s %s", i.Place.ID, i.Target, i.Perpetrator, i.Claimant, i.Date))
		}
	}
	return out
}

func TestIncidents(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name, lang, published, text string
		want                        []string
	}{
		{"de: two towns, one sentence, reported by a newspaper", "de", "2025-03-19",
			"Am frühen Mittwochmorgen berichtete die Zeitung Kyiv Independent, dass bei russischen Angriffen in Sumy sowie im Ort Krasnopillja jeweils ein Krankenhaus getroffen worden sei.",
			[]string{"gn:692194 medical RU media 2025-03-19", "gn:704343 medical RU media 2025-03-19"}},
		{"de: accusation names the accused and the speaker", "de", "2025-03-19",
			"Russland warf der Ukraine vor, bei Angriffen im russischen Süden eine Ölpumpstation getroffen zu haben.",
			[]string{"region:ru-south energy UA RU 2025-03-19"}},
		{"de: counted drones over the speaker's own country", "de", "2025-03-19",
			"40 Shahed-Drohnen „über unserem Himmel“, sagte der ukrainische Präsident.",
			[]string{"country:UA unknown RU UA 2025-03-19"}},
		{"en: overnight, official speaker, oblast", "en", "2025-04-02T08:00:00+03:00",
			"A Russian drone damaged a substation in the Zaporizhzhia region overnight, leaving 12,000 households without power, the regional administration said.",
			[]string{"adm1:UA-23 energy RU UA 2025-04-02"}},
		{"uk: locative and oblast military administration", "uk", "2025-03-19",
			"Вночі російські дрони атакували лікарню у Краснопіллі, повідомили в Сумській ОВА.",
			[]string{"gn:704343 medical RU UA 2025-03-19"}},
		{"ru: ministry accuses Ukrainian drones", "ru", "2025-03-19",
			"Минобороны России заявило, что украинские беспилотники атаковали нефтеперекачивающую станцию в Краснодарском крае.",
			[]string{"adm1:RU-KDA energy UA RU 2025-03-19"}},
		{"competing claims stay apart", "en", "2025-03-21",
			"Russia's Defence Ministry said Ukrainian troops blew up the Sudzha gas metering station. Ukraine's General Staff said Russian artillery had shelled the Sudzha gas metering station.",
			[]string{"tw:sudzha-gms energy UA RU 2025-03-21", "tw:sudzha-gms energy RU UA 2025-03-21"}},
		{"generic sentence", "en", "2025-03-19", "Russia keeps hitting Ukraine's power grid with drones and missiles.", nil},
		{"generic German", "de", "2025-03-19",
			"Solche Angriffe auf die Energie-Infrastruktur, die Russland immer wieder gegen die Ukraine fliegt, sind ohnehin verboten.", nil},
		{"hypothetical", "de", "2025-03-19", "Würde Russland Charkiw angreifen, wäre das ein Bruch der Vereinbarung.", nil},
		{"negated", "en", "2025-03-19", "Russian drones did not hit the Kharkiv power plant, officials said.", nil},
		{"truce talk", "de", "2025-03-19",
			"Putin bot an, Angriffe auf ukrainische Energieanlagen zu stoppen, wenn auch die Ukraine darauf verzichte.", nil},
		{"bare denial", "ru", "2025-03-24", "В Минобороны России опровергли удар по больнице в Херсоне.", nil},
		{"a capital speaking is not a place", "en", "2025-03-19", "Kyiv said Russian drones had hit a hospital in Sumy.",
			[]string{"gn:692194 medical RU UA 2025-03-19"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := incidents(x, report(t, tt.lang, tt.published, tt.text))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("incidents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCountsAndConsequences(t *testing.T) {
	x := mustExtractor(t)
	r := report(t, "en", "2025-04-04", "A Russian missile hit an apartment block in Kryvyi Rih on Friday, killing 18 people and injuring 62, local officials said. Six missiles and 145 drones were launched across Ukraine overnight, the air force said.")
	var inc []*trucewatch.IncidentClaim
	for _, c := range x.Claims(r) {
		if c.Incident != nil {
			inc = append(inc, c.Incident)
			if got := c.Sentence.In(r.Text); !strings.Contains(got, c.Incident.PlaceMention) && c.Incident.Place.Precision != trucewatch.PlaceCountry {
				t.Errorf("sentence %q does not hold the mention %q", got, c.Incident.PlaceMention)
			}
		}
	}
	if len(inc) != 2 {
		t.Fatalf("%d incidents, want 2", len(inc))
	}
	kr := inc[0]
	if kr.Killed == nil || *kr.Killed != 18 || kr.Injured == nil || *kr.Injured != 62 || kr.Weapon != trucewatch.WeaponMissile || kr.Target != trucewatch.TargetResidential {
		t.Errorf("Kryvyi Rih: %+v", kr)
	}
	ua := inc[1]
	if ua.Place.ID != "country:UA" || ua.Quantity == nil || *ua.Quantity != 151 || ua.Weapon != trucewatch.WeaponDrone {
		t.Errorf("country count: place %s quantity %v weapon %s", ua.Place.ID, ua.Quantity, ua.Weapon)
	}
}

func TestExchangesAndAgreements(t *testing.T) {
	x := mustExtractor(t)
	r := report(t, "de", "2025-03-19", "Der Kreml kündigte den Austausch von jeweils 175 Gefangenen mit der Ukraine am Mittwoch an. Diesmal ließ Russland zudem 22 verletzte Ukrainer frei. "+
		"Das Telefonat erbrachte nicht die erhoffte sofortige Waffenruhe für 30 Tage, sondern einen ersten Schritt: Russland wird 30 Tage keine ukrainischen Energieanlagen beschießen, wenn auch die Ukraine darauf verzichtet.")
	var ex []*trucewatch.ExchangeClaim
	var ag []*trucewatch.AgreementClaim
	for _, c := range x.Claims(r) {
		switch {
		case c.Exchange != nil:
			ex = append(ex, c.Exchange)
		case c.Agreement != nil:
			ag = append(ag, c.Agreement)
		case c.Incident != nil:
			t.Errorf("unexpected incident %+v", c.Incident)
		}
	}
	if len(ex) != 1 || ex[0].Returned["RU"] != 175 || ex[0].Returned["UA"] != 197 || ex[0].Date.String() != "2025-03-19" {
		t.Errorf("exchanges = %+v", ex)
	}
	if len(ag) != 2 {
		t.Fatalf("agreements = %+v, want energy and all", ag)
	}
	for _, a := range ag {
		switch {
		case a.All && a.Status != trucewatch.AgreementRejected:
			t.Errorf("full ceasefire status %s, want rejected", a.Status)
		case !a.All && (len(a.Scope) != 1 || a.Scope[0] != "energy" || a.Status != trucewatch.AgreementAgreed || !a.Reciprocal || a.DurationDays != 30):
			t.Errorf("energy moratorium: %+v", a)
		}
	}
}

func TestUnresolvedDate(t *testing.T) {
	x := mustExtractor(t)
	r, err := reportfile.Parse("t", []byte("Language: en\n\nRussian drones hit a hospital in Sumy yesterday, the governor said."))
	if err != nil {
		t.Fatal(err)
	}
	claims := x.Claims(r)
	if len(claims) != 1 || !claims[0].Incident.Date.IsZero() || claims[0].Incident.DatePrecision != "" {
		t.Errorf("claims without a publication date: %+v; want one incident with no date", claims)
	}
}

func TestLexiconsLoad(t *testing.T) {
	known := map[string]bool{}
	for _, s := range []string{"attack", "damage", "speech", "source", "accuse", "media", "official", "deny", "generic",
		"hypothetical", "negation", "future", "truce", "halt", "agreed", "rejected", "proposed", "reciprocal", "days",
		"month", "exchange", "prisoner", "extra", "total", "killed", "injured", "power_outage", "water_outage",
		"heating_outage", "fire", "number", "locative", "scope energy", "scope all", "scope port"} {
		known[s] = true
	}
	for _, l := range Languages {
		lx, err := loadLexicon(l)
		if err != nil {
			t.Fatal(err)
		}
		var all []*entry
		for _, m := range []map[string][]*entry{lx.exact, lx.prefix, lx.rawExact, lx.rawPrefix} {
			for _, es := range m {
				all = append(all, es...)
			}
		}
		all = append(append(all, lx.infix...), lx.suffix...)
		sections := map[string]int{}
		for _, e := range all {
			sections[e.section]++
			sec := e.section
			if strings.HasPrefix(sec, "target ") {
				if _, err := trucewatch.ParseTarget(strings.TrimPrefix(sec, "target ")); err != nil {
					t.Errorf("%s: %v", l, err)
				}
				continue
			}
			if strings.HasPrefix(sec, "weapon ") {
				if _, err := trucewatch.ParseWeapon(strings.TrimPrefix(sec, "weapon ")); err != nil {
					t.Errorf("%s: %v", l, err)
				}
				continue
			}
			if strings.HasPrefix(sec, "party ") {
				continue
			}
			if !known[sec] {
				t.Errorf("%s: unknown section [%s]", l, sec)
			}
		}
		for _, need := range []string{"attack", "speech", "source", "truce", "exchange", "killed", "injured", "locative"} {
			if sections[need] == 0 {
				t.Errorf("%s: section [%s] is empty", l, need)
			}
		}
	}
	if _, err := loadLexicon("fr"); err == nil {
		t.Error("a missing lexicon loaded")
	}
}

// TestDebugFile prints what the extractor sees in the report named by
// TRUCEWATCH_DEBUG_FILE, sentence by sentence: a tool for lexicon work.
func TestDebugFile(t *testing.T) {
	path := os.Getenv("TRUCEWATCH_DEBUG_FILE")
	if path == "" {
		t.Skip("set TRUCEWATCH_DEBUG_FILE to a report file to trace it")
	}
	r, err := reportfile.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := mustExtractor(t).analyse(r)
	for _, s := range d.sents {
		t.Logf("--- %q", d.text[s.start:s.end])
		for i := s.from; i < s.to; i++ {
			for _, hi := range d.byWord[i] {
				h := d.hits[hi]
				t.Logf("    %-18s %q", h.section, d.text[d.ws[h.from].Start:d.ws[h.to-1].End])
			}
			if mi := d.mentionAt[i]; mi >= 0 && (i == s.from || d.mentionAt[i-1] != mi) {
				m := d.mentions[mi]
				t.Logf("    PLACE              %q %s location=%v", m.Text, m.Place.ID, d.placeIsLocation(i))
			}
		}
	}
}
