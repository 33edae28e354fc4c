// Package assess judges incidents against the terms of agreements and the
// standing norms: for every incident, every agreement in force, every
// reading of it and every party accused, whether the incident is in scope
// (and why or why not) and how far the accusation stands:
//
//   - disputed: the accused party denies it or blames the other side;
//   - corroborated: an origin outside the accusing side supports it
//     (independent media's own reporting, a wire agency, a third party),
//     or the accused admits it;
//   - alleged: only the accusing side says so;
//   - confirmed: an analyst confirmed a claim that accuses the party.
//
// An analyst's decisions (trucewatch.Decision) reach this package through
// the claims: a claim an analyst rejected counts for nothing here, and an
// accusation that a claim an analyst confirmed makes is confirmed.
// Nothing in this package names a party: swapping Russia and Ukraine in the
// evidence swaps them in the result.
package assess

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trucewatch/trucewatch"
)

// Evidence is an incident with its claims and the origin of each claim.
type Evidence struct {
	Incident trucewatch.Incident
	Claims   []trucewatch.Claim
	Origins  []trucewatch.Origin // parallel to Claims
}

// Assess judges every incident against every agreement in force (agreed,
// declared by one party for itself, or a standing norm); proposed and
// rejected agreements bind no one. A declared truce lists only the
// declaring party among its parties, so only that party can be found in
// breach of it.
func Assess(evidence []Evidence, agreements []trucewatch.Agreement) []trucewatch.Assessment {
	var out []trucewatch.Assessment
	for _, ev := range evidence {
		for _, a := range agreements {
			if !a.Norm && !a.Status.InForce() {
				continue
			}
			for _, r := range a.Readings {
				for _, p := range ev.Incident.Accused {
					out = append(out, judge(ev, a, r, p))
				}
			}
		}
	}
	return out
}

func judge(ev Evidence, a trucewatch.Agreement, r trucewatch.Reading, accused trucewatch.Party) trucewatch.Assessment {
	inc := ev.Incident
	as := trucewatch.Assessment{IncidentID: inc.ID, AgreementID: a.ID, ReadingID: r.ID, Accused: accused, Day: inc.From}
	as.Why, as.InScope = inScope(inc, a, r, accused)
	if !as.InScope {
		return as
	}
	status, why := standing(ev, accused)
	as.Status = status
	as.Why = append(as.Why, why)
	return as
}

// why is a step of an assessment's reasoning.
func why(code string, args ...trucewatch.WhyArg) trucewatch.Why {
	return trucewatch.Why{Code: code, Args: args}
}

func arg(kind trucewatch.WhyArgKind, value string) trucewatch.WhyArg {
	return trucewatch.WhyArg{Kind: kind, Value: value}
}

func party(p trucewatch.Party) trucewatch.WhyArg   { return arg(trucewatch.WhyParty, string(p)) }
func target(t trucewatch.Target) trucewatch.WhyArg { return arg(trucewatch.WhyTarget, string(t)) }
func facility(s string) trucewatch.WhyArg          { return arg(trucewatch.WhyFacility, s) }
func text(s string) trucewatch.WhyArg              { return arg(trucewatch.WhyText, s) }
func day(d trucewatch.Date) trucewatch.WhyArg      { return arg(trucewatch.WhyDay, d.String()) }
func dayOf(t time.Time) trucewatch.WhyArg          { return arg(trucewatch.WhyDay, t.Format("2006-01-02")) }
func moment(t time.Time) trucewatch.WhyArg {
	return arg(trucewatch.WhyMoment, t.Format(time.RFC3339))
}

// inScope says whether the incident falls under a reading: the accused is
// bound, the day is inside the reading's window, and the target is covered.
func inScope(inc trucewatch.Incident, a trucewatch.Agreement, r trucewatch.Reading, accused trucewatch.Party) ([]trucewatch.Why, bool) {
	if len(a.Parties) > 0 && !slices.Contains(a.Parties, accused) {
		return []trucewatch.Why{why(trucewatch.WhyNotParty, party(accused), text(a.ID))}, false
	}
	w := a.Effective
	if r.Effective != nil {
		w = *r.Effective
	}
	loc := location(w.TimeZone)
	start, end := inc.From.Time(loc), inc.To.Time(loc).AddDate(0, 0, 1)
	switch {
	case !end.After(w.From):
		return []trucewatch.Why{why(trucewatch.WhyBeforeStart, day(inc.From), moment(w.From.In(loc)))}, false
	case !w.To.IsZero() && !start.Before(w.To):
		return []trucewatch.Why{why(trucewatch.WhyAfterEnd, day(inc.From), moment(w.To.In(loc)))}, false
	}
	window := why(trucewatch.WhyInForceSince, day(inc.From), dayOf(w.From.In(loc)))
	if !w.To.IsZero() {
		window = why(trucewatch.WhyInForceWithin, day(inc.From), dayOf(w.From.In(loc)), dayOf(w.To.In(loc)))
	}
	if r.Scope.All {
		return []trucewatch.Why{why(trucewatch.WhyAllStrikes), window}, true
	}
	if !slices.Contains(r.Scope.Targets, inc.Target) {
		return []trucewatch.Why{why(trucewatch.WhyTargetNotListed, target(inc.Target), arg(trucewatch.WhyTargets, targetList(r.Scope.Targets)))}, false
	}
	if len(r.Scope.Details) > 0 && !detailCovered(inc.TargetDetail, r.Scope.Details) {
		return []trucewatch.Why{why(trucewatch.WhyDetailNotListed, target(inc.Target), facility(inc.TargetDetail))}, false
	}
	covered := why(trucewatch.WhyTargetCovered, target(inc.Target))
	if inc.TargetDetail != "" {
		covered = why(trucewatch.WhyFacilityCovered, target(inc.Target), facility(inc.TargetDetail))
	}
	return []trucewatch.Why{covered, window}, true
}

