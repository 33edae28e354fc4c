package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

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

// randomFilter is a filter the index answers: any mix of a window, a box
// (small, or too large for the cell grid), a target and a party.
func randomFilter(r *rand.Rand) trucewatch.IncidentFilter {
	var f trucewatch.IncidentFilter
	first := trucewatch.Date{Year: 2025, Month: 3, Day: 1}
	if r.IntN(3) > 0 {
		f.From = first.AddDays(r.IntN(70) - 5)
		f.To = f.From.AddDays(r.IntN(40))
		if r.IntN(20) == 0 {
			f.From, f.To = f.To.AddDays(1), f.From // a window that ends before it starts
		}
	} else if r.IntN(2) == 0 {
		f.To = first.AddDays(r.IntN(60))
	}
	switch r.IntN(4) {
	case 0:
	case 1: // larger than maxCells
		f.BBox = &trucewatch.BBox{MinLon: 34, MinLat: 45, MaxLon: 38 + r.Float64()*2, MaxLat: 49 + r.Float64()}
	default:
		lat, lon := 46+r.Float64()*4, 35+r.Float64()*4
		if r.IntN(4) == 0 {
			lat, lon = 47.5, 36.5 // on grid lines
		}
		f.BBox = &trucewatch.BBox{MinLon: lon, MinLat: lat, MaxLon: lon + r.Float64()*1.5, MaxLat: lat + r.Float64()*1.2}
	}
	if r.IntN(3) == 0 {
		f.Target = []trucewatch.Target{"energy", "medical", "rail"}[r.IntN(3)] // no incident has rail
	}
	if r.IntN(3) == 0 {
		f.Party = []trucewatch.Party{"RU", "UA", "unknown", "PL"}[r.IntN(4)]
	}
	f.Limit = 1 + r.IntN(200)
	if r.IntN(3) == 0 {
		f.Offset = r.IntN(300)
	}
	return f
}

