package incidentindex

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
	"github.com/trucewatch/trucewatch/internal/synth"
)

// TestIndex runs the index's checks against every engine.
func TestIndex(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			for _, tc := range []struct {
				name string
				fn   func(*testing.T, string)
			}{
				{"MatchesSQL", testMatchesSQL},
				{"SeesOtherWriters", testSeesOtherWriters},
				{"Deltas", testDeltas},
				{"Pruned", testPruned},
			} {
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, e.DSN(t)) })
			}
		})
	}
}

// mustOpen opens a store on dsn and closes it at the end.
func mustOpen(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// mustIndex builds an index over s, kept current by s's analyses as
// trucewatch serve keeps it, and closed at the end.
func mustIndex(tb testing.TB, s *store.Store) *Index {
	tb.Helper()
	x, err := New(context.Background(), s, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	s.OnAnalysisStored(x.Refresh)
	tb.Cleanup(x.Close)
	return x
}

// ids reads the ids of incidents' stored JSON.
func ids(tb testing.TB, bodies []json.RawMessage) []string {
	out := make([]string, len(bodies))
	for i, b := range bodies {
		var inc struct{ ID string }
		if err := json.Unmarshal(b, &inc); err != nil {
			tb.Fatal(err)
		}
		out[i] = inc.ID
	}
	return out
}

// compare asks the index and the tables the same random questions and
// wants the same answers: the same ids in the same order, the same points,
// and cells with the same counts and (to rounding) the same positions. It
// returns how many questions selected anything.
func compare(t *testing.T, r *rand.Rand, x *Index, s *store.Store, questions int) int {
	t.Helper()
	ctx := context.Background()
	nonEmpty := 0
	for range questions {
		f := randomFilter(r)
		want, err := s.IncidentsJSON(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got, ok, err := x.indexedIncidentsJSON(ctx, f)
		if err != nil || !ok {
			t.Fatalf("index did not answer %+v: %v", f, err)
		}
		if !slices.Equal(ids(t, got), ids(t, want)) {
			t.Errorf("list %+v (box %+v):\nindex %v\nSQL   %v", f, f.BBox, ids(t, got), ids(t, want))
		}
		if len(want) > 0 {
			nonEmpty++
		}
		n := r.IntN(100)
		wantNewest, err := s.NewestPoints(ctx, f, n)
		if err != nil {
			t.Fatal(err)
		}
		gotNewest, ok, err := x.indexedPoints(ctx, f, n)
		if err != nil || !ok {
			t.Fatalf("index did not answer the newest %d points of %+v: %v", n, f, err)
		}
		if msg := samePoints(gotNewest, wantNewest); msg != "" {
			t.Errorf("newest %d points of %+v: %s", n, f, msg)
		}
		wantCells, err := s.MapCells(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		gotCells, ok, err := x.indexedMapCells(ctx, f)
		if err != nil || !ok {
			t.Fatalf("index did not answer the map cells of %+v: %v", f, err)
		}
		if msg := sameCells(gotCells, wantCells); msg != "" {
			t.Errorf("map cells %+v (box %+v): %s", f, f.BBox, msg)
		}
	}
	return nonEmpty
}

// testMatchesSQL compares an index built whole with the tables.
func testMatchesSQL(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	r := rand.New(rand.NewPCG(5, 5))
	if err := s.ReplaceAnalysis(context.Background(), synth.Incidents(r, 3000), nil); err != nil {
		t.Fatal(err)
	}
	x := mustIndex(t, s)
	if n := compare(t, r, x, s, 300); n < 150 {
		t.Errorf("only %d of 300 filters selected anything: the comparison is too weak", n)
	}
}

// testSeesOtherWriters changes the analysis through a second store, as
// another process would: the indexed reads must show the new incidents at
// once (from the tables), and the index must catch up.
func testSeesOtherWriters(t *testing.T, dsn string) {
	ctx := context.Background()
	reader, writer := mustOpen(t, dsn), mustOpen(t, dsn)
	x := mustIndex(t, reader)
	r := rand.New(rand.NewPCG(6, 6))
	all := trucewatch.IncidentFilter{Limit: 1000}
	count := func() int {
		got, err := x.IncidentsJSON(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		cells, err := x.MapCells(ctx, all)
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
	want := 0
	for i, step := range []func() (int, error){
		func() (int, error) { return 50, writer.ReplaceAnalysis(ctx, synth.Incidents(r, 50), nil) },
		func() (int, error) { return 60, writer.ReplaceAnalysis(ctx, synth.Incidents(r, 60), nil) },
		func() (int, error) {
			return 60 + 7, analyse(t, writer, trucewatch.AnalysisChange{Incidents: synth.Incidents(r, 7)})
		},
	} {
		var err error
		if want, err = step(); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != want {
			t.Fatalf("step %d: after another store's change the reader sees %d incidents, want %d", i, n, want)
		}
		waitForIndex(t, x, writer)
		if _, ok, err := x.indexedIncidentsJSON(ctx, all); err != nil || !ok {
			t.Errorf("step %d: the index that caught up does not answer: %v", i, err)
		}
		if n := count(); n != want {
			t.Errorf("step %d: from the index the reader sees %d incidents, want %d", i, n, want)
		}
	}
}

// waitForIndex waits until x describes the generation s's tables hold.
func waitForIndex(t *testing.T, x *Index, s *store.Store) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		g, err := s.Generation(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if x.Generation() == g {
			return
		}
	}
	t.Fatal("the index did not catch up within 10 s")
}

// analyse stores ch as the analysis of one new report, as the pipeline
// stores a batch.
func analyse(tb testing.TB, s *store.Store, ch trucewatch.AnalysisChange) error {
	tb.Helper()
	ctx := context.Background()
	raw := fmt.Sprintf("Outlet: test\nLanguage: en\n\nreport %d", rand.Uint64())
	rep := trucewatch.Report{ID: trucewatch.ContentID([]byte(raw)), Raw: []byte(raw), Text: raw, Language: "en", Outlet: "test"}
	if _, err := s.AddReports(ctx, []trucewatch.Report{rep}); err != nil {
		return err
	}
	if _, err := s.LeaseReports(ctx, trucewatch.StageStored, "test", 1, time.Minute); err != nil {
		return err
	}
	if _, err := s.SaveExtractions(ctx, "test", []trucewatch.Extraction{{ReportID: rep.ID, Extractor: "test"}}); err != nil {
		return err
	}
	n, err := s.Analyse(ctx, 1, func(b trucewatch.AnalysisBatch) error { return b.Write(ch) })
	if err == nil && n != 1 {
		err = fmt.Errorf("analysed %d reports, want 1", n)
	}
	return err
}

// testDeltas stores random analysis changes (new incidents, removals,
// incidents written again, removed ids written again) and checks after
// each that the index fed by the changes equals one built whole, and both
// equal the tables: in the same process (OnAnalysisStored) and from
// another (CatchUp, as serve does when it hears of a change).
func testDeltas(t *testing.T, dsn string) {
	ctx := context.Background()
	s, other := mustOpen(t, dsn), mustOpen(t, dsn)
	r := rand.New(rand.NewPCG(9, 9))
	if err := s.ReplaceAnalysis(ctx, synth.Incidents(r, 300), nil); err != nil {
		t.Fatal(err)
	}
	here, there := mustIndex(t, s), mustIndex(t, other)
	stored := map[string]trucewatch.Incident{}
	for _, inc := range must(s.Incidents(ctx, trucewatch.IncidentFilter{Limit: 1 << 30})) {
		stored[inc.ID] = inc
	}
	var removed []string
	for step := range 25 {
		var ch trucewatch.AnalysisChange
		for id := range stored {
			if r.IntN(20) == 0 {
				ch.Removed = append(ch.Removed, id)
			}
		}
		written := map[string]bool{}
		for _, inc := range synth.Incidents(r, r.IntN(30)) {
			switch k := r.IntN(4); {
			case k == 0 && len(removed) > 0: // an id removed before, written again
				inc.ID = removed[r.IntN(len(removed))]
			case k == 1 && len(stored) > 0: // an incident written again, changed
				for id := range stored {
					inc.ID = id
					break
				}
			}
			if !written[inc.ID] {
				written[inc.ID] = true
				ch.Incidents = append(ch.Incidents, inc)
			}
		}
		for _, id := range ch.Removed {
			delete(stored, id)
			removed = append(removed, id)
		}
		for _, inc := range ch.Incidents {
			stored[inc.ID] = inc
		}
		g := here.Generation()
		if err := analyse(t, s, ch); err != nil {
			t.Fatal(err)
		}
		if changes, err := s.IncidentChanges(ctx, g); err != nil || changes.Whole {
			t.Fatalf("step %d: the changes since %d are not kept (%v)", step, g, err)
		}
		if err := there.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		whole := mustIndex(t, s)
		for name, x := range map[string]*Index{"in-process": here, "other process": there} {
			if msg := sameSnapshot(x.snap.Load(), whole.snap.Load()); msg != "" {
				t.Fatalf("step %d: the %s index fed by changes differs from one built whole: %s", step, name, msg)
			}
		}
		if got := whole.snap.Load().size(); got != len(stored) {
			t.Fatalf("step %d: the index holds %d incidents, want %d", step, got, len(stored))
		}
		compare(t, r, here, s, 10)
	}
}

// sameSnapshot compares two snapshots' ids, entries (targets and
// accused parties by value) and orders.
func sameSnapshot(got, want *snapshot) string {
	switch {
	case got.generation != want.generation:
		return fmt.Sprintf("generation %d, want %d", got.generation, want.generation)
	case got.idText != want.idText || !slices.Equal(got.idEnd, want.idEnd):
		return "the ids differ"
	case len(got.entries) != len(want.entries):
		return fmt.Sprintf("%d entries, want %d", len(got.entries), len(want.entries))
	case !slices.Equal(got.spans, want.spans):
		return "the cells' spans differ"
	case !slices.Equal(got.newest, want.newest):
		return "the newest-first order differs"
	}
	for i, g := range got.entries {
		w := want.entries[i]
		if got.targets[g.target] != want.targets[w.target] || !slices.Equal(got.accused[g.accused], want.accused[w.accused]) {
			return fmt.Sprintf("entry %d (%s): target or accused differ", i, got.id(g.rank))
		}
		g.target, g.accused, w.target, w.accused = 0, 0, 0, 0
		if g != w {
			return fmt.Sprintf("entry %d: %+v, want %+v", i, g, w)
		}
	}
	return ""
}

// testPruned: an index older than the changes the tables keep is built
// whole again; one that is not catches up.
func testPruned(t *testing.T, dsn string) {
	ctx := context.Background()
	s := mustOpen(t, dsn)
	r := rand.New(rand.NewPCG(10, 10))
	if err := s.ReplaceAnalysis(ctx, synth.Incidents(r, 100), nil); err != nil {
		t.Fatal(err)
	}
	x := mustIndex(t, s)
	old := x.snap.Load()
	// A whole rewrite keeps no changes: every older index reads all.
	if err := s.ReplaceAnalysis(ctx, synth.Incidents(r, 80), nil); err != nil {
		t.Fatal(err)
	}
	ch, err := s.IncidentChanges(ctx, old.generation)
	if err != nil || !ch.Whole || len(ch.Incidents) != 80 {
		t.Fatalf("changes since before a rewrite: whole %v, %d incidents, %v; want whole, 80", ch.Whole, len(ch.Incidents), err)
	}
	g := x.Generation()
	if err := analyse(t, s, trucewatch.AnalysisChange{Incidents: synth.Incidents(r, 3)}); err != nil {
		t.Fatal(err)
	}
	ch, err = s.IncidentChanges(ctx, g)
	if err != nil || ch.Whole || len(ch.Incidents) != 3 || ch.Generation != g+1 {
		t.Fatalf("changes since %d: whole %v, %d incidents, generation %d, %v; want 3 at %d", g, ch.Whole, len(ch.Incidents), ch.Generation, err, g+1)
	}
	if x.Generation() != g+1 || x.snap.Load().size() != 83 {
		t.Errorf("the index is at %d with %d incidents, want %d with 83", x.Generation(), x.snap.Load().size(), g+1)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
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
