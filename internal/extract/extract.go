// Package extract turns a report's text into claims: incidents (one claimed
// strike on one place), prisoner exchanges and statements about agreements,
// each traceable to its source sentence and to who makes it.
//
// The extractor is rule-based and runs in passes, each with one job and
// each returning values that the next ones read:
//
//   - analyse: words, their stems, lexicon hits, place mentions (package
//     geo) and date expressions (package when), once per report;
//   - sentences: sentences and paragraphs, and which of them are
//     headlines, captions, teasers or background (sentences.go);
//   - speakers: who asserts each sentence, carried through the report
//     (speakers.go);
//   - places, dates, targets, weapons and counts per sentence (places.go,
//     dates.go, targets.go, weapons.go);
//   - incidents: sentences that report a strike become one claim per place
//     and target, with what the sentences around them add (incidents.go);
//     merging folds together what a report says twice (merge.go);
//   - exchanges and agreements (exchange.go, agreement.go).
//
// Its language knowledge lives in one lexicon per language
// (lexicon/*.txt), matched by word stem. It prefers precision on general
// text: habitual statements ("Russia keeps hitting the grid"),
// hypotheticals, negations and truce talk yield no incident, and a denial
// becomes a counter-claim rather than a new incident.
package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/lang"
	"github.com/trucewatch/trucewatch/internal/when"
)

// Extractor extracts claims; it is safe for concurrent use.
type Extractor struct {
	gaz   *geo.Gazetteer
	lex   map[string]*lexicon
	stems *stemCache
}

// New returns an extractor that resolves places with g.
func New(g *geo.Gazetteer) (*Extractor, error) {
	x := &Extractor{gaz: g, lex: map[string]*lexicon{}, stems: newStemCache(Languages)}
	for _, l := range Languages {
		lx, err := loadLexicon(l)
		if err != nil {
			return nil, fmt.Errorf("load lexicon: %w", err)
		}
		x.lex[l] = lx
	}
	return x, nil
}

// Claims extracts the claims of one report. The report's Language picks the
// lexicon; without one it is guessed from the text.
func (x *Extractor) Claims(r trucewatch.Report) []trucewatch.Claim {
	d := x.analyse(r)
	speakers := d.speakers()
	dates := d.sentenceDates()
	var claims []trucewatch.Claim
	claims = append(claims, d.incidents(speakers, dates)...)
	claims = append(claims, d.exchanges(dates)...)
	claims = append(claims, d.agreements()...)
	for i := range claims {
		c := &claims[i]
		c.ReportID = r.ID
		c.ID = fmt.Sprintf("%s-%s-%d-%d", trucewatch.ShortID(r.ID), c.Kind, c.Sentence.Start, i)
	}
	return claims
}

// doc is one report as the first pass reads it. It is filled once by
// analyse and only read afterwards.
type doc struct {
	x        *Extractor
	text     string
	language string
	lex      *lexicon
	anchor   trucewatch.Date // the publication day, zero when unknown
	ws       []lang.Word
	stems    []string // each word's stem in the report's language
	raw      []string // each word lower-cased as written
	hits     []hit
	byWord   [][]int // hit indexes by the word they start at
	// bySection holds each section's hits in text order, a section's
	// subsections' too ("target" holds "target energy").
	bySection map[string][]hit
	mentions  []geo.Mention
	mentionAt []int // for each word, the mention it lies in, or -1
	dates     []when.Expr
	sents     []sentence
}

func (x *Extractor) analyse(r trucewatch.Report) *doc {
	language := r.Language
	if x.lex[language] == nil {
		language = lang.Detect(r.Text)
	}
	d := &doc{x: x, text: r.Text, language: language, lex: x.lex[language], anchor: r.Published.Date()}
	d.ws = lang.Words(d.text)
	d.raw = make([]string, len(d.ws))
	d.stems = make([]string, len(d.ws))
	for i, w := range d.ws {
		d.raw[i] = w.Norm
		if s := d.text[w.Start:w.End]; !isASCII(s) {
			d.raw[i] = strings.ToLower(s)
		}
		d.stems[i] = x.stems.stem(language, w.Norm)
	}
	d.hits = gunfireAttacks(dropInside(d.lex.match(d.ws, d.stems, d.raw), "fire", "gunfire"))
	d.byWord = make([][]int, len(d.ws))
	d.bySection = make(map[string][]hit, 64)
	for i, h := range d.hits {
		d.byWord[h.from] = append(d.byWord[h.from], i)
		d.bySection[h.section] = append(d.bySection[h.section], h)
		if k := strings.IndexByte(h.section, ' '); k > 0 {
			d.bySection[h.section[:k]] = append(d.bySection[h.section[:k]], h)
		}
	}
	d.mentions = d.dropCueMentions(x.gaz.ScanWords(d.text, d.ws))
	d.mentionAt = make([]int, len(d.ws))
	m := 0
	for i, w := range d.ws {
		d.mentionAt[i] = -1
		for m < len(d.mentions) && d.mentions[m].Span.End <= int(w.Start) {
			m++
		}
		if m < len(d.mentions) && d.mentions[m].Span.Start <= int(w.Start) {
			d.mentionAt[i] = m
		}
	}
	d.dates = when.Find(d.text, d.ws, d.anchor)
	d.sents = d.split()
	d.classify()
	return d
}

