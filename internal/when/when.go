// Package when finds date expressions in report text, in German, English,
// Ukrainian and Russian, and resolves them against the report's
// publication date: "am Dienstag", "am frühen Mittwochmorgen", "in der Nacht
// zu Mittwoch", "overnight", "yesterday", "в ночь на 19 марта", "вчора",
// "19. März", "March 19", "2025-03-19".
//
// Relative expressions need an anchor. Without one (a report with no
// Published date) they are still found, but stay unresolved: their Date is
// zero and Unresolved is set. Nothing is ever guessed from the wall clock.
package when

import (
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// Expr is one date expression in a text.
type Expr struct {
	Start, End int             // byte offsets in the text
	Date       trucewatch.Date // zero when unresolved
	Precision  trucewatch.DatePrecision
	Night      bool // the night before Date ("in der Nacht zu Mittwoch", "overnight")
	Future     bool // a day after publication ("am kommenden Sonntag")
	Unresolved bool // relative, and the report has no publication date
	Weekday    bool // a bare weekday ("am Mittwoch"), counted back from publication
}

// Find returns the date expressions among the words of a text (from
// lang.Words), resolved against anchor (the report's publication day; zero
// when unknown).
func Find(ws []lang.Word, anchor trucewatch.Date) []Expr {
	var out []Expr
	for i := 0; i < len(ws); i++ {
		if e, n, ok := match(ws, i, anchor); ok {
			out = append(out, e)
			i += n - 1
		}
	}
	return out
}

// match tries the expressions that start at ws[i]; it returns the
// expression and how many words it spans.
func match(ws []lang.Word, i int, anchor trucewatch.Date) (Expr, int, bool) {
	w := ws[i].Norm
	at := func(n int) string {
		if i+n < len(ws) {
			return ws[i+n].Norm
		}
		return ""
	}
	span := func(e Expr, n int) (Expr, int, bool) {
		e.Start, e.End = int(ws[i].Start), int(ws[i+n-1].End)
		if e.Precision == "" {
			e.Precision = trucewatch.DateDay
		}
		return e, n, true
	}

	// ISO dates arrive as three words: 2025 03 19.
	if y, ok := number(w, 1900, 2100); ok {
		if m, ok := number(at(1), 1, 12); ok {
			if d, ok := number(at(2), 1, 31); ok && valid(y, m, d) {
				return span(Expr{Date: trucewatch.Date{Year: y, Month: time.Month(m), Day: d}}, 3)
			}
		}
	}
	// 19 März / 19 March / 19 березня / 19 марта / 19.03.2025 / 19.03.
	if d, ok := number(w, 1, 31); ok {
		if m, ok := months[at(1)]; ok {
			y, n := yearAfter(at(2))
			return span(explicit(y, m, d, anchor), 1+n)
		}
		if m, ok := number(at(1), 1, 12); ok && len(at(1)) == 2 {
			y, n := yearAfter(at(2))
			return span(explicit(y, time.Month(m), d, anchor), 2+n)
		}
	}
	// March 19 (English)
	if m, ok := months[w]; ok {
		if d, ok := number(at(1), 1, 31); ok {
			y, n := yearAfter(at(2))
			return span(explicit(y, m, d, anchor), 2+n)
		}
	}
	// yesterday, gestern, вчора, вчера, heute
	if off, ok := relative[w]; ok {
		return span(relativeDay(anchor, off, false), 1)
	}
	// overnight, вночі, ночью, nachts
	if nights[w] {
		return span(relativeDay(anchor, 0, true), 1)
	}
	// in der Nacht zu/auf Mittwoch, в ночь на 19 марта, the night to Wednesday
	if nightNoun[w] && nightOf[at(1)] {
		n := 2
		if at(n) == "den" || at(n) == "dem" || at(n) == "the" {
			n++
		}
		if e, m, ok := match(ws, i+n, anchor); ok && !e.Night {
			e.Night = true
			e.Start = int(ws[i].Start)
			return e, n + m, true
		}
	}
	// last night, letzte Nacht, минулої ночі, прошлой ночью
	if past[w] && (nightNoun[at(1)] || at(1) == "ночі" || at(1) == "ночью") {
		return span(relativeDay(anchor, 0, true), 2)
	}
	// (am kommenden / vergangenen) Dienstag, Mittwochmorgen
	if wd, ok := weekday(w); ok {
		dir := 0
		if i > 0 && future[ws[i-1].Norm] {
			dir = 1
		} else if i > 0 && past[ws[i-1].Norm] {
			dir = -1
		}
		we := weekdayExpr(anchor, wd, dir)
		we.Weekday = dir == 0
		e, n, ok := span(we, 1)
		if dir != 0 {
			e.Start = int(ws[i-1].Start) // "am kommenden Sonntag": the span takes in "kommenden"
		}
		return e, n, ok
	}
	return Expr{}, 0, false
}

// weekday reads a weekday, also as a German compound (Mittwochmorgen).
func weekday(w string) (time.Weekday, bool) {
	if d, ok := weekdays[w]; ok {
		return d, true
	}
	for _, part := range dayParts {
		if len(w) > len(part) && w[len(w)-len(part):] == part {
			if d, ok := weekdays[w[:len(w)-len(part)]]; ok {
				return d, true
			}
		}
	}
	return 0, false
}

func weekdayExpr(anchor trucewatch.Date, wd time.Weekday, dir int) Expr {
	if anchor.IsZero() {
		return Expr{Unresolved: true}
	}
	aw := anchor.Time(time.UTC).Weekday()
	switch {
	case dir > 0: // the next such day after publication
		d := (int(wd) - int(aw) + 7) % 7
		if d == 0 {
			d = 7
		}
		return Expr{Date: anchor.AddDays(d), Future: true}
	case dir < 0: // the last such day before publication
		d := (int(aw) - int(wd) + 7) % 7
		if d == 0 {
			d = 7
		}
		return Expr{Date: anchor.AddDays(-d)}
	}
	// Reports speak of the past: the most recent such day, publication day included.
	return Expr{Date: anchor.AddDays(-((int(aw) - int(wd) + 7) % 7))}
}

func relativeDay(anchor trucewatch.Date, off int, night bool) Expr {
	if anchor.IsZero() {
		return Expr{Unresolved: true, Night: night}
	}
	return Expr{Date: anchor.AddDays(off), Night: night}
}

// explicit builds an explicit date; a year of 0 means the year is implied by
// the anchor.
func explicit(y int, m time.Month, d int, anchor trucewatch.Date) Expr {
	if y == 0 {
		if anchor.IsZero() {
			return Expr{Unresolved: true}
		}
		y = anchor.Year
		// "28 December" in a report of 2 January is last year's.
		if cand := (trucewatch.Date{Year: y, Month: m, Day: d}); cand.Sub(anchor) > 31 {
			y--
		}
	}
	if !valid(y, int(m), d) {
		return Expr{Unresolved: true}
	}
	e := Expr{Date: trucewatch.Date{Year: y, Month: m, Day: d}}
	e.Future = !anchor.IsZero() && anchor.Before(e.Date)
	return e
}

// yearAfter reads an optional year after a day and month.
func yearAfter(w string) (year, words int) {
	if y, ok := number(w, 1900, 2100); ok {
		return y, 1
	}
	return 0, 0
}

// number reads a word of one to four digits as a number in [lo, hi]. It
// checks the digits itself: strconv.Atoi would allocate an error for
// every other word, and match tries each word several times.
func number(w string, lo, hi int) (int, bool) {
	if w == "" || len(w) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return 0, false
		}
		n = n*10 + int(w[i]-'0')
	}
	return n, n >= lo && n <= hi
}

func valid(y, m, d int) bool {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Year() == y && int(t.Month()) == m && t.Day() == d
}
