// Package correlate groups claims about the same real-world incident into
// one trucewatch.Incident, across reports and languages: the same target,
// the same day (MaxDaysApart), and compatible places (the same place, places
// within 25 km, a town and the oblast it lies in). Claim and counter-claim
// (Sudzha, 21 March 2025: each side blames the other) land on one incident,
// side by side.
//
// Grouping is not quadratic: claims of the same place, day and split label
// are joined at once (twins), the first of each is put into blocks by
// target, country and a coarse cell of its place, and only those in the
// same or neighbouring blocks and days are compared; a union-find joins
// them.
package correlate

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"

	"github.com/trucewatch/trucewatch"
)

// MaxDaysApart is how many days apart two claims of one incident may be
// dated: none. An incident is one day's, as in ACLED's events: a town
// struck every night is many incidents, not one that grows for months
// through claims a day apart (which made the cost of adding a claim grow
// with the record). The code keeps the tolerance general; the scenario's
// grouping is the same with 0 as it was with 1.
const MaxDaysApart = 0

// MaxDistanceKm is how far apart two settlements may be and still be one
// incident (the eval contract's tolerance).
const MaxDistanceKm = 25

// cellDeg is the size of a grid cell: a settlement is compared with the
// settlements of its cell and of the cells around it that MaxDistanceKm
// reaches (one row up and down; more columns the further north).
const cellDeg = 0.25

