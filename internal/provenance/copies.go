package provenance

import (
	"cmp"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"math"
	"slices"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// Wire copies and near-duplicates are texts whose word 5-shingles overlap
// by Threshold or more (Jaccard similarity, estimated by MinHash). Two
// reports are copies when their signatures agree in one of Bands bands of
// Rows values each (locality-sensitive hashing: only reports that share a
// band are ever compared) and the estimate reaches Threshold. A family of
// copies is a connected group of such pairs; its first report is the
// earliest published, then the smallest ID.
const (
	Hashes    = 64
	Bands     = 16
	Rows      = Hashes / Bands
	Shingle   = 5
	Threshold = 0.5
)

// Signature is the MinHash of a text. It is computed once per report and
// stored: the hashes are fixed (FNV-1a and a fixed mix), so a signature
// means the same in every process and every version of trucewatch.
type Signature [Hashes]uint64

// Sign returns a text's signature; a text of fewer than Shingle words has
// the empty signature, which is no one's copy.
func Sign(text string) Signature {
	var sig Signature
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	ws := lang.Words(text)
	if len(ws) < Shingle {
		return sig
	}
	for i := 0; i+Shingle <= len(ws); i++ {
		h := fnv.New64a()
		for _, w := range ws[i : i+Shingle] {
			h.Write([]byte(w.Norm))
			h.Write([]byte{' '})
		}
		s := h.Sum64()
		for j := range sig {
			// Each of the 64 hash functions: the shingle hash mixed with j.
			if v := mix(s ^ uint64(j)*0x9E3779B97F4A7C15); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

// Empty reports the signature of a text too short to shingle.
func (s Signature) Empty() bool { return s[0] == math.MaxUint64 }

// Bands returns the signature's band keys: one number per band that two
// signatures share exactly when they agree in all of that band's rows. An
// empty signature has none.
func (s Signature) Bands() []uint64 {
	if s.Empty() {
		return nil
	}
	out := make([]uint64, Bands)
	for b := range Bands {
		k := mix(uint64(b) + 1)
		for _, v := range s[b*Rows : (b+1)*Rows] {
			k = mix(k ^ v)
		}
		out[b] = k
	}
	return out
}

// Similar reports whether two signatures are copies of each other.
func Similar(a, b Signature) bool {
	if a.Empty() || b.Empty() {
		return false
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return enough(same)
}

// MarshalBinary writes the signature as 512 bytes, big-endian.
func (s Signature) MarshalBinary() ([]byte, error) {
	out := make([]byte, 8*Hashes)
	for i, v := range s {
		binary.BigEndian.PutUint64(out[8*i:], v)
	}
	return out, nil
}

// UnmarshalBinary reads what MarshalBinary wrote.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b) != 8*Hashes {
		return errors.New("provenance: a signature is 512 bytes")
	}
	for i := range s {
		s[i] = binary.BigEndian.Uint64(b[8*i:])
	}
	return nil
}

func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// Copies finds the families of copies among reports, all at once. It
// returns, for each report in a family, the ID of the family's first
// report; reports with no copy are absent. UpdateFamilies computes the same
// incrementally, as reports arrive.
func Copies(reports []trucewatch.Report) map[string]string {
	members := make([]Member, len(reports))
	for i, r := range reports {
		members[i] = Member{ID: r.ID, Published: r.Published, Sig: Sign(r.Text)}
	}
	return families(members)
}

// families joins the members that are copies into families, comparing
// only members that share a band, and returns each family member's first.
func families(ms []Member) map[string]string {
	parent := make([]int, len(ms))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	buckets := map[uint64][]int{}
	for i, m := range ms {
		for _, b := range m.Sig.Bands() {
			buckets[b] = append(buckets[b], i)
		}
	}
	for _, idx := range buckets {
		for a := range idx {
			for _, j := range idx[a+1:] {
				i := idx[a]
				if ri, rj := find(i), find(j); ri != rj && Similar(ms[i].Sig, ms[j].Sig) {
					parent[max(ri, rj)] = min(ri, rj)
				}
			}
		}
	}
	groups := map[int][]int{}
	for i := range ms {
		groups[find(i)] = append(groups[find(i)], i)
	}
	out := map[string]string{}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		first := slices.MinFunc(g, func(a, b int) int { return ms[a].order(ms[b]) })
		for _, i := range g {
			out[ms[i].ID] = ms[first].ID
		}
	}
	return out
}

// Member is a report as copy detection sees it: its signature, when it
// was published, and the first report of its family ("" when it has no
// copy).
type Member struct {
	ID        string
	Published trucewatch.Published
	Sig       Signature
	First     string
}

// order sorts the members of a family: the earliest published first (an
// undated report last), then by ID.
func (m Member) order(o Member) int {
	switch {
	case m.Published.IsZero() != o.Published.IsZero():
		if m.Published.IsZero() {
			return 1
		}
		return -1
	case !m.Published.Time.Equal(o.Published.Time):
		return m.Published.Time.Compare(o.Published.Time)
	}
	return cmp.Compare(m.ID, o.ID)
}