// dropInside leaves out the hits of a section that lie inside a hit of
// another: a [fire] word inside [gunfire] ("artillery fire", "открыли
// огонь") is shooting, not a blaze.
func dropInside(hits []hit, section, inside string) []hit {
	var outer []hit
	for _, h := range hits {
		if h.section == inside {
			outer = append(outer, h)
		}
	}
	if len(outer) == 0 {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		if h.section == section && slices.ContainsFunc(outer, func(o hit) bool { return o.from <= h.from && h.to <= o.to }) {
			continue
		}
		out = append(out, h)
	}
	return out
}

// gunfireAttacks adds an [attack] hit for each [gunfire] hit that no
// [attack] or [truce] hit covers: shooting at a place is a strike
// ("came under fire", "вели огонь по Горловке", "unter Feuer"), and the
// [fire] word inside it is no longer there to make the sentence an event.
// "cease fire" is a truce, not shooting.
func gunfireAttacks(hits []hit) []hit {
	var add []hit
	for _, h := range hits {
		if h.section != "gunfire" {
			continue
		}
		covered := slices.ContainsFunc(hits, func(o hit) bool {
			return (o.section == "attack" || o.section == "truce") && o.from <= h.from && h.to <= o.to
		})
		if !covered {
			add = append(add, hit{section: "attack", from: h.from, to: h.to})
		}
	}
	if len(add) == 0 {
		return hits
	}
	hits = append(hits, add...)
	slices.SortStableFunc(hits, func(a, b hit) int { return a.from - b.from })
	return hits
}

// cueSections are the sections whose phrases say what happened; a place
// name inside one of their phrases is a word of the phrase ("Світло
// повернули", "Свет вернули": the light came back, not the village
// Svitle).
var cueSections = []string{"attack", "damage", "killed", "injured", "nocasualties", "power_outage", "water_outage",
	"heating_outage", "fire", "gunfire", "speech", "deny", "generic", "hypothetical", "negation", "future", "halt"}

