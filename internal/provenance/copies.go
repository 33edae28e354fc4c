package provenance

import (
	"hash/maphash"
	"math"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// Copies finds wire copies and near-duplicates among reports: texts whose
// word 5-shingles overlap by Threshold or more (Jaccard similarity,
// estimated by MinHash with locality-sensitive hashing, so the work grows
// with the number of reports, not its square). It returns, for each report
// in a family of copies, the ID of the family's first report (the earliest
// published, then the smallest ID); reports with no copy are absent.
func Copies(reports []trucewatch.Report) map[string]string {
	const (
		hashes    = 64
		bands     = 16
		rows      = hashes / bands
		shingle   = 5
		threshold = 0.5
	)
	seed := maphash.MakeSeed()
	sigs := make([][hashes]uint64, len(reports))
	for i, r := range reports {
		sigs[i] = signature(r.Text, shingle, seed)
	}
	uf := make([]int, len(reports))
	for i := range uf {
		uf[i] = i
	}
	find := func(i int) int {
		for uf[i] != i {
			uf[i] = uf[uf[i]]
			i = uf[i]
		}
		return i
	}
	for b := 0; b < bands; b++ {
		buckets := map[[rows]uint64][]int{}
		for i := range reports {
			var key [rows]uint64
			copy(key[:], sigs[i][b*rows:(b+1)*rows])
			if key[0] == math.MaxUint64 {
				continue // too short to shingle
			}
			buckets[key] = append(buckets[key], i)
		}
		for _, idx := range buckets {
			for _, j := range idx[1:] {
				if similarity(sigs[idx[0]], sigs[j]) >= threshold {
					ri, rj := find(idx[0]), find(j)
					if ri != rj {
						uf[max(ri, rj)] = min(ri, rj)
					}
				}
			}
		}
	}
	families := map[int][]int{}
	for i := range reports {
		families[find(i)] = append(families[find(i)], i)
	}
	out := map[string]string{}
	for _, members := range families {
		if len(members) < 2 {
			continue
		}
		first := members[0]
		for _, m := range members[1:] {
			if earlier(reports[m], reports[first]) {
				first = m
			}
		}
		for _, m := range members {
			out[reports[m].ID] = reports[first].ID
		}
	}
	return out
}

func earlier(a, b trucewatch.Report) bool {
	switch {
	case a.Published.IsZero() != b.Published.IsZero():
		return !a.Published.IsZero()
	case !a.Published.Time.Equal(b.Published.Time):
		return a.Published.Time.Before(b.Published.Time)
	}
	return a.ID < b.ID
}

// signature is the MinHash of the text's word shingles.
func signature(text string, k int, seed maphash.Seed) [64]uint64 {
	var sig [64]uint64
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	ws := lang.Words(text)
	if len(ws) < k {
		return sig
	}
	var b strings.Builder
	for i := 0; i+k <= len(ws); i++ {
		b.Reset()
		for _, w := range ws[i : i+k] {
			b.WriteString(w.Norm)
			b.WriteByte(' ')
		}
		h := maphash.String(seed, b.String())
		for j := range sig {
			// Each of the 64 hash functions: the shingle hash mixed with j.
			v := mix(h ^ uint64(j)*0x9E3779B97F4A7C15)
			if v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func similarity(a, b [64]uint64) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
