package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// targetRef is something a sentence names as struck, and where.
type targetRef struct {
	target trucewatch.Target
	detail string
	word   int // the first word that names it
}

// targetsIn returns what a sentence names as struck, one per lexicon hit;
// a hit inside a longer one ("gas metering station" over "station") gives
// way to it, and a word that is part of a place's name is no target. A
// word for a facility with no kind ("the facility", "об'єкт") takes the
// kind of the facility named a few sentences before, from ref. A local
// supply line named with homes is part of their damage.
func (d *doc) targetsIn(s sentence, ref []targetRef) []targetRef {
	hits := d.in("target", s.from, s.to)
	var out []targetRef
	for i, h := range hits {
		inside := false
		for j, o := range hits {
			if j != i && o.from <= h.from && o.to >= h.to && o.to-o.from > h.to-h.from {
				inside = true
				break
			}
		}
		if inside || modifies(hits, i) {
			continue
		}
		if mi := d.mentionAt[h.from]; mi >= 0 && !facility(d.mentions[mi].Place) {
			continue // "Білій Церкві" is a town, not a church
		}
		t, err := trucewatch.ParseTarget(strings.TrimPrefix(h.section, "target "))
		if err != nil {
			continue
		}
		if t == trucewatch.TargetMedical && d.treatedIn(s, h.from) {
			continue // "five remain in hospital": where the injured are, not what was hit
		}
		if t == trucewatch.TargetResidential && d.outageExtent(s, h.from) {
			continue // "40,000 homes were left without power": who lost power, not what was hit
		}
		out = append(out, targetRef{target: t, detail: h.detail, word: h.from})
	}
	out = slices.DeleteFunc(out, func(t targetRef) bool {
		// "damaged homes and a gas pipeline": the homes' supply line is
		// part of their damage, not a strike on the grid, when it is listed
		// next to them; a trunk line ("магістральний газопровід") is the
		// grid's whatever it is listed with
		return t.target == trucewatch.TargetEnergy && d.covered(t.word, "supply") && !d.covered(t.word-1, "trunk") &&
			slices.ContainsFunc(out, func(o targetRef) bool {
				return o.target == trucewatch.TargetResidential && d.listed(o.word, t.word)
			})
	})
	for _, h := range d.in("person", s.from, s.to) {
		if d.attacked(s, h.from) && !slices.ContainsFunc(hits, func(o hit) bool { return o.from <= h.from && h.from < o.to }) {
			out = append(out, targetRef{target: trucewatch.TargetOther, detail: h.detail, word: h.from})
		}
	}
	if len(out) > 0 && len(ref) > 0 && strategic(ref[len(ref)-1].target) && !d.namesPlace(s) &&
		!slices.ContainsFunc(out, func(t targetRef) bool {
			return t.target != trucewatch.TargetIndustrial || !d.covered(t.word, "facility") || d.another(t.word)
		}) {
		// "a fire broke out on the grounds of the enterprise" after the
		// refinery was named: the enterprise is the refinery; "another
		// enterprise", "сусіднє підприємство" is not
		r := ref[len(ref)-1]
		r.word = out[0].word
		out = []targetRef{r}
	}
	if len(out) == 0 && len(ref) > 0 && strategic(ref[len(ref)-1].target) {
		if f := d.in("facility", s.from, s.to); len(f) > 0 {
			r := ref[len(ref)-1]
			r.word = f[0].from
			out = append(out, r)
		}
	}
	return out
}

// another reports a word that marks the facility at word as another one
// than that named before ("another enterprise", "сусіднє підприємство",
// "ещё одно предприятие"), within the two words before it.
func (d *doc) another(word int) bool {
	for j := max(0, word-2); j < word; j++ {
		if d.covered(j, "another") {
			return true
		}
	}
	return false
}

// attacked reports a person named as the object of an attack: soon after
// an attack word, in one clause, with at most one other word between
// besides a weapon, a preposition, an article, a number, an age or a
// word of one or two letters (a preposition the lexicon does not list)
// ("attacked a man, 40, with a drone", "атакували з безпілотника літню
// жительку", not "атакували місце проживання місцевих мешканців"). A
// person killed or hurt by a strike ("a man was injured in the shelling")
// is a casualty, not the target: a person word followed in its clause by
// a casualty, a treatment or an outage ("a man was injured", "чоловік
// загинув", "жители остались без света", "left residents of Kherson
// without water") is none, nor one used as an adjective before a target
// word ("civilian objects"). Only an attack verb counts: an attack noun,
// one followed by a place or preceded by an article or a preposition
// ("обстрілу Херсона", "the attack", "in the shelling"), names the strike,
// not its object.
func (d *doc) attacked(s sentence, word int) bool {
	if d.casualtyAfter(s, word) {
		return false
	}
	for _, a := range d.in("attack", s.from, word) {
		if a.to > word || word-a.to > 5 || d.attackNoun(a) {
			continue
		}
		other, clear := 0, true
		for i := a.to; i <= word && clear; i++ {
			if i > a.to && d.ws[i].Sep >= lang.SepComma {
				clear = false
			}
			if i == word {
				break
			}
			if d.hasAnyHit(i, "killed", "injured", "damage", "speech", "intercept", "target") {
				clear = false
			}
			if !d.coveredAny(i, "weapon", "locative", "determiner", "number", "age", "party", "enemy") && !isDigits(d.ws[i].Norm) && utf8.RuneCountInString(d.ws[i].Norm) > 2 {
				other++
			}
		}
		if clear && other <= 1 {
			return true
		}
	}
	return false
}

