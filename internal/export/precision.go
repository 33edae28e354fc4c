// Package export writes incident records (trucewatch.IncidentRecord) as
// CSV with ACLED's column names, GeoJSON (RFC 7946), JSON Lines and Atom
// (RFC 4287), one record at a time, so that an export's memory does not
// grow with its size. docs/exports.md describes the formats.
package export

import "github.com/trucewatch/trucewatch"

// TimePrecision is ACLED's time_precision for an incident's window of
// days: 1 when it is one day, 2 when it is within a week, 3 when longer
// (ACLED's "month").
func TimePrecision(from, to trucewatch.Date) int {
	switch days := to.Sub(from); {
	case from.IsZero() || to.IsZero():
		return 3
	case days <= 0:
		return 1
	case days < 7:
		return 2
	}
	return 3
}

// GeoPrecision is ACLED's geo_precision for a place's precision: 1 for a
// town, village or facility (ACLED: the town itself), 3 for anything wider
// (ACLED: a larger region, its provincial capital as the point). We have
// no district level, which ACLED codes 2.
func GeoPrecision(p trucewatch.PlacePrecision) int {
	if p == trucewatch.PlaceSettlement {
		return 1
	}
	return 3
}

// WherePrec is UCDP GED's where_prec for a place's precision: 1 an exact
// location, 4 a first-order administrative unit, 5 a named part of a
// country wider than one (UCDP: "larger region"), 6 only the country.
// UCDP's 2 (within 25 km), 3 (second-order unit) and 7 (international
// waters or airspace) have no counterpart among our precisions.
func WherePrec(p trucewatch.PlacePrecision) int {
	switch p {
	case trucewatch.PlaceSettlement:
		return 1
	case trucewatch.PlaceAdmin1:
		return 4
	case trucewatch.PlaceRegion:
		return 5
	}
	return 6
}
