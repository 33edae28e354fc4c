package geo

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// Ukrainian and Russian reports name districts (raions, okrugs) and
// communities (hromadas) by an adjective made from their centre's name:
// "у Синельниківському районі" (Синельникове), "Рыльского района"
// (Рыльск), "Ворожбянській громаді" (Ворожба), "Klimovsky district"
// (Климово); English and German reports also by the name itself
// ("Zolochiv community", "Bezirk Bilopillja"). The scanner finds the unit
// word (data/units.txt), derives the centre from the word before it, and
// resolve decides what the phrase names.

// unitAfter handles a unit word ws[u:u+n] that follows the name or
// adjective of its centre, perhaps with words such as "міській" or
// "городского" between: it turns the name found there into a district or
// community, or makes one from the adjective. A plural unit word closes a
// list ("Сумской, Шосткинский и Конотопский районы"). It reports whether a
// centre's word stands before the unit word.
func (g *Gazetteer) unitAfter(ws []lang.Word, u, n int, kind cueKind, out []candidate) ([]candidate, bool) {
	j := u - 1
	for j >= 0 && u-j <= 3 && ws[j+1].Sep <= lang.SepHyphen && g.cues.is(ws, j, cueUnitFiller) {
		j--
	}
	if j < 0 || !ws[j].Upper || ws[j+1].Sep > lang.SepHyphen {
		return out, false
	}
	mk := unitKind(kind & cueUnitAfter)
	items := []int{j}
	for k := j; kind&cuePlural != 0 && len(items) < 8; {
		if k = previousListItem(ws, k); k < 0 {
			break
		}
		items = append(items, k)
	}
	for idx, t := range items {
		to := t + 1
		if idx == 0 {
			to = u + n // the phrase's last adjective carries the unit word
		}
		out = g.unitCandidate(out, ws, t, t, to, mk, u+n)
	}
	return out, true
}

// unitCandidate makes words [from, to) a district or community whose
// centre's word is ws[t]: the name found there, if any, with the centres
// its adjective may come from. unitEnd is the word after the unit word.
func (g *Gazetteer) unitCandidate(out []candidate, ws []lang.Word, t, from, to int, kind MentionKind, unitEnd int) []candidate {
	for k := len(out) - 1; k >= 0 && k >= len(out)-8; k-- {
		c := &out[k]
		if c.to != t+1 || c.kind != KindName {
			continue
		}
		entries, main := g.withCentres(c.entries, c.main, ws[t].Norm)
		if len(entries) == 0 {
			return out // a country or a unit ("Russia and Ukraine's communities"): leave it
		}
		c.entries, c.main, c.kind, c.cue, c.unitEnd = entries, main, kind, false, unitEnd
		c.from, c.to = min(c.from, from), max(c.to, to)
		return out
	}
	entries, main := g.withCentres(nil, nil, ws[t].Norm)
	if len(entries) == 0 && !g.mayNameUnit(ws, t) {
		return out
	}
	return append(out, candidate{from: from, to: to, entries: entries, main: main, kind: kind, unitEnd: unitEnd})
}

// mayNameUnit reports whether a word that names no known centre may still
// name a district or community, which then falls back to its oblast: an
// adjective of the right shape ("Нелиновском районе"), or a capitalised
// Latin word inside a sentence ("Yunakivka community"), but not an ordinary
// word ("Приграничные районы", "Local communities").
func (g *Gazetteer) mayNameUnit(ws []lang.Word, t int) bool {
	w := ws[t]
	if g.stop[w.Norm] || w.Caps {
		return false
	}
	if isCyrillicWord(w.Norm) {
		return len(adjectiveStems(w.Norm, nil)) > 0
	}
	return latinAdjective(w.Norm) || t > 0 && w.Sep < lang.SepStop
}

// withCentres returns the Ukrainian and Russian settlements among entries
// and those that the word w may be made from.
func (g *Gazetteer) withCentres(entries []int32, main []bool, w string) ([]int32, []bool) {
	var es []int32
	var ms []bool
	for k, e := range entries {
		if g.isCentre(e) {
			es, ms = append(es, e), append(ms, main[k])
		}
	}
	for _, e := range g.centres(w, nil) {
		if !slices.Contains(es, e) {
			es, ms = append(es, e), append(ms, false)
		}
	}
	return es, ms
}

