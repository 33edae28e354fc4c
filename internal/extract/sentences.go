package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// sentence is a run of words [from, to) with its text span and paragraph.
type sentence struct {
	from, to   int
	start, end int
	paragraph  int
	index      int // in doc.sents
	kind       sentenceKind
}

// sentenceKind tells the sentences that report news from those that only
// frame it.
type sentenceKind uint8

const (
	body       sentenceKind = iota
	headline                // a title or subheading: a short line of its own with no closing punctuation
	caption                 // a photo caption or credit
	teaser                  // "read also": a pointer to another story
	background              // "let us recall", "for reference": earlier events told again
)

// split groups words into sentences: a full stop, question or exclamation
// mark before a word (not after an abbreviation, an initial or a day
// number) or a line break ends one; a blank line, or a line with no
// closing punctuation (a heading), ends a paragraph.
func (d *doc) split() []sentence {
	var out []sentence
	par, from := 0, 0
	for i := 1; i <= len(d.ws); i++ {
		end := i == len(d.ws)
		newPar := false
		if !end && d.ws[i].Sep == lang.SepStop {
			gap := d.text[d.ws[i-1].End:d.ws[i].Start]
			newPar = strings.Count(gap, "\n") >= 2 || strings.Contains(gap, "\n") && !strings.ContainsAny(gap, ".!?:…")
			stop := strings.ContainsAny(gap, ".!?…") || strings.Contains(gap, "\n")
			if stop && !strings.Contains(gap, "\n") && strings.HasPrefix(strings.TrimLeft(gap, " \u00a0\"'«»„“”)"), ".") {
				prev := d.ws[i-1].Norm
				if d.hasHit(i-1, "abbreviation") || utf8.RuneCountInString(prev) == 1 && !isDigits(prev) ||
					isDigits(prev) && (!d.ws[i].Upper || d.oneDate(i-1, i)) { // "am 13. April"
					stop = false
				}
			}
			end = stop || newPar
		}
		if !end {
			continue
		}
		s := sentence{from: from, to: i, start: int(d.ws[from].Start), end: int(d.ws[i-1].End), paragraph: par, index: len(out)}
		// Take in the closing punctuation.
		for s.end < len(d.text) && strings.ContainsRune(".!?“”\"»…", rune(d.text[s.end])) {
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

// oneDate reports a date expression that spans words i and j.
func (d *doc) oneDate(i, j int) bool {
	for _, e := range d.dates {
		if e.Start <= int(d.ws[i].Start) && int(d.ws[j].End) <= e.End {
			return true
		}
	}
	return false
}

// classify marks headlines, captions, teasers and background sentences.
// It runs once, in analyse, after the sections are known.
func (d *doc) classify() {
	for i := range d.sents {
		s := &d.sents[i]
		switch {
		case d.isHeadline(*s):
			s.kind = headline
		case d.cueAtStart(*s, "caption") || d.has("caption", *s) && d.inParentheses(*s):
			s.kind = caption
		case d.cueAtStart(*s, "teaser"):
			s.kind = teaser
		case d.cueAtStart(*s, "background") || d.has("earlier", *s) && !d.datedIn(*s):
			s.kind = background
		}
	}
}

// datedIn reports a sentence that names a date of its own.
func (d *doc) datedIn(s sentence) bool {
	for _, e := range d.dates {
		if e.Start >= s.start && e.Start < s.end && !e.Date.IsZero() {
			return true
		}
	}
	return false
}

// isHeadline reports a line of its own, of a few words, that does not end
// with a full stop: a title, a subheading or a dateline.
func (d *doc) isHeadline(s sentence) bool {
	if s.to-s.from > 24 {
		return false
	}
	lineStart := s.start == 0 || strings.LastIndexByte(d.text[:s.start], '\n') >= strings.LastIndexAny(d.text[:s.start], ".!?")
	rest := d.text[s.end:]
	if k := strings.IndexByte(rest, '\n'); k >= 0 {
		rest = rest[:k]
	}
	lineEnd := strings.TrimSpace(rest) == ""
	if !lineStart || !lineEnd {
		return false
	}
	last := strings.TrimRight(d.text[s.start:s.end], " \t\u00a0")
	r, _ := utf8.DecodeLastRuneInString(last)
	return !strings.ContainsRune(".!?…:;", r) && !(strings.ContainsRune("\"“”»", r) && endsQuotedSentence(last))
}

// endsQuotedSentence reports a line that closes a quoted sentence: ‹."›.
func endsQuotedSentence(s string) bool {
	s = strings.TrimRight(s, "\"“”» ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…", r)
}

// cueAtStart reports a hit of the section among the first words of s
// ("Read also", "Нагадаємо,", "Foto:").
func (d *doc) cueAtStart(s sentence, section string) bool {
	for i := s.from; i < s.to && i < s.from+3; i++ {
		if d.hasHit(i, section) {
			return true
		}
	}
	return false
}

// inParentheses reports a sentence wrapped in brackets: "(Photo: ...)".
func (d *doc) inParentheses(s sentence) bool {
	t := strings.TrimSpace(d.text[max(0, s.start-1):min(len(d.text), s.end+1)])
	return strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")")
}

// news reports whether a sentence can report an incident itself: not a
// headline, caption or teaser.
func (s sentence) news() bool { return s.kind == body || s.kind == background }
