package stem

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The Ukrainian stemmer: a light suffix stripper in the manner of
// Snowball's Russian algorithm.
//
// RV is the part of the word after its first vowel (а е є и і ї о у ю я);
// an ending is removed only when it lies wholly inside RV and at least two
// letters stay before it (more for the endings that also end common
// stems: the min of each table below). In order:
//
//  0. A few nouns whose stem ends like an ending (ukKeep: режим, аеродром,
//     проблем) keep that stem.
//  1. A word ending in -ець, or in a vowel, one of н т д м ш ч ж с з, and
//     -ок, loses its fleeting vowel, and that is its stem: будинок →
//     будинк (as будинку), мешканець → мешканц (as мешканці).
//  2. A gerund ending is removed (-вши, -ючи, -ячи, with or without -сь);
//     else the reflexive -ся/-сь, but only together with a verb ending
//     before it; else the longest adjectival ending (with the participle
//     suffix -ен-, -єн-, -ян- or -ован- before it, if any), verb ending or
//     noun ending: the first of these classes that matches.
//  3. After a participle suffix, дж becomes д and a labial's л goes, as in
//     the verb (пошкоджений → пошкод as пошкодили, зроблений → зроб as
//     зробили); after an adjective ending, the comparative -іш- goes
//     (сильніший → сильн).
//  4. A final нн becomes н (поранення, поранень → поранен) and a final ь
//     goes.
//
// Snowball's separate step for a final и is not needed: the endings that
// would leave one (-ія, -ії, -ію, -ією, -іям, ...) are in the noun table.
//
// The stem is a prefix of the word, so no allocation, except in step 1.
//
// Choices and limits, beyond those in the package comment (stem_test.go's
// apart table records each):
//   - Verbs in -увати/-ювати are stemmed whole (атакувати, атакує,
//     атакували → атак), except after б (перебували → перебува), where
//     -ува- belongs to бути. Other -ати verbs keep their а before the past
//     endings (розпочали, розпочав → розпоча), so that masculine plurals in
//     -али are not cut to another word (портали → порта, not порт).
//   - Infinitives in -ати and -ути keep -ти (розпочати → розпочат):
//     солдати, результати, маршрути would lose their т. Past tenses in
//     -іла/-іли/-ів are not cut either: обстріли, підрозділи would lose
//     their л.
//   - Participles in -аний (написаний) keep their -ан-: the forms in -ана,
//     -ану, -ані would cut nouns such as Афганістану, капітана, урагану.
//     Those in -ен-, -ян-, -ован- lose it with the ending, but only where
//     four letters stay (сирена, антена, зелений keep it).
//   - Nouns in -ення keep -ен: поранення → поранен, поранений → поран.
//   - The dative -ові is not an ending: far more often it ends the plural
//     of an adjective in -овий (військові). ударові → ударов.
//   - Alternations inside the stem other than дж/д and the labial л are
//     not undone: атаці → атац (атака → атак); мости → мост (міст);
//     лікарень → лікарен (лікарня → лікарн): a genitive plural in -ень
//     cannot be told from поранень without a dictionary.
//   - Some words that only look inflected lose letters or meet other
//     words: правила → прав (as право), держав → держа (держава →
//     держав), Харків → харк, коли (when) and колія (track) → кол, нічого
//     and ніч → ніч, місто and міст → міст. Place names belong to the
//     gazetteer; where a collision matters, match the exact word.

// ending is one ending of a class.
type ending struct {
	suffix     string
	min        int    // letters that must stay before the ending (at least 2)
	after      string // when set, the letter before the ending must be one of these
	notAfter   string // the letter before the ending must not be one of these
	participle bool   // the ending holds a participle suffix: repair the stem after it
}

// ukClass is a set of endings, grouped by their last letter and tried
// longest first.
type ukClass [0x460 - 0x430][]ending // а (U+0430) to џ (U+045F)

func newUkClass(lists ...[]ending) *ukClass {
	var c ukClass
	for _, list := range lists {
		for _, e := range list {
			r, _ := utf8.DecodeLastRuneInString(e.suffix)
			c[r-0x430] = append(c[r-0x430], e)
		}
	}
	for i := range c {
		slices.SortStableFunc(c[i], func(a, b ending) int { return len(b.suffix) - len(a.suffix) })
	}
	return &c
}

