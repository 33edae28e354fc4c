package web

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/basemap"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// The map (internal/basemap, shared with the daily report) covers
// Ukraine, Russia west of the Volga and the neighbours, in an
// equirectangular projection; it is drawn as SVG from the embedded
// first-level borders.
const mapWidth = basemap.Width

func mapHeight() float64 { return basemap.Height() }

// project turns a longitude and latitude into map coordinates.
func project(lon, lat float64) (float64, float64) { return basemap.Project(lon, lat) }

type mapUnit struct {
	place trucewatch.Place
	shape shape.MultiPolygon
	box   shape.Box
}

// mapCountries are drawn (basemap.Countries).
var mapCountries = basemap.Countries

// countryLabels are where the map writes the countries' names: inside the
// part of each country the map shows (a country's own point is its
// capital, which for Russia lies near the map's edge).
var countryLabels = map[trucewatch.Party][2]float64{ // lon, lat
	"UA": {31.2, 49.2}, "RU": {41.5, 53.2}, "BY": {27.9, 53.3}, "MD": {28.6, 47.3}, "PL": {22.4, 52.3},
	"RO": {24.8, 45.9}, "SK": {21.4, 48.8}, "HU": {21.5, 47.4}, "LT": {23.6, 55.4}, "LV": {24.8, 56.3}, "GE": {43.4, 43.3},
}

// countryKey is the message of a country's name on the map: every
// country of mapCountries has one in each catalogue (TestMapMessages).
func countryKey(c trucewatch.Party) string { return "dash.country." + string(c) }

// regionUnits are the first-level units a vague region of the gazetteer
// (supplement.tsv, precision "region") stands for: the map hatches them.
// A region missing here is hatched as a disc around its point.
var regionUnits = map[string][]string{
	"region:ru-south":      {"RU-AD", "RU-AST", "RU-KDA", "RU-KL", "RU-ROS", "RU-VGG"},
	"region:ua-north-east": {"UA-59", "UA-63"},
	"region:ua-east":       {"UA-14", "UA-09", "UA-63"},
	"region:ua-south":      {"UA-51", "UA-48", "UA-65", "UA-23"},
	"region:ua-north":      {"UA-74", "UA-32", "UA-18"},
	"region:ua-west":       {"UA-46", "UA-07", "UA-56", "UA-61", "UA-26", "UA-21", "UA-77"},
	"region:donbas":        {"UA-14", "UA-09"},
}

// geoMap is the base map's geometry, built once per server: the units,
// their path data and the countries' outlines (state borders and coasts).
type geoMap struct {
	units    []mapUnit
	lines    map[trucewatch.Party][][]shape.Point // a country's outline
	borders  map[trucewatch.Party]string          // the same as path data
	regions  map[string]trucewatch.Place          // the gazetteer's regions, by id
	unitPath map[string]string                    // ISO code → path data

	mu    sync.Mutex
	texts map[i18n.Lang]*mapText
}

// mapText is the base map in one language, built on first use: the units
// (Base), and the borders and names drawn over the incidents' areas
// (Overlay).
type mapText struct {
	Base, Overlay template.HTML
}

// geoMap builds the base map on first use.
func (s *Server) geoMap() *geoMap {
	s.mapOnce.Do(func() { s.gm = buildGeoMap(s.gaz) })
	return s.gm
}

// mapUnits are the units the map shows (the GeoJSON border layer too).
func (s *Server) mapUnits() []mapUnit {
	var out []mapUnit
	for _, u := range s.geoMap().units {
		if basemap.InView(u.box) {
			out = append(out, u)
		}
	}
	return out
}

func buildGeoMap(gaz *geo.Gazetteer) *geoMap {
	m := &geoMap{lines: map[trucewatch.Party][][]shape.Point{}, borders: map[trucewatch.Party]string{}, regions: map[string]trucewatch.Place{},
		unitPath: map[string]string{}, texts: map[i18n.Lang]*mapText{}}
	if gaz == nil {
		return m
	}
	for _, iso := range gaz.Admin1Codes(mapCountries) {
		p, ok := gaz.Place("adm1:" + iso)
		sh, ok2 := gaz.Admin1Shape(iso)
		if !ok || !ok2 {
			continue
		}
		m.units = append(m.units, mapUnit{place: p, shape: sh, box: sh.Bounds()})
		m.unitPath[iso] = pathData(sh)
	}
	for id := range regionUnits {
		if p, ok := gaz.Place(id); ok {
			m.regions[id] = p
		}
	}
	for _, c := range mapCountries {
		m.lines[c] = m.outline(c)
		m.borders[c] = linesPath(m.lines[c], nil)
	}
	return m
}

