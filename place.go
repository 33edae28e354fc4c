package trucewatch

import "math"

// Place is a location from the gazetteer: a settlement or facility, a
// first-level administrative unit (oblast, krai, republic), a region or a
// country.
//
// Country follows internationally recognised borders (UN General Assembly
// resolution 68/262): places in Crimea and other areas under occupation are
// coded "UA" and flagged Occupied.
type Place struct {
	ID        string         `json:"id"`               // gazetteer id: "gn:692194" (GeoNames), "adm1:UA-59", "tw:sudzha-gms"
	Name      string         `json:"name"`             // English name
	Admin1    string         `json:"admin1,omitempty"` // first-level unit, ISO 3166-2 code ("UA-59"), "" when none
	Country   Party          `json:"country"`          // ISO 3166-1 alpha-2
	Precision PlacePrecision `json:"precision"`        // settlement, admin1, region, country
	Lat       float64        `json:"lat"`              // WGS 84; both zero when not known
	Lon       float64        `json:"lon"`
	Occupied  bool           `json:"occupied"` // under occupation on the report's date
}

// HasPoint reports whether the place has coordinates.
func (p Place) HasPoint() bool { return p.Lat != 0 || p.Lon != 0 }

// DistanceKm is the great-circle distance between two places' points.
func (p Place) DistanceKm(q Place) float64 {
	const earthKm = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (q.Lat-p.Lat)*rad, (q.Lon-p.Lon)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(h))
}
