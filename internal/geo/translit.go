package geo

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// Latin spellings of Cyrillic names, after the published systems. Each
// table maps a lower-case Cyrillic letter to its Latin letters; entries
// marked "initial" apply at the start of a word (and, for Russian е/ё/ю/я,
// after a vowel or a soft or hard sign). The tables are written from the
// systems' public descriptions; golang.org/x/text has none.

// translitSystem is one romanisation.
type translitSystem struct {
	name    string
	lang    string // "uk" or "ru": the language whose spelling it romanises
	letters map[rune]string
	initial map[rune]string // at the start of a word or after a vowel/sign; falls back to letters
	// yeAfterVowel applies the initial forms after vowels and signs too (Russian practice).
	yeAfterVowel bool
	// intervocalicSS writes с between vowels as ss (German practice).
	intervocalicSS bool
	// iaForIya writes ия as ia (English practice).
	iaForIya bool
}

var ukNational2010 = translitSystem{
	name: "Ukrainian national (2010)", lang: "uk",
	letters: map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie", 'ж': "zh", 'з': "z",
		'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
		'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
		'щ': "shch", 'ь': "", 'ю': "iu", 'я': "ia",
	},
	initial: map[rune]string{'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya"},
}

// bgnRussian is BGN/PCGN 1947 for Russian, with its apostrophes left out
// (they are dropped by normalisation anyway).
var bgnRussian = translitSystem{
	name: "BGN/PCGN (Russian)", lang: "ru", yeAfterVowel: true,
	letters: map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "ë", 'ж': "zh", 'з': "z", 'и': "i",
		'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
		'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y",
		'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	},
	initial: map[rune]string{'е': "ye", 'ё': "yë"},
}

// englishRussian is the looser English practice for Russian names: е is
// always e (Kiev, Nikolaev), ё is yo.
var englishRussian = translitSystem{
	name: "common English (Russian)", lang: "ru", iaForIya: true,
	letters: merge(bgnRussian.letters, map[rune]string{'ё': "yo", 'й': "i"}),
	initial: map[rune]string{'й': "y"},
}

// dudenRussian is the German (Duden) transcription of Russian.
var dudenRussian = translitSystem{
	name: "German Duden (Russian)", lang: "ru", yeAfterVowel: true, intervocalicSS: true,
	letters: map[rune]string{
		'а': "a", 'б': "b", 'в': "w", 'г': "g", 'д': "d", 'е': "e", 'ё': "jo", 'ж': "sch", 'з': "s", 'и': "i",
		'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
		'у': "u", 'ф': "f", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch", 'щ': "schtsch", 'ъ': "", 'ы': "y",
		'ь': "", 'э': "e", 'ю': "ju", 'я': "ja",
	},
	initial: map[rune]string{'е': "je", 'й': "j"},
}

// dudenUkrainian is the German (Duden) transcription of Ukrainian, the one
// German newspapers use (Saporischschja, Charkiw, Krasnopillja).
var dudenUkrainian = translitSystem{
	name: "German Duden (Ukrainian)", lang: "uk", intervocalicSS: true,
	letters: map[rune]string{
		'а': "a", 'б': "b", 'в': "w", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "je", 'ж': "sch", 'з': "s",
		'и': "y", 'і': "i", 'ї': "ji", 'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
		'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch",
		'щ': "schtsch", 'ь': "", 'ю': "ju", 'я': "ja",
	},
}

// iso9 is ISO 9:1995 (one Latin letter per Cyrillic letter). After folding
// its diacritics vanish: Zaporìžžâ is matched as "zaporizza".
var iso9 = translitSystem{
	name: "ISO 9", lang: "",
	letters: map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'ґ': "g̀", 'д': "d", 'е': "e", 'є': "ê", 'ё': "ë", 'ж': "ž",
		'з': "z", 'и': "i", 'і': "ì", 'ї': "ï", 'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
		'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "č", 'ш': "š",
		'щ': "ŝ", 'ъ': "ʺ", 'ы': "y", 'ь': "ʹ", 'э': "è", 'ю': "û", 'я': "â",
	},
}

