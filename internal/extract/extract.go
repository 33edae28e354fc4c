// Package extract turns a report's text into claims: incidents (one claimed
// strike on one place), prisoner exchanges and statements about agreements,
// each traceable to its source sentence and to who makes it.
//
// The extractor is rule-based. Its language knowledge lives in one lexicon
// per language (lexicon/*.txt); places come from the gazetteer (package
// geo) and dates from package when. It prefers precision on general text:
// habitual statements ("Russia keeps hitting the grid"), hypotheticals,
// negations and talk about truces yield no incident, and a denial becomes a
// counter-claim rather than a new incident.
package extract

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/lang"
	"github.com/trucewatch/trucewatch/internal/when"
)

// Extractor extracts claims; it is safe for concurrent use.
type Extractor struct {
	gaz *geo.Gazetteer
	lex map[string]*lexicon
}

// New returns an extractor that resolves places with g.
func New(g *geo.Gazetteer) (*Extractor, error) {
	x := &Extractor{gaz: g, lex: map[string]*lexicon{}}
	for _, l := range Languages {
		lx, err := loadLexicon(l)
		if err != nil {
			return nil, fmt.Errorf("load lexicon: %w", err)
		}
		x.lex[l] = lx
	}
	return x, nil
}

// doc is one report under analysis.
type doc struct {
	x         *Extractor
	text      string
	language  string
	lex       *lexicon
	ws        []lang.Word
	raw       []string
	hits      []hit
	byWord    [][]int // hit indexes by the word they start at
	mentions  []geo.Mention
	mentionAt []int // for each word, the mention it lies in, or -1
	dates     []when.Expr
	anchor    trucewatch.Date
	sents     []sentence
	sections  []map[string]bool // by sentence: the lexicon sections it has
}

// Claims extracts the claims of one report. The report's Language picks the
// lexicon; without one it is guessed from the text.
func (x *Extractor) Claims(r trucewatch.Report) []trucewatch.Claim {
	d := x.analyse(r)
	var claims []trucewatch.Claim
	claims = append(claims, d.incidents()...)
	claims = append(claims, d.exchanges()...)
	claims = append(claims, d.agreements()...)
	for i := range claims {
		c := &claims[i]
		c.ReportID = r.ID
		c.ID = fmt.Sprintf("%s-%s-%d-%d", trucewatch.ShortID(r.ID), c.Kind, c.Sentence.Start, i)
	}
	return claims
}

