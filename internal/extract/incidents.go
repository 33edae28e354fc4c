package extract

import (
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// frame is an incident claim being assembled, with what merging needs to
// know of where it was told.
type frame struct {
	claim    trucewatch.Claim
	clock    string // the time of day its sentence names
	district string // the district it names, if it names one (its unitKey)
	village  string // the village it names, if the gazetteer lacks it (its unitKey)
	ownDate  bool   // its sentence names its date
	named    bool   // its sentence names its speaker
}

// incidents finds the claimed strikes: one claim per place and kind of
// target that a sentence reports struck. A sentence that names no place
// continues the places of the sentence before ("An artillery shell hit a
// residential building" after "Russian forces attacked Shyroka Balka"); a
// sentence that names no target takes those of a sentence just before that
// named them with no place ("drones attacked power plants across the
// south. Damage was reported in Bryansk and Kursk ..."); an outage with no target named means the grid was hit. Counts of
// drones or missiles for a whole country ("74 drones overnight") are one
// country-level record. Frames are then merged (merge.go).
func (d *doc) incidents(speakers []speaker, dates []sentDate) []trucewatch.Claim {
	var frames []frame
	var focus []placeRef       // the places the last sentence that named any put things at
	var pending []targetRef    // targets told with an attack but no place
	pendingAt := -10           // the sentence that told them
	var facilities []targetRef // the last facility named, for "the facility" in the next few sentences
	facilityAt := -10
	var lastWeapons []weaponRef
	lastWeaponPar := -1
	for si, s := range d.sents {
		sp := speakers[si]
		places := d.places(s, sp)
		if si-facilityAt > 3 {
			facilities = nil
		}
		targets := outside(d.targetsIn(s, facilities), sp)
		if named := slices.DeleteFunc(slices.Clone(targets), func(t targetRef) bool { return !strategic(t.target) }); len(named) > 0 {
			facilities, facilityAt = named, si // "нафтопереробний завод": the refinery, not the works
		}
		weapons := d.weaponsIn(s.from, s.to)
		if len(weapons) > 0 {
			lastWeapons, lastWeaponPar = weapons, s.paragraph
		}
		located := subnational(places)
		denial, accuser := d.denial(s, sp, weapons)
		switch {
		case s.news() && (d.continues(si, targets, places) || d.elliptical(si, targets, places)):
			// "Two fires started in Nikopol. One of them at a school.":
			// a fragment that names what was hit
		case s.news() && accuser != "" && len(located) > 0:
			// "our forces did not strike ... in Kursk oblast": the
			// accusation it answers
		case !s.news() || !d.isEvent(s):
			if len(located) > 0 {
				focus = asFocus(located)
			}
			continue
		}
		if d.notAnIncident(s, located) && accuser == "" {
			if len(located) > 0 && !d.has("hypothetical", s) {
				focus = asFocus(located)
			}
			continue
		}
		date := dates[si]
		if p, ok := d.wave(s, sp, places, located, weapons); ok {
			w, q := waveWeapon(weapons)
			frames = append(frames, d.frame(s, sp, date, placeRef{place: p, word: s.from, end: s.from}, targetRef{target: trucewatch.TargetUnknown}, w, q, nil, nil, denial, accuser))
			continue
		}
		if len(targets) > 0 && len(places) == 0 && (len(focus) == 0 || !d.concrete(s)) {
			pending, pendingAt = targets, si
		}
		switch {
		case len(places) == 0 && (d.concrete(s) || d.has("weapon", s) && !d.has("intercept", s)) && !d.unknownPlace(s):
			located = d.referred(s, focus)
			if len(targets) > 0 && len(located) > 1 {
				// "Drones struck Nikopol, Marhanets and the Synelnykove
				// district; a substation and a factory were damaged.":
				// which of them was hit is not said; their oblast was.
				located = d.commonUnit(located)
			}
		case len(located) > 0:
			focus = asFocus(located)
		}
		var real []placeRef
		for _, p := range located {
			if !p.focusOnly {
				real = append(real, p)
			}
		}
		if len(real) == 0 {
			continue
		}
		outage := d.has("power_outage", s) || d.has("heating_outage", s)
		if len(targets) == 0 && len(real) > 1 && outage && !d.has("killed", s) && !d.has("injured", s) && !d.outageBetween(real) {
			// "3,700 customers in the Vorozhba and Bilopillia communities
			// were left without power": an outage across several places,
			// no site struck named; one record for their common unit. Not
			// where people were killed or hurt: "shelling of Nikopol and
			// Marhanets killed two and left 5,000 without power" tells
			// strikes on each town.
			if u := d.commonUnit(real); len(u) > 0 {
				real = u
			}
		}
		if len(targets) == 0 && si-pendingAt <= 2 && !d.has("power_outage", s) {
			for _, t := range pending {
				t.word = -1 // told before: it goes to every place this sentence names
				targets = append(targets, t)
			}
		}
		if len(weapons) == 0 && s.paragraph == lastWeaponPar {
			weapons = uncounted(lastWeapons) // "... with drones. They hit a substation."
		}
		groups := listGroups(d, real)
		byGroup := assign(d, groups, targets, func(t targetRef) int { return t.word })
		weaponsBy := assign(d, groups, weapons, func(w weaponRef) int { return w.word })
		for gi, g := range groups {
			ts := salient(byGroup[gi])
			if len(ts) == 0 {
				t := targetRef{target: trucewatch.TargetUnknown}
				if outage {
					t = targetRef{target: trucewatch.TargetEnergy, detail: "power supply"}
				}
				ts = []targetRef{t}
			}
			ws := weaponsBy[gi]
			if len(ws) == 0 && len(groups) == 1 {
				ws = weapons
			}
			w, q := weaponOf(ws)
			from, to := d.groupSpan(s, groups, gi)
			killed, injured := d.casualties(from, to)
			gdate := date
			if date.own && date.before != nil && to <= date.at {
				// "у Сумській громаді — четверо поранених, а у Білопільській —
				// жінка, поранена 8 жовтня": the date is the later place's
				gdate = *date.before
			}
			for _, p := range g {
				for _, t := range ts {
					frames = append(frames, d.frame(s, sp, gdate, p, t, w, q, killed, injured, denial, accuser))
				}
			}
		}
	}
	return mergeFrames(frames)
}

// frame builds one incident claim.
func (d *doc) frame(s sentence, sp speaker, date sentDate, p placeRef, t targetRef, w trucewatch.Weapon, q, killed, injured *int, denial bool, accuser trucewatch.Party) frame {
	inc := trucewatch.IncidentClaim{
		Date: date.date, DatePrecision: date.precision,
		Place: p.place, PlaceMention: p.mention, Target: t.target, TargetDetail: t.detail,
		Claimant: sp.claimant, Weapon: w, Quantity: q, Killed: killed, Injured: injured,
	}
	if inc.Date.IsZero() {
		inc.DatePrecision = ""
	}
	if p.place.Precision == trucewatch.PlaceCountry {
		inc.Target, inc.TargetDetail = trucewatch.TargetUnknown, ""
	}
	explicit := d.explicitPerpetrator(s, sp)
	inc.Perpetrator = perpetrator(sp, explicit, p.place)
	if own, ok := sp.claimant.Party(); ok && sp.admits && explicit == "" && p.place.Country == other(own) {
		inc.Perpetrator = own // "the Russian military confirmed the strike on Kryvyi Rih"
	}
	inc.Consequences = d.consequences(s, killed, injured)
	if s.kind == background || d.isBackground(date) {
		inc.Background = true
		if !sp.explicit {
			inc.Claimant = trucewatch.ClaimantMedia
		}
	}
	if own, ok := sp.claimant.Party(); ok && (own == trucewatch.PartyUA || own == trucewatch.PartyRU) && sp.carried && !sp.national &&
		p.place.Country == other(own) && !p.place.Occupied {
		// A mayor or governor named for earlier news does not report a
		// strike on the other side's land: the outlet does.
		inc.Claimant = trucewatch.ClaimantMedia
	}
	name := sp.name
	switch {
	case accuser != "":
		// "We did not strike ..." by one side is the other side's claim
		// that it did; the denial is kept as its counter-claim.
		inc.Claimant, inc.Perpetrator = trucewatch.ClaimantParty(accuser), other(accuser)
		name = ""
	case denial:
		own, _ := sp.claimant.Party()
		inc.Denial = explicit == "" || explicit == own
	}
	return frame{
		claim: trucewatch.Claim{Kind: trucewatch.ClaimIncident, Sentence: trucewatch.Span{Start: s.start, End: s.end},
			Speaker: name, Incident: &inc},
		clock: date.clock, district: p.district, village: p.village, named: sp.explicit, ownDate: date.own && !date.said,
	}
}

// referred returns the places a sentence that names none speaks of: the
// places before it, or, when it says "in the region", their first-level
// unit ("ДТЕК reported emergency outages in the oblast" after strikes on
// towns of one oblast).
func (d *doc) referred(s sentence, focus []placeRef) []placeRef {
	refs := d.in("regionref", s.from, s.to)
	if len(focus) == 0 || len(refs) == 0 || d.ws[refs[0].from].Upper || refs[0].from > 0 && d.ws[refs[0].from-1].Upper {
		return focus // "в Балаклавском районе" names a district, if one the gazetteer lacks
	}
	f := focus[0].place
	if f.Precision != trucewatch.PlaceSettlement || f.Admin1 == "" {
		return focus
	}
	unit, ok := d.x.gaz.Place("adm1:" + f.Admin1)
	if !ok {
		return focus
	}
	return []placeRef{{place: unit, mention: unit.Name, word: s.from, end: s.from}}
}

// outside drops the targets named in the speaker's own words ("teilte das
// Unternehmen mit": the company speaks, it was not struck).
func outside(ts []targetRef, sp speaker) []targetRef {
	out := ts[:0]
	for _, t := range ts {
		if t.word < sp.from || t.word >= sp.to {
			out = append(out, t)
		}
	}
	return out
}

// continues reports a fragment that only adds what was hit to the event
// told just before: a short sentence, or one that starts "in particular",
// with targets and no place of its own and no event word.
func (d *doc) continues(si int, targets []targetRef, places []placeRef) bool {
	s := d.sents[si]
	if si == 0 || len(targets) == 0 || len(places) > 0 || d.isEvent(s) {
		return false
	}
	prev := d.sents[si-1]
	return prev.paragraph == s.paragraph && d.isEvent(prev) && (s.to-s.from <= 10 || d.cueAtStart(s, "particular"))
}

// elliptical reports a sentence that names places and what was hit there
// with no verb of its own, continuing the event told just before: "У
// Нікополі горіли гараж і склад. У Нікопольському районі — школа, у
// Марганці — дві оселі."
func (d *doc) elliptical(si int, targets []targetRef, places []placeRef) bool {
	s := d.sents[si]
	if si == 0 || len(targets) == 0 || len(places) == 0 || d.isEvent(s) || s.to-s.from > 20 {
		return false
	}
	prev := d.sents[si-1]
	return prev.paragraph == s.paragraph && d.isEvent(prev)
}

// outageBetween reports an outage phrase that starts between the first
// place and the last: the places are no one list the outage spans ("Nach
// dem Angriff auf Charkiw ist der Strom in Isjum wiederhergestellt" tells
// a strike on one town and power back in another).
func (d *doc) outageBetween(ps []placeRef) bool {
	from, to := ps[0].word, ps[0].end
	for _, p := range ps {
		from, to = min(from, p.word), max(to, p.end)
	}
	return len(d.in("power_outage", from, to)) > 0 || len(d.in("heating_outage", from, to)) > 0
}

// commonUnit returns the first-level unit that all places lie in, as the
// one place to put what a sentence says of them together; none when they
// lie in different units.
func (d *doc) commonUnit(ps []placeRef) []placeRef {
	unit := ps[0].place.Admin1
	for _, p := range ps {
		if p.place.Admin1 != unit || unit == "" {
			return nil
		}
	}
	u, ok := d.x.gaz.Place("adm1:" + unit)
	if !ok {
		return nil
	}
	return []placeRef{{place: u, mention: u.Name, word: ps[0].word, end: ps[0].word}}
}

// asFocus returns places for the sentences after to continue: a place
// where something was shot down is where the next sentence's target is. A
// list of several districts of one oblast ("the Sumy, Shostka and Konotop
// districts") is continued as the oblast.
func asFocus(ps []placeRef) []placeRef {
	districts := 0
	for _, p := range ps {
		if p.district != "" && p.place.ID == ps[0].place.ID {
			districts++
		}
	}
	if districts >= 3 && districts == len(ps) {
		p := ps[0]
		p.district, p.mention, p.focusOnly = "", p.place.Name, false
		return []placeRef{p}
	}
	out := make([]placeRef, len(ps))
	for i, p := range ps {
		p.focusOnly = false
		out[i] = p
	}
	return out
}

// subnational returns the places that are not a whole country.
func subnational(ps []placeRef) []placeRef {
	var out []placeRef
	for _, p := range ps {
		if p.place.Precision != trucewatch.PlaceCountry {
			out = append(out, p)
		}
	}
	return out
}

// isEvent reports a sentence that tells of a strike or its effects: an
// attack, damage, casualties, an outage, a fire, or counted weapons. A
// sentence that only tells of shooting down ("six were downed by air
// defence") is not one, unless it names what was targeted or hit.
func (d *doc) isEvent(s sentence) bool {
	for _, w := range d.weaponsIn(s.from, s.to) {
		if w.count > 0 {
			return true // counted drones: a wave, or the count of a strike
		}
	}
	if d.has("intercept", s) && !d.concrete(s) {
		return false
	}
	if d.has("treatedverb", s) && !d.has("attack", s) {
		return false // "the injured were taken to the regional hospital"
	}
	for _, sec := range []string{"attack", "damage", "killed", "injured", "power_outage", "fire"} {
		if d.affirmed(sec, s) && !d.commentedOn(sec, s) {
			return true
		}
	}
	return false
}

// commentedOn reports a cue that is only the object of a comment on an
// event told before: "назвал удар военным преступлением", "condemned the
// attack", "verurteilten den Angriff".
func (d *doc) commentedOn(section string, s sentence) bool {
	for _, h := range d.in(section, s.from, s.to) {
		if len(d.in("comment", max(s.from, h.from-2), h.from)) == 0 {
			return false
		}
	}
	return true
}

// concrete reports a sentence that says what a strike did or what it
// hit: a target, damage, casualties, an outage or a fire. A sentence that
// names no place of its own must be concrete to continue the places before
// it ("TASS compiled the main facts about the attacks" continues nothing).
func (d *doc) concrete(s sentence) bool {
	for _, sec := range []string{"target", "damage", "killed", "injured", "power_outage", "heating_outage", "water_outage", "fire"} {
		if d.affirmed(sec, s) {
			return true
		}
	}
	return false
}

// cueOutsideDates reports a hit of the section that is not part of a date
// ("may" is not "May 8").
func (d *doc) cueOutsideDates(section string, s sentence) bool {
	for _, h := range d.in(section, s.from, s.to) {
		if !d.dateAt(h.from) {
			return true
		}
	}
	return false
}

// affirmed reports a hit of the section in s that no negation stands
// just before ("without causing damage", "keine Schäden").
func (d *doc) affirmed(section string, s sentence) bool {
	if !d.has(section, s) {
		return false
	}
	for _, h := range d.in(section, s.from, s.to) {
		if len(d.in("negation", max(s.from, h.from-4), h.from)) == 0 {
			return true
		}
	}
	return false
}

// unknownPlace reports a sentence that puts something at a place the
// gazetteer does not know: a preposition of place before a capitalised
// word that is not a known place, party or platform ("injured in Bilyi
// Kolodyaz", not "said on Telegram"),
// or a vague area ("in the border districts"). Such a sentence does not
// continue the places named before it.
func (d *doc) unknownPlace(s sentence) bool {
	for i := s.from + 1; i+1 < s.to; i++ {
		j := i + 1
		if !d.hasHit(i, "locative") || !d.ws[j].Upper || d.ws[j].Caps || d.mentionAt[j] >= 0 || d.ws[j].Sep != lang.SepSpace {
			continue
		}
		named := false
		for _, hi := range d.byWord[j] {
			if sec := d.hits[hi].section; strings.HasPrefix(sec, "party") || sec == "media" || sec == "official" || sec == "national" ||
				sec == "enemy" || sec == "company" || sec == "determiner" || sec == "platform" || strings.HasPrefix(sec, "weapon") {
				named = true
			}
		}
		if !named && !d.dateAt(j) && !d.hasHit(j+1, "placecue") && (d.language == "en" || d.language == "uk" || d.language == "ru") {
			return true // an unknown district ("в Балаклавском районе") is taken to lie in the places before
		}
	}
	return d.has("vagueplace", s) // "in the border areas": somewhere, but not the places before
}

// dateAt reports a date expression starting at word j ("in March").
func (d *doc) dateAt(j int) bool {
	start := int(d.ws[j].Start)
	for _, e := range d.dates {
		if e.Start <= start && start < e.End {
			return true
		}
	}
	return false
}

// notAnIncident reports sentences that mention attacks without claiming
// one: habits, hypotheticals, negations, intentions, and truce talk that
// names no strike on a place ("Russia agreed to halt strikes on energy
// facilities" states a truce; "Despite the truce, drones hit a hospital in
// Sumy" reports a strike).
func (d *doc) notAnIncident(s sentence, located []placeRef) bool {
	if d.has("generic", s) || d.cueOutsideDates("hypothetical", s) {
		return true
	}
	if d.has("truce", s) || d.has("halt", s) {
		concrete := len(located) > 0 && (d.has("damage", s) || d.has("killed", s) || d.has("injured", s) || d.has("weapon", s) || d.has("fire", s) ||
			d.despiteTruce(s) && d.has("attack", s))
		if !concrete {
			return true
		}
	}
	for _, a := range d.in("attack", s.from, s.to) {
		if len(d.in("negation", max(s.from, a.from-3), a.from)) > 0 || len(d.in("future", max(s.from, a.from-6), a.from)) > 0 {
			return true
		}
	}
	// "The military has not commented on the attack": no one claims it here.
	for _, v := range d.in("speech", s.from, s.to) {
		for _, n := range d.in("negation", max(s.from, v.from-2), v.from) {
			if !d.clauseBreak(n.from, v.from) && !d.commaBetween(n.from, v.from) {
				return true
			}
		}
	}
	return d.tally(s, located)
}

// despiteTruce reports a sentence whose every truce word is named as what
// a strike broke ("trotz der Waffenruhe", "despite the energy truce",
// "попри перемир'я", "несмотря на перемирие"): the truce is the strike's
// background, not what the sentence is about.
func (d *doc) despiteTruce(s sentence) bool {
	ts := append(d.in("truce", s.from, s.to), d.in("halt", s.from, s.to)...)
	for _, t := range ts {
		if len(d.in("despite", max(s.from, t.from-4), t.from)) == 0 {
			return false
		}
	}
	return len(ts) > 0
}

// tally reports a sentence that counts attacks over a region or a country
// ("400 cases of shelling in the areas", "60 обстрілів по 20 громадах"): a tally, not one strike. Strikes on named towns are still told.
func (d *doc) tally(s sentence, located []placeRef) bool {
	for _, g := range listGroups(d, located) {
		districts := 0
		for _, p := range g {
			if p.district != "" {
				districts++
			}
		}
		if districts >= 3 {
			return true // "the Sumy, Shostka and Konotop districts were shelled most": a summary
		}
	}
	for _, p := range located {
		if p.place.Precision == trucewatch.PlaceSettlement && !p.focusOnly {
			return false
		}
	}
	for _, h := range append(d.in("attack", s.from, s.to), d.in("tally", s.from, s.to)...) {
		if h.section == "attack" && len(d.in("weapon", h.to, min(s.to, h.to+3))) > 0 {
			continue // "145 attack drones": the drones are counted, not attacks
		}
		n, at, ok := d.numberBeforeAt(h.from, s.from)
		if ok && len(d.in("weapon", at+1, h.from)) > 0 {
			continue // "86 drones launched"
		}
		if ok && n >= 10 && (at == 0 || d.text[d.ws[at-1].End:d.ws[at].Start] != ":") {
			return true
		}
	}
	return false
}

// denial tells whether a sentence denies an incident. A side that says it
// did not strike ("Ukraine's forces did not strike Russian energy
// facilities in Kursk oblast") answers the other side's accusation: the
// accuser is returned, so that the accusation is recorded with the denial
// beside it.
func (d *doc) denial(s sentence, sp speaker, weapons []weaponRef) (denied bool, accuser trucewatch.Party) {
	own, ok := sp.claimant.Party()
	if !ok || own != trucewatch.PartyUA && own != trucewatch.PartyRU {
		return d.has("deny", s), ""
	}
	for _, a := range d.in("attack", s.from, s.to) {
		if len(d.in("negation", max(s.from, a.from-3), a.from)) == 0 {
			continue
		}
		if d.explicitPerpetrator(s, sp) == own {
			return true, other(own)
		}
	}
	return d.has("deny", s), ""
}

// wave reports a count of drones or missiles for a whole country ("Russia
// attacked Ukraine with 74 drones overnight", "93 drones were destroyed
// over Russian territory"): it returns the country. The count must be the
// country's: the sentence names the country as where, or a national body
// (the air force, a ministry) gives it, and no town or region is named as
// struck. A regional official's count ("11 drones over the region") is
// not a wave.
func (d *doc) wave(s sentence, sp speaker, places, located []placeRef, weapons []weaponRef) (trucewatch.Place, bool) {
	counted := false
	for _, w := range weapons {
		if w.count >= minWave && (w.weapon == trucewatch.WeaponDrone || w.weapon == trucewatch.WeaponMissile) {
			counted = true
		}
	}
	if !counted {
		return trucewatch.Place{}, false
	}
	for _, p := range located {
		if !p.focusOnly {
			return trucewatch.Place{}, false
		}
	}
	var country trucewatch.Party
	for _, p := range places {
		if p.place.Precision == trucewatch.PlaceCountry {
			country = p.place.Country // "across Ukraine", "über Russland"
		}
	}
	if country == "" {
		country = d.territoryOf(s)
	}
	own, isParty := sp.claimant.Party()
	if country == "" && isParty && (own == trucewatch.PartyUA || own == trucewatch.PartyRU) && (sp.national || d.countryNamed(s)) {
		country = own
	}
	if country == "" {
		if p := d.explicitPerpetrator(s, sp); p == trucewatch.PartyUA || p == trucewatch.PartyRU {
			if d.countryNamed(s) || sp.claimant == trucewatch.ClaimantMedia {
				country = other(p)
			}
		}
	}
	if country == "" {
		return trucewatch.Place{}, false
	}
	return d.x.gaz.Place("country:" + string(country))
}

// minWave is the fewest drones or missiles that make a country's count a
// wave: "seven drones shot down" is a skirmish, not an attack on a country.
const minWave = 10

// territoryOf reads "over Russian territory", "над территорией России",
// "über russischem Gebiet", "into the country": the party whose land is
// meant, or "".
func (d *doc) territoryOf(s sentence) trucewatch.Party {
	for _, h := range d.in("territory", s.from, s.to) {
		// the words after first: "над регионами РФ", "over Russian territory"
		for _, j := range append(seq(h.from, min(s.to, h.to+2)), seq(max(s.from, h.from-2), h.from)...) {
			if p, ok := d.partyAt(j); ok {
				return p
			}
			if mi := d.mentionAt[j]; mi >= 0 && d.mentions[mi].Place.Precision == trucewatch.PlaceCountry {
				return d.mentions[mi].Place.Country
			}
		}
	}
	return ""
}

// seq returns the integers [from, to).
func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// countryNamed reports a mention of Ukraine or Russia as a country in s.
func (d *doc) countryNamed(s sentence) bool {
	for i := s.from; i < s.to; i++ {
		if mi := d.mentionAt[i]; mi >= 0 && d.mentions[mi].Place.Precision == trucewatch.PlaceCountry {
			return true
		}
	}
	return false
}

// waveWeapon is the weapon and count of a wave: drones if any were
// counted, as the annotation convention counts them, else missiles.
func waveWeapon(ws []weaponRef) (trucewatch.Weapon, *int) {
	var best *weaponRef
	for i := range ws {
		w := &ws[i]
		if w.count == 0 {
			continue
		}
		if best == nil || w.weapon == trucewatch.WeaponDrone && best.weapon != trucewatch.WeaponDrone {
			best = w
		}
	}
	if best == nil {
		return trucewatch.WeaponUnknown, nil
	}
	n := best.count
	return best.weapon, &n
}

// uncounted returns weapons without their counts, for a sentence that
// continues the one that counted them.
func uncounted(ws []weaponRef) []weaponRef {
	out := make([]weaponRef, len(ws))
	for i, w := range ws {
		out[i] = weaponRef{weapon: w.weapon, word: -1}
	}
	return out
}

// listGroups groups places named as a list ("in Bryansk, Belgorod and
// Smolensk regions", "у Нікополі, Марганці та Синельниківському
// районі"): what the sentence says of one member it says of all.
func listGroups(d *doc, ps []placeRef) [][]placeRef {
	var groups [][]placeRef
	for i, p := range ps {
		if i > 0 && d.listJoins(ps[i-1].end, p.word) {
			groups[len(groups)-1] = append(groups[len(groups)-1], p)
			continue
		}
		groups = append(groups, []placeRef{p})
	}
	return groups
}

// listJoins reports whether words [from, to) only join list members: commas,
// "and", "as well as", prepositions, articles, region words.
func (d *doc) listJoins(from, to int) bool {
	if to-from > 6 {
		return false
	}
	for i := from; i < to; i++ {
		if d.ws[i].Sep >= lang.SepStop {
			return false
		}
		if !d.hasHit(i, "listjoin") && !d.hasHit(i, "locative") && !d.hasHit(i, "determiner") && !d.hasHit(i, "placecue") {
			return false
		}
	}
	return to >= len(d.ws) || d.ws[to].Sep < lang.SepStop
}

// assign gives each item (a target, a weapon) to the group of places named
// nearest to it; with one group, everything is its.
func assign[T any](d *doc, groups [][]placeRef, items []T, word func(T) int) [][]T {
	out := make([][]T, len(groups))
	for _, it := range items {
		w := word(it)
		if len(groups) == 1 || w < 0 {
			for gi := range groups {
				out[gi] = append(out[gi], it)
			}
			continue
		}
		best, bestDist := 0, 1<<30
		for gi, g := range groups {
			dist := 1 << 30
			for _, p := range g {
				dist = min(dist, abs(p.word-w), abs(p.end-1-w))
			}
			switch lo, hi := min(w, g[0].word), max(w, g[0].word); {
			case d.clauseBreak(lo, hi):
				dist += 20
			case d.commaBetween(lo, hi):
				dist += 3 // ", а також по енергетичних об'єктах ... Криму"
			}
			// "das Krankenhaus der Kleinstadt Krasnopillja", "a hospital
			// in Sumy": a tie goes to the place the item is of.
			if dist < bestDist || dist == bestDist && g[0].word > w {
				best, bestDist = gi, dist
			}
		}
		out[best] = append(out[best], it)
	}
	return out
}

// commaBetween reports a comma between words from and to.
func (d *doc) commaBetween(from, to int) bool {
	for i := from + 1; i <= to && i < len(d.ws); i++ {
		if d.ws[i].Sep == lang.SepComma {
			return true
		}
	}
	return false
}

// clauseBreak reports a ';', ':' or dash between words from and to.
func (d *doc) clauseBreak(from, to int) bool {
	for i := from + 1; i <= to && i < len(d.ws); i++ {
		if d.ws[i].Sep >= lang.SepStop {
			return true
		}
	}
	return false
}

// groupSpan returns the words of a sentence that speak of group gi: from
// the end of the group before to the start of the group after.
func (d *doc) groupSpan(s sentence, groups [][]placeRef, gi int) (int, int) {
	from, to := s.from, s.to
	if gi > 0 {
		prev := groups[gi-1]
		from = prev[len(prev)-1].end
	}
	if gi+1 < len(groups) {
		to = groups[gi+1][0].word
	}
	return from, to
}

// salient returns the targets that make incidents of their own at one
// place: each facility an agreement may protect (energy, medical,
// transport, port, military), and of the collateral damage (homes,
// schools, businesses, cars) only the most telling kind, as monitors record
// "homes, a school and cars were damaged in Dnipro" as one strike on homes.
func salient(ts []targetRef) []targetRef {
	var out []targetRef
	var collateral *targetRef
	for _, t := range ts {
		if slices.ContainsFunc(out, func(o targetRef) bool { return o.target == t.target }) {
			continue
		}
		if t.target == trucewatch.TargetIndustrial && slices.ContainsFunc(ts, func(o targetRef) bool { return strategic(o.target) }) {
			continue // "the enterprise" next to a power plant is the plant
		}
		if r, ok := collateralRank[t.target]; ok {
			if collateral == nil || r < collateralRank[collateral.target] {
				c := t
				collateral = &c
			}
			continue
		}
		out = append(out, t)
	}
	if collateral != nil {
		out = append(out, *collateral)
	}
	return out
}

// strategic reports a kind of facility that makes an incident of its own.
func strategic(t trucewatch.Target) bool {
	_, collateral := collateralRank[t]
	return !collateral && t != trucewatch.TargetUnknown
}

// collateralRank orders the kinds of collateral damage, most telling first.
var collateralRank = map[trucewatch.Target]int{
	trucewatch.TargetResidential: 0,
	trucewatch.TargetEducation:   1,
	trucewatch.TargetIndustrial:  2,
	trucewatch.TargetOther:       3,
}

// perpetrator finds who is said to have struck: the accused of an
// accusation; the party named near the attack (explicit, from
// explicitPerpetrator: "russische Angriffe", "ворожі дрони"); else Ukraine
// for a strike in Russia or in an occupied area, whoever reports it (a
// general staff confirming its own hits as much as a governor reporting
// the other side's); else the other side of an official claimant; else
// Russia for a strike in Ukraine.
func perpetrator(sp speaker, explicit trucewatch.Party, place trucewatch.Place) trucewatch.Party {
	if sp.accused != "" {
		return sp.accused
	}
	if explicit != "" {
		return explicit
	}
	if place.Country == trucewatch.PartyRU || place.Country == trucewatch.PartyUA && place.Occupied {
		return trucewatch.PartyUA
	}
	// Elsewhere in Ukraine control may be split (the occupied part of an
	// oblast, a front-line village): the claimant tells.
	if p, ok := sp.claimant.Party(); ok && (p == trucewatch.PartyUA || p == trucewatch.PartyRU) {
		return other(p)
	}
	if place.Country == trucewatch.PartyUA {
		return trucewatch.PartyRU
	}
	return trucewatch.PartyUnknown
}

// explicitPerpetrator returns the party a sentence names next to its
// attack or weapon words ("russische Drohnen", "ВСУ атаковали"), outside
// the speaker's own words, or "". "The enemy" is the other side of whoever
// speaks.
func (d *doc) explicitPerpetrator(s sentence, sp speaker) trucewatch.Party {
	var cues []int
	for _, h := range d.in("attack", s.from, s.to) {
		cues = append(cues, h.from)
	}
	for _, h := range d.in("weapon", s.from, s.to) {
		cues = append(cues, h.from)
	}
	own, _ := sp.claimant.Party()
	best, bestDist := trucewatch.Party(""), 1<<30
	for i := s.from; i < s.to; i++ {
		if i >= sp.from && i < sp.to || d.mentionAt[i] >= 0 && d.placeIsLocation(i) {
			continue // "армия РФ" acts; "in Russia" is where
		}
		country := d.mentionAt[i] >= 0
		for _, hi := range d.byWord[i] {
			sec := d.hits[hi].section
			if d.hasHit(i+1, "held") {
				continue // "the Russian-occupied town", "Ukrainian-held territory": who holds it, not who struck
			}
			p, ok := strings.CutPrefix(sec, "party ")
			if sec == "enemy" && (own == trucewatch.PartyUA || own == trucewatch.PartyRU) {
				p, ok = string(other(own)), true // "enemy drones", said by one side, are the other's
			}
			if !ok || p == "US" {
				continue
			}
			for _, c := range cues {
				if country && i > c {
					continue // "атакувала Україну": a country after the attack is its object
				}
				if dist := abs(c - i); dist < bestDist && dist <= 8 {
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