// scholarly is the scientific transliteration used in Slavic studies
// (Zaporižžja, Kyïv, Charkiv) and its variant with h for х (Harkiv).
var scholarly = translitSystem{
	name: "scholarly", lang: "",
	letters: merge(iso9.letters, map[rune]string{
		'г': "h", 'х': "ch", 'и': "y", 'і': "i", 'є': "je", 'ю': "ju", 'я': "ja", 'й': "j", 'щ': "šč", 'ь': "", 'ъ': "",
	}),
}

var scholarlyH = translitSystem{
	name: "scholarly (h)", lang: "",
	letters: merge(scholarly.letters, map[rune]string{'х': "h"}),
}

var ukSystems = []translitSystem{ukNational2010, dudenUkrainian, iso9, scholarly, scholarlyH}
var ruSystems = []translitSystem{bgnRussian, englishRussian, dudenRussian, iso9}

// cyrillicLanguage guesses whether a Cyrillic name is Ukrainian ("uk"),
// Russian ("ru") or could be either ("").
func cyrillicLanguage(s string) string {
	for _, r := range s {
		if l := lang.CyrillicLanguage(r); l != "" {
			return l
		}
	}
	return ""
}

// hasCyrillic reports whether s contains a Cyrillic letter.
func hasCyrillic(s string) bool {
	return strings.ContainsFunc(s, lang.IsCyrillic)
}

