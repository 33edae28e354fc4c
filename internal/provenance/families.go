package provenance

import (
	"context"
	"fmt"
	"maps"
	"slices"
)

// FamilySource is what UpdateFamilies reads of the stored reports.
type FamilySource interface {
	// Candidates returns stored reports that may be copies of the added
	// ones: every stored report that is a copy of one and shares one of
	// its band keys, and perhaps others.
	Candidates(ctx context.Context, added []Member) ([]Member, error)
	// FamilyMembers returns every stored member of these families, named
	// by their first reports.
	FamilyMembers(ctx context.Context, firsts []string) ([]Member, error)
}

// UpdateFamilies finds the families of copies that change when the added
// reports (not stored yet) join the record, reading only what they touch.
// It returns the new first of every report whose first changes, the added
// ones with a copy included ("" would mean no copy; a family only grows, so
// no stored report loses its first). Every other report keeps its First.
//
// The result is what Copies computes over all reports. A stored family is
// a whole connected group of copies already, and a new pair of copies has
// an added report on one side and, on the other, a report that shares one
// of its bands and is its copy. So the families that can change are those
// of the stored copies of added reports; recomputing those families,
// whole, together with the added reports gives them as a full computation
// would.
func UpdateFamilies(ctx context.Context, src FamilySource, added []Member) (map[string]string, error) {
	byBand := map[uint64][]int{}
	for i, m := range added {
		for _, b := range m.Sig.Bands() {
			byBand[b] = append(byBand[b], i)
		}
	}
	if len(byBand) == 0 {
		return map[string]string{}, nil
	}
	near, err := src.Candidates(ctx, added)
	if err != nil {
		return nil, fmt.Errorf("copies: %w", err)
	}
	involved := map[string]Member{}
	firsts := map[string]bool{}
	for _, m := range near {
		if !copyOfOne(m, added, byBand) {
			continue // its family does not change
		}
		involved[m.ID] = m
		if m.First != "" {
			firsts[m.First] = true
		}
	}
	if len(firsts) > 0 {
		kin, err := src.FamilyMembers(ctx, slices.Sorted(maps.Keys(firsts)))
		if err != nil {
			return nil, fmt.Errorf("copies: %w", err)
		}
		for _, m := range kin {
			involved[m.ID] = m
		}
	}
	for _, m := range added {
		m.First = ""
		involved[m.ID] = m
	}
	ms := slices.SortedFunc(maps.Values(involved), func(a, b Member) int { return a.order(b) })
	now := families(ms)
	changed := map[string]string{}
	for _, m := range ms {
		if f := now[m.ID]; f != m.First {
			changed[m.ID] = f
		}
	}
	return changed, nil
}

// copyOfOne reports whether m shares a band key with one of the added
// reports (byBand lists them by key) and is its copy.
func copyOfOne(m Member, added []Member, byBand map[uint64][]int) bool {
	for _, b := range m.Sig.Bands() {
		for _, i := range byBand[b] {
			if added[i].ID != m.ID && Similar(m.Sig, added[i].Sig) {
				return true
			}
		}
	}
	return false
}
