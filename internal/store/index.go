package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trucewatch/trucewatch"
)

// The incident index keeps in memory what the dashboard's two busiest
// reads, the incident list and the map layer, filter on: each incident's
// day, position, target and accused parties, about 57 bytes of heap an
// incident (BenchmarkIndex).
// A bounding box and a date window then cost a few binary searches and a
// walk over the matching entries instead of a walk over an index in the
// database: about 1.3 ms of SQLite's time per query over a million
// incidents before, 70 µs for a map layer with the index, and 0.75 ms for
// a list page, most of it reading the page's 100 rows, which are the only
// rows read from the database (BenchmarkIndex; BenchmarkLoad in
// internal/web measures the whole server).
//
// The tables stay the record: the index is derived from them and knows
// which rewrite of them it describes (the analysis_generation counter,
// counted up by ReplaceAnalysis in the same transaction). Every read it
// answers checks that counter in the same statement that fetches the rows,
// so a rewrite by this or any other process is never hidden: the read falls
// back to SQL, and a new index is built in the background.
// A writer that changes the incidents without ReplaceAnalysis (an older
// trucewatch, or SQL by hand) does not count the generation up: its
// changes reach the index only when ids it returns are missing, or at the
// next rewrite.
type incidentIndex struct {
	generation int64
	// stale is set once a read has found the tables at another
	// generation: reads then go to SQL at once until a new index is built.
	stale   atomic.Bool
	entries []indexEntry // by cell, then newest first, then by id
	spans   []cellSpan   // each cell's run of entries, by cell
	newest  []int32      // every entry, newest first, then by id
	idText  string       // every id, in byte order, end to end
	idEnd   []uint32     // where the id of each rank ends in idText
	targets []trucewatch.Target
	accused [][]trucewatch.Party // the distinct sets of accused parties
}

type indexEntry struct {
	lat, lon float64
	day      int32 // YYYYMMDD
	rank     int32 // the id's place in byte order: ties on a day break by it
	cell     int32 // as the incidents table's cell column
	target   uint16
	accused  uint16
}

type cellSpan struct{ cell, start, end int32 }

// UseIncidentIndex builds the incident index (see above) and keeps it from
// then on. A server calls it once it has brought the analysis up to date,
// so that the index is built once; a command that runs once does not, since
// building it reads the whole incidents table (a million incidents: 3 to
// 4.5 s).
func (s *Store) UseIncidentIndex(ctx context.Context) error {
	s.indexed.Store(true)
	return s.refreshIndex(ctx)
}

// dayKey numbers a day as YYYYMMDD, which orders days as the calendar does.
func dayKey(d trucewatch.Date) int32 { return int32(d.Year*10000 + int(d.Month)*100 + d.Day) }

func (x *incidentIndex) id(rank int32) string {
	start := uint32(0)
	if rank > 0 {
		start = x.idEnd[rank-1]
	}
	return x.idText[start:x.idEnd[rank]]
}

// generation reads which rewrite of the analysis the tables hold.
func (s *Store) generation(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, error) {
	var g int64
	err := q.QueryRowContext(ctx, `SELECT generation FROM analysis_generation`).Scan(&g)
	return g, err
}

// refreshIndex builds a new index unless the one held describes the tables
// already. One build runs at a time.
func (s *Store) refreshIndex(ctx context.Context) error {
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	return s.rebuildIndex(ctx)
}

// rebuildIndex is refreshIndex with indexMu held.
func (s *Store) rebuildIndex(ctx context.Context) error {
	g, err := s.generation(ctx, s.db)
	if err != nil {
		return fmt.Errorf("incident index: %w", err)
	}
	if x := s.index.Load(); x != nil && x.generation == g && !x.stale.Load() {
		return nil
	}
	x, err := s.buildIndex(ctx)
	if err != nil {
		return fmt.Errorf("incident index: %w", err)
	}
	s.index.Store(x)
	return nil
}

// indexStale is called when the index is missing or describes an older
// generation (marked on it as stale). It starts a build in the background when none is running and
// the last one did not fail just now: reads meanwhile go to SQL.
func (s *Store) indexStale() {
	if !s.indexed.Load() || !s.indexMu.TryLock() {
		return
	}
	if time.Since(s.indexFailed) < 10*time.Second {
		s.indexMu.Unlock()
		return
	}
	go func() {
		defer s.indexMu.Unlock()
		if err := s.rebuildIndex(s.closing); err != nil {
			if s.closing.Err() == nil {
				s.log.Warn("incident index not rebuilt: reads go to SQL, and the next try is in 10 s", "err", err)
			}
			s.indexFailed = time.Now()
		}
	}()
}

