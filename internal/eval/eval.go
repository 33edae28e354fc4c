// Package eval scores extracted claims against gold annotations, by the
// rules of the annotation contract (format v1):
//
//   - incidents match one to one when the country is the same, the dates
//     differ by at most one day, the target is the same, and the place
//     agrees at the gold's precision (a settlement within 25 km of the gold
//     coordinates, or the same gazetteer entry when the gold has none; the
//     same first-level unit; for a region or a country, the same country);
//   - exchanges match on the parties and a date at most one day apart;
//     agreements on the parties and the scope;
//   - counts, durations and statuses, and an incident's perpetrator,
//     claimant, weapon, quantity, killed and injured, are scored as
//     accuracies over matched pairs.
package eval

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/annotation"
	"github.com/trucewatch/trucewatch/internal/geo"
)

// Score counts matches for one kind of claim.
type Score struct {
	Gold, Found, Matched int
}

func (s *Score) add(o Score) {
	s.Gold, s.Found, s.Matched = s.Gold+o.Gold, s.Found+o.Found, s.Matched+o.Matched
}

// Precision is matched/found; 1 when nothing was found and nothing was to be.
func (s Score) Precision() float64 { return ratio(s.Matched, s.Found, s.Gold == 0) }

// Recall is matched/gold; 1 when there was nothing to find.
func (s Score) Recall() float64 { return ratio(s.Matched, s.Gold, true) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int, emptyIsPerfect bool) float64 {
	if b == 0 {
		if emptyIsPerfect {
			return 1
		}
		return 0
	}
	return float64(a) / float64(b)
}

// Accuracy counts agreeing fields over matched pairs.
type Accuracy struct{ Right, Total int }

func (a *Accuracy) count(ok bool) {
	a.Total++
	if ok {
		a.Right++
	}
}

func (a Accuracy) String() string {
	if a.Total == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(a.Right)/float64(a.Total))
}

// Result is the score of one file or of many.
type Result struct {
	Incidents, Exchanges, Agreements Score
	// Field accuracies over matched incidents, exchanges and agreements.
	Fields map[string]*Accuracy
	// Misses and Extras describe unmatched gold and found claims.
	Misses, Extras []string
	// Abroad lists the found incidents placed outside Ukraine and Russia,
	// where the war's strikes are not: each is a geocoding error.
	Abroad []string
}

func newResult() Result {
	r := Result{Fields: map[string]*Accuracy{}}
	for _, f := range fieldNames {
		r.Fields[f] = &Accuracy{}
	}
	return r
}

var fieldNames = []string{"perpetrator", "claimant", "weapon", "quantity", "killed", "injured", "returned", "duration", "status"}

// Add adds another result's counts.
func (r *Result) Add(o Result) {
	r.Incidents.add(o.Incidents)
	r.Exchanges.add(o.Exchanges)
	r.Agreements.add(o.Agreements)
	r.Abroad = append(r.Abroad, o.Abroad...)
	for _, f := range fieldNames {
		r.Fields[f].Right += o.Fields[f].Right
		r.Fields[f].Total += o.Fields[f].Total
	}
}

// Scorer compares files; the gazetteer resolves gold place names.
type Scorer struct {
	Gaz *geo.Gazetteer
}