// Group returns the incidents the claims describe. Only incident claims with
// a date are grouped; a denial joins the incident it denies. The order of the
// result is stable: by first date, then by id.
//
// The result is a function of the set of claims, whatever their order (claim
// IDs are taken to be unique). Two claims are one incident when a chain of
// links joins them, and a link is one of:
//
//   - a compatible pair: the same target and country, at most a day apart,
//     and the same place, or two settlements with coordinates at most
//     MaxDistanceKm apart (in the same or neighbouring grid cells);
//   - the town of an oblast-level claim: a claim whose place is a first-level
//     unit (PlaceAdmin1) is linked to ONE settlement claim of that unit with
//     the same target and country, at most a day apart: the one nearest in
//     days, and among those the one with the smallest claim ID. One town is
//     enough; linking the oblast to every town would merge every incident of
//     the oblast that day;
//   - a merge: two claims with the same merge label (Claim.MergeLabel, set
//     by an analyst's merge_incidents decision), whatever their days,
//     places and targets.
//
// Split labels (Claim.SplitLabel, set by a split_incident decision, one
// label for each part) fence claims in: the first two links join only
// claims with the same split label ("" included), and an oblast-level
// claim chooses its town among those with its own split label. A claim
// has a merge label or a split label, never both (the latest merge or split
// of it wins), and merge links join claims without a split label, so no
// chain of links joins two claims whose split labels differ: every incident
// holds one split label. A split part is therefore an incident of its own
// that new claims do not join (a new claim about it is a new incident, for
// the analyst to merge). Every link depends on the two claims alone, or
// for the oblast rule on a total order of the candidates, so the result
// depends on the set of claims only.
func Group(claims []trucewatch.Claim) []trucewatch.Incident {
	var items []item
	for i := range claims {
		if it, ok := newItem(&claims[i]); ok {
			items = append(items, it)
		}
	}
	uf := newUnionFind(len(items))

	// Merges: every claim with a merge label joins the first with it.
	merged := map[string]int{}
	for i, it := range items {
		if it.merge == "" {
			continue
		}
		if j, ok := merged[it.merge]; ok {
			uf.union(i, j)
		} else {
			merged[it.merge] = i
		}
	}

	// Twins: items of the same block, day, split label and place (point
	// included) are a compatible pair, and each is compatible with what
	// the other is (linked looks at nothing else). So each joins the first
	// of its kind, and only those firsts are compared: a day of thousands
	// of reports about the same few places costs as many comparisons as
	// it has places, not the square of its claims.
	firsts := map[twinKey]int{}
	var reps []int
	for i, it := range items {
		k := it.twin()
		if j, ok := firsts[k]; ok {
			uf.union(i, j)
			continue
		}
		firsts[k] = i
		reps = append(reps, i)
	}

	// Blocks: (target, country, key) where key is a grid cell for points,
	// a unit for oblast-level claims, or the place id for regions and
	// countries. Each block holds the indexes of the first twins, sorted by
	// day.
	blocks := map[blockKey][]int{}
	for _, i := range reps {
		blocks[items[i].block] = append(blocks[items[i].block], i)
	}
	for _, idx := range blocks {
		slices.SortFunc(idx, func(a, b int) int { return items[a].day - items[b].day })
	}
	for _, i := range reps {
		it := items[i]
		for _, nb := range it.neighbours() {
			idx, ok := blocks[nb]
			if !ok {
				continue
			}
			// Only items of the same day or the day after need comparing
			// (the day before is covered from the other side).
			lo, _ := slices.BinarySearchFunc(idx, it.day, func(j, day int) int { return items[j].day - day })
			for _, j := range idx[lo:] {
				if items[j].day > it.day+MaxDaysApart {
					break
				}
				if j != i && linked(it, items[j]) {
					uf.union(i, j)
				}
			}
		}
	}
	// A town's claims and its oblast's: each oblast-level item joins the
	// settlement of its unit it prefers (see closer): of each day, the
	// town with the smallest claim ID, and of those the nearest in days.
	towns := map[townKey]int{}
	for i, it := range items {
		if !it.town() {
			continue
		}
		k := townKey{it.unit(), it.split, it.day}
		if j, ok := towns[k]; !ok || it.claim.ID < items[j].claim.ID {
			towns[k] = i
		}
	}
	for i, it := range items {
		if !it.oblast() {
			continue
		}
		best, unit := -1, it.unit()
		for day := it.day - MaxDaysApart; day <= it.day+MaxDaysApart; day++ {
			j, ok := towns[townKey{unit, it.split, day}]
			if ok && (best < 0 || closer(it, items[j], items[best])) {
				best = j
			}
		}
		if best >= 0 {
			uf.union(i, best)
		}
	}

	groups := map[int][]int{}
	for i := range items {
		r := uf.find(i)
		groups[r] = append(groups[r], i)
	}
	out := make([]trucewatch.Incident, 0, len(groups))
	for _, g := range groups {
		out = append(out, incident(items, g))
	}
	slices.SortFunc(out, func(a, b trucewatch.Incident) int {
		if c := cmp.Compare(a.From.String(), b.From.String()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

type item struct {
	claim  *trucewatch.Claim
	place  trucewatch.Place
	target trucewatch.Target
	day    int // days since 1970
	block  blockKey
	merge  string // the claim's merge label, "" for none
	split  string // the claim's split label, "" for none
}

type blockKey struct {
	target  trucewatch.Target
	country trucewatch.Party
	kind    byte // 'c' cell, 'u' unit, 'p' place
	x, y    int32
	key     string
}

// twinKey is what linked looks at of an item: items with the same key are
// linked to each other and to the same other items.
type twinKey struct {
	block    blockKey
	day      int
	split    string
	place    string
	lat, lon float64
}

func (it item) twin() twinKey {
	return twinKey{it.block, it.day, it.split, it.place.ID, it.place.Lat, it.place.Lon}
}

// townKey is the towns of a unit, split label and day.
type townKey struct {
	unit  unitKey
	split string
	day   int
}

// unitKey is where an oblast-level claim looks for its town.
type unitKey struct {
	target  trucewatch.Target
	country trucewatch.Party
	admin1  string
}

// epoch is day 0 of item.day.
var epoch = trucewatch.Date{Year: 1970, Month: 1, Day: 1}

// newItem returns the item of a claim, and false for a claim Group leaves
// out: not an incident, or without a date.
func newItem(c *trucewatch.Claim) (item, bool) {
	inc := c.Incident
	if inc == nil || inc.Date.IsZero() {
		return item{}, false
	}
	it := item{claim: c, place: inc.Place, target: inc.Target, day: inc.Date.Sub(epoch),
		merge: c.MergeLabel(), split: c.SplitLabel()}
	it.block = blockKey{target: it.target, country: it.place.Country}
	switch {
	case it.place.Precision == trucewatch.PlaceSettlement && it.place.HasPoint():
		it.block.kind = 'c'
		it.block.x, it.block.y = cell(it.place.Lon), cell(it.place.Lat)
	case it.place.Precision == trucewatch.PlaceAdmin1:
		it.block.kind, it.block.key = 'u', it.place.Admin1
	default:
		it.block.kind, it.block.key = 'p', it.place.ID
	}
	return it, true
}

func cell(deg float64) int32 { return int32(math.Floor(deg / cellDeg)) }

// neighbours are the blocks an item is compared with: its own, and for a
// point the cells around it that a settlement within MaxDistanceKm may lie
// in (see adjacent).
func (it item) neighbours() []blockKey {
	if it.block.kind != 'c' {
		return []blockKey{it.block}
	}
	var out []blockKey
	for dy := int32(-1); dy <= 1; dy++ {
		span := max(lonCells(it.block.y), lonCells(it.block.y+dy))
		for dx := -span; dx <= span; dx++ {
			b := it.block
			b.x, b.y = b.x+dx, b.y+dy
			out = append(out, b)
		}
	}
	return out
}

// lonCells is how many cells of longitude MaxDistanceKm may cross in cell
// row y: a cell is cellDeg of latitude (about 28 km) high, but narrower in
// longitude the further north it lies (18 km at 50°N, 9.5 km at 70°N).
func lonCells(y int32) int32 {
	if i := int(y) + len(lonSpans)/2; i >= 0 && i < len(lonSpans) {
		return lonSpans[i]
	}
	return 1 << 20 // beyond the poles: every longitude is near
}

// lonSpans holds lonCells for every row from the south pole to the north.
var lonSpans = func() []int32 {
	rows := int32(math.Ceil(90 / cellDeg))
	out := make([]int32, 2*rows+1)
	for y := -rows; y <= rows; y++ {
		lat := max(math.Abs(float64(y)*cellDeg), math.Abs(float64(y+1)*cellDeg))
		width := 111.32 * cellDeg * math.Cos(min(lat, 90)*math.Pi/180)
		span := int32(1 << 20) // at the poles every longitude is near
		if width >= 1 {
			span = int32(math.Ceil(MaxDistanceKm / width))
		}
		out[y+rows] = span
	}
	return out
}()

// adjacent reports whether one of two blocks is among the other's
// neighbours: for points, rows at most one apart (a cell is higher than
// MaxDistanceKm) and columns at most as far apart as MaxDistanceKm may
// reach in the more northern of the two rows.
func adjacent(a, b blockKey) bool {
	if a.kind != 'c' || b.kind != 'c' {
		return a == b
	}
	span := max(lonCells(a.y), lonCells(b.y))
	return a.target == b.target && a.country == b.country && abs(int(a.x-b.x)) <= int(span) && abs(int(a.y-b.y)) <= 1
}

// linked reports whether two claims are a compatible pair: with the same
// split label, in neighbouring blocks (so of the same target and country),
// at most a day apart, and of the same place or of settlements within
// MaxDistanceKm. It depends on the two claims alone.
func linked(a, b item) bool {
	if a.split != b.split || !adjacent(a.block, b.block) || abs(a.day-b.day) > MaxDaysApart {
		return false
	}
	switch {
	case a.place.ID == b.place.ID:
		return true
	case a.block.kind == 'c' && b.block.kind == 'c':
		return a.place.DistanceKm(b.place) <= MaxDistanceKm
	}
	return false
}

// oblast reports an oblast-level claim, one that may be joined to a town of
// its unit.
func (it item) oblast() bool {
	return it.place.Precision == trucewatch.PlaceAdmin1 && it.place.Admin1 != ""
}

// town reports a settlement claim that an oblast-level claim may be joined
// to.
func (it item) town() bool {
	return it.place.Precision == trucewatch.PlaceSettlement && it.place.Admin1 != ""
}

func (it item) unit() unitKey { return unitKey{it.target, it.place.Country, it.place.Admin1} }

// candidate reports whether s is a town the oblast-level claim o may be
// joined to: the same split label, target, country and unit, at most a day
// apart.
func candidate(o, s item) bool {
	return o.oblast() && s.town() && o.split == s.split && o.unit() == s.unit() && abs(o.day-s.day) <= MaxDaysApart
}

// closer reports whether the oblast-level claim o prefers the town a to the
// town b: fewer days apart, then the smaller claim ID.
func closer(o, a, b item) bool {
	if da, db := abs(a.day-o.day), abs(b.day-o.day); da != db {
		return da < db
	}
	return a.claim.ID < b.claim.ID
}

// incident builds the incident of one group of items. Claims an analyst
// rejected stay in it (ClaimIDs) but have no say in its place, detail or
// accused, unless every claim is rejected (then the incident is Rejected
// and accuses no one).
func incident(items []item, group []int) trucewatch.Incident {
	slices.SortFunc(group, func(a, b int) int { return cmp.Compare(items[a].claim.ID, items[b].claim.ID) })
	first := items[group[0]]
	inc := trucewatch.Incident{Target: first.target}
	var active []int
	for _, i := range group {
		it := items[i]
		inc.ClaimIDs = append(inc.ClaimIDs, it.claim.ID)
		d := it.claim.Incident.Date
		if inc.From.IsZero() || d.Before(inc.From) {
			inc.From = d
		}
		if inc.To.IsZero() || inc.To.Before(d) {
			inc.To = d
		}
		if !it.claim.Rejected() {
			active = append(active, i)
			inc.Confirmed = inc.Confirmed || it.claim.Confirmed()
		}
	}
	inc.Rejected = len(active) == 0
	if inc.Rejected {
		active = group
	}
	// The place: the most precise, and among equals the one most claims name.
	votes := map[string]int{}
	for _, i := range active {
		it := items[i]
		votes[it.place.ID]++
		if p := it.claim.Incident.Perpetrator; !inc.Rejected && p != trucewatch.PartyUnknown && !it.claim.Incident.Denial && !slices.Contains(inc.Accused, p) {
			inc.Accused = append(inc.Accused, p)
		}
		if inc.TargetDetail == "" {
			inc.TargetDetail = it.claim.Incident.TargetDetail
		}
	}
	best := items[active[0]]
	for _, i := range active {
		it := items[i]
		r, rb := it.place.Precision.Rank(), best.place.Precision.Rank()
		if r < rb || r == rb && votes[it.place.ID] > votes[best.place.ID] {
			best = it
		}
	}
	inc.Place = best.place
	slices.Sort(inc.Accused)
	sum := sha256.Sum256([]byte(first.claim.ID))
	inc.ID = "inc-" + hex.EncodeToString(sum[:6])
	return inc
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// unionFind joins indexes into sets.
type unionFind struct{ parent []int32 }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
	}
	return u
}

func (u *unionFind) find(i int) int {
	for int(u.parent[i]) != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = int(u.parent[i])
	}
	return i
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[max(ra, rb)] = int32(min(ra, rb))
	}
}
