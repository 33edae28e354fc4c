package web

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// precisionStore holds one incident per place precision, each at the
// gazetteer's own point of its place, as the analysis stores them; and
// assessments of the settlement's incident under two readings and two
// parties.
func precisionStore(t testing.TB) (indexedStore, map[trucewatch.PlacePrecision]string) {
	t.Helper()
	ctx := context.Background()
	st := newStore(t)
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[trucewatch.PlacePrecision]string{}
	var incs []trucewatch.Incident
	for i, id := range []string{"gn:692194", "adm1:UA-63", "country:UA", "region:ru-south"} {
		p, ok := g.Place(id)
		if !ok {
			t.Fatalf("the gazetteer lacks %s", id)
		}
		day := trucewatch.Date{Year: 2025, Month: 3, Day: 10 + i}
		inc := trucewatch.Incident{ID: "inc-" + string(p.Precision), From: day, To: day, Target: "energy", ClaimIDs: []string{"c"}, Place: p, Accused: []trucewatch.Party{"RU"}}
		incs = append(incs, inc)
		ids[p.Precision] = inc.ID
	}
	ag, err := st.Agreement(ctx, "energy-moratorium-2025-03")
	if err != nil {
		t.Fatal(err)
	}
	var as []trucewatch.Assessment
	for i, rd := range ag.Readings[:2] {
		for j, party := range []trucewatch.Party{"RU", "UA"} {
			status := []trucewatch.AssessmentStatus{"alleged", "disputed"}[j]
			if i == 1 && j == 0 {
				status = "corroborated"
			}
			as = append(as, trucewatch.Assessment{IncidentID: ids["settlement"], AgreementID: ag.ID, ReadingID: rd.ID, Accused: party,
				InScope: true, Status: status, Day: incs[0].From, Reason: "r"})
		}
	}
	if err := st.ReplaceAnalysis(ctx, incs, as); err != nil {
		t.Fatal(err)
	}
	return st, ids
}