// Compare scores found against gold. Gold records marked optional may be
// found or missed without cost: they neither count as gold nor let what
// matches them count as an extra.
func (sc Scorer) Compare(gold, found annotation.File) Result {
	r := newResult()
	r.Incidents.Found = len(found.Incidents)
	for _, f := range found.Incidents {
		if f.Country != "UA" && f.Country != "RU" {
			r.Abroad = append(r.Abroad, describe(f))
		}
	}
	used := make([]bool, len(found.Incidents))
	// Required records first, so that an optional one never takes the
	// prediction a required one needs.
	golds := slices.Clone(gold.Incidents)
	slices.SortStableFunc(golds, func(a, b annotation.Incident) int { return boolRank(a.Optional) - boolRank(b.Optional) })
	for _, g := range golds {
		if !g.Optional {
			r.Incidents.Gold++
		}
		best, bestDiff := -1, 1<<30
		for j, f := range found.Incidents {
			if used[j] || !sc.incidentsMatch(g, f) {
				continue
			}
			if diff := dayDiff(g.Date, f.Date); diff < bestDiff {
				best, bestDiff = j, diff
			}
		}
		if best < 0 {
			if !g.Optional {
				r.Misses = append(r.Misses, "incident "+describe(g))
			}
			continue
		}
		used[best] = true
		if g.Optional {
			r.Incidents.Found-- // neither a match nor an extra
			continue
		}
		f := found.Incidents[best]
		r.Incidents.Matched++
		r.Fields["perpetrator"].count(g.Perpetrator == f.Perpetrator)
		r.Fields["claimant"].count(g.Claimant == f.Claimant)
		r.Fields["weapon"].count(g.Weapon == f.Weapon)
		r.Fields["quantity"].count(sameCount(g.Quantity, f.Quantity))
		r.Fields["killed"].count(sameCount(g.Killed, f.Killed))
		r.Fields["injured"].count(sameCount(g.Injured, f.Injured))
	}
	for j, f := range found.Incidents {
		if !used[j] {
			r.Extras = append(r.Extras, "incident "+describe(f))
		}
	}

	r.Exchanges = Score{Found: len(found.Exchanges)}
	usedX := make([]bool, len(found.Exchanges))
	for _, g := range gold.Exchanges {
		if !g.Optional {
			r.Exchanges.Gold++
		}
		j, best := -1, 2
		for k, f := range found.Exchanges {
			if diff := dayDiff(g.Date, f.Date); !usedX[k] && annotation.SameSet(g.Parties, f.Parties) && diff < best {
				j, best = k, diff // the nearest day: three exchanges on three days match one to one
			}
		}
		if j < 0 {
			if !g.Optional {
				r.Misses = append(r.Misses, fmt.Sprintf("exchange %s %v", g.Date, g.Returned))
			}
			continue
		}
		usedX[j] = true
		if g.Optional {
			r.Exchanges.Found--
			continue
		}
		r.Exchanges.Matched++
		r.Fields["returned"].count(sameReturned(g.Returned, found.Exchanges[j].Returned))
	}
	for j, f := range found.Exchanges {
		if !usedX[j] {
			r.Extras = append(r.Extras, fmt.Sprintf("exchange %s %v", f.Date, f.Returned))
		}
	}

	r.Agreements = Score{Found: len(found.Agreements)}
	usedA := make([]bool, len(found.Agreements))
	for _, g := range gold.Agreements {
		if !g.Optional {
			r.Agreements.Gold++
		}
		j := firstUnused(usedA, func(j int) bool {
			f := found.Agreements[j]
			return annotation.SameSet(g.Parties, f.Parties) && annotation.SameSet(g.Scope, f.Scope)
		})
		if j < 0 {
			if !g.Optional {
				r.Misses = append(r.Misses, fmt.Sprintf("agreement %v %s", g.Scope, g.Status))
			}
			continue
		}
		usedA[j] = true
		if g.Optional {
			r.Agreements.Found--
			continue
		}
		f := found.Agreements[j]
		r.Agreements.Matched++
		r.Fields["duration"].count(sameCount(g.DurationDays, f.DurationDays))
		r.Fields["status"].count(g.Status == f.Status)
	}
	for j, f := range found.Agreements {
		if !usedA[j] {
			r.Extras = append(r.Extras, fmt.Sprintf("agreement %v %v %s", f.Parties, f.Scope, f.Status))
		}
	}
	return r
}

