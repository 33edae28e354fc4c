package geo

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// Ukrainian and Russian inflect place names: у Сумах, в Харкові, під
// Бахмутом, в Курске, Краснодарского края. Rather than list every form, the
// gazetteer indexes each name word by its stem (the nominative with its
// ending cut off), and a word of text matches when it is the stem plus a case
// ending. German and English add a genitive s (Kiews, Kharkiv's) and German
// an adjective -er (Kiewer).

// nounEndings and adjEndings are the case endings of Ukrainian and Russian
// nouns and adjectives, normalised (ё is е). A name that is a noun (Курськ,
// Суми) takes noun endings only, so that an adjective made from it
// ("каспийского трубопровода", "Курської АЕС") does not name the town; a
// name that is an adjective (Кавказская, Краснодарский край) takes both.
var (
	nounEndings = setOf(
		"а", "я", "о", "е", "є", "и", "і", "ї", "у", "ю", "ы", "ь", "й",
		"ах", "ях", "ам", "ям", "ом", "ем", "єм", "ою", "ею", "єю", "ів", "їв", "ей", "ов", "ев", "ві", "ью", "ье", "ья", "ьи",
		"ами", "ями", "ові", "еві", "єві", "ьем", "ии", "ия", "ию", "ией", "ії", "ія", "ію", "ією", "иях", "іях", "ой",
	)
	adjEndings = setOf(
		"ий", "ій", "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "им", "ым", "ім",
		"ую", "юю", "их", "ых", "іх", "ими", "ыми", "іми", "ої", "ей", "ою", "а", "у", "ю", "і", "е", "ої",
	)
	// endings is every ending: a word of text may carry any of them.
	endings = merge(nounEndings, adjEndings)
	// maxEnding is the length in runes of the longest ending, Cyrillic or
	// Latin: stemsOf cuts no more.
	maxEnding = max(longest(endings), longest(latinEndings))
)

// longest returns the length in runes of the longest key of a set.
func longest(set map[string]bool) int {
	n := 0
	for k := range set {
		n = max(n, utf8.RuneCountInString(k))
	}
	return n
}

// merge returns a new map with the entries of a and then of b, so that b
// wins where both have a key.
func merge[K comparable, V any](a, b map[K]V) map[K]V {
	m := make(map[K]V, len(a)+len(b))
	maps.Copy(m, a)
	maps.Copy(m, b)
	return m
}

