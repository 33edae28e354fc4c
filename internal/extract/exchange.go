package extract

import (
	"slices"

	"github.com/trucewatch/trucewatch"
)

// exchanges finds prisoner exchanges and merges what a report says of each
// into one claim: "beide Seiten übergaben je 100 Gefangene ... außerdem kamen
// 12 schwer verwundete Ukrainer frei" is one exchange that returned 100 to
// Russia and 112 to Ukraine. For each side: the largest count told
// as the exchange itself, plus the counts told as additions, or a total
// the report gives, whichever is larger; a side whose count is not told is
// taken to have got as many back as the other (exchanges are N for N).
func (d *doc) exchanges(dates []sentDate) []trucewatch.Claim {
	var out []trucewatch.Claim
	var cur *trucewatch.ExchangeClaim
	base, extra, total := map[trucewatch.Party]int{}, map[trucewatch.Party]int{}, map[trucewatch.Party]int{}
	finish := func() {
		if cur == nil {
			return
		}
		for _, p := range []trucewatch.Party{trucewatch.PartyRU, trucewatch.PartyUA} {
			o := other(p)
			if base[p] == 0 && base[o] > 0 {
				base[p] = base[o]
			}
			if n := max(base[p]+extra[p], total[p]); n > 0 {
				cur.Returned[p] = n
			}
		}
		if len(cur.Returned) == 0 {
			cur.Returned = nil
		}
		clear(base)
		clear(extra)
		clear(total)
	}
	for si, s := range d.sents {
		if s.kind != body {
			continue
		}
		date := dates[si]
		isExchange := d.has("exchange", s) && (d.has("prisoner", s) || d.anyNumber(s))
		// "Schon am Vortag kamen beiderseits je 90 Gefangene frei": in a report
		// of an exchange, prisoners freed on a day of their own are that
		// day's exchange.
		dayOfItsOwn := cur != nil && date.own && date.precision == trucewatch.DateDay && date.date != cur.Date &&
			d.has("prisoner", s) && d.anyNumber(s)
		if !isExchange && !dayOfItsOwn && (cur == nil || !d.has("prisoner", s) && !d.has("total", s)) {
			continue
		}
		if d.cueOutsideDates("hypothetical", s) || d.has("generic", s) {
			continue
		}
		if d.has("since", s) && (cur != nil || !isExchange) {
			continue // "since Friday 1,000 on each side": a running total, not this exchange
		}
		if date.date.IsZero() || date.precision != trucewatch.DateDay {
			continue // an exchange "at the end of June" is background, with no day to record
		}
		if dayOfItsOwn && slices.ContainsFunc(out, func(c trucewatch.Claim) bool { return c.Exchange.Date == date.date }) {
			continue // more about an exchange already told
		}
		if isExchange && (cur == nil || abs(date.date.Sub(cur.Date)) > 1 || date.own && date.date != cur.Date) || dayOfItsOwn {
			finish()
			cur = &trucewatch.ExchangeClaim{Date: date.date, Parties: []trucewatch.Party{trucewatch.PartyRU, trucewatch.PartyUA},
				Returned: map[trucewatch.Party]int{}}
			out = append(out, trucewatch.Claim{Kind: trucewatch.ClaimExchange, Sentence: trucewatch.Span{Start: s.start, End: s.end}, Exchange: cur})
		}
		if cur == nil {
			continue
		}
		isExtra, isTotal := d.has("extra", s), d.has("total", s)
		for _, c := range d.exchangeCounts(s) {
			switch {
			case isTotal:
				total[c.party] = max(total[c.party], c.n)
			case isExtra && c.n != base[c.party]:
				extra[c.party] += c.n
			default:
				base[c.party] = max(base[c.party], c.n)
			}
		}
	}
	finish()
	return out
}

func (d *doc) anyNumber(s sentence) bool {
	for i := s.from; i < s.to; i++ {
		if _, ok := d.number(i); ok && isDigits(d.ws[i].Norm) {
			return true
		}
	}
	return false
}

// count is how many people a sentence says were returned to one side.
type count struct {
	party trucewatch.Party
	n     int
}

// exchangeCounts reads how many were returned to each side: "jeweils 175",
// "175 gegen 175", "175 for 175", "175 на 175", "each side handed over 246",
// "175 Ukrainer", "22 verletzte Ukrainer", "Ukraine received 31".
func (d *doc) exchangeCounts(s sentence) []count {
	var out []count
	for i := s.from; i < s.to; i++ {
		n, ok := d.number(i)
		if !ok || !isDigits(d.ws[i].Norm) {
			continue
		}
		both := func() {
			out = append(out, count{trucewatch.PartyRU, n}, count{trucewatch.PartyUA, n})
		}
		// "N gegen/for/на/за N": both sides.
		if i+2 < s.to {
			if m, ok := d.number(i + 2); ok && m == n && d.hasHit(i+1, "pair") {
				both()
				i += 2
				continue
			}
		}
		if d.eachSide(i, s.from) {
			both()
			continue
		}
		// "N (verletzte) Ukrainer": the people counted, by their nationality
		// (a country's name after the number is who hands them over: "31
		// Росія передала"); else the subject before the number when it
		// receives them ("Ukraine received 31", "вернули Киеву").
		p, ok := d.partyNear(i+1, min(s.to, i+5), false)
		if !ok {
			p, ok = d.receiverBefore(i, s.from)
		}
		if ok {
			out = append(out, count{p, n})
		}
	}
	return out
}

// eachSide reports "jeweils", "je", "each", "по", "jede Seite", "each side",
// "кожна сторона", "каждая сторона" in the few words before word i.
func (d *doc) eachSide(i, from int) bool {
	for j := i - 1; j >= from && j >= i-5; j-- {
		if d.hasHit(j, "each") || d.hasHit(j, "eachside") {
			return true
		}
	}
	return false
}

// partyNear returns the RU or UA party named in words [from, to); with
// places false, country names (place mentions) do not count.
func (d *doc) partyNear(from, to int, places bool) (trucewatch.Party, bool) {
	for j := from; j < to; j++ {
		if !places && d.mentionAt[j] >= 0 {
			continue
		}
		if p, ok := d.partyAt(j); ok {
			return p, true
		}
	}
	return "", false
}

// receiverBefore finds "Ukraine received N" or "передала Украине N": a
// party before the number with a verb of receiving, or after a verb of
// handing over (then the party named is the one that receives).
func (d *doc) receiverBefore(i, from int) (trucewatch.Party, bool) {
	lo := max(from, i-5)
	recv := false
	for j := lo; j < i; j++ {
		switch {
		case d.hasHit(j, "receive"):
			recv = true
		case d.hasHit(j, "handover"):
			// "передала Украине 22": the party after the verb receives
			if p, ok := d.partyNear(j+1, i, true); ok {
				return p, true
			}
		}
	}
	if recv {
		return d.partyNear(lo, i, true)
	}
	return "", false
}
