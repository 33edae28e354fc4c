package extract

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// TestDebugFile prints how the passes read one report, sentence by
// sentence: kind, speaker, date, places, and the lexicon sections found.
// It runs only when TRUCEWATCH_DEBUG_FILE names a report file:
//
//	TRUCEWATCH_DEBUG_FILE=report.txt go test -run DebugFile -v ./internal/extract
func TestDebugFile(t *testing.T) {
	path := os.Getenv("TRUCEWATCH_DEBUG_FILE")
	if path == "" {
		t.Skip("set TRUCEWATCH_DEBUG_FILE to a report file to see how it is read")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := reportfile.Parse(path, raw)
	if err != nil {
		t.Fatal(err)
	}
	x := mustExtractor(t)
	d := x.analyse(r)
	speakers := d.speakers()
	dates := d.sentenceDates()
	kinds := []string{"body", "headline", "caption", "teaser", "background"}
	for si, s := range d.sents {
		sp := speakers[si]
		var places []string
		for _, p := range d.places(s, sp) {
			places = append(places, fmt.Sprintf("%s[%s%s]", p.place.ID, p.mention, map[bool]string{true: " focus-only"}[p.focusOnly]))
		}
		var mentions []string
		for i := s.from; i < s.to; i++ {
			if mi := d.mentionAt[i]; mi >= 0 && (i == s.from || d.mentionAt[i-1] != mi) {
				m := d.mentions[mi]
				mentions = append(mentions, fmt.Sprintf("%s=%s/%s/%s", m.Text, m.Place.ID, m.Kind, m.Role))
			}
		}
		var secs []string
		for k := range d.bySection {
			if !strings.Contains(k, " ") && d.has(k, s) {
				secs = append(secs, k)
			}
		}
		slices.Sort(secs)
		fmt.Printf("#%d p%d %s | %s\n", si, s.paragraph, kinds[s.kind], strings.ReplaceAll(d.text[s.start:s.end], "\n", " "))
		fmt.Printf("    speaker=%s[%s] explicit=%v national=%v date=%s/%s own=%v clock=%s\n", sp.claimant, sp.name, sp.explicit, sp.national,
			dates[si].date, dates[si].precision, dates[si].own, dates[si].clock)
		fmt.Printf("    mentions=%v places=%v\n    sections=%v event=%v\n", mentions, places, secs, d.isEvent(s))
	}
}

// TestDebugText prints the lexicon hits and the stems of one text, given in
// TRUCEWATCH_DEBUG_TEXT (language in TRUCEWATCH_DEBUG_LANG, default en).
func TestDebugText(t *testing.T) {
	text := os.Getenv("TRUCEWATCH_DEBUG_TEXT")
	if text == "" {
		t.Skip("set TRUCEWATCH_DEBUG_TEXT to a sentence to see its lexicon hits")
	}
	language := os.Getenv("TRUCEWATCH_DEBUG_LANG")
	if language == "" {
		language = "en"
	}
	x := mustExtractor(t)
	d := x.analyse(report(t, language, "2025-01-01", text))
	for _, h := range d.hits {
		fmt.Printf("%-20s %q\n", h.section, d.span(h.from, h.to))
	}
	for i, w := range d.ws {
		fmt.Printf("%s/%s ", w.Norm, d.stems[i])
	}
	fmt.Println()
	sp := d.speakers()
	for si, s := range d.sents {
		fmt.Printf("speaker %d: %+v\n", si, sp[si])
		for _, c := range x.Claims(report(t, language, "2025-01-01", d.text[s.start:s.end])) {
			if c.Incident != nil {
				fmt.Printf("  incident %+v\n", *c.Incident)
			}
		}
	}
}