// TestMapPrecision: a place known only as an oblast, a country or a vague
// region is drawn as that area (shaded, outlined, hatched), never as a
// point; a settlement is a marker in the shape of its most serious status;
// the legend explains every kind; the list gives the status per reading
// and party.
func TestMapPrecision(t *testing.T) {
	st, ids := precisionStore(t)
	ts := readOnlyServer(t, st)
	code, home := get(t, ts.URL+"/")
	if code != 200 {
		t.Fatalf("home page: %d", code)
	}
	markers := regexp.MustCompile(`data-id="([^"]+)"`).FindAllStringSubmatch(home, -1)
	if len(markers) != 1 || markers[0][1] != ids["settlement"] {
		t.Errorf("markers %q, want only the settlement's %s", markers, ids["settlement"])
	}
	// The settlement's worst status is corroborated: a triangle.
	if !strings.Contains(home, `<g class="marker target-energy status-corroborated"`) || !strings.Contains(home, `<path class="shape" d="`+markerShapes["corroborated"]+`"/>`) {
		t.Error("the settlement's marker is not a corroborated triangle")
	}
	for kind, class := range map[trucewatch.PlacePrecision]string{"admin1": "area area-admin1", "country": "area area-country", "region": "area area-region"} {
		re := regexp.MustCompile(`<a href="/incidents/` + ids[kind] + `" class="area-link"><path class="` + class + `" d="M[^"]+Z?[^"]*">`)
		if !re.MatchString(home) {
			t.Errorf("the %s incident is not drawn as its area (%s)", kind, class)
		}
	}
	// The oblast's area is the oblast's outline, the country's the
	// country's border, the region's its units: none is a point.
	gm := buildGeoMap(mustGazetteer(t))
	if !strings.Contains(home, `class="area area-admin1" d="`+gm.unitPath["UA-63"]+`"`) {
		t.Error("the oblast's area is not Kharkiv oblast's outline")
	}
	if !strings.Contains(home, `class="area area-country" d="`+gm.borders["UA"]+`"`) {
		t.Error("the country's area is not Ukraine's border")
	}
	if !strings.Contains(home, `class="area area-region" d="`+gm.unitPath["RU-AD"]) {
		t.Error("southern Russia's area does not start with its first unit (Adygea)")
	}
	// The legend is on the map, with every shape, area and the occupation.
	legend := home[strings.Index(home, `<details class="legend"`):]
	legend = legend[:strings.Index(legend, "</details>")]
	for _, want := range []string{markerShapes["alleged"], markerShapes["corroborated"], markerShapes["disputed"], markerShapes["confirmed"],
		"only the oblast is known", "only the country is known", "only a vague region is known", "under occupation (Crimea", "state border"} {
		if !strings.Contains(legend, want) {
			t.Errorf("the legend lacks %q", want)
		}
	}
	if strings.Index(home, `<details class="legend"`) > strings.Index(home, `</svg>`)+2000 {
		t.Error("the legend is not in the map's box")
	}
	// The list: the status of each reading and party, named.
	row := home[strings.Index(home, `<a href="/incidents/`+ids["settlement"]+`">`):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{`<li class="status status-alleged">`, `<li class="status status-corroborated">`, `<li class="status status-disputed">`,
		`<span class="st-party">Russia</span> corroborated`, `<span class="st-party">Ukraine</span> disputed`, "30-day moratorium on strikes against energy infrastructure: "} {
		if !strings.Contains(row, want) {
			t.Errorf("the settlement's row lacks %q:\n%s", want, row)
		}
	}
	if n := strings.Count(row, `<li class="status `); n != 4 {
		t.Errorf("the settlement's row shows %d statuses, want 4 (two readings, two parties)", n)
	}
	// The pop-up (the marker's title) gives each too.
	title := regexp.MustCompile(`data-id="` + ids["settlement"] + `"><circle class="hit" r="13"/><path [^>]*/><title>([^<]*)</title>`).FindStringSubmatch(home)
	if title == nil || strings.Count(title[1], "accused —") != 4 {
		t.Errorf("the marker's pop-up %q does not give the four statuses", title)
	}
	// The incident pages: a small map of the place, drawn as what it is,
	// with only the units around it; the title names place and day.
	_, settlement := get(t, ts.URL+"/incidents/"+ids["settlement"])
	_, oblast := get(t, ts.URL+"/incidents/"+ids["admin1"])
	if !strings.Contains(settlement, `<g class="marker target-energy status-corroborated"`) || strings.Contains(settlement, `class="area `) ||
		!strings.Contains(settlement, "<title>Sumy, 10 Mar 2025 · trucewatch</title>") {
		t.Error("the settlement's page has no marker of it, or its title does not name place and day")
	}
	if !strings.Contains(oblast, `class="area area-admin1" d="`+gm.unitPath["UA-63"]+`"`) || strings.Contains(oblast, `<g class="marker`) ||
		!strings.Contains(oblast, "<title>Kharkiv Oblast, 11 Mar 2025 · trucewatch</title>") {
		t.Error("the oblast's page does not shade the oblast, or draws a marker, or its title does not name place and day")
	}
	if !strings.Contains(settlement, `class="label label-adm1" x="`) || strings.Contains(settlement, `font-size="10" data-font="10"`) {
		t.Error("the small map's names are not drawn at its scale")
	}
	if len(settlement) > len(home)/2 || strings.Contains(settlement, `data-place="RO-`) || !strings.Contains(settlement, `data-place="UA-59"`) {
		t.Errorf("the settlement's page (%d bytes, the home page %d) does not draw only the units around Sumy", len(settlement), len(home))
	}

	// Ukrainian: the legend and the map's names in Ukrainian.
	_, uk := get(t, ts.URL+"/?lang=uk")
	for _, want := range []string{"відома лише область", ">Україна</text>", ">Росія</text>"} {
		if !strings.Contains(uk, want) {
			t.Errorf("the Ukrainian home page lacks %q", want)
		}
	}
	// Under recognised borders, no unit bears an occupation authority's
	// name, in any language.
	for _, l := range []string{"en", "de", "uk", "ru"} {
		_, page := get(t, ts.URL+"/?lang="+l)
		page = page[strings.Index(page, `<svg id="map"`):]
		page = page[:strings.Index(page, `</svg>`)]
		for _, w := range []string{"Народн", "People's Republic", "People&#39;s Republic", "Volksrepublik", "ДНР", "ЛНР"} {
			if strings.Contains(page, w) {
				t.Errorf("the %s map names a unit %q", l, w)
			}
		}
		// Crimea is the Autonomous Republic of Crimea, never the
		// "Republic of Crimea" of the occupation authorities.
		for _, w := range [][2]string{{"Республика Крым", "Автономная "}, {"Республіка Крим", "Автономна "}, {"Republik Krim", "Autonome "}, {"Republic of Crimea", "Autonomous "}} {
			if strings.Count(page, w[0]) > strings.Count(page, w[1]+w[0]) {
				t.Errorf("the %s map names Crimea %q", l, w[0])
			}
		}
	}
}

// TestMapOutline: a country's outline holds its state border and coast
// but not the lines between its own oblasts.
func TestMapOutline(t *testing.T) {
	gm := buildGeoMap(mustGazetteer(t))
	ua := gm.borders["UA"]
	if ua == "" {
		t.Fatal("no outline of Ukraine")
	}
	// Kyiv (30.5 E, 50.45 N) lies far inside: no outline point near it.
	kx, ky := project(30.5, 50.45)
	for _, m := range regexp.MustCompile(`[ML]([0-9.]+) ([0-9.]+)`).FindAllStringSubmatch(ua, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		if (x-kx)*(x-kx)+(y-ky)*(y-ky) < 25*25 {
			t.Fatalf("Ukraine's outline passes within 25 map units of Kyiv, at %.1f %.1f: an inner line", x, y)
		}
	}
	var all int
	for _, u := range gm.units {
		if u.place.Country == "UA" {
			all += strings.Count(gm.unitPath[u.place.Admin1], "L")
		}
	}
	if n := strings.Count(ua, "L"); n == 0 || n > all*2/3 {
		t.Errorf("Ukraine's outline has %d of its units' %d edges; want the outer ones only", n, all)
	}
}

// TestMapMessages: every name the map and the pages look up by a computed
// key has a message in every catalogue.
func TestMapMessages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, c := range mapCountries {
		keys = append(keys, countryKey(c))
	}
	for _, s := range []string{"proposed", "agreed", "rejected", "declared"} {
		keys = append(keys, "dash.agstatus."+s, "dash.agreement.never."+s)
	}
	for _, k := range []string{"confirm_incident", "reject_incident", "confirm_claim", "reject_claim", "correct_claim", "undo",
		"approve_agreement", "reject_agreement", "merge_incidents", "split_incident"} {
		keys = append(keys, "dash.decision."+k)
	}
	for _, w := range []string{"drone", "missile", "artillery", "glide_bomb", "aircraft", "other", "unknown"} {
		keys = append(keys, "dash.weapon."+w)
	}
	for _, c := range []string{"power_outage", "water_outage", "heating_outage", "fire", "casualties", "damage"} {
		keys = append(keys, "dash.consequence."+c)
	}
	keys = append(keys, "dash.claimant.media", "dash.claimant.other")
	for _, l := range i18n.Langs {
		for _, k := range keys {
			if !cat.Has(l, k) {
				t.Errorf("the %s catalogue lacks %s", l, k)
			}
		}
	}
}

func mustGazetteer(t *testing.T) *geo.Gazetteer {
	t.Helper()
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestShortUnitName: the map drops the kind of unit in every language.
func TestShortUnitName(t *testing.T) {
	for in, want := range map[string]string{
		"Sumy Oblast": "Sumy", "Oblast Sumy": "Sumy", "Сумська область": "Сумська", "Сумская область": "Сумская",
		"Krasnodar Krai": "Krasnodar", "Region Krasnodar": "Krasnodar", "Republic of Tatarstan": "Tatarstan",
		"Republik Tatarstan": "Tatarstan", "Республіка Татарстан": "Татарстан", "Чеченская Республика": "Чеченская",
		"Autonomous Republic of Crimea": "Crimea", "Autonome Republik Krim": "Krim", "Автономна Республіка Крим": "Крим",
		"Woiwodschaft Schlesien": "Schlesien", "Сілезьке воєводство": "Сілезьке", "Vilnius County": "Vilnius",
		"Kyiv": "Kyiv", "Moskau": "Moskau",
	} {
		if got := shortUnitName(in); got != want {
			t.Errorf("shortUnitName(%q) = %q, want %q", in, got, want)
		}
	}
}
