// Package geo is trucewatch's offline gazetteer and geocoder. It finds every
// place named in a text, in German, English, Ukrainian and Russian, in any
// common spelling and inflected form, and resolves each to one gazetteer
// entry using the other places the text names; it also tells which
// first-level unit (oblast, krai) a coordinate lies in.
//
// The gazetteer is embedded: places from GeoNames (CC BY 4.0), first-level
// units and their borders from Natural Earth (public domain), both derived by
// ./gen, and a curated supplement (data/supplement.tsv) of facilities,
// front-line villages, countries and regions; tables of names in four
// languages (data/admin1_names.tsv, data/place_names.tsv) for LocalName.
// Countries follow
// internationally recognised borders (UN GA resolution 68/262): places in
// Crimea and other occupied areas are in Ukraine, flagged occupied.
package geo

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
	"github.com/trucewatch/trucewatch/internal/lang"
)

//go:generate ../../scripts/gazetteer.sh

// The place and unit files are embedded uncompressed, as strings: loading
// reads them where they lie in the binary, without unpacking or copying.
// Borders, larger and rarely needed, stay compressed until first use.
var (
	//go:embed data/places.tsv
	placesTSV string
	//go:embed data/admin1.tsv
	admin1TSV string
	//go:embed data/shapes.tsv.gz data/supplement.tsv data/admin1_names.tsv data/place_names.tsv data/stopwords.txt data/units.txt data/titles.txt data/companies.txt data/firstnames.txt data/facilities.txt
	data embed.FS
)

// Gazetteer holds the places and their names, indexed for scanning.
type Gazetteer struct {
	entries []entry
	byID    map[string]int32
	names   []name
	words   []nameWord // the words of all names; a name owns words[from:to]
	// index maps the stem of a name's first word to the first link of the
	// chain of names that start with it; phrases does the same for names
	// that begin with a lower-case word ("southern Russia"), which match
	// without a capital.
	index, phrases map[string]int32
	next           []nameLink

	cues cueTable        // words that tell what a name next to them is (data/units.txt and others)
	stop map[string]bool // data/stopwords.txt: never a place on their own

	shapesOnce sync.Once
	shapes     []admin1Shape

	// raw are the supplement's names of an entry as written (with case
	// and apostrophes), and local the names LocalName derived
	// (localname.go); fixedNames the names admin1_names.tsv and
	// place_names.tsv give an entry.
	raw        map[int32][]string
	local      localNames
	fixedNames map[int32]fixedNames
}

// entry is one place with what ranking needs.
type entry struct {
	place      trucewatch.Place
	importance float64 // prior weight: larger places, capitals, countries rank higher
	pop        int32   // inhabitants, 0 when not known
	capital    bool    // a national capital, whose name often stands for its government
	seat       bool    // the seat of a first-level unit (GeoNames PPLA)
	curated    bool    // the supplement adds or extends it: reviewed by hand
	cityUnit   bool    // a first-level unit that is a city (Kyiv, Sevastopol)
}

// name is one spelling of an entry, split into words.
type name struct {
	entry    int32
	from, to int32 // its words in Gazetteer.words
	main     bool  // the entry's main name: GeoNames' current name, not an alternate or historic one
	caps     bool  // the name's first word is written in capitals (USA, ДНР, ГИС Суджа)
	// adjFirst marks a Cyrillic name of several words whose first word is
	// a feminine adjective in -а or -я: Біла Церква, Велика Писарівка. It
	// declines as an adjective (у Білій Церкві), though the word alone
	// does not look like one.
	adjFirst bool
}

// nameWord is one word of a name.
type nameWord struct {
	full string // as spelt, normalised
	// alt is a second stem, "" when there is none; kind says which
	// endings it takes: an alternating stem (Харків → харков-), the
	// Ukrainian locative's (округ → окруз-і) or a German adjective's
	// (Russische → russisch-en).
	alt     string
	stemLen uint16 // bytes of full that make its stem (see stem)
	kind    altKind
}

// stem returns the word's stem: the nominative without its ending (Суми →
// сум). It is a prefix of full, kept as a length to save memory.
func (w nameWord) stem() string { return w.full[:w.stemLen] }

