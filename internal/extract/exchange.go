package extract

import (
	"strings"

	"github.com/trucewatch/trucewatch"
)

// exchanges finds prisoner exchanges and merges what a report says of each
// into one claim: "den Austausch von jeweils 175 Gefangenen ... Diesmal ließ
// Russland zudem 22 verletzte Ukrainer frei" is one exchange that returned
// 175 to Russia and 197 to Ukraine.
func (d *doc) exchanges() []trucewatch.Claim {
	dates := d.sentenceDates()
	var out []trucewatch.Claim
	var cur *trucewatch.ExchangeClaim
	for si, s := range d.sents {
		isExchange := d.has("exchange", s) && d.has("prisoner", s) || d.has("exchange", s) && d.anyNumber(s)
		if !isExchange && (cur == nil || !d.has("prisoner", s)) {
			continue
		}
		if d.has("hypothetical", s) || d.has("generic", s) {
			continue
		}
		counts := d.exchangeCounts(s)
		if len(counts) == 0 && !isExchange {
			continue
		}
		if cur == nil || !isExchange && len(counts) == 0 || isExchange && cur.Date.Sub(dates[si]) > 1 || dates[si].Sub(cur.Date) > 1 {
			if !isExchange {
				continue
			}
			cur = &trucewatch.ExchangeClaim{Date: dates[si], Parties: []trucewatch.Party{trucewatch.PartyRU, trucewatch.PartyUA},
				Returned: map[trucewatch.Party]int{}}
			out = append(out, trucewatch.Claim{Kind: trucewatch.ClaimExchange, Sentence: trucewatch.Span{Start: s.start, End: s.end}, Exchange: cur})
		}
		for _, c := range counts {
			switch {
			case c.extra:
				cur.Returned[c.party] += c.n
			case c.n > cur.Returned[c.party]:
				cur.Returned[c.party] = c.n
			}
		}
	}
	for _, c := range out {
		if len(c.Exchange.Returned) == 0 {
			c.Exchange.Returned = nil
		}
	}
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
	extra bool // in addition to the exchange ("zudem 22", "additionally 31", "ще 22")
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
		extra := len(d.in("extra", d.clauseStart(i, s.from, 4), i)) > 0
		both := func() {
			out = append(out, count{trucewatch.PartyRU, n, extra}, count{trucewatch.PartyUA, n, extra})
		}
		// "N gegen/for/на/за N": both sides.
		if i+2 < s.to {
			if m, ok := d.number(i + 2); ok && m == n && isPairWord(d.ws[i+1].Norm) {
				both()
				i += 2
				continue
			}
		}
		if d.eachSide(i, s.from) {
			both()
			continue
		}
		// "N (verletzte) Ukrainer": the party of the people counted; else
		// "Ukraine received N": the party that received them.
		p, ok := d.partyNear(i+1, min(s.to, i+5))
		if !ok {
			p, ok = d.partyNear(max(s.from, i-4), i)
		}
		if ok {
			out = append(out, count{p, n, extra})
		}
	}
	return out
}

// eachSide reports "jeweils", "je", "each", "по", "jede Seite", "each side",
// "кожна сторона", "каждая сторона" in the few words before word i.
func (d *doc) eachSide(i, from int) bool {
	for j := i - 1; j >= from && j >= i-5; j-- {
		w := d.ws[j].Norm
		if isEachWord(w) {
			return true
		}
		if j+1 < len(d.ws) && (w == "jede" || w == "each" || w == "кожна" || w == "каждая" || w == "обидві" || w == "обе" || w == "both" || w == "beide") {
			switch d.ws[j+1].Norm {
			case "seite", "side", "sides", "seiten", "сторона", "сторони", "стороны":
				return true
			}
		}
	}
	return false
}

// partyNear returns the RU or UA party named in words [from, to).
func (d *doc) partyNear(from, to int) (trucewatch.Party, bool) {
	for j := from; j < to; j++ {
		if p, ok := d.partyAt(j); ok {
			return p, true
		}
	}
	return "", false
}

func (d *doc) partyAt(i int) (trucewatch.Party, bool) {
	for _, hi := range d.byWord[i] {
		if p, ok := strings.CutPrefix(d.hits[hi].section, "party "); ok && (p == "RU" || p == "UA") {
			return trucewatch.Party(p), true
		}
	}
	return "", false
}

func isPairWord(w string) bool {
	switch w {
	case "gegen", "for", "на", "за", "auf", "to":
		return true
	}
	return false
}

func isEachWord(w string) bool {
	switch w {
	case "jeweils", "je", "each", "по":
		return true
	}
	return false
}
