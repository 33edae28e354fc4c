package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/trucewatch/trucewatch"
)

// Incidents makes n random incidents, for tests of what stores and
// indexes them: over 60 days of 2025, some of them on grid lines, with
// three targets and every set of accused parties, each with one claim "c".
func Incidents(r *rand.Rand, n int) []trucewatch.Incident {
	targets := []trucewatch.Target{"energy", "medical", "residential"}
	accused := [][]trucewatch.Party{nil, {"RU"}, {"UA"}, {"RU", "UA"}, {"unknown"}}
	grid := []float64{47, 47.5, 48, 36.5, 37}
	first := trucewatch.Date{Year: 2025, Month: 3, Day: 1}
	out := make([]trucewatch.Incident, n)
	for i := range out {
		lat, lon := 46+r.Float64()*4, 35+r.Float64()*4
		if r.IntN(10) == 0 {
			lat, lon = grid[r.IntN(3)], grid[3+r.IntN(2)]
		}
		day := first.AddDays(r.IntN(60))
		out[i] = trucewatch.Incident{ID: fmt.Sprintf("inc-%06x", r.IntN(1<<24)), From: day, To: day,
			Place:  trucewatch.Place{ID: "p", Name: "P", Country: "UA", Precision: "settlement", Lat: lat, Lon: lon},
			Target: targets[r.IntN(len(targets))], ClaimIDs: []string{"c"}, Accused: accused[r.IntN(len(accused))]}
	}
	// Ids must be unique; a clash of the random ones is rare but possible.
	seen := map[string]bool{}
	return slices.DeleteFunc(out, func(inc trucewatch.Incident) bool {
		dup := seen[inc.ID]
		seen[inc.ID] = true
		return dup
	})
}
