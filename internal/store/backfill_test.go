package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// TestBackfillLedger, on each engine: reports stored by a store without
// the ledger have no records and VerifyRecords names them; BackfillLedger
// appends one each, after which the table check and the audit pass, and
// a second backfill appends nothing.
func TestBackfillLedger(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.DSN(t)
			old, err := store.Open(ctx, dsn, store.WithoutLedger())
			if err != nil {
				t.Fatal(err)
			}
			var reports []trucewatch.Report
			for i := range 300 { // more than one statement of rows
				text := "Outlet: Test Wire\n\nReport number " + strings.Repeat("i", i) + " of ours."
				reports = append(reports, trucewatch.Report{ID: trucewatch.ContentID([]byte(text)), Raw: []byte(text), Text: text, Outlet: "Test Wire"})
			}
			if _, err := old.AddReports(ctx, reports); err != nil {
				t.Fatal(err)
			}
			old.Close()
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ms, err := s.VerifyRecords(ctx)
			if err != nil || len(ms) != 300 || ms[0].Table != "reports" || !strings.Contains(ms[0].What, "has no record") {
				t.Fatalf("before backfill: %d mismatches %v, %v; want the 300 reports without records", len(ms), ms[:min(1, len(ms))], err)
			}
			if n, err := s.BackfillLedger(ctx); n != 300 || err != nil {
				t.Fatalf("BackfillLedger = %d, %v; want 300", n, err)
			}
			if ms, err := s.VerifyRecords(ctx); len(ms) != 0 || err != nil {
				t.Errorf("after backfill: %v, %v", ms, err)
			}
			if _, problems, err := s.Ledger().Audit(ctx); len(problems) != 0 || err != nil {
				t.Errorf("audit after backfill: %v, %v", problems, err)
			}
			if idx, rec, err := s.Ledger().Latest(ctx, ledger.KindReport, reports[7].ID); err != nil || rec.Key != reports[7].ID || idx < 0 {
				t.Errorf("Latest(report %s) = %d %+v, %v", reports[7].ID, idx, rec, err)
			}
			if n, err := s.BackfillLedger(ctx); n != 0 || err != nil {
				t.Errorf("second BackfillLedger = %d, %v; want 0", n, err)
			}
		})
	}
}
