// Package incidentindex is a read model of the stored incidents: what the
// dashboard's two busiest reads, the incident list and the map, filter on,
// held in memory in compact sorted arrays (about 56 bytes an incident). A
// bounding box and a date window then cost a few binary searches and a
// walk over the matching entries instead of a walk over an index in the
// database: about 1.3 ms of SQLite's time per query over a million
// incidents before, 45 µs for the map's cells with the index, and 0.5 ms
// for a list page, most of it reading the page's 100 rows, which are the
// only rows read from the database (BenchmarkIndex; BenchmarkLoad in
// internal/web measures the whole server).
//
// The tables stay the record: the index is derived from them and knows
// which generation of the analysis it describes (trucewatch.IncidentChanges).
// Every read it answers checks that generation in the same statement that
// fetches the rows, so a change by this or any other process is never
// hidden: the read goes to the tables, and the index catches up in the
// background. It catches up by reading only what changed since its
// generation, and merging that into a new snapshot (snapshot.apply);
// readers keep the snapshot they started with.
//
// A writer that changes the incidents without counting the generation up
// (an older trucewatch, or SQL by hand) reaches the index only when ids it
// returns are missing (the index is then built whole), or at the next
// change that is counted.
package incidentindex

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trucewatch/trucewatch"
)

// Tables is what the index reads: the stored incidents.
type Tables interface {
	// IncidentChanges reads what changed after generation since (below 0:
	// everything), in one snapshot of the tables.
	IncidentChanges(ctx context.Context, since int64) (trucewatch.IncidentChanges, error)
	// Generation reads the generation the tables hold.
	Generation(ctx context.Context) (int64, error)
	// IncidentsJSONAt and MapPointsAt read incidents by id, in the order
	// given, and report false when the tables hold another generation.
	IncidentsJSONAt(ctx context.Context, generation int64, ids []string) ([]json.RawMessage, bool, error)
	MapPointsAt(ctx context.Context, generation int64, ids []string) ([]trucewatch.MapPoint, bool, error)
	// The same reads as the index's own, from the tables: the answer when
	// the index cannot give it.
	IncidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, error)
	MapCells(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.MapCell, error)
	NewestPoints(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.MapPoint, error)
}

// Index answers the incident list and the map from memory, and from its
// tables when it cannot.
type Index struct {
	tables Tables
	log    *slog.Logger
	snap   atomic.Pointer[snapshot]

	mu      sync.Mutex // held while catching up
	failed  time.Time  // when catching up in the background last failed; under mu
	closing context.Context
	close   context.CancelFunc
}

// New builds the index from tables. Building reads every incident (a
// million: 3 to 4.5 s); a server builds it once it has brought the
// analysis up to date, and a command that runs once reads the tables
// directly.
func New(ctx context.Context, tables Tables, log *slog.Logger) (*Index, error) {
	x := &Index{tables: tables, log: log}
	x.closing, x.close = context.WithCancel(context.Background())
	if err := x.CatchUp(ctx); err != nil {
		x.close()
		return nil, err
	}
	return x, nil
}

// Close stops catching up, waiting for a catch-up under way.
func (x *Index) Close() {
	x.close()
	x.mu.Lock()
	defer x.mu.Unlock()
}

// Generation is the generation of the analysis the index describes.
func (x *Index) Generation() int64 {
	if s := x.snap.Load(); s != nil {
		return s.generation
	}
	return -1
}

// CatchUp brings the index up to the tables' generation, reading what
// changed since its own. One catch-up runs at a time.
func (x *Index) CatchUp(ctx context.Context) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.catchUp(ctx)
}

// catchUp is CatchUp with mu held.
func (x *Index) catchUp(ctx context.Context) error {
	s := x.snap.Load()
	since := int64(-1)
	if s != nil {
		since = s.generation
		if s.stale.Load() {
			// A read found the tables at this generation with ids
			// missing: a writer that does not count generations. Only
			// reading everything can tell what it changed.
			if g, err := x.tables.Generation(ctx); err == nil && g == since {
				since = -1
			}
		}
	}
	ch, err := x.tables.IncidentChanges(ctx, since)
	if err != nil {
		return fmt.Errorf("incident index: %w", err)
	}
	if s != nil && since >= 0 && ch.Generation == s.generation {
		return nil
	}
	y, err := s.apply(ch)
	if err != nil {
		return fmt.Errorf("incident index: %w", err)
	}
	x.snap.Store(y)
	return nil
}

// Refresh catches up now, under the index's own context, so that a caller
// that stored an analysis or heard of one is not held up by it failing;
// a failure is logged, and reads go to the tables until a later read
// catches up.
func (x *Index) Refresh() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.catchUp(x.closing); err != nil && x.closing.Err() == nil {
		x.log.Warn("incident index behind: reads go to the tables until it catches up", "err", err)
		x.failed = time.Now()
	}
}

