package provenance

import (
	"slices"
	"sync"
)

// BandIndex finds, in memory, the reports that share a band key with a
// new one: the lookup copy detection makes for every report it analyses.
//
// It is a cache of the stored band keys (the store keeps one row of keys
// per analysed report, written with the generation of the analysis that
// wrote it), caught up with the rows written since the last generation it
// saw. A B-tree of (band, report) rows in the database did the same job,
// but its keys are random: a batch of 1,000 reports dirtied some 16,000
// pages, and the analysis of 250,000 reports slowed from 1,500 to 500
// reports a second as the tree outgrew the cache (docs/pipeline.md).
//
// An entry is 8 bytes: the band key's top 32 bits and the report's number.
// Two bands that differ only below the top 32 bits make a report a
// candidate it is not; the caller compares the signatures of candidates
// anyway, so the only cost is a rare extra read. An index never forgets
// an entry (a report analysed again adds its new keys beside the old), so
// it finds a superset of the reports that share a band, never fewer.
//
// It is safe for concurrent use.
type BandIndex struct {
	mu         sync.Mutex
	generation int64
	ids        []string           // report number → ID
	numbers    map[string]int32   // ID → report number
	sorted     []uint64           // band<<32 | number, ascending
	recent     map[uint32][]int32 // band → numbers, not yet merged into sorted
	nrecent    int
}

// NewBandIndex returns an empty index.
func NewBandIndex() *BandIndex {
	return &BandIndex{numbers: map[string]int32{}, recent: map[uint32][]int32{}}
}

// Generation returns the newest generation of keys added.
func (x *BandIndex) Generation() int64 {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.generation
}

// Add records a report's band keys, written by the analysis of the given
// generation.
func (x *BandIndex) Add(generation int64, reportID string, bands []uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.generation = max(x.generation, generation)
	n, ok := x.numbers[reportID]
	if !ok {
		n = int32(len(x.ids))
		x.ids = append(x.ids, reportID)
		x.numbers[reportID] = n
	}
	for _, b := range bands {
		top := uint32(b >> 32)
		x.recent[top] = append(x.recent[top], n)
	}
	x.nrecent += len(bands)
	// Merging when the recent part reaches an eighth of the sorted keeps
	// the cost of an entry constant on average, and the memory small: a
	// sorted entry is 8 bytes, a recent one several times that.
	if x.nrecent > max(4096, len(x.sorted)/8) {
		x.merge()
	}
}

// merge moves the recent entries into the sorted ones.
func (x *BandIndex) merge() {
	add := make([]uint64, 0, x.nrecent)
	for top, ns := range x.recent {
		for _, n := range ns {
			add = append(add, uint64(top)<<32|uint64(uint32(n)))
		}
	}
	slices.Sort(add)
	merged := make([]uint64, 0, len(x.sorted)+len(add))
	i, j := 0, 0
	for i < len(x.sorted) || j < len(add) {
		var v uint64
		if j == len(add) || i < len(x.sorted) && x.sorted[i] <= add[j] {
			v, i = x.sorted[i], i+1
		} else {
			v, j = add[j], j+1
		}
		if len(merged) == 0 || merged[len(merged)-1] != v {
			merged = append(merged, v) // a report analysed again repeats its keys
		}
	}
	x.sorted, x.recent, x.nrecent = merged, map[uint32][]int32{}, 0
}

// Sharing returns the IDs of the reports that may share one of the band
// keys, sorted.
func (x *BandIndex) Sharing(bands []uint64) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	found := map[int32]bool{}
	for _, b := range bands {
		top := b >> 32
		i, _ := slices.BinarySearch(x.sorted, top<<32)
		for ; i < len(x.sorted) && x.sorted[i]>>32 == top; i++ {
			found[int32(uint32(x.sorted[i]))] = true
		}
		for _, n := range x.recent[uint32(top)] {
			found[n] = true
		}
	}
	out := make([]string, 0, len(found))
	for n := range found {
		out = append(out, x.ids[n])
	}
	slices.Sort(out)
	return out
}

// Len returns how many reports the index holds.
func (x *BandIndex) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.ids)
}
