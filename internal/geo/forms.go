package geo

import (
	"strings"
	"unicode/utf8"
)

// Reports name a first-level unit in many forms: with its kind before or
// after the name, in another language's words for the kind ("Gebiet
// Belgorod", "Krasnodar Territory", "Teilrepublik Tatarstan"), or by the
// region's name made from its centre (Сумщина, Курщина, Донеччина). The
// names of the tables (data/admin1_names.tsv, data/place_names.tsv) are
// indexed, and tableNames adds to a unit's names these forms, made by rule
// from them; the inflection of every word (Курской области, Республике
// Татарстан, окрузі) is left to the matching (inflect.go).

// tableNames returns the names under which an entry of admin1_names.tsv or
// place_names.tsv is indexed: the table's names, a name in brackets apart
// ("Republik Sacha (Jakutien)": Republik Sacha, Jakutien), a Ukrainian or
// Russian republic's name without the word "Республика", and for a unit
// of Ukraine or Russia the forms of unitVariants.
func tableNames(id string, n fixedNames) []string {
	var out []string
	for k, s := range n {
		main, alt, ok := strings.Cut(s, " (")
		if main != "" {
			out = append(out, main)
		}
		if alt = strings.TrimSuffix(alt, ")"); ok && alt != "" {
			out = append(out, alt)
		}
		// The name after "Республика" is the republic's name too, and so is
		// each part of a name joined by a dash, which ends a clause in
		// text: Республика Северная Осетия — Алания, Северная Осетия, Алания.
		// Only the Ukrainian and Russian names are written so.
		if k != fixedUk && k != fixedRu {
			continue
		}
		for _, part := range strings.Split(main, " — ") {
			if part != main {
				out = append(out, part) // main is in out already
			}
			for _, w := range []string{"Республика ", "Республіка "} {
				if x, ok := strings.CutPrefix(part, w); ok {
					out = append(out, x)
				}
			}
		}
	}
	if iso, ok := strings.CutPrefix(id, "adm1:"); ok && homeUnit(iso) {
		out = append(out, unitVariants(iso, n)...)
	}
	return out
}

// unitVariants returns the other forms of a unit's names (en, de, uk, ru):
//
//   - English "X Oblast" is also "X region", "X Krai" also "X Territory" and
//     "X region";
//   - German "Oblast X" is also "Gebiet X" and "Region X", a krai's "Region
//     X" also "Gebiet X", a republic of Russia's "Republik X" also
//     "Teilrepublik X";
//   - a Ukrainian or Russian oblast or krai named by an adjective is also
//     named by the noun made from it (shchyna): Сумська область →
//     Сумщина, Курская область → Курщина.
func unitVariants(iso string, n fixedNames) []string {
	en, de, uk, ru := n[fixedEn], n[fixedDe], n[fixedUk], n[fixedRu]
	var out []string
	autonomous := strings.Contains(en, "Autonomous")
	if x, ok := strings.CutSuffix(en, " Oblast"); ok && !autonomous {
		out = append(out, x+" region")
	}
	if x, ok := strings.CutSuffix(en, " Krai"); ok {
		out = append(out, x+" Territory", x+" region")
	}
	if x, ok := strings.CutPrefix(de, "Oblast "); ok {
		out = append(out, "Gebiet "+x, "Region "+x)
	}
	if x, ok := strings.CutPrefix(de, "Region "); ok {
		out = append(out, "Gebiet "+x)
	}
	if x, ok := strings.CutPrefix(de, "Republik "); ok && strings.HasPrefix(iso, "RU-") {
		x, _, _ = strings.Cut(x, " (")
		out = append(out, "Teilrepublik "+x)
	}
	if !autonomous && !noShchyna[iso] {
		for _, name := range []string{uk, ru} {
			if s := shchyna(name); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// noShchyna are the units whose noun made from the adjective names
// something else: Московщина is Muscovy, an old name of Russia.
var noShchyna = map[string]bool{"RU-MOS": true}

// shchyna returns the noun Ukrainian and Russian make from an oblast's or
// krai's adjective to name the region, or "" when the name is no adjective
// and unit word or the noun is not made by rule:
//
//	Сумська → Сумщина, Одеська → Одещина, Донецька → Донеччина,
//	Запорізька → Запоріжчина, Краснодарський → Краснодарщина;
//	Курская → Курщина, Одесская → Одесщина, Воронежская → Воронежчина.
//
// Russian -цкая (Донецкая → Донетчина, Винницкая → Винничина) and -тская
// (Иркутская) have no one rule and are left out: -цкая matches none of the
// suffixes below.
func shchyna(name string) string {
	adj, unit, ok := strings.Cut(name, " ")
	if !ok || strings.Contains(unit, " ") {
		return ""
	}
	switch strings.ToLower(unit) {
	case "область", "край":
	default:
		return ""
	}
	for _, suf := range []struct{ adj, noun string }{
		{"цька", "ччина"}, {"цький", "ччина"}, {"зька", "жчина"}, {"зький", "жчина"},
		{"ська", "щина"}, {"ський", "щина"}, {"ская", "щина"}, {"ский", "щина"},
	} {
		base, ok := strings.CutSuffix(adj, suf.adj)
		if !ok || utf8.RuneCountInString(base) < 3 {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(base)
		ukrainian := strings.ContainsAny(suf.adj, "ьі")
		switch {
		case ukrainian && last == 'с': // Одес-ька, Черкас-ька: сщ is щ
			return strings.TrimSuffix(base, "с") + suf.noun
		case ukrainian:
			return base + suf.noun
		case last == 'т': // Иркутская, Камчатский: no one rule
			return ""
		case last == 'ж' || last == 'з': // Воронеж-ская
			return base + "чина"
		}
		return base + suf.noun
	}
	return ""
}
