package incidentindex

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
)

// benchIncidents makes n incidents over 219 days along a front line of
// 6.5° × 4° (about as many per day and square degree at 200,000 as
// BenchmarkLoad's million in internal/web).
func benchIncidents(r *rand.Rand, n int) []trucewatch.Incident {
	first := trucewatch.Date{Year: 2024, Month: 1, Day: 1}
	incs := make([]trucewatch.Incident, n)
	for i := range incs {
		day := first.AddDays(r.IntN(219))
		incs[i] = trucewatch.Incident{ID: fmt.Sprintf("inc-%012x", r.Uint64()>>16), From: day, To: day,
			Place:  trucewatch.Place{ID: "p", Name: "P", Country: "UA", Precision: "settlement", Lat: 46.5 + r.Float64()*4, Lon: 32 + r.Float64()*6.5},
			Target: "energy", ClaimIDs: []string{"c1", "c2"}, Accused: []trucewatch.Party{"RU"}}
	}
	return incs
}

func summaries(incs []trucewatch.Incident) []trucewatch.IncidentSummary {
	out := make([]trucewatch.IncidentSummary, len(incs))
	for i, inc := range incs {
		out[i] = trucewatch.IncidentSummary{ID: inc.ID, Day: inc.From, Lat: inc.Place.Lat, Lon: inc.Place.Lon, Target: inc.Target, Accused: inc.Accused}
	}
	return out
}

// BenchmarkIndex stores 200,000 incidents in SQLite, then measures
// building the index, its size, and the load benchmark's two questions
// answered through it: a page of the list and the map's cells for a
// 2° × 1.5° box and a 30-day window.
//
//	go test -run '^$' -bench Index -benchmem ./internal/incidentindex
func BenchmarkIndex(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, b.TempDir()+"/index.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n, days = 200_000, 219
	r := rand.New(rand.NewPCG(7, 7))
	if err := s.ReplaceAnalysis(ctx, benchIncidents(r, n), nil); err != nil {
		b.Fatal(err)
	}
	first := trucewatch.Date{Year: 2024, Month: 1, Day: 1}
	filter := func() trucewatch.IncidentFilter {
		lat, lon := 46.5+r.Float64()*4, 32+r.Float64()*6.5
		from := first.AddDays(r.IntN(days - 30))
		return trucewatch.IncidentFilter{From: from, To: from.AddDays(29),
			BBox: &trucewatch.BBox{MinLon: lon - 1, MinLat: lat - 0.75, MaxLon: lon + 1, MaxLat: lat + 0.75}}
	}
	b.Run("build", func(b *testing.B) {
		var before, after runtime.MemStats
		var x *snapshot
		for b.Loop() {
			x = nil
			runtime.GC()
			runtime.ReadMemStats(&before)
			ch, err := s.IncidentChanges(ctx, -1)
			if err != nil {
				b.Fatal(err)
			}
			if x, err = x.apply(ch); err != nil {
				b.Fatal(err)
			}
			ch = trucewatch.IncidentChanges{}
			runtime.GC()
			runtime.ReadMemStats(&after)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(x.size()), "heap-B/incident")
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(x.size())*1000, "ns/incident")
	})
	x, err := New(ctx, s, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	for _, q := range []string{"list", "map"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				var ok bool
				var err error
				if q == "list" {
					f := filter()
					f.Limit = 100
					_, ok, err = x.indexedIncidentsJSON(ctx, f)
				} else {
					_, ok, err = x.indexedMapCells(ctx, filter())
				}
				if err != nil || !ok {
					b.Fatalf("the index did not answer: %v", err)
				}
			}
		})
	}
}

// BenchmarkCatchUp measures catching up after a batch that removes 50
// incidents and writes 50 (100 changed incidents):
//
//   - merge: merging the change into a snapshot of 1,000,000 incidents, in
//     memory (snapshot.apply);
//
//   - sqlite: the whole catch-up on a SQLite record of 1,000,000
//     incidents: reading the change (IncidentChanges) and merging it
//     (storing the record takes a minute or two before it starts).
//
//     go test -run '^$' -bench CatchUp -benchmem ./internal/incidentindex
func BenchmarkCatchUp(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 11))
	change := func(x *snapshot) trucewatch.IncidentChanges {
		ch := trucewatch.IncidentChanges{Since: x.generation, Generation: x.generation + 1,
			Incidents: summaries(benchIncidents(r, 50))}
		for range 50 {
			ch.Removed = append(ch.Removed, x.id(int32(r.IntN(x.size()))))
		}
		return ch
	}
	b.Run("merge", func(b *testing.B) {
		x, err := (*snapshot)(nil).apply(trucewatch.IncidentChanges{Whole: true, Incidents: summaries(benchIncidents(r, 1_000_000))})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		for b.Loop() {
			b.StopTimer()
			ch := change(x)
			b.StartTimer()
			if x, err = x.apply(ch); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(x.size()), "incidents")
	})
	b.Run("sqlite", func(b *testing.B) {
		ctx := context.Background()
		s, err := store.Open(ctx, b.TempDir()+"/catchup.db")
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if err := s.ReplaceAnalysis(ctx, benchIncidents(r, 1_000_000), nil); err != nil {
			b.Fatal(err)
		}
		x, err := New(ctx, s, slog.New(slog.DiscardHandler))
		if err != nil {
			b.Fatal(err)
		}
		defer x.Close()
		for b.Loop() {
			b.StopTimer()
			ch := change(x.snap.Load())
			if err := analyse(b, s, trucewatch.AnalysisChange{Removed: ch.Removed, Incidents: benchIncidents(r, 50)}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if err := x.CatchUp(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(x.snap.Load().size()), "incidents")
	})
}
