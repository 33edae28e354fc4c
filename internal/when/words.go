package when

import "time"

// The words of dates in German, English, Ukrainian and Russian, normalised
// as package lang normalises text (lower case, no diacritics, ё → е,
// apostrophes dropped). Inflected forms are listed where they differ.
//
// The lists below are for people to read and extend; Find looks words up
// in lexicon, which merges them, so that a word that is no date word costs
// a single map lookup.

var weekdays = map[string]time.Weekday{
	// German
	"montag": time.Monday, "dienstag": time.Tuesday, "mittwoch": time.Wednesday, "donnerstag": time.Thursday,
	"freitag": time.Friday, "samstag": time.Saturday, "sonnabend": time.Saturday, "sonntag": time.Sunday,
	// English, also possessive: "Saturday's strike" arrives as "saturdays"
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
	"mondays": time.Monday, "tuesdays": time.Tuesday, "wednesdays": time.Wednesday, "thursdays": time.Thursday,
	"fridays": time.Friday, "saturdays": time.Saturday, "sundays": time.Sunday,
	// Ukrainian (nominative and accusative: у середу, в п'ятницю, в неділю)
	"понеділок": time.Monday, "понеділка": time.Monday, "вівторок": time.Tuesday, "вівторка": time.Tuesday,
	"середа": time.Wednesday, "середу": time.Wednesday, "середи": time.Wednesday,
	"четвер": time.Thursday, "четверга": time.Thursday, "пятниця": time.Friday, "пятницю": time.Friday, "пятниці": time.Friday,
	"субота": time.Saturday, "суботу": time.Saturday, "суботи": time.Saturday, "неділя": time.Sunday, "неділю": time.Sunday, "неділі": time.Sunday,
	// Russian
	"понедельник": time.Monday, "понедельника": time.Monday, "вторник": time.Tuesday, "вторника": time.Tuesday,
	"среда": time.Wednesday, "среду": time.Wednesday, "среды": time.Wednesday, "четверг": time.Thursday,
	"пятница": time.Friday, "пятницу": time.Friday, "пятницы": time.Friday, "суббота": time.Saturday, "субботу": time.Saturday,
	"субботы": time.Saturday, "воскресенье": time.Sunday, "воскресенья": time.Sunday,
}

// German weekday compounds: Mittwochmorgen, Dienstagabend, Mittwochfrüh.
var dayParts = []string{"morgen", "abend", "nachmittag", "vormittag", "mittag", "nacht", "fruh"}

