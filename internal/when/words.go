package when

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// The words of dates in German, English, Ukrainian and Russian live in
// words.txt, one list per section (the head of the file describes its
// format). They are read at package init; Find looks words up in lexicon,
// which merges the lists, so that a word that is no date word costs a
// single map lookup. The file is embedded, so a malformed one is a
// programming error: the package panics at init, naming words.txt:LINE.

//go:embed words.txt
var wordsTxt string

var (
	// wordFile is words.txt parsed: its words by section.
	wordFile = mustParseWords(wordsTxt)
	lexicon  = buildLexicon(wordFile)
	// weekdays are the weekday names ([weekday]); dayParts the second
	// halves of German weekday compounds ([day_part]): Mittwochmorgen.
	weekdays = weekdayMap(wordFile["weekday"])
	dayParts = wordTexts(wordFile["day_part"])
)

// A word's roles in lexicon.
type role uint64

const (
	isMonth        role = 1 << iota // in [month] or [month_short]
	isMonthShort                    // in [month_short]
	isMonthName                     // in [month_name]
	isMonthIn                       // in [month_in]
	isMonthEdge                     // in [month_edge]
	isLocPrep                       // in [loc_prep]
	isYearNoun                      // in [year_noun]
	isLastYear                      // in [last_year]
	isWeekday                       // in [weekday]
	isRelative                      // in [relative]
	isNight                         // in [night]
	isNightOf                       // in [night_of]
	isNightFrom                     // in [night_from]
	isNightNoun                     // in [night_noun]
	isFuture                        // in [future]
	isThis                          // in [this]
	isPast                          // in [past]
	isWindowAdj                     // in [window_adj]
	isWindowIntro                   // in [window_intro]
	isDayWindow                     // in [day_window]
	isHourNoun                      // in [hour_noun]
	isDayUnit                       // in [day_unit]
	isAgo                           // in [ago]
	isAgoBefore                     // in [ago_before]
	isNumberWord                    // in [number_word]
	isClockPrep                     // in [clock_prep]
	isClockUnit                     // in [clock_unit]
	isRangeTo                       // in [range_to]
	isRangeAnd                      // in [range_and]
	isRangeBetween                  // in [range_between]
	isQuantity                      // in [quantity]
)

// valueKind is what the value after a word of a list stands for.
type valueKind uint8

const (
	noValue      valueKind = iota // the list carries no value
	monthValue                    // a month number, 1-12
	weekdayValue                  // a weekday by its English name: monday
	offsetValue                   // days from publication: -1
	countValue                    // a count, 1 or more
)

// wordList is one section of words.txt: the role it gives its words in
// lexicon and what their value stands for.
type wordList struct {
	section string
	role    role // 0: the list is not merged into lexicon
	value   valueKind
}

// wordLists are the sections of words.txt, in the order lexicon merges
// them. Every one must be in the file, and no other.
var wordLists = []wordList{
	{"month", isMonth, monthValue},
	{"month_short", isMonth | isMonthShort, monthValue},
	{"month_name", isMonthName, noValue},
	{"month_in", isMonthIn, monthValue},
	{"weekday", isWeekday, weekdayValue},
	{"relative", isRelative, offsetValue},
	{"day_unit", isDayUnit, countValue},
	{"number_word", isNumberWord, countValue},
	{"month_edge", isMonthEdge, noValue},
	{"loc_prep", isLocPrep, noValue},
	{"year_noun", isYearNoun, noValue},
	{"last_year", isLastYear, noValue},
	{"night", isNight, noValue},
	{"night_of", isNightOf, noValue},
	{"night_from", isNightFrom, noValue},
	{"night_noun", isNightNoun, noValue},
	{"future", isFuture, noValue},
	{"this", isThis, noValue},
	{"past", isPast, noValue},
	{"window_adj", isWindowAdj, noValue},
	{"window_intro", isWindowIntro, noValue},
	{"day_window", isDayWindow, noValue},
	{"hour_noun", isHourNoun, noValue},
	{"ago", isAgo, noValue},
	{"ago_before", isAgoBefore, noValue},
	{"clock_prep", isClockPrep, noValue},
	{"clock_unit", isClockUnit, noValue},
	{"range_to", isRangeTo, noValue},
	{"range_and", isRangeAnd, noValue},
	{"range_between", isRangeBetween, noValue},
	{"quantity", isQuantity, noValue},
	{"day_part", 0, noValue},
}

// word is one word of words.txt, with its value where its list carries
// one: a month, a weekday (time.Weekday), days from publication or a
// count.
type word struct {
	text  string
	value int
}

// mustParseWords parses the embedded words.txt; it panics if the file is
// malformed.
func mustParseWords(text string) map[string][]word {
	lists, err := parseWords(text)
	if err != nil {
		panic("when: " + err.Error())
	}
	return lists
}

