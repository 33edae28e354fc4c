package geo

import (
	"cmp"
	"github.com/trucewatch/trucewatch/internal/lang"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
)

// Mention is a place named in a text.
type Mention struct {
	Span  trucewatch.Span // where the words stand in the text, cue words included
	Text  string          // the words as written
	Place trucewatch.Place
}

// candidate is a mention before resolution.
type candidate struct {
	from, to int // word range [from, to)
	entries  []int32
	main     []bool // for each entry: the words are its main name
	cue      bool   // an admin-1 cue ("Gebiet", "region") stands next to it
}

// Scan finds every place named in text and resolves each, using the others
// as context: Krasnopillia near Sumy is the one in Sumy oblast. Names are
// matched in every language at once, so the text's language is not needed.
func (g *Gazetteer) Scan(text string) []Mention {
	return g.ScanWords(text, lang.Words(text))
}

// ScanWords is Scan for a text already split by lang.Words.
func (g *Gazetteer) ScanWords(text string, ws []lang.Word) []Mention {
	cands := g.find(ws)
	return g.resolve(text, ws, cands, context{})
}

// find walks the words once and collects the longest name match at each
// position.
func (g *Gazetteer) find(ws []lang.Word) []candidate {
	var out []candidate
	var keys []string
	listCue := false // a region cue that carries over a list ("Regionen Donezk, Luhansk und Cherson")
	for i := 0; i < len(ws); {
		w := ws[i]
		var best []int32
		var bestMain []bool
		bestLen := 0
		keys = stemsOf(keys, w.Norm)
		// Only phrases ("southern Russia") may start with a small letter.
		idxs, n := [2]map[string]int32{g.phrases, g.index}, 1
		if w.Upper {
			n = 2
		}
		for _, idx := range idxs[:n] {
			for _, k := range keys {
				head, ok := idx[k]
				if !ok {
					continue
				}
				for l := head; l >= 0; l = g.next[l].next {
					n := &g.names[g.next[l].name]
					nw := g.wordsOf(n)
					if len(nw) < bestLen || !nw[0].matches(w.Norm) || !restMatches(nw, ws, i) {
						continue
					}
					if len(nw) > bestLen {
						best, bestMain, bestLen = best[:0], bestMain[:0], len(nw)
					}
					if j := slices.Index(best, n.entry); j < 0 {
						best, bestMain = append(best, n.entry), append(bestMain, n.main)
					} else {
						bestMain[j] = bestMain[j] || n.main
					}
				}
			}
		}
		if bestLen == 0 && w.Upper && i+1 < len(ws) {
			best = g.derivedAdjective(w.Norm, ws[i+1], best)
			if len(best) > 0 {
				bestLen = 1
				bestMain = append(bestMain[:0], make([]bool, len(best))...)
			}
		}
		if bestLen == 0 {
			if listCue && !listJoins[w.Norm] {
				listCue = false
			}
			i++
			continue
		}
		c := candidate{from: i, to: i + bestLen, entries: slices.Clone(best), main: slices.Clone(bestMain)}
		if i > 0 && w.Sep <= lang.SepHyphen && cueBefore[ws[i-1].Norm] {
			c.cue, c.from = true, i-1
			listCue = true
		} else if c.to < len(ws) && ws[c.to].Sep <= lang.SepHyphen && cueAfter[ws[c.to].Norm] {
			c.cue, c.to = true, c.to+1
		} else if listCue && w.Sep <= lang.SepComma {
			c.cue = true
		} else {
			listCue = false
		}
		out = append(out, c)
		i = c.to
	}
	return out
}

// derivedAdjective resolves an adjective made from a town's name when an
// abbreviation of a facility follows it: "Херсонську ТЕЦ" is the Kherson
// power plant, "Харьковской ТЭЦ" Kharkiv's. Elsewhere such adjectives are
// left alone ("каспийского трубопровода" is no town's).
func (g *Gazetteer) derivedAdjective(w string, next lang.Word, dst []int32) []int32 {
	if !isCyrillicWord(w) || !isAbbreviation(next) {
		return dst
	}
	for _, suffix := range []string{"ськ", "цьк", "зьк", "ск", "цк", "ьк"} {
		i := strings.LastIndex(w, suffix)
		if i <= 0 || !adjEndings[w[i+len(suffix):]] {
			continue
		}
		base := w[:i]
		head, ok := g.index[base]
		for l := head; ok && l >= 0; l = g.next[l].next {
			n := &g.names[g.next[l].name]
			nw := g.wordsOf(n)
			if len(nw) == 1 && (nw[0].stem == base || nw[0].full == base) && !slices.Contains(dst, n.entry) {
				dst = append(dst, n.entry)
			}
		}
		if len(dst) > 0 {
			return dst
		}
	}
	return dst
}

