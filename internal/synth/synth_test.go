package synth

import (
	"bytes"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/internal/extract"
)

// TestReports: the same seed writes the same reports; every report parses,
// and the extractor finds strikes in nearly all of them, in every language.
func TestReports(t *testing.T) {
	day := time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)
	a, b := New(7, day), New(7, day)
	for range 50 {
		if !bytes.Equal(a.Next(), b.Next()) {
			t.Fatal("the same seed wrote different reports")
		}
	}
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	gen := New(1, day)
	with, total := map[string]int{}, map[string]int{}
	for range 400 {
		r := gen.Report()
		total[r.Language]++
		for _, c := range x.Claims(r) {
			if c.Incident != nil && !c.Incident.Date.IsZero() {
				with[r.Language]++
				break
			}
		}
	}
	for _, l := range []string{"de", "en", "uk", "ru"} {
		if total[l] == 0 || float64(with[l]) < 0.9*float64(total[l]) {
			t.Errorf("%s: %d of %d reports give an incident", l, with[l], total[l])
		}
	}
}
