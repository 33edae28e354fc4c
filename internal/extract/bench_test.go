package extract

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/examples"
	"github.com/trucewatch/trucewatch/internal/parallel"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// benchReports returns the example corpus and the development set: 78
// short reports in four languages.
func benchReports(tb testing.TB) []trucewatch.Report {
	tb.Helper()
	var out []trucewatch.Report
	names, _ := fs.Glob(examples.FS, examples.ReportsDir+"/*.txt")
	for _, n := range names {
		raw, _ := fs.ReadFile(examples.FS, n)
		r, err := reportfile.Parse(n, raw)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, r)
	}
	paths, _ := filepath.Glob("../../testdata/devset/*.txt")
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		r, err := reportfile.Parse(p, raw)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// textSize is the bytes of text of reports.
func textSize(reports []trucewatch.Report) int64 {
	n := 0
	for _, r := range reports {
		n += len(r.Text)
	}
	return int64(n)
}

// BenchmarkClaims measures extraction, geocoding included, on one core:
// MB/s of report text and reports/s.
//
//	go test -run '^$' -bench Claims -cpu 1 ./internal/extract
func BenchmarkClaims(b *testing.B) {
	x := mustExtractor(b)
	reports := benchReports(b)
	b.SetBytes(textSize(reports))
	b.ResetTimer()
	for range b.N {
		for _, r := range reports {
			x.Claims(r)
		}
	}
	b.ReportMetric(float64(len(reports)*b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkClaimsLong measures one long report (the corpus joined), where
// per-report costs vanish.
func BenchmarkClaimsLong(b *testing.B) {
	x := mustExtractor(b)
	reports := benchReports(b)
	long := reports[0]
	long.Text = ""
	for long.Text == "" || len(long.Text) < 2<<20 {
		for _, r := range reports {
			long.Text += r.Text + "\n\n"
		}
	}
	b.SetBytes(int64(len(long.Text)))
	b.ResetTimer()
	for range b.N {
		x.Claims(long)
	}
}

// BenchmarkClaimsParallel measures extraction on every core (GOMAXPROCS
// goroutines, or -cpu N); MB/s is the total over all of them.
func BenchmarkClaimsParallel(b *testing.B) {
	x := mustExtractor(b)
	reports := benchReports(b)
	b.SetBytes(textSize(reports))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, r := range reports {
				x.Claims(r)
			}
		}
	})
}

// TestClaimsConcurrent extracts every report on every core at once and
// checks that the result is what one goroutine finds: the caches shared
// between reports must not mix them up. Run it with -race.
func TestClaimsConcurrent(t *testing.T) {
	reports := benchReports(t)
	// Three rounds on a fresh extractor, so that the same report is
	// extracted by several goroutines while the caches are still filling.
	again := append(append(append([]trucewatch.Report{}, reports...), reports...), reports...)
	got := parallel.Map(8, again, mustExtractor(t).Claims)
	x := mustExtractor(t)
	want := make([][]trucewatch.Claim, len(reports))
	for i, r := range reports {
		want[i] = x.Claims(r)
	}
	for i, g := range got {
		if !reflect.DeepEqual(g, want[i%len(reports)]) {
			t.Errorf("%s: concurrent extraction differs from sequential", again[i].ID)
		}
	}
}
