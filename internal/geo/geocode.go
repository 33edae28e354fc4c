package geo

import (
	"fmt"
	"github.com/trucewatch/trucewatch/internal/lang"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
)

// Geocode resolves a name given on its own ("Saporischschja", "у Краснопіллі"
// without the preposition, "Gebiet Sumy"). near, if not empty, names a place
// that the answer should lie close to (an oblast, a country, a city), as a
// report would mention nearby. The error wraps trucewatch.ErrNotFound when
// no place has that name.
func (g *Gazetteer) Geocode(query, near string) (Mention, error) {
	var ctx context
	if near != "" {
		m, err := g.Geocode(near, "")
		if err != nil {
			return Mention{}, fmt.Errorf("near: %w", err)
		}
		ctx.add(m.Place)
		if m.Place.Precision == trucewatch.PlaceAdmin1 {
			ctx.admin1[m.Place.Admin1] += 2 // an oblast named as context weighs like several mentions
		}
	}
	ws := lang.Words(query)
	for i := range ws {
		ws[i].Upper = true // a query need not be capitalised
	}
	cands := g.find(query, ws, true)
	if len(cands) == 1 && cands[0].from == 0 && cands[0].to == len(ws) {
		if ms := g.resolve(query, ws, cands, ctx); len(ms) == 1 {
			return ms[0], nil
		}
	}
	if m, ok := g.dashed(query, ws, cands, ctx); ok {
		return m, nil
	}
	return Mention{}, fmt.Errorf("no place named %q: %w", strings.TrimSpace(query), trucewatch.ErrNotFound)
}

// Place returns the entry with the given gazetteer id.
func (g *Gazetteer) Place(id string) (trucewatch.Place, bool) {
	i, ok := g.byID[id]
	if !ok {
		return trucewatch.Place{}, false
	}
	return g.entries[i].place, true
}

// Admin1Name is the English name of the first-level unit with the ISO
// 3166-2 code iso, or iso itself when the gazetteer has no such unit.
func (g *Gazetteer) Admin1Name(iso string) string {
	if p, ok := g.Place("adm1:" + iso); ok {
		return p.Name
	}
	return iso
}

// IsCapital reports whether the entry is a national capital: "Kyiv said",
// "Moskau warf vor" name a government, not a place.
func (g *Gazetteer) IsCapital(id string) bool {
	i, ok := g.byID[id]
	return ok && g.entries[i].capital
}

// Admin1At returns the first-level unit that the coordinate lies in, by the
// simplified Natural Earth borders (Crimea and Sevastopol as Ukrainian units).
func (g *Gazetteer) Admin1At(lat, lon float64) (trucewatch.Place, bool) {
	g.shapesOnce.Do(g.decodeShapes)
	pt := shape.Point{Lon: lon, Lat: lat}
	for _, s := range g.shapes {
		if s.box.Contains(pt) && s.shape.Contains(pt) {
			return g.entries[s.entry].place, true
		}
	}
	return trucewatch.Place{}, false
}

// Admin1Shape returns the border of a first-level unit by ISO 3166-2 code.
func (g *Gazetteer) Admin1Shape(iso string) (shape.MultiPolygon, bool) {
	g.shapesOnce.Do(g.decodeShapes)
	i, ok := g.byID["adm1:"+iso]
	if !ok {
		return nil, false
	}
	for _, s := range g.shapes {
		if s.entry == i {
			return s.shape, true
		}
	}
	return nil, false
}

// decodeShapes reads data/shapes.tsv.gz (iso, polygons) on first use: most
// runs never ask for a border, and the file is the largest to unpack. The
// file is embedded and generated, so a bad one is a broken build: it
// panics, as template.Must does, rather than drawing no borders silently.
func (g *Gazetteer) decodeShapes() {
	err := readGzip("data/shapes.tsv.gz", func(c []string) error {
		if len(c) != 2 {
			return fmt.Errorf("%d columns, want 2", len(c))
		}
		i, ok := g.byID["adm1:"+c[0]]
		if !ok {
			return fmt.Errorf("shape of unknown unit %s", c[0])
		}
		m := decodeShape(c[1])
		g.shapes = append(g.shapes, admin1Shape{entry: i, box: m.Bounds(), shape: m})
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("geo: embedded borders: %v", err))
	}
}

// decodeShape reads the polygons column of admin1.tsv: polygons separated by
// "/", rings by ";", points "lon,lat" by spaces. The file is generated and
// embedded, so a malformed number is a build error caught by the tests; it
// is read as 0 here rather than failing at run time.
func decodeShape(s string) shape.MultiPolygon {
	var m shape.MultiPolygon
	for _, ps := range strings.Split(s, "/") {
		var poly shape.Polygon
		for _, rs := range strings.Split(ps, ";") {
			fields := strings.Fields(rs)
			ring := make(shape.Ring, 0, len(fields))
			for _, f := range fields {
				a, b, _ := strings.Cut(f, ",")
				lon, lat, _ := latLonPair(a, b)
				ring = append(ring, shape.Point{Lon: lon, Lat: lat})
			}
			poly = append(poly, ring)
		}
		m = append(m, poly)
	}
	return m
}

func latLonPair(lon, lat string) (float64, float64, error) {
	la, lo, err := latLon(lat, lon)
	return lo, la, err
}

// Admin1Codes lists the ISO 3166-2 codes of the first-level units of the
// given countries, sorted.
func (g *Gazetteer) Admin1Codes(countries []trucewatch.Party) []string {
	var out []string
	for _, e := range g.entries {
		if e.place.Precision == trucewatch.PlaceAdmin1 && slices.Contains(countries, e.place.Country) {
			out = append(out, e.place.Admin1)
		}
	}
	slices.Sort(out)
	return out
}

// dashed resolves a query whose parts, joined by dashes, all name one place
// (Республика Северная Осетия — Алания): a dash ends a clause in text, so
// no name spans it.
func (g *Gazetteer) dashed(query string, ws []lang.Word, cands []candidate, ctx context) (Mention, bool) {
	if len(cands) < 2 || cands[0].from != 0 || cands[len(cands)-1].to != len(ws) {
		return Mention{}, false
	}
	for k := 1; k < len(cands); k++ {
		at := cands[k].from
		if at != cands[k-1].to || !strings.ContainsAny(query[ws[at-1].End:ws[at].Start], "—–-") {
			return Mention{}, false
		}
	}
	ms := g.resolve(query, ws, cands, ctx)
	if len(ms) != len(cands) {
		return Mention{}, false
	}
	for _, m := range ms[1:] {
		if m.Place.ID != ms[0].Place.ID {
			return Mention{}, false
		}
	}
	m := ms[0]
	m.Span.End = ms[len(ms)-1].Span.End
	m.Text = query[m.Span.Start:m.Span.End]
	return m, true
}
