package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/synth"
)

// BenchmarkAddReportsLedger stores generated reports a thousand a
// transaction, as ingest does, into SQLite with and without the ledger
// (WithoutLedger): the difference is what the ledger adds to storing.
//
//	go test ./internal/store -run '^$' -bench AddReportsLedger -count 5
func BenchmarkAddReportsLedger(b *testing.B) {
	g := synth.New(1, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
	reports := make([]trucewatch.Report, 10000)
	for i := range reports {
		reports[i] = g.Report()
	}
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("ledger=%v", on), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				var opts []Option
				if !on {
					opts = append(opts, WithoutLedger())
				}
				s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("r%d.db", i)), opts...)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for j := 0; j < len(reports); j += 1000 {
					if _, err := s.AddReports(ctx, reports[j:j+1000]); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(reports)), "µs/report")
		})
	}
}