// parseWords parses the text of words.txt into its words by section. An
// error names the line: "words.txt:12: ...".
func parseWords(text string) (map[string][]word, error) {
	lists := map[string][]word{}
	headers := map[string]int{}  // the line of each section's header
	var seen map[string]int      // the line of each word in the section
	var list *wordList           // the section being read
	header := 0                  // the line of its header
	checkEmpty := func() error { // the section just read must have words
		if list != nil && len(lists[list.section]) == 0 {
			return fmt.Errorf("words.txt:%d: section [%s] is empty", header, list.section)
		}
		return nil
	}
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			name, ok := strings.CutSuffix(line[1:], "]")
			if !ok || name == "" {
				return nil, fmt.Errorf("words.txt:%d: malformed section header %q", n, line)
			}
			if err := checkEmpty(); err != nil {
				return nil, err
			}
			list = findWordList(name)
			if list == nil {
				return nil, fmt.Errorf("words.txt:%d: unknown section [%s]", n, name)
			}
			if first, ok := headers[name]; ok {
				return nil, fmt.Errorf("words.txt:%d: section [%s] given twice (first on line %d)", n, name, first)
			}
			headers[name] = n
			header = n
			seen = map[string]int{}
			continue
		}
		if list == nil {
			return nil, fmt.Errorf("words.txt:%d: %q before any section", n, line)
		}
		w, value, hasValue := strings.Cut(line, "=")
		w = strings.TrimSpace(w)
		if w == "" {
			return nil, fmt.Errorf("words.txt:%d: no word before =", n)
		}
		if strings.ContainsAny(w, " \t") {
			return nil, fmt.Errorf("words.txt:%d: %q: one word per line", n, w)
		}
		if norm := lang.Normalise(w); norm != w {
			return nil, fmt.Errorf("words.txt:%d: %q is not normalised (would be %q)", n, w, norm)
		}
		if first, ok := seen[w]; ok {
			return nil, fmt.Errorf("words.txt:%d: %q twice in [%s] (first on line %d)", n, w, list.section, first)
		}
		seen[w] = n
		v, err := parseValue(list.value, strings.TrimSpace(value), hasValue)
		if err != nil {
			return nil, fmt.Errorf("words.txt:%d: %q in [%s]: %w", n, w, list.section, err)
		}
		lists[list.section] = append(lists[list.section], word{w, v})
	}
	if err := checkEmpty(); err != nil {
		return nil, err
	}
	for _, l := range wordLists {
		if _, ok := headers[l.section]; !ok {
			return nil, fmt.Errorf("words.txt: section [%s] is missing", l.section)
		}
	}
	return lists, nil
}

// findWordList returns the list of a section, or nil if there is none.
func findWordList(section string) *wordList {
	for i := range wordLists {
		if wordLists[i].section == section {
			return &wordLists[i]
		}
	}
	return nil
}

// parseValue parses the value after a word; has says whether there is one.
func parseValue(kind valueKind, s string, has bool) (int, error) {
	if kind == noValue {
		if has {
			return 0, fmt.Errorf("the section takes no value, got %q", s)
		}
		return 0, nil
	}
	if !has || s == "" {
		return 0, fmt.Errorf("value missing (word = value)")
	}
	if kind == weekdayValue {
		for d := time.Sunday; d <= time.Saturday; d++ {
			if s == strings.ToLower(d.String()) {
				return int(d), nil
			}
		}
		return 0, fmt.Errorf("weekday %q: want monday to sunday", s)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("value: %w", err)
	}
	switch {
	case kind == monthValue && (v < 1 || v > 12):
		return 0, fmt.Errorf("month %d: want 1 to 12", v)
	case kind == countValue && v < 1:
		return 0, fmt.Errorf("count %d: want 1 or more", v)
	}
	return v, nil
}

// entry is what lexicon knows of a word.
type entry struct {
	roles   role
	month   time.Month   // isMonth, isMonthName, isMonthIn
	weekday time.Weekday // isWeekday
	offset  int          // isRelative: days from publication
	count   int          // isNumberWord: its value; isDayUnit: days per unit
}

func (e entry) is(r role) bool { return e.roles&r != 0 }

// buildLexicon merges the word lists into one map, giving each word the
// roles of every list it is in and the values those lists carry.
func buildLexicon(lists map[string][]word) map[string]entry {
	lex := map[string]entry{}
	for _, l := range wordLists {
		if l.role == 0 {
			continue
		}
		for _, w := range lists[l.section] {
			e := lex[w.text]
			e.roles |= l.role
			switch l.value {
			case monthValue:
				e.month = time.Month(w.value)
			case weekdayValue:
				e.weekday = time.Weekday(w.value)
			case offsetValue:
				e.offset = w.value
			case countValue:
				e.count = w.value
			}
			lex[w.text] = e
		}
	}
	return lex
}

// weekdayMap maps the words of [weekday] to their days.
func weekdayMap(ws []word) map[string]time.Weekday {
	m := make(map[string]time.Weekday, len(ws))
	for _, w := range ws {
		m[w.text] = time.Weekday(w.value)
	}
	return m
}

// wordTexts returns the words of a list.
func wordTexts(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.text
	}
	return out
}
