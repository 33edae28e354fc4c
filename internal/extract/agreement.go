package extract

import (
	"github.com/trucewatch/trucewatch"
)

// agreements finds statements about truces and merges them by scope into
// one claim each: the energy moratorium, a full ceasefire, a maritime truce.
// Two truces of one scope with different durations stay apart (a declared
// three-day truce and a proposed thirty-day one).
func (d *doc) agreements() []trucewatch.Claim {
	type found struct {
		scope    string
		claim    trucewatch.Claim
		statuses map[trucewatch.AgreementStatus]bool
	}
	var all []*found
	for si, s := range d.sents {
		if !d.isTruceStatement(s) {
			continue
		}
		scopes := d.scopes(s)
		dur := d.duration(s)
		for _, scope := range scopes {
			var f *found
			for _, o := range all {
				if od := o.claim.Agreement.DurationDays; o.scope == scope && (od == 0 || dur == 0 || od == dur) {
					f = o
					break
				}
			}
			if f == nil {
				f = &found{scope: scope, statuses: map[trucewatch.AgreementStatus]bool{}}
				a := &trucewatch.AgreementClaim{Parties: []trucewatch.Party{trucewatch.PartyRU, trucewatch.PartyUA}}
				if scope == "all" {
					a.All = true
				} else {
					a.Scope = []trucewatch.Target{trucewatch.Target(scope)}
				}
				f.claim = trucewatch.Claim{Kind: trucewatch.ClaimAgreement, Sentence: trucewatch.Span{Start: s.start, End: s.end}, Agreement: a}
				all = append(all, f)
			}
			a := f.claim.Agreement
			if a.DurationDays == 0 {
				a.DurationDays = dur
			}
			a.Reciprocal = a.Reciprocal || d.has("reciprocal", s)
			for _, st := range []trucewatch.AgreementStatus{trucewatch.AgreementRejected, trucewatch.AgreementAgreed, trucewatch.AgreementProposed, trucewatch.AgreementDeclared} {
				for _, h := range d.in(string(st), s.from, s.to) {
					// With several truces in one sentence, a status word
					// belongs to the nearest ("the call brought no full
					// ceasefire, only a pause on energy strikes").
					if len(scopes) == 1 || d.nearestScope(s, h.from, scopes) == scope {
						f.statuses[st] = true
					}
				}
			}
			// "He did not succeed." The next sentence may say how the
			// proposal fared.
			if si+1 < len(d.sents) && d.sents[si+1].paragraph == s.paragraph && !d.isTruceStatement(d.sents[si+1]) &&
				d.has("rejected", d.sents[si+1]) {
				f.statuses[trucewatch.AgreementRejected] = true
			}
		}
	}
	var out []trucewatch.Claim
	for _, f := range all {
		a := f.claim.Agreement
		switch {
		case f.statuses[trucewatch.AgreementDeclared] && a.All:
			// A unilateral truce ("self-declared", "einseitig",
			// "в одностороннем порядке") is declared, whatever the other
			// side answers.
			a.Status = trucewatch.AgreementDeclared
		case f.statuses[trucewatch.AgreementRejected]:
			a.Status = trucewatch.AgreementRejected
		case f.statuses[trucewatch.AgreementAgreed]:
			a.Status = trucewatch.AgreementAgreed
		case f.statuses[trucewatch.AgreementProposed]:
			a.Status = trucewatch.AgreementProposed
		default:
			a.Status = trucewatch.AgreementAgreed
		}
		// A general ceasefire binds both sides, unless one side declared it
		// for itself.
		a.Reciprocal = a.Status != trucewatch.AgreementDeclared && (a.Reciprocal || a.All)
		out = append(out, f.claim)
	}
	return out
}

// isTruceStatement reports a sentence about a truce: a word for one
// ("Waffenruhe", "moratorium", "перемир'я"), or a promise to stop or not to
// carry out strikes ("den Beschuss von Kraftwerken einzustellen", "will not
// target power plants").
func (d *doc) isTruceStatement(s sentence) bool {
	if d.has("truce", s) {
		return true
	}
	// "both sides agreed that merchant ships may cross the Black Sea unharmed"
	if d.has("agreed", s) && (d.has("scope port", s) || d.has("halt", s) && (d.has("target energy", s) || d.has("scope energy", s))) {
		return true
	}
	if !d.has("halt", s) && !(d.has("negation", s) && d.has("future", s)) {
		return false
	}
	return d.has("attack", s) || d.has("target energy", s) || d.has("scope energy", s)
}

// scopes returns what a truce statement covers: "energy", "port" or "all".
func (d *doc) scopes(s sentence) []string {
	var out []string
	energy := d.has("scope energy", s) || d.has("target energy", s)
	port := d.has("scope port", s)
	if energy {
		out = append(out, "energy")
	}
	if port {
		out = append(out, "port")
	}
	// A general ceasefire needs more than the word: a scope ("full",
	// "immediate"), a duration, or what became of it. "The strike came
	// despite the ceasefire talks" states no agreement.
	if d.has("scope all", s) || len(out) == 0 && d.has("truce", s) &&
		(d.duration(s) > 0 || d.has("rejected", s) || d.has("proposed", s) || d.has("agreed", s) || d.has("declared", s)) {
		out = append(out, "all")
	}
	return out
}

// nearestScope returns which of scopes is named nearest to word i.
func (d *doc) nearestScope(s sentence, i int, scopes []string) string {
	cues := map[string][]string{
		"energy": {"scope energy", "target energy"},
		"port":   {"scope port"},
		"all":    {"truce", "scope all"},
	}
	best, bestDist := scopes[0], 1<<30
	for _, scope := range scopes {
		for _, sec := range cues[scope] {
			for _, h := range d.in(sec, s.from, s.to) {
				if dist := abs(h.from - i); dist < bestDist {
					best, bestDist = scope, dist
				}
			}
		}
	}
	return best
}

// duration reads "30 Tage", "30-tägige", "30-day", "30 днів", "einen Monat".
func (d *doc) duration(s sentence) int {
	for _, h := range d.in("days", s.from, s.to) {
		if h.value > 0 {
			return h.value // "dreitägige", "триденне"
		}
		if n, ok := d.numberBefore(h.from, s.from); ok && n > 0 && n <= 365 {
			return n
		}
	}
	if len(d.in("month", s.from, s.to)) > 0 {
		return 30
	}
	return 0
}
