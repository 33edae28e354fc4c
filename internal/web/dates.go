package web

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// Dates in forms (docs/web.md, "Dates in forms"): a reader types a day as
// the page's language writes it (i18n.Printer.Date: 31 Mar 2025 in
// English, 31.03.2025 in German, Ukrainian and Russian) or as ISO
// (2025-03-31), and sees it back in the language's style. URLs keep ISO:
// the home page sends a filter typed in the reader's style on to the same
// filter in ISO, so that a link means the same in every language.

// dateExample is the day that the forms' hints write in the reader's
// style.
var dateExample = trucewatch.Date{Year: 2025, Month: time.March, Day: 31}

// dateHint is dateExample in the printer's language, the hint of a date
// field.
func dateHint(p *i18n.Printer) string { return p.Date(dateExample.Time(time.UTC)) }

// dateInvalid is the message for the value v of the date field named
// label that is no day (dash.date.invalid), with the hint.
func dateInvalid(p *i18n.Printer, label, v string) string {
	return p.T("dash.date.invalid", label, v, dateHint(p))
}

// errNoDate is a typed value that is no day of the calendar.
var errNoDate = errors.New("not a date")

// dayMonthYear is a day written with numbers, day first: 31.03.2025; a
// comma, slash, hyphen or space may stand for the dot (a phone's decimal
// keypad offers a comma), and spaces may follow it (31. 3. 2025).
var dayMonthYear = regexp.MustCompile(`^(\d{1,2})\s*[.,/ -]\s*(\d{1,2})\s*[.,/ -]\s*(\d{4})\.?$`)

// englishLayouts are the English ways of writing a day with the month's
// name that parseFormDate accepts: the dashboard's own (2 Jan 2006) and
// its usual variants. Month names match in any case.
var englishLayouts = []string{"2 Jan 2006", "2 January 2006", "Jan 2 2006", "January 2 2006", "Jan 2, 2006", "January 2, 2006"}

// parseFormDate reads a day that a reader of l typed: ISO (2025-03-31) in
// every language; in English the dashboard's style with the month's name
// (31 Mar 2025, 31 March 2025, March 31, 2025); in German, Ukrainian and
// Russian day, month and year in numbers (31.03.2025, 1.4.2025).
// English takes no all-number form but ISO: 03/04/2025 means a different
// day to different readers. A day the calendar does not have (31.02.2025,
// 2025-13-01) is an error.
func parseFormDate(l i18n.Lang, s string) (trucewatch.Date, error) {
	s = strings.Join(strings.Fields(s), " ")
	if d, err := trucewatch.ParseDate(s); err == nil {
		return d, nil
	}
	if l == i18n.English {
		for _, layout := range englishLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return trucewatch.DateOf(t), nil
			}
		}
		return trucewatch.Date{}, fmt.Errorf("%q: %w: want %s or YYYY-MM-DD", s, errNoDate, dateExample.Time(time.UTC).Format("2 Jan 2006"))
	}
	m := dayMonthYear.FindStringSubmatch(s)
	if m == nil {
		return trucewatch.Date{}, fmt.Errorf("%q: %w: want DD.MM.YYYY or YYYY-MM-DD", s, errNoDate)
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	// time.Date moves 31 February on to March: the day must come back as
	// typed.
	if t.Day() != day || int(t.Month()) != month || t.Year() != year {
		return trucewatch.Date{}, fmt.Errorf("%q: %w: %d-%02d has no day %d", s, errNoDate, year, month, day)
	}
	return trucewatch.DateOf(t), nil
}

// dateField is a date input of a form as the page shows it: the value in
// the reader's style (or as typed, when it is no date) and, when it is
// wrong, the message that says so.
type dateField struct {
	Value string
	Error string
}

// formWindow reads the home page's from and to, typed in the reader's
// style or ISO. The fields show them in the reader's style, or the
// message for a value that is no date or a window that ends before it
// begins (then ok is false). iso is the query with the days as ISO when a
// day was written otherwise, nil when the query already is.
func formWindow(p *i18n.Printer, q url.Values) (from, to dateField, iso url.Values, ok bool) {
	var days [2]trucewatch.Date
	fields := [2]*dateField{&from, &to}
	ok = true
	for i, name := range []string{"from", "to"} {
		v := q.Get(name)
		if strings.TrimSpace(v) == "" {
			continue
		}
		d, err := parseFormDate(p.Lang, v)
		if err != nil {
			fields[i].Value = v
			fields[i].Error = dateInvalid(p, p.T("dash.filter."+name), v)
			ok = false
			continue
		}
		days[i] = d
		fields[i].Value = p.Day(d)
		if v != d.String() {
			if iso == nil {
				iso = maps.Clone(q)
			}
			iso.Set(name, d.String())
		}
	}
	if ok && !days[0].IsZero() && !days[1].IsZero() && days[1].Before(days[0]) {
		to.Error = p.T("error.from_after_to", from.Value, to.Value)
		ok = false
	}
	if !ok {
		iso = nil
	}
	return from, to, iso, ok
}

// dateInputMode is the inputmode of a date field in l: the keyboard a
// phone offers. English days have the month's name; the others are
// numbers and dots, which a decimal keypad has (or commas, which
// parseFormDate takes too).
func dateInputMode(l i18n.Lang) string {
	if l == i18n.English {
		return "text"
	}
	return "decimal"
}
