// Package shape holds the plane geometry the gazetteer needs: polygons in
// longitude/latitude degrees, point-in-polygon tests, bounding boxes and
// Douglas–Peucker simplification. Distances are in degrees; that is good
// enough for deciding which first-level unit a point lies in.
package shape

import "math"

// Point is a longitude/latitude pair in degrees.
type Point struct{ Lon, Lat float64 }

// Ring is a closed line; the last point need not repeat the first.
type Ring []Point

// Polygon is an outer ring followed by its holes.
type Polygon []Ring

// MultiPolygon is a set of polygons, as a country or an oblast with islands.
type MultiPolygon []Polygon

// Box is a bounding box.
type Box struct{ MinLon, MinLat, MaxLon, MaxLat float64 }

// Contains reports whether p lies inside the box (edges included).
func (b Box) Contains(p Point) bool {
	return p.Lon >= b.MinLon && p.Lon <= b.MaxLon && p.Lat >= b.MinLat && p.Lat <= b.MaxLat
}

// Bounds returns the bounding box of m.
func (m MultiPolygon) Bounds() Box {
	b := Box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, poly := range m {
		for _, ring := range poly {
			for _, p := range ring {
				b.MinLon, b.MaxLon = math.Min(b.MinLon, p.Lon), math.Max(b.MaxLon, p.Lon)
				b.MinLat, b.MaxLat = math.Min(b.MinLat, p.Lat), math.Max(b.MaxLat, p.Lat)
			}
		}
	}
	return b
}

// Contains reports whether p lies inside m: inside an outer ring and in
// none of its holes.
func (m MultiPolygon) Contains(p Point) bool {
	for _, poly := range m {
		if len(poly) == 0 || !poly[0].contains(p) {
			continue
		}
		inHole := false
		for _, hole := range poly[1:] {
			if hole.contains(p) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// contains is the even–odd ray-casting test.
func (r Ring) contains(p Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) &&
			p.Lon < (b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
			in = !in
		}
	}
	return in
}

// DistanceToEdge returns the distance in degrees from p to the nearest edge
// of m, for assigning points that fall just outside simplified borders.
func (m MultiPolygon) DistanceToEdge(p Point) float64 {
	best := math.Inf(1)
	for _, poly := range m {
		for _, ring := range poly {
			for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
				best = math.Min(best, segmentDistance(p, ring[j], ring[i]))
			}
		}
	}
	return best
}

// Simplify returns r with Douglas–Peucker simplification at tolerance tol
// (degrees). The result keeps at least the ring's first and farthest points.
func Simplify(ring Ring, tol float64) Ring {
	if len(ring) < 4 {
		return ring
	}
	// Work on the closed form: the first point repeated at the end.
	r := ring
	if r[0] != r[len(r)-1] {
		r = append(append(Ring(nil), ring...), ring[0])
	}
	keep := make([]bool, len(r))
	keep[0], keep[len(r)-1] = true, true
	var walk func(lo, hi int)
	walk = func(lo, hi int) {
		best, at := -1.0, -1
		for i := lo + 1; i < hi; i++ {
			if d := segmentDistance(r[i], r[lo], r[hi]); d > best {
				best, at = d, i
			}
		}
		if at >= 0 && best > tol {
			keep[at] = true
			walk(lo, at)
			walk(at, hi)
		}
	}
	// A closed ring's first and last points coincide: split it at the point
	// farthest from the first so the two halves are simplified separately.
	far, farD := 0, -1.0
	for i, p := range r {
		if d := math.Hypot(p.Lon-r[0].Lon, p.Lat-r[0].Lat); d > farD {
			far, farD = i, d
		}
	}
	keep[far] = true
	walk(0, far)
	walk(far, len(r)-1)
	out := make(Ring, 0, len(r)/4)
	for i, k := range keep[:len(keep)-1] { // drop the repeated first point
		if k {
			out = append(out, r[i])
		}
	}
	return out
}

// segmentDistance is the distance from p to the segment ab.
func segmentDistance(p, a, b Point) float64 {
	dx, dy := b.Lon-a.Lon, b.Lat-a.Lat
	if dx == 0 && dy == 0 {
		return math.Hypot(p.Lon-a.Lon, p.Lat-a.Lat)
	}
	t := ((p.Lon-a.Lon)*dx + (p.Lat-a.Lat)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.Lon-(a.Lon+t*dx), p.Lat-(a.Lat+t*dy))
}
