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
		counts, extra := d.exchangeCounts(s)
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
		for p, n := range counts {
			switch {
			case extra:
				cur.Returned[p] += n
			case n > cur.Returned[p]:
				cur.Returned[p] = n
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

// exchangeCounts reads how many were returned to each side: "jeweils 175",
// "175 gegen 175", "175 for 175", "175 на 175", "175 Ukrainer", "22
// verletzte Ukrainer", "246 Russian servicemen". extra is set when the
// sentence adds to an exchange already told ("zudem", "additionally").
func (d *doc) exchangeCounts(s sentence) (map[trucewatch.Party]int, bool) {
	counts := map[trucewatch.Party]int{}
	for i := s.from; i < s.to; i++ {
		n, ok := d.number(i)
		if !ok || !isDigits(d.ws[i].Norm) {
			continue
		}
		// "N gegen/for/на/за N" and "jeweils/je/each N": both sides.
		if i+2 < s.to {
			if m, ok := d.number(i + 2); ok && m == n && isPairWord(d.ws[i+1].Norm) {
				counts[trucewatch.PartyRU], counts[trucewatch.PartyUA] = n, n
				i += 2
				continue
			}
		}
		if i > s.from && isEachWord(d.ws[i-1].Norm) {
			counts[trucewatch.PartyRU], counts[trucewatch.PartyUA] = n, n
			continue
		}
		// "N (verletzte) Ukrainer": the party of the people counted.
		for j := i + 1; j < s.to && j <= i+4; j++ {
			if p, ok := d.partyAt(j); ok {
				counts[p] = max(counts[p], n)
				break
			}
		}
	}
	return counts, d.has("extra", s)
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