// firstUnused returns the first index not yet used for which match holds,
// or -1: each found claim matches at most one gold claim.
func firstUnused(used []bool, match func(int) bool) int {
	for j := range used {
		if !used[j] && match(j) {
			return j
		}
	}
	return -1
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (sc Scorer) incidentsMatch(g, f annotation.Incident) bool {
	if g.Country != f.Country || g.Target != f.Target || dayDiff(g.Date, f.Date) > 1 {
		return false
	}
	switch g.PlacePrecision {
	case string(trucewatch.PlaceSettlement):
		if g.Lat != nil && g.Lon != nil {
			return f.Lat != nil && f.Lon != nil && (trucewatch.Place{Lat: *g.Lat, Lon: *g.Lon}).DistanceKm(trucewatch.Place{Lat: *f.Lat, Lon: *f.Lon}) <= 25
		}
		m, err := sc.Gaz.Geocode(g.Place, g.Admin1)
		return err == nil && m.Place.ID == f.PlaceID
	case string(trucewatch.PlaceAdmin1):
		return sc.unitOf(g) != "" && sc.unitOf(g) == sc.unitOfFound(f)
	}
	return true // a region or a country: the country decides
}

// unitOf resolves a gold incident's first-level unit by its name.
func (sc Scorer) unitOf(g annotation.Incident) string {
	name := g.Admin1
	if name == "" {
		name = g.Place
	}
	for _, q := range []string{name, strings.TrimSuffix(strings.TrimSuffix(name, " Oblast"), " Krai") + " region"} {
		if m, err := sc.Gaz.Geocode(q, ""); err == nil && m.Place.Admin1 != "" {
			return m.Place.Admin1
		}
	}
	return ""
}

func (sc Scorer) unitOfFound(f annotation.Incident) string {
	if p, ok := sc.Gaz.Place(f.PlaceID); ok {
		return p.Admin1
	}
	return ""
}

func dayDiff(a, b string) int {
	da, err1 := trucewatch.ParseDate(a)
	db, err2 := trucewatch.ParseDate(b)
	if err1 != nil || err2 != nil {
		return 1 << 20
	}
	d := da.Sub(db)
	if d < 0 {
		d = -d
	}
	return d
}

func sameCount(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func sameReturned(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func describe(i annotation.Incident) string {
	return fmt.Sprintf("%s %s (%s, %s) %s by %s, claimed by %s", i.Date, i.Place, i.PlacePrecision, i.Country, i.Target, i.Perpetrator, i.Claimant)
}

// WriteSummary prints a result: precision, recall and F1 per kind, the
// field accuracies, and last a machine-readable line.
func WriteSummary(w io.Writer, r Result) {
	for _, k := range []struct {
		name string
		s    Score
	}{{"incidents", r.Incidents}, {"exchanges", r.Exchanges}, {"agreements", r.Agreements}} {
		fmt.Fprintf(w, "%-11s gold %3d  found %3d  matched %3d  P=%.3f R=%.3f F1=%.3f\n",
			k.name, k.s.Gold, k.s.Found, k.s.Matched, k.s.Precision(), k.s.Recall(), k.s.F1())
	}
	var parts []string
	for _, f := range fieldNames {
		parts = append(parts, f+"="+r.Fields[f].String())
	}
	fmt.Fprintf(w, "accuracy over matches: %s\n", strings.Join(parts, " "))
	fmt.Fprintf(w, "incidents placed outside Ukraine and Russia: %d\n", len(r.Abroad))
	for _, a := range r.Abroad {
		fmt.Fprintf(w, "    abroad %s\n", a)
	}
	fmt.Fprintf(w, "incidents P=%.3f R=%.3f F1=%.3f exchanges F1=%.3f agreements F1=%.3f\n",
		r.Incidents.Precision(), r.Incidents.Recall(), r.Incidents.F1(), r.Exchanges.F1(), r.Agreements.F1())
}

// WriteLanguages prints one row per language: incidents P, R and F1, and
// the claimant accuracy, in a stable order.
func WriteLanguages(w io.Writer, byLang map[string]Result) {
	langs := slices.Sorted(maps.Keys(byLang))
	fmt.Fprintf(w, "%-8s %5s %5s %5s  %-6s %-6s %-6s  %s\n", "language", "gold", "found", "match", "P", "R", "F1", "claimant")
	for _, l := range langs {
		r := byLang[l]
		s := r.Incidents
		fmt.Fprintf(w, "%-8s %5d %5d %5d  %.3f  %.3f  %.3f   %s\n", l, s.Gold, s.Found, s.Matched, s.Precision(), s.Recall(), s.F1(), r.Fields["claimant"])
	}
}

// ScoreJSON is a Score with its ratios, for --json output.
type ScoreJSON struct {
	Gold      int     `json:"gold"`
	Found     int     `json:"found"`
	Matched   int     `json:"matched"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// ResultJSON is a Result for --json output; an accuracy with nothing to
// count is null.
type ResultJSON struct {
	Incidents  ScoreJSON           `json:"incidents"`
	Exchanges  ScoreJSON           `json:"exchanges"`
	Agreements ScoreJSON           `json:"agreements"`
	Accuracy   map[string]*float64 `json:"accuracy"`
	Misses     []string            `json:"misses,omitempty"`
	Extras     []string            `json:"extras,omitempty"`
	Abroad     []string            `json:"abroad"` // found incidents outside Ukraine and Russia
}

// JSON returns the result in its --json form.
func (r Result) JSON() ResultJSON {
	sj := func(s Score) ScoreJSON {
		return ScoreJSON{s.Gold, s.Found, s.Matched, round3(s.Precision()), round3(s.Recall()), round3(s.F1())}
	}
	out := ResultJSON{Incidents: sj(r.Incidents), Exchanges: sj(r.Exchanges), Agreements: sj(r.Agreements),
		Accuracy: map[string]*float64{}, Misses: r.Misses, Extras: r.Extras, Abroad: r.Abroad}
	if out.Abroad == nil {
		out.Abroad = []string{}
	}
	for _, f := range fieldNames {
		a := r.Fields[f]
		if a.Total == 0 {
			out.Accuracy[f] = nil
			continue
		}
		v := round3(float64(a.Right) / float64(a.Total))
		out.Accuracy[f] = &v
	}
	return out
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
