package main

import (
	"fmt"
	"slices"
	"strings"
)

// A correction mends one Natural Earth admin-1 feature of Ukraine or
// Russia whose ISO 3166-2 code, names or type are wrong. Natural Earth
// takes its iso_3166_2 field and its translated names from other sources
// and carries their mistakes; the gazetteer's ids are ISO 3166-2 codes that
// claims, the map and the reports share, so a unit must carry its own.
//
// The feature is named by Natural Earth's identifier (adm1_code) and the
// iso_3166_2 it carries, and every change by the value it replaces: when a
// new release of the source fixes or changes a feature, its correction no
// longer matches and gen stops, naming it, rather than editing the wrong
// row. Only properties that gen reads are corrected (readAdmin1): the
// others stay as Natural Earth has them.
type correction struct {
	adm1Code string   // Natural Earth's adm1_code, "RUS-2365"
	iso      string   // iso_3166_2 as Natural Earth has it
	set      []change // properties to replace
	dropAlt  []string // entries of name_alt ("|"-separated) to remove
	reason   string   // what is wrong and the reference for the right value
}

// A change replaces a property's value; an empty to removes it.
type change struct{ prop, from, to string }

// corrections is the table, checked against ISO 3166-2:RU and ISO
// 3166-2:UA (the ISO Online Browsing Platform's lists of subdivisions,
// which give each code's name and category). docs/gazetteer.md,
// "Corrections to Natural Earth", lists the same.
var corrections = []correction{
	{adm1Code: "RUS-2365", iso: "RU-MOS",
		set:    []change{{"iso_3166_2", "RU-MOS", "RU-MOW"}},
		reason: "the federal city of Moscow (gn RU.48, type Federal City) carries Moscow Oblast's code; ISO 3166-2:RU: RU-MOW Moskva, autonomous city"},
	{adm1Code: "RUS-2364", iso: "RU-MOW",
		set:    []change{{"iso_3166_2", "RU-MOW", "RU-MOS"}},
		reason: "Moscow Oblast (gn RU.47, Moskovskaya Oblast') carries the city's code; ISO 3166-2:RU: RU-MOS Moskovskaya oblast', oblast"},
	{adm1Code: "RUS-2399", iso: "RU-ALT",
		set: []change{
			{"name_en", "Altai Republic", "Altai Krai"},
			{"name_de", "Republik Altai", "Region Altai"},
			{"name_uk", "Республіка Алтай", "Алтайський край"},
			{"name_ru", "Республика Алтай", "Алтайский край"},
		},
		reason: "Altai Krai (Altayskiy Kray, type Territory) is named as the Altai Republic, RU-AL; ISO 3166-2:RU: RU-ALT Altayskiy kray, administrative territory"},
	{adm1Code: "RUS-2612", iso: "RU-SA",
		set: []change{
			{"type_en", "Autonomous Province", "Republic"},
			{"woe_name", "Chukot", ""},
		},
		dropAlt: []string{"Chukotka", "Chukotskiy AOk"},
		reason:  "the Sakha Republic (Yakutia) has Chukotka's type and names, which belong to RU-CHU; ISO 3166-2:RU: RU-SA Saha, Respublika, republic"},
	{adm1Code: "RUS-2615", iso: "RU-MAG",
		set: []change{
			{"name", "Maga Buryatdan", "Magadan"},
			{"woe_name", "Maga Buryatdan", "Magadan"},
		},
		reason: "a garbled name; ISO 3166-2:RU: RU-MAG Magadanskaya oblast'"},
	{adm1Code: "RUS-2610", iso: "RU-ZAB",
		set:    []change{{"type_en", "Region", "Territory"}},
		reason: "Zabaykalsky Krai is a krai, not an oblast, since 2008; ISO 3166-2:RU: RU-ZAB Zabaykal'skiy kray, administrative territory"},
	{adm1Code: "RUS-3468", iso: "RU-KAM",
		set:    []change{{"type_en", "Region", "Territory"}},
		reason: "Kamchatka Krai is a krai, not an oblast, since 2007; ISO 3166-2:RU: RU-KAM Kamchatskiy kray, administrative territory"},
	{adm1Code: "RUS-2354", iso: "RU-ARK",
		dropAlt: []string{"Vologodskaya Oblast"},
		reason:  "Arkhangelsk Oblast carries Vologda Oblast's name, which belongs to RU-VLG; ISO 3166-2:RU: RU-ARK Arkhangel'skaya oblast'"},
	{adm1Code: "RUS-2336", iso: "RU-LEN",
		dropAlt: []string{"Saint Petersburg"},
		reason:  "Leningrad Oblast carries the name of the federal city, which is RU-SPE; ISO 3166-2:RU: RU-LEN Leningradskaya oblast', RU-SPE Sankt-Peterburg"},
	{adm1Code: "RUS-2613", iso: "RU-YEV",
		set: []change{
			{"name_en", "Jewish", "Jewish Autonomous Oblast"},
			{"name_de", "Jüdische", "Jüdische Autonome Oblast"},
		},
		dropAlt: []string{"Yahudi"},
		reason:  "the name cut to its adjective (\"Jewish\", \"Jüdische\", Turkish \"Yahudi\") makes every Jewish of a text this unit; ISO 3166-2:RU: RU-YEV Yevreyskaya avtonomnaya oblast', autonomous region"},
	{adm1Code: "UKR-321", iso: "UA-32",
		set: []change{
			{"name_uk", "Київ", "Київська область"},
			{"name_ru", "Киев", "Киевская область"},
		},
		reason: "Kyiv Oblast has the city's Ukrainian and Russian names, which belong to UA-30; ISO 3166-2:UA: UA-32 Kyivska oblast, UA-30 Kyiv, city"},
	{adm1Code: "RUS-5482", iso: "UA-40",
		set:    []change{{"type_en", "Federal City", "Municipality"}},
		reason: "Sevastopol is a Ukrainian city with special status, not a Russian federal city (UN GA resolution 68/262); typed like Kyiv; ISO 3166-2:UA: UA-40 Sevastopol, city"},
	{adm1Code: "UKR-4827", iso: "UA-65",
		set:    []change{{"type_en", "", "Region"}},
		reason: "Kherson Oblast has no type; ISO 3166-2:UA: UA-65 Khersonska oblast, region"},
}

