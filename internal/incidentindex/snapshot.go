package incidentindex

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/trucewatch/trucewatch"
)

// A snapshot is the index of one generation of the analysis, in compact
// arrays that readers share without locks: it never changes once
// published. Catching up makes a new snapshot from the last one and the
// changes (apply), and the Index publishes it.
type snapshot struct {
	generation int64
	// stale is set once a read has found the tables at another generation
	// (or an id missing): reads then go to the tables at once until a new
	// snapshot is published.
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
	cell     int32 // trucewatch.CellOf
	target   uint16
	accused  uint16
}

type cellSpan struct{ cell, start, end int32 }

// dayKey numbers a day as YYYYMMDD, which orders days as the calendar does.
func dayKey(d trucewatch.Date) int32 { return int32(d.Year*10000 + int(d.Month)*100 + d.Day) }

func (x *snapshot) id(rank int32) string {
	start := uint32(0)
	if rank > 0 {
		start = x.idEnd[rank-1]
	}
	return x.idText[start:x.idEnd[rank]]
}

// size is how many incidents x holds.
func (x *snapshot) size() int { return len(x.entries) }

// added is an incident being added to a snapshot: its entry, and where
// its id falls among the old snapshot's ids (the rank of the first old id
// after it), which orders it among old entries of the same day.
type added struct {
	id    string
	e     indexEntry
	after int32
}