// outdated marks x as describing an older generation of the tables.
func (s *Store) outdated(x *incidentIndex) {
	x.stale.Store(true)
	s.indexStale()
}

// buildIndex reads the incidents table in one read-only transaction, so
// that the generation it records is the one the rows belong to.
func (s *Store) buildIndex(ctx context.Context) (*incidentIndex, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for both reads
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	x := &incidentIndex{}
	if x.generation, err = s.generation(ctx, tx); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, day_from, lat, lon, target, accused FROM incidents ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type row struct {
		id string
		e  indexEntry
	}
	var all []row
	targets := map[string]uint16{}
	accused := map[string]uint16{}
	intern := func(m map[string]uint16, k string) (uint16, bool) {
		n, ok := m[k]
		if !ok {
			if len(m) > 0xffff {
				return 0, false
			}
			n = uint16(len(m))
			m[k] = n
		}
		return n, true
	}
	for rows.Next() {
		var r row
		var day, target, acc string
		if err := rows.Scan(&r.id, &day, &r.e.lat, &r.e.lon, &target, &acc); err != nil {
			return nil, err
		}
		d, err := trucewatch.ParseDate(day)
		if err != nil {
			return nil, fmt.Errorf("incident %s: %w", r.id, err)
		}
		r.e.day = dayKey(d)
		r.e.cell = trucewatch.CellOf(r.e.lat, r.e.lon)
		var ok1, ok2 bool
		r.e.target, ok1 = intern(targets, target)
		r.e.accused, ok2 = intern(accused, acc)
		if !ok1 || !ok2 {
			return nil, errors.New("more than 65,536 distinct targets or sets of accused parties")
		}
		all = append(all, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// PostgreSQL orders by the database's collation; the index, as SQLite
	// does, by bytes.
	byID := func(a, b row) int { return strings.Compare(a.id, b.id) }
	if !slices.IsSortedFunc(all, byID) {
		slices.SortFunc(all, byID)
	}

	x.targets = make([]trucewatch.Target, len(targets))
	for t, n := range targets {
		x.targets[n] = trucewatch.Target(t)
	}
	x.accused = make([][]trucewatch.Party, len(accused))
	for a, n := range accused {
		x.accused[n] = accusedOf(a)
	}
	var ids strings.Builder
	x.idEnd = make([]uint32, len(all))
	x.entries = make([]indexEntry, len(all))
	for i, r := range all {
		ids.WriteString(r.id)
		x.idEnd[i] = uint32(ids.Len())
		r.e.rank = int32(i)
		x.entries[i] = r.e
	}
	x.idText = ids.String()

	slices.SortFunc(x.entries, func(a, b indexEntry) int { return cmp.Or(cmp.Compare(a.cell, b.cell), newerFirst(a, b)) })
	for i, e := range x.entries {
		if n := len(x.spans); n == 0 || x.spans[n-1].cell != e.cell {
			x.spans = append(x.spans, cellSpan{cell: e.cell, start: int32(i)})
		}
		x.spans[len(x.spans)-1].end = int32(i + 1)
	}
	x.newest = make([]int32, len(x.entries))
	for i := range x.newest {
		x.newest[i] = int32(i)
	}
	slices.SortFunc(x.newest, func(a, b int32) int { return newerFirst(x.entries[a], x.entries[b]) })
	return x, nil
}

// newerFirst is the list's order: ORDER BY day_from DESC, id.
func newerFirst(a, b indexEntry) int {
	return cmp.Or(cmp.Compare(b.day, a.day), cmp.Compare(a.rank, b.rank))
}

// indexQuery is a filter the index answers: a window, a box, a target and
// an accused party.
type indexQuery struct {
	from, to  int32
	box       *trucewatch.BBox
	cells     []int32 // the box's cells, or nil to walk the window
	target    int     // an index into targets, or -1 for any
	accusedOK []bool  // by accused set; nil for any
}

// query turns f into an indexQuery, or reports false when f filters on
// something the index does not hold (place, agreement, status, text).
func (x *incidentIndex) query(f trucewatch.IncidentFilter) (indexQuery, bool) {
	if f.Place != "" || f.Agreement != "" || f.Status != "" || f.Text != "" {
		return indexQuery{}, false
	}
	q := indexQuery{from: 0, to: 99991231, box: f.BBox, target: -1}
	if !f.From.IsZero() {
		q.from = dayKey(f.From)
	}
	if !f.To.IsZero() {
		q.to = dayKey(f.To)
	}
	if f.BBox != nil {
		q.cells = f.BBox.Cells()
	}
	if f.Target != "" {
		q.target = slices.Index(x.targets, f.Target)
		if q.target < 0 {
			q.to = q.from - 1 // no incident has that target
		}
	}
	if f.Party != "" {
		q.accusedOK = make([]bool, len(x.accused))
		for i, ps := range x.accused {
			q.accusedOK[i] = slices.Contains(ps, f.Party)
		}
	}
	return q, true
}

func (q *indexQuery) match(e *indexEntry) bool {
	if e.day < q.from || e.day > q.to {
		return false
	}
	if q.box != nil && !q.box.Contains(e.lat, e.lon) {
		return false
	}
	if q.target >= 0 && int(e.target) != q.target {
		return false
	}
	return q.accusedOK == nil || q.accusedOK[e.accused]
}

// days returns where the days of q's window lie among n entries ordered
// newest first, dayAt(i) being the day of the i-th: [start, end), empty
// when the window is.
func days(n int, dayAt func(int) int32, q *indexQuery) (start, end int) {
	// The first entry on or before to, and the first before from.
	start = sort.Search(n, func(i int) bool { return dayAt(i) <= q.to })
	end = sort.Search(n, func(i int) bool { return dayAt(i) < q.from })
	return start, max(start, end)
}

// window returns the entries of one cell's span that lie in q's window.
func (x *incidentIndex) window(s cellSpan, q *indexQuery) (start, end int32) {
	es := x.entries[s.start:s.end]
	i, j := days(len(es), func(i int) int32 { return es[i].day }, q)
	return s.start + int32(i), s.start + int32(j)
}

// cursors returns the window of each cell q's box touches that has
// entries in it, or of every cell when q has no box.
func (x *incidentIndex) cursors(q *indexQuery) [][2]int32 {
	var out [][2]int32
	if q.cells == nil {
		for _, s := range x.spans {
			if i, j := x.window(s, q); i < j {
				out = append(out, [2]int32{i, j})
			}
		}
		return out
	}
	for _, c := range q.cells {
		k, ok := slices.BinarySearchFunc(x.spans, c, func(s cellSpan, c int32) int { return cmp.Compare(s.cell, c) })
		if !ok {
			continue
		}
		if i, j := x.window(x.spans[k], q); i < j {
			out = append(out, [2]int32{i, j})
		}
	}
	return out
}

// newestFirst calls fn with the entries q selects in the list's order until
// fn returns false: by cells, merging each cell's newest-first run; without
// them, down the newest-first order from the window's last day.
func (x *incidentIndex) newestFirst(q *indexQuery, fn func(e *indexEntry) bool) {
	if q.cells == nil {
		i, j := x.newestWindow(q)
		for _, n := range x.newest[i:j] {
			if e := &x.entries[n]; q.match(e) && !fn(e) {
				return
			}
		}
		return
	}
	cur := x.cursors(q)
	for {
		best := -1
		for k, c := range cur {
			if c[0] < c[1] && (best < 0 || newerFirst(x.entries[c[0]], x.entries[cur[best][0]]) < 0) {
				best = k
			}
		}
		if best < 0 {
			return
		}
		e := &x.entries[cur[best][0]]
		cur[best][0]++
		if q.match(e) && !fn(e) {
			return
		}
	}
}

// newestWindow is where q's window lies in the newest-first order.
func (x *incidentIndex) newestWindow(q *indexQuery) (start, end int) {
	return days(len(x.newest), func(i int) int32 { return x.entries[x.newest[i]].day }, q)
}

// each calls fn with every entry q selects, in no particular order: cell
// by cell, which reads the entries in memory order, unless a query with no
// box has a window narrow enough to walk in the newest-first order instead.
func (x *incidentIndex) each(q *indexQuery, fn func(e *indexEntry)) {
	if q.cells == nil {
		if i, j := x.newestWindow(q); j-i <= 8*len(x.spans) {
			for _, n := range x.newest[i:j] {
				if e := &x.entries[n]; q.match(e) {
					fn(e)
				}
			}
			return
		}
	}
	for _, c := range x.cursors(q) {
		for i := c[0]; i < c[1]; i++ {
			if e := &x.entries[i]; q.match(e) {
				fn(e)
			}
		}
	}
}

// indexFor returns the index and f as its query, or false when there is
// no index yet or it cannot answer f.
func (s *Store) indexFor(f trucewatch.IncidentFilter) (*incidentIndex, indexQuery, bool) {
	x := s.index.Load()
	if x == nil || x.stale.Load() {
		s.indexStale()
		return nil, indexQuery{}, false
	}
	q, ok := x.query(f)
	return x, q, ok
}

// indexedIncidentsJSON answers IncidentsJSON from the index, or reports
// false when the index cannot answer f or no longer describes the tables.
func (s *Store) indexedIncidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, bool, error) {
	x, q, ok := s.indexFor(f)
	if !ok {
		return nil, false, nil
	}
	var ids []string
	skip := f.Offset
	x.newestFirst(&q, func(e *indexEntry) bool {
		if skip > 0 {
			skip--
			return true
		}
		ids = append(ids, x.id(e.rank))
		return len(ids) < f.Limit
	})
	out, ok, err := byIDs(ctx, s, x.generation, ids, `id, body`, func(rows *sql.Rows) (string, json.RawMessage, error) {
		var id string
		var body []byte
		err := rows.Scan(&id, &body)
		return id, body, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("list incidents: %w", err)
	}
	if !ok {
		s.outdated(x)
		return nil, false, nil
	}
	return out, true, nil
}

// indexedMapCells answers MapCells from the index, or reports false when
// the index cannot answer f or no longer describes the tables.
func (s *Store) indexedMapCells(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.MapCell, bool, error) {
	x, q, ok := s.indexFor(f)
	if !ok {
		return nil, false, nil
	}
	var cells []trucewatch.MapCell
	at := map[int32]int{}
	last, lastAt := int32(-1), -1
	x.each(&q, func(e *indexEntry) {
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
	g, err := s.generation(ctx, s.db)
	if err != nil {
		return nil, false, fmt.Errorf("map cells: %w", err)
	}
	if g != x.generation {
		s.outdated(x)
		return nil, false, nil
	}
	for i := range cells {
		c := &cells[i]
		c.Lat /= float64(c.Count)
		c.Lon /= float64(c.Count)
	}
	return cells, true, nil
}

// indexedPoints reads the newest n entries q selects (all when n is 0) as
// map points, or reports false when x no longer describes the tables.
func (s *Store) indexedPoints(ctx context.Context, x *incidentIndex, q *indexQuery, n int) ([]trucewatch.MapPoint, bool, error) {
	var ids []string
	x.newestFirst(q, func(e *indexEntry) bool {
		ids = append(ids, x.id(e.rank))
		return n <= 0 || len(ids) < n
	})
	points, ok, err := byIDs(ctx, s, x.generation, ids, mapPointColumns, func(rows *sql.Rows) (string, trucewatch.MapPoint, error) {
		p, err := scanMapPoint(rows)
		return p.ID, p, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("map layer: %w", err)
	}
	if !ok {
		s.outdated(x)
	}
	return points, ok, nil
}

// byIDs reads the given columns, the first being the id, of the incidents
// ids names, and returns what scan makes of each row in the order of ids. It
// reports false when the tables no longer hold the given generation: the
// check is part of each statement, so the rows are of the generation the
// index chose them from. Ids go a thousand to a statement, well inside both
// engines' limits on parameters.
func byIDs[T any](ctx context.Context, s *Store, generation int64, ids []string, columns string,
	scan func(*sql.Rows) (string, T, error)) ([]T, bool, error) {
	if len(ids) == 0 {
		g, err := s.generation(ctx, s.db)
		return nil, err == nil && g == generation, err
	}
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	out := make([]T, len(ids))
	found := 0
	for chunk := range slices.Chunk(ids, 1000) {
		w := &where{args: []any{generation}}
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := w.list(args)
		rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM incidents
			WHERE (SELECT generation FROM analysis_generation) = $1 AND id IN (`+in+`)`, w.args...)
		if err != nil {
			return nil, false, err
		}
		for rows.Next() {
			id, v, err := scan(rows)
			if err != nil {
				rows.Close()
				return nil, false, err
			}
			if i, ok := at[id]; ok {
				out[i] = v
				found++
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, false, err
		}
	}
	return out, found == len(ids), nil
}
