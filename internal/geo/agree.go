package geo

import (
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// A settlement may bear an adjective as its name (Moskovsky, Kavkazskaya,
// Zhukovsky), and the same adjective stands in text before a noun it
// agrees with: "Московського патріархату", "Кавказький регіон",
// "Московського часу". There it is an adjective, not the place, unless a
// settlement word stands before it ("у селищі Московському").

// agreeing maps the case ending of a Russian or Ukrainian adjective to the
// endings of the nouns that it agrees with; "" stands for a noun that ends
// in a consonant (the masculine nominative: регіон, патріархат).
var agreeing = map[string][]string{
	// masculine nominative and accusative
	"ий": {""}, "ій": {"", "і", "ї", "и", "у", "ю"}, "ый": {""}, "ой": {"", "ы", "и", "е", "ой", "ей"},
	// masculine and neuter genitive, dative, instrumental, locative
	"ого": {"а", "я", "у", "ю"}, "его": {"а", "я", "у", "ю"},
	"ому": {"у", "ю", "ові", "еві", "і"}, "ему": {"у", "ю", "ові", "еві", "і"},
	"им": {"ом", "ем", "єм", "ам", "ям"}, "ым": {"ом", "ем", "ам", "ям"}, "ім": {"і", "у", "ю", "ом", "ем", "єм"},
	"ом": {"е", "у", "ю", "і"}, "ем": {"е", "у", "ю", "і"},
	// feminine
	"ая": {"а", "я", "ь"}, "яя": {"а", "я", "ь"}, "а": {"а", "я", "ь"},
	"ої": {"и", "і", "ї"}, "ей": {"и", "ы", "е", "і"},
	"ую": {"у", "ю", "ь"}, "юю": {"у", "ю", "ь"}, "у": {"у", "ю", "ь"},
	"ою": {"ою", "ею", "єю", "ю"},
	// neuter nominative
	"ое": {"о", "е"}, "ее": {"о", "е"}, "е": {"о", "е", "я"},
	// plural
	"ые": {"ы", "и", "а", "я"}, "ие": {"ы", "и", "а", "я"}, "і": {"и", "і", "ї", "а", "я"},
	"их": {"ов", "ев", "ів", "ей", "ах", "ях", ""}, "ых": {"ов", "ев", "ей", "ах", "ях", ""}, "іх": {"ів", "ей", "ах", "ях", ""},
	"ими": {"ами", "ями", "ми"}, "ыми": {"ами", "ями", "ми"}, "іми": {"ами", "ями", "ми"},
}

// notNouns end words that are no noun an adjective could agree with: other
// adjectives (міський голова: Первомайський міський голова is the town's)
// and verbs in the past, reflexive or infinitive (Первомайський зазнав
// обстрілу, Московский подвергся).
var notNouns = []string{
	"ий", "ій", "ый", "ого", "его", "ому", "ему", "ими", "ыми", "іми", "ої", "ая", "яя", "ую", "юю", "ое", "ее", "ые", "ие", "их", "ых", "іх",
	"ав", "ив", "ів", "ув", "їв", "ал", "ил", "ел", "ыл", "ул", "ял", "ол",
	"ла", "ло", "ли", "ся", "сь", "ти", "ть",
}

// notNounWords are adverbs, pronouns and numerals that end like a noun
// and often follow a place's name: "у Первомайському вночі", "в Жуковском
// ночью", "у Первомайському знову".
var notNounWords = setOf(
	"вночі", "уночі", "ввечері", "увечері", "вдень", "удень", "зранку", "вранці", "уранці",
	"сьогодні", "вчора", "учора", "завтра", "нині", "знову", "також", "тому", "зараз", "майже",
	"двоє", "троє", "четверо", "п'ятеро", "його", "мене", "тебе", "себе", "нього", "неї", "нею",
	"ночью", "днём", "днем", "утром", "вечером", "сегодня", "вчера", "снова", "также", "опять",
	"сейчас", "почти", "двое", "трое", "четверо", "пятеро", "него", "неё", "нее", "ней", "ним",
)

// lNouns are common Russian and Ukrainian nouns whose stem ends in -л, so
// that some of their forms end like a verb in the past (вокзал, вокзала,
// причал, школа): "Московский вокзал", "Курского вокзала", "Курская
// школа". A past-tense verb made like them is rare after a place's name.
var lNouns = setOf(
	"вокзал", "канал", "квартал", "причал", "персонал", "арсенал", "зал", "сигнал",
	"метал", "металл", "капітал", "капитал", "генерал", "адмірал", "адмирал", "маршал",
	"журнал", "фінал", "финал", "матеріал", "материал", "потенціал", "потенциал",
	"термінал", "терминал", "підвал", "подвал", "вал", "мінерал", "минерал",
	"кристал", "кристалл", "інтервал", "интервал", "трибунал", "філіал", "филиал",
	"шкіл", "школ", "сил", "скал", "стел", "сел", "числ", "крил", "крыл", "земл",
)

// lNounEndings are the case endings the stems in lNouns take.
var lNounEndings = setOf(
	"", "а", "у", "ом", "е", "і", "ові", "и", "ы", "ів", "ов", "ам", "ами", "ах",
	"о", "ою", "ей", "ь", "я", "ю", "ям", "ями", "ях", "ею",
)

// isLNoun reports whether w is a form of one of lNouns.
func isLNoun(w string) bool {
	for i := len(w); i > 0; i-- {
		if lNouns[w[:i]] && lNounEndings[w[i:]] {
			return true
		}
	}
	return false
}

// adjectivalEnding returns the case ending of a word made as a Russian or
// Ukrainian relative adjective (-ськ-, -цьк-, -зьк-, -ск-, -цк-: Московського,
// Кавказький), or "" for any other word.
func adjectivalEnding(w string) string {
	for _, suffix := range []string{"ськ", "цьк", "зьк", "ск", "цк"} {
		i := strings.LastIndex(w, suffix)
		if i <= 0 {
			continue
		}
		if rest := w[i+len(suffix):]; adjEndings[rest] {
			return rest
		}
	}
	return ""
}

// agreesWithNoun reports whether the word at i is a relative adjective
// followed by a lower-case noun that it agrees with ("Московського
// патріархату"). A cue word after it (район, НПЗ, завод) is no such noun:
// the rules for units and facilities decide there.
func (g *Gazetteer) agreesWithNoun(ws []lang.Word, i int) bool {
	if i+1 >= len(ws) || !isCyrillicWord(ws[i].Norm) {
		return false
	}
	end := adjectivalEnding(ws[i].Norm)
	if end == "" {
		return false
	}
	n := ws[i+1]
	if n.Upper || n.Sep != lang.SepSpace || !isCyrillicWord(n.Norm) || g.cues.words[n.Norm] != 0 || utf8.RuneCountInString(n.Norm) < 3 || notNounWords[n.Norm] {
		return false
	}
	if !isLNoun(n.Norm) {
		for _, e := range notNouns {
			if strings.HasSuffix(n.Norm, e) {
				return false
			}
		}
	}
	for _, e := range agreeing[end] {
		if e == "" {
			if endsInConsonant(n.Norm) {
				return true
			}
		} else if strings.HasSuffix(n.Norm, e) {
			return true
		}
	}
	return false
}

// endsInConsonant reports whether a Cyrillic word ends in a consonant.
func endsInConsonant(w string) bool {
	last, _ := utf8.DecodeLastRuneInString(w)
	return !isVowel(last) && last != 'ь' && last != 'й' && last != '\''
}
