// Package when finds date expressions in report text, in German, English,
// Ukrainian and Russian, and resolves them against the report's
// publication date: "am Dienstag", "am frühen Mittwochmorgen", "in der Nacht
// zu Mittwoch", "overnight", "yesterday", "в ночь на 19 марта", "вчора",
// "19. März", "March 19", "2025-03-19", "vor drei Tagen", "за минулу добу",
// "в июле прошлого года", "8–11 травня".
//
// Relative expressions need an anchor. Without one (a report with no
// Published date) they are still found, but stay unresolved: their Date is
// zero and Unresolved is set. Nothing is ever guessed from the wall clock.
//
// Times of day are never dates: "at 12:06", "23.00 Uhr", "о 21.31 год" and
// "9.12 p.m." are passed over, so that they cannot be read as 12 June or 9
// December.
package when

import (
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// Expr is one date expression in a text.
type Expr struct {
	Start, End int             // byte offsets in the text
	Date       trucewatch.Date // zero when unresolved
	// Precision is day; week for a range of days ("8–11 May", Date its
	// middle day); month for a month alone ("im Februar", Date its first
	// day) or a range of more than a week.
	Precision  trucewatch.DatePrecision
	Night      bool // the night before Date ("in der Nacht zu Mittwoch", "overnight", "the night of April 25")
	Future     bool // after publication ("am kommenden Sonntag")
	Unresolved bool // relative, and the report has no publication date
	Weekday    bool // a bare weekday ("am Mittwoch"), counted back from publication
}

// Find returns the date expressions of text, whose words ws are
// lang.Words(text), resolved against anchor (the report's publication day;
// zero when unknown). It reads the characters between words as well: they
// tell the date "19.03." from the time "19:03".
func Find(text string, ws []lang.Word, anchor trucewatch.Date) []Expr {
	f := finder{text: text, ws: ws, anchor: anchor}
	var out []Expr
	for i := 0; i < len(ws); {
		e, n, ok := f.match(i)
		if n == 0 {
			i++
			continue
		}
		if ok {
			out = append(out, e)
		}
		i += n
		f.free = i
	}
	return out
}

// finder holds what match needs; it lives on Find's stack.
type finder struct {
	text   string
	ws     []lang.Word
	anchor trucewatch.Date
	free   int // the first word that no earlier expression took
}

// match tries the expressions that start at ws[i]. It returns the
// expression, how many words it spans and whether it is a date: n > 0 with
// ok false is a time of day, to be passed over whole.
func (f *finder) match(i int) (Expr, int, bool) {
	w := f.ws[i].Norm
	if w == "" {
		return Expr{}, 0, false
	}
	if c := w[0]; '0' <= c && c <= '9' {
		return f.matchNumber(i)
	}
	x, known := lexicon[w]
	if !known {
		if wd, ok := compoundWeekday(w); ok {
			return f.weekday(i, wd)
		}
		return Expr{}, 0, false
	}
	// yesterday, gestern, вчора, вчера, heute, am Vortag, накануне
	if x.is(isRelative) {
		return f.span(relativeDay(f.anchor, x.offset, false), i, 1)
	}
	// overnight, вночі, ночью, nachts; вночі 15 жовтня, вночі проти суботи
	if x.is(isNight) {
		j := i + 1
		if f.lex(j).is(isNightOf) || f.norm(j) == "on" {
			j++
		}
		if j < len(f.ws) && f.ws[j].Sep < lang.SepStop {
			if e, n, ok := f.match(j); ok && !e.Night && e.Precision == trucewatch.DateDay {
				e.Night, e.Start = true, int(f.ws[i].Start)
				return e, j - i + n, true
			}
		}
		return f.span(relativeDay(f.anchor, 0, true), i, 1)
	}
	// in der Nacht zu Mittwoch, в ночь с 8 на 9 мая, the night of April 25
	if x.is(isNightNoun) {
		if e, n, ok := f.nightOfDay(i); ok {
			return e, n, true
		}
	}
	// last night, letzte Nacht, минулої ночі, прошлой ночью
	if x.is(isPast) {
		if next := f.norm(i + 1); f.lex(i+1).is(isNightNoun) || next == "ночі" || next == "ночью" {
			return f.span(relativeDay(f.anchor, 0, true), i, 2)
		}
	}
	// in the past 24 hours, за минулу добу, за сутки, binnen 24 Stunden
	if x.is(isWindowAdj | isWindowIntro) {
		if n := f.pastDay(i, x); n > 0 {
			return f.span(relativeDay(f.anchor, -1, false), i, n)
		}
	}
	// (am kommenden / vergangenen / diesen) Dienstag
	if x.is(isWeekday) {
		return f.weekday(i, x.weekday)
	}
	// three days ago, три дні тому, три дня назад
	if x.is(isNumberWord) {
		if e, n, ok := f.ago(i, x.count); ok {
			return e, n, true
		}
	}
	// vor drei Tagen, vor 3 Tagen
	if x.is(isAgoBefore) {
		count, ok := number(f.norm(i+1), 1, 999)
		if !ok {
			count, ok = f.lex(i+1).count, f.lex(i+1).is(isNumberWord)
		}
		if unit := f.lex(i + 2); ok && unit.is(isDayUnit) {
			return f.span(f.daysAgo(count*unit.count, unit.count), i, 3)
		}
	}
	// Only English puts the month first, and not after a word that makes
	// it a month alone: "in March, 12 people", "Ende Juni 30 Angriffe".
	if x.is(isMonth) && w[0] < 0x80 && i+1 < len(f.ws) && f.ws[i+1].Sep == lang.SepSpace && !f.lex(i-1).is(isMonthEdge) {
		// May 8-11, May 8 to 11
		if e, n, ok := f.dayRange(i+1, x.month); ok {
			e.Start = int(f.ws[i].Start)
			return e, n + 1, true
		}
		// March 19, March 19, 2025
		if d, ok := number(f.norm(i+1), 1, 31); ok {
			y, n := f.yearAfter(i + 2)
			return f.span(explicit(y, x.month, d, f.anchor), i, 2+n)
		}
	}
	// im Februar, у вересні 2024 року, в июле прошлого года, Ende Juni
	if x.is(isMonth | isMonthIn) {
		if e, n, ok := f.monthOnly(i, x); ok {
			return e, n, true
		}
	}
	// the day before (yesterday)
	if w == "day" && f.norm(i-1) == "the" && f.norm(i+1) == "before" {
		off, n := -1, 2
		if f.norm(i+2) == "yesterday" {
			off, n = -2, 3
		}
		e, n, ok := f.span(relativeDay(f.anchor, off, false), i, n)
		f.widen(&e, i-1)
		return e, n, ok
	}
	return Expr{}, 0, false
}

// matchNumber tries the expressions that start with a number.
func (f *finder) matchNumber(i int) (Expr, int, bool) {
	w := f.ws[i].Norm
	// ISO dates arrive as three words: 2025 03 19.
	if y, ok := number(w, 1900, 2100); ok {
		if m, ok := number(f.norm(i+1), 1, 12); ok {
			if d, ok := number(f.norm(i+2), 1, 31); ok {
				if sep := f.gap(i + 1); (sep == "-" || sep == "." || sep == "/") && f.gap(i+2) == sep {
					return f.span(explicit(y, time.Month(m), d, f.anchor), i, 3)
				}
			}
		}
		return Expr{}, 0, false
	}
	// 12:06, 23.00 Uhr, 9.12 p.m., о 21.31: a time, passed over whole so
	// that its minutes do not start a date.
	if n := f.clock(i); n > 0 {
		return Expr{}, n, false
	}
	// 8–11 травня, vom 8. bis 11. Mai, between 8 and 11 May
	if e, n, ok := f.dayRange(i, 0); ok {
		return e, n, true
	}
	d, isDay := number(w, 1, 31)
	// 19 März / 19 March / 19 березня / 19 марта, also 30 квітня – 2 травня
	if x := f.lex(i + 1); isDay && x.is(isMonth) {
		y, n := f.yearAfter(i + 2)
		if n == 0 {
			if e, m, ok := f.crossRange(i, d, x.month); ok {
				return e, m, true
			}
		}
		return f.span(explicit(y, x.month, d, f.anchor), i, 2+n)
	}
	// 19.03.2025 / 19.03. / 19.03 / 19/03/2025
	if isDay {
		if e, n, ok := f.numericDate(i, d); ok {
			return e, n, true
		}
	}
	// 3 days ago, 3 дні тому, 3 дня назад
	if count, ok := number(w, 1, 999); ok {
		return f.ago(i, count)
	}
	return Expr{}, 0, false
}

// numericDate reads a date of numbers joined by dots (19.03.2025, 19.03.),
// or by slashes or hyphens when a year ends it (19/03/2025). A one-digit
// month needs the year or the closing dot: "5.3 Prozent" is a number.
func (f *finder) numericDate(i, d int) (Expr, int, bool) {
	mw := f.norm(i + 1)
	m, ok := number(mw, 1, 12)
	if !ok {
		return Expr{}, 0, false
	}
	sep, after := f.gap(i+1), f.gap(i+2)
	y, ny := 0, 0
	switch {
	case sep == "." && after == "." && len(f.norm(i+2)) == 2: // 19.03.25
		if yy, ok := number(f.norm(i+2), 0, 99); ok {
			y, ny = 2000+yy, 1
		}
	case sep == "." && strings.HasPrefix(after, "."), sep == "/" && after == "/", sep == "-" && after == "-":
		if yy, ok := number(f.norm(i+2), 1900, 2100); ok {
			y, ny = yy, 1
		}
	}
	switch {
	case ny > 0:
	case sep != ".":
		return Expr{}, 0, false
	case strings.HasPrefix(after, "."): // 19.03.
	case len(mw) != 2, strings.HasPrefix(after, "%"), f.lex(i + 2).is(isQuantity): // 5.3 Prozent, 3.10 million
		return Expr{}, 0, false
	}
	return f.span(explicit(y, time.Month(m), d, f.anchor), i, 2+ny)
}

// clock reports how many words a time of day at ws[i] spans, or 0. Two
// numbers joined by ':' are a time ("12:06", "9:12 p.m."). Joined by '.'
// they are one when a unit follows ("23.00 Uhr", "о 21.31 год", "10.15
// a.m.") or a preposition of time stands before them ("um 9.30", "в
// 22.15"), unless a year or another number follows, as in "в 10.05.2025".
func (f *finder) clock(i int) int {
	if _, ok := number(f.ws[i].Norm, 0, 24); !ok || i+1 >= len(f.ws) {
		return 0
	}
	mw := f.ws[i+1].Norm
	if len(mw) > 2 && isDigit(mw[0]) && isDigit(mw[1]) {
		// 23.00h, 9.30am
		if unit := mw[2:]; unit == "h" || unit == "am" || unit == "pm" {
			mw = mw[:2]
		}
	}
	if _, ok := number(mw, 0, 59); !ok || len(mw) != 2 {
		return 0
	}
	switch f.gap(i + 1) {
	case ":":
		n := 2
		for i+n < len(f.ws) && f.gap(i+n) == ":" && isDigit(f.ws[i+n].Norm[0]) { // seconds
			n++
		}
		return n + f.clockUnit(i+n)
	case ".":
		if mw != f.ws[i+1].Norm {
			return 2
		}
		if u := f.clockUnit(i + 2); u > 0 {
			return 2 + u
		}
		if !f.lex(i - 1).is(isClockPrep) {
			return 0
		}
		if _, ok := number(f.norm(i+2), 1900, 2100); ok {
			return 0
		}
		if strings.HasPrefix(f.gap(i+2), ".") && i+2 < len(f.ws) && isDigit(f.ws[i+2].Norm[0]) {
			return 0
		}
		return 2
	}
	return 0
}

// clockUnit reports how many words the unit of a time at ws[j] spans: "Uhr",
// "год", "p.m.", "pm"; 0 when there is none.
func (f *finder) clockUnit(j int) int {
	if j >= len(f.ws) || strings.HasPrefix(f.gap(j), ".") {
		return 0
	}
	switch w := f.ws[j].Norm; {
	case f.lex(j).is(isClockUnit), w == "pm":
		return 1
	case w == "am":
		// German "am" is a preposition: "9.12 am Montag" has no unit.
		if next := j + 1; next < len(f.ws) && (f.ws[next].Upper || isDigit(f.ws[next].Norm[0])) {
			return 0
		}
		return 1
	case (w == "a" || w == "p") && f.norm(j+1) == "m" && f.gap(j+1) == ".":
		return 2
	}
	return 0
}

// dayRange reads a range of days at ws[i]: "8–11 травня", "з 8 по 11
// травня", "vom 8. bis 11. Mai", "between 8 and 11 May". A month that stood
// before ("May 8-11") is given as m; otherwise one must follow.
func (f *finder) dayRange(i int, m time.Month) (Expr, int, bool) {
	d1, ok := number(f.norm(i), 1, 31)
	if !ok {
		return Expr{}, 0, false
	}
	k := f.rangeNext(i, i+1)
	if k < 0 {
		return Expr{}, 0, false
	}
	d2, ok := number(f.norm(k), 1, 31)
	if !ok || d2 <= d1 {
		return Expr{}, 0, false
	}
	n := k - i + 1
	if m == 0 {
		x := f.lex(k + 1)
		if !x.is(isMonth) {
			return Expr{}, 0, false
		}
		m = x.month
		n++
	}
	return f.rangeExpr(i, n, m, d1, m, d2)
}

// crossRange reads a range of days across months at ws[i]: "30 квітня – 2
// травня", "30 April to 2 May".
func (f *finder) crossRange(i, d1 int, m1 time.Month) (Expr, int, bool) {
	k := f.rangeNext(i, i+2)
	if k < 0 {
		return Expr{}, 0, false
	}
	d2, ok := number(f.norm(k), 1, 31)
	x := f.lex(k + 1)
	if !ok || !x.is(isMonth) {
		return Expr{}, 0, false
	}
	return f.rangeExpr(i, k-i+2, m1, d1, x.month, d2)
}

// rangeExpr finishes a range of days read at ws[i:i+n]: the year that may
// follow, and a "from" or "between" that may stand before.
func (f *finder) rangeExpr(i, n int, m1 time.Month, d1 int, m2 time.Month, d2 int) (Expr, int, bool) {
	y, ny := f.yearAfter(i + n)
	r, ok := f.between(y, m1, d1, m2, d2)
	if !ok {
		return Expr{}, 0, false
	}
	e, n, _ := f.span(r, i, n+ny)
	if f.lex(i - 1).is(isNightFrom | isRangeBetween) {
		f.widen(&e, i-1)
	}
	return e, n, true
}

// rangeNext returns the index of the second day of a range whose first day
// is ws[from] and whose joint starts at ws[j]: a dash, "bis (zum)", "по",
// "to", or "and" after "between"; -1 when there is none.
func (f *finder) rangeNext(from, j int) int {
	if j >= len(f.ws) {
		return -1
	}
	if isDash(f.gap(j)) {
		return j
	}
	x := f.lex(j)
	switch {
	case x.is(isRangeTo):
		if f.norm(j+1) == "zum" {
			return j + 2
		}
		return j + 1
	case x.is(isRangeAnd) && f.lex(from-1).is(isRangeBetween):
		return j + 1
	}
	return -1
}

// between is the middle day of a range, rounded down: (8+11)/2 is 9. Its
// precision is a week, or a month when the range is longer than a week
// ("1–30 June" is no week). ok is false when the second day is not after
// the first.
func (f *finder) between(y int, m1 time.Month, d1 int, m2 time.Month, d2 int) (e Expr, ok bool) {
	end := explicit(y, m2, d2, f.anchor)
	if end.Unresolved {
		return Expr{Unresolved: true, Precision: trucewatch.DateWeek}, true
	}
	start := trucewatch.Date{Year: end.Date.Year, Month: m1, Day: d1}
	if m1 > m2 { // 28 December – 3 January
		start.Year--
	}
	days := end.Date.Sub(start)
	if !valid(start.Year, int(m1), d1) || days <= 0 {
		return Expr{}, false
	}
	e = Expr{Date: start.AddDays(days / 2), Precision: trucewatch.DateWeek}
	if days > 7 {
		e.Precision = trucewatch.DateMonth
	}
	e.Future = !f.anchor.IsZero() && f.anchor.Before(e.Date)
	return e, true
}

// nightOfDay reads the night before a day from the night noun at ws[i]:
// "in der Nacht zu Mittwoch", "у ніч на 25 квітня", "the night of April
// 25", and the nights named by two days, "в ночь с 8 на 9 мая", "in der
// Nacht vom 8. auf den 9. Mai", "у ніч із суботи на неділю" (the second).
func (f *finder) nightOfDay(i int) (Expr, int, bool) {
	j := i + 1
	if !f.lex(j).is(isNightOf | isNightFrom) {
		return Expr{}, 0, false
	}
	j++
	first := f.lex(j)
	_, isDay := number(f.norm(j), 1, 31)
	switch {
	case (isDay || first.is(isWeekday)) && f.lex(j+1).is(isNightOf|isRangeTo):
		j += 2 // с 8 на, von Samstag auf
	case isDay && isDash(f.gap(j+1)):
		j++ // of 8-9 May
	case isDay && f.lex(j+1).is(isMonth) && f.lex(j+2).is(isNightOf|isRangeTo):
		j += 3 // с 31 марта на
	}
	if w := f.norm(j); w == "den" || w == "dem" || w == "the" {
		j++
	}
	if j >= len(f.ws) {
		return Expr{}, 0, false
	}
	e, n, ok := f.match(j)
	if !ok || e.Night {
		return Expr{}, 0, false
	}
	e.Night, e.Start = true, int(f.ws[i].Start)
	return e, j - i + n, true
}

// pastDay reports how many words "the past day" at ws[i] spans, or 0:
// "(in the) past 24 hours", "in the last day", "in den letzten 24 Stunden",
// "binnen 24 Stunden", "за минулу добу", "минулої доби", "за добу",
// "протягом доби", "за последние сутки", "в течение суток".
func (f *finder) pastDay(i int, x entry) int {
	j := i
	if x.is(isWindowIntro) {
		j++
	}
	adj := f.lex(j).is(isWindowAdj)
	if adj {
		j++
	}
	n := 0
	switch {
	case f.lex(j).is(isDayWindow):
		n = j - i + 1
	case f.norm(j) == "24" && f.lex(j+1).is(isHourNoun):
		n = j - i + 2
	case f.norm(j) == "day" && adj && j == i+1 && f.norm(i-1) == "the":
		// "in the past day", not "on the last day of the talks"
		if p := f.norm(i - 2); p == "in" || p == "over" || p == "during" || p == "within" {
			n = 2
		}
	}
	// "за добу до перемир'я" is a day before something else.
	if n > 0 && (f.norm(i+n) == "до" || f.norm(i+n) == "before") {
		return 0
	}
	return n
}

// ago reads "three days ago" at ws[i], whose count is given.
func (f *finder) ago(i, count int) (Expr, int, bool) {
	if unit := f.lex(i + 1); unit.is(isDayUnit) && f.lex(i+2).is(isAgo) {
		return f.span(f.daysAgo(count*unit.count, unit.count), i, 3)
	}
	return Expr{}, 0, false
}

// daysAgo is the day n days before publication; weeks are known to a week.
func (f *finder) daysAgo(n, unit int) Expr {
	e := relativeDay(f.anchor, -n, false)
	if unit == 7 {
		e.Precision = trucewatch.DateWeek
	}
	return e
}

// monthOnly reads a month without a day: "im Februar", "Ende Juni",
// "in September 2024", "last July", "у вересні 2024 року", "в июле
// прошлого года", "в конце мая". The month stands alone only with a word
// before it that says so, or a year after it.
func (f *finder) monthOnly(i int, x entry) (Expr, int, bool) {
	prev := f.lex(i - 1)
	start := i - 1
	y, ny := f.yearAfter(i + 1)
	switch {
	case x.is(isMonthIn):
		if !prev.is(isLocPrep) {
			return Expr{}, 0, false
		}
	case x.is(isMonthShort), f.ws[i].Norm[0] < 0x80 && !f.ws[i].Upper: // "Mar", "may", "march" are no months
		return Expr{}, 0, false
	case prev.is(isMonthEdge):
	case x.is(isMonthName) && prev.is(isPast|isThis):
	case f.norm(i-1) == "of" && isEdgeNoun(f.norm(i-2)): // the end of June
		start = i - 2
	case ny > 0: // September 2024, вересня 2024
		start = i
	default:
		return Expr{}, 0, false
	}
	m := x.month
	e := Expr{Precision: trucewatch.DateMonth}
	switch {
	case y != 0:
		e.Date = trucewatch.Date{Year: y, Month: m, Day: 1}
		e.Future = !f.anchor.IsZero() && f.anchor.Before(e.Date)
	case f.anchor.IsZero():
		e.Unresolved = true
	default:
		// Reports speak of the past: a month later in the year than
		// publication is last year's ("в июле" in March), and so is the
		// current month after "last".
		y = f.anchor.Year
		if m > f.anchor.Month || m == f.anchor.Month && prev.is(isPast) && ny == 0 {
			y--
		}
		if prev.is(isThis) && ny == 0 {
			y = f.anchor.Year
			e.Future = m > f.anchor.Month
		}
		e.Date = trucewatch.Date{Year: y, Month: m, Day: 1}
	}
	e, n, _ := f.span(e, i, 1+ny)
	f.widen(&e, start)
	return e, n, true
}

func isEdgeNoun(w string) bool {
	return w == "end" || w == "beginning" || w == "start" || w == "middle"
}

// weekday reads a weekday at ws[i], counted from the word before it.
func (f *finder) weekday(i int, wd time.Weekday) (Expr, int, bool) {
	prev := f.lex(i - 1)
	dir := 0
	switch {
	case prev.is(isFuture):
		dir = 1
	case prev.is(isPast):
		dir = -1
	case prev.is(isThis):
		dir = 2
	}
	we := weekdayExpr(f.anchor, wd, dir)
	we.Weekday = dir == 0
	e, n, ok := f.span(we, i, 1)
	if dir != 0 {
		f.widen(&e, i-1) // "am kommenden Sonntag": the span takes in "kommenden"
	}
	return e, n, ok
}

// compoundWeekday reads a German weekday compound: Mittwochmorgen.
func compoundWeekday(w string) (time.Weekday, bool) {
	// The shortest is montagfruh; Cyrillic words are never compounds.
	if len(w) < len("montagfruh") || w[0] < 'a' || w[0] > 'z' {
		return 0, false
	}
	for _, part := range dayParts {
		if strings.HasSuffix(w, part) {
			if d, ok := weekdays[w[:len(w)-len(part)]]; ok {
				return d, true
			}
		}
	}
	return 0, false
}

// weekdayExpr resolves a weekday: dir 0 is the most recent such day, 1 the
// next after publication, -1 the last before it, 2 the one of this week on
// or after publication ("this Saturday").
func weekdayExpr(anchor trucewatch.Date, wd time.Weekday, dir int) Expr {
	if anchor.IsZero() {
		return Expr{Unresolved: true}
	}
	aw := anchor.Time(time.UTC).Weekday()
	switch dir {
	case 1: // the next such day after publication
		d := (int(wd) - int(aw) + 7) % 7
		if d == 0 {
			d = 7
		}
		return Expr{Date: anchor.AddDays(d), Future: true}
	case 2:
		d := (int(wd) - int(aw) + 7) % 7
		return Expr{Date: anchor.AddDays(d), Future: d > 0}
	case -1: // the last such day before publication
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

// yearAfter reads an optional year after a date at ws[j]: "2024", "2024
// року", "прошлого года", "last year", "des vergangenen Jahres", "торік".
// A relative year without an anchor reads as 0 (unresolved) but still
// counts its words.
func (f *finder) yearAfter(j int) (year, words int) {
	w := f.norm(j)
	if y, ok := number(w, 1900, 2100); ok {
		if f.lex(j + 1).is(isYearNoun) {
			return y, 2
		}
		return y, 1
	}
	x := f.lex(j)
	if x.is(isLastYear) {
		return f.relativeYear(-1), 1
	}
	k := j
	if w == "des" {
		k++
		x = f.lex(k)
	}
	if x.is(isPast|isThis) && f.lex(k+1).is(isYearNoun) {
		off := 0
		if x.is(isPast) {
			off = -1
		}
		return f.relativeYear(off), k + 2 - j
	}
	return 0, 0
}

func (f *finder) relativeYear(off int) int {
	if f.anchor.IsZero() {
		return 0
	}
	return f.anchor.Year + off
}

// span sets the offsets of e, which spans n words from ws[i].
func (f *finder) span(e Expr, i, n int) (Expr, int, bool) {
	e.Start, e.End = int(f.ws[i].Start), int(f.ws[i+n-1].End)
	if e.Precision == "" {
		e.Precision = trucewatch.DateDay
	}
	return e, n, true
}

// widen moves the start of e back to ws[j], when no earlier expression
// took that word.
func (f *finder) widen(e *Expr, j int) {
	if j >= f.free && j >= 0 {
		e.Start = int(f.ws[j].Start)
	}
}

// norm is the normalised word j, or "" beyond the text.
func (f *finder) norm(j int) string {
	if j >= 0 && j < len(f.ws) {
		return f.ws[j].Norm
	}
	return ""
}

// lex is what the lexicon knows of word j.
func (f *finder) lex(j int) entry {
	if j >= 0 && j < len(f.ws) {
		return lexicon[f.ws[j].Norm]
	}
	return entry{}
}

// gap is the text between word j-1 and word j; for j == len(ws), the text
// after the last word.
func (f *finder) gap(j int) string {
	if j <= 0 || j > len(f.ws) {
		return ""
	}
	from, to := int(f.ws[j-1].End), len(f.text)
	if j < len(f.ws) {
		to = int(f.ws[j].Start)
	}
	if from > to || to > len(f.text) { // text is not the one ws came from
		return ""
	}
	return f.text[from:to]
}

// isDash reports whether a gap between two numbers joins them as a range:
// one dash, with spaces or the dots of German ordinals ("8.–11.").
func isDash(g string) bool {
	dashes := 0
	for _, r := range g {
		switch r {
		case '-', '‐', '‑', '–', '—':
			dashes++
		case ' ', '.', '\u00a0', '\u202f':
		default:
			return false
		}
	}
	return dashes == 1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

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
