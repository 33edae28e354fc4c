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
		for k := range d.sections[si] {
			if !strings.Contains(k, " ") {
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