func targetList(ts []trucewatch.Target) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// equivalents name the same kind of facility in different words; the
// first word of each row is what readings list.
var equivalents = [][]string{
	{"power plant", "power station", "thermal power", "combined heat", "power generation", "chp"},
	{"power transmission", "substation", "power line", "power grid", "transformer"},
	{"oil storage", "oil depot", "fuel depot", "oil terminal"},
	{"gas pipeline", "gas metering station", "compressor station", "gas facility", "gas infrastructure"},
	{"pumping station", "oil pumping station"},
	{"hydroelectric dam", "hydroelectric power plant", "dam"},
	{"oil refinery", "refinery"},
}

// generic details say no more than the category: an energy facility is
// not excluded by a reading's list of kinds.
var generic = []string{"", "energy facility", "energy infrastructure", "energy system", "energy supply"}

func detailCovered(detail string, listed []string) bool {
	d := strings.ToLower(detail)
	if slices.Contains(generic, d) {
		return true
	}
	for _, l := range listed {
		if strings.Contains(d, l) || strings.Contains(l, d) {
			return true
		}
		for _, row := range equivalents {
			if !slices.Contains(row, l) && !strings.Contains(l, row[0]) {
				continue
			}
			for _, e := range row {
				if strings.Contains(d, e) {
					return true
				}
			}
		}
	}
	return false
}

// standing decides how far the accusation against the accused stands.
func standing(ev Evidence, accused trucewatch.Party) (trucewatch.AssessmentStatus, trucewatch.Why) {
	var accusers []string
	parties := map[trucewatch.Party]bool{}
	for _, c := range ev.Claims {
		if inc := c.Incident; inc != nil && c.Confirmed() && inc.Perpetrator == accused && !inc.Denial {
			rv := c.Review
			return trucewatch.StatusConfirmed, why(trucewatch.WhyConfirmed, text(rv.Actor), dayOf(rv.At.UTC()), text(rv.Reason))
		}
	}
	for i, c := range ev.Claims {
		inc := c.Incident
		if inc == nil || c.Rejected() {
			continue
		}
		o := ev.Origins[i]
		speaksForAccused := o.Party == accused && (o.Affiliation == trucewatch.AffiliationOfficial || o.Affiliation == trucewatch.AffiliationStateMedia)
		if speaksForAccused && (inc.Denial || inc.Perpetrator != accused && inc.Perpetrator != trucewatch.PartyUnknown) {
			return trucewatch.StatusDisputed, why(trucewatch.WhyDisputed, party(accused), arg(trucewatch.WhyOutlets, o.Outlet))
		}
		if inc.Perpetrator == accused && !inc.Denial {
			switch {
			case o.Party != "":
				parties[o.Party] = true
			case o.Affiliation == trucewatch.AffiliationIndependent || o.Affiliation == trucewatch.AffiliationWire || o.Affiliation == trucewatch.AffiliationOther:
				parties[""] = true // unaligned; an outlet missing from the registry counts for nothing
			}
			if !slices.Contains(accusers, o.Outlet) {
				accusers = append(accusers, o.Outlet)
			}
		}
	}
	slices.Sort(accusers)
	outlets := arg(trucewatch.WhyOutlets, strings.Join(accusers, "\n"))
	switch {
	case parties[""]:
		return trucewatch.StatusCorroborated, why(trucewatch.WhyUnalignedSupport, outlets)
	case parties[accused]:
		return trucewatch.StatusCorroborated, why(trucewatch.WhyAdmitted, party(accused), outlets)
	case len(parties) >= 2:
		return trucewatch.StatusCorroborated, why(trucewatch.WhyBothSidesSupport, outlets)
	}
	return trucewatch.StatusAlleged, why(trucewatch.WhyOnlyAccusingSide, outlets)
}

// Timeline counts in-scope assessments per agreement, reading, accused
// party and day, in that order.
func Timeline(as []trucewatch.Assessment) []trucewatch.TimelineDay {
	type key struct {
		ag, rd string
		p      trucewatch.Party
		d      trucewatch.Date
	}
	m := map[key]*trucewatch.TimelineDay{}
	for _, a := range as {
		if !a.InScope {
			continue
		}
		k := key{a.AgreementID, a.ReadingID, a.Accused, a.Day}
		if m[k] == nil {
			m[k] = &trucewatch.TimelineDay{AgreementID: a.AgreementID, ReadingID: a.ReadingID, Party: a.Accused, Day: a.Day, Counts: map[trucewatch.AssessmentStatus]int{}}
		}
		m[k].Counts[a.Status]++
	}
	out := make([]trucewatch.TimelineDay, 0, len(m))
	for _, d := range m {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b trucewatch.TimelineDay) int {
		return cmp.Or(cmp.Compare(a.AgreementID, b.AgreementID), cmp.Compare(a.ReadingID, b.ReadingID),
			cmp.Compare(a.Party, b.Party), cmp.Compare(a.Day.String(), b.Day.String()))
	})
	return out
}

// zones caches time.LoadLocation, which reads the zone database on every
// call; inScope needs a zone for every incident, reading and party.
var zones sync.Map // name → *time.Location

// location is the named zone, UTC when it has no name or cannot be loaded
// (agreement files are validated on load, so that does not happen).
func location(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		l = time.UTC
	}
	zones.Store(name, l)
	return l
}
