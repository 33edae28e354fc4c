package store

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/incidentindex"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// engines returns the engines the conformance suite runs against: SQLite
// always, PostgreSQL when storetest.PostgresEnv is set (required in CI).
func engines(t *testing.T) []storetest.Engine { return storetest.Engines(t) }

// mustOpen opens a store on dsn with a fixed clock and closes it at the end.
func mustOpen(tb testing.TB, dsn string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn, WithClock(func() time.Time {
		return time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	}))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// incidentReader is what the dashboard's list and map read: the store
// itself, or the incident index in front of it.
type incidentReader interface {
	IncidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, error)
	MapCells(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.MapCell, error)
	NewestPoints(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.MapPoint, error)
}

// openIndexed is mustOpen and the reader of the list and the map: the
// store, or, when indexed is set, an incident index over it, kept current
// as trucewatch serve keeps it.
func openIndexed(tb testing.TB, dsn string, indexed bool) (*Store, incidentReader) {
	tb.Helper()
	s := mustOpen(tb, dsn)
	if !indexed {
		return s, s
	}
	x, err := incidentindex.New(context.Background(), s, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatalf("incidentindex.New: %v", err)
	}
	s.OnAnalysisStored(x.Refresh)
	tb.Cleanup(x.Close)
	return s, x
}

// incidentsOf is a page of incidents from r, decoded.
func incidentsOf(ctx context.Context, r incidentReader, f trucewatch.IncidentFilter) ([]trucewatch.Incident, error) {
	bodies, err := r.IncidentsJSON(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]trucewatch.Incident, len(bodies))
	for i, b := range bodies {
		if err := json.Unmarshal(b, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// randomIncidents makes n incidents over 60 days of 2025, some of them on
// grid lines, with three targets and every set of accused parties.
func randomIncidents(r *rand.Rand, n int) []trucewatch.Incident {
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