// isCentre reports whether an entry may be the centre of a district or
// community: a settlement in Ukraine or Russia.
func (g *Gazetteer) isCentre(e int32) bool {
	p := &g.entries[e].place
	return p.Precision == trucewatch.PlaceSettlement && (p.Country == "UA" || p.Country == "RU")
}

// settlementName records the capitalised words after a settlement word
// (село, с., village of) as a name that falls back to its oblast if the
// gazetteer does not know it.
func (g *Gazetteer) settlementName(ws []lang.Word, p int, out []candidate) []candidate {
	if p >= len(ws) || !ws[p].Upper || ws[p].Caps || g.stop[ws[p].Norm] {
		return out
	}
	q := p + 1
	for q < len(ws) && q-p < 3 && ws[q].Upper && ws[q].Sep <= lang.SepHyphen && !g.cues.isFirstName(ws[q]) {
		q++
	}
	return append(out, candidate{from: p, to: q, kind: KindFallback})
}

// centres returns the settlements in Ukraine and Russia that a district or
// community may be named after, given the word that names it: an adjective
// (Синельниківському, Рыльского, Klimovsky) or a name (Zolochiv).
func (g *Gazetteer) centres(w string, dst []int32) []int32 {
	var bases []string
	if isCyrillicWord(w) {
		bases = cyrillicBases(w)
	} else {
		bases = latinBases(w)
	}
	for _, b := range bases {
		dst = g.namedOne(b, dst)
		if isCyrillicWord(b) {
			dst = g.compound(b, dst)
		}
	}
	return dst
}

// namedOne adds the centres with a one-word name whose stem or form is b.
func (g *Gazetteer) namedOne(b string, dst []int32) []int32 {
	head, ok := g.index[b]
	for l := head; ok && l >= 0; l = g.next[l].next {
		n := &g.names[g.next[l].name]
		nw := g.wordsOf(n)
		if len(nw) != 1 || nw[0].stem() != b && nw[0].full != b && nw[0].alt != b {
			continue
		}
		if g.isCentre(n.entry) && !slices.Contains(dst, n.entry) {
			dst = append(dst, n.entry)
		}
	}
	return dst
}

// compound adds the centres with a two-word name that a compound adjective
// joins with о or е: Великописарівська (Велика Писарівка), Криворізький
// (Кривий Ріг), Новокаховський (Нова Каховка), Білоцерківський (Біла
// Церква).
func (g *Gazetteer) compound(b string, dst []int32) []int32 {
	for p := 0; p < len(b); {
		r, size := utf8.DecodeRuneInString(b[p:])
		left, right := b[:p], b[p+size:]
		p += size
		if r != 'о' && r != 'е' || utf8.RuneCountInString(left) < 3 || utf8.RuneCountInString(right) < 3 {
			continue
		}
		left = strings.TrimSuffix(left, "ь") // верхньо-, нижньо-
		head, ok := g.index[left]
		for l := head; ok && l >= 0; l = g.next[l].next {
			n := &g.names[g.next[l].name]
			nw := g.wordsOf(n)
			if len(nw) != 2 || nw[0].stem() != left || nw[1].stem() != right && nw[1].full != right && nw[1].alt != right {
				continue
			}
			if g.isCentre(n.entry) && !slices.Contains(dst, n.entry) {
				dst = append(dst, n.entry)
			}
		}
	}
	return dst
}

// adjectiveStems appends to dst the stems of a Cyrillic adjective made
// with -ськ-, -цьк-, -зьк-, -ск-, -цк- or -зк-, without its case ending:
// Синельниківському → синельниківськ, Рыльского → рыльск.
func adjectiveStems(w string, dst []string) []string {
	cut := len(w)
	for k := 1; k <= 3 && cut > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(w[:cut])
		cut -= size
		if !endings[w[cut:]] {
			continue
		}
		s := w[:cut]
		for _, suf := range adjSuffixes {
			if strings.HasSuffix(s, suf) && len(s) > len(suf)+2 {
				dst = append(dst, s)
				break
			}
		}
	}
	return dst
}

