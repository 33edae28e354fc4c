package store

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/incidentindex"
	"github.com/trucewatch/trucewatch/internal/ledger"
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

// TestLedger: the store opens the ledger over its tables; an append in a
// transaction of the store's is in the tree.
func TestLedger(t *testing.T) {
	ctx := context.Background()
	for _, e := range engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := mustOpen(t, e.DSN(t))
			recs := []ledger.Record{{Kind: ledger.KindReport, Key: "r-1"}, {Kind: ledger.KindDecision, Key: "1"}}
			for want := int64(0); want < 4; want += 2 {
				first, err := s.AppendLedger(ctx, recs...)
				if err != nil || first != want {
					t.Fatalf("AppendLedger = %d, %v; want %d", first, err, want)
				}
			}
			tree, problems, err := s.Ledger().Audit(ctx)
			if err != nil || len(problems) > 0 || tree.N != 4 {
				t.Errorf("Audit = %v, %v, %v; want 4 records, no problems", tree, problems, err)
			}
		})
	}
}
