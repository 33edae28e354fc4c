package geo

import (
	"github.com/trucewatch/trucewatch/internal/lang"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Romanised reports whether the places of a country (ISO 3166-1 alpha-2)
// get Latin spellings generated from their Cyrillic names: GeoNames has
// only some of them. The gazetteer generator asks the same question.
func Romanised(country string) bool {
	return country == "UA" || country == "RU" || country == "BY"
}

// buildIndex splits every name into words and indexes it by the stems of
// its first word. Load time matters (the target is well under 300 ms), so
// each name costs one allocation: its normalised form, of which its words are
// slices; the names share their backing arrays; and the index maps a key to
// the head of a chain of names rather than to a slice.
func (l *loader) buildIndex() {
	g := l.g
	g.index = make(map[string]int32, len(g.entries)*5)
	g.phrases = map[string]int32{}
	g.names = make([]name, 0, len(g.entries)*8)
	g.words = make([]nameWord, 0, len(g.entries)*9)
	g.next = make([]nameLink, 0, len(g.entries)*9)
	b := &nameBuilder{}
	for i := range g.entries {
		e := &g.entries[i]
		b.keys = b.keys[:0]
		for rest, first := l.forms[i], true; rest != ""; first = false {
			var f string
			f, rest, _ = strings.Cut(rest, "|")
			l.addForm(b, int32(i), f, false, first, false) // ./gen writes the main name first
		}
		generate := Romanised(string(e.place.Country)) || !strings.HasPrefix(e.place.ID, "gn:")
		for _, field := range l.names[i] {
			for rest := field; rest != ""; {
				var n string
				n, rest, _ = strings.Cut(rest, "|")
				if n == "" || n == "-" {
					continue
				}
				r, _ := utf8.DecodeRuneInString(n)
				caps := isCapsWord(n)
				for _, f := range Spellings(n, generate, true) {
					l.addForm(b, int32(i), f, unicode.IsLower(r), true, caps) // curated names are all current
				}
			}
		}
	}
	l.forms, l.names = nil, nil
}

// Spellings returns the normalised spellings under which a name is indexed:
// the name itself and, if romanise is set and the name is Cyrillic, its
// Latin transliterations and (if respell is set) its Ukrainian or Russian
// respelling. ./gen stores them in the generated files.
func Spellings(name string, romanise, respell bool) []string {
	out := []string{lang.Normalise(name)}
	if romanise && hasCyrillic(name) {
		for _, other := range []string{UkrainianSpelling(name), RussianSpelling(name)} {
			if n := lang.Normalise(other); respell && other != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
		for _, r := range Romanise(name) {
			if n := lang.Normalise(r); !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// nameBuilder holds what is reused from one name to the next.
type nameBuilder struct {
	keys []string // the current entry's spellings, to skip repeats
}

// addForm indexes one normalised spelling (words separated by single
// spaces). A phrase may match words that are not capitalised; main marks
// the entry's current name; caps a name whose first word is written in
// capitals.
//
// A generated spelling of one or two letters that is not the main name is
// left out: they come from romanising foreign exonyms (Эно → "no", Ена →
// "na") and would make ordinary words places.
func (l *loader) addForm(b *nameBuilder, entry int32, form string, phrase, main, caps bool) {
	g := l.g
	if form == "" || l.stop[form] || l.stopForm(form) || slices.Contains(b.keys, form) {
		return
	}
	if !main && len(form) < 6 && utf8.RuneCountInString(form) < 3 && !l.g.entries[entry].curated {
		return
	}
	b.keys = append(b.keys, form)
	start := len(g.words)
	for rest := form; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		g.words = append(g.words, newNameWord(w, rest != ""))
	}
	k := int32(len(g.names))
	first := g.words[start].full
	adjFirst := len(g.words)-start > 1 && feminineAdjective(first)
	g.names = append(g.names, name{entry: entry, from: int32(start), to: int32(len(g.words)), main: main, caps: caps, adjFirst: adjFirst})
	idx := g.index
	if phrase {
		idx = g.phrases
	}
	first0 := g.words[start]
	loc := ""
	if first0.kind == altEveryLocative {
		loc = locativeStem(first0.alt) // Розі
	}
	for _, s := range [3]string{first0.stem(), first0.alt, loc} {
		if s == "" {
			continue
		}
		head, ok := idx[s]
		if !ok {
			head = -1
		}
		link := nameLink{name: k, next: head}
		if len(g.words)-start > 1 {
			link.secondLen = uint8(copy(link.second[:], g.words[start+1].full))
		}
		g.next = append(g.next, link)
		idx[s] = int32(len(g.next) - 1)
	}
}

// stopForm reports whether a one-word form is another form of a stopword:
// its stem is a stopword's and it is no longer than the stopword.
func (l *loader) stopForm(form string) bool {
	if strings.Contains(form, " ") {
		return false
	}
	n, ok := l.stopStems[stem(form)]
	return ok && utf8.RuneCountInString(form) <= n
}

// isCapsWord reports whether the first word of s is written in capitals and
// has at least two letters: USA, ДНР, ГИС (Суджа).
func isCapsWord(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			if n > 0 && r != '.' {
				break
			}
			continue
		}
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// wordsOf returns the words of a name.
func (g *Gazetteer) wordsOf(n *name) []nameWord { return g.words[n.from:n.to] }

// newNameWord makes a name word of w; beforeLast says that another word
// of the name follows it.
func newNameWord(w string, beforeLast bool) nameWord {
	nw := nameWord{full: w, stemLen: uint16(len(stem(w)))}
	nw.alt, nw.kind = altStem(w)
	if beforeLast && nw.kind == altNone {
		if nw.alt = germanAdjStem(w); nw.alt != "" {
			nw.kind = altGerman // not the last word: Russische (Föderation)
		}
	}
	return nw
}

// matches reports whether a word of text is a form of the name word.
func (w nameWord) matches(text string) bool {
	if text == w.full || matchesWord(text, w.full, w.stem()) {
		return true
	}
	if text == "обл" {
		return w.full == "область" // Курской обл., Сумської обл.
	}
	switch w.kind {
	case altEvery:
		return matchesAlt(text, w.alt)
	case altEveryLocative:
		// Рогу, Розі: before -і the г of the alternating stem turns into з
		base := w.alt[:len(w.alt)-len("г")]
		return matchesAlt(text, w.alt) && text != w.alt+"і" || len(text) == len(base)+len("зі") && strings.HasPrefix(text, base) && strings.HasSuffix(text, "зі")
	case altLocative:
		return text == w.alt+"і"
	case altGerman:
		return len(text) > len(w.alt) && text[:len(w.alt)] == w.alt && germanAdjEndings[text[len(w.alt):]]
	}
	return false
}

// matchesAdj reports whether a word of text is the name word's stem plus
// an adjective's ending: Білій for Біла (Церква).
func (w nameWord) matchesAdj(text string) bool {
	return len(text) > len(w.stem()) && text[:len(w.stem())] == w.stem() && adjEndings[text[len(w.stem()):]]
}

// matchesAlt reports whether text is the alternating stem plus an ending.
func matchesAlt(text, alt string) bool {
	return len(text) > len(alt) && text[:len(alt)] == alt && endings[text[len(alt):]]
}
