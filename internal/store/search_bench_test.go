package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/trucewatch/trucewatch"
)

// BenchmarkTextSearch measures the incident list's text search (q) over
// incidents that each have a report: a word found in the reports' text
// of few incidents (Krankenhaus), of many (Drohnen), and of none, with
// the list's default page of 100.
//
//	go test -run '^$' -bench TextSearch -benchtime 20x ./internal/store
//
// TRUCEWATCH_SEARCH_INCIDENTS (default 20000) scales the record;
// TRUCEWATCH_BENCH_POSTGRES runs the same on PostgreSQL (it replaces the
// analysis stored there: give it a database of its own).
func BenchmarkTextSearch(b *testing.B) {
	n := 20000
	if v := os.Getenv("TRUCEWATCH_SEARCH_INCIDENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	dsns := map[string]string{"sqlite": filepath.Join(b.TempDir(), "search.db")}
	if pg := os.Getenv("TRUCEWATCH_BENCH_POSTGRES"); pg != "" {
		dsns["postgres"] = pg
	}
	for name, dsn := range dsns {
		b.Run(name, func(b *testing.B) {
			s, err := Open(context.Background(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			fillSearch(b, s, n)
			for _, q := range []string{"Krankenhaus", "Drohnen", "Umspannwerk", "Sumy"} {
				b.Run(q, func(b *testing.B) {
					for b.Loop() {
						if _, err := s.IncidentsJSON(context.Background(), trucewatch.IncidentFilter{Text: q}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// fillSearch stores n incidents, each with one German report and claim;
// one in a hundred names a hospital.
func fillSearch(b *testing.B, s *Store, n int) {
	b.Helper()
	ctx := context.Background()
	day := trucewatch.Date{Year: 2025, Month: 3, Day: 19}
	var reports []trucewatch.Report
	var incs []trucewatch.Incident
	for i := range n {
		what := "ein Wohnhaus"
		if i%100 == 0 {
			what = "ein Krankenhaus"
		}
		text := fmt.Sprintf("In der Nacht zum %d. trafen Drohnen %s im Ort Nummer %d; die Verwaltung meldete Schäden an Fenstern und Dächern, Verletzte gab es nach ersten Angaben nicht.", i%28+1, what, i)
		r := newReport(text, "de", "Outlet "+strconv.Itoa(i%50), "2025-03-19")
		reports = append(reports, r)
		place := trucewatch.Place{ID: "syn:" + strconv.Itoa(i), Name: "Place " + strconv.Itoa(i), Country: "UA", Precision: trucewatch.PlaceSettlement, Lat: 48, Lon: 35}
		incs = append(incs, trucewatch.Incident{ID: fmt.Sprintf("inc-%07d", i), From: day, To: day, Target: "residential", Place: place,
			ClaimIDs: []string{r.ID[:12] + "-0"}})
	}
	for i := 0; i < len(reports); i += 1000 {
		if _, err := s.AddReports(ctx, reports[i:min(i+1000, len(reports))]); err != nil {
			b.Fatal(err)
		}
	}
	// The claims in batches, without the ledger's record per report that
	// ReplaceClaims appends: the benchmark measures the search.
	for i := 0; i < len(reports); i += 1000 {
		var ids []string
		var claims []trucewatch.Claim
		for j := i; j < min(i+1000, len(reports)); j++ {
			r := reports[j]
			ids = append(ids, r.ID)
			claims = append(claims, trucewatch.Claim{ID: r.ID[:12] + "-0", ReportID: r.ID, Kind: trucewatch.ClaimIncident, Sentence: trucewatch.Span{Start: 0, End: len(r.Text)},
				Incident: &trucewatch.IncidentClaim{Date: day, DatePrecision: trucewatch.DateDay, Place: incs[j].Place, Target: trucewatch.TargetResidential,
					Perpetrator: trucewatch.PartyRU, Claimant: trucewatch.ClaimantMedia, Weapon: trucewatch.WeaponDrone}})
		}
		if err := s.inTx(ctx, func(tx *sql.Tx) error { _, err := replaceClaims(ctx, tx, ids, claims); return err }); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.ReplaceAnalysis(ctx, incs, nil); err != nil {
		b.Fatal(err)
	}
}
