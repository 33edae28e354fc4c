package correlate

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/trucewatch/trucewatch"
)

// Stored is a claim on record with the incident it belongs to: "" for a
// claim that is in none (not an incident claim, or without a date).
type Stored struct {
	Claim      trucewatch.Claim
	IncidentID string
}

// Source is what Update reads of the record. Every method returns claims
// whole (Update groups them again), in any order.
type Source interface {
	// ClaimsNear returns every incident claim on record with this target
	// (Incident.Target) and country (Incident.Place.Country) whose date
	// lies in [from, to], inclusive, with its incident.
	ClaimsNear(ctx context.Context, target trucewatch.Target, country trucewatch.Party, from, to trucewatch.Date) ([]Stored, error)
	// ClaimsOf returns every claim of these incidents.
	ClaimsOf(ctx context.Context, incidentIDs []string) ([]Stored, error)
	// ClaimsByID returns the claims on record with these IDs; IDs not on
	// record are left out.
	ClaimsByID(ctx context.Context, ids []string) ([]Stored, error)
	// ClaimsMerged returns every claim on record in an incident whose
	// merge label (Claim.MergeLabel) is one of labels.
	ClaimsMerged(ctx context.Context, labels []string) ([]Stored, error)
}

// Change is what Update computed: the incidents to delete (by ID) and the
// incidents that replace them, with the claims of each. A new incident may
// keep an old ID, so delete first, then insert. Every claim of a removed
// incident that stays on record is in exactly one new incident.
type Change struct {
	Removed   []string              // sorted
	Incidents []trucewatch.Incident // in Group's order
}

