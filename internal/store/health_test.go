package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
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

// TestOpenBesideWriter: opening a SQLite store that is up to date takes no
// write lock, so it opens while another process holds one (a long ingest
// batch) instead of waiting for it, once a migration, or failing busy.
func TestOpenBesideWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tw.db")
	writer := mustOpen(t, path)
	tx, err := writer.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM reports`); err != nil {
		t.Fatal(err)
	}
	reader, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open beside a writer: %v", err)
	}
	defer reader.Close()
	if _, err := reader.CountReports(ctx, trucewatch.ReportFilter{}); err != nil {
		t.Errorf("count beside a writer: %v", err)
	}
}
