// Package correlate groups claims about the same real-world incident into
// one trucewatch.Incident, across reports and languages: the same target,
// dates at most a day apart, and compatible places (the same place, places
// within 25 km, a town and the oblast it lies in). Claim and counter-claim
// (Sudzha, 21 March 2025: each side blames the other) land on one incident,
// side by side.
//
// Grouping is not quadratic: claims are put into blocks by target, country
// and a coarse cell of their place, and only claims in the same or
// neighbouring blocks and days are compared; a union-find joins them.
package correlate

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"

	"github.com/trucewatch/trucewatch"
)

// MaxDistanceKm is how far apart two settlements may be and still be one
// incident (the eval contract's tolerance).
const MaxDistanceKm = 25

// cellDeg is the size of a grid cell: a settlement is compared with the
// settlements of its cell and the eight around it, which holds every pair
// closer than MaxDistanceKm.
const cellDeg = 0.25

// Group returns the incidents the claims describe. Only incident claims are
// grouped; a denial joins the incident it denies. The order of the result
// is stable: by first date, then by id.
func Group(claims []trucewatch.Claim) []trucewatch.Incident {
	var items []item
	for i := range claims {
		c := &claims[i]
		if c.Incident == nil || c.Incident.Date.IsZero() {
			continue
		}
		items = append(items, newItem(c))
	}
	uf := newUnionFind(len(items))

	// Blocks: (target, country, key) where key is a grid cell for points,
	// a unit for oblast-level claims, or the place id for regions and
	// countries. Each block holds item indexes sorted by day.
	blocks := map[blockKey][]int{}
	for i, it := range items {
		blocks[it.block] = append(blocks[it.block], i)
	}
	for _, idx := range blocks {
		slices.SortFunc(idx, func(a, b int) int { return items[a].day - items[b].day })
	}
	for i, it := range items {
		for _, nb := range it.neighbours() {
			idx, ok := blocks[nb]
			if !ok {
				continue
			}
			// Only items of the same day or the day after need comparing
			// (the day before is covered from the other side).
			lo, _ := slices.BinarySearchFunc(idx, it.day, func(j, day int) int { return items[j].day - day })
			for _, j := range idx[lo:] {
				if items[j].day > it.day+1 {
					break
				}
				if j != i && compatible(it, items[j]) {
					uf.union(i, j)
				}
			}
		}
	}
	// A town's claims and its oblast's: join an oblast-level item to the
	// settlements of that oblast on the same or next day and same target.
	byUnit := map[unitKey][]int{}
	for i, it := range items {
		if it.place.Precision == trucewatch.PlaceSettlement && it.place.Admin1 != "" {
			k := unitKey{it.target, it.place.Admin1}
			byUnit[k] = append(byUnit[k], i)
		}
	}
	for i, it := range items {
		if it.place.Precision != trucewatch.PlaceAdmin1 {
			continue
		}
		for _, j := range byUnit[unitKey{it.target, it.place.Admin1}] {
			if abs(items[j].day-it.day) <= 1 {
				uf.union(i, j)
				break // one town is enough: the rest join through it or stay apart
			}
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
}

type blockKey struct {
	target  trucewatch.Target
	country trucewatch.Party
	kind    byte // 'c' cell, 'u' unit, 'p' place
	x, y    int32
	key     string
}

type unitKey struct {
	target trucewatch.Target
	admin1 string
}

func newItem(c *trucewatch.Claim) item {
	inc := c.Incident
	it := item{claim: c, place: inc.Place, target: inc.Target, day: inc.Date.Sub(trucewatch.Date{Year: 1970, Month: 1, Day: 1})}
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
	return it
}

func cell(deg float64) int32 { return int32(math.Floor(deg / cellDeg)) }

// neighbours are the blocks an item is compared with: its own, and for a
// point the eight cells around it.
func (it item) neighbours() []blockKey {
	if it.block.kind != 'c' {
		return []blockKey{it.block}
	}
	out := make([]blockKey, 0, 9)
	for dx := int32(-1); dx <= 1; dx++ {
		for dy := int32(-1); dy <= 1; dy++ {
			b := it.block
			b.x, b.y = b.x+dx, b.y+dy
			out = append(out, b)
		}
	}
	return out
}

// compatible reports two claims in neighbouring blocks that can be one
// incident.
func compatible(a, b item) bool {
	if a.target != b.target || abs(a.day-b.day) > 1 || a.place.Country != b.place.Country {
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

// incident builds the incident of one group of items.
func incident(items []item, group []int) trucewatch.Incident {
	slices.SortFunc(group, func(a, b int) int { return cmp.Compare(items[a].claim.ID, items[b].claim.ID) })
	first := items[group[0]]
	inc := trucewatch.Incident{Target: first.target}
	// The place: the most precise, and among equals the one most claims name.
	votes := map[string]int{}
	for _, i := range group {
		it := items[i]
		votes[it.place.ID]++
		inc.ClaimIDs = append(inc.ClaimIDs, it.claim.ID)
		d := it.claim.Incident.Date
		if inc.From.IsZero() || d.Before(inc.From) {
			inc.From = d
		}
		if inc.To.IsZero() || inc.To.Before(d) {
			inc.To = d
		}
		if p := it.claim.Incident.Perpetrator; p != trucewatch.PartyUnknown && !it.claim.Incident.Denial && !slices.Contains(inc.Accused, p) {
			inc.Accused = append(inc.Accused, p)
		}
		if inc.TargetDetail == "" {
			inc.TargetDetail = it.claim.Incident.TargetDetail
		}
	}
	best := first
	for _, i := range group {
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