// isAbbreviation reports a short word in capitals, such as ТЕЦ, АЕС, НПЗ.
func isAbbreviation(w lang.Word) bool {
	n := utf8.RuneCountInString(w.Norm)
	return w.Caps && n >= 2 && n <= 5
}

// restMatches reports whether the words after ws[i] continue the name
// words nw, with nothing but spaces, hyphens or quotes between them.
func restMatches(nw []nameWord, ws []lang.Word, i int) bool {
	if i+len(nw) > len(ws) {
		return false
	}
	for j := 1; j < len(nw); j++ {
		w := ws[i+j]
		// Spaces, hyphens and quotes («Суджа») may stand between the words.
		if w.Sep == lang.SepComma || w.Sep == lang.SepStop || !nw[j].matches(w.Norm) {
			return false
		}
	}
	return true
}

// context is what the other mentions of a text say about where it is.
type context struct {
	admin1  map[string]int // ISO 3166-2 → how many unambiguous mentions lie in it
	country map[trucewatch.Party]int
}

func (c context) clone() context {
	return context{admin1: maps.Clone(c.admin1), country: maps.Clone(c.country)}
}

func (c *context) add(p trucewatch.Place) {
	if c.admin1 == nil {
		c.admin1, c.country = map[string]int{}, map[trucewatch.Party]int{}
	}
	if p.Admin1 != "" {
		c.admin1[p.Admin1]++
	}
	c.country[p.Country]++
}

// resolve picks one entry per candidate. Mentions that can only mean one
// place (or one place by a wide margin) set the context first; the
// ambiguous ones are then resolved within it.
func (g *Gazetteer) resolve(text string, ws []lang.Word, cands []candidate, base context) []Mention {
	ctx := base.clone()
	self := make([]int32, len(cands)) // the entry each candidate put into the context, or -1
	for i, c := range cands {
		self[i] = -1
		if ranked := g.rank(c, base, -1); len(ranked) == 1 || ranked[0].score-ranked[1].score >= 3 {
			self[i] = ranked[0].entry
			ctx.add(g.entries[ranked[0].entry].place)
		}
	}
	out := make([]Mention, 0, len(cands))
	for i, c := range cands {
		ranked := g.rank(c, ctx, self[i])
		m := Mention{
			Span:  trucewatch.Span{Start: int(ws[c.from].Start), End: int(ws[c.to-1].End)},
			Place: g.entries[ranked[0].entry].place,
		}
		m.Text = text[m.Span.Start:m.Span.End]
		out = append(out, m)
	}
	return out
}

type scored struct {
	entry int32
	score float64
}

// rank scores a candidate's entries, best first. self is the entry that the
// candidate itself put into ctx (-1 if none): it must not count twice.
func (g *Gazetteer) rank(c candidate, ctx context, self int32) []scored {
	// A bare city name means the city, not the unit named after it
	// ("Sumy", not Sumy oblast): find the units that hold a namesake city.
	var cityUnits []string
	for _, e := range c.entries {
		if p := g.entries[e].place; p.Precision == trucewatch.PlaceSettlement && p.Admin1 != "" {
			cityUnits = append(cityUnits, p.Admin1)
		}
	}
	out := make([]scored, 0, len(c.entries))
	for k, ei := range c.entries {
		e := &g.entries[ei]
		p := e.place
		s := e.importance
		if c.main[k] {
			s += 0.75 // Pokrovsk is the town of that name today, not Engels' old name
		}
		switch {
		case c.cue && p.Precision == trucewatch.PlaceAdmin1:
			s += 10
		case c.cue && p.Precision == trucewatch.PlaceSettlement:
			s -= 5
		case p.Precision == trucewatch.PlaceAdmin1 && slices.Contains(cityUnits, p.Admin1):
			s -= 3.5
		}
		own := 0
		if ei == self {
			own = 1
		}
		if p.Admin1 != "" && ctx.admin1[p.Admin1]-own > 0 && p.Precision == trucewatch.PlaceSettlement {
			s += 4
		}
		if ctx.country[p.Country]-own > 0 {
			s += 2
		}
		if p.Country == "UA" || p.Country == "RU" {
			s += 1.5 // the monitor's theatre
		}
		out = append(out, scored{ei, s})
	}
	slices.SortFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(g.entries[a.entry].place.ID, g.entries[b.entry].place.ID)
	})
	return out
}
