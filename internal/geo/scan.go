package geo

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// Mention is a place named in a text.
type Mention struct {
	Span  trucewatch.Span // where the words stand in the text, cue words included
	Text  string          // the words as written
	Place trucewatch.Place
	// Kind says how the mention names its place; the zero value is a name of the place itself.
	Kind MentionKind
	// Role says whether the words around the mention make it a dateline or
	// part of a title; the zero value is an ordinary mention. The scanner
	// only marks them: what to make of them is the caller's decision.
	Role MentionRole
	// CentreID is, for a district, the gazetteer id of the settlement it is
	// named after (Synelnykove for "Синельниківському районі"; see
	// Gazetteer.Place), and "" otherwise.
	CentreID string
}

// MentionKind says how a mention names its place.
type MentionKind uint8

const (
	// KindName: the words are a name of the place itself.
	KindName MentionKind = iota
	// KindDistrict: a raion or okrug named by an adjective made from its
	// centre's name, or by the name itself, with a district word
	// ("Синельниківському районі", "Рыльского района", "Klimovsky
	// district", "Bezirk Bilopillja"). Place is the first-level unit the
	// centre lies in, at admin1 precision: a district is not its centre.
	KindDistrict
	// KindCommunity: a hromada or community named after its centre ("у
	// Вербківській громаді", "Золочівська ТГ", "Zolochiv community"). Place
	// is the centre settlement.
	KindCommunity
	// KindFallback: a settlement the gazetteer lacks, named after a settlement
	// word ("с. Вишневий Яр", "деревне Свобода"), or a district or
	// community whose centre it lacks. Text is the name as written; Place
	// is the first-level unit the text puts it in.
	KindFallback
)

var kindNames = [...]string{"name", "district", "community", "fallback"}