// dropCueMentions leaves out the place mentions that lie inside a phrase
// of two words or more of a cue section, but not those in the words a gap
// of the phrase passed over.
func (d *doc) dropCueMentions(ms []geo.Mention) []geo.Mention {
	var phrases []hit
	for _, h := range d.hits {
		if h.to-h.from >= 2 && slices.Contains(cueSections, h.section) {
			phrases = append(phrases, h)
		}
	}
	if len(phrases) == 0 {
		return ms
	}
	out := ms[:0:0]
	for _, m := range ms {
		inside := slices.ContainsFunc(phrases, func(h hit) bool {
			if int(d.ws[h.from].Start) > m.Span.Start || m.Span.End > int(d.ws[h.to-1].End) {
				return false
			}
			// a place in the words a gap passed over is a place of the
			// text ("der Strom in Isjum ist wiederhergestellt")
			return !slices.ContainsFunc(h.gaps, func(g [2]int) bool {
				return int(d.ws[g[0]].Start) <= m.Span.Start && m.Span.Start < int(d.ws[g[1]-1].End)
			})
		})
		if !inside {
			out = append(out, m)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	_, ok := digitsValue(s)
	return ok
}

// digitsValue is the number s writes when s is all digits; the value of
// a run too long for an int is not meaningful.
func digitsValue(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

// in returns the hits of a section that start in words [from, to).
func (d *doc) in(section string, from, to int) []hit {
	hs := d.bySection[section]
	i := sort.Search(len(hs), func(k int) bool { return hs[k].from >= from })
	j := i
	for j < len(hs) && hs[j].from < to {
		j++
	}
	return hs[i:j:j] // capped: appending to it never writes into the index
}

// has reports a hit of a section, or of one of its subsections, in s.
func (d *doc) has(section string, s sentence) bool { return len(d.in(section, s.from, s.to)) > 0 }

// hasHit reports a hit of exactly this lexicon section on word k.
func (d *doc) hasHit(k int, section string) bool {
	if k < 0 || k >= len(d.ws) {
		return false
	}
	for _, hi := range d.byWord[k] {
		if d.hits[hi].section == section {
			return true
		}
	}
	return false
}

// hasAnyHit reports a hit of exactly one of these lexicon sections on
// word k, looking at the word's hits once.
func (d *doc) hasAnyHit(k int, sections ...string) bool {
	if k < 0 || k >= len(d.ws) {
		return false
	}
	for _, hi := range d.byWord[k] {
		if slices.Contains(sections, d.hits[hi].section) {
			return true
		}
	}
	return false
}

// covered reports whether word k lies inside a hit of the section or of
// one of its kinds ("weapon" covers "weapon drone").
func (d *doc) covered(k int, section string) bool { return d.coveredAny(k, section) }

// coveredAny reports whether word k lies inside a hit of one of the
// sections or of one of their kinds, looking at the hits around it once.
func (d *doc) coveredAny(k int, sections ...string) bool {
	for j := max(0, k-4); j <= k; j++ {
		for _, hi := range d.byWord[j] {
			if h := d.hits[hi]; h.to > k && slices.ContainsFunc(sections, func(section string) bool {
				return h.section == section || strings.HasPrefix(h.section, section+" ")
			}) {
				return true
			}
		}
	}
	return false
}

// number reads a count at word i: digits ("40", "1 200", "1.000") or a
// number word.
func (d *doc) number(i int) (int, bool) {
	if i < 0 || i >= len(d.ws) {
		return 0, false
	}
	w := d.ws[i].Norm
	if n, ok := digitsValue(w); ok && len(w) == 4 && n >= 1900 && n <= 2100 {
		return 0, false // a year, not a count
	}
	if n, ok := digitsValue(w); ok && len(w) <= 6 {
		// "1 200", "1.000", "1,000": a group of three digits after a number.
		if i+1 < len(d.ws) && len(d.ws[i+1].Norm) == 3 && n < 1000 && d.thousandsGap(i) {
			if m, ok := digitsValue(d.ws[i+1].Norm); ok {
				n = n*1000 + m
			}
		}
		return n, true
	}
	for _, h := range d.byWord[i] {
		if d.hits[h].section == "number" {
			return d.hits[h].value, true
		}
	}
	return 0, false
}

// thousandsGap reports a thousands separator between word i and the next:
// a space, or a single '.' or ',' with no space.
func (d *doc) thousandsGap(i int) bool {
	gap := d.text[d.ws[i].End:d.ws[i+1].Start]
	return gap == " " || gap == "\u00a0" || gap == "\u202f" || gap == "." || gap == ","
}

// numberBefore looks for a count in the few words before word i
// ("40 Shahed-Drohnen", "rund 40 Drohnen", "шість ракет", "145 attack and
// decoy drones").
func (d *doc) numberBefore(i, from int) (int, bool) {
	n, _, ok := d.numberBeforeAt(i, from)
	return n, ok
}

// numberBeforeAt is numberBefore that also tells which word the count is.
func (d *doc) numberBeforeAt(i, from int) (int, int, bool) {
	for j := i - 1; j >= from && j >= i-4; j-- {
		if n, ok := d.number(j); ok && !d.isAge(j) {
			return n, j, true
		}
		if d.ws[j+1].Sep >= lang.SepComma {
			break
		}
	}
	return 0, 0, false
}

// isAge reports a number that is someone's age or a measure, not a count:
// "a 72-year-old woman", "55-річна жінка", "45-jähriger Mann", "600
// square metres", "10 kV", and each number of a list of them ("мужчины 79
// и 68 лет").
func (d *doc) isAge(j int) bool {
	for k := j + 1; k < len(d.ws) && k <= j+12; k++ {
		if d.hasHit(k, "age") || d.hasHit(k, "unit") {
			return true
		}
		if _, ok := digitsValue(d.ws[k].Norm); !ok && !d.hasHit(k, "listjoin") || d.ws[k].Sep >= lang.SepStop {
			return false
		}
	}
	return false
}

// numberNear looks for a count just before or after word i, the nearer
// one ("killing 18 people and injuring 62": 62 is the injured), and
// returns it and its word. It does not look past a subordinate clause's
// start ("five were injured when a missile hit") nor past "and" and the
// next count ("zwei getötet und sieben verletzt": seven are the injured;
// "getötet und sieben Häuser beschädigt"), unless one person stands before
// "and" and no casualty word follows the count ("поранені жінка і двоє
// дітей": the two are injured too).
func (d *doc) numberNear(i, from, to int) (int, int, bool) {
	before, at, okBefore := d.numberBeforeAt(i, from)
	for j := i + 1; j < to && j <= i+3; j++ {
		if d.ws[j].Sep >= lang.SepComma || d.hasHit(j, "subordinator") {
			break
		}
		if _, ok := d.number(j + 1); ok && d.hasHit(j, "and") && (!d.onePerson(j-1) || d.casualtyWithin(j+2, min(to, j+4))) {
			break
		}
		if n, ok := d.number(j); ok && !d.isAge(j) && (!okBefore || j-i <= i-at) {
			return n, j, true
		}
	}
	return before, at, okBefore
}

// casualtyWithin reports a killed or injured word among words [from, to),
// in one clause.
func (d *doc) casualtyWithin(from, to int) bool {
	for k := from; k < to && k < len(d.ws); k++ {
		if k > from && d.ws[k].Sep >= lang.SepComma {
			return false
		}
		if d.hasAnyHit(k, "killed", "injured") {
			return true
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Default returns an extractor over the built-in gazetteer (geo.Default).
func Default() (*Extractor, error) {
	g, err := geo.Default()
	if err != nil {
		return nil, err
	}
	return New(g)
}
