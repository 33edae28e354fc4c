package web

import (
	"fmt"
	"html/template"
	"maps"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/basemap"
)

// The map (internal/basemap, shared with the daily report) covers
// Ukraine, Russia west of the Volga and the neighbours, in an
// equirectangular projection; it is drawn as SVG from the embedded
// first-level borders.
const (
	mapMinLon, mapMaxLon = basemap.MinLon, basemap.MaxLon
	mapMinLat, mapMaxLat = basemap.MinLat, basemap.MaxLat
	mapWidth             = basemap.Width
)

func mapHeight() float64 { return basemap.Height() }

// project turns a longitude and latitude into map coordinates.
func project(lon, lat float64) (float64, float64) { return basemap.Project(lon, lat) }

type mapUnit = basemap.Unit

func (s *Server) mapUnits() []mapUnit { return basemap.Units(s.gaz) }

// baseMap is the SVG of the borders, built once.
func (s *Server) baseMap() template.HTML {
	s.mapOnce.Do(func() {
		var b strings.Builder
		for _, u := range s.mapUnits() {
			class := "unit"
			if u.Place.Country == "UA" {
				class += " ua"
			}
			if u.Place.Occupied {
				class += " occupied"
			}
			fmt.Fprintf(&b, `<path class="%s" d="`, class)
			for _, poly := range u.Shape {
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
			fmt.Fprintf(&b, `"><title>%s</title></path>`, template.HTMLEscapeString(u.Place.Name))
		}
		s.mapSVG = template.HTML(b.String())
	})
	return s.mapSVG
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

// The sizes of markers and cluster labels on the whole map, in map units.
const (
	markerRadius    = 6
	clusterFontSize = 7
)

// marker is an incident on the map.
type marker struct {
	ID, Title, Class string
	X, Y, R, BaseR   float64 // R is BaseR at the view's scale
}

// homeMapPoints is how many incidents the dashboard's map draws one by
// one; beyond that it draws clusters.
const homeMapPoints = 500

// markers draws the map layer's points, the oldest first so that the
// newest lie on top.
func markers(points []trucewatch.MapPoint, statuses map[string]trucewatch.AssessmentStatus, scale float64) []marker {
	var out []marker
	for _, pt := range slices.Backward(points) {
		if !(trucewatch.Place{Lat: pt.Lat, Lon: pt.Lon}).HasPoint() {
			continue
		}
		x, y := project(pt.Lon, pt.Lat)
		class := "marker target-" + string(pt.Target)
		if st := statuses[pt.ID]; st != "" {
			class += " status-" + string(st)
		}
		out = append(out, marker{ID: pt.ID, X: x, Y: y, R: markerRadius * scale, BaseR: markerRadius, Class: class,
			Title: fmt.Sprintf("%s · %s · %s · accused %s", pt.Day, pt.Place, pt.Target, partyList(pt.Accused))})
	}
	return out
}

// cluster is the incidents of one half-degree cell on the map, a link to
// the same filters narrowed to that cell.
type cluster struct {
	X, Y, R, BaseR float64 // R is BaseR at the view's scale
	Font, BaseFont float64 // the label's size, likewise
	Count          int
	Title          string
	Href           string
}

// clusters draws the map layer's clusters, each sized by its count (at
// most 18 units across, so that neighbouring cells, 18.5 units apart, do
// not overlap) and linking to its cell (within the filter's box, if any).
func clusters(cs []trucewatch.MapCell, box *trucewatch.BBox, query url.Values, scale float64) []cluster {
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
		r := min(9, 4+1.25*math.Log2(float64(c.Count)))
		out = append(out, cluster{X: x, Y: y, R: r * scale, BaseR: r, Font: clusterFontSize * scale, BaseFont: clusterFontSize, Count: c.Count,
			Title: fmt.Sprintf("%d incidents around %.2f° N, %.2f° E: show this cell", c.Count, c.Lat, c.Lon),
			Href:  "/?" + q.Encode()})
	}
	// mapLayer gives them largest first: the smaller are drawn over them.
	return out
}

func partyList(ps []trucewatch.Party) string {
	if len(ps) == 0 {
		return "nobody"
	}
	return trucewatch.JoinParties(ps, ", ")
}