// endings makes one ending of each suffix with the given conditions.
func endings(min int, after string, suffixes ...string) []ending {
	out := make([]ending, len(suffixes))
	for i, s := range suffixes {
		out[i] = ending{suffix: s, min: max(min, 2), after: after}
	}
	return out
}

// andReflexive returns the suffixes, and each of them followed by -сь
// (атакуючи, атакуючись).
func andReflexive(suffixes ...string) []string {
	out := slices.Clone(suffixes)
	for _, s := range suffixes {
		out = append(out, s+"сь")
	}
	return out
}

// participles combines the participle suffixes with the adjective endings
// (пошкоджений, пошкоджена, пошкоджено, обстріляні, атакованого).
func participles(min int) []ending {
	var out []ending
	for _, p := range []string{"ен", "єн", "ян", "ован"} {
		for _, a := range []string{"ий", "ого", "ому", "им", "ім", "их", "ими", "ій", "ої", "ою", "а", "е", "і", "у", "о"} {
			out = append(out, ending{suffix: p + a, min: min, participle: true})
		}
	}
	return out
}

// uva marks the endings of -увати/-ювати verbs, which -ува- of бути (був,
// перебувати) must not lose.
func uva(suffixes ...string) []ending {
	out := endings(3, "", suffixes...)
	for i := range out {
		out[i].notAfter = "б"
	}
	return out
}

var (
	ukGerund = newUkClass(
		endings(3, "", andReflexive("ивши", "явши", "увши", "уючи", "юючи", "яючи", "учи", "ачи", "ячи")...),
		uva(andReflexive("увавши", "ювавши")...),
		endings(2, "а", andReflexive("вши", "ючи")...), // розпочавши, знаючи: the а stays
	)

	ukReflexive = []string{"ся", "сь"}

	ukAdjectival = newUkClass(
		endings(2, "", "ий", "ій", "ого", "ього", "ому", "ьому", "их", "ими", "іми", "ої", "ьої", "ою", "ьою"),
		endings(3, "", "им", "ім"), // режим, Крим, дім keep their м
		endings(4, "", "іх"),       // успіх, горіх
		participles(4),
	)

	ukVerb = newUkClass(
		uva("увати", "ювати", "ував", "ював", "увала", "ювала", "увало", "ювало", "ували", "ювали",
			"ую", "ує", "ює", "ують", "юють", "уєть", "юєть"),
		endings(4, "", "ити", "ив", "ила", "ило", "или", "ить", "ять", "іти"),
		endings(4, "жчшщ", "ать"),
		endings(3, "", "яти", "яв", "яла", "яло", "яли", "яє", "яють", "яєть"),
		endings(3, "", "ув", "ула", "уло", "ули", "уть"),
		endings(2, "а", "в", "ла", "ло", "ли", "ють", "єть"), // the а stays
	)

	// ukReflexiveVerb adds the infinitives that only a following -ся
	// tells from nouns (вдатися, повернутися).
	ukReflexiveVerb = newUkClass(ukVerb.all(), endings(2, "а", "ти"), endings(3, "", "ути"))

	ukNoun = newUkClass(
		endings(2, "", "а", "я", "о", "е", "є", "и", "і", "ї", "у", "ю", "ь",
			"ам", "ям", "ах", "ях", "ами", "ями", "ом", "єм", "ою", "ею", "єю",
			"ів", "ей", "ій", "ія", "ію", "ії", "ією", "іям", "іями", "іях"),
		// -ем is an instrumental after these letters (ножем, місцем,
		// лікарем, вогнем); after others it belongs to the stem (систем,
		// схем, тем).
		endings(2, "жчшщцрндзс", "ем"),
		endings(3, "", "їв"), // героїв, not Київ
	)
)

// ukKeep lists noun stems that end in letters the tables would take for an
// ending (режим: -им, аеродром: -ом and -ому, проблем: -ем). Their nouns
// are cut after the stem or not at all.
var ukKeep = []string{"режим", "аеродром", "проблем"}

// all returns the class's endings.
func (c *ukClass) all() []ending {
	var out []ending
	for _, list := range c {
		out = append(out, list...)
	}
	return out
}

