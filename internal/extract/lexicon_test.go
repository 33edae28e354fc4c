package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/internal/lang"
	"github.com/trucewatch/trucewatch/internal/stem"
)

// TestLexiconsShareSections: every language has the same sections, so a
// rule written once works in all four, and every section the code asks
// for exists.
func TestLexiconsShareSections(t *testing.T) {
	sections := map[string]map[string]int{}
	for _, l := range Languages {
		lx, err := loadLexicon(l)
		if err != nil {
			t.Fatal(err)
		}
		sections[l] = lx.sections
	}
	for _, l := range Languages[1:] {
		for s := range sections[Languages[0]] {
			if _, ok := sections[l][s]; !ok {
				t.Errorf("[%s] is in %s.txt but not in %s.txt", s, Languages[0], l)
			}
		}
		for s := range sections[l] {
			if _, ok := sections[Languages[0]][s]; !ok {
				t.Errorf("[%s] is in %s.txt but not in %s.txt", s, l, Languages[0])
			}
		}
	}
	// The section names in calls such as d.has("killed", s) in this
	// package's code.
	call := regexp.MustCompile(`\b(?:in|has|hasHit|cueAtStart|covered|cueOutsideDates|inClause)\([^()"]*"([a-z_]+(?: [a-z_]+)?)"`)
	files, _ := filepath.Glob("*.go")
	used := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			used++
			for _, l := range Languages {
				if !hasSection(sections[l], m[1]) {
					t.Errorf("%s asks for [%s], which %s.txt lacks", f, m[1], l)
				}
			}
		}
	}
	if used < 50 {
		t.Errorf("found only %d section names in the code: the pattern no longer matches its calls", used)
	}
}

// hasSection reports a section, or a family of them: "target" stands for
// every "target ..." section.
func hasSection(sections map[string]int, name string) bool {
	if _, ok := sections[name]; ok {
		return true
	}
	for s := range sections {
		if strings.HasPrefix(s, name+" ") {
			return true
		}
	}
	return false
}

// TestLexiconEntries checks the entry forms of lexicon/README.md, on a
// small German lexicon.
func TestLexiconEntries(t *testing.T) {
	lx, err := parseLexicon("test.txt", "de", `
[target medical]
Krankenhaus
=Klinik
Entbindungs*
*klinik
*lazarett*
[number]
dutzend = 12
[hypothetical]
würde
[power_outage]
strom ... wiederhergestellt
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want []string // "section" or "section value" per hit
	}{
		{"Krankenhäuser", []string{"target medical"}}, // by stem
		{"Krankenhauses", []string{"target medical"}}, // by stem
		{"Kliniken", nil},                                  // "=Klinik" is that form only
		{"Klinik", []string{"target medical"}},             // exact
		{"Entbindungsstation", []string{"target medical"}}, // prefix
		{"Kinderklinik", []string{"target medical"}},       // suffix, in a compound
		{"Feldlazarettzelt", []string{"target medical"}},   // infix, in a compound
		{"ein Dutzend", []string{"number 12"}},
		{"wurde", nil}, // "würde" keeps its umlaut
		{"würde", []string{"hypothetical"}},
		{"Strom wiederhergestellt", []string{"power_outage"}},                             // a gap may be empty
		{"der Strom wurde am Abend wiederhergestellt", []string{"power_outage"}},          // three words between
		{"Strom konnte bis zum Abend wiederhergestellt werden", []string{"power_outage"}}, // four
		{"Strom fiel in der ganzen Stadt aus und wurde wiederhergestellt", nil},           // too many words between
		{"Strom fiel aus, die Brücke wurde wiederhergestellt", nil},                       // not across a comma
	} {
		ws := lang.Words(tc.text)
		stems, raw := make([]string, len(ws)), make([]string, len(ws))
		for i, w := range ws {
			stems[i] = stem.Stem("de", w.Norm)
			raw[i] = strings.ToLower(tc.text[w.Start:w.End])
		}
		var got []string
		for _, h := range lx.match(ws, stems, raw) {
			g := h.section
			if h.value != 0 {
				g += " " + strconv.Itoa(h.value)
			}
			got = append(got, g)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: hits %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestLexiconErrors: a broken lexicon line is refused with its file and
// line.
func TestLexiconErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"hospital\n", "x.txt:1: entry before any [section]"},
		{"[number]\nsix = many\n", "x.txt:2: number"},
		{"[target medical]\nhos*pital\n", "x.txt:2: \"hos*pital\""},
		{"[target medical]\nhospital\n[target medical]\n", "x.txt:3: section [target medical] a second time"},
		{"[power_outage]\n... restored\n", "x.txt:2: \"... restored\": ... may stand only between two words"},
		{"[power_outage]\npower ... ... restored\n", "x.txt:2: \"power ... ... restored\": ... may stand only between two words"},
	} {
		_, err := parseLexicon("x.txt", "en", tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.text, err, tc.want)
		}
	}
}

// TestNumbersAreNoDateWords: a number word matched by its stem must not
// also match a weekday or a month ("четверо", four people, and "четвер",
// Thursday, share a stem in Ukrainian): every weekday and month word of
// package when is looked up in each lexicon's stemmed number entries.
func TestNumbersAreNoDateWords(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "when", "words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	section := ""
	for line := range strings.SplitSeq(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[':
			section = strings.Trim(line, "[]")
		case section == "weekday" || strings.HasPrefix(section, "month"):
			w, _, _ := strings.Cut(line, "=")
			words = append(words, strings.TrimSpace(w))
		}
	}
	if len(words) < 50 {
		t.Fatalf("read %d weekday and month words from package when; the file's sections changed?", len(words))
	}
	for _, language := range Languages {
		lx, err := loadLexicon(language)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			for _, e := range lx.stemmed[stem.Stem(language, w)] {
				if e.section == "number" {
					t.Errorf("%s: the date word %q matches a number word by its stem: write the number word as =word", language, w)
				}
			}
		}
	}
}

// TestDetails: the details are every "= detail" text of the [target …]
// sections, sorted, each once, with no number among them.
func TestDetails(t *testing.T) {
	ds, err := Details()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(ds) || len(slices.Compact(slices.Clone(ds))) != len(ds) {
		t.Errorf("not sorted or not each once: %q", ds)
	}
	for _, want := range []string{"hospital", "oil pumping station", "gas metering station", "combined heat and power plant"} {
		if !slices.Contains(ds, want) {
			t.Errorf("no %q among %d details", want, len(ds))
		}
	}
	for _, d := range ds {
		if _, err := strconv.Atoi(d); err == nil || d != strings.TrimSpace(d) || d == "" {
			t.Errorf("detail %q", d)
		}
	}
	lx, err := parseLexicon("t.txt", "en", "[target medical]\nhospital = hospital\nclinic\n[number]\nsix = 6\n[facility]\nsite = site\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lx.details, []string{"hospital"}) {
		t.Errorf("details of a small lexicon: %q, want only the target's", lx.details)
	}
}
