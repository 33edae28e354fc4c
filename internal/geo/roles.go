package geo

import (
	"regexp"
	"strings"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// A report's dateline names where it was filed, not where anything
// happened: "SUMY (dpa-AFX) -", "KIEW (dpa-AFX) -", "MOSCOW, March 27.
// /TASS/.", "Moskau/Kiew (dpa) -", "(LONDON) --", "KYIV, May 5 (Reuters) -".
// It opens one of the first lines of the text.
var (
	// datelineBefore is what may stand between the line's start and the
	// place: an opening bracket, other places joined by slashes.
	datelineBefore = regexp.MustCompile(`^[ \t]*\(?[ \t]*(?:\p{L}[\p{L}.' -]*[ \t]*/[ \t]*)*$`)
	// datelineAfter is what follows the place: more places after slashes,
	// a closing bracket, then an agency in brackets and a dash, a dash, or
	// a date and an agency ("/TASS/", "(Reuters)").
	datelineAfter = regexp.MustCompile(`^(?:[ \t]*/[ \t]*\p{L}[\p{L}.'-]*)*\)?(?:[ \t]*\([^()\n]{1,40}\)[ \t]*(?:--?|–|—)|[ \t]+(?:--?|–|—)[ \t]|,[ \t]*(?:\p{L}+\.?[ \t]+\d{1,2}|\d{1,2}\.?[ \t]+\p{L}+)\.?[ \t]*(?:\([^()\n]{1,40}\)|/[^/\n]{1,20}/))`)
)

// datelineLines is how many non-blank lines at the start of a text may
// hold its dateline: a headline and a line with the date may come first.
const datelineLines = 3

// isDateline reports whether the place written at text[start:end] is a
// report's dateline.
func isDateline(text string, start, end int) bool {
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	if start-lineStart > 80 || !datelineBefore.MatchString(text[lineStart:start]) {
		return false
	}
	lines := 0 // non-blank lines before the place's
	for rest := text[:lineStart]; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.TrimSpace(line) != "" {
			lines++
		}
		if lines >= datelineLines {
			return false
		}
	}
	return datelineAfter.MatchString(text[end:min(len(text), end+80)])
}

// isTitle reports whether the place at words [from, to) is part of an
// official's title or an institution's name: a title word before it
// ("голова Сумської ОВА", "губернатор Курской области", "head of the
// Dnipropetrovsk administration", "Gouverneur der Region Belgorod") or an
// institution word after it ("Сумської обласної прокуратури", "Kharkiv
// Oblast Governor", "Kyiv City Military Administration"), with at most
// three filler words (of the, der, обласної військової) between. "The
// Kharkiv Oblast city of Izium" is no title: "city of" leads to a place.
func (g *Gazetteer) isTitle(ws []lang.Word, from, to int) bool {
	k := from - 1
	for n := 0; k >= 0 && n < 3 && ws[k+1].Sep <= lang.SepHyphen && g.cues.is(ws, k, cueFiller); n++ {
		k--
	}
	if k >= 0 && ws[k+1].Sep <= lang.SepHyphen && g.cues.is(ws, k, cueTitle) {
		return true
	}
	k = to
	for n := 0; k < len(ws) && n < 3 && ws[k].Sep <= lang.SepHyphen && g.cues.is(ws, k, cueFiller); n++ {
		k++
	}
	return k < len(ws) && ws[k].Sep <= lang.SepHyphen && g.cues.is(ws, k, cueInstitution)
}