// cut removes the longest ending of c that w has inside RV (which starts at
// byte rv) and whose conditions hold.
func (c *ukClass) cut(w string, rv int) (string, ending, bool) {
	last, _ := utf8.DecodeLastRuneInString(w)
	if last < 0x430 || last >= 0x460 {
		return w, ending{}, false
	}
	for _, e := range c[last-0x430] {
		n := len(w) - len(e.suffix)
		if n < rv || !strings.HasSuffix(w, e.suffix) {
			continue
		}
		stem := w[:n]
		if utf8.RuneCountInString(stem) < e.min {
			continue
		}
		if e.after != "" || e.notAfter != "" {
			r, _ := utf8.DecodeLastRuneInString(stem)
			if e.after != "" && !strings.ContainsRune(e.after, r) || strings.ContainsRune(e.notAfter, r) {
				continue
			}
		}
		return stem, e, true
	}
	return w, ending{}, false
}

func isUkVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я':
		return true
	}
	return false
}

// ukrainian returns the stem of a normalised Ukrainian word.
func ukrainian(w string) string {
	rv := -1
	for i, r := range w {
		if isUkVowel(r) {
			rv = i + utf8.RuneLen(r)
			break
		}
	}
	if rv < 0 {
		return w
	}
	for _, x := range ukKeep {
		if strings.HasPrefix(w, x) {
			if s, _, _ := ukNoun.cut(w, len(x)); len(s) == len(x) {
				return x // режим, режиму, режимом: not реж
			}
		}
	}
	if s, ok := fleeting(w, rv); ok {
		return s
	}
	s, e, ok := ukGerund.cut(w, rv)
	if !ok {
		s, e, ok = cutReflexive(w, rv)
	}
	if !ok {
		if s, e, ok = ukAdjectival.cut(w, rv); ok {
			if e.participle {
				s = repairParticiple(s)
			} else if n := len(s) - len("іш"); n >= rv && strings.HasSuffix(s, "іш") && utf8.RuneCountInString(s[:n]) >= 4 {
				s = s[:n] // сильніший → сильн, as сильний
			}
		} else if s, _, ok = ukVerb.cut(w, rv); !ok {
			s, _, _ = ukNoun.cut(w, rv)
		}
	}
	if strings.HasSuffix(s, "нн") && utf8.RuneCountInString(s) > 3 {
		s = s[:len(s)-len("н")]
	}
	if n := len(s) - len("ь"); n >= rv && strings.HasSuffix(s, "ь") && utf8.RuneCountInString(s[:n]) >= 2 {
		s = s[:n]
	}
	return s
}

// cutReflexive removes -ся or -сь together with the verb ending before it
// (знаходиться → знаход, відбувся → відб); without a verb ending before it
// the word is left alone (Білорусь).
func cutReflexive(w string, rv int) (string, ending, bool) {
	for _, r := range ukReflexive {
		if n := len(w) - len(r); n >= rv && strings.HasSuffix(w, r) {
			if s, e, ok := ukReflexiveVerb.cut(w[:n], rv); ok {
				return s, e, true
			}
		}
	}
	return w, ending{}, false
}

// repairParticiple undoes the consonant changes of a participle stem that
// its verb does not have: пошкодж(ений) → пошкод(или), зробл(ений) →
// зроб(или), відновл(ений) → віднов(или).
func repairParticiple(s string) string {
	if strings.HasSuffix(s, "дж") {
		return s[:len(s)-len("ж")]
	}
	if p, ok := strings.CutSuffix(s, "л"); ok {
		if r, _ := utf8.DecodeLastRuneInString(p); strings.ContainsRune("бпвмф", r) {
			return p
		}
	}
	return s
}

// fleeting returns the stem of a nominative whose last syllable loses its
// vowel in the other cases: будинок → будинк (будинку), уламок → уламк,
// залишок → залишк, мешканець → мешканц (мешканці). -ок after р, л, к, в
// or a consonant cluster keeps its о (урок, уроку; строк, блок).
func fleeting(w string, rv int) (string, bool) {
	if p, ok := strings.CutSuffix(w, "ець"); ok && len(p) >= rv && utf8.RuneCountInString(p) >= 3 {
		return p + "ц", true
	}
	p, ok := strings.CutSuffix(w, "ок")
	if !ok || len(p) < rv || utf8.RuneCountInString(p) < 3 {
		return w, false
	}
	c, size := utf8.DecodeLastRuneInString(p)
	v, _ := utf8.DecodeLastRuneInString(p[:len(p)-size])
	if !strings.ContainsRune("нтдмшчжсз", c) || !isUkVowel(v) {
		return w, false
	}
	return p + "к", true
}