// text is the base map with names in the printer's language: a unit's
// title and label by name (the gazetteer's name in the language), a
// country's by its party message. The whole map is built once per
// language; with a clip box (a small map), only what lies in the box.
func (m *geoMap) text(p *i18n.Printer, name func(trucewatch.Place) string, clip *shape.Box) *mapText {
	if clip == nil {
		m.mu.Lock()
		defer m.mu.Unlock()
		if t, ok := m.texts[p.Lang]; ok {
			return t
		}
	}
	shown := func(b shape.Box) bool {
		return basemap.InView(b) && (clip == nil || !(b.MaxLon < clip.MinLon || b.MinLon > clip.MaxLon || b.MaxLat < clip.MinLat || b.MinLat > clip.MaxLat))
	}
	var base, over strings.Builder
	base.WriteString(`<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs><g class="units">`)
	for _, u := range m.units {
		if !shown(u.box) {
			continue
		}
		class := "unit"
		if u.place.Country == "UA" {
			class += " ua"
		}
		if u.place.Occupied {
			class += " occupied"
		}
		title := p.T("dash.map.unit_title", name(u.place))
		if u.place.Occupied {
			title = p.T("dash.map.unit_title_occupied", name(u.place))
		}
		fmt.Fprintf(&base, `<a href="/?place=%s" class="unit-link" data-place="%[1]s"><path class="%s" d="%s"><title>%s</title></path></a>`,
			url.QueryEscape(u.place.Admin1), class, m.unitPath[u.place.Admin1], template.HTMLEscapeString(title))
	}
	base.WriteString(`</g>`)
	over.WriteString(`<g class="borders">`)
	for _, c := range mapCountries {
		d := m.borders[c]
		if clip != nil {
			d = linesPath(m.lines[c], clip)
		}
		if d != "" {
			fmt.Fprintf(&over, `<path class="border" d="%s"/>`, d)
		}
	}
	over.WriteString(`</g><g class="labels">`)
	for _, u := range m.units {
		// Cities that are units of their own (Kyiv, Sevastopol, Moscow)
		// are too small to label beside their oblast.
		if !shown(u.box) || !u.place.HasPoint() || u.box.MaxLon-u.box.MinLon < 0.6 {
			continue
		}
		// The neighbours' units are named only once zoomed in further.
		class := "label label-adm1"
		if u.place.Country != "UA" && u.place.Country != "RU" {
			class += " minor"
		}
		x, y := project(u.place.Lon, u.place.Lat)
		fmt.Fprintf(&over, `<text class="%s" x="%.1f" y="%.1f" font-size="%g" data-font="%[4]g">%s</text>`,
			class, x, y, adm1FontSize, template.HTMLEscapeString(shortUnitName(name(u.place))))
	}
	for _, c := range mapCountries {
		ll := countryLabels[c]
		if clip != nil && !clip.Contains(shape.Point{Lon: ll[0], Lat: ll[1]}) {
			continue
		}
		x, y := project(ll[0], ll[1])
		fmt.Fprintf(&over, `<text class="label label-country" x="%.1f" y="%.1f" font-size="%g" data-font="%[3]g">%s</text>`,
			x, y, countryFontSize, template.HTMLEscapeString(p.T(countryKey(c))))
	}
	over.WriteString(`</g>`)
	t := &mapText{Base: template.HTML(base.String()), Overlay: template.HTML(over.String())}
	if clip == nil {
		m.texts[p.Lang] = t
	}
	return t
}

// The labels' sizes in screen pixels (app.js keeps them so as the map
// zooms; the server draws them for a map about 1000 pixels wide).
const (
	countryFontSize = 15.0
	adm1FontSize    = 10.0
)

// shortUnitName drops the kind of unit from a name: "Sumy Oblast" is
// "Sumy" on the map, where every unit is one. The units' names come from
// the gazetteer's table (internal/geo/data/admin1_names.tsv), which never
// uses an occupation authority's name.
func shortUnitName(name string) string {
	for _, suffix := range []string{" Oblast", " Krai", " Republic", " Voivodeship", " Region", " County", " oblast",
		" область", " край", " Республіка", " Республика", " воєводство", " воеводство", " повіт", " уезд"} {
		if n, ok := strings.CutSuffix(name, suffix); ok {
			return n
		}
	}
	for _, prefix := range []string{"Republic of ", "Autonomous Republic of ", "Автономна Республіка ", "Автономная Республика ",
		"Республіка ", "Республика ", "Autonome Republik ", "Republik ", "Oblast ", "Region ", "Woiwodschaft ", "Bezirk "} {
		if n, ok := strings.CutPrefix(name, prefix); ok {
			return n
		}
	}
	return name
}