// adjSuffixes make Ukrainian and Russian adjectives from place names;
// baseSuffixes are what may be cut from an adjective's stem to find the
// name's: the suffix, or only its last letters when the name ends in the
// suffix's consonant (Одес-а → одеськ, Марганец-ь → марганецьк).
var (
	adjSuffixes  = []string{"ськ", "цьк", "зьк", "ск", "цк", "зк"}
	baseSuffixes = []string{"ськ", "цьк", "зьк", "ск", "цк", "зк", "ьк"}
)

// cyrillicBases returns the forms that a Cyrillic district or community
// adjective's centre may be indexed under:
//
//	Рыльского, Покровську         → рыльск, покровськ (the name ends in -ськ itself)
//	Грайворонского, Сумської      → грайворон, сум
//	Марганецьку, Одеської         → марганец, одес (-ьк after the name's last consonant)
//	Криворізького, Запорізької    → криворіг, запоріжж (з from г or жж)
//	Кременчуцького                → кременчук (ц from к)
//	Синельниківському, Межівській → синельников, межов (і for о or е)
//	Самарівському, Вербківській   → самар, вербк (-ів- added)
//	Ворожбянській, Шосткинский    → ворожб, шостк (-ян-, -ин- added)
//	Валуйского, Юнаківській       → валуйк, юнаківк (-к- dropped before -ськ-)
//	Белопольского, Білопільській  → белопол, білопілл (a soft sign; лл before я)
//	Московского, Білоцерківській  → москв, білоцеркв (a fleeting vowel)
func cyrillicBases(w string) []string {
	var out []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 2 && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	var stems [3]string
	for _, s := range adjectiveStems(w, stems[:0]) {
		add(s)
		for _, suf := range baseSuffixes {
			if !strings.HasSuffix(s, suf) || len(s) == len(suf) {
				continue
			}
			b := s[:len(s)-len(suf)]
			restore := []string{""}
			switch suf {
			case "зьк", "зк":
				restore = append(restore, "г", "ж", "жж")
			case "цьк", "цк":
				restore = append(restore, "к", "ц", "ць")
			}
			for _, r := range restore {
				for _, v := range cyrillicVariants(b + r) {
					add(v)
					add(v + "к")
				}
			}
		}
	}
	return out
}

// cyrillicVariants returns b and the forms of a name's stem that an
// adjective base b may stand for (see cyrillicBases).
func cyrillicVariants(b string) []string {
	out := []string{b}
	for _, suf := range []string{"ів", "їв", "ов", "ев", "єв", "ин", "ін", "ян", "ан"} {
		if strings.HasSuffix(b, suf) && utf8.RuneCountInString(b) > 4 {
			out = append(out, b[:len(b)-len(suf)])
		}
	}
	// і in the last syllable stands for о or е: Синельникове → Синельниківський.
	if i := strings.LastIndex(b, "і"); i > 0 && i+len("і") < len(b) && !hasVowel(b[i+len("і"):]) {
		rest := b[i+len("і"):]
		out = append(out, b[:i]+"о"+rest, b[:i]+"е"+rest)
	}
	if c, ok := strings.CutSuffix(b, "ь"); ok {
		r, _ := utf8.DecodeLastRuneInString(c)
		out = append(out, c, c+string(r))
	}
	// A fleeting vowel before the last consonant: Москва → московський.
	last, size := utf8.DecodeLastRuneInString(b)
	if v, vsize := utf8.DecodeLastRuneInString(b[:len(b)-size]); !isVowel(last) && (v == 'о' || v == 'е' || v == 'і') && len(b) > size+vsize+4 {
		out = append(out, b[:len(b)-size-vsize]+string(last))
	}
	return out
}

func hasVowel(s string) bool {
	for _, r := range s {
		if isVowel(r) {
			return true
		}
	}
	return false
}

