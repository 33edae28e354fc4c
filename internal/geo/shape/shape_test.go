package shape

import "testing"

func TestContains(t *testing.T) {
	square := Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}}
	hole := Ring{{4, 4}, {6, 4}, {6, 6}, {4, 6}}
	m := MultiPolygon{{square, hole}, {Ring{{20, 20}, {21, 20}, {21, 21}}}}
	tests := []struct {
		p    Point
		want bool
	}{
		{Point{1, 1}, true},
		{Point{5, 5}, false}, // in the hole
		{Point{11, 5}, false},
		{Point{20.8, 20.2}, true}, // second polygon
		{Point{20.2, 20.8}, false},
	}
	for _, tt := range tests {
		if got := m.Contains(tt.p); got != tt.want {
			t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if b := m.Bounds(); b != (Box{0, 0, 21, 21}) {
		t.Errorf("Bounds = %v", b)
	}
	if d := m.DistanceToEdge(Point{-1, 5}); d != 1 {
		t.Errorf("DistanceToEdge = %v, want 1", d)
	}
}

func TestSimplify(t *testing.T) {
	// A square with many points on each edge and one small bump.
	var r Ring
	for i := 0; i < 10; i++ {
		r = append(r, Point{float64(i), 0})
	}
	r = append(r, Point{10, 0}, Point{10, 5}, Point{10.001, 6}, Point{10, 7}, Point{10, 10}, Point{5, 10}, Point{0, 10}, Point{0, 5})
	s := Simplify(r, 0.01)
	if len(s) != 4 {
		t.Errorf("Simplify kept %d points, want the 4 corners: %v", len(s), s)
	}
	for _, p := range []Point{{5, 5}, {1, 1}, {9, 9}} {
		if !(MultiPolygon{{s}}).Contains(p) {
			t.Errorf("simplified square lost %v", p)
		}
	}
	if got := Simplify(r, 0.0001); len(got) <= 4 {
		t.Errorf("a fine tolerance dropped the bump: %v", got)
	}
}