// pathData is a multipolygon as SVG path data in map coordinates.
func pathData(m shape.MultiPolygon) string {
	var b strings.Builder
	for _, poly := range m {
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
	return b.String()
}

// outline is a country's border (with its coasts) as lines: the edges
// of its units that have, on one side, no unit of the same country. The
// units are simplified one by one, so neighbours' edges do not share
// their points; an edge is tested by two points a little to either side
// of its middle instead.
func (m *geoMap) outline(c trucewatch.Party) [][]shape.Point {
	var own []mapUnit
	for _, u := range m.units {
		if u.place.Country == c {
			own = append(own, u)
		}
	}
	inside := func(lon, lat float64) bool {
		p := shape.Point{Lon: lon, Lat: lat}
		for _, u := range own {
			if u.box.Contains(p) && u.shape.Contains(p) {
				return true
			}
		}
		return false
	}
	const side = 0.03 // degrees: the near test point; the far one is four times as far
	var lines [][]shape.Point
	for _, u := range own {
		for _, poly := range u.shape {
			for _, ring := range poly {
				open := false
				for i := range ring {
					p, q := ring[i], ring[(i+1)%len(ring)]
					dx, dy := q.Lon-p.Lon, q.Lat-p.Lat
					l := math.Hypot(dx, dy)
					border := false
					if l > 0 {
						mx, my := (p.Lon+q.Lon)/2, (p.Lat+q.Lat)/2
						nx, ny := -dy/l, dx/l
						// Outside on one side, near and farther: a gap
						// between neighbours is outside near only.
						out := func(k float64) bool {
							return !inside(mx+k*side*nx, my+k*side*ny) && !inside(mx+k*4*side*nx, my+k*4*side*ny)
						}
						border = out(1) || out(-1)
					}
					if !border {
						open = false
						continue
					}
					if !open {
						lines = append(lines, []shape.Point{p})
						open = true
					}
					lines[len(lines)-1] = append(lines[len(lines)-1], q)
				}
			}
		}
	}
	return lines
}

// linesPath is lines as path data; with a clip box, only the segments
// with a point in it.
func linesPath(lines [][]shape.Point, clip *shape.Box) string {
	var b strings.Builder
	for _, l := range lines {
		open := false
		for i := 1; i < len(l); i++ {
			p, q := l[i-1], l[i]
			if clip != nil && !clip.Contains(p) && !clip.Contains(q) {
				open = false
				continue
			}
			if !open {
				x, y := project(p.Lon, p.Lat)
				fmt.Fprintf(&b, "M%.1f %.1f", x, y)
				open = true
			}
			x, y := project(q.Lon, q.Lat)
			fmt.Fprintf(&b, "L%.1f %.1f", x, y)
		}
	}
	return b.String()
}

// mapView is the part of the map a page shows first: the whole map, or a
// filter's box with a margin. Scale is its width over the whole map's;
// markers and labels are drawn that much smaller, so that they keep their
// size on the screen (app.js does the same when it zooms).
type mapView struct {
	X, Y, W, H, Scale float64
}

// viewOf shows the box, when there is one, with room around it.
func viewOf(box *trucewatch.BBox) mapView {
	full := mapView{W: mapWidth, H: mapHeight(), Scale: 1}
	if box == nil {
		return full
	}
	x0, y0 := project(box.MinLon, box.MaxLat)
	x1, y1 := project(box.MaxLon, box.MinLat)
	// As app.js, zoom in at most 40 times, and keep the map's proportions.
	w := min(full.W, max(full.W/40, 1.5*(x1-x0), 1.5*(y1-y0)*full.W/full.H))
	h := w * full.H / full.W
	return mapView{X: (x0+x1)/2 - w/2, Y: (y0+y1)/2 - h/2, W: w, H: h, Scale: w / full.W}
}

// clusterFontSize is the size of a cluster's count in screen pixels
// (on a map about 1000 pixels wide; app.js keeps it so on any screen).
// Markers are drawn in pixels too (markerShapes, about 12 across), each
// over a transparent circle 26 pixels across that takes the tap
// (home.html's "map").
const clusterFontSize = 10

// markerShapes draw each status differently, not by colour alone: a
// circle for alleged, a triangle for corroborated, a square for disputed,
// a diamond for confirmed; a small hollow circle for an incident no
// agreement covers. Path data in pixels around the marker's point.
var markerShapes = map[trucewatch.AssessmentStatus]string{
	"":                            "M-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0Z",
	trucewatch.StatusAlleged:      "M-6 0a6 6 0 1 0 12 0a6 6 0 1 0-12 0Z",
	trucewatch.StatusCorroborated: "M0-7.5L6.8 4.8H-6.8Z",
	trucewatch.StatusDisputed:     "M-5.5-5.5h11v11h-11Z",
	trucewatch.StatusConfirmed:    "M0-7.5L7.5 0L0 7.5L-7.5 0Z",
}

// statusShape is the marker's shape for the status.
func statusShape(st trucewatch.AssessmentStatus) string {
	if d, ok := markerShapes[st]; ok {
		return d
	}
	return markerShapes[""]
}

// marker is an incident known to a point (a settlement or facility) on
// the map.
type marker struct {
	ID, Title, Class, Shape string
	X, Y, Scale             float64
}

// area is an incident known only to an area: an oblast shaded, a
// country outlined, a region hatched. Incidents of the same area share
// one, drawn in the most serious of their statuses.
type area struct {
	Kind  trucewatch.PlacePrecision // admin1, country or region
	Class string
	Path  string
	Href  string // the incident, or the list of the area's incidents
	Title string
	IDs   []string
	key   string
	rank  int
}

// homeMapPoints is how many incidents the dashboard's map draws one by
// one; beyond that it draws clusters.
const homeMapPoints = 500

// statusRank orders statuses by how serious they are.
var statusRank = map[trucewatch.AssessmentStatus]int{"alleged": 1, "disputed": 2, "corroborated": 3, "confirmed": 4}

// mapIncidents draws the map layer's points: incidents known to a point as
// markers, the oldest first so that the newest lie on top; incidents known
// only to an area as that area (areaOf). titles says, per incident, what
// the pop-up shows beside the place (its status per reading and party).
func (m *geoMap) mapIncidents(p words, points []trucewatch.MapPoint, statuses map[string]trucewatch.AssessmentStatus, titles map[string]string, query url.Values, scale float64) ([]marker, []area) {
	var out []marker
	var areas []area
	for _, pt := range slices.Backward(points) {
		if !(trucewatch.Place{Lat: pt.Lat, Lon: pt.Lon}).HasPoint() {
			continue
		}
		st := statuses[pt.ID]
		if pt.PlaceID != "" && p.s.gaz != nil { // the place's name in the reader's language
			pt.Place = p.s.gaz.LocalName(pt.PlaceID, string(p.Lang), pt.Place)
		}
		title := p.T("dash.map.point_title", p.Day(pt.Day), pt.Place, p.target(pt.Target), p.Parties(pt.Accused))
		if pt.Precision != "" && pt.Precision != trucewatch.PlaceSettlement {
			title += "\n" + p.Vocab("precision.", string(pt.Precision))
		}
		if t := titles[pt.ID]; t != "" {
			title += "\n" + t
		}
		if pt.Precision != "" && pt.Precision != trucewatch.PlaceSettlement {
			if a, ok := m.areaOf(pt); ok {
				i := slices.IndexFunc(areas, func(x area) bool { return x.key == a.key })
				if i < 0 {
					areas = append(areas, a)
					i = len(areas) - 1
				}
				x := &areas[i]
				x.IDs = append(x.IDs, pt.ID)
				if r := statusRank[st]; r > x.rank || len(x.IDs) == 1 {
					x.rank = r
					x.Class = "area area-" + string(x.Kind)
					if st != "" {
						x.Class += " status-" + string(st)
					}
				}
				if len(x.IDs) == 1 {
					x.Title, x.Href = title, "/incidents/"+pt.ID
				} else {
					q := maps.Clone(query)
					q.Set("place", strings.TrimPrefix(x.key, "adm1:"))
					q.Del("offset")
					q.Del("bbox")
					x.Href = "/?" + q.Encode()
					x.Title = p.T("dash.map.area_title", len(x.IDs), pt.Place)
				}
				continue
			}
		}
		x, y := project(pt.Lon, pt.Lat)
		class := "marker target-" + string(pt.Target)
		if st != "" {
			class += " status-" + string(st)
		}
		out = append(out, marker{ID: pt.ID, X: x, Y: y, Scale: scale, Class: class, Shape: statusShape(st), Title: title})
	}
	// Larger areas first, so that an oblast's shade lies over a region's
	// hatching and both under a country's outline.
	order := map[trucewatch.PlacePrecision]int{trucewatch.PlaceRegion: 0, trucewatch.PlaceAdmin1: 1, trucewatch.PlaceCountry: 2}
	slices.SortStableFunc(areas, func(a, b area) int { return cmp.Compare(order[a.Kind], order[b.Kind]) })
	return out, areas
}

// areaOf is the area an imprecise place stands for, found from its point
// (the gazetteer's point of the oblast, region or country): an oblast's
// outline, a country's border, or a region's units.
func (m *geoMap) areaOf(pt trucewatch.MapPoint) (area, bool) {
	p := shape.Point{Lon: pt.Lon, Lat: pt.Lat}
	switch pt.Precision {
	case trucewatch.PlaceAdmin1:
		for _, u := range m.units {
			if u.box.Contains(p) && u.shape.Contains(p) {
				return area{Kind: pt.Precision, Path: m.unitPath[u.place.Admin1], key: "adm1:" + u.place.Admin1}, true
			}
		}
	case trucewatch.PlaceCountry:
		for _, u := range m.units {
			if u.box.Contains(p) && u.shape.Contains(p) && m.borders[u.place.Country] != "" {
				return area{Kind: pt.Precision, Path: m.borders[u.place.Country], key: "country:" + string(u.place.Country)}, true
			}
		}
	case trucewatch.PlaceRegion:
		for id, r := range m.regions {
			if r.Lat == pt.Lat && r.Lon == pt.Lon {
				var d strings.Builder
				for _, iso := range regionUnits[id] {
					d.WriteString(m.unitPath[iso])
				}
				if d.Len() > 0 {
					return area{Kind: pt.Precision, Path: d.String(), key: id}, true
				}
			}
		}
		// A region the map does not know the units of: a disc of about
		// 150 km around its point.
		x, y := project(pt.Lon, pt.Lat)
		const r = 50.0
		return area{Kind: pt.Precision, key: fmt.Sprintf("region@%g,%g", pt.Lat, pt.Lon),
			Path: fmt.Sprintf("M%.1f %.1fa%g %g 0 1 0 %g 0a%g %g 0 1 0 %g 0Z", x-r, y, r, r, 2*r, r, r, -2*r)}, true
	}
	return area{}, false
}

// cluster is the incidents of one half-degree cell on the map, a link to
// the same filters narrowed to that cell.
type cluster struct {
	X, Y, R, Scale float64 // R in pixels, drawn at Scale map units a pixel
	Font           float64
	Count          int
	Title          string
	Href           string
}

// clusters draws the map layer's clusters, each sized by its count and
// linking to its cell (within the filter's box, if any).
func clusters(p words, cs []trucewatch.MapCell, box *trucewatch.BBox, query url.Values, scale float64) []cluster {
	var out []cluster
	for _, c := range cs {
		// The cell, without its east and north edges, which belong to the
		// next cells (a box includes its edges).
		const edge = 1e-9
		cell := trucewatch.BBox{MinLon: math.Floor(c.Lon*2) / 2, MinLat: math.Floor(c.Lat*2) / 2}
		cell.MaxLon, cell.MaxLat = cell.MinLon+0.5-edge, cell.MinLat+0.5-edge
		if box != nil {
			cell = trucewatch.BBox{MinLon: max(cell.MinLon, box.MinLon), MinLat: max(cell.MinLat, box.MinLat),
				MaxLon: min(cell.MaxLon, box.MaxLon), MaxLat: min(cell.MaxLat, box.MaxLat)}
		}
		q := maps.Clone(query)
		q.Set("bbox", fmt.Sprintf("%g,%g,%g,%g", cell.MinLon, cell.MinLat, cell.MaxLon, cell.MaxLat))
		q.Del("offset")
		x, y := project(c.Lon, c.Lat)
		r := min(14, 8+1.5*math.Log2(float64(c.Count)))
		out = append(out, cluster{X: x, Y: y, R: r, Scale: scale, Font: clusterFontSize, Count: c.Count,
			Title: p.T("dash.map.cluster_title", c.Count, fmt.Sprintf("%.2f", c.Lat), fmt.Sprintf("%.2f", c.Lon)),
			Href:  "/?" + q.Encode()})
	}
	// mapLayer gives them largest first: the smaller are drawn over them.
	return out
}
