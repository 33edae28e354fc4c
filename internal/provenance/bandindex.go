package provenance

import (
	"slices"
	"sync"

	"github.com/trucewatch/trucewatch"
)

// Keys returns what a BandIndex keeps of a report's signature: its band
// keys and its sketch, one byte of each hash. An empty signature has
// neither.
func Keys(reportID string, s Signature) trucewatch.BandKeys {
	k := trucewatch.BandKeys{ReportID: reportID, Bands: s.Bands()}
	if len(k.Bands) > 0 {
		k.Sketch = make([]byte, Hashes)
		for i, v := range s {
			k.Sketch[i] = byte(v)
		}
	}
	return k
}

// enough reports whether two signatures that agree in this many hashes
// are copies.
func enough(same int) bool { return float64(same)/float64(Hashes) >= Threshold }

// BandIndex finds, in memory, the analysed reports that may be copies of
// a report being analysed: those that share one of its band keys and
// whose sketch agrees with its signature in enough places.
//
// It is a cache of the stored band keys (one row per analysed report,
// written with the generation of the analysis that wrote it), caught up
// with the rows written since the newest generation it holds. A B-tree of
// (band, report) rows in the database did this job before, but its keys
// are random: a batch of 1,000 reports dirtied some 16,000 pages, and the
// analysis of 250,000 reports slowed from 1,500 to 500 reports a second
// as the tree outgrew the cache. Reports that share a band key but are no
// copies were all read to be compared, and their number grows with the
// record; the sketch leaves most of them out without reading them: two
// signatures agree in at least as many bytes of their hashes as in whole
// hashes, so a report whose sketch agrees in fewer than Threshold of the
// places is no copy.
//
// A band entry is 8 bytes (the key's top 32 bits and the report's number),
// a sketch 64. Two band keys that differ only below the top 32 bits make
// a report a candidate it is not: the caller compares the signatures of
// candidates, so that costs a rare extra read. An index never forgets a
// band entry (a report analysed again adds its keys beside the old ones),
// so it finds more candidates than it must, never fewer.
//
// It is safe for concurrent use.
type BandIndex struct {
	mu         sync.Mutex
	generation int64
	ids        []string           // report number → ID
	numbers    map[string]int32   // ID → report number
	sketches   []byte             // Hashes bytes a report number
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

// Add records a report's keys. Keys without a sketch of Hashes bytes
// are left out.
func (x *BandIndex) Add(k trucewatch.BandKeys) {
	if len(k.Sketch) != Hashes {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.generation = max(x.generation, k.Generation)
	n, ok := x.numbers[k.ReportID]
	if !ok {
		n = int32(len(x.ids))
		x.ids = append(x.ids, k.ReportID)
		x.numbers[k.ReportID] = n
		x.sketches = append(x.sketches, k.Sketch...)
	} else {
		copy(x.sketches[int(n)*Hashes:], k.Sketch)
	}
	for _, b := range k.Bands {
		top := uint32(b >> 32)
		x.recent[top] = append(x.recent[top], n)
	}
	x.nrecent += len(k.Bands)
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

// Candidates returns, sorted, the IDs of the reports that may be copies of
// a report with this signature: every report that is one, and a few that
// are not.
func (x *BandIndex) Candidates(s Signature) []string {
	bands := s.Bands()
	x.mu.Lock()
	defer x.mu.Unlock()
	seen := map[int32]bool{}
	var out []string
	consider := func(n int32) {
		if seen[n] {
			return
		}
		seen[n] = true
		sketch, same := x.sketches[int(n)*Hashes:int(n+1)*Hashes], 0
		for i, v := range s {
			if byte(v) == sketch[i] {
				same++
			}
		}
		if enough(same) {
			out = append(out, x.ids[n])
		}
	}
	for _, b := range bands {
		top := b >> 32
		i, _ := slices.BinarySearch(x.sorted, top<<32)
		for ; i < len(x.sorted) && x.sorted[i]>>32 == top; i++ {
			consider(int32(uint32(x.sorted[i])))
		}
		for _, n := range x.recent[uint32(top)] {
			consider(n)
		}
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