// latinAdjEndings end romanised Ukrainian and Russian adjectives:
// Synelnykivskyi, Klimovsky, Zolochivska, Rylskogo. The s, ts or z of the
// suffix is part of the ending.
var latinAdjEndings = []string{
	"skyi", "skyy", "skiy", "skij", "skii", "sky", "ski", "skaya", "skaja", "skoye", "skoje", "skoe",
	"skoho", "skogo", "skoi", "skoy", "ska", "ske",
	"zkyi", "zkyy", "zkiy", "zky", "zka", "zke",
}

// latinNameEnds are what a romanised centre's name may add to the base of
// its adjective: Synelnykov-e, Dnipr-o, Vorozhb-a, Valuy-ki, Ryl-sk,
// Bilopil-lia.
var latinNameEnds = []string{"", "a", "e", "o", "y", "i", "ia", "ya", "ja", "ka", "ky", "ki", "ove", "ovo", "eve", "evo",
	"sk", "lia", "lya", "lja", "ye", "je", "ie"}

// latinAdjective reports whether a Latin word ends like an adjective.
func latinAdjective(w string) bool {
	for _, e := range latinAdjEndings {
		if strings.HasSuffix(w, e) && len(w) > len(e)+2 {
			return true
		}
	}
	return false
}

// latinBases returns the spellings that a romanised district or community
// word's centre may have: the word itself (Zolochiv), and forms of the base
// of an adjective (Synelnykivskyi → synelnykove, Samarivsky → samar,
// Klimovsky → klimovo) or of a clipped name (Synelnyky → synelnykove).
func latinBases(w string) []string {
	bases := []string{w}
	for _, e := range latinAdjEndings {
		if strings.HasSuffix(w, e) && len(w) > len(e)+2 {
			bases = append(bases, w[:len(w)-len(e)])
		}
	}
	if r := w[len(w)-1]; strings.IndexByte("aeiouy", r) >= 0 && len(w) > 4 {
		bases = append(bases, w[:len(w)-1])
	}
	var stems []string
	for _, b := range bases {
		stems = append(stems, b)
		if s, ok := strings.CutSuffix(b, "iv"); ok {
			stems = append(stems, s+"ov", s+"ev", s)
		}
		for _, suf := range []string{"ov", "ev", "yn", "in", "ian", "yan", "jan", "an"} {
			if s, ok := strings.CutSuffix(b, suf); ok && len(s) > 2 {
				stems = append(stems, s)
			}
		}
	}
	var out []string
	for _, s := range stems {
		for _, e := range latinNameEnds {
			if v := s + e; len(v) > 3 && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// oblastAdjective resolves an adjective made from a town's name that an
// adjective "oblast's" follows to the oblast: "Сумської обласної
// прокуратури" is Sumy oblast's, "Херсонской областной администрации"
// Kherson oblast's.
func (g *Gazetteer) oblastAdjective(w string, dst []int32) []int32 {
	var keys [6]string
	for _, k := range stemsOf(keys[:0], w, false) {
		head, ok := g.index[k]
		for l := head; ok && l >= 0; l = g.next[l].next {
			n := &g.names[g.next[l].name]
			nw := g.wordsOf(n)
			if len(nw) != 2 || !strings.HasPrefix(nw[1].full, "облас") || g.entries[n.entry].place.Precision != trucewatch.PlaceAdmin1 {
				continue
			}
			if nw[0].matches(w) && !slices.Contains(dst, n.entry) {
				dst = append(dst, n.entry)
			}
		}
	}
	return dst
}

// Centres returns the settlements in Ukraine and Russia that an adjective
// may be made from ("Ізюмському" → Izium, "Чугуївському" → Chuhuiv): the
// centres of the districts and communities a report names by adjective
// alone, once the word for district has been said ("у Куп'янському районі,
// в Ізюмському ...").
func (g *Gazetteer) Centres(word string) []trucewatch.Place {
	var out []trucewatch.Place
	for _, e := range g.centres(lang.Normalise(word), nil) {
		out = append(out, g.entries[e].place)
	}
	return out
}