// nameLink chains the names that share an index key.
type nameLink struct {
	name, next int32 // next is -1 at the end of the chain
	// second is how the name's second word begins (its first two bytes,
	// fewer for a shorter word), secondLen how many bytes; 0 for a name of
	// one word. Every form of a word begins so, and lookup skips a name
	// whose second word the text lacks without reading the name's words.
	second    [2]byte
	secondLen uint8
}

// secondIs reports whether a word of text begins as the name's second
// word does.
func (l *nameLink) secondIs(w string) bool {
	if len(w) < int(l.secondLen) {
		return false
	}
	for k := range int(l.secondLen) {
		if w[k] != l.second[k] {
			return false
		}
	}
	return true
}

type admin1Shape struct {
	entry int32
	box   shape.Box
	shape shape.MultiPolygon
}

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
	defaultErr  error
)

// Default returns the embedded gazetteer, loading it on first use.
func Default() (*Gazetteer, error) {
	defaultOnce.Do(func() { defaultGaz, defaultErr = Load() })
	return defaultGaz, defaultErr
}

// Load reads the embedded gazetteer.
func Load() (*Gazetteer, error) {
	const expected = 52000 // entries, a little more than the data holds
	l := &loader{
		g: &Gazetteer{
			entries: make([]entry, 0, expected),
			byID:    make(map[string]int32, expected),
		},
		forms:     make([]string, 0, expected),
		names:     make([][]string, 0, expected),
		stop:      map[string]bool{},
		stopStems: map[string]int{},
	}
	for w := range cueBefore { // "Region", "Oblast" alone name no place
		l.stop[w] = true
	}
	for w := range cueAfter {
		l.stop[w] = true
	}
	if err := readLines("data/stopwords.txt", func(line string) {
		w := lang.Normalise(line)
		l.stop[w] = true
		if !strings.Contains(w, " ") {
			// and its other forms (атаки, атакі), but no longer word with the
			// same stem: the first name Олександр is no stop to Олександрія
			n := utf8.RuneCountInString(w)
			l.stopStems[stem(w)] = max(l.stopStems[stem(w)], n)
		}
	}); err != nil {
		return nil, err
	}
	cues, err := loadCues()
	if err != nil {
		return nil, err
	}
	for w := range l.stop {
		cues.words[w] |= cueStop
	}
	l.g.cues, l.g.stop = cues, l.stop
	if err := readTSV("data/admin1.tsv", admin1TSV, l.addAdmin1); err != nil {
		return nil, err
	}
	if err := readTSV("data/places.tsv", placesTSV, l.addPlace); err != nil {
		return nil, err
	}
	sup, err := data.ReadFile("data/supplement.tsv")
	if err != nil {
		return nil, err
	}
	if err := readTSV("data/supplement.tsv", string(sup), l.addSupplement); err != nil {
		return nil, err
	}
	for _, f := range []struct{ path, prefix string }{{"data/admin1_names.tsv", "adm1:"}, {"data/place_names.tsv", ""}} {
		b, err := data.ReadFile(f.path)
		if err != nil {
			return nil, err
		}
		if err := readTSV(f.path, string(b), l.addNames(f.prefix)); err != nil {
			return nil, err
		}
	}
	l.buildIndex()
	return l.g, nil
}

// loader collects entries and their names while the files are read.
type loader struct {
	g *Gazetteer
	// forms holds each entry's spellings from the generated files, already
	// normalised and romanised by ./gen ("|"-separated); names holds names
	// from the supplement, as written.
	forms []string
	names [][]string
	stop  map[string]bool // words that are never a place name on their own
	// stopStems maps the stem of a stopword to the length in letters of the
	// longest stopword with that stem: a name no longer than it with the
	// same stem is one of its forms.
	stopStems map[string]int
}

// readLines calls fn with every line of an embedded file that is not blank
// or a "#" comment.
func readLines(path string, fn func(string)) error {
	b, err := data.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			fn(line)
		}
	}
	return nil
}

