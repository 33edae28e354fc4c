package extract

import (
	"slices"

	"github.com/trucewatch/trucewatch"
)

// mergeFrames folds together what a report says twice about one incident:
// the same claimant and perpetrator, the same day, the same place or a
// place within it (the oblast of a town), and the same kind of target or
// one left unknown. It never merges across different times of day,
// different weapons or different districts: two strikes on one oblast at
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
			fillIn(a, b)
			if out[k].clock == "" {
				out[k].clock = f.clock
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
	if a.Claimant != b.Claimant || a.Perpetrator != b.Perpetrator || a.Date != b.Date || a.Denial != b.Denial {
		return false
	}
	if x.clock != "" && y.clock != "" && x.clock != y.clock {
		return false
	}
	if x.district != y.district && x.district != "" && y.district != "" {
		return false
	}
	if a.Weapon != b.Weapon && a.Weapon != trucewatch.WeaponUnknown && b.Weapon != trucewatch.WeaponUnknown {
		return false
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
	return within(a.Place, b.Place) || within(b.Place, a.Place)
}

// near reports two settlements within 20 km: a facility and the town it
// stands by.
func near(a, b trucewatch.Place) bool {
	if a.Precision != trucewatch.PlaceSettlement || b.Precision != trucewatch.PlaceSettlement || !a.HasPoint() || !b.HasPoint() {
		return false
	}
	return a.DistanceKm(b) <= 20
}

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