// nominative endings are cut from a name word to find its stem; the
// adjectival ones make the word an adjective.
var (
	nominative    = setOf("а", "я", "о", "е", "є", "и", "і", "ї", "ы", "ь", "й", "ье", "ья", "ия", "ія")
	nominativeAdj = setOf("ий", "ій", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ьке", "ька", "ський", "ська", "ське")
)

// latinEndings are what German and English add to a Latin name.
var latinEndings = setOf("s", "er", "ern")

// germanAdjEndings end a German adjective; one that stands before the last
// word of a name declines: die Russische Föderation, in der Russischen
// Föderation; der Autonome Kreis, im Autonomen Kreis.
var germanAdjEndings = setOf("e", "en", "er", "es", "em")

// germanAdjStem returns a Latin name word's stem without a German
// adjective's ending (russische → russisch, autonomer → autonom), or "".
func germanAdjStem(w string) string {
	if isCyrillicWord(w) {
		return ""
	}
	for _, e := range []string{"en", "er", "es", "em", "e"} {
		if s, ok := strings.CutSuffix(w, e); ok && utf8.RuneCountInString(s) >= minLatinStem+2 {
			return s
		}
	}
	return ""
}

func setOf(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

const (
	minCyrillicStem = 3 // runes
	minLatinStem    = 4
)

// stem returns the stem under which a name word is indexed: a Cyrillic word
// without its nominative ending (Суми → сум, Краснопілля → краснопілл),
// other words unchanged. A stem keeps at least minCyrillicStem runes.
func stem(w string) string {
	if !isCyrillicWord(w) {
		return w
	}
	best := w
	n := utf8.RuneCountInString(w)
	for k, cut := 1, len(w); k <= 2 && k < n-minCyrillicStem+1; k++ {
		_, size := utf8.DecodeLastRuneInString(w[:cut])
		cut -= size
		if nominative[w[cut:]] || nominativeAdj[w[cut:]] {
			best = w[:cut]
		}
	}
	return best
}

// adjectiveSuffixes end name words that decline as adjectives: Кавказская,
// Краснодарский, Сумська (область), Роботине, Селидове.
var adjectiveSuffixes = []string{"ий", "ій", "ый", "ой", "ая", "яя", "ое", "ее", "ие",
	"ська", "цька", "зька", "ське", "цьке", "зьке", "ька", "ьке", "ине", "іне", "ове", "еве", "ская", "цкая", "ское"}

// isAdjective reports whether a name word declines as an adjective.
func isAdjective(full string) bool {
	for _, s := range adjectiveSuffixes {
		if strings.HasSuffix(full, s) {
			return true
		}
	}
	return false
}

// altKind says which forms a name word's second stem (nameWord.alt)
// takes.
type altKind uint8

const (
	altNone altKind = iota
	// altEvery: a stem whose last syllable alternates, taking every
	// ending: Харків → Харкова, Авдіївка → Авдіївці, Городок → Городка.
	altEvery
	// altEveryLocative: altEvery, and the stem ends in г, which turns
	// into з before the Ukrainian locative's -і as well: Ріг → Рогу and
	// (Кривому) Розі.
	altEveryLocative
	// altLocative: the stem of the Ukrainian locative only, г → з before
	// -і, which takes no other ending: округ → окрузі.
	altLocative
	// altGerman: a German adjective's stem, which takes the German
	// adjective endings: Russische → Russischen (Föderation).
	altGerman
)

// altStem returns a second stem for Ukrainian and Russian name words
// whose last syllable changes when inflected, and its kind, or "" and
// altNone:
//
//	Харків → Харкова, Львів → Львова   (і → о)
//	Київ → Києва                       (ї → є)
//	Ріг → Рогу, Розі                    (і → о before a final consonant)
//	Авдіївка → Авдіївці                 (к → ц before і)
//	Тростянець → Тростянця, Городок → Городка (the vowel drops out)
//	округ → окрузі, Петербург → Петербурзі (г → з before і)
func altStem(w string) (string, altKind) {
	if !isCyrillicWord(w) {
		return "", altNone
	}
	n := len(w)
	has := func(suffix string) bool { return n > len(suffix)+2 && w[n-len(suffix):] == suffix }
	switch {
	case has("ів"):
		return w[:n-len("ів")] + "ов", altEvery
	case has("їв"):
		return w[:n-len("їв")] + "єв", altEvery
	case has("ка"):
		return w[:n-len("ка")] + "ц", altEvery
	case has("ець"):
		return w[:n-len("ець")] + "ц", altEvery
	case has("ец"):
		return w[:n-len("ец")] + "ц", altEvery
	case has("ок"):
		return w[:n-len("ок")] + "к", altEvery
	}
	r, size := utf8.DecodeLastRuneInString(w)
	if size < n && r != 'ь' && !isVowel(r) {
		v, vsize := utf8.DecodeLastRuneInString(w[:n-size])
		if v == 'і' {
			if r == 'г' {
				return w[:n-size-vsize] + "о" + w[n-size:], altEveryLocative
			}
			return w[:n-size-vsize] + "о" + w[n-size:], altEvery
		}
	}
	if r == 'г' && size < n {
		return w[:n-size] + "з", altLocative // the Ukrainian locative: округ → окрузі, Петербург → Петербурзі
	}
	return "", altNone
}

// locativeStem returns the stem of the Ukrainian locative of an
// altEveryLocative stem: рог → роз (у Кривому Розі).
func locativeStem(alt string) string {
	return strings.TrimSuffix(alt, "г") + "з"
}

// bareStem reports whether a name word's stem alone is also a form of it:
// the genitive plural of plural names (Суми → із Сум, Черкаси → Черкас).
// Adjectival names never lose their ending (Покровск is not Покровское).
func bareStem(full, stem string) bool {
	switch full[len(stem):] {
	case "и", "і", "ы":
		return true
	}
	return false
}

func isVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я', 'ы', 'э':
		return true
	}
	return false
}

func isCyrillicWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return lang.IsCyrillic(r)
}

// stemsOf returns the keys under which a word of text may be found: the word
// itself, then the word without each ending it carries, longest ending
// last, and for a word that begins with a capital (upper) a German
// adjective's stem. dst is reused to avoid allocating.
func stemsOf(dst []string, w string, upper bool) []string {
	dst = append(dst[:0], w)
	ends, minStem := latinEndings, minLatinStem
	if isCyrillicWord(w) {
		ends, minStem = endings, minCyrillicStem
	}
	n := utf8.RuneCountInString(w)
	cut := len(w)
	for k := 1; k <= maxEnding && n-k >= minStem; k++ {
		_, size := utf8.DecodeLastRuneInString(w[:cut])
		cut -= size
		if ends[w[cut:]] {
			dst = append(dst, w[:cut])
		}
	}
	if !upper {
		return dst // a name's first word is written with a capital
	}
	if s := germanAdjStem(w); s != "" && !slices.Contains(dst, s) {
		dst = append(dst, s) // Russischen: a name's first word Russische is indexed under russisch
	}
	return dst
}

// matchesWord reports whether a word of text is an inflected form of a name
// word with the given full form and stem.
func matchesWord(text, full, stem string) bool {
	if text == full || text == stem && bareStem(full, stem) {
		return true
	}
	if len(text) <= len(stem) || text[:len(stem)] != stem {
		return false
	}
	rest := text[len(stem):]
	if isCyrillicWord(stem) {
		if strings.HasSuffix(full, "ь") && strings.HasPrefix(rest, "ь") && rest != "ью" {
			// A name in -ь takes -ью (областью, Рязанью), never -ье, -ья:
			// Ставрополье is no form of Ставрополь (Ставрополя, Ставрополе).
			return false
		}
		if isAdjective(full) {
			return endings[rest]
		}
		if (rest == "ому" || rest == "ого") && neuterInO(full) {
			return true // Ukrainian declines Міллерово as an adjective: у Міллеровому
		}
		return nounEndings[rest]
	}
	return latinEndings[rest]
}

// neuterInO reports whether a name word is a Russian neuter name in -ово,
// -ево, -ино (Міллерово, Шебекіно), which Ukrainian declines as an
// adjective in the genitive, dative and locative: Міллерового,
// Міллеровому. The instrumental -им is left out: it is also a surname's
// (Івановим).
func neuterInO(full string) bool {
	for _, s := range []string{"ово", "ево", "єво", "ино", "іно", "ыно"} {
		if strings.HasSuffix(full, s) {
			return true
		}
	}
	return false
}

// Region cues turn a settlement name into its first-level unit: "Gebiet
// Sumy", "Oblast Cherson", "Sumy region", "Kharkiv Oblast", "штат Техас",
// "в республике Татарстан". A
// cue before a name in the plural also covers the names listed after it
// ("die Regionen Donezk, Luhansk und Cherson"); a singular one does not
// ("Republik Moldau, Chișinău und Bălți" lists towns). "Bezirk" is a district (data/units.txt).
var (
	cueBefore = setOf("gebiet", "gebiets", "gebietes", "gebiete", "gebieten", "oblast", "oblasts", "oblaste", "oblasten", "region", "regionen",
		"verwaltungsgebiet", "province", "provinz", "regions", "oblasti", "bundesstaat", "bundesstaats",
		"штат", "штату", "штаті", "штата", "штате",
		// a republic's name after the word, written small: в республике Татарстан
		"republik", "teilrepublik", "республика", "республики", "республике", "республику", "республикой",
		"республіка", "республіки", "республіці", "республіку", "республікою")
	// cueBeforePlural are the words of cueBefore in the plural: only they
	// cover a list.
	cueBeforePlural = setOf("gebiete", "gebieten", "oblaste", "oblasten", "regionen", "regions", "oblasts", "oblasti")
	cueAfter        = setOf("region", "oblast", "province", "gebiet", "regions", "oblasts")
	// listJoins may stand between the names of a list.
	listJoins = setOf("und", "and", "sowie", "or", "oder", "і", "й", "та", "и", "или", "або")
)
