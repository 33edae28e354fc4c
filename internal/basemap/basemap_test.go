package basemap

import (
	"math"
	"testing"

	"github.com/trucewatch/trucewatch/internal/geo"
)

func TestProject(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lon, lat float64
		x, y     float64
	}{
		{"north-west corner", MinLon, MaxLat, 0, 0},
		{"south-east corner", MaxLon, MinLat, Width, Height()},
		{"middle", (MinLon + MaxLon) / 2, (MinLat + MaxLat) / 2, Width / 2, Height() / 2},
	} {
		x, y := Project(tc.lon, tc.lat)
		if math.Abs(x-tc.x) > 1e-9 || math.Abs(y-tc.y) > 1e-9 {
			t.Errorf("%s: Project(%g, %g) = (%g, %g), want (%g, %g)", tc.name, tc.lon, tc.lat, x, y, tc.x, tc.y)
		}
	}
}

func TestUnits(t *testing.T) {
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	units := Units(g)
	ua, crimea := 0, false
	for _, u := range units {
		if u.Place.Country == "UA" {
			ua++
		}
		if u.Place.Admin1 == "UA-43" || u.Place.ID == "adm1:UA-43" {
			crimea = true
		}
		if len(u.Shape) == 0 {
			t.Errorf("%s has no shape", u.Place.ID)
		}
	}
	if ua < 25 || !crimea {
		t.Errorf("%d Ukrainian units of %d, Crimea drawn as Ukraine's: %v; want 25 or more, and true", ua, len(units), crimea)
	}
}