// Romanise returns the Latin spellings of a Cyrillic name under every system
// that fits its language, without repeats. Latin names give nil.
func Romanise(name string) []string {
	if !hasCyrillic(name) {
		return nil
	}
	var systems []translitSystem
	switch cyrillicLanguage(name) {
	case "uk":
		systems = ukSystems
	case "ru":
		systems = ruSystems
	default:
		systems = append(append([]translitSystem(nil), ukSystems...), ruSystems...)
	}
	out := make([]string, 0, len(systems))
	for _, sys := range systems {
		if s := sys.romanise(name); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (t translitSystem) romanise(name string) string {
	var b strings.Builder
	b.Grow(len(name) + len(name)/2)
	prev := ' ' // the previous letter, lower-case; ' ' at the start of a word
	for i, r := range name {
		lower := toLowerCyr(r)
		latin, ok := t.letters[lower]
		if !ok {
			b.WriteRune(r)
			prev = ' '
			if isLetterRune(r) {
				prev = r
			}
			continue
		}
		wordStart := prev == ' '
		if init, ok := t.initial[lower]; ok && (wordStart || t.yeAfterVowel && isVowelOrSign(prev)) {
			latin = init
		}
		// German: с between vowels is ss (Tschassiw Jar, Odessa).
		if t.intervocalicSS && lower == 'с' && isVowelOrSign(prev) && prev != 'ь' && prev != 'ъ' && nextIsVowel(name, i+utf8.RuneLen(r)) {
			latin = "ss"
		}
		// Common English: ия is ia (Yakutia, Bashkiria).
		if t.iaForIya && lower == 'я' && prev == 'и' {
			latin = "a"
		}
		if lower != r && latin != "" { // capital: capitalise the first Latin letter
			latin = strings.ToUpper(latin[:1]) + latin[1:]
		}
		// Ukrainian national system: зг is zgh (Zghurivka), to keep it apart from ж.
		if t.name == ukNational2010.name && lower == 'г' && prev == 'з' {
			latin = "gh"
		}
		b.WriteString(latin)
		prev = lower
	}
	return b.String()
}

func nextIsVowel(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isVowelOrSign(toLowerCyr(r)) && r != 'ь' && r != 'ъ'
}

// UkrainianSpelling respells a Russian name the way Ukrainian writes it
// (Энгельс → Енгельс, Новороссийск → Новоросійськ), or returns "" when
// the name is not Russian or would not change. It covers the regular
// correspondences only; names that Ukrainian translates are left to the
// gazetteer's own alternate names.
func UkrainianSpelling(name string) string {
	if cyrillicLanguage(name) == "uk" || !hasCyrillic(name) {
		return ""
	}
	var b strings.Builder
	rs := []rune(name)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lower := toLowerCyr(r)
		next := rune(0)
		if i+1 < len(rs) {
			next = toLowerCyr(rs[i+1])
		}
		wordEnd := i+1 == len(rs) || !isLetterRune(rs[i+1])
		var out string
		switch {
		case lower == 'э':
			out = "е"
		case lower == 'ы':
			out = "и"
		case lower == 'и' && !(next == 'й' && (i+2 == len(rs) || !isLetterRune(rs[i+2]))) && !(i > 0 && hushing(toLowerCyr(rs[i-1]))):
			out = "і" // but и after ж, ч, ш, щ, ц stays: Новошахтинськ, Чита
		case lower == 'ё':
			out = "ьо"
		case lower == 'ъ':
			out = "'"
		case lower == 'с' && next == 'с':
			continue // Ukrainian writes one с: Новоросійськ
		case lower == 'к' && wordEnd && i > 0 && toLowerCyr(rs[i-1]) == 'с':
			out = "ьк" // -ск → -ськ
		default:
			b.WriteRune(r)
			continue
		}
		if lower != r { // keep a capital: Э → Е
			first, size := utf8.DecodeRuneInString(out)
			b.WriteRune(unicode.ToUpper(first))
			out = out[size:]
		}
		b.WriteString(out)
	}
	s := ukrainianZk.Replace(ukrainianAdjectives.Replace(b.String()))
	if s != name {
		return s
	}
	return ""
}

// Adjectival names: -ский is -ський, -ская is -ська (Афипский → Афіпський);
// after г, ж or з the suffix is -зьк- (Кавказская → Кавказька, Воронежская
// → Воронезька, Оренбургская → Оренбурзька). The replacers are built once:
// UkrainianSpelling runs for every name the gazetteer loads.
var (
	ukrainianAdjectives = strings.NewReplacer("скій", "ський", "ский", "ський", "ская", "ська", "ское", "ське", "цкій", "цький", "цкий", "цький", "цкая", "цька")
	ukrainianZk         = strings.NewReplacer("зськ", "зьк", "жськ", "зьк", "гськ", "зьк")
)

// hushing reports whether r is a Cyrillic letter after which Ukrainian
// writes и where Russian does (ж, ч, ш, щ, ц): Новошахтинськ, Жирновськ,
// Щигри, Цимлянськ.
func hushing(r rune) bool {
	return r == 'ж' || r == 'ч' || r == 'ш' || r == 'щ' || r == 'ц'
}

// RussianSpelling respells a Ukrainian name the way Russian usually writes
// it (Покровськ → Покровск, Донецьк → Донецк), or returns "". Irregular
// pairs (Харків, Харьков) come from the gazetteer's alternate names.
func RussianSpelling(name string) string {
	if cyrillicLanguage(name) == "ru" || !hasCyrillic(name) {
		return ""
	}
	if s := russianLetters.Replace(name); s != name {
		return s
	}
	return ""
}

// russianLetters respells a Ukrainian name's letters as Russian writes
// them; built once, as RussianSpelling runs for every name loaded.
var russianLetters = strings.NewReplacer("ськ", "ск", "цьк", "цк", "зьк", "зк", "і", "и", "ї", "и", "є", "е", "І", "И", "Ї", "И", "Є", "Е", "'", "", "’", "", "ʼ", "")

func toLowerCyr(r rune) rune {
	switch {
	case 'А' <= r && r <= 'Я':
		return r + ('а' - 'А')
	case 'Ѐ' <= r && r <= 'Џ':
		return r + ('ѐ' - 'Ѐ')
	case r == 'Ґ':
		return 'ґ'
	}
	return r
}

func isVowelOrSign(r rune) bool {
	return strings.ContainsRune("аеёиоуыэюяіїєьъ", r)
}

func isLetterRune(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || lang.IsCyrillic(r)
}