func (x *Extractor) analyse(r trucewatch.Report) *doc {
	language := r.Language
	if x.lex[language] == nil {
		language = lang.Detect(r.Text)
	}
	d := &doc{x: x, text: r.Text, language: language, lex: x.lex[language], anchor: r.Published.Date()}
	d.ws = lang.Words(d.text)
	d.raw = make([]string, len(d.ws))
	for i, w := range d.ws {
		d.raw[i] = w.Norm
		if s := d.text[w.Start:w.End]; !isASCII(s) {
			d.raw[i] = strings.ToLower(s)
		}
	}
	d.hits = d.lex.match(d.ws, d.raw)
	d.byWord = make([][]int, len(d.ws))
	for i, h := range d.hits {
		d.byWord[h.from] = append(d.byWord[h.from], i)
	}
	d.mentions = x.gaz.ScanWords(d.text, d.ws)
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
	d.dates = when.Find(d.ws, d.anchor)
	d.sents = d.split()
	// Which sections each sentence has, for has(): "target energy" also
	// counts as "target".
	d.sections = make([]map[string]bool, len(d.sents))
	for si, s := range d.sents {
		m := map[string]bool{}
		for i := s.from; i < s.to; i++ {
			for _, hi := range d.byWord[i] {
				sec := d.hits[hi].section
				m[sec] = true
				if k := strings.IndexByte(sec, ' '); k > 0 {
					m[sec[:k]] = true
				}
			}
		}
		d.sections[si] = m
		d.sents[si].index = si
	}
	return d
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// sentence is a run of words [from, to) with its text span and paragraph.
type sentence struct {
	from, to   int
	start, end int
	paragraph  int
	index      int // in doc.sents
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"z": true, "b": true, "u": true, "a": true, "dr": true, "nr": true, "st": true, "ca": true, "bzw": true,
	"vgl": true, "mr": true, "mrs": true, "ms": true, "gen": true, "lt": true, "col": true, "sgt": true,
	"etc": true, "usw": true, "inc": true, "co": true, "jr": true, "sr": true, "прим": true, "т": true,
	"г": true, "м": true, "обл": true, "р": true, "с": true, "ім": true, "им": true, "вул": true, "ул": true,
}

// split groups words into sentences: a full stop, question or exclamation
// mark before a word (not after an abbreviation, an initial or a day
// number) or a blank line ends one.
func (d *doc) split() []sentence {
	var out []sentence
	par, from := 0, 0
	for i := 1; i <= len(d.ws); i++ {
		end := i == len(d.ws)
		newPar := false
		if !end && d.ws[i].Sep == lang.SepStop {
			gap := d.text[d.ws[i-1].End:d.ws[i].Start]
			newPar = strings.Count(gap, "\n") >= 2 || strings.Contains(gap, "\n") && !strings.ContainsAny(gap, ".!?:")
			stop := strings.ContainsAny(gap, ".!?") || strings.Contains(gap, "\n")
			prev := d.ws[i-1].Norm
			if stop && !newPar && strings.HasPrefix(strings.TrimLeft(gap, " \u00a0\"'«»„“”)"), ".") {
				if abbreviations[prev] || utf8.RuneCountInString(prev) == 1 || isDigits(prev) && !d.ws[i].Upper {
					stop = false
				}
			}
			end = stop || newPar
		}
		if !end {
			continue
		}
		s := sentence{from: from, to: i, start: int(d.ws[from].Start), end: int(d.ws[i-1].End), paragraph: par}
		// Take in the closing punctuation.
		if s.end < len(d.text) && strings.ContainsRune(".!?“”\"»", rune(d.text[s.end])) {
			s.end++
		}
		out = append(out, s)
		from = i
		if newPar {
			par++
		}
	}
	return out
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
	var out []hit
	sub := section + " " // and its subsections: "target" holds "target energy"
	for i := from; i < to; i++ {
		for _, h := range d.byWord[i] {
			if hh := d.hits[h]; hh.section == section || strings.HasPrefix(hh.section, sub) {
				out = append(out, hh)
			}
		}
	}
	return out
}

func (d *doc) has(section string, s sentence) bool { return d.sections[s.index][section] }

// number reads a count at word i: digits ("40", "1 200") or a number word.
func (d *doc) number(i int) (int, bool) {
	if i < 0 || i >= len(d.ws) {
		return 0, false
	}
	w := d.ws[i].Norm
	if n, ok := digitsValue(w); ok && len(w) <= 6 {
		// "1 200": a group of three digits after a number.
		if i+1 < len(d.ws) && len(d.ws[i+1].Norm) == 3 && d.ws[i+1].Sep == lang.SepSpace && n < 1000 {
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

// numberBefore looks for a count in the few words before word i
// ("40 Shahed-Drohnen", "rund 40 Drohnen", "шість ракет").
func (d *doc) numberBefore(i, from int) (int, bool) {
	n, _, ok := d.numberBeforeAt(i, from)
	return n, ok
}

// numberBeforeAt is numberBefore that also tells which word the count is.
func (d *doc) numberBeforeAt(i, from int) (int, int, bool) {
	for j := i - 1; j >= from && j >= i-3; j-- {
		if n, ok := d.number(j); ok {
			return n, j, true
		}
		if d.ws[j+1].Sep >= lang.SepComma {
			break
		}
	}
	return 0, 0, false
}

// numberNear looks for a count just before or after word i, the nearer
// one ("killing 18 people and injuring 62": 62 is the injured).
func (d *doc) numberNear(i, from, to int) (int, bool) {
	before, at, okBefore := d.numberBeforeAt(i, from)
	for j := i + 1; j < to && j <= i+3; j++ {
		if d.ws[j].Sep >= lang.SepComma {
			break
		}
		if n, ok := d.number(j); ok && (!okBefore || j-i <= i-at) {
			return n, true
		}
	}
	return before, okBefore
}

// sentenceDates returns the date each sentence speaks of: its own first
// resolved, non-future date, else the last one named before in its
// paragraph, else the publication day.
func (d *doc) sentenceDates() []trucewatch.Date {
	out := make([]trucewatch.Date, len(d.sents))
	var current trucewatch.Date
	par := -1
	di := 0
	for i, s := range d.sents {
		if s.paragraph != par {
			par, current = s.paragraph, trucewatch.Date{}
		}
		var own trucewatch.Date
		for ; di < len(d.dates) && d.dates[di].Start < s.end; di++ {
			e := d.dates[di]
			if e.Start >= s.start && own.IsZero() && !e.Future && !e.Unresolved {
				own = e.Date
				// "Der Austausch soll am Mittwoch stattfinden": a bare weekday
				// in a sentence about the future is the coming one.
				if e.Weekday && d.has("future", s) && own.Before(d.anchor) {
					own = own.AddDays(7)
				}
			}
		}
		if !own.IsZero() {
			current = own
		}
		out[i] = current
		if out[i].IsZero() {
			out[i] = d.anchor
		}
	}
	return out
}
