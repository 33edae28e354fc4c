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
	from, to int // the words of the speech phrase, excluded when looking for the perpetrator
}

// speakerOf finds who asserts what a sentence says: the party or outlet
// next to a verb of reported speech ("sagte Selenskyj", "according to the
// General Staff", "по данным Минобороны"), else the speaker of the
// sentence before when the sentence continues reported speech (German
// subjunctive), else the outlet itself (media).
func (d *doc) speakerOf(s sentence, prev *speaker) speaker {
	speech := d.in("speech", s.from, s.to)
	if len(speech) == 0 {
		if prev != nil && d.continuesSpeech(s) {
			return *prev
		}
		return speaker{claimant: trucewatch.ClaimantMedia, from: -1, to: -1}
	}
	v := speech[0]
	from, to := max(s.from, v.from-6), min(s.to, v.to+7)
	sp := speaker{from: from, to: to}
	best, bestDist := trucewatch.Claimant(""), 1<<30
	for i := from; i < to; i++ {
		if d.mentionAt[i] >= 0 && d.placeIsLocation(i) {
			continue
		}
		for _, hi := range d.byWord[i] {
			h := d.hits[hi]
			var c trucewatch.Claimant
			switch {
			case h.section == "media":
				c = trucewatch.ClaimantMedia
			case strings.HasPrefix(h.section, "party "):
				c = trucewatch.Claimant(strings.TrimPrefix(h.section, "party "))
			default:
				continue
			}
			dist := abs(i - v.from)
			if dist < bestDist {
				best, bestDist = c, dist
				sp.name = d.text[d.ws[i].Start:d.ws[h.to-1].End]
			}
		}
	}
	if best == "" {
		best = trucewatch.ClaimantOther
	}
	sp.claimant = best
	// "Russland warf der Ukraine vor": the accused is the other party named
	// after the verb.
	if acc := d.in("accuse", s.from, s.to); len(acc) > 0 {
		for i := acc[0].from; i < min(s.to, acc[0].to+6); i++ {
			for _, hi := range d.byWord[i] {
				if p, ok := strings.CutPrefix(d.hits[hi].section, "party "); ok && trucewatch.Claimant(p) != sp.claimant {
					sp.accused = trucewatch.Party(p)
				}
			}
		}
	}
	return sp
}

// continuesSpeech reports a sentence in the German subjunctive of reported
// speech ("sei", "habe", "seien getroffen worden"), which goes on quoting the
// speaker of the sentence before.
func (d *doc) continuesSpeech(s sentence) bool {
	if d.language != "de" {
		return false
	}
	for i := s.from; i < s.to; i++ {
		switch d.ws[i].Norm {
		case "sei", "seien", "habe", "worden":
			if d.ws[i].Norm != "worden" || i+1 < s.to && (d.ws[i+1].Norm == "sei" || d.ws[i+1].Norm == "seien") {
				return true
			}
		}
	}
	return false
}

// placeIsLocation reports whether the mention at word i is used as a place
// (not as the name of a party speaking: "Russland warf vor", "Kyiv said").
func (d *doc) placeIsLocation(i int) bool {
	m := d.mentions[d.mentionAt[i]]
	if m.Place.Precision != trucewatch.PlaceCountry {
		return true
	}
	return d.locativeBefore(i)
}

// locativeBefore reports a preposition of place before word i ("in der
// Ukraine", "across Ukraine", "по Україні").
func (d *doc) locativeBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		for _, hi := range d.byWord[j] {
			if d.hits[hi].section == "locative" {
				return true
			}
		}
		if d.ws[j+1].Sep >= lang.SepComma {
			return false
		}
	}
	return false
}

// incidents finds the claimed strikes, one per place.
func (d *doc) incidents() []trucewatch.Claim {
	var out []trucewatch.Claim
	dates := d.sentenceDates()
	var prevSpeaker *speaker
	var last *trucewatch.IncidentClaim // the last incident, for "the station was shelled"
	lastPar := -1
	for si, s := range d.sents {
		sp := d.speakerOf(s, prevSpeaker)
		prevSpeaker = &sp
		if s.paragraph != lastPar {
			last, lastPar = nil, s.paragraph
		}
		attack := d.in("attack", s.from, s.to)
		targets := d.in("target", s.from, s.to)
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
			case last != nil && len(targets) > 0:
				places = append(places, placeRef{place: last.Place, mention: last.PlaceMention, word: s.from})
			default:
				continue
			}
		}
		for _, p := range places {
			c := inc
			c.Place, c.PlaceMention = p.place, p.mention
			c.Target, c.TargetDetail = d.target(s, targets, p.word)
			c.Perpetrator = d.perpetrator(s, sp, p.place, attack)
			c.Consequences = d.consequences(s, c)
			c.Denial = denial && c.Perpetrator == sp.accused
			cc := c
			out = append(out, trucewatch.Claim{
				Kind: trucewatch.ClaimIncident, Sentence: trucewatch.Span{Start: s.start, End: s.end},
				Speaker: sp.name, Incident: &cc,
			})
			last = &cc
		}
	}
	return out
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
		for _, n := range d.in("negation", max(s.from, a.from-3), a.from) {
			_ = n
			return true
		}
		for _, f := range d.in("future", max(s.from, a.from-6), a.from) {
			_ = f
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
		if !d.placeIsLocation(i) || d.partOfName(i, mi) {
			continue
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
	rank := map[trucewatch.PlacePrecision]int{trucewatch.PlaceSettlement: 0, trucewatch.PlaceAdmin1: 1, trucewatch.PlaceRegion: 2, trucewatch.PlaceCountry: 3}
	if rank[a.Precision] >= rank[b.Precision] || a.Country != b.Country {
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

// partOfName reports a place name used inside an organisation's or outlet's
// name: "die Zeitung Kyiv Independent", "Kharkiv Regional Military
// Administration" — a capitalised word that is not a place follows it.
func (d *doc) partOfName(i, mi int) bool {
	m := d.mentions[mi]
	j := i
	for j < len(d.ws) && int(d.ws[j].Start) < m.Span.End {
		j++
	}
	if i > 0 {
		for _, hi := range d.byWord[i-1] {
			if d.hits[hi].section == "media" {
				return true // "die Zeitung Kyiv Independent"
			}
		}
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

// target picks the target nearest to the place's word.
func (d *doc) target(s sentence, targets []hit, word int) (trucewatch.Target, string) {
	if len(targets) == 0 {
		return trucewatch.TargetUnknown, ""
	}
	best := targets[0]
	for _, t := range targets[1:] {
		if abs(t.from-word) < abs(best.from-word) {
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
// accusation; a party word near the attack ("russische Angriffe",
// "ворожі дрони"); else the other side of an official claimant; else the
// other side of the country the place is in.
func (d *doc) perpetrator(s sentence, sp speaker, place trucewatch.Place, attack []hit) trucewatch.Party {
	if sp.accused != "" {
		return sp.accused
	}
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
	if best != "" {
		return best
	}
	if p, ok := sp.claimant.Party(); ok && (p == trucewatch.PartyUA || p == trucewatch.PartyRU) {
		return other(p)
	}
	if place.Country == trucewatch.PartyUA || place.Country == trucewatch.PartyRU {
		return other(place.Country)
	}
	return trucewatch.PartyUnknown
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