func (k MentionKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// MentionRole says what the words around a mention make of it.
type MentionRole uint8

const (
	// RoleOrdinary: nothing around the mention marks it.
	RoleOrdinary MentionRole = iota
	// RoleDateline: a place at the very start of a report, before an agency
	// in brackets or a dash ("SUMY (dpa-AFX) -", "MOSCOW, March 27.
	// /TASS/", "Moskau/Kiew (dpa) -"): where the report was filed.
	RoleDateline
	// RoleTitle: the place is part of an official's title or an institution's
	// name ("голова Сумської ОВА", "Kharkiv Oblast Governor", "Сумської
	// обласної прокуратури"): often the speaker's seat, not the scene.
	RoleTitle
)

var roleNames = [...]string{"ordinary", "dateline", "title"}

func (r MentionRole) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// candidate is a mention before resolution.
type candidate struct {
	from, to int // word range [from, to)
	entries  []int32
	main     []bool // for each entry: the words are its main name
	cue      bool   // an admin-1 cue ("Gebiet", "region") stands next to it
	kind     MentionKind
	// unitEnd is, for a district or community, the word after its unit
	// word: the city of a city district may follow there.
	unitEnd int
	settled bool // a settlement word (село, village of) stands before it
}

// Scan finds every place named in text and resolves each, using the others
// as context: Krasnopillia near Sumy is the one in Sumy oblast. Names are
// matched in every language at once, so the text's language is not needed.
// The mentions are in text order and do not overlap.
func (g *Gazetteer) Scan(text string) []Mention {
	return g.ScanWords(text, lang.Words(text))
}

// ScanWords is Scan for a text already split by lang.Words.
func (g *Gazetteer) ScanWords(text string, ws []lang.Word) []Mention {
	cands := g.find(text, ws, false)
	return g.resolve(text, ws, cands, context{})
}

// find walks the words once and collects the longest name match at each
// position, the district and community phrases, and the names after a
// settlement word. A query (Geocode) is a name on its own: the rules about
// the words around a name are off.
func (g *Gazetteer) find(text string, ws []lang.Word, query bool) []candidate {
	var out []candidate
	var keys []string
	var best []int32
	var bestMain []bool
	var bestLen int
	listCue := false // a region cue that carries over a list ("Regionen Donezk, Luhansk und Cherson")
	quoteEnd := 0    // the words before it are a company's name in quotes
	beforeAt := -1   // a district or community word ("Bezirk") stands before this word
	beforeFrom := -1 // where that word starts
	var before cueKind
	settledAt := -1 // a settlement word stands before this word
	zone := datelineZone(text)
	// The cue kinds of every word, looked up once: each word's are needed
	// for itself and for the word before it.
	cueFlags := make([]cueKind, len(ws))
	for i, w := range ws {
		cueFlags[i] = g.cues.words[w.Norm]
	}
	for i := 0; i < len(ws); {
		w := ws[i]
		if !query && i > 0 && i >= quoteEnd && w.Sep == lang.SepOther && g.cues.is(ws, i-1, cueCompany) && hasQuote(text[ws[i-1].End:w.Start]) {
			quoteEnd = closingQuote(text, ws, i)
		}
		if i < quoteEnd {
			i++
			continue
		}
		flags := cueFlags[i]
		if kind, n := g.cues.at(text, ws, i, flags&(cueUnitAfter|cueUnitBefore|cueSettlement|cuePhrase)); n > 0 && kind&(cueUnitAfter|cueUnitBefore|cueSettlement) != 0 {
			done := false
			if kind&cueUnitAfter != 0 {
				out, done = g.unitAfter(ws, i, n, kind, out)
			}
			if !done && kind&cueUnitBefore != 0 && i+n < len(ws) && ws[i+n].Upper {
				before, beforeAt, beforeFrom = kind&cueUnitBefore, i+n, i
			}
			if !query && kind&cueSettlement != 0 {
				out = g.settlementName(ws, i+n, out)
				settledAt = i + n
			}
			listCue = false
			i += n
			continue
		}
		keys = stemsOf(keys, w.Norm, w.Upper)
		best, bestMain, bestLen = g.lookup(ws, i, keys, false, best, bestMain)
		acronym := false
		if bestLen > 0 && !query && w.Upper && isAcronym(text[w.Start:w.End]) && !(int(w.Start) < zone && isDateline(text, int(w.Start), int(w.End))) {
			// КАБами, ХОВА: an acronym names no village, only what the
			// gazetteer itself writes in capitals (ДНР, USA).
			acronym = true
			best, bestMain, bestLen = g.lookup(ws, i, keys, true, best[:0], bestMain[:0])
		}
		// Russian and Ukrainian write an adjective made from a region's
		// centre in lower case before a branch or a facility ("объект
		// воронежского филиала"): such adjectives are tried too.
		lowerFacility := !w.Upper && !query && i+1 < len(ws) && cueFlags[i+1]&cueFacility != 0
		if bestLen <= 1 && (w.Upper || lowerFacility) && !acronym && i+1 < len(ws) && ws[i+1].Sep <= lang.SepHyphen && isCyrillicWord(w.Norm) {
			// An adjective made from a town's name before "обласної" names
			// the oblast ("Сумської обласної прокуратури"), even where a
			// village has the adjective's name; before a facility's or an
			// institution's abbreviation, the town ("Херсонську ТЕЦ").
			//
			// A place may bear the adjective as its name (Afipsky, Moskovsky):
			// before a facility or an institution the adjective then names
			// that place, unless the town it is made from is far larger
			// ("Московського нафтопереробного заводу" is Moscow's).
			var derived []int32
			abbr, next := isAbbreviation(ws[i+1]), cueFlags[i+1]
			switch {
			case !query && next&cueOblastAdj != 0:
				derived = g.oblastAdjective(w.Norm, nil)
			case abbr || !query && next&(cueInstitution|cueFacility) != 0:
				if districtEponym(w.Norm) {
					bestLen = 0 // "Кировский РОВД", "Кировский завод": a city district's
					break
				}
				// A district's centre too before an abbreviation or a
				// facility ("Туапсинский НПЗ"), not before an institution.
				centres := abbr || next&cueInstitution == 0
				derived = g.adjectiveTown(w.Norm, best, bestLen, centres)
				derived, bestLen = g.cityAfter(ws, i+2, derived, bestLen)
			}
			if len(derived) > 0 {
				best, bestLen = append(best[:0], derived...), 1
				bestMain = append(bestMain[:0], make([]bool, len(best))...)
			}
		}
		if bestLen == 1 && !query && i != settledAt && i != beforeAt && g.agreesWithNoun(ws, i) {
			bestLen = 0 // "Московського патріархату" is no Moskovsky (agree.go)
		}
		if bestLen == 1 && flags&cueStop != 0 {
			bestLen = 0 // "Später" is no Spat with a German -er
		}
		if bestLen > 0 && !query && i != beforeAt && g.isSurname(ws, i, bestLen, flags, &best, &bestMain) {
			bestLen = 0
		}
		if bestLen == 0 {
			if listCue && !listJoins[w.Norm] {
				listCue = false
			}
			if i == beforeAt {
				out = g.unitCandidate(out, ws, i, beforeFrom, i+1, unitKind(before), i+1)
			}
			i++
			continue
		}
		c := candidate{from: i, to: i + bestLen, entries: slices.Clone(best), main: slices.Clone(bestMain), settled: i == settledAt}
		if i == beforeAt {
			c.kind, c.from = unitKind(before), beforeFrom
			c.entries, c.main = g.withCentres(c.entries, c.main, w.Norm)
			c.unitEnd = c.to
			out = append(out, c)
			i = c.to
			continue
		}
		// Only a unit word in the plural covers the names listed after
		// the first (die Gebiete Sumy und Charkiw); a singular one, a
		// republic's above all, names one unit, and the towns after it
		// stay towns (Republik Moldau, Chișinău und Bălți).
		if bestLen > 1 && cueBefore[w.Norm] {
			c.cue, listCue = true, cueBeforePlural[w.Norm] // a unit's name that starts with its kind: Gebiet Belgorod, Republik Tatarstan
		} else if i > 0 && w.Sep <= lang.SepHyphen && cueBefore[ws[i-1].Norm] {
			c.cue, c.from = true, i-1
			listCue = cueBeforePlural[ws[i-1].Norm]
		} else if i > 1 && w.Sep <= lang.SepHyphen && ws[i-1].Sep <= lang.SepHyphen && ws[i-1].Norm == "of" && cueBefore[ws[i-2].Norm] {
			c.cue, c.from = true, i-2 // "the regions of Luhansk and Kherson"
			listCue = cueBeforePlural[ws[i-2].Norm]
		} else if c.to < len(ws) && ws[c.to].Sep <= lang.SepHyphen && cueAfter[ws[c.to].Norm] {
			c.cue, c.to = true, c.to+1
			if strings.HasSuffix(ws[c.to-1].Norm, "s") {
				out = g.unitList(ws, c, out) // "Sumy and Chernihiv regions"
			}
		} else if bestLen > 1 && cueAfter[ws[c.to-1].Norm] {
			c.cue = true // a unit's name that ends with its kind: Voronezh region
			if strings.HasSuffix(ws[c.to-1].Norm, "s") {
				out = g.unitList(ws, c, out) // "Bryansk and Voronezh regions"
			}
		} else if bestLen == 2 && strings.HasPrefix(ws[c.to-1].Norm, "облас") {
			out = g.unitList(ws, c, out) // "у Сумській та Харківській областях"
		} else if listCue && w.Sep <= lang.SepComma {
			c.cue = true
		} else {
			listCue = false
		}
		out = append(out, c)
		i = c.to
	}
	for k := range out {
		if out[k].cue {
			out[k].entries, out[k].main = g.withSeatUnits(out[k].entries, out[k].main)
		}
	}
	slices.SortStableFunc(out, func(a, b candidate) int { return cmp.Compare(a.from, b.from) })
	return out
}

// withSeatUnits adds to the entries of a name with a region cue the oblast
// or krai whose seat the name is, when no entry is a first-level unit:
// reports name a unit of Ukraine or Russia after its centre where the two
// names differ ("Dnipro region" is Dnipropetrovsk oblast, "Region
// Kropywnyzkyj" Kirovohrad oblast).
func (g *Gazetteer) withSeatUnits(entries []int32, main []bool) ([]int32, []bool) {
	var units []int32
	for _, e := range entries {
		en := &g.entries[e]
		if en.place.Precision == trucewatch.PlaceAdmin1 {
			return entries, main
		}
		if !en.seat || en.place.Country != "UA" && en.place.Country != "RU" || en.place.Admin1 == "" {
			continue
		}
		if u, ok := g.byID["adm1:"+en.place.Admin1]; ok && !slices.Contains(units, u) {
			units = append(units, u)
		}
	}
	for _, u := range units {
		entries, main = append(entries, u), append(main, false)
	}
	return entries, main
}

// previousListItem returns the capitalised word before word k that a comma
// or a list conjunction joins to it ("Курской и Белгородской"), or -1.
func previousListItem(ws []lang.Word, k int) int {
	switch {
	case k >= 1 && ws[k].Sep == lang.SepComma && ws[k-1].Upper:
		return k - 1
	case k >= 2 && ws[k].Sep <= lang.SepHyphen && listJoins[ws[k-1].Norm] && ws[k-1].Sep <= lang.SepComma && ws[k-2].Upper:
		return k - 2
	}
	return -1
}

// unitList makes the names listed before a unit's name that ends in a
// region word units too: "Sumy and Chernihiv regions", "у Сумській,
// Харківській та Чернігівській областях", "в Курской и Белгородской
// областях". Latin names get the region cue; Ukrainian and Russian
// adjectives are resolved as oblasts' names.
func (g *Gazetteer) unitList(ws []lang.Word, c candidate, out []candidate) []candidate {
	for k := c.from; ; {
		if k = previousListItem(ws, k); k < 0 {
			return out
		}
		found := -1
		for j := len(out) - 1; j >= 0 && j >= len(out)-32; j-- {
			if out[j].from <= k && out[j].to > k {
				found = j
				break
			}
		}
		if isCyrillicWord(ws[k].Norm) {
			units := g.oblastAdjective(ws[k].Norm, nil)
			switch {
			case len(units) == 0:
				return out
			case found >= 0 && out[found].from == k && out[found].to == k+1:
				out[found].entries, out[found].main = units, make([]bool, len(units))
			case found < 0:
				out = append(out, candidate{from: k, to: k + 1, entries: units, main: make([]bool, len(units))})
			}
			continue
		}
		if found < 0 {
			return out
		}
		out[found].cue = true
		k = out[found].from
	}
}

// lookup returns the entries of the longest names that start with word i,
// whose keys are given, and whether each is named by its main name. Only
// phrases ("southern Russia") may start with a small letter; caps keeps the
// names written in capitals only.
func (g *Gazetteer) lookup(ws []lang.Word, i int, keys []string, caps bool, best []int32, bestMain []bool) ([]int32, []bool, int) {
	w := ws[i]
	bestLen := 0
	best, bestMain = best[:0], bestMain[:0]
	idxs, n := [2]map[string]int32{g.phrases, g.index}, 1
	if w.Upper {
		n = 2
	}
	for _, idx := range idxs[:n] {
		for _, k := range keys {
			head, ok := idx[k]
			if !ok {
				continue
			}
			for l := head; l >= 0; l = g.next[l].next {
				if link := &g.next[l]; link.secondLen > 0 && (i+1 >= len(ws) || !link.secondIs(ws[i+1].Norm)) {
					continue // the name's second word is not next
				}
				n := &g.names[g.next[l].name]
				if caps && !n.caps {
					continue
				}
				nw := g.wordsOf(n)
				if len(nw) < bestLen || !nw[0].matches(w.Norm) && !(n.adjFirst && nw[0].matchesAdj(w.Norm)) || !restMatches(nw, ws, i) {
					continue
				}
				if len(nw) > bestLen {
					best, bestMain, bestLen = best[:0], bestMain[:0], len(nw)
				}
				if j := slices.Index(best, n.entry); j < 0 {
					best, bestMain = append(best, n.entry), append(bestMain, n.main)
				} else {
					bestMain[j] = bestMain[j] || n.main
				}
			}
		}
	}
	return best, bestMain, bestLen
}

// unitKind is the kind of mention that a unit word makes.
func unitKind(k cueKind) MentionKind {
	if k&(cueCommunityAfter|cueCommunityBefore) != 0 {
		return KindCommunity
	}
	return KindDistrict
}

// isSurname reports whether the name found at word i is a person's name:
// a capitalised word right after a first name or a patronymic ("Вячеслав
// Гладков", "Oleh Syniehubov"), a first name right before a capitalised
// word ("Anton Heraschtschenko"), or a word right after an official's title
// ("губернатор Гладков", "Governor Malkow"). After a title only small
// places are taken for surnames: "мэр Харькова" names the city. It drops
// those small places from best.
func (g *Gazetteer) isSurname(ws []lang.Word, i, n int, flags cueKind, best *[]int32, bestMain *[]bool) bool {
	w := ws[i]
	if n != 1 {
		return false
	}
	if i+1 < len(ws) && ws[i+1].Upper && ws[i+1].Sep == lang.SepSpace && isFirstName(w, flags) {
		return true
	}
	if i == 0 || w.Sep != lang.SepSpace {
		return false
	}
	prev := g.cues.words[ws[i-1].Norm]
	if ws[i-1].Upper && isFirstName(ws[i-1], prev) {
		return true
	}
	if prev&cueTitle == 0 {
		return false
	}
	k := 0
	for j, e := range *best {
		en := &g.entries[e]
		if en.place.Precision != trucewatch.PlaceSettlement || en.pop >= 50000 || en.seat || en.capital || en.curated {
			(*best)[k], (*bestMain)[k] = e, (*bestMain)[j]
			k++
		}
	}
	*best, *bestMain = (*best)[:k], (*bestMain)[:k]
	return k == 0
}

// isAcronym reports whether a word as written is an acronym: two to five
// capitals (ВСУ, НПЗ, TASS), perhaps with a Cyrillic case ending (КАБами,
// ДТЕКу), or capitals after a small letter (БпЛА).
func isAcronym(raw string) bool {
	up, n, lead := 0, 0, 0
	lowerSeen, camel := false, false
	for _, r := range raw {
		if !unicode.IsLetter(r) {
			continue
		}
		n++
		if unicode.IsUpper(r) {
			up++
			if lowerSeen {
				camel = true
			} else {
				lead++
			}
		} else {
			lowerSeen = true
			if up < 2 && n-up >= 2 {
				return false // Ukraine, Kupiansk: a capital and small letters
			}
		}
	}
	switch {
	case up < 2:
		return false
	case up == n:
		return n <= 5
	case camel:
		return up <= 5
	}
	// Capitals, then a case ending: КАБами, ДТЕКу.
	tail := n - lead
	first, _ := utf8.DecodeRuneInString(raw)
	return lead <= 5 && tail <= 3 && lang.IsCyrillic(first)
}

// hasQuote reports whether the characters between two words hold a quote
// mark.
func hasQuote(s string) bool {
	return strings.ContainsAny(s, "\"«»„“”‚‘’'")
}

// closingQuote returns the word after the quoted words that start at word
// i: the first whose gap before it holds a quote mark, or the end of the
// clause.
func closingQuote(text string, ws []lang.Word, i int) int {
	for j := i + 1; j < len(ws) && j < i+8; j++ {
		if ws[j].Sep == lang.SepStop || hasQuote(text[ws[j-1].End:ws[j].Start]) {
			return j
		}
	}
	return min(i+8, len(ws))
}

// derivedAdjective resolves an adjective made from a town's name when an
// abbreviation of a facility or an institution word follows it ("Херсонську
// ТЕЦ" is the Kherson power plant, "Харьковской ТЭЦ" Kharkiv's, "Сумської
// ОВА" Sumy's); find decides that. Elsewhere such adjectives are left alone
// ("каспийского трубопровода" is no town's).
func (g *Gazetteer) derivedAdjective(w string, dst []int32) []int32 {
	if !isCyrillicWord(w) {
		return dst
	}
	for _, suffix := range []string{"ськ", "цьк", "зьк", "ск", "цк", "ьк"} {
		i := strings.LastIndex(w, suffix)
		if i <= 0 || !adjEndings[w[i+len(suffix):]] {
			continue
		}
		base := w[:i]
		head, ok := g.index[base]
		for l := head; ok && l >= 0; l = g.next[l].next {
			n := &g.names[g.next[l].name]
			nw := g.wordsOf(n)
			if len(nw) == 1 && (nw[0].stem() == base || nw[0].full == base) && !slices.Contains(dst, n.entry) {
				dst = append(dst, n.entry)
			}
		}
		if len(dst) > 0 {
			return dst
		}
	}
	return dst
}

// districtEponyms are the stems of adjectives, Russian and Ukrainian, that
// name a district in almost every city of the former Soviet Union after a
// Soviet figure or date (Кировский, Ленінський, Октябрьский, Жовтневий):
// before a facility or an institution ("Кировский РОВД", "Советский
// завод") such an adjective names neither a town nor a village of that
// name.
var districtEponyms = []string{
	"кировск", "кіровськ", "ленинск", "ленінськ", "советск", "радянськ",
	"октябрьск", "жовтнев", "калининск", "калінінськ", "фрунзенск", "фрунзенськ",
	"дзержинск", "дзержинськ", "свердловск", "свердловськ", "куйбышевск", "куйбишевськ",
	"орджоникидзевск", "орджонікідзевськ", "ворошиловск", "ворошиловськ",
	"первомайск", "первомайськ", "красногвардейск", "червоногвардійськ",
	"пролетарск", "пролетарськ",
}

// districtEponym reports whether a word of text is an adjective made from
// one of districtEponyms.
func districtEponym(w string) bool {
	for _, s := range districtEponyms {
		if rest, ok := strings.CutPrefix(w, s); ok && adjEndings[rest] {
			return true
		}
	}
	return false
}

// cityAfter looks at the words after a facility's or an institution's
// name, from j on within the clause: where they name a town ("Приморский
// РОВД Санкт-Петербурга", "Самарський ТЦК у Дніпрі"), the adjective before
// the facility names a district of that town, not a place of its own, and
// cityAfter returns nil and 0, unless the town is one of derived
// ("Рязанский НПЗ в Рязани"). Else it returns derived and bestLen as
// they are.
func (g *Gazetteer) cityAfter(ws []lang.Word, j int, derived []int32, bestLen int) ([]int32, int) {
	var keys []string
	for k := j; k < len(ws) && k < j+4 && ws[k].Sep < lang.SepComma; k++ {
		if !ws[k].Upper || ws[k].Caps {
			continue // "у", "та СП"
		}
		keys = stemsOf(keys, ws[k].Norm, true)
		found, _, n := g.lookup(ws, k, keys, false, nil, nil)
		if n == 0 {
			return derived, bestLen
		}
		town := false
		for _, e := range found {
			if slices.Contains(derived, e) {
				return derived, bestLen
			}
			town = town || g.entries[e].place.Precision == trucewatch.PlaceSettlement || g.entries[e].cityUnit
		}
		if town {
			return nil, 0
		}
		return derived, bestLen
	}
	return derived, bestLen
}

// adjectiveTown returns the town that an adjective before a facility names
// (see largerTown): one whose name the adjective is made from, or, when
// there is none and centres is set, a district's centre (cyrillicBases).
// An adjective made from a country's or a unit's name only ("Украинский
// завод", "Кубанский завод") names no town.
func (g *Gazetteer) adjectiveTown(w string, best []int32, bestLen int, centres bool) []int32 {
	derived := g.derivedAdjective(w, nil)
	if len(derived) > 0 && !slices.ContainsFunc(derived, func(e int32) bool {
		return g.entries[e].place.Precision == trucewatch.PlaceSettlement
	}) {
		return nil
	}
	if derived = g.sameCountry(derived, best, bestLen); len(derived) == 0 && centres {
		derived = g.sameCountry(g.centres(w, nil), best, bestLen)
	}
	return g.largerTown(derived, best, bestLen)
}

// sameCountry keeps of derived the settlements in Ukraine or Russia or in
// a country where a place named by the adjective itself (best) lies:
// "Советский завод" is not Soweto's, "Курская АЭС" not Kure's, "Приморский
// РОВД" not Primorsky Krai's.
func (g *Gazetteer) sameCountry(derived, best []int32, bestLen int) []int32 {
	kept := derived[:0]
	for _, e := range derived {
		p := &g.entries[e].place
		if p.Precision != trucewatch.PlaceSettlement {
			continue
		}
		ok := p.Country == "UA" || p.Country == "RU"
		for k := 0; k < len(best) && bestLen > 0 && !ok; k++ {
			ok = g.entries[best[k]].place.Country == p.Country
		}
		if ok {
			kept = append(kept, e)
		}
	}
	return kept
}

// largerTown returns the towns an adjective is made from (derived) when
// no name matched the adjective itself (bestLen 0), or when one of them is
// far larger than every place that the adjective names (best): 1.5 more
// in importance (gazetteer.go: log10 of the people, +1 for a regional
// seat, +0.5 for a district's): some 32 times the people, or a regional
// seat over a town with less than a third of its people (10^0.5 ≈ 3.2
// times; Ryazan over Moscow's Ryazansky district); else nil.
func (g *Gazetteer) largerTown(derived, best []int32, bestLen int) []int32 {
	if bestLen == 0 || len(derived) == 0 {
		return derived
	}
	if bestLen > 1 {
		return nil
	}
	top := math.Inf(-1)
	for _, e := range best {
		top = max(top, g.entries[e].importance)
	}
	for _, e := range derived {
		if g.entries[e].importance >= top+1.5 {
			return derived
		}
	}
	return nil
}

// isAbbreviation reports a short word in capitals, such as ТЕЦ, АЕС, НПЗ.
func isAbbreviation(w lang.Word) bool {
	n := utf8.RuneCountInString(w.Norm)
	return w.Caps && n >= 2 && n <= 5
}

// restMatches reports whether the words after ws[i] continue the name
// words nw, with nothing but spaces, hyphens or quotes between them.
func restMatches(nw []nameWord, ws []lang.Word, i int) bool {
	if i+len(nw) > len(ws) {
		return false
	}
	for j := 1; j < len(nw); j++ {
		w := ws[i+j]
		// Spaces, hyphens and quotes («Суджа») may stand between the words.
		if w.Sep == lang.SepComma || w.Sep == lang.SepStop {
			return false
		}
		// A word in -а or -я before the last one is an adjective that
		// agrees with it: Єврейській автономній області.
		if !nw[j].matches(w.Norm) && !(j < len(nw)-1 && feminineAdjective(nw[j].full) && nw[j].matchesAdj(w.Norm)) {
			return false
		}
	}
	return true
}

// feminineAdjective reports whether a Cyrillic name word looks like a
// feminine adjective: four letters or more, ending in -а or -я.
func feminineAdjective(full string) bool {
	return isCyrillicWord(full) && (strings.HasSuffix(full, "а") || strings.HasSuffix(full, "я")) && utf8.RuneCountInString(full) >= 4
}

// locativePreps are the prepositions before a country that name it as a
// location: "in Russia", "у Росії", "в России", "im Gebiet" (not "Russia
// struck", "Росія вдарила").
var locativePreps = setOf("in", "im", "across", "inside", "within", "у", "в", "на", "по")

// afterLocative reports whether a locative preposition stands before word
// i, perhaps with an article between: "in der Ukraine", "in the UK".
func afterLocative(ws []lang.Word, i int) bool {
	if i > 1 && articles[ws[i-1].Norm] {
		i--
	}
	return i > 0 && locativePreps[ws[i-1].Norm]
}

// articles may stand between a preposition and a country's name.
var articles = setOf("der", "dem", "den", "the")

// context is what the other mentions of a text say about where it is.
type context struct {
	admin1  map[string]int // ISO 3166-2 → how many unambiguous mentions lie in it
	country map[trucewatch.Party]int
}

func (c context) clone() context {
	return context{admin1: maps.Clone(c.admin1), country: maps.Clone(c.country)}
}

func (c *context) add(p trucewatch.Place) {
	if c.admin1 == nil {
		c.admin1, c.country = map[string]int{}, map[trucewatch.Party]int{}
	}
	if p.Admin1 != "" {
		c.admin1[p.Admin1]++
	}
	c.country[p.Country]++
}

// resolve picks one entry per candidate. Places abroad that the text does
// not support are dropped first. Mentions that can only mean one place (or
// one place by a wide margin) set the context; the ambiguous ones are then
// resolved within it, and the districts, communities and fallbacks after
// them.
func (g *Gazetteer) resolve(text string, ws []lang.Word, cands []candidate, base context) []Mention {
	g.keepSupported(cands, base)
	ctx := base.clone()
	self := make([]int32, len(cands)) // the entry each candidate put into the context, or -1
	for i, c := range cands {
		self[i] = -1
		if c.kind != KindName || len(c.entries) == 0 {
			continue
		}
		if ranked := g.rank(c, base, -1); len(ranked) == 1 || ranked[0].score-ranked[1].score >= 3 {
			p := g.entries[ranked[0].entry].place
			if p.Precision == trucewatch.PlaceCountry && !afterLocative(ws, c.from) {
				continue // a country as an actor (Росія вдарила по ...) says nothing of where the places are
			}
			self[i] = ranked[0].entry
			ctx.add(p)
		}
	}
	res := make([]resolved, len(cands))
	more := false // districts, communities, fallbacks or names after a settlement word
	for i, c := range cands {
		more = more || c.kind != KindName || c.settled
		if c.kind != KindName || len(c.entries) == 0 {
			continue
		}
		e := g.rank(c, ctx, self[i])[0].entry
		res[i] = resolved{ok: true, entry: e, place: e}
	}
	if more {
		r := &resolver{g: g, text: text, ws: ws, cands: cands, res: res, ctx: ctx}
		r.units()
	}
	out := make([]Mention, 0, len(cands))
	zone := datelineZone(text)
	end := 0
	for i, c := range cands {
		if !res[i].ok {
			continue
		}
		m := Mention{
			Span:  trucewatch.Span{Start: int(ws[c.from].Start), End: int(ws[c.to-1].End)},
			Place: g.entries[res[i].place].place,
			Kind:  res[i].kind,
		}
		if m.Kind == KindDistrict {
			m.CentreID = g.entries[res[i].entry].place.ID
		}
		if m.Span.Start < end {
			continue // inside the name of a fallback or a district
		}
		end = m.Span.End
		m.Text = text[m.Span.Start:m.Span.End]
		switch {
		case m.Span.Start < zone && isDateline(text, m.Span.Start, m.Span.End):
			m.Role = RoleDateline
		case g.isTitle(ws, c.from, c.to):
			m.Role = RoleTitle
		}
		out = append(out, m)
	}
	return out
}

// resolved is what resolve makes of a candidate.
type resolved struct {
	ok    bool
	kind  MentionKind
	entry int32 // the entry chosen (a district's centre); -1 for a fallback
	place int32 // the entry of the mention's place: the entry, or a unit
}

// at returns the mention's place.
func (r resolved) at(g *Gazetteer) *trucewatch.Place { return &g.entries[r.place].place }

// keepSupported drops from the candidates the places outside Ukraine and
// Russia that the text does not support. A place abroad stands when its
// country is named in the text (or is the Geocode context), when it is a
// national capital or a city of a million, when it is a country or a region,
// when the supplement lists it, or when it is a first-level unit named by
// its main name or a name of several words. Without this, ordinary words
// that some small place abroad is called ("No", "police", "Anton") would be
// places.
func (g *Gazetteer) keepSupported(cands []candidate, base context) {
	var named []trucewatch.Party
	for p := range base.country {
		named = append(named, p)
	}
	for _, c := range cands {
		if c.kind != KindName {
			continue
		}
		for k, e := range c.entries {
			p := &g.entries[e].place
			if p.Precision == trucewatch.PlaceCountry || p.Precision == trucewatch.PlaceAdmin1 && !home(p.Country) && unitNamed(c, k) {
				if !slices.Contains(named, p.Country) && (len(c.entries) == 1 || g.rank(c, base, -1)[0].entry == e) {
					named = append(named, p.Country) // a unit abroad (Texas) names its country
				}
			}
		}
	}
	for i := range cands {
		c := &cands[i]
		if c.kind != KindName {
			continue
		}
		n := 0
		for k, e := range c.entries {
			if g.supported(e, *c, k, named) {
				c.entries[n], c.main[n] = e, c.main[k]
				n++
			}
		}
		c.entries, c.main = c.entries[:n], c.main[:n]
	}
}

// supported reports whether entry e, the candidate's k-th, may be meant
// (see keepSupported).
func (g *Gazetteer) supported(e int32, c candidate, k int, named []trucewatch.Party) bool {
	en := &g.entries[e]
	p := &en.place
	switch {
	case home(p.Country), p.Precision == trucewatch.PlaceCountry, p.Precision == trucewatch.PlaceRegion:
		return true
	case slices.Contains(named, p.Country), en.capital, en.pop >= 1_000_000, en.curated:
		return true
	case p.Precision == trucewatch.PlaceAdmin1:
		return unitNamed(c, k)
	}
	return false
}

// home reports whether a country is one of the two the monitor watches.
func home(country trucewatch.Party) bool { return country == "UA" || country == "RU" }

// unitNamed reports whether a candidate names its k-th entry, a first-level
// unit, plainly: by its main name, by a name of several words or with a
// region cue. Short alternate names of units abroad are often ordinary
// words (Var: "war", Čair: "air", Centar: "центр").
func unitNamed(c candidate, k int) bool {
	return c.main[k] || c.cue || c.to-c.from >= 2
}

// resolver resolves the districts, communities and fallbacks of a text
// once its names are resolved.
type resolver struct {
	g     *Gazetteer
	text  string
	ws    []lang.Word
	cands []candidate
	res   []resolved
	ctx   context
}

// units resolves the districts first, then the communities (which may lie
// in a district named in the same phrase), then those whose centre is not
// known (which may lie in the unit of a district or community listed with
// them), then the names after a settlement word.
func (r *resolver) units() {
	var rest []int
	for _, kind := range []MentionKind{KindDistrict, KindCommunity} {
		for i := range r.cands {
			if r.cands[i].kind == kind && !r.unit(i) {
				rest = append(rest, i)
			}
		}
	}
	for _, i := range rest {
		r.unitFallback(i)
	}
	for i, c := range r.cands {
		switch {
		case c.kind == KindFallback:
			r.fallback(i)
		case c.kind == KindName && c.settled && r.res[i].ok:
			r.settled(i)
		}
	}
}

// unit resolves a district or community by its centre, and reports whether
// it is done with it. The centre must lie in a first-level unit of Ukraine
// or Russia that the text's unambiguous mentions name or, when they name
// none, be the only one of its name. A district is then its centre's unit,
// a community its centre. A city district (Київський район of Kharkiv) is
// nothing: its city is named nearby.
func (r *resolver) unit(i int) bool {
	g, c := r.g, r.cands[i]
	keep, main := r.inContext(c)
	if len(keep) == 0 {
		return false
	}
	cc := c
	cc.entries, cc.main = keep, main
	centre := g.rank(cc, r.ctx, -1)[0].entry
	if r.cityDistrict(i, centre) {
		return true
	}
	place := centre
	if c.kind == KindDistrict {
		u, ok := g.byID["adm1:"+g.entries[centre].place.Admin1]
		if !ok {
			return true
		}
		place = u
	}
	r.res[i] = resolved{ok: true, entry: centre, place: place, kind: c.kind}
	return true
}

// unitFallback resolves a district or community that unit could not: one
// whose centre the gazetteer lacks falls back to the unit the text puts it
// in, and so does a community whose centre's namesakes all lie elsewhere
// (hromadas are named after villages, and many villages share a name). A
// district named after a place elsewhere is most often a city district
// (Дніпровський район of Kherson): nothing.
func (r *resolver) unitFallback(i int) {
	c := r.cands[i]
	if c.kind == KindDistrict && len(c.entries) > 0 || r.cityDistrict(i, -1) {
		return
	}
	if u, ok := r.unitFor(i); ok {
		r.res[i] = resolved{ok: true, entry: -1, place: u, kind: KindFallback}
	}
}

// inContext returns the candidate's centres that lie in a unit of Ukraine
// or Russia named by the text's unambiguous mentions; if they name none,
// all of them when they lie in one unit (a district) or are one place (a
// community).
func (r *resolver) inContext(c candidate) ([]int32, []bool) {
	named := false
	for u, n := range r.ctx.admin1 {
		if n > 0 && homeUnit(u) {
			named = true
			break
		}
	}
	var keep []int32
	var main []bool
	for k, e := range c.entries {
		p := &r.g.entries[e].place
		if !named || r.ctx.admin1[p.Admin1] > 0 {
			keep, main = append(keep, e), append(main, c.main[k])
		}
	}
	if named || len(keep) <= 1 {
		return keep, main
	}
	if c.kind == KindCommunity {
		return nil, nil
	}
	for _, e := range keep[1:] {
		if r.g.entries[e].place.Admin1 != r.g.entries[keep[0]].place.Admin1 {
			return nil, nil
		}
	}
	return keep, main
}

// homeUnit reports whether an ISO 3166-2 code is a unit of Ukraine or
// Russia.
func homeUnit(iso string) bool {
	return strings.HasPrefix(iso, "UA-") || strings.HasPrefix(iso, "RU-")
}

// cityDistrict reports whether district i, whose centre is the entry
// centre (-1 if none is known), is a district of a city rather than a
// raion: a district named after a capital or a city with a unit of its own
// (Київський, Московский), one followed by its city ("Київський район
// Харкова", "the Kyivskyi district of the city of Odesa"), or one named
// after a large city in the same or the previous sentence when its centre
// does not lie in that city's unit or is not known ("У Херсоні ... в
// Дніпровському районі", "Харків. У Салтівському районі"). A raion of the
// city's own oblast after it is a raion ("У Дніпрі ... У Синельниківському
// районі"), and so is one listed with the city ("у Нікополі, Марганці та
// Синельниківському районі").
func (r *resolver) cityDistrict(i int, centre int32) bool {
	g, c, ws := r.g, r.cands[i], r.ws
	if c.kind != KindDistrict {
		return false
	}
	if centre >= 0 {
		e := &g.entries[centre]
		if e.capital || g.isCityUnit(e.place.Admin1) {
			return true
		}
	}
	k := c.unitEnd
	for k < len(ws) && k-c.unitEnd < 4 && ws[k].Sep <= lang.SepHyphen && g.cues.is(ws, k, cueCityOf) {
		k++
	}
	if k < len(ws) && ws[k].Sep <= lang.SepHyphen {
		for j := i + 1; j < len(r.cands) && r.cands[j].from <= k; j++ {
			cj := r.cands[j]
			if cj.from == k && cj.kind == KindName && !cj.cue && r.res[j].ok &&
				r.res[j].at(r.g).Precision == trucewatch.PlaceSettlement && r.res[j].entry != centre {
				return true
			}
		}
	}
	for j := i - 1; j >= 0; j-- {
		cj := r.cands[j]
		if cj.to > c.from {
			continue
		}
		if r.boundaries(cj.to, c.from) > 1 {
			return false
		}
		if !r.res[j].ok || cj.kind != KindName || r.res[j].at(r.g).Precision != trucewatch.PlaceSettlement {
			continue
		}
		e := &g.entries[r.res[j].entry]
		if r.res[j].entry == centre || e.pop < 200000 && !e.seat && !e.capital {
			return false
		}
		if centre >= 0 && g.entries[centre].place.Admin1 == e.place.Admin1 {
			return false
		}
		for k := cj.to; k < c.from && k < cj.to+2; k++ {
			if listJoins[ws[k].Norm] {
				return false
			}
		}
		return true
	}
	return false
}

// isCityUnit reports whether a first-level unit is a city (Kyiv,
// Sevastopol, Saint Petersburg).
func (g *Gazetteer) isCityUnit(iso string) bool {
	i, ok := g.byID["adm1:"+iso]
	return ok && g.entries[i].cityUnit
}

// boundary reports whether a clause ends between words a-1 and b: a full
// stop, colon, line break and the like, except the full stop of an
// abbreviation (с., м., обл.).
func (r *resolver) boundary(a, b int) bool { return r.boundaries(a, b) > 0 }

// boundaries counts the clause ends between words a-1 and b.
func (r *resolver) boundaries(a, b int) int {
	n := 0
	for k := max(a, 1); k <= b && k < len(r.ws); k++ {
		if r.ws[k].Sep == lang.SepStop && !r.abbreviation(k-1) {
			n++
		}
	}
	return n
}

// abbreviation reports whether word k is an abbreviation in small letters
// written with a full stop right after it: с., м., обл., вул., a.m.
func (r *resolver) abbreviation(k int) bool {
	w := r.ws[k]
	end := int(w.End)
	n := utf8.RuneCountInString(w.Norm)
	return !w.Upper && (n == 1 || n <= 3 && isCyrillicWord(w.Norm)) && end < len(r.text) && r.text[end] == '.'
}

// unitFor returns the first-level unit that the text puts candidate i in:
// that of a district or community named in the same phrase ("Богодухівський
// р-н, Краснокутська ТГ, с. Вишневий Яр"), else a unit named in the same
// sentence, else the one unit that most of the text's unambiguous mentions
// lie in.
func (r *resolver) unitFor(i int) (int32, bool) {
	iso := r.phraseUnit(i)
	if iso == "" {
		iso = r.sentenceUnit(i)
	}
	if iso == "" {
		iso = r.ctxUnit()
	}
	if iso == "" {
		return -1, false
	}
	e, ok := r.g.byID["adm1:"+iso]
	return e, ok
}

// phraseUnit returns the unit of the nearest district or community within
// a few words of candidate i in the same clause, or "".
func (r *resolver) phraseUnit(i int) string {
	c := r.cands[i]
	best, dist := "", 0
	for j := r.first(c.from - 12); j < len(r.cands) && r.cands[j].from <= c.to+8; j++ {
		cj := r.cands[j]
		if j == i || !r.res[j].ok || cj.kind != KindDistrict && cj.kind != KindCommunity {
			continue
		}
		var d int
		switch {
		case cj.to <= c.from && c.from-cj.to <= 10 && !r.boundary(cj.to, c.from):
			d = c.from - cj.to
		case cj.from >= c.to && cj.from-c.to <= 8 && !r.boundary(c.to, cj.from):
			d = cj.from - c.to
		default:
			continue
		}
		if best == "" || d < dist {
			best, dist = r.res[j].at(r.g).Admin1, d
		}
	}
	return best
}

// sentenceUnit returns the nearest first-level unit named in candidate i's
// clause, or "".
func (r *resolver) sentenceUnit(i int) string {
	c := r.cands[i]
	best, dist := "", 0
	for j := i - 1; j >= 0; j-- { // back to the clause's start
		cj := r.cands[j]
		if cj.to > c.from {
			continue
		}
		if r.boundary(cj.to, c.from) {
			break
		}
		if r.res[j].ok && cj.kind == KindName && r.res[j].at(r.g).Precision == trucewatch.PlaceAdmin1 {
			best, dist = r.res[j].at(r.g).Admin1, c.from-cj.to
			break
		}
	}
	for j := i + 1; j < len(r.cands); j++ { // on to its end
		cj := r.cands[j]
		if cj.from < c.to {
			continue
		}
		if d := cj.from - c.to; best != "" && d >= dist || r.boundary(c.to, cj.from) {
			break
		}
		if r.res[j].ok && cj.kind == KindName && r.res[j].at(r.g).Precision == trucewatch.PlaceAdmin1 {
			return r.res[j].at(r.g).Admin1
		}
	}
	return best
}

// first returns the index of the first candidate that starts at word k or
// later.
func (r *resolver) first(k int) int {
	return sort.Search(len(r.cands), func(j int) bool { return r.cands[j].from >= k })
}

// ctxUnit returns the unit of Ukraine or Russia that more of the text's
// unambiguous mentions lie in than in all others together, or "".
func (r *resolver) ctxUnit() string {
	best, top, total := "", 0, 0
	for u, n := range r.ctx.admin1 {
		if !homeUnit(u) || n <= 0 {
			continue
		}
		total += n
		if n > top || n == top && u < best {
			best, top = u, n
		}
	}
	if 2*top <= total {
		return ""
	}
	return best
}

// fallback resolves the name after a settlement word when the gazetteer
// does not know it: the name as written, placed in the unit the text puts
// it in. The name ends where a district, a community or a unit begins
// ("селе Званное Глушковского района").
func (r *resolver) fallback(i int) {
	c := &r.cands[i]
	lo := r.first(c.from)
	for j := lo; j < len(r.cands) && r.cands[j].from < c.to; j++ {
		cj := r.cands[j]
		if j != i && cj.from > c.from && cj.from < c.to &&
			(cj.kind != KindName || cj.cue || r.res[j].ok && r.res[j].at(r.g).Precision == trucewatch.PlaceAdmin1) {
			c.to = cj.from
		}
	}
	for j := lo; j < len(r.cands) && r.cands[j].from == c.from; j++ {
		cj := r.cands[j]
		// A place the gazetteer knows by the whole name (one that only has
		// its first word, "Весело" of Весело-Вознесенка, is not it), or a
		// district or community ("села Криворізького району").
		if j != i && cj.from == c.from && (cj.kind == KindName && r.res[j].ok && cj.to >= c.to || cj.kind == KindDistrict || cj.kind == KindCommunity) {
			return
		}
	}
	if u, ok := r.unitFor(i); ok {
		r.res[i] = resolved{ok: true, entry: -1, place: u, kind: KindFallback}
	}
}

// settled checks a known name after a settlement word against a district
// or community named in the same phrase: "села Борки Валуйского округа" is
// not the Borki the gazetteer knows in another oblast. The name then falls
// back to the district's unit.
func (r *resolver) settled(i int) {
	c := r.cands[i]
	iso := r.phraseUnit(i)
	if iso == "" || r.res[i].at(r.g).Admin1 == iso || r.res[i].at(r.g).Precision != trucewatch.PlaceSettlement {
		return
	}
	cc := c
	cc.entries, cc.main = nil, nil
	for k, e := range c.entries {
		if r.g.entries[e].place.Admin1 == iso {
			cc.entries, cc.main = append(cc.entries, e), append(cc.main, c.main[k])
		}
	}
	if len(cc.entries) > 0 {
		e := r.g.rank(cc, r.ctx, -1)[0].entry
		r.res[i] = resolved{ok: true, entry: e, place: e}
		return
	}
	if u, ok := r.g.byID["adm1:"+iso]; ok {
		r.res[i] = resolved{ok: true, entry: -1, place: u, kind: KindFallback}
	}
}

// datelineZone returns the offset where the text's first datelineLines
// non-blank lines end: a dateline starts before it.
func datelineZone(text string) int {
	n := 0
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			return len(text)
		}
		if strings.TrimSpace(text[off:off+end]) != "" {
			n++
			if n == datelineLines {
				return off + end
			}
		}
		off += end + 1
	}
	return len(text)
}

