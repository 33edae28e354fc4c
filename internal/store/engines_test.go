package store

import (
	"context"
	"testing"
	"time"

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

// openIndexed is mustOpen with the incident index when indexed is set.
func openIndexed(tb testing.TB, dsn string, indexed bool) *Store {
	tb.Helper()
	s := mustOpen(tb, dsn)
	if indexed {
		if err := s.UseIncidentIndex(context.Background()); err != nil {
			tb.Fatalf("UseIncidentIndex: %v", err)
		}
	}
	return s
}
