package geo

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// Names in the reader's language (docs/gazetteer.md, "Names in other
// languages"). The generated data keeps every spelling of a place, but
// normalised (lower case, no apostrophes, no hyphens) and without saying
// which language each is in; the supplement keeps its names as written.
// A first-level unit's name comes from data/admin1_names.tsv, a table
// of the units' official names in the four languages, and the names of
// the most reported settlements from data/place_names.tsv; LocalName
// derives a name only where the tables have none. It derives it from
// the spellings:
//
//   - Ukrainian and Russian: the Cyrillic spelling that looks most like
//     the language (its own letters, і ї є ґ or ы э ъ ё, and adjective
//     endings -ська or -ская), preferring, for a place of Ukraine (Russia),
//     the spelling that romanises to its English name under the national
//     (BGN/PCGN) system: that is its own name. Words are capitalised again
//     (not the unit words область, край and the like; not на, над, під),
//     and joined with hyphens where the English name has them.
//   - German: a place of Ukraine, Russia or Belarus is its Ukrainian (or
//     Russian) name in the Duden transcription German newspapers use
//     (Charkiw, Saporischschja, Kursk); a supplement entry its first name
//     that is German (ä ö ü ß, sch, w); anything else its English name.
//   - English, and whatever finds nothing: the English name.
//
// Apostrophes the normalised spellings lost stay lost (Камянське for
// Кам'янське).

// fixedNames are the names an entry has in fixedNameLangs' languages
// from a table (data/admin1_names.tsv, data/place_names.tsv); "" where
// the table has none.
type fixedNames [4]string

var fixedNameLangs = [4]string{"en", "de", "uk", "ru"}

// The indexes of fixedNames' languages.
const (
	fixedEn = iota
	fixedDe
	fixedUk
	fixedRu
)

// tableName is the name of entry i in lng from the tables, or "".
func (g *Gazetteer) tableName(i int32, lng string) string {
	n, ok := g.fixedNames[i]
	if !ok {
		return ""
	}
	for k, l := range fixedNameLangs {
		if l == lng {
			return n[k]
		}
	}
	return ""
}

// localNames caches LocalName per entry and language.
type localNames struct {
	mu sync.Mutex
	m  map[localKey]string
}

type localKey struct {
	entry int32
	lang  string
}

// LocalName is the name of the place with the gazetteer id in the language
// lang ("en", "de", "uk", "ru"), or fallback when the gazetteer has no
// such place.
func (g *Gazetteer) LocalName(id, lng, fallback string) string {
	i, ok := g.byID[id]
	if !ok {
		return fallback
	}
	if n := g.tableName(i, lng); n != "" {
		return n
	}
	if lng != "uk" && lng != "ru" && lng != "de" {
		return g.entries[i].place.Name
	}
	k := localKey{i, lng}
	g.local.mu.Lock()
	s, ok := g.local.m[k]
	g.local.mu.Unlock()
	if ok {
		return s
	}
	s = g.localName(i, lng)
	g.local.mu.Lock()
	if g.local.m == nil {
		g.local.m = map[localKey]string{}
	}
	g.local.m[k] = s
	g.local.mu.Unlock()
	return s
}

func (g *Gazetteer) localName(i int32, lng string) string {
	e := &g.entries[i]
	p := e.place
	if raw := g.raw[i]; len(raw) > 0 && !strings.HasPrefix(p.ID, "gn:") && !strings.HasPrefix(p.ID, "adm1:") {
		// a supplement entry: its names as written
		if lng == "de" {
			for _, n := range raw {
				if !hasCyrillic(n) && looksGerman(n) {
					return n
				}
			}
			return p.Name
		}
		if n := bestCyrillic(raw, lng, p, false); n != "" {
			return n
		}
		return p.Name
	}
	var forms []string
	names := g.namesOf(i)
	for k := range names {
		var b strings.Builder
		for j, w := range g.wordsOf(&names[k]) {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.full)
		}
		forms = append(forms, b.String())
	}
	forms = append(forms, g.raw[i]...) // the supplement's additions, as written
	switch lng {
	case "uk", "ru":
		if n := bestCyrillic(forms, lng, p, true); n != "" {
			return n
		}
	case "de":
		if p.Precision == trucewatch.PlaceSettlement && Romanised(string(p.Country)) {
			native := "uk"
			sys := dudenUkrainian
			if p.Country != "UA" {
				native, sys = "ru", dudenRussian
			}
			if n := bestCyrillic(forms, native, p, true); n != "" {
				return capitaliseLatin(sys.romanise(strings.ToLower(n)), p.Name)
			}
		}
	}
	return p.Name
}