type scored struct {
	entry int32
	score float64
}

// rank scores a candidate's entries, best first. self is the entry that the
// candidate itself put into ctx (-1 if none): it must not count twice.
func (g *Gazetteer) rank(c candidate, ctx context, self int32) []scored {
	// A bare city name means the city, not the unit named after it
	// ("Sumy", not Sumy oblast): find the units that hold a namesake city.
	var cityUnits []string
	units := false // some entry is a unit: a small namesake village must not win by context alone (Крым)
	for _, e := range c.entries {
		if p := g.entries[e].place; p.Precision == trucewatch.PlaceSettlement && p.Admin1 != "" {
			cityUnits = append(cityUnits, p.Admin1)
		} else if p.Precision == trucewatch.PlaceAdmin1 {
			units = true
		}
	}
	out := make([]scored, 0, len(c.entries))
	for k, ei := range c.entries {
		e := &g.entries[ei]
		p := e.place
		s := e.importance
		if c.main[k] {
			s += 0.75 // Pokrovsk is the town of that name today, not Engels' old name
		}
		switch {
		case c.cue && p.Precision == trucewatch.PlaceAdmin1:
			s += 10
		case c.cue && p.Precision == trucewatch.PlaceSettlement:
			s -= 5
		case p.Precision == trucewatch.PlaceAdmin1 && slices.Contains(cityUnits, p.Admin1):
			s -= 3.5
		}
		own := 0
		if ei == self {
			own = 1
		}
		if p.Admin1 != "" && ctx.admin1[p.Admin1]-own > 0 && p.Precision == trucewatch.PlaceSettlement && (!units || e.pop >= 10000) {
			s += 4
		}
		if ctx.country[p.Country]-own > 0 {
			s += 2
		}
		if p.Country == "UA" || p.Country == "RU" {
			s += 1.5 // the monitor's theatre
		}
		out = append(out, scored{ei, s})
	}
	slices.SortFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(g.entries[a.entry].place.ID, g.entries[b.entry].place.ID)
	})
	return out
}