// apply returns a new snapshot: x (nil for none) less the incidents ch
// removes or writes again, plus those it writes, at ch's generation.
//
// The arrays are merged, not sorted again: the few changed incidents are
// sorted and placed by binary search, and every old array is copied once
// with the removed entries left out and the ranks and positions shifted.
// That is linear in the record, but a copy (a million incidents: 24 to
// 34 ms, 64 MB, see BenchmarkCatchUp), and it keeps every read as fast as
// on a snapshot built whole; the reads from the database grow with the
// change only. (An overlay of recent changes, compacted now and then,
// would make a catch-up independent of the record, at the price of a
// merge in every read.) A snapshot built whole is apply on nothing.
func (x *snapshot) apply(ch trucewatch.IncidentChanges) (*snapshot, error) {
	if x == nil || ch.Whole {
		x = &snapshot{}
	}
	y := &snapshot{generation: ch.Generation,
		targets: slices.Clone(x.targets), accused: slices.Clone(x.accused)}
	targetOf := map[trucewatch.Target]uint16{}
	for i, t := range y.targets {
		targetOf[t] = uint16(i)
	}
	accusedOf := map[string]uint16{}
	for i, ps := range y.accused {
		accusedOf[trucewatch.JoinParties(ps, ",")] = uint16(i)
	}

	// The incidents to add, by id, each placed among the old ids.
	n := int32(x.size())
	find := func(id string) int32 {
		return int32(sort.Search(int(n), func(i int) bool { return x.id(int32(i)) >= id }))
	}
	adds := make([]added, 0, len(ch.Incidents))
	for _, inc := range ch.Incidents {
		a := added{id: inc.ID, e: indexEntry{lat: inc.Lat, lon: inc.Lon, day: dayKey(inc.Day), cell: trucewatch.CellOf(inc.Lat, inc.Lon)}}
		t, ok := targetOf[inc.Target]
		if !ok {
			if len(y.targets) > 0xffff {
				return nil, errors.New("more than 65,536 distinct targets")
			}
			t = uint16(len(y.targets))
			targetOf[inc.Target] = t
			y.targets = append(y.targets, inc.Target)
		}
		key := trucewatch.JoinParties(inc.Accused, ",")
		acc, ok := accusedOf[key]
		if !ok {
			if len(y.accused) > 0xffff {
				return nil, errors.New("more than 65,536 distinct sets of accused parties")
			}
			acc = uint16(len(y.accused))
			accusedOf[key] = acc
			y.accused = append(y.accused, inc.Accused)
		}
		a.e.target, a.e.accused = t, acc
		adds = append(adds, a)
	}
	// PostgreSQL orders by the database's collation; the index, as SQLite
	// does, by bytes.
	byID := func(a, b added) int { return strings.Compare(a.id, b.id) }
	if !slices.IsSortedFunc(adds, byID) {
		slices.SortFunc(adds, byID)
	}
	if len(adds) > 1 {
		for i := 1; i < len(adds); i++ {
			if adds[i].id == adds[i-1].id {
				return nil, fmt.Errorf("incident %s written twice", adds[i].id)
			}
		}
	}
	for i := range adds {
		adds[i].after = find(adds[i].id)
	}

	// The old ranks that go: removed, or written again.
	var drop []int32
	for _, id := range ch.Removed {
		if r := find(id); r < n && x.id(r) == id {
			drop = append(drop, r)
		}
	}
	for _, a := range adds {
		if a.after < n && x.id(a.after) == a.id {
			drop = append(drop, a.after)
		}
	}
	slices.Sort(drop)
	drop = slices.Compact(drop)

	// The ids, merged in byte order: runs of old ids are copied whole.
	// rankOf maps each old rank to its new one (-1: gone).
	total := int(n) - len(drop) + len(adds)
	rankOf := make([]int32, n)
	y.idEnd = make([]uint32, 0, total)
	var ids strings.Builder
	size := len(x.idText)
	for _, a := range adds {
		size += len(a.id)
	}
	ids.Grow(size)
	r, ai, di := int32(0), 0, 0
	for r < n || ai < len(adds) {
		next := n
		if di < len(drop) {
			next = min(next, drop[di])
		}
		if ai < len(adds) {
			next = min(next, adds[ai].after)
		}
		if r < next { // old ranks [r, next) stay, shifted
			start := uint32(0)
			if r > 0 {
				start = x.idEnd[r-1]
			}
			shift := uint32(ids.Len()) - start
			ids.WriteString(x.idText[start:x.idEnd[next-1]])
			delta := int32(len(y.idEnd)) - r
			for k := r; k < next; k++ {
				y.idEnd = append(y.idEnd, x.idEnd[k]+shift)
				rankOf[k] = k + delta
			}
			r = next
		}
		for ai < len(adds) && adds[ai].after == r {
			adds[ai].e.rank = int32(len(y.idEnd))
			ids.WriteString(adds[ai].id)
			y.idEnd = append(y.idEnd, uint32(ids.Len()))
			ai++
		}
		if di < len(drop) && drop[di] == r {
			rankOf[r] = -1
			di++
			r++
		}
	}
	y.idText = ids.String()

	// The entries, merged by cell and then newest first. The new entries
	// are placed among the old by their place among the old ids (after),
	// which orders them as their new ranks would. at maps each old entry
	// to its new place (-1: gone).
	before := func(a *added, o *indexEntry) bool { // a goes before o
		if a.e.cell != o.cell {
			return a.e.cell < o.cell
		}
		if a.e.day != o.day {
			return a.e.day > o.day
		}
		return a.after <= o.rank
	}
	slices.SortFunc(adds, func(a, b added) int {
		return cmp.Or(cmp.Compare(a.e.cell, b.e.cell), cmp.Compare(b.e.day, a.e.day), cmp.Compare(a.e.rank, b.e.rank))
	})
	place := make([]int32, len(adds))
	for i := range adds {
		place[i] = int32(sort.Search(int(n), func(k int) bool { return before(&adds[i], &x.entries[k]) }))
	}
	at := make([]int32, n)
	newAt := make([]int32, len(adds))
	y.entries = make([]indexEntry, 0, total)
	ai = 0
	for k := int32(0); k <= n; k++ {
		for ai < len(adds) && place[ai] == k {
			newAt[ai] = int32(len(y.entries))
			y.entries = append(y.entries, adds[ai].e)
			ai++
		}
		if k == n {
			break
		}
		e := x.entries[k]
		if e.rank = rankOf[e.rank]; e.rank < 0 {
			at[k] = -1
			continue
		}
		at[k] = int32(len(y.entries))
		y.entries = append(y.entries, e)
	}
	for i, e := range y.entries {
		if k := len(y.spans); k == 0 || y.spans[k-1].cell != e.cell {
			y.spans = append(y.spans, cellSpan{cell: e.cell, start: int32(i)})
		}
		y.spans[len(y.spans)-1].end = int32(i + 1)
	}

	// The newest-first order, merged the same way.
	order := make([]int, len(adds))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return newerFirst(y.entries[newAt[a]], y.entries[newAt[b]]) })
	for j, i := range order {
		a := &adds[i]
		place[j] = int32(sort.Search(int(n), func(k int) bool {
			o := &x.entries[x.newest[k]]
			return a.e.day > o.day || a.e.day == o.day && a.after <= o.rank
		}))
	}
	y.newest = make([]int32, 0, total)
	ai = 0
	for k := int32(0); k <= n; k++ {
		for ai < len(order) && place[ai] == k {
			y.newest = append(y.newest, newAt[order[ai]])
			ai++
		}
		if k == n {
			break
		}
		if i := at[x.newest[k]]; i >= 0 {
			y.newest = append(y.newest, i)
		}
	}
	return y, nil
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
func (x *snapshot) query(f trucewatch.IncidentFilter) (indexQuery, bool) {
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
func (x *snapshot) window(s cellSpan, q *indexQuery) (start, end int32) {
	es := x.entries[s.start:s.end]
	i, j := days(len(es), func(i int) int32 { return es[i].day }, q)
	return s.start + int32(i), s.start + int32(j)
}

// cursors returns the window of each cell q's box touches that has
// entries in it, or of every cell when q has no box.
func (x *snapshot) cursors(q *indexQuery) [][2]int32 {
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
func (x *snapshot) newestFirst(q *indexQuery, fn func(e *indexEntry) bool) {
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
func (x *snapshot) newestWindow(q *indexQuery) (start, end int) {
	return days(len(x.newest), func(i int) int32 { return x.entries[x.newest[i]].day }, q)
}

// each calls fn with every entry q selects, in no particular order: cell
// by cell, which reads the entries in memory order, unless a query with no
// box has a window narrow enough to walk in the newest-first order instead.
func (x *snapshot) each(q *indexQuery, fn func(e *indexEntry)) {
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