// behind starts catching up in the background, unless a catch-up is under
// way or the last one failed just now: reads meanwhile go to the tables.
func (x *Index) behind() {
	if !x.mu.TryLock() {
		return
	}
	if time.Since(x.failed) < 10*time.Second || x.closing.Err() != nil {
		x.mu.Unlock()
		return
	}
	go func() {
		defer x.mu.Unlock()
		if err := x.catchUp(x.closing); err != nil {
			if x.closing.Err() == nil {
				x.log.Warn("incident index behind: reads go to the tables, and the next try is in 10 s", "err", err)
			}
			x.failed = time.Now()
		}
	}()
}

// outdated marks s as describing another generation than the tables'.
func (x *Index) outdated(s *snapshot) {
	s.stale.Store(true)
	x.behind()
}

// snapshotFor returns the current snapshot and f as its query, or false
// when there is none that is current or it cannot answer f.
func (x *Index) snapshotFor(f trucewatch.IncidentFilter) (*snapshot, indexQuery, bool) {
	s := x.snap.Load()
	if s == nil || s.stale.Load() {
		x.behind()
		return nil, indexQuery{}, false
	}
	q, ok := s.query(f)
	return s, q, ok
}

// IncidentsJSON lists the incidents f selects, newest first, as their
// stored JSON: from the index when it can, else from the tables.
func (x *Index) IncidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	if page, ok, err := x.indexedIncidentsJSON(ctx, f); ok || err != nil {
		return page, err
	}
	return x.tables.IncidentsJSON(ctx, f)
}

func (x *Index) indexedIncidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, bool, error) {
	s, q, ok := x.snapshotFor(f)
	if !ok {
		return nil, false, nil
	}
	var ids []string
	skip := f.Offset
	s.newestFirst(&q, func(e *indexEntry) bool {
		if skip > 0 {
			skip--
			return true
		}
		ids = append(ids, s.id(e.rank))
		return len(ids) < f.Limit
	})
	out, ok, err := x.tables.IncidentsJSONAt(ctx, s.generation, ids)
	if err != nil || !ok {
		if err == nil {
			x.outdated(s)
		}
		return nil, false, err
	}
	return out, true, nil
}

// MapCells counts the incidents f selects per cell of the map's grid,
// with their mean position: from the index when it can, else from the
// tables.
func (x *Index) MapCells(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.MapCell, error) {
	if cells, ok, err := x.indexedMapCells(ctx, f); ok || err != nil {
		return cells, err
	}
	return x.tables.MapCells(ctx, f)
}

func (x *Index) indexedMapCells(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.MapCell, bool, error) {
	s, q, ok := x.snapshotFor(f)
	if !ok {
		return nil, false, nil
	}
	var cells []trucewatch.MapCell
	at := map[int32]int{}
	last, lastAt := int32(-1), -1
	s.each(&q, func(e *indexEntry) {
		if e.cell != last {
			k, seen := at[e.cell]
			if !seen {
				k = len(cells)
				at[e.cell] = k
				cells = append(cells, trucewatch.MapCell{})
			}
			last, lastAt = e.cell, k
		}
		c := &cells[lastAt]
		c.Count++
		c.Lat += e.lat
		c.Lon += e.lon
	})
	// Nothing was read from the tables: ask whether s still describes them.
	g, err := x.tables.Generation(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("map cells: %w", err)
	}
	if g != s.generation {
		x.outdated(s)
		return nil, false, nil
	}
	for i := range cells {
		c := &cells[i]
		c.Lat /= float64(c.Count)
		c.Lon /= float64(c.Count)
	}
	return cells, true, nil
}

// NewestPoints returns the newest n incidents f selects as map points,
// newest first, or all of them when n is 0: from the index when it can,
// else from the tables.
func (x *Index) NewestPoints(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.MapPoint, error) {
	if points, ok, err := x.indexedPoints(ctx, f, n); ok || err != nil {
		return points, err
	}
	return x.tables.NewestPoints(ctx, f, n)
}

func (x *Index) indexedPoints(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.MapPoint, bool, error) {
	s, q, ok := x.snapshotFor(f)
	if !ok {
		return nil, false, nil
	}
	var ids []string
	s.newestFirst(&q, func(e *indexEntry) bool {
		ids = append(ids, s.id(e.rank))
		return n <= 0 || len(ids) < n
	})
	points, ok, err := x.tables.MapPointsAt(ctx, s.generation, ids)
	if err != nil || !ok {
		if err == nil {
			x.outdated(s)
		}
		return nil, false, err
	}
	return points, true, nil
}
