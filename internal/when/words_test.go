package when

import (
	"strings"
	"testing"
	"time"
)

// monthNames and monthsIn are the lists [month_name] and [month_in] of
// words.txt, for TestLexicon (phenomena_test.go).
var (
	monthNames = wordTexts(wordFile["month_name"])
	monthsIn   = monthMap(wordFile["month_in"])
)

func monthMap(ws []word) map[string]time.Month {
	m := make(map[string]time.Month, len(ws))
	for _, w := range ws {
		m[w.text] = time.Month(w.value)
	}
	return m
}

// A broken words.txt names the line at fault.
func TestParseWordsErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"word before any section", "# months\nmarz = 3\n", "words.txt:2: "},
		{"unknown section", "[ago]\nago\n[weekdays]\nmontag = monday\n", "words.txt:3: unknown section [weekdays]"},
		{"unclosed header", "[weekday\nmontag = monday\n", "words.txt:1: malformed section header"},
		{"empty header", "\n[]\n", "words.txt:2: malformed section header"},
		{"section twice", "[ago]\nago\n[ago]\nназад\n", "words.txt:3: section [ago] given twice (first on line 1)"},
		{"empty section", "[ago]\n# none yet\n[night]\novernight\n", "words.txt:1: section [ago] is empty"},
		{"empty last section", "[ago]\nago\n\n[night]\n", "words.txt:4: section [night] is empty"},
		{"word twice", "[ago]\nago\nназад\nago\n", "words.txt:4: \"ago\" twice in [ago] (first on line 2)"},
		{"two words", "[ago]\nvor kurzem\n", "words.txt:2: \"vor kurzem\": one word per line"},
		{"not normalised", "[month]\nMärz = 3\n", "words.txt:2: \"März\" is not normalised"},
		{"no word", "[month]\n= 3\n", "words.txt:2: no word"},
		{"value missing", "[month]\n\nmarz\n", "words.txt:3: \"marz\" in [month]: value missing"},
		{"value not taken", "[night]\novernight = 1\n", "words.txt:2: \"overnight\" in [night]: the section takes no value"},
		{"month not a number", "[month]\nmarz = drei\n", "words.txt:2: \"marz\" in [month]: value: strconv.Atoi"},
		{"month out of range", "[month_short]\nmar = 13\n", "words.txt:2: \"mar\" in [month_short]: month 13"},
		{"weekday misspelt", "[weekday]\nmontag = mon\n", "words.txt:2: \"montag\" in [weekday]: weekday \"mon\""},
		{"count zero", "[day_unit]\ntage = 0\n", "words.txt:2: \"tage\" in [day_unit]: count 0"},
		{"section missing", "[ago]\nago\n", "words.txt: section [month] is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseWords(tc.text)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want %q...", err, tc.want)
			}
		})
	}
}

// The package panics at init on a broken file, with the line at fault.
func TestMustParseWordsPanics(t *testing.T) {
	defer func() {
		r := recover()
		if msg, _ := r.(string); !strings.HasPrefix(msg, "when: words.txt:2: ") {
			t.Errorf("panic %v, want when: words.txt:2: ...", r)
		}
	}()
	mustParseWords("[month]\nmarz = 30\n")
}

// Every section the code expects is in words.txt and has words, and every
// role of lexicon comes from a section.
func TestWordSections(t *testing.T) {
	if _, err := parseWords(wordsTxt); err != nil {
		t.Fatal(err)
	}
	var roles role
	for _, l := range wordLists {
		if len(wordFile[l.section]) == 0 {
			t.Errorf("section [%s]: no words", l.section)
		}
		roles |= l.role
	}
	if all := isQuantity<<1 - 1; roles != all {
		t.Errorf("roles %b come from no section", all&^roles)
	}
	if len(wordFile) != len(wordLists) {
		t.Errorf("%d sections read, want %d", len(wordFile), len(wordLists))
	}
}

func TestWordEntries(t *testing.T) {
	for _, tc := range []struct {
		word string
		want entry
	}{
		{"marz", entry{roles: isMonth | isMonthName, month: time.March}},
		{"sept", entry{roles: isMonth | isMonthShort, month: time.September}},
		{"вересні", entry{roles: isMonthIn, month: time.September}},
		{"vortag", entry{roles: isRelative, offset: -1}},
		{"vorgestern", entry{roles: isRelative, offset: -2}},
		{"heute", entry{roles: isRelative}},
		{"среду", entry{roles: isWeekday, weekday: time.Wednesday}},
		{"sonntag", entry{roles: isWeekday, weekday: time.Sunday}},
		{"tage", entry{roles: isDayUnit, count: 1}},
		{"woche", entry{roles: isDayUnit, count: 7}},
		{"доби", entry{roles: isDayWindow | isDayUnit, count: 1}},
		{"drei", entry{roles: isNumberWord, count: 3}},
		{"past", entry{roles: isPast | isWindowAdj}},
		{"to", entry{roles: isNightOf | isRangeTo}},
		{"в", entry{roles: isLocPrep | isClockPrep}},
		{"тыс", entry{roles: isQuantity}},
		{"morgen", entry{}}, // a day part only, not in lexicon
	} {
		if got := lexicon[tc.word]; got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.word, got, tc.want)
		}
	}
	if d, ok := weekdays["sonnabend"]; !ok || d != time.Saturday {
		t.Errorf("weekdays[sonnabend] = %v, %v; want Saturday", d, ok)
	}
	if want := []string{"morgen", "abend", "nachmittag", "vormittag", "mittag", "nacht", "fruh"}; strings.Join(dayParts, " ") != strings.Join(want, " ") {
		t.Errorf("dayParts %q, want %q", dayParts, want)
	}
}
