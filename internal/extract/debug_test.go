package extract

import (
	"fmt"
	"os"
	"testing"

	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// TestDebugFile prints what the extractor sees in the report named by
// TRUCEWATCH_DEBUG_FILE, sentence by sentence; it does nothing otherwise.
func TestDebugFile(t *testing.T) {
	path := os.Getenv("TRUCEWATCH_DEBUG_FILE")
	if path == "" {
		t.Skip("set TRUCEWATCH_DEBUG_FILE to a report file to trace it")
	}
	r, err := reportfile.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := geo.Default()
	x, _ := New(g)
	d := x.analyse(r)
	for _, s := range d.sents {
		fmt.Printf("--- %q\n", d.text[s.start:s.end])
		for i := s.from; i < s.to; i++ {
			for _, hi := range d.byWord[i] {
				h := d.hits[hi]
				fmt.Printf("    %-16s %q\n", h.section, d.text[d.ws[h.from].Start:d.ws[h.to-1].End])
			}
			if mi := d.mentionAt[i]; mi >= 0 && (i == s.from || d.mentionAt[i-1] != mi) {
				m := d.mentions[mi]
				fmt.Printf("    PLACE            %q %s %s location=%v\n", m.Text, m.Place.ID, m.Place.Name, d.placeIsLocation(i))
			}
		}
	}
}
