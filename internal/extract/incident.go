package extract

import (
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// speaker is who a sentence says is speaking.
type speaker struct {
	claimant trucewatch.Claimant
	name     string // the words that name the speaker
	accused  trucewatch.Party
	from, to int  // the words that name the speaker, excluded when looking for the perpetrator
	explicit bool // named in its own sentence, not inherited or assumed
}

// speakerOf finds who asserts what a sentence says. After a source
// preposition ("according to", "laut", "за даними", "по данным") the
// speaker follows it; next to a verb of reported speech the speaker is the
// subject before it ("Selenskyj sagte, ...", "the ministry said") or, when
// nothing names one there, the words after it ("sagte der Gouverneur"). An
// outlet makes the claim the media's; a party word makes it that party's;
// an official with no party named ("die Gebietsverwaltung", "the mayor",
// "в ОВА") speaks for the country the sentence's place is in. A sentence
// that names no speaker continues the last one named in its paragraph, or
// is the outlet's own report (media).
func (d *doc) speakerOf(s sentence, prev *speaker, prevPar int) speaker {
	var windows [][2]int
	var verb hit
	if src := d.in("source", s.from, s.to); len(src) > 0 {
		verb = src[0]
		windows = append(windows, [2]int{verb.to, d.clauseEnd(verb.to, s.to, 7)})
	}
	speech := append(d.in("speech", s.from, s.to), d.in("deny", s.from, s.to)...)
	slices.SortFunc(speech, func(a, b hit) int { return a.from - b.from })
	if sp := speech; len(sp) > 0 {
		v := sp[0]
		if len(windows) == 0 || v.from < verb.from {
			verb = v
		}
		windows = append(windows, [2]int{d.clauseStart(v.from, s.from, 7), v.from}, [2]int{v.to, d.clauseEnd(v.to, s.to, 6)})
	}
	if len(windows) == 0 {
		if prev != nil && prevPar == s.paragraph && prev.explicit {
			inherited := *prev
			inherited.from, inherited.to = -1, -1
			return inherited
		}
		return speaker{claimant: trucewatch.ClaimantMedia, from: -1, to: -1}
	}
	sp := speaker{explicit: true}
	for _, w := range windows {
		c, name, ok := d.speakerIn(s, w[0], w[1])
		if ok {
			sp.claimant, sp.name, sp.from, sp.to = c, name, w[0], w[1]
			break
		}
	}
	if sp.claimant == "" {
		sp.claimant, sp.from, sp.to = trucewatch.ClaimantOther, verb.from, verb.to
	}
	// "Russland warf der Ukraine vor": the accused is the other party named
	// after the verb.
	if acc := d.in("accuse", s.from, s.to); len(acc) > 0 {
		for i := acc[0].from; i < min(s.to, acc[0].to+6); i++ {
			for _, hi := range d.byWord[i] {
				if p, ok := strings.CutPrefix(d.hits[hi].section, "party "); ok && trucewatch.Claimant(p) != sp.claimant && p != "US" {
					sp.accused = trucewatch.Party(p)
				}
			}
		}
	}
	return sp
}

// speakerIn looks for a speaker among words [from, to): an outlet, a party
// word or an official, nearest first.
func (d *doc) speakerIn(s sentence, from, to int) (trucewatch.Claimant, string, bool) {
	official := -1
	for i := from; i < to; i++ {
		if d.mentionAt[i] >= 0 && d.placeIsLocation(i) {
			continue
		}
		var party trucewatch.Claimant
		for _, hi := range d.byWord[i] {
			h := d.hits[hi]
			switch {
			case h.section == "media":
				return trucewatch.ClaimantMedia, d.text[d.ws[i].Start:d.ws[h.to-1].End], true
			case strings.HasPrefix(h.section, "party "):
				party = trucewatch.Claimant(strings.TrimPrefix(h.section, "party "))
			case h.section == "official" && official < 0:
				official = i
			}
		}
		if party != "" {
			return party, d.text[d.ws[i].Start:d.ws[i].End], true
		}
	}
	if official >= 0 {
		// An official of no named party speaks for the country of the place.
		for i := s.from; i < s.to; i++ {
			if mi := d.mentionAt[i]; mi >= 0 && d.placeIsLocation(i) {
				if c := d.mentions[mi].Place.Country; c == trucewatch.PartyUA || c == trucewatch.PartyRU {
					return trucewatch.ClaimantParty(c), d.text[d.ws[official].Start:d.ws[official].End], true
				}
			}
		}
	}
	return "", "", false
}

// clauseStart and clauseEnd bound a speaker window at a comma or the
// sentence's edge, at most n words from i.
func (d *doc) clauseStart(i, from, n int) int {
	j := i
	for j > from && j > i-n && d.ws[j].Sep < lang.SepComma {
		j--
	}
	return j
}

func (d *doc) clauseEnd(i, to, n int) int {
	j := i
	for j < to && j < i+n && (j == i || d.ws[j].Sep < lang.SepComma) {
		j++
	}
	return j
}

// placeIsLocation reports whether the mention at word i is used as a place
// (not as the name of a party speaking: "Russland warf vor", "Kyiv said"):
// a country or a capital counts only after a preposition of place.
func (d *doc) placeIsLocation(i int) bool {
	m := d.mentions[d.mentionAt[i]]
	if m.Place.Precision != trucewatch.PlaceCountry && !d.x.gaz.IsCapital(m.Place.ID) {
		return true
	}
	return d.locativeBefore(i)
}

// locativeBefore reports a preposition of place just before word i, or
// before an article ("in der Ukraine", "across Ukraine", "по Україні").
func (d *doc) locativeBefore(i int) bool {
	isLocative := func(j int) bool { return d.hasHit(j, "locative") }
	if i == 0 || d.ws[i].Sep >= lang.SepComma {
		return false
	}
	if isLocative(i - 1) {
		return true
	}
	switch d.ws[i-1].Norm {
	case "der", "die", "dem", "den", "the", "всій", "всей", "всю", "усій":
		return i >= 2 && d.ws[i-1].Sep < lang.SepComma && isLocative(i-2)
	}
	return false
}

// incidents finds the claimed strikes, one per place.
func (d *doc) incidents() []trucewatch.Claim {
	var out []trucewatch.Claim
	dates := d.sentenceDates()
	var prevSpeaker *speaker
	prevPar := -1
	var last *trucewatch.IncidentClaim // the last incident, for "the station was shelled"
	lastPar := -1
	for si, s := range d.sents {
		sp := d.speakerOf(s, prevSpeaker, prevPar)
		if sp.explicit || prevSpeaker == nil || prevPar != s.paragraph {
			prevSpeaker, prevPar = &sp, s.paragraph
		}
		if s.paragraph != lastPar {
			last, lastPar = nil, s.paragraph
		}
		attack := d.in("attack", s.from, s.to)
		targets := d.in("target", s.from, s.to)
		if prev := si - 1; len(targets) == 0 && prev >= 0 && d.sents[prev].paragraph == s.paragraph &&
			!d.isTruceStatement(d.sents[prev]) && !d.has("generic", d.sents[prev]) && !d.has("hypothetical", d.sents[prev]) {
			// "... die Gasmessstation Sudscha. Die Ukraine habe das Objekt
			// gesprengt": the target named just before.
			targets = d.in("target", d.sents[si-1].from, d.sents[si-1].to)
			for i := range targets {
				targets[i].from = s.from // no nearer than this sentence's words
			}
		}
		if len(attack) == 0 {
			// "40 Shahed-Drohnen über unserem Himmel": counted weapons
			// report an attack too, and so does damage to a named target.
			attack = d.countedWeapons(s)
		}
		if len(attack) == 0 && (len(targets) == 0 || !d.has("damage", s)) {
			continue
		}
		if d.notAnIncident(s, attack) {
			continue
		}
		denial := d.has("deny", s)
		explicit := d.explicitPerpetrator(s, sp, attack) // the same for every place
		places := d.places(s, sp)
		inc := trucewatch.IncidentClaim{
			Date: dates[si], DatePrecision: trucewatch.DateDay,
			Claimant: sp.claimant, Weapon: trucewatch.WeaponUnknown,
		}
		if inc.Date.IsZero() {
			inc.DatePrecision = ""
		}
		d.weapon(s, &inc)
		d.casualties(s, &inc)
		if len(places) == 0 {
			switch {
			case inc.Quantity != nil && inc.Weapon != trucewatch.WeaponUnknown:
				// "40 Shahed drones over our sky", said the president: the
				// speaker's own country.
				p, ok := sp.claimant.Party()
				if !ok {
					continue
				}
				if c, ok := d.x.gaz.Place("country:" + string(p)); ok {
					places = append(places, placeRef{place: c, word: s.from})
				}
			case last != nil && (len(targets) > 0 || explicit != ""):
				// "The ministry said Ukrainian troops blew up the station":
				// the place of the incident just told.
				places = append(places, placeRef{place: last.Place, mention: last.PlaceMention, word: s.from})
				if len(targets) == 0 {
					targets = []hit{{section: "target " + string(last.Target), from: s.from, to: s.from + 1, detail: last.TargetDetail}}
				}
			default:
				continue
			}
		}
		for _, p := range places {
			c := inc
			c.Place, c.PlaceMention = p.place, p.mention
			c.Target, c.TargetDetail = d.target(s, targets, p.word)
			if p.place.Precision == trucewatch.PlaceCountry {
				// "56 drones over Ukraine": a count for the country, not a strike on one target.
				c.Target, c.TargetDetail = trucewatch.TargetUnknown, ""
			}
			c.Perpetrator = perpetrator(sp, explicit, p.place)
			c.Consequences = d.consequences(s, c)
			// A denial is a counter-claim on another incident, unless it
			// names who really struck ("... und erklärte, russische
			// Artillerie habe die Station beschossen").
			if denial {
				own, _ := sp.claimant.Party()
				c.Denial = explicit == "" || explicit == own
			}
			cc := c
			out = append(out, trucewatch.Claim{
				Kind: trucewatch.ClaimIncident, Sentence: trucewatch.Span{Start: s.start, End: s.end},
				Speaker: sp.name, Incident: &cc,
			})
			last = &cc
		}
	}
	return mergeIncidents(out)
}

// mergeIncidents folds together what a report says twice about one
// incident: the same claimant and perpetrator, the same day, and the same
// place or a place within it (the oblast of a town), with the same target
// or one left unknown. Claim and counter-claim differ in claimant and stay
// apart. The claim kept is the most precise; its unknowns are filled in.
func mergeIncidents(in []trucewatch.Claim) []trucewatch.Claim {
	var out []trucewatch.Claim
	for _, c := range in {
		merged := false
		for k := range out {
			a, b := out[k].Incident, c.Incident
			// A claim the outlet makes itself (no speaker named) may be the
			// same as a named speaker's: "Drohnen trafen zwei Krankenhäuser.
			// Betroffen seien ..., teilten die Behörden mit."
			implicit := out[k].Speaker == "" || c.Speaker == ""
			if a.Claimant != b.Claimant && !implicit || a.Perpetrator != b.Perpetrator || a.Date != b.Date || a.Denial != b.Denial {
				continue
			}
			if a.Place.Precision == trucewatch.PlaceCountry || b.Place.Precision == trucewatch.PlaceCountry {
				if a.Place.ID != b.Place.ID {
					continue // "56 drones over Ukraine" stays apart from the towns hit
				}
			}
			if a.Target != b.Target && !vague(a.Target) && !vague(b.Target) {
				continue
			}
			samePlace := a.Place.ID == b.Place.ID || near(a.Place, b.Place)
			if !samePlace && !within(a.Place, b.Place) && !within(b.Place, a.Place) {
				continue
			}
			if within(b.Place, a.Place) || samePlace && vague(a.Target) && !vague(b.Target) {
				// keep the more precise or better described one
				out[k], c = c, out[k]
				a, b = out[k].Incident, c.Incident
			}
			if out[k].Speaker == "" && c.Speaker != "" { // the named speaker's claim it is
				a.Claimant, out[k].Speaker = b.Claimant, c.Speaker
			}
			fillIn(a, b)
			merged = true
			break
		}
		if !merged {
			out = append(out, c)
		}
	}
	return out
}

// near reports two settlements within 20 km: a facility and the town it
// stands by (the Kropotkinskaya pumping station and Kavkazskaya).
func near(a, b trucewatch.Place) bool {
	if a.Precision != trucewatch.PlaceSettlement || b.Precision != trucewatch.PlaceSettlement || !a.HasPoint() || !b.HasPoint() {
		return false
	}
	return a.DistanceKm(b) <= 20
}

// vague targets say little: unknown, or "other" (a church, a shop next to
// the homes hit).
func vague(t trucewatch.Target) bool {
	return t == trucewatch.TargetUnknown || t == trucewatch.TargetOther
}

// fillIn copies into a what b knows and a does not.
func fillIn(a, b *trucewatch.IncidentClaim) {
	if vague(a.Target) && !vague(b.Target) {
		a.Target, a.TargetDetail = b.Target, b.TargetDetail
	}
	if a.Weapon == trucewatch.WeaponUnknown {
		a.Weapon = b.Weapon
	}
	if a.Quantity == nil {
		a.Quantity = b.Quantity
	}
	if a.Killed == nil {
		a.Killed = b.Killed
	}
	if a.Injured == nil {
		a.Injured = b.Injured
	}
	for _, c := range b.Consequences {
		if !slices.Contains(a.Consequences, c) {
			a.Consequences = append(a.Consequences, c)
		}
	}
}

// countedWeapons returns the weapons in a sentence that have a count
// before them.
func (d *doc) countedWeapons(s sentence) []hit {
	var out []hit
	for _, h := range d.in("weapon", s.from, s.to) {
		if _, ok := d.numberBefore(h.from, s.from); ok {
			out = append(out, h)
		}
	}
	return out
}

// notAnIncident reports sentences that mention attacks without claiming
// one: habits, hypotheticals, negations, intentions and truce talk.
func (d *doc) notAnIncident(s sentence, attack []hit) bool {
	if d.has("generic", s) || d.has("hypothetical", s) || d.has("truce", s) || d.has("halt", s) {
		return true
	}
	for _, a := range attack {
		if len(d.in("negation", max(s.from, a.from-3), a.from)) > 0 || len(d.in("future", max(s.from, a.from-6), a.from)) > 0 {
			return true
		}
	}
	return false
}

// placeRef is a place an incident is at, and the word that names it.
type placeRef struct {
	place   trucewatch.Place
	mention string
	word    int
}

// places returns the places a sentence reports strikes on: each mention
// used as a location, leaving out countries that are not the object of a
// preposition of place, names that are part of a speaker or outlet name,
// and places that a more precise mention in the same sentence lies in.
func (d *doc) places(s sentence, sp speaker) []placeRef {
	var refs []placeRef
	seen := map[int]bool{}
	for i := s.from; i < s.to; i++ {
		mi := d.mentionAt[i]
		if mi < 0 || seen[mi] {
			continue
		}
		seen[mi] = true
		m := d.mentions[mi]
		if !d.placeIsLocation(i) || d.partOfName(i, mi) || d.isDistrict(i, mi) || d.isRiver(i, mi) || d.relativeTo(i) {
			continue
		}
		if i >= sp.from && i < sp.to && (d.x.gaz.IsCapital(m.Place.ID) || d.officialFollows(i, mi)) {
			continue // "в Києві заявили", "повідомили в Сумській ОВА": who speaks, not where
		}
		refs = append(refs, placeRef{place: m.Place, mention: m.Text, word: i})
	}
	// Keep the most precise: drop a country, region or unit when a place in
	// it is named too ("im Nordosten der Ukraine, in Sumy").
	var out []placeRef
	for _, r := range refs {
		covered := slices.ContainsFunc(refs, func(o placeRef) bool { return o.place.ID != r.place.ID && within(o.place, r.place) })
		if !covered && !slices.ContainsFunc(out, func(o placeRef) bool { return o.place.ID == r.place.ID }) {
			out = append(out, r)
		}
	}
	return out
}

// within reports whether place a lies in the less precise place b.
func within(a, b trucewatch.Place) bool {
	if a.Precision.Rank() >= b.Precision.Rank() || a.Country != b.Country {
		return false
	}
	switch b.Precision {
	case trucewatch.PlaceAdmin1:
		return a.Admin1 == b.Admin1
	case trucewatch.PlaceRegion:
		return true // regions are not mapped to units: same country will do
	}
	return true
}

// after returns the first word after mention mi, which starts at word i.
func (d *doc) after(i, mi int) int {
	end := d.mentions[mi].Span.End
	for i < len(d.ws) && int(d.ws[i].Start) < end {
		i++
	}
	return i
}

// hasHit reports a hit of exactly this lexicon section on word k.
func (d *doc) hasHit(k int, section string) bool {
	for _, hi := range d.byWord[k] {
		if d.hits[hi].section == section {
			return true
		}
	}
	return false
}

// partOfName reports a place name used inside an organisation's or outlet's
// name: "die Zeitung Kyiv Independent", "Kharkiv Regional Military
// Administration" — a capitalised word that is not a place follows it.
func (d *doc) partOfName(i, mi int) bool {
	j := d.after(i, mi)
	if i > 0 && d.hasHit(i-1, "media") {
		return true // "die Zeitung Kyiv Independent"
	}
	if j < len(d.ws) && d.ws[j].Sep == lang.SepSpace && d.ws[j].Upper && d.mentionAt[j] < 0 && isLatin(d.ws[j].Norm) {
		if d.language == "en" || d.language == "de" {
			for _, hi := range d.byWord[j] {
				if strings.HasPrefix(d.hits[hi].section, "target") || d.hits[hi].section == "attack" {
					return false // "Sumy Hospital"
				}
			}
			// German capitalises every noun; only a following English word marks a name there.
			return d.language == "en" || !looksGerman(d.ws[j].Norm)
		}
	}
	return false
}

// officialFollows reports a place name that is part of an institution's
// name: "Сумській ОВА", "Kharkiv regional administration".
func (d *doc) officialFollows(i, mi int) bool {
	j := d.after(i, mi)
	for k := j; k < len(d.ws) && k <= j+1; k++ {
		if d.hasHit(k, "official") {
			return true
		}
	}
	return false
}

// isDistrict reports a name followed by a word for a city district
// ("Дніпровський район", "Bezirk"): a part of a city, not a settlement.
func (d *doc) isDistrict(i, mi int) bool {
	m := d.mentions[mi]
	if m.Place.Precision != trucewatch.PlaceSettlement {
		return false
	}
	j := d.after(i, mi)
	if j >= len(d.ws) {
		return false
	}
	switch w := d.ws[j].Norm; {
	case strings.HasPrefix(w, "район"), strings.HasPrefix(w, "мікрорайон"), strings.HasPrefix(w, "микрорайон"),
		w == "district", w == "bezirk", w == "stadtteil", w == "stadtbezirk":
		return true
	}
	return false
}

// isRiver reports a town name used for its river: "the left bank of the
// Dnipro", "Dnipro River".
func (d *doc) isRiver(i, mi int) bool {
	m := d.mentions[mi]
	if m.Place.Precision != trucewatch.PlaceSettlement || i == 0 {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch d.ws[j].Norm {
		case "bank", "banks", "ufer", "fluss", "river", "берег", "берегі", "берегу", "річки", "реки", "річці", "реке":
			return true // "the left bank of the Dnipro"
		}
	}
	if i+1 < len(d.ws) {
		switch d.ws[i+1].Norm {
		case "river", "fluss":
			return true
		}
	}
	return false
}

// relativeTo reports a place named only to locate another: "south of
// Odesa", "südlich von Charkiw", "южнее Одессы", "30 km from Kherson".
func (d *doc) relativeTo(i int) bool {
	if i == 0 {
		return false
	}
	prev := d.ws[i-1].Norm
	switch prev {
	case "южнее", "севернее", "восточнее", "западнее", "південніше", "північніше", "східніше", "західніше":
		return true
	case "of", "von", "from", "от", "від":
		if i >= 2 {
			switch d.ws[i-2].Norm {
			case "south", "north", "east", "west", "southeast", "southwest", "northeast", "northwest", "km", "kilometres", "kilometers", "miles",
				"sudlich", "nordlich", "ostlich", "westlich", "kilometer", "км", "кілометрів", "километрах", "кілометрах":
				return true
			}
		}
	}
	return false
}

func isLatin(s string) bool { return s != "" && s[0] < 0x80 }

// looksGerman tells a German noun from an English word after a place name.
func looksGerman(w string) bool {
	for _, suf := range []string{"ung", "heit", "keit", "schaft", "en", "er", "e"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// target picks the target of the incident at the place named at word:
// one named inside the place's own name first ("Gasmessstation Sudscha"),
// then the nearest; a longer entry beats a shorter one it contains
// ("gas metering station" over "station").
func (d *doc) target(s sentence, targets []hit, word int) (trucewatch.Target, string) {
	if len(targets) == 0 {
		return trucewatch.TargetUnknown, ""
	}
	mEnd := word + 1
	if mi := d.mentionAt[word]; mi >= 0 {
		for mEnd < len(d.ws) && d.mentionAt[mEnd] == mi {
			mEnd++
		}
	}
	// Distance in words, with generic categories held back: "НПЗ" beats
	// "завод", a hospital beats the church near it.
	dist := func(t hit) int {
		if t.from >= word && t.from < mEnd {
			return -1
		}
		d := abs(t.from - word)
		switch t.section {
		case "target industrial":
			d += 5
		case "target other":
			d += 6
		}
		return d
	}
	best := targets[0]
	for _, t := range targets[1:] {
		switch {
		case t.from <= best.from && t.to >= best.to && t.to-t.from > best.to-best.from:
			best = t // contains the best so far
		case best.from <= t.from && best.to >= t.to:
			// contained in the best so far
		case dist(t) < dist(best):
			best = t
		}
	}
	cat := strings.TrimPrefix(best.section, "target ")
	t, err := trucewatch.ParseTarget(cat)
	if err != nil {
		return trucewatch.TargetUnknown, ""
	}
	return t, best.detail
}

// perpetrator finds who is said to have struck: the accused of an
// accusation; the party named near the attack (explicit, from
// explicitPerpetrator: "russische Angriffe", "ворожі дрони"); else the
// other side of an official claimant; else the other side of the country
// the place is in.
func perpetrator(sp speaker, explicit trucewatch.Party, place trucewatch.Place) trucewatch.Party {
	if sp.accused != "" {
		return sp.accused
	}
	if explicit != "" {
		return explicit
	}
	if p, ok := sp.claimant.Party(); ok && (p == trucewatch.PartyUA || p == trucewatch.PartyRU) {
		return other(p)
	}
	if place.Country == trucewatch.PartyUA || place.Country == trucewatch.PartyRU {
		return other(place.Country)
	}
	return trucewatch.PartyUnknown
}

// explicitPerpetrator returns the party a sentence names next to its attack
// words ("russische Drohnen", "ворог атакував", "ВСУ атаковали"), outside
// the speaker's own words, or "".
func (d *doc) explicitPerpetrator(s sentence, sp speaker, attack []hit) trucewatch.Party {
	best, bestDist := trucewatch.Party(""), 1<<30
	for i := s.from; i < s.to; i++ {
		if i >= sp.from && i < sp.to || d.mentionAt[i] >= 0 {
			continue
		}
		for _, hi := range d.byWord[i] {
			p, ok := strings.CutPrefix(d.hits[hi].section, "party ")
			if !ok || p == "US" {
				continue
			}
			for _, a := range attack {
				if dist := abs(a.from - i); dist < bestDist && dist <= 8 {
					best, bestDist = trucewatch.Party(p), dist
				}
			}
		}
	}
	return best
}

func other(p trucewatch.Party) trucewatch.Party {
	if p == trucewatch.PartyUA {
		return trucewatch.PartyRU
	}
	return trucewatch.PartyUA
}

// weapon sets the weapon and how many were used.
func (d *doc) weapon(s sentence, inc *trucewatch.IncidentClaim) {
	total, most := 0, 0
	counted := map[int]bool{} // each count once: "40 Shahed-Drohnen" is one weapon, twice named
	for _, h := range d.in("weapon", s.from, s.to) {
		w, err := trucewatch.ParseWeapon(strings.TrimPrefix(h.section, "weapon "))
		if err != nil {
			continue
		}
		n, at, ok := d.numberBeforeAt(h.from, s.from)
		ok = ok && !counted[at]
		if inc.Weapon == trucewatch.WeaponUnknown || ok && n > most {
			inc.Weapon = w
		}
		if ok {
			counted[at] = true
			total += n
			most = max(most, n)
		}
	}
	if total > 0 {
		inc.Quantity = &total
	}
}

// casualties sets the numbers killed and injured.
func (d *doc) casualties(s sentence, inc *trucewatch.IncidentClaim) {
	for _, kind := range []string{"killed", "injured"} {
		for _, h := range d.in(kind, s.from, s.to) {
			if n, ok := d.numberNear(h.from, s.from, s.to); ok {
				v := n
				if kind == "killed" {
					inc.Killed = &v
				} else {
					inc.Injured = &v
				}
				break
			}
		}
	}
}

func (d *doc) consequences(s sentence, inc trucewatch.IncidentClaim) []trucewatch.Consequence {
	var out []trucewatch.Consequence
	for _, c := range []trucewatch.Consequence{trucewatch.ConsequencePowerOutage, trucewatch.ConsequenceWaterOutage,
		trucewatch.ConsequenceHeatingOutage, trucewatch.ConsequenceFire} {
		if d.has(string(c), s) {
			out = append(out, c)
		}
	}
	if inc.Killed != nil && *inc.Killed > 0 || inc.Injured != nil && *inc.Injured > 0 {
		out = append(out, trucewatch.ConsequenceCasualties)
	}
	if d.has("damage", s) {
		out = append(out, trucewatch.ConsequenceDamage)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
