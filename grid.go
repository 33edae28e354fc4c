package trucewatch

import "math"

// BBox is a longitude/latitude box, edges included.
type BBox struct{ MinLon, MinLat, MaxLon, MaxLat float64 }

// The map's grid: half-degree cells, numbered by row (floor(2 lat) + 180)
// and column (floor(2 lon) + 360) of 720 columns. The storage indexes
// incidents by cell (the incidents table's cell column computes the same
// number), the incident index groups its entries by cell, and the map
// draws the incidents of a cell as one cluster when they are too many.
const (
	CellsPerDegree = 2
	cellColumns    = 360 * CellsPerDegree
	// MaxBoxCells is the most cells a box is looked up by; a larger box
	// is read by its date window instead.
	MaxBoxCells = 64
)

// CellOf is the number of the cell a point lies in.
func CellOf(lat, lon float64) int32 {
	return int32((lat+90)*CellsPerDegree)*cellColumns + int32((lon+180)*CellsPerDegree)
}

// Cells lists the grid cells the box touches, in order, or nil when there
// are more than MaxBoxCells. The box is widened by a hair so that rounding
// in the cell's arithmetic cannot leave out a point on its edge.
func (b BBox) Cells() []int32 {
	const hair = 1e-9
	row := func(lat float64) int { return int(math.Floor(lat*CellsPerDegree)) + 90*CellsPerDegree }
	col := func(lon float64) int { return int(math.Floor(lon*CellsPerDegree)) + 180*CellsPerDegree }
	r0, r1 := row(b.MinLat-hair), row(b.MaxLat+hair)
	c0, c1 := col(b.MinLon-hair), col(b.MaxLon+hair)
	if (r1-r0+1)*(c1-c0+1) > MaxBoxCells {
		return nil
	}
	var out []int32
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			out = append(out, int32(r*cellColumns+c))
		}
	}
	return out
}

// Contains reports whether the point lies in the box, edges included.
func (b BBox) Contains(lat, lon float64) bool {
	return lat >= b.MinLat && lat <= b.MaxLat && lon >= b.MinLon && lon <= b.MaxLon
}

// MapPoint is one incident on a map: what a marker and its popup show.
type MapPoint struct {
	ID, Place string
	PlaceID   string // the gazetteer's id of the place, for its name in the reader's language
	Day       Date
	Lat, Lon  float64
	Target    Target
	Accused   []Party
	Precision PlacePrecision
	Claims    int
}

// MapCell is the incidents a filter selects in one cell of the grid: how
// many, and their mean position.
type MapCell struct {
	Count    int
	Lat, Lon float64
}