// gunzip returns the text of an embedded gzip file.
func gunzip(path string) (string, error) {
	f, err := data.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	var buf bytes.Buffer
	buf.Grow(4 << 20)
	if _, err := buf.ReadFrom(zr); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return buf.String(), nil
}

func readGzip(path string, add func([]string) error) error {
	text, err := gunzip(path)
	if err != nil {
		return err
	}
	return readTSV(path, text, add)
}

// readTSV calls add with the columns of every line of text that is not
// blank or a "#" comment. The columns are slices of text: loading allocates
// nothing per field.
func readTSV(path, text string, add func([]string) error) error {
	rest := text
	var cols []string
	for line := 1; rest != ""; line++ {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		if l == "" || l[0] == '#' {
			continue
		}
		cols = cols[:0]
		for {
			c, more, found := strings.Cut(l, "\t")
			cols = append(cols, c)
			if !found {
				break
			}
			l = more
		}
		if err := add(cols); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
	return nil
}

func (l *loader) add(p trucewatch.Place, importance float64, forms string, names ...string) int32 {
	g := l.g
	i := int32(len(g.entries))
	g.entries = append(g.entries, entry{place: p, importance: importance})
	g.byID[p.ID] = i
	l.forms = append(l.forms, forms)
	l.names = append(l.names, names)
	return i
}

// admin1.tsv: iso, country, occupied, name, lat, lon, type, spellings
func (l *loader) addAdmin1(c []string) error {
	if len(c) != 8 {
		return fmt.Errorf("%d columns, want 8", len(c))
	}
	lat, lon, err := latLon(c[4], c[5])
	if err != nil {
		return err
	}
	importance := 6.0
	city := strings.Contains(c[6], "City") || c[6] == "Municipality"
	if city {
		importance = 5 // "Gebiet Kiew" is the oblast, not the capital's own unit
	}
	i := l.add(trucewatch.Place{ID: "adm1:" + c[0], Name: c[3], Admin1: c[0], Country: trucewatch.Party(c[1]),
		Precision: trucewatch.PlaceAdmin1, Lat: lat, Lon: lon, Occupied: c[2] == "1"}, importance, c[7])
	l.g.entries[i].cityUnit = city
	return nil
}

// admin1_names.tsv: iso, en, de, uk, ru; place_names.tsv: id, en, de, uk,
// ru (docs/gazetteer.md, "Names in other languages"). An empty column is
// a name LocalName derives.
func (l *loader) addNames(prefix string) func([]string) error {
	return func(c []string) error {
		if len(c) != 5 {
			return fmt.Errorf("%d columns, want 5", len(c))
		}
		i, ok := l.g.byID[prefix+c[0]]
		if !ok {
			return fmt.Errorf("%q: no such place in the gazetteer", prefix+c[0])
		}
		if _, dup := l.g.fixedNames[i]; dup {
			return fmt.Errorf("%q: listed twice", c[0])
		}
		var n fixedNames
		for k, s := range c[1:] {
			if s != strings.TrimSpace(s) {
				return fmt.Errorf("%q: %s name %q has surrounding spaces", c[0], fixedNameLangs[k], s)
			}
			n[k] = s
		}
		if l.g.fixedNames == nil {
			l.g.fixedNames = map[int32]fixedNames{}
		}
		l.g.fixedNames[i] = n
		l.names[i] = append(l.names[i], tableNames(prefix+c[0], n)...)
		return nil
	}
}

// places.tsv: geonameid, name, lat, lon, country, admin1, population, feature code, spellings
func (l *loader) addPlace(c []string) error {
	if len(c) != 9 {
		return fmt.Errorf("%d columns, want 9", len(c))
	}
	lat, lon, err := latLon(c[2], c[3])
	if err != nil {
		return err
	}
	pop, err := strconv.Atoi(c[6])
	if err != nil {
		return fmt.Errorf("population %q", c[6])
	}
	importance := math.Log10(float64(pop) + 10)
	switch c[7] {
	case "PPLC":
		importance += 2
	case "PPLA":
		importance += 1
	case "PPLA2":
		importance += 0.5
	}
	p := trucewatch.Place{ID: "gn:" + c[0], Name: c[1], Admin1: c[5], Country: trucewatch.Party(c[4]),
		Precision: trucewatch.PlaceSettlement, Lat: lat, Lon: lon}
	if j, ok := l.g.byID["adm1:"+c[5]]; ok {
		p.Occupied = l.g.entries[j].place.Occupied // all of Crimea and Sevastopol
	}
	i := l.add(p, importance, c[8])
	e := &l.g.entries[i]
	e.capital, e.seat = c[7] == "PPLC", c[7] == "PPLA"
	e.pop = int32(min(pop, math.MaxInt32))
	return nil
}

// supplement.tsv: id, precision, name, country, admin1, lat, lon, occupied, names, source
func (l *loader) addSupplement(c []string) error {
	if len(c) != 10 {
		return fmt.Errorf("%d columns, want 10", len(c))
	}
	if c[9] == "" {
		return fmt.Errorf("%s: no source", c[0])
	}
	if i, ok := l.g.byID[c[0]]; ok { // extends a generated entry
		l.g.entries[i].curated = true
		if c[7] == "1" {
			l.g.entries[i].place.Occupied = true
		}
		l.names[i] = append(l.names[i], c[8])
		l.addRaw(i, c[8])
		return nil
	}
	if strings.HasPrefix(c[0], "gn:") || strings.HasPrefix(c[0], "adm1:") {
		return fmt.Errorf("%s extends an entry that is not in the generated data", c[0])
	}
	prec, err := trucewatch.ParsePlacePrecision(c[1])
	if err != nil {
		return err
	}
	lat, lon, err := latLon(c[5], c[6])
	if err != nil {
		return err
	}
	admin1 := c[4]
	if admin1 == "-" {
		admin1 = ""
	}
	importance := map[trucewatch.PlacePrecision]float64{
		trucewatch.PlaceSettlement: 5.5, trucewatch.PlaceAdmin1: 6, trucewatch.PlaceRegion: 7, trucewatch.PlaceCountry: 8,
	}[prec]
	i := l.add(trucewatch.Place{ID: c[0], Name: c[2], Admin1: admin1, Country: trucewatch.Party(c[3]),
		Precision: prec, Lat: lat, Lon: lon, Occupied: c[7] == "1"}, importance, "", c[2], c[8])
	l.g.entries[i].curated = true
	l.addRaw(i, c[2]+"|"+c[8])
	return nil
}

// addRaw keeps an entry's supplement names as written, for LocalName.
func (l *loader) addRaw(i int32, names string) {
	if l.g.raw == nil {
		l.g.raw = map[int32][]string{}
	}
	for _, n := range strings.Split(names, "|") {
		if n = strings.TrimSpace(n); n != "" && n != "-" {
			l.g.raw[i] = append(l.g.raw[i], n)
		}
	}
}

func latLon(a, b string) (float64, float64, error) {
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return 0, 0, fmt.Errorf("coordinates %q %q", a, b)
	}
	return lat, lon, nil
}

// Matching names the version of the matching rules: the code that makes
// a unit's forms from its names (forms.go) and matches words of text to
// names (inflect.go, index.go, scan.go, agree.go). Count it up by one with
// any change to that code that changes which places a text names; Version
// hashes it with the data. It was added as 2 (1 standing for the rules
// before it) and counted up with each change of the rules since (git log
// -G'const Matching'), so that no number names two sets of rules.
const Matching = "8"

// Version names the gazetteer: the first 12 hex digits of the SHA-256 of
// Matching and every data file built in. Claims record it, so that a
// gazetteer upgrade can queue the reports whose places it may change.
func Version() string {
	versionOnce.Do(func() {
		h := sha256.New()
		io.WriteString(h, "matching "+Matching+"\n")
		io.WriteString(h, placesTSV)
		io.WriteString(h, admin1TSV)
		fs.WalkDir(data, ".", func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := data.ReadFile(path)
				io.WriteString(h, path)
				h.Write(b)
			}
			return nil
		})
		version = hex.EncodeToString(h.Sum(nil))[:12]
	})
	return version
}

var (
	versionOnce sync.Once
	version     string
)