// applyCorrections mends the features' properties in place by the table.
// It fails when a correction matches no feature or more than one, or when a
// value it replaces or drops is not what the feature has: the source has
// changed, and the table must be checked against it.
func applyCorrections(features []map[string]any, table []correction) error {
	byCode := map[string]int{}
	for i, c := range table {
		if _, dup := byCode[c.adm1Code]; dup {
			return fmt.Errorf("correction %s listed twice", c.adm1Code)
		}
		byCode[c.adm1Code] = i
	}
	used := make([]bool, len(table))
	var errs []string
	for _, p := range features {
		code, _ := p["adm1_code"].(string)
		i, ok := byCode[code]
		if !ok {
			continue
		}
		c := table[i]
		if used[i] {
			errs = append(errs, fmt.Sprintf("correction %s (%s): more than one feature has adm1_code %s", c.adm1Code, c.iso, code))
			continue
		}
		used[i] = true
		if err := c.apply(p); err != nil {
			errs = append(errs, fmt.Sprintf("correction %s (%s): %v", c.adm1Code, c.iso, err))
		}
	}
	for i, c := range table {
		if !used[i] {
			errs = append(errs, fmt.Sprintf("correction %s (%s): no feature has this adm1_code", c.adm1Code, c.iso))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("the corrections to Natural Earth no longer match the source (check internal/geo/gen/corrections.go):\n\t%s", strings.Join(errs, "\n\t"))
	}
	return nil
}

func (c correction) apply(p map[string]any) error {
	if iso, _ := p["iso_3166_2"].(string); iso != c.iso {
		return fmt.Errorf("iso_3166_2 is %q, want %q", iso, c.iso)
	}
	for _, ch := range c.set {
		if v, _ := p[ch.prop].(string); v != ch.from {
			return fmt.Errorf("%s is %q, want %q", ch.prop, v, ch.from)
		}
	}
	alt, _ := p["name_alt"].(string)
	alts := strings.Split(alt, "|")
	for _, d := range c.dropAlt {
		i := slices.Index(alts, d)
		if i < 0 {
			return fmt.Errorf("name_alt %q lacks %q", alt, d)
		}
		alts = slices.Delete(alts, i, i+1)
	}
	for _, ch := range c.set {
		p[ch.prop] = ch.to
	}
	if len(c.dropAlt) > 0 {
		p["name_alt"] = strings.Join(alts, "|")
	}
	return nil
}
