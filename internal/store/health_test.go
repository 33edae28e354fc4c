package store

import (
	"context"
	"strings"
	"testing"
)

// TestReady: an open store is ready; one whose migrations are behind the
// binary's, or whose database is gone, is not, and says why.
func TestReady(t *testing.T) {
	ctx := context.Background()
	for _, e := range engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := mustOpen(t, e.DSN(t))
			if err := s.Ready(ctx); err != nil {
				t.Fatalf("a store just opened: %v", err)
			}
			latest, err := latestMigration(s.engine)
			if err != nil || latest < 15 {
				t.Fatalf("latest migration %d, %v", latest, err)
			}
			if _, err := s.db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = $1`, latest); err != nil {
				t.Fatal(err)
			}
			if err := s.Ready(ctx); err == nil || !strings.Contains(err.Error(), "needs") {
				t.Errorf("a migration missing: %v", err)
			}
			s.Close()
			if err := s.Ready(ctx); err == nil || !strings.Contains(err.Error(), "database") {
				t.Errorf("a closed store: %v", err)
			}
		})
	}
}
