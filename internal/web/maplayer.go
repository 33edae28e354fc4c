package web

import (
	"cmp"
	"context"
	"slices"

	"github.com/trucewatch/trucewatch"
)

// mapLayer is what a map shows for a filter: every incident when there are
// at most the asked number, otherwise one cluster per half-degree cell of
// the grid (trucewatch.CellOf), so that a map never silently drops
// incidents.
type mapLayer struct {
	Total    int
	Points   []trucewatch.MapPoint
	Clusters []trucewatch.MapCell // largest first
}

// mapLayer reads the incidents f selects as points when there are at most
// maxPoints of them, and as clusters otherwise. The record can change
// between the count and the points: Total then counts the points read.
func (s *Server) mapLayer(ctx context.Context, f trucewatch.IncidentFilter, maxPoints int) (mapLayer, error) {
	var m mapLayer
	cells, err := s.incidents.MapCells(ctx, f)
	if err != nil {
		return m, err
	}
	for _, c := range cells {
		m.Total += c.Count
	}
	if m.Total > maxPoints {
		m.Clusters = cells
		sortClusters(m.Clusters)
		return m, nil
	}
	if m.Total == 0 {
		return m, nil
	}
	if m.Points, err = s.incidents.NewestPoints(ctx, f, 0); err != nil {
		return m, err
	}
	m.Total = len(m.Points)
	return m, nil
}

// sortClusters puts the largest first, then orders by position, so that
// the layer does not depend on the order the cells were counted in.
func sortClusters(cs []trucewatch.MapCell) {
	slices.SortFunc(cs, func(a, b trucewatch.MapCell) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Lat, b.Lat), cmp.Compare(a.Lon, b.Lon))
	})
}

// incidentPage is a page of the incidents f selects, decoded.
func (s *Server) incidentPage(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.Incident, error) {
	bodies, err := s.incidents.IncidentsJSON(ctx, f)
	if err != nil {
		return nil, err
	}
	return trucewatch.DecodeIncidents(bodies)
}