// Update returns how the record's incidents change when the claims added
// join it and the claims whose IDs are in removed leave it (a report
// extracted again). An added claim whose ID is on record replaces the claim
// on record, as if its ID were in removed too; IDs in removed that are not
// on record are ignored. The caller stores the claims and applies the
// Change, in one transaction with the reads, so that the record's incidents
// stay Group over the claims on record. Its cost grows with the batch and
// the incidents around it, not with the record.
//
// Why the result equals Group over all claims. Let C be the claims on
// record, C' = C − removed + added, and Y the claims of the affected
// incidents (the incidents of C that Update reloads). Update returns
// Group(Z) for Z = Y − removed + added and keeps the other incidents, those
// of W = C − Y. That is Group(C') when no link of C' joins Z to W, and the
// links within Z and within W are the same in C' as when Z or W is grouped
// alone (and as in C, for W).
//
// Compatible pairs depend on the two claims alone (split labels included:
// a pair has the same split label). No pair joins Y\removed to W: Y is a
// union of incidents of C. No pair joins an added claim to W: every stored
// claim compatible with an added one is affected.
//
// Merge links depend on the two claims alone too, but join claims however
// far apart. No merge link joins Y\removed to W, for the same reason. No
// merge link joins an added claim to W: Update reads the stored claims
// with the merge labels of the added ones (ClaimsMerged, an index on
// claims) and makes their incidents affected. Merge links within W are the
// same in C and C' (W's claims are unchanged).
//
// The oblast rule: claim o links to the best candidate town in the set,
// best by (days apart, claim ID), a total order, so in C' o's choice is the
// best of its choices in C (if still there) and the added candidates.
//   - o in W: its choice in C is in its own incident, so in W; it has no
//     added candidate (the incidents of stored oblast-level claims an added
//     town is a candidate for are affected) and its choice was not removed
//     (the incidents of stored oblast-level claims a removed town was a
//     candidate for are affected). So its choice is the same in C, in C'
//     and in W.
//   - o in Y, not removed: its choice in C is in its incident, so in Y. If
//     that choice stays, the choice in C' is it or an added town, both in
//     Z. If it was removed, o is a candidate of a removed town, and Update
//     computes o's choice in C' and makes its incident affected.
//   - o added: Update computes its choice in C' and makes its incident
//     affected.
//
// So every choice made in C' by a claim of Z lies in Z, and being the best
// in C' it is the best in Z; every choice made by a claim of W lies in W.
// A removed oblast-level claim's link goes with it: its town is in its own
// incident, which is affected. Claims without a date are never grouped.
func Update(ctx context.Context, src Source, added []trucewatch.Claim, removed []string) (Change, error) {
	// The claims that leave: those removed, and the claims on record that
	// added ones replace.
	ids := slices.Clone(removed)
	seen := map[string]bool{}
	for _, c := range added {
		if seen[c.ID] {
			return Change{}, fmt.Errorf("correlate: update: claim %s added twice", c.ID)
		}
		seen[c.ID] = true
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var old []Stored
	if len(ids) > 0 {
		var err error
		if old, err = src.ClaimsByID(ctx, ids); err != nil {
			return Change{}, fmt.Errorf("correlate: update: claims leaving: %w", err)
		}
	}
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}

	affected := map[string]bool{}
	var leaving, arriving []item
	for i := range old {
		s := &old[i]
		if s.IncidentID != "" {
			affected[s.IncidentID] = true
		}
		if it, ok := newItem(&s.Claim); ok {
			if s.IncidentID == "" {
				return Change{}, fmt.Errorf("correlate: update: claim %s on record has a date but no incident", s.Claim.ID)
			}
			leaving = append(leaving, it)
		}
	}
	for i := range added {
		if it, ok := newItem(&added[i]); ok {
			arriving = append(arriving, it)
		}
	}

	// The stored claims that could link to the claims arriving and leaving:
	// a day around an added claim (its pairs, its towns, the oblast-level
	// claims that could choose it), two days around a removed town (the
	// oblast-level claims that could have chosen it, and their towns).
	var win windows
	for _, it := range arriving {
		win.add(it, MaxDaysApart)
	}
	for _, it := range leaving {
		if it.town() {
			win.add(it, 2*MaxDaysApart)
		}
	}
	p, err := win.load(ctx, src, gone)
	if err != nil {
		return Change{}, err
	}
	for _, it := range arriving {
		p.add(entry{item: it})
	}

	// The incidents of the stored claims an added claim is merged with.
	var labels []string
	for _, a := range arriving {
		if a.merge != "" {
			labels = append(labels, a.merge)
		}
	}
	if len(labels) > 0 {
		slices.Sort(labels)
		merged, err := src.ClaimsMerged(ctx, slices.Compact(labels))
		if err != nil {
			return Change{}, fmt.Errorf("correlate: update: merged claims: %w", err)
		}
		for _, s := range merged {
			if !gone[s.Claim.ID] && s.IncidentID != "" {
				affected[s.IncidentID] = true
			}
		}
	}

	for _, a := range arriving {
		for e := range p.around(a) {
			if e.incident == "" {
				continue // added
			}
			if linked(a, e.item) || candidate(e.item, a) {
				affected[e.incident] = true
			}
		}
		if a.oblast() {
			if best := p.choice(a); best != nil && best.incident != "" {
				affected[best.incident] = true
			}
		}
	}
	for _, r := range leaving {
		if !r.town() {
			continue
		}
		for e := range p.around(r) {
			if e.incident != "" && candidate(e.item, r) {
				affected[e.incident] = true
				if best := p.choice(e.item); best != nil && best.incident != "" {
					affected[best.incident] = true
				}
			}
		}
	}

	incidents := slices.Sorted(maps.Keys(affected))
	var claims []trucewatch.Claim
	if len(incidents) > 0 {
		members, err := src.ClaimsOf(ctx, incidents)
		if err != nil {
			return Change{}, fmt.Errorf("correlate: update: claims of %d incidents: %w", len(incidents), err)
		}
		for _, s := range members {
			if !gone[s.Claim.ID] {
				claims = append(claims, s.Claim)
			}
		}
	}
	claims = append(claims, added...)
	return Change{Removed: incidents, Incidents: Group(claims)}, nil
}

// entry is a claim Update looks at: stored (with its incident) or added
// (incident "").
type entry struct {
	item
	incident string
}

// dayKey is a day of one target in one country: what ClaimsNear selects.
type dayKey struct {
	target  trucewatch.Target
	country trucewatch.Party
	day     int
}

