package web

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
)

// The map covers Ukraine, Russia west of the Volga and the neighbours, in
// an equirectangular projection scaled for the latitude of Kyiv; it is
// drawn as SVG from the embedded first-level borders.
const (
	mapMinLon, mapMaxLon = 21.0, 48.0
	mapMinLat, mapMaxLat = 43.0, 56.5
	mapWidth             = 1000.0
)

var mapCos = math.Cos(50 * math.Pi / 180)

func mapHeight() float64 {
	return mapWidth * (mapMaxLat - mapMinLat) / ((mapMaxLon - mapMinLon) * mapCos)
}

// project turns a longitude and latitude into map coordinates.
func project(lon, lat float64) (float64, float64) {
	x := (lon - mapMinLon) / (mapMaxLon - mapMinLon) * mapWidth
	y := (mapMaxLat - lat) / (mapMaxLat - mapMinLat) * mapHeight()
	return x, y
}

type mapUnit struct {
	place trucewatch.Place
	shape shape.MultiPolygon
}

// mapCountries are drawn; Ukraine is drawn from its own units, Crimea and
// Sevastopol included (internationally recognised borders).
var mapCountries = []trucewatch.Party{"UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU", "LT", "LV", "GE"}

func (s *Server) mapUnits() []mapUnit {
	var out []mapUnit
	for _, iso := range s.gaz.Admin1Codes(mapCountries) {
		p, ok := s.gaz.Place("adm1:" + iso)
		m, ok2 := s.gaz.Admin1Shape(iso)
		if !ok || !ok2 {
			continue
		}
		b := m.Bounds()
		if b.MaxLon < mapMinLon || b.MinLon > mapMaxLon || b.MaxLat < mapMinLat || b.MinLat > mapMaxLat {
			continue
		}
		out = append(out, mapUnit{place: p, shape: m})
	}
	return out
}

// baseMap is the SVG of the borders, built once.
func (s *Server) baseMap() template.HTML {
	s.mapOnce.Do(func() {
		var b strings.Builder
		for _, u := range s.mapUnits() {
			class := "unit"
			if u.place.Country == "UA" {
				class += " ua"
			}
			if u.place.Occupied {
				class += " occupied"
			}
			fmt.Fprintf(&b, `<path class="%s" d="`, class)
			for _, poly := range u.shape {
				for _, ring := range poly {
					for i, p := range ring {
						x, y := project(p.Lon, p.Lat)
						cmd := "L"
						if i == 0 {
							cmd = "M"
						}
						fmt.Fprintf(&b, "%s%.1f %.1f", cmd, x, y)
					}
					b.WriteString("Z")
				}
			}
			fmt.Fprintf(&b, `"><title>%s</title></path>`, template.HTMLEscapeString(u.place.Name))
		}
		s.mapSVG = template.HTML(b.String())
	})
	return s.mapSVG
}

// marker is an incident on the map.
type marker struct {
	ID, Title, Class string
	X, Y             float64
}

func markers(incs []trucewatch.Incident, statuses map[string]trucewatch.AssessmentStatus) []marker {
	var out []marker
	for _, inc := range incs {
		if !inc.Place.HasPoint() {
			continue
		}
		x, y := project(inc.Place.Lon, inc.Place.Lat)
		class := "marker target-" + string(inc.Target)
		if st := statuses[inc.ID]; st != "" {
			class += " status-" + string(st)
		}
		out = append(out, marker{ID: inc.ID, X: x, Y: y, Class: class,
			Title: fmt.Sprintf("%s · %s · %s · accused %s", inc.From, inc.Place.Name, inc.Target, partyList(inc.Accused))})
	}
	slices.SortFunc(out, func(a, b marker) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func partyList(ps []trucewatch.Party) string {
	if len(ps) == 0 {
		return "nobody"
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}
