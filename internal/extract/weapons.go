package extract

import (
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// weaponRef is a weapon a sentence names, with how many if it says.
type weaponRef struct {
	weapon trucewatch.Weapon
	word   int
	count  int // 0 when not given
}

// weaponsIn returns the weapons a sentence names in words [from, to), each
// count once ("40 Shahed-Drohnen" is one weapon, twice named).
func (d *doc) weaponsIn(from, to int) []weaponRef {
	var out []weaponRef
	counted := map[int]bool{}
	for _, h := range d.in("weapon", from, to) {
		w, err := trucewatch.ParseWeapon(strings.TrimPrefix(h.section, "weapon "))
		if err != nil {
			continue
		}
		r := weaponRef{weapon: w, word: h.from}
		if n, at, ok := d.numberBeforeAt(h.from, from); ok && !counted[at] {
			counted[at] = true
			r.count = n
		}
		out = append(out, r)
	}
	return out
}

// weaponOf picks the weapon of an incident from the weapons named: the
// most numerous counted one, else the first named.
func weaponOf(ws []weaponRef) (trucewatch.Weapon, *int) {
	if len(ws) == 0 {
		return trucewatch.WeaponUnknown, nil
	}
	best, total := ws[0], 0
	for _, w := range ws {
		total += w.count
		if w.count > best.count {
			best = w
		}
	}
	if total == 0 {
		return best.weapon, nil
	}
	return best.weapon, &total
}

// casualties reads the numbers killed and injured in words [from, to).
// "No casualties" ("обійшлося без постраждалих", "niemand verletzt") is 0
// for both; a person's age ("a 72-year-old woman") is not a count; one
// person named as killed or injured with no number is 1.
func (d *doc) casualties(from, to int) (killed, injured *int) {
	if len(d.in("nocasualties", from, to)) > 0 {
		zero, zero2 := 0, 0
		return &zero, &zero2
	}
	for _, kind := range []string{"killed", "injured"} {
		for _, h := range d.in(kind, from, to) {
			n, at, ok := d.numberNear(h.from, from, to)
			if ok && d.onePersonAnd(at, h.from, from) {
				n++ // "поранені жінка і двоє дітей": three
			}
			if !ok {
				if n = d.agesNear(h.from, to); n == 0 && d.onePersonNear(h.from, from, to) {
					n = 1
				}
				if n == 0 {
					continue
				}
			}
			v := n
			if kind == "killed" {
				killed = &v
			} else {
				injured = &v
			}
			break
		}
	}
	return killed, injured
}

// onePersonNear reports one person named in the singular right before or
// after word i, in its clause, with no count: "поранено жінку", "ранена
// женщина", "a woman was injured", "eine Frau wurde verletzt".
func (d *doc) onePersonNear(i, from, to int) bool {
	for j := i - 1; j >= from && j >= i-3; j-- {
		if d.ws[j+1].Sep >= lang.SepComma {
			break
		}
		if d.onePerson(j) {
			return true
		}
	}
	for j := i + 1; j < to && j <= i+3; j++ {
		if d.ws[j].Sep >= lang.SepComma {
			break
		}
		if d.onePerson(j) {
			return true
		}
	}
	return false
}

// onePerson reports a word for one person that no quantifier or count
// above one comes before: "кілька чоловік", "несколько человек", "several
// men" are no single person (uk "чоловік" is also the counted plural).
func (d *doc) onePerson(j int) bool {
	if !d.hasHit(j, "oneperson") {
		return false
	}
	if j > 0 && d.ws[j].Sep < lang.SepComma {
		if d.hasHit(j-1, "quantifier") {
			return false
		}
		if n, ok := d.number(j - 1); ok && n > 1 {
			return false
		}
	}
	return true
}

// onePersonAnd reports one person named in the singular and joined by
// "and" to the count at word at, both told of the casualty word i:
// "поранені жінка і двоє дітей", "a woman and two children were injured".
// Not when another casualty word stands just before the person: in
// "killed a man and two injured" the man is not one of the injured.
func (d *doc) onePersonAnd(at, i, from int) bool {
	p := at - 2
	if p < from || !d.hasHit(at-1, "and") || !d.hasHit(p, "oneperson") || d.ws[at-1].Sep >= lang.SepComma || d.ws[at].Sep >= lang.SepComma {
		return false
	}
	if p < i && i-at > 3 || p > i && p-i > 3 {
		return false // too far from the casualty word to be its object
	}
	for k := max(from, p-2); k < p; k++ {
		if k != i && d.hasAnyHit(k, "killed", "injured") {
			return false
		}
	}
	return true
}

// agesNear counts the people named by their age in the clause right after
// word i: "injuring a 12-year-old girl" is one injured, "поранені
// 45-річний чоловік і 70-річна жінка" two.
func (d *doc) agesNear(i, to int) int {
	n := 0
	for j := i + 1; j < to && j <= i+10; j++ {
		if d.ws[j].Sep >= lang.SepStop || d.ws[j].Sep >= lang.SepComma && n > 0 {
			break
		}
		if _, ok := d.number(j); ok && d.isAge(j) && d.hasHit(j+1, "age") {
			n++
		}
	}
	return n
}

// consequences lists what a sentence says followed from a strike.
func (d *doc) consequences(s sentence, killed, injured *int) []trucewatch.Consequence {
	var out []trucewatch.Consequence
	for _, c := range []trucewatch.Consequence{trucewatch.ConsequencePowerOutage, trucewatch.ConsequenceWaterOutage,
		trucewatch.ConsequenceHeatingOutage, trucewatch.ConsequenceFire} {
		if d.has(string(c), s) {
			out = append(out, c)
		}
	}
	if killed != nil && *killed > 0 || injured != nil && *injured > 0 {
		out = append(out, trucewatch.ConsequenceCasualties)
	}
	if d.has("damage", s) {
		out = append(out, trucewatch.ConsequenceDamage)
	}
	return out
}
