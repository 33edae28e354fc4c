package extract

import (
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// mergeFrames folds together what a report says twice about one incident:
// the same claimant and perpetrator, the same day, the same place or a
// place within it (the oblast of a town), and the same kind of target or
// one left unknown. It never merges across different times of day,
// different weapons, different districts or different villages the
// gazetteer lacks: two strikes on one oblast at
// 01:22 and at 02:55, or one by drones and one by artillery, are two
// incidents. Claim and counter-claim differ in claimant and stay apart.
// The claim kept is the most precise; its unknowns are filled in.
func mergeFrames(in []frame) []trucewatch.Claim {
	var out []frame
	for _, f := range in {
		merged := false
		for k := range out {
			if !sameIncident(out[k], f) {
				continue
			}
			a, b := out[k].claim.Incident, f.claim.Incident
			if within(b.Place, a.Place) || a.Place.ID == b.Place.ID && (vague(a.Target) && !vague(b.Target) || out[k].district == "" && f.district != "") {
				// keep the more precise or better described one
				keep := f
				keep.named = keep.named || out[k].named
				out[k], f = keep, out[k]
				a, b = out[k].claim.Incident, f.claim.Incident
			}
			if a.Claimant == trucewatch.ClaimantMedia && !out[k].named && f.named {
				a.Claimant, out[k].claim.Speaker, out[k].named = b.Claimant, f.claim.Speaker, true // the named source's claim it is
			}
			fillIn(a, b)
			if out[k].clock == "" {
				out[k].clock = f.clock
			}
			if a.Place.ID == b.Place.ID {
				// one oblast told as a district's or a village's stays that
				if out[k].district == "" {
					out[k].district = f.district
				}
				if out[k].village == "" {
					out[k].village = f.village
				}
			}
			merged = true
			break
		}
		if !merged {
			out = append(out, f)
		}
	}
	claims := make([]trucewatch.Claim, len(out))
	for i, f := range out {
		claims[i] = f.claim
	}
	return claims
}

// sameIncident reports whether two frames tell one incident.
func sameIncident(x, y frame) bool {
	a, b := x.claim.Incident, y.claim.Incident
	// What the outlet tells on its own may be what a named source says:
	// "Drones hit the terminal. ... the company said".
	outlet := !x.named && a.Claimant == trucewatch.ClaimantMedia || !y.named && b.Claimant == trucewatch.ClaimantMedia
	if a.Claimant != b.Claimant && !outlet || a.Perpetrator != b.Perpetrator || a.Denial != b.Denial {
		return false
	}
	// The same day, or a day apart when one of them only inherits its
	// date ("Friday evening ... overnight": the night's strikes).
	if a.Date != b.Date && (abs(a.Date.Sub(b.Date)) > 1 || x.ownDate && y.ownDate || a.Place.Precision == trucewatch.PlaceCountry) {
		return false
	}
	if x.clock != "" && y.clock != "" && x.clock != y.clock {
		return false
	}
	if (x.district != y.district && x.district != "" && y.district != "") || (x.village != y.village && x.village != "" && y.village != "") {
		return false // two districts, or two villages the gazetteer lacks, of one oblast
	}
	if a.Weapon != b.Weapon && a.Weapon != trucewatch.WeaponUnknown && b.Weapon != trucewatch.WeaponUnknown &&
		a.Target != trucewatch.TargetUnknown && b.Target != trucewatch.TargetUnknown {
		return false // two strikes with two weapons, unless one only sums up ("a night of shelling and attacks")
	}
	if a.Place.Precision == trucewatch.PlaceCountry || b.Place.Precision == trucewatch.PlaceCountry {
		return a.Place.ID == b.Place.ID // "56 drones over Ukraine" stays apart from the towns hit
	}
	if a.Target != b.Target && a.Target != trucewatch.TargetUnknown && b.Target != trucewatch.TargetUnknown {
		return false
	}
	if a.Place.ID == b.Place.ID || near(a.Place, b.Place) {
		return true // a district and its oblast, too: the district is the more precise
	}
	// An oblast that stands for a district or a village of its own is no
	// summary of the towns in it.
	return within(a.Place, b.Place) && !y.specific() || within(b.Place, a.Place) && !x.specific()
}

// specific reports a frame whose oblast stands for a district or a village
// in it.
func (f frame) specific() bool {
	return f.district != "" || f.village != ""
}

// near reports a facility and the town it stands by (within 20 km), or two
// entries for one spot (within 3 km). Two towns named apart, however close
// ("Nikopol and the Marhanets community"), are two places.
func near(a, b trucewatch.Place) bool {
	if a.Precision != trucewatch.PlaceSettlement || b.Precision != trucewatch.PlaceSettlement || !a.HasPoint() || !b.HasPoint() {
		return false
	}
	limit := 3.0
	if facility(a) || facility(b) {
		limit = 20
	}
	return a.DistanceKm(b) <= limit
}

// facility reports a gazetteer entry for a facility rather than a town.
func facility(p trucewatch.Place) bool { return strings.HasPrefix(p.ID, "tw:") }

// fillIn copies into a what b knows and a does not.
func fillIn(a, b *trucewatch.IncidentClaim) {
	if a.Target == trucewatch.TargetUnknown && b.Target != trucewatch.TargetUnknown {
		a.Target, a.TargetDetail = b.Target, b.TargetDetail
	}
	if a.Weapon == trucewatch.WeaponUnknown {
		a.Weapon = b.Weapon
	}
	if a.Quantity == nil {
		a.Quantity = b.Quantity
	}
	if a.Killed == nil {
		a.Killed = b.Killed
	}
	if a.Injured == nil {
		a.Injured = b.Injured
	}
	for _, c := range b.Consequences {
		if !slices.Contains(a.Consequences, c) {
			a.Consequences = append(a.Consequences, c)
		}
	}
}
