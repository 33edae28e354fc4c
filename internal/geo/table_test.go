package geo

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestGeocodeTable runs the table of mentions in testdata/geocode_cases.tsv,
// written by the trucewatch authors: mentions in four languages, inflected,
// transliterated, with and without context, each with the place a careful
// reader would name. It passes at 97 % or better, prints the figure and
// lists every miss.
func TestGeocodeTable(t *testing.T) {
	b, err := os.ReadFile("testdata/geocode_cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	g := mustGazetteer(t)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if lines[0] != "lang\tmention\tcontext\texpected\tnote" {
		t.Fatalf("header %q", lines[0])
	}
	total, hits := 0, 0
	perLang := map[string][2]int{}
	for i, line := range lines[1:] {
		c := strings.Split(line, "\t")
		if len(c) != 5 {
			t.Fatalf("line %d: %d columns", i+2, len(c))
		}
		lang, mention, context, want, note := c[0], c[1], c[2], c[3], c[4]
		got := resolveCase(g, lang, mention, context)
		total++
		n := perLang[lang]
		n[1]++
		if got == want {
			hits++
			n[0]++
		} else {
			t.Logf("miss %d: %s %q in %q: got %s, want %s (%s)", i+2, lang, mention, context, orNone(got), want, note)
		}
		perLang[lang] = n
	}
	rate := float64(hits) / float64(total)
	var parts []string
	for _, l := range []string{"de", "en", "uk", "ru"} {
		n := perLang[l]
		parts = append(parts, l+" "+itoa(n[0])+"/"+itoa(n[1]))
	}
	t.Logf("geocode table: %d of %d correct (%.1f %%); %s", hits, total, 100*rate, strings.Join(parts, ", "))
	if total < 300 {
		t.Errorf("the table has %d rows, want at least 300", total)
	}
	if rate < 0.97 {
		t.Errorf("geocode table: %.1f %% correct, want at least 97 %% (misses listed above)", 100*rate)
	}
}

// resolveCase resolves a table row: the mention alone when there is no
// context, else the mention found in the scanned context (the mention that
// overlaps it, if the scanner's span differs by a cue word).
func resolveCase(g *Gazetteer, lang, mention, context string) string {
	if context == "" {
		m, err := g.Geocode(mention, "")
		if err != nil {
			return ""
		}
		return m.Place.ID
	}
	at := strings.Index(context, mention)
	for _, m := range g.Scan(context) {
		if m.Span.Start < at+len(mention) && at < m.Span.End {
			return m.Place.ID
		}
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