// pool holds the entries Update looks at, by day. Every day it holds was
// loaded whole. Of the entries of one incident (or of the added claims)
// that are twins (see twinKey) it keeps one, with the smallest claim ID:
// the others link to the same claims, are candidates for the same
// oblast-level claims, and no oblast-level claim would choose them over
// it. So a day of thousands of claims about a few places holds a few
// entries, and comparing each added claim with them costs little.
type pool map[dayKey]*poolDay

type poolDay struct {
	entries []entry
	at      map[entryKey]int // index in entries
}

// entryKey is what Update looks at of an entry: what linked looks at,
// what makes it a town or an oblast-level claim, and its incident.
type entryKey struct {
	twin      twinKey
	admin1    string
	precision trucewatch.PlacePrecision
	incident  string
}

func (p pool) add(e entry) {
	k := dayKey{e.target, e.place.Country, e.day}
	d := p[k]
	if d == nil {
		d = &poolDay{at: map[entryKey]int{}}
		p[k] = d
	}
	ek := entryKey{e.twin(), e.place.Admin1, e.place.Precision, e.incident}
	if i, ok := d.at[ek]; ok {
		if e.claim.ID < d.entries[i].claim.ID {
			d.entries[i] = e
		}
		return
	}
	d.at[ek] = len(d.entries)
	d.entries = append(d.entries, e)
}

// around yields the entries of it's target and country at most a day from
// it.
func (p pool) around(it item) iter.Seq[*entry] {
	return func(yield func(*entry) bool) {
		for d := it.day - MaxDaysApart; d <= it.day+MaxDaysApart; d++ {
			pd := p[dayKey{it.target, it.place.Country, d}]
			if pd == nil {
				continue
			}
			es := pd.entries
			for i := range es {
				if !yield(&es[i]) {
					return
				}
			}
		}
	}
}

// choice returns the town the oblast-level claim o links to, or nil.
func (p pool) choice(o item) *entry {
	var best *entry
	for e := range p.around(o) {
		if candidate(o, e.item) && (best == nil || closer(o, e.item, best.item)) {
			best = e
		}
	}
	return best
}

// windows are the days to read, by target and country.
type windows map[nearKey][][2]int

// nearKey is a target in a country: what ClaimsNear selects, besides days.
type nearKey struct {
	target  trucewatch.Target
	country trucewatch.Party
}

// add asks for the days at most span from it.
func (w *windows) add(it item, span int) {
	if *w == nil {
		*w = windows{}
	}
	k := nearKey{it.target, it.place.Country}
	(*w)[k] = append((*w)[k], [2]int{it.day - span, it.day + span})
}

// load reads the windows, overlapping ones at once, and returns the claims
// on record in them, less those gone.
func (w windows) load(ctx context.Context, src Source, gone map[string]bool) (pool, error) {
	keys := slices.SortedFunc(maps.Keys(w), func(a, b nearKey) int {
		return cmp.Or(cmp.Compare(a.target, b.target), cmp.Compare(a.country, b.country))
	})
	p := pool{}
	for _, k := range keys {
		spans := w[k]
		slices.SortFunc(spans, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
		merged := [][2]int{spans[0]}
		for _, s := range spans[1:] {
			last := &merged[len(merged)-1]
			if s[0] <= last[1]+1 {
				last[1] = max(last[1], s[1])
			} else {
				merged = append(merged, s)
			}
		}
		for _, span := range merged {
			from, to := epoch.AddDays(span[0]), epoch.AddDays(span[1])
			got, err := src.ClaimsNear(ctx, k.target, k.country, from, to)
			if err != nil {
				return nil, fmt.Errorf("correlate: update: claims near %s/%s %s..%s: %w", k.target, k.country, from, to, err)
			}
			for i := range got {
				st := &got[i]
				if gone[st.Claim.ID] {
					continue
				}
				it, ok := newItem(&st.Claim)
				if !ok {
					continue
				}
				if st.IncidentID == "" {
					return nil, fmt.Errorf("correlate: update: claim %s on record has a date but no incident", st.Claim.ID)
				}
				p.add(entry{item: it, incident: st.IncidentID})
			}
		}
	}
	return p, nil
}
