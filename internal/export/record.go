package export

import (
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// The fields below are derived from a record for every format alike.

// fatalities is the most killed any counting claim of the incident gives
// (claims count the same dead, so they are not added up), and whether any
// claim gave a number.
func fatalities(r trucewatch.IncidentRecord) (int, bool) {
	n, known := 0, false
	for _, c := range r.Claims {
		if c.Rejected() || c.Incident == nil || c.Incident.Denial || c.Incident.Killed == nil {
			continue
		}
		n, known = max(n, *c.Incident.Killed), true
	}
	return n, known
}

// claimants lists the distinct claimants of the counting claims, sorted.
func claimants(r trucewatch.IncidentRecord) []string {
	var out []string
	for _, c := range r.Claims {
		if !c.Rejected() && c.Incident != nil && c.Incident.Claimant != "" {
			out = append(out, string(c.Incident.Claimant))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// subEventType is ACLED's sub_event_type for the weapons the counting
// claims name: "Air/drone strike" for drones, aircraft and glide bombs,
// "Shelling/artillery/missile attack" for artillery and missiles (the
// first named wins), "" when no claim names a weapon.
func subEventType(r trucewatch.IncidentRecord) string {
	for _, c := range r.Claims {
		if c.Rejected() || c.Incident == nil {
			continue
		}
		switch c.Incident.Weapon {
		case trucewatch.WeaponDrone, trucewatch.WeaponAircraft, trucewatch.WeaponGlideBomb:
			return "Air/drone strike"
		case trucewatch.WeaponMissile, trucewatch.WeaponArtillery:
			return "Shelling/artillery/missile attack"
		}
	}
	return ""
}

// statuses is the compact status column: the in-scope assessments as
// "agreement/reading/party=status", ";"-separated, in the record's order.
func statuses(r trucewatch.IncidentRecord) string {
	var parts []string
	for _, a := range r.Assessments {
		if a.InScope {
			parts = append(parts, a.AgreementID+"/"+a.ReadingID+"/"+string(a.Accused)+"="+string(a.Status))
		}
	}
	return strings.Join(parts, ";")
}

// reportURLs lists the reports' URLs, those that have one.
func reportURLs(r trucewatch.IncidentRecord) []string {
	var out []string
	for _, rep := range r.Reports {
		if rep.URL != "" {
			out = append(out, rep.URL)
		}
	}
	return out
}

// sources lists the incident's independent origins' outlets, and their
// affiliations, distinct and in order.
func sources(inc trucewatch.Incident) (outlets, scales []string) {
	for _, o := range inc.Origins {
		outlets = append(outlets, o.Outlet)
		if a := string(o.Affiliation); !slices.Contains(scales, a) {
			scales = append(scales, a)
		}
	}
	return outlets, scales
}

// countryNames are the names ACLED's country column uses for the parties
// the monitor knows; other countries are written as their code.
var countryNames = map[trucewatch.Party]string{
	"UA": "Ukraine", "RU": "Russia", "BY": "Belarus", "MD": "Moldova", "GE": "Georgia",
	"US": "United States", "TR": "Turkey", "SA": "Saudi Arabia", "AE": "United Arab Emirates",
}

func countryName(p trucewatch.Party) string {
	if n, ok := countryNames[p]; ok {
		return n
	}
	return string(p)
}