// casualtyAfter reports a person word at word that its clause goes on to
// name as killed, hurt, treated or left without supply, or that modifies
// a target word right after it.
func (d *doc) casualtyAfter(s sentence, word int) bool {
	for i := word + 1; i < s.to; i++ {
		if d.ws[i].Sep >= lang.SepComma {
			break
		}
		if i == word+1 && (d.covered(i, "target") || d.hasHit(i, "facility")) {
			return true
		}
		if d.hasAnyHit(i, "killed", "injured", "treatment", "treatedverb", "power_outage", "water_outage", "heating_outage") {
			return true
		}
	}
	return false
}

// attackNoun reports an attack word used as a noun: followed by a relation
// word or a place ("обстрілу Херсона"), or preceded by an article or a
// preposition ("the attack", "in the shelling"). A preposition after it
// tells nothing: "griffen in Cherson einen Mann an" is a verb.
func (d *doc) attackNoun(a hit) bool {
	if a.to < len(d.ws) && (d.hasHit(a.to, "relation") || d.mentionAt[a.to] >= 0) {
		return true
	}
	return a.from > 0 && (d.hasHit(a.from-1, "determiner") || d.hasHit(a.from-1, "locative"))
}

// namesPlace reports a sentence that names a place.
func (d *doc) namesPlace(s sentence) bool {
	for i := s.from; i < s.to; i++ {
		if d.mentionAt[i] >= 0 {
			return true
		}
	}
	return false
}

// listed reports two neighbouring items of one list: a comma or a word
// that joins a list stands between them ("homes and a gas pipeline",
// "houses, sheds, a gas pipe"), at most a few words apart, with nothing
// else between but target words, articles, numbers and at most one other
// word (an adjective). A preposition alone ("a gas pipe near a house")
// makes no list, nor a place, an attack, a damage, a weapon or a verb of
// speech between ("damaged a house in Kherson, and a drone later struck a
// gas pipeline", "ein Wohnhaus, eine zweite traf eine Gasleitung").
func (d *doc) listed(a, b int) bool {
	from, to := min(a, b), max(a, b)
	if to-from > 6 {
		return false
	}
	joined, other := false, 0
	for i := from + 1; i <= to; i++ {
		if d.ws[i].Sep >= lang.SepStop {
			return false
		}
		if d.ws[i].Sep == lang.SepComma {
			joined = true
		}
		if i == to {
			break
		}
		if d.mentionAt[i] >= 0 || d.coveredAny(i, "attack", "damage", "weapon", "speech", "locative") {
			return false
		}
		switch {
		case d.covered(i, "listjoin"): // a hit that starts at i covers it too
			joined = true
		case d.covered(i, "target") || d.hasHit(i, "determiner") || d.hasHit(i, "number") || isDigits(d.ws[i].Norm) || d.hasHit(i, "trunk"):
		default:
			other++
		}
	}
	return joined && other <= 1
}

// modifies reports a target word right before another target of another
// kind, which is the head it modifies: "railway substation" and
// "залізничної підстанції" are a substation. A generic head gives way to
// its modifier instead: "нефтеперерабатывающем заводе" is a refinery.
func modifies(hits []hit, i int) bool {
	for j, o := range hits {
		if j != i && o.from == hits[i].to && o.section != hits[i].section && o.section == "target energy" {
			return true
		}
	}
	return false
}

// vague targets say little: unknown, or "other" (a church, a shop next to
// the homes hit).
func vague(t trucewatch.Target) bool {
	return t == trucewatch.TargetUnknown || t == trucewatch.TargetOther
}

// treatedIn reports a hospital named as where casualties are treated: "in
// hospital", "в лікарні", "ins Krankenhaus" in a sentence that tells of
// casualties, or any hospital in a sentence that says someone was taken
// there.
func (d *doc) treatedIn(s sentence, word int) bool {
	return d.covered(word, "treatment") && (d.has("injured", s) || d.has("killed", s)) || d.has("treatedverb", s)
}

// outageExtent reports homes named as the extent of an outage: an outage
// within four words of the word, with no attack between them ("homes were
// left without power", "cut power to 40,000 homes").
func (d *doc) outageExtent(s sentence, word int) bool {
	for _, sec := range []string{"power_outage", "heating_outage", "water_outage"} {
		for _, o := range d.in(sec, s.from, s.to) {
			from, to := min(o.from, word), max(o.from, word)
			if to-from <= 4 && len(d.in("attack", from, to)) == 0 {
				return true
			}
		}
	}
	return false
}
