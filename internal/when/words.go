package when

import "time"

// The words of dates in German, English, Ukrainian and Russian, normalised
// as package lang normalises text (lower case, no diacritics, ё → е,
// apostrophes dropped). Inflected forms are listed where they differ.

var weekdays = map[string]time.Weekday{
	// German
	"montag": time.Monday, "dienstag": time.Tuesday, "mittwoch": time.Wednesday, "donnerstag": time.Thursday,
	"freitag": time.Friday, "samstag": time.Saturday, "sonnabend": time.Saturday, "sonntag": time.Sunday,
	// English
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
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

var months = map[string]time.Month{
	// German
	"januar": 1, "jan": 1, "februar": 2, "feb": 2, "marz": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6,
	"juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
	"november": 11, "nov": 11, "dezember": 12, "dez": 12,
	// English
	"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10, "oct": 10, "december": 12, "dec": 12,
	// Ukrainian (genitive: 19 березня)
	"січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8,
	"вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
	// Russian (genitive: 19 марта)
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
	"сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}

// relative maps words for days counted back from publication.
var relative = map[string]int{
	"heute": 0, "today": 0, "сьогодні": 0, "сегодня": 0, "tonight": 0,
	"gestern": -1, "yesterday": -1, "вчора": -1, "учора": -1, "вчера": -1,
	"vorgestern": -2, "позавчора": -2, "позавчера": -2,
}

// night words: the night before publication ("overnight", "вночі").
var nights = map[string]bool{
	"overnight": true, "вночі": true, "уночі": true, "ночью": true, "nachts": true, "ночі": true,
}

// nightOf introduces the night before a day: "in der Nacht zu Mittwoch",
// "in der Nacht auf den 19. März", "в ночь на 19 марта", "у ніч проти
// середи", "в ніч на 19 березня", "the night to Wednesday".
var nightOf = map[string]bool{"zu": true, "zum": true, "auf": true, "на": true, "проти": true, "to": true, "into": true}

// nightNoun are the words for night after which nightOf may follow.
var nightNoun = map[string]bool{"nacht": true, "ніч": true, "ночь": true, "night": true}

// future marks a weekday counted forward: "am kommenden Sonntag", "next
// Sunday", "наступної неділі", "в следующее воскресенье".
var future = map[string]bool{
	"kommenden": true, "kommende": true, "nachsten": true, "nachste": true, "next": true, "coming": true,
	"наступного": true, "наступної": true, "наступний": true, "наступну": true,
	"следующий": true, "следующую": true, "следующее": true, "следующей": true, "ближайшее": true, "ближайшую": true,
}

// past marks a weekday counted back beyond the current week: "last Sunday",
// "vergangenen Sonntag", "минулої неділі", "в прошлое воскресенье".
var past = map[string]bool{
	"last": true, "vergangenen": true, "letzten": true, "vorigen": true,
	"минулого": true, "минулої": true, "минулий": true, "минулу": true,
	"прошлый": true, "прошлую": true, "прошлое": true, "прошлой": true,
}