// months are the month names read after a day number (19 März, 19 March,
// 19 березня, 19 марта) or before one (March 19); with monthShort.
var months = map[string]time.Month{
	// German
	"januar": 1, "janner": 1, "februar": 2, "marz": 3, "april": 4, "mai": 5, "juni": 6,
	"juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
	// English
	"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10, "december": 12,
	// Ukrainian (genitive: 19 березня)
	"січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8,
	"вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
	// Russian (genitive: 19 марта)
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
	"сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}

// monthShort are abbreviations, read only after a day number: "26 Бер
// 2025", "3 Sept", "12 дек".
var monthShort = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"okt": 10, "oct": 10, "nov": 11, "dez": 12, "dec": 12,
	"січ": 1, "лют": 2, "бер": 3, "кві": 4, "квіт": 4, "тра": 5, "трав": 5, "чер": 6, "черв": 6, "лип": 7,
	"сер": 8, "серп": 8, "вер": 9, "жов": 10, "жовт": 10, "лис": 11, "лист": 11, "гру": 12, "груд": 12,
	"янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "май": 5, "июн": 6, "июл": 7, "авг": 8,
	"сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}

// monthNames are the German and English names that may stand for a whole
// month ("im Februar", "last July"). Abbreviations are left out: "mar",
// "jan" and "dec" are too often something else.
var monthNames = []string{
	"januar", "janner", "februar", "marz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember",
	"january", "february", "march", "may", "june", "july", "october", "december",
}

// monthsIn are the Ukrainian locative and Russian prepositional forms: "у
// вересні", "в сентябре". The case itself says "in the month".
var monthsIn = map[string]time.Month{
	"січні": 1, "лютому": 2, "березні": 3, "квітні": 4, "травні": 5, "червні": 6, "липні": 7, "серпні": 8,
	"вересні": 9, "жовтні": 10, "листопаді": 11, "грудні": 12,
	"январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7, "августе": 8,
	"сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}

// monthEdge are the words before a month name that make it a month on its
// own: "im Juli", "Ende Juni", "in early May", "mid-May", "в конце мая",
// "на початку травня", "наприкінці червня". Ukrainian and Russian
// genitive month names stand for the month only after one of them.
var monthEdge = []string{
	"im", "in", "ende", "anfang", "mitte", "during", "early", "late", "mid",
	"начале", "конце", "середине", "половине", "початку", "кінці", "середині", "половині", "наприкінці", "напочатку",
}

// locPrep are the prepositions of the locative month forms: "у вересні".
var locPrep = []string{"у", "в", "во", "уві"}

// yearNouns follow a year or a year adjective: "2024 року", "прошлого
// года", "last year", "vergangenen Jahres".
var yearNouns = []string{"року", "рік", "году", "года", "р", "г", "year", "jahres"}

// lastYear are single words for "last year".
var lastYear = []string{"торік", "минулоріч"}

// relative maps words for days counted back from publication.
var relative = map[string]int{
	"heute": 0, "today": 0, "сьогодні": 0, "сегодня": 0, "tonight": 0,
	"gestern": -1, "yesterday": -1, "вчора": -1, "учора": -1, "вчера": -1,
	"vorgestern": -2, "позавчора": -2, "позавчера": -2,
	// "am Vortag", "накануне", "напередодні": the day before publication
	"vortag": -1, "накануне": -1, "напередодні": -1,
}

// night words: the night before publication ("overnight", "вночі"), or
// before the date that follows ("вночі 15 жовтня").
var nights = []string{"overnight", "вночі", "уночі", "ночью", "nachts", "ночі"}

// nightOf introduces the night before a day: "in der Nacht zu Mittwoch",
// "in der Nacht auf den 19. März", "в ночь на 19 марта", "у ніч проти
// середи", "в ніч на 19 березня", "the night to Wednesday", "the night of
// April 25".
var nightOf = []string{"zu", "zum", "auf", "на", "проти", "to", "into", "of"}

// nightFrom opens the first day of a night named by two: "в ночь с 8 на 9
// мая", "in der Nacht vom 8. auf den 9. Mai". They also open day ranges:
// "з 8 по 11 травня", "from 8 to 11 May".
var nightFrom = []string{"с", "з", "із", "від", "от", "vom", "von", "from"}

// nightNoun are the words for night after which nightOf may follow.
var nightNoun = []string{"nacht", "ніч", "ночь", "night"}

// future marks a weekday counted forward: "am kommenden Sonntag", "next
// Sunday", "наступної неділі", "в следующее воскресенье".
var future = []string{
	"kommenden", "kommende", "kommender", "nachsten", "nachste", "nachster", "next", "coming",
	"наступного", "наступної", "наступний", "наступну",
	"следующий", "следующую", "следующее", "следующей", "следующего", "ближайшее", "ближайшую", "ближайший", "ближайшей",
}

// this marks the weekday of the current week, on or after publication:
// "this Saturday", "diesen Samstag", "цієї суботи", "в эту субботу". As a
// year adjective it names the publication year: "this year", "цього року".
var this = []string{
	"this", "diesen", "diesem", "dieser", "dieses",
	"цієї", "цю", "цей", "цього", "поточного",
	"эту", "этой", "этот", "это", "этого", "текущего",
}

// past marks a weekday counted back beyond the current week: "last Sunday",
// "vergangenen Sonntag", "минулої неділі", "в прошлое воскресенье"; the
// night before publication: "last night", "минулої ночі"; and the year
// before: "last year", "минулого року", "прошлого года".
var past = []string{
	"last", "past", "vergangenen", "vergangene", "letzten", "letzte", "vorigen", "vorige",
	"минулого", "минулої", "минулий", "минулу",
	"прошлый", "прошлую", "прошлое", "прошлой", "прошлого",
}

// windowAdj open "the past day": "in the past 24 hours", "in den letzten 24
// Stunden", "за минулу добу", "за последние сутки".
var windowAdj = []string{
	"past", "last", "vergangenen", "letzten",
	"минулу", "минулої", "минулі", "останню", "останньої", "останні", "останніх",
	"последние", "последних", "прошедшие", "прошедших", "минувшие", "минувших", "истекшие", "истекших",
}

// windowIntro open "the past day" without an adjective: "за добу",
// "протягом доби", "в течение суток", "binnen 24 Stunden".
var windowIntro = []string{"за", "протягом", "впродовж", "упродовж", "продовж", "течение", "binnen"}

// dayWindow are the nouns for a day of 24 hours: "за добу", "за сутки".
var dayWindow = []string{"добу", "доби", "сутки", "суток"}

// hourNouns follow 24 in "the past 24 hours".
var hourNouns = []string{"hours", "stunden", "години", "годин", "часа", "часов"}

// dayUnits are the days each unit of "three days ago" stands for.
var dayUnits = map[string]int{
	"day": 1, "days": 1, "tag": 1, "tage": 1, "tagen": 1,
	"день": 1, "дні": 1, "днів": 1, "дня": 1, "дней": 1, "доби": 1, "діб": 1, "суток": 1,
	"week": 7, "weeks": 7, "woche": 7, "wochen": 7,
	"тиждень": 7, "тижні": 7, "тижнів": 7, "неделю": 7, "недели": 7, "недель": 7,
}

// ago follows "three days": "three days ago", "три дні тому", "три дня
// назад". German puts vor in front: "vor drei Tagen".
var ago = []string{"ago", "тому", "назад"}

// agoBefore stand before the count: "vor drei Tagen".
var agoBefore = []string{"vor"}

// numberWords are the counts one to ten.
var numberWords = map[string]int{
	"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5,
	"sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
	"один": 1, "одну": 1, "одна": 1, "два": 2, "дві": 2, "три": 3, "чотири": 4, "пять": 5,
	"шість": 6, "сім": 7, "вісім": 8, "девять": 9, "десять": 10,
	"две": 2, "четыре": 4, "шесть": 6, "семь": 7, "восемь": 8,
}

// clockPrep may stand before a time of day: "um 9.30", "о 21.31", "в
// 22.15", "at 9.12". A number pair with a dot after one of them is a time,
// not a date.
var clockPrep = []string{"о", "об", "в", "во", "um", "gegen", "at", "around", "около", "близько", "приблизно"}

// clockUnits follow a time of day: "23.00 Uhr", "о 21.31 год", "в 22.15
// ч". "a.m." and "p.m." are read apart.
var clockUnits = []string{"uhr", "h", "год", "години", "годин", "ч", "час", "часа", "часов", "hrs"}

// rangeTo join the days of a range: "vom 8. bis 11. Mai", "з 8 по 11
// травня", "8 to 11 May". The words of rangeAnd do so only after
// rangeBetween: "between 8 and 11 May", "zwischen 8. und 11. Mai".
var (
	rangeTo      = []string{"bis", "по", "до", "to", "till", "until", "through", "thru"}
	rangeAnd     = []string{"and", "und", "і", "й", "та", "и"}
	rangeBetween = []string{"between", "zwischen", "між", "между"}
)

// quantities after a number pair make it a decimal, not a date: "3.10
// million".
var quantities = []string{"million", "millionen", "billion", "milliarden", "mio", "mrd", "percent", "prozent", "млн", "млрд", "тис", "тыс"}

// A word's roles in lexicon.
type role uint64

const (
	isMonth        role = 1 << iota // in months or monthShort
	isMonthShort                    // in monthShort
	isMonthName                     // in monthNames
	isMonthIn                       // in monthsIn
	isMonthEdge                     // in monthEdge
	isLocPrep                       // in locPrep
	isYearNoun                      // in yearNouns
	isLastYear                      // in lastYear
	isWeekday                       // in weekdays
	isRelative                      // in relative
	isNight                         // in nights
	isNightOf                       // in nightOf
	isNightFrom                     // in nightFrom
	isNightNoun                     // in nightNoun
	isFuture                        // in future
	isThis                          // in this
	isPast                          // in past
	isWindowAdj                     // in windowAdj
	isWindowIntro                   // in windowIntro
	isDayWindow                     // in dayWindow
	isHourNoun                      // in hourNouns
	isDayUnit                       // in dayUnits
	isAgo                           // in ago
	isAgoBefore                     // in agoBefore
	isNumberWord                    // in numberWords
	isClockPrep                     // in clockPrep
	isClockUnit                     // in clockUnits
	isRangeTo                       // in rangeTo
	isRangeAnd                      // in rangeAnd
	isRangeBetween                  // in rangeBetween
	isQuantity                      // in quantities
)

// entry is what lexicon knows of a word.
type entry struct {
	roles   role
	month   time.Month   // isMonth, isMonthName, isMonthIn
	weekday time.Weekday // isWeekday
	offset  int          // isRelative: days from publication
	count   int          // isNumberWord: its value; isDayUnit: days per unit
}

func (e entry) is(r role) bool { return e.roles&r != 0 }

var lexicon = buildLexicon()

func buildLexicon() map[string]entry {
	lex := map[string]entry{}
	add := func(w string, r role, set func(*entry)) {
		e := lex[w]
		e.roles |= r
		if set != nil {
			set(&e)
		}
		lex[w] = e
	}
	addAll := func(ws []string, r role) {
		for _, w := range ws {
			add(w, r, nil)
		}
	}
	for w, m := range months {
		add(w, isMonth, func(e *entry) { e.month = m })
	}
	for w, m := range monthShort {
		add(w, isMonth|isMonthShort, func(e *entry) { e.month = m })
	}
	for _, w := range monthNames {
		add(w, isMonthName, nil)
	}
	for w, m := range monthsIn {
		add(w, isMonthIn, func(e *entry) { e.month = m })
	}
	for w, d := range weekdays {
		add(w, isWeekday, func(e *entry) { e.weekday = d })
	}
	for w, off := range relative {
		add(w, isRelative, func(e *entry) { e.offset = off })
	}
	for w, n := range dayUnits {
		add(w, isDayUnit, func(e *entry) { e.count = n })
	}
	for w, n := range numberWords {
		add(w, isNumberWord, func(e *entry) { e.count = n })
	}
	addAll(monthEdge, isMonthEdge)
	addAll(locPrep, isLocPrep)
	addAll(yearNouns, isYearNoun)
	addAll(lastYear, isLastYear)
	addAll(nights, isNight)
	addAll(nightOf, isNightOf)
	addAll(nightFrom, isNightFrom)
	addAll(nightNoun, isNightNoun)
	addAll(future, isFuture)
	addAll(this, isThis)
	addAll(past, isPast)
	addAll(windowAdj, isWindowAdj)
	addAll(windowIntro, isWindowIntro)
	addAll(dayWindow, isDayWindow)
	addAll(hourNouns, isHourNoun)
	addAll(ago, isAgo)
	addAll(agoBefore, isAgoBefore)
	addAll(clockPrep, isClockPrep)
	addAll(clockUnits, isClockUnit)
	addAll(rangeTo, isRangeTo)
	addAll(rangeAnd, isRangeAnd)
	addAll(rangeBetween, isRangeBetween)
	addAll(quantities, isQuantity)
	return lex
}