// testIndexMatchesSQL asks the index and SQL the same random questions,
// on two stores of one database, and wants the same answers: the same ids
// in the same order, the same points, and clusters with the same counts
// and (to rounding) the same positions.
func testIndexMatchesSQL(t *testing.T, dsn string) {
	ctx := context.Background()
	plain := mustOpen(t, dsn)
	indexed := openIndexed(t, dsn, true)
	r := rand.New(rand.NewPCG(5, 5))
	if err := indexed.ReplaceAnalysis(ctx, randomIncidents(r, 3000), nil); err != nil {
		t.Fatal(err)
	}
	ids := func(bodies []json.RawMessage) []string {
		out := make([]string, len(bodies))
		for i, b := range bodies {
			var inc struct{ ID string }
			if err := json.Unmarshal(b, &inc); err != nil {
				t.Fatal(err)
			}
			out[i] = inc.ID
		}
		return out
	}
	nonEmpty := 0
	for range 300 {
		f := randomFilter(r)
		want, err := plain.IncidentsJSON(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got, ok, err := indexed.indexedIncidentsJSON(ctx, f)
		if err != nil || !ok {
			t.Fatalf("index did not answer %+v: %v", f, err)
		}
		if !slices.Equal(ids(got), ids(want)) {
			t.Errorf("list %+v (box %+v):\nindex %v\nSQL   %v", f, f.BBox, ids(got), ids(want))
		}
		if len(want) > 0 {
			nonEmpty++
		}
		n := 1 + r.IntN(100)
		wantNewest, err := plain.NewestPoints(ctx, f, n)
		if err != nil {
			t.Fatal(err)
		}
		x, q, ok := indexed.indexFor(f)
		if !ok {
			t.Fatalf("index does not take %+v", f)
		}
		gotNewest, ok, err := indexed.indexedPoints(ctx, x, &q, n)
		if err != nil || !ok {
			t.Fatalf("index did not answer the newest %d points of %+v: %v", n, f, err)
		}
		if msg := samePoints(gotNewest, wantNewest); msg != "" {
			t.Errorf("newest %d points of %+v: %s", n, f, msg)
		}
		wantCells, err := plain.MapCells(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		gotCells, ok, err := indexed.indexedMapCells(ctx, f)
		if err != nil || !ok {
			t.Fatalf("index did not answer the map cells of %+v: %v", f, err)
		}
		if msg := sameCells(gotCells, wantCells); msg != "" {
			t.Errorf("map cells %+v (box %+v): %s", f, f.BBox, msg)
		}
	}
	if nonEmpty < 150 {
		t.Errorf("only %d of 300 filters selected anything: the comparison is too weak", nonEmpty)
	}
}

// samePoints compares map points field by field.
func samePoints(got, want []trucewatch.MapPoint) string {
	if len(got) != len(want) {
		return fmt.Sprintf("index has %d points, SQL %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Day != w.Day || g.Lat != w.Lat || g.Lon != w.Lon || g.Target != w.Target ||
			!slices.Equal(g.Accused, w.Accused) || g.Place != w.Place || g.Claims != w.Claims || g.Precision != w.Precision {
			return fmt.Sprintf("point %d: index %+v, SQL %+v", i, g, w)
		}
	}
	return ""
}

// sameCells compares map cells in the grid's order, their positions to
// rounding.
func sameCells(got, want []trucewatch.MapCell) string {
	if len(got) != len(want) {
		return fmt.Sprintf("index has %d cells, SQL %d", len(got), len(want))
	}
	byCell := func(a, b trucewatch.MapCell) int {
		return cmp.Compare(trucewatch.CellOf(a.Lat, a.Lon), trucewatch.CellOf(b.Lat, b.Lon))
	}
	got, want = slices.SortedFunc(slices.Values(got), byCell), slices.SortedFunc(slices.Values(want), byCell)
	for i := range got {
		g, w := got[i], want[i]
		if g.Count != w.Count || math.Abs(g.Lat-w.Lat) > 1e-9 || math.Abs(g.Lon-w.Lon) > 1e-9 {
			return fmt.Sprintf("cell %d: index %+v, SQL %+v", i, g, w)
		}
	}
	return ""
}

// testIndexSeesOtherWriters rewrites the analysis through a second store,
// as another process would: the indexed store's next reads must show the
// new incidents at once (from SQL), and its index must catch up.
func testIndexSeesOtherWriters(t *testing.T, dsn string) {
	ctx := context.Background()
	reader := openIndexed(t, dsn, true)
	writer := mustOpen(t, dsn)
	r := rand.New(rand.NewPCG(6, 6))
	before, after := randomIncidents(r, 50), randomIncidents(r, 60)
	if err := writer.ReplaceAnalysis(ctx, before, nil); err != nil {
		t.Fatal(err)
	}
	all := trucewatch.IncidentFilter{Limit: 1000}
	count := func() int {
		got, err := reader.Incidents(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		cells, err := reader.MapCells(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range cells {
			total += c.Count
		}
		if total != len(got) {
			t.Errorf("list has %d incidents, map cells %d", len(got), total)
		}
		return len(got)
	}
	if n := count(); n != len(before) {
		t.Fatalf("reader sees %d incidents, want %d", n, len(before))
	}
	waitForIndex(t, reader)
	if err := writer.ReplaceAnalysis(ctx, after, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != len(after) {
		t.Fatalf("after another store's rewrite the reader sees %d incidents, want %d", n, len(after))
	}
	waitForIndex(t, reader)
	if _, ok, err := reader.indexedIncidentsJSON(ctx, all); err != nil || !ok {
		t.Errorf("the rebuilt index does not answer: %v", err)
	}
	if n := count(); n != len(after) {
		t.Errorf("from the rebuilt index the reader sees %d incidents, want %d", n, len(after))
	}
}

// waitForIndex waits until the store's index describes the tables.
func waitForIndex(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		g, err := s.generation(ctx, s.db)
		if err != nil {
			t.Fatal(err)
		}
		if x := s.index.Load(); x != nil && x.generation == g {
			return
		}
	}
	t.Fatal("the index was not rebuilt within 10 s")
}

// BenchmarkIndex stores 200,000 incidents in SQLite (about as many per
// day and square degree as BenchmarkLoad's million along the front line),
// then measures building the index, its size, and the load benchmark's
// two questions answered through it: a page of the list and the map layer
// for a 2° × 1.5° box and a 30-day window.
//
//	go test -run '^$' -bench Index -benchmem ./internal/store
func BenchmarkIndex(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/index.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n, days = 200_000, 219
	first := trucewatch.Date{Year: 2024, Month: 1, Day: 1}
	r := rand.New(rand.NewPCG(7, 7))
	incs := make([]trucewatch.Incident, n)
	for i := range incs {
		day := first.AddDays(r.IntN(days))
		incs[i] = trucewatch.Incident{ID: fmt.Sprintf("inc-%012x", r.Uint64()>>16), From: day, To: day,
			Place:  trucewatch.Place{ID: "p", Name: "P", Country: "UA", Precision: "settlement", Lat: 46.5 + r.Float64()*4, Lon: 32 + r.Float64()*6.5},
			Target: "energy", ClaimIDs: []string{"c1", "c2"}, Accused: []trucewatch.Party{"RU"}}
	}
	if err := s.ReplaceAnalysis(ctx, incs, nil); err != nil {
		b.Fatal(err)
	}
	incs = nil
	filter := func() trucewatch.IncidentFilter {
		lat, lon := 46.5+r.Float64()*4, 32+r.Float64()*6.5
		from := first.AddDays(r.IntN(days - 30))
		return trucewatch.IncidentFilter{From: from, To: from.AddDays(29), BBox: &trucewatch.BBox{MinLon: lon - 1, MinLat: lat - 0.75, MaxLon: lon + 1, MaxLat: lat + 0.75}}
	}
	b.Run("build", func(b *testing.B) {
		var before, after runtime.MemStats
		var x *incidentIndex
		for b.Loop() {
			x = nil
			runtime.GC()
			runtime.ReadMemStats(&before)
			if x, err = s.buildIndex(ctx); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(x.entries)), "heap-B/incident")
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(x.entries))*1000, "ns/incident")
	})
	if err := s.refreshIndex(ctx); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"list", "map"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				var ok bool
				var err error
				if q == "list" {
					f := filter()
					f.Limit = 100
					_, ok, err = s.indexedIncidentsJSON(ctx, f)
				} else {
					_, ok, err = s.indexedMapCells(ctx, filter())
				}
				if err != nil || !ok {
					b.Fatalf("the index did not answer: %v", err)
				}
			}
		})
	}
}