// namesOf are the names of entry i: buildIndex adds them in entry order.
func (g *Gazetteer) namesOf(i int32) []name {
	lo := sort.Search(len(g.names), func(k int) bool { return g.names[k].entry >= i })
	hi := lo
	for hi < len(g.names) && g.names[hi].entry == i {
		hi++
	}
	return g.names[lo:hi]
}

// alphabet says whether a Cyrillic name is written in the letters of
// lng only ("uk" or "ru"): no Belarusian ў, Serbian ј, Tatar ә, accents.
func alphabet(f, lng string) bool {
	for _, r := range strings.ToLower(f) {
		switch {
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '«' || r == '»' || r == '.':
		case 'а' <= r && r <= 'я' && r != 'ы' && r != 'э' && r != 'ъ':
		case r == 'і' || r == 'ї' || r == 'є' || r == 'ґ':
			if lng != "uk" {
				return false
			}
		case r == 'ы' || r == 'э' || r == 'ъ' || r == 'ё':
			if lng != "ru" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// bestCyrillic picks the spelling of forms that is most likely the place's
// name in lng ("uk" or "ru"), or "". normalised says the forms are in
// lower case, to be capitalised again.
//
// In the place's own language (Ukrainian for Ukraine, Russian elsewhere)
// that is the spelling whose romanisation (national system, BGN/PCGN) is
// nearest the English name. In the other language, and to break ties, the
// spelling with the most support: forms of the same stem among the names
// (GeoNames keeps inflected forms of the names people use: Киев, Киеву,
// Киевом), a first-level unit's spelling with its unit word (область,
// край), then the order of the names.
func bestCyrillic(forms []string, lng string, p trucewatch.Place, normalised bool) string {
	native := "ru"
	if p.Country == "UA" {
		native = "uk"
	}
	sys := bgnRussian
	if native == "uk" {
		sys = ukNational2010
	}
	english := lang.Normalise(p.Name)
	// In the other language: not the native name, and the mechanical
	// respelling (Киив for Київ) only when nothing better has support.
	var nativeName, respelt string
	if lng != native {
		nativeName = lang.Normalise(bestCyrillic(forms, native, p, false))
		if lng == "ru" {
			respelt = lang.Normalise(RussianSpelling(nativeName))
		} else {
			respelt = lang.Normalise(UkrainianSpelling(nativeName))
		}
	}
	best, bestDist, bestSupport := "", 1<<30, -1
	for _, f := range forms {
		if !hasCyrillic(f) || !alphabet(f, lng) || utf8.RuneCountInString(f) < 2 || otherEnding(f, lng) {
			continue
		}
		dist := 0
		if lng == native && p.Precision != trucewatch.PlaceAdmin1 {
			dist = editDistance(lang.Normalise(sys.romanise(strings.ToLower(f))), english)
		}
		support := supportOf(f, forms)
		if p.Precision == trucewatch.PlaceAdmin1 && hasUnitWord(f) {
			support += 100
		}
		if lng != native {
			if cyrillicLanguage(f) == lng {
				support++
			}
			if obliqueEnding(f) {
				support -= 5
			}
		}
		if respelt != "" && lang.Normalise(f) == respelt {
			support--
		}
		if nativeName != "" && lang.Normalise(f) == nativeName {
			support -= 5 // the other language's own name: only when no name of this one has more
		}
		if ownEnding(f, lng) {
			support += 2
		}
		if truncated(f, forms) {
			support -= 10 // Полтав beside Полтава: a stem, not a name
		}
		if dist < bestDist || (dist == bestDist && support > bestSupport) {
			best, bestDist, bestSupport = f, dist, support
		}
	}
	if best == "" || !normalised {
		return best
	}
	return capitaliseCyrillic(best, p)
}

// supportOf is how strongly the names back the spelling f: ten for each
// name that has it as a whole word (Киев, "Киев ош"), one for each that
// shares its stem (Киеву, Киевом).
func supportOf(f string, forms []string) int {
	low := strings.ToLower(f)
	stem := []rune(low)
	if len(stem) > 3 {
		stem = stem[:len(stem)-1]
	}
	n := 0
	for _, g := range forms {
		g = strings.ToLower(g)
		if g == low || strings.HasPrefix(g, low+" ") || strings.HasSuffix(g, " "+low) {
			n += 10
		} else if strings.HasPrefix(g, string(stem)) {
			n++
		}
	}
	return n
}

// obliqueEnding: the last word ends as a case other than the nominative
// usually does (Москве, Херсонскую, Кривому).
func obliqueEnding(f string) bool {
	ws := strings.Fields(strings.ToLower(f))
	w := ws[len(ws)-1]
	for _, e := range []string{"е", "у", "ю", "и", "і", "ом", "ем", "ой", "ою", "ому", "ій", "ої"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// truncated: another name is f and one more vowel.
func truncated(f string, forms []string) bool {
	low := strings.ToLower(f)
	for _, g := range forms {
		g = strings.ToLower(g)
		if strings.HasPrefix(g, low) && utf8.RuneCountInString(g) == utf8.RuneCountInString(low)+1 && strings.ContainsRune("аяо", []rune(g)[len([]rune(g))-1]) {
			return true
		}
	}
	return false
}

// ownEnding: the name has an adjective ending of lng (Сумська, Курская).
func ownEnding(f, lng string) bool {
	return otherEnding(f, map[string]string{"uk": "ru", "ru": "uk"}[lng])
}

// otherEnding: the name has an adjective ending of the other language
// (-ська in a Russian name, -ская in a Ukrainian one).
func otherEnding(f, lng string) bool {
	endings := []string{"ська", "ський", "ське", "цька", "цький", "зька"}
	if lng == "uk" {
		endings = []string{"ская", "ский", "ское", "цкая", "цкий", "зкая"}
	}
	low := strings.ToLower(f)
	for _, e := range endings {
		if strings.Contains(low, e) {
			return true
		}
	}
	// a word ending -цк, -ск is Russian, -цьк, -ськ Ukrainian
	for _, w := range strings.Fields(low) {
		for _, e := range []string{"цк", "ск", "зк"} {
			if lng == "uk" && strings.HasSuffix(w, e) {
				return true
			}
		}
		for _, e := range []string{"цьк", "ськ", "зьк"} {
			if lng == "ru" && strings.HasSuffix(w, e) {
				return true
			}
		}
	}
	return false
}

func hasUnitWord(f string) bool {
	for _, w := range strings.Fields(strings.ToLower(f)) {
		switch w {
		case "область", "край", "республіка", "республика", "округ":
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance of two strings, by runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// unitWords stay in lower case inside a name: Сумська область, Краснодарский край.
var unitWords = map[string]bool{
	"область": true, "край": true, "округ": true, "район": true, "автономний": true, "автономный": true,
	"на": true, "над": true, "під": true, "под": true, "при": true, "біля": true, "у": true, "в": true,
}

// capitaliseCyrillic writes a normalised name as a name: each word
// capitalised but the unit words, hyphens where the English name has them
// between as many words.
func capitaliseCyrillic(n string, p trucewatch.Place) string {
	words := strings.Fields(n)
	for i, w := range words {
		if i == 0 || !unitWords[w] {
			r, size := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + w[size:]
		}
	}
	sep := " "
	if en := strings.Fields(strings.ReplaceAll(p.Name, "-", " ")); len(en) == len(words) && len(words) > 1 &&
		strings.Count(p.Name, "-") == len(words)-1 {
		sep = "-"
	}
	return strings.Join(words, sep)
}

// capitaliseLatin capitalises a romanised name's words, with hyphens
// where the English name has them.
func capitaliseLatin(n, english string) string {
	words := strings.Fields(strings.ReplaceAll(n, "-", " "))
	for i, w := range words {
		if i == 0 || (w != "na" && w != "nad" && w != "pid" && w != "pod") {
			r, size := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + w[size:]
		}
	}
	sep := " "
	if len(words) > 1 && strings.Count(english, "-") == len(words)-1 {
		sep = "-"
	}
	return strings.Join(words, sep)
}

// looksGerman: a Latin name with a German letter or spelling.
func looksGerman(n string) bool {
	return strings.ContainsAny(n, "äöüßÄÖÜ") || strings.Contains(strings.ToLower(n), "sch") || strings.ContainsAny(n, "wW")
}
