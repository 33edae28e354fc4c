package extract

import (
	"sort"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// sentDate is the day a sentence speaks of.
type sentDate struct {
	date      trucewatch.Date // zero when unknown
	precision trucewatch.DatePrecision
	own       bool      // the sentence names it; otherwise inherited or the publication day
	said      bool      // what it names is when something was said ("the governor said on Saturday"), not when it happened
	clock     string    // a time of day the sentence names ("01:22"), "" if none
	at        int       // the word the sentence's own date starts at
	before    *sentDate // the date the sentence would have without its own, for the places named before that date
}

// backgroundDays is how far before publication a dated strike is told as
// background rather than as news.
const backgroundDays = 14

// sentenceDates returns the date each sentence speaks of: its own first
// resolved date that is not when something was said (a bare weekday in a
// sentence about the future is the coming one), else when it was said,
// else the last event date named before in the report, else the
// publication day. Background sentences (and teasers) that name no date of
// their own have none: an earlier strike is never dated to the day the
// report appeared.
func (d *doc) sentenceDates() []sentDate {
	out := make([]sentDate, len(d.sents))
	var current sentDate
	di := 0
	for i, s := range d.sents {
		var own, said sentDate
		for ; di < len(d.dates) && d.dates[di].Start < s.end; di++ {
			e := d.dates[di]
			if e.Start < s.start || !own.date.IsZero() || e.Unresolved || e.Date.IsZero() {
				continue
			}
			if e.Future && !d.has("future", s) {
				continue // a date after publication in a report of the past: a plan, not the strike
			}
			if d.hasHit(d.wordAt(e.Start)-1, "since") {
				continue // "seit Freitag": when a count began, not the day of an event
			}
			sd := sentDate{date: e.Date, precision: e.Precision, own: true, at: d.wordAt(e.Start)}
			if e.Weekday && d.has("future", s) && sd.date.Before(d.anchor) {
				sd.date = sd.date.AddDays(7) // "the exchange will take place on Wednesday"
			}
			if d.statementDate(e.Start, s) || d.statementDateBefore(e.End, s) {
				if said.date.IsZero() {
					said = sd // "the governor said on Saturday": when it was said, not when it happened
				}
				continue
			}
			own = sd
		}
		if own.own && !d.isBackground(own) && !d.isTruceStatement(s) {
			current = own // only a current event's date carries on, not a statement's or an old one's
		} else if !own.own {
			own = said
			own.said = own.own
		}
		out[i] = current
		if s.kind == background || s.kind == teaser {
			out[i] = sentDate{} // an earlier strike is not dated by the news around it
		}
		if own.own {
			inherited := current
			if inherited.date.IsZero() && s.kind == body {
				inherited = sentDate{date: d.anchor, precision: trucewatch.DateDay}
			}
			if !inherited.date.IsZero() {
				own.before = &inherited
			}
			out[i] = own
		}
		out[i].own, out[i].said = own.own, own.said
		if out[i].date.IsZero() && s.kind == body {
			out[i] = sentDate{date: d.anchor, precision: trucewatch.DateDay}
		}
		if out[i].precision == "" && !out[i].date.IsZero() {
			out[i].precision = trucewatch.DateDay
		}
		out[i].clock = d.clockIn(s)
	}
	return out
}

// clockIn returns the first time of day a sentence names, "HH:MM", or "".
func (d *doc) clockIn(s sentence) string {
	for i := s.from; i+1 < s.to; i++ {
		h, ok1 := digitsValue(d.ws[i].Norm)
		m, ok2 := digitsValue(d.ws[i+1].Norm)
		if ok1 && ok2 && h < 24 && m < 60 && len(d.ws[i+1].Norm) == 2 && d.text[d.ws[i].End:d.ws[i+1].Start] == ":" {
			return d.ws[i].Norm + ":" + d.ws[i+1].Norm
		}
	}
	return ""
}

// isBackground reports an incident dated well before publication: told as
// background, not as news.
func (d *doc) isBackground(sd sentDate) bool {
	return sd.own && !d.anchor.IsZero() && !sd.date.IsZero() && d.anchor.Sub(sd.date) > backgroundDays
}

// wordAt returns the index of the word that starts at byte offset start,
// or of the first word after it.
func (d *doc) wordAt(start int) int {
	return sort.Search(len(d.ws), func(i int) bool { return int(d.ws[i].Start) >= start })
}

// statementDateBefore reports a date expression right before the verb of
// speech it dates, in a clause with the verb at its end: "wie der
// Katastrophenschutz am Montag mitteilte", "как сообщил в понедельник". A
// comma right after the date ends that: "hit Sumy on Friday, officials
// said" dates the strike.
func (d *doc) statementDateBefore(end int, s sentence) bool {
	k := d.wordAt(end)
	for j := k; j < s.to && j <= k+1; j++ {
		if d.ws[j].Sep >= lang.SepComma {
			return false
		}
		if d.hasHit(j, "speech") {
			return j+1 >= s.to || d.ws[j+1].Sep >= lang.SepComma
		}
	}
	return false
}

// statementDate reports a date expression that dates a statement, not an
// event: a verb of speech just before it ("said on Saturday", "teilte am
// Mittwoch mit", "заявив у суботу").
func (d *doc) statementDate(start int, s sentence) bool {
	k := s.from
	for k < s.to && int(d.ws[k].Start) < start {
		k++
	}
	for j := k - 1; j >= s.from && j >= k-4; j-- {
		if d.hasHit(j, "speech") {
			return true
		}
		if d.ws[j].Sep >= lang.SepComma {
			return false
		}
	}
	return false
}
