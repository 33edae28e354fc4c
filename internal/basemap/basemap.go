// Package basemap is the map the dashboard and the daily report draw
// incidents on: Ukraine, Russia west of the Volga and the neighbours, in
// an equirectangular projection scaled for the latitude of Kyiv, from the
// gazetteer's embedded first-level borders. It only projects and selects;
// internal/web draws it as SVG, internal/dailyreport as SVG and into PDF.
package basemap

import (
	"math"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
)

// The area the map covers, and its width in map units.
const (
	MinLon, MaxLon = 21.0, 48.0
	MinLat, MaxLat = 43.0, 56.5
	Width          = 1000.0
)

var cosLat = math.Cos(50 * math.Pi / 180)

// Height is the map's height in map units.
func Height() float64 {
	return Width * (MaxLat - MinLat) / ((MaxLon - MinLon) * cosLat)
}

// Project turns a longitude and latitude into map coordinates: x to the
// east, y to the south, from the map's north-west corner.
func Project(lon, lat float64) (float64, float64) {
	x := (lon - MinLon) / (MaxLon - MinLon) * Width
	y := (MaxLat - lat) / (MaxLat - MinLat) * Height()
	return x, y
}

// Unit is a first-level unit drawn on the map.
type Unit struct {
	Place trucewatch.Place
	Shape shape.MultiPolygon
}

// Countries are drawn; Ukraine is drawn from its own units, Crimea and
// Sevastopol included (internationally recognised borders).
var Countries = []trucewatch.Party{"UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU", "LT", "LV", "GE"}

// Units are the first-level units of Countries that reach into the map.
func Units(g *geo.Gazetteer) []Unit {
	var out []Unit
	for _, iso := range g.Admin1Codes(Countries) {
		p, ok := g.Place("adm1:" + iso)
		m, ok2 := g.Admin1Shape(iso)
		if !ok || !ok2 {
			continue
		}
		if InView(m.Bounds()) {
			out = append(out, Unit{Place: p, Shape: m})
		}
	}
	return out
}

// InView says whether a box overlaps the map.
func InView(b shape.Box) bool {
	return !(b.MaxLon < MinLon || b.MinLon > MaxLon || b.MaxLat < MinLat || b.MinLat > MaxLat)
}
