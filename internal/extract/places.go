package extract

import (
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// placeRef is a place a sentence puts an incident at, and the words that
// name it.
type placeRef struct {
	place    trucewatch.Place
	mention  string
	word     int    // the first word of the mention
	end      int    // the word after it
	district string // a district the mention names (its place is the oblast)
	village  string // a village the gazetteer lacks (its place is the oblast)
	// focusOnly marks a place named as where something was shot down
	// ("over Crimea"): what the next sentence says was targeted is there,
	// but the shooting down is no strike on it.
	focusOnly bool
}

// places returns the places a sentence reports strikes on: each mention
// used as a location, leaving out datelines, speakers' titles, names inside
// an organisation's or outlet's name, rivers, places named only to locate
// another ("south of Odesa") or as where drones came from, countries that
// are not the object of a preposition of place, and places that a more
// precise mention in the same sentence lies in.
func (d *doc) places(s sentence, sp speaker) []placeRef {
	var refs []placeRef
	intercepted := d.has("intercept", s) && d.has("weapon", s) && !d.has("target", s) && !d.has("killed", s) && !d.has("injured", s) && !d.has("fire", s)
	origin := d.originStart(s)
	seen := map[int]bool{}
	for i := s.from; i < s.to; i++ {
		mi := d.mentionAt[i]
		if mi < 0 || seen[mi] {
			continue
		}
		seen[mi] = true
		m := d.mentions[mi]
		if m.Role == geo.RoleTitle || m.Role == geo.RoleDateline {
			continue
		}
		if !d.placeIsLocation(i) || d.partOfName(i, mi) || d.quotedName(i, mi) || d.cityDistrict(i, mi) || d.isRiver(i, mi) || d.relativeTo(i) {
			continue
		}
		if i >= sp.from && i < sp.to && (d.x.gaz.IsCapital(m.Place.ID) || d.officialFollows(i, mi)) {
			continue // "в Києві заявили", "повідомили в Сумській ОВА": who speaks, not where
		}
		if d.saidIn(i, s) {
			continue // "..., заявили в Москве", "officials in Kyiv said": where it is said, not struck
		}
		if origin >= 0 && i > origin {
			continue // "drones flew in from Kursk, Oryol and Bryansk"
		}
		if c := m.Place.Country; c != trucewatch.PartyUA && c != trucewatch.PartyRU {
			continue // the monitor watches strikes in Ukraine and Russia; a town abroad is where talks are held
		}
		if d.hyphenated(i, mi) {
			continue // "Весело-Вознесенка" is neither Vesele nor Voznesenka: a village the gazetteer lacks
		}
		r := placeRef{place: m.Place, mention: m.Text, word: i, end: d.after(i, mi), focusOnly: intercepted}
		switch m.Kind {
		case geo.KindDistrict:
			r.district = d.unitKey(i, r.end)
		case geo.KindFallback:
			r.village = d.unitKey(i, r.end)
		}
		refs = append(refs, r)
	}
	refs = append(refs, d.unitsByAdjective(s)...)
	slices.SortStableFunc(refs, func(a, b placeRef) int { return a.word - b.word })
	// Keep the most precise: drop a country, region or unit when a place in
	// it is named too ("in der Ostukraine, in Charkiw").
	var out []placeRef
	for _, r := range refs {
		// A district, or a village the gazetteer lacks, is a place of its
		// own, not the oblast it is recorded as, unless it only gives the
		// address of a town next to it.
		covered := ((r.district == "" && r.village == "") || d.address(r, refs)) &&
			slices.ContainsFunc(refs, func(o placeRef) bool { return o.place.ID != r.place.ID && within(o.place, r.place) })
		if !covered && !slices.ContainsFunc(out, func(o placeRef) bool {
			return o.place.ID == r.place.ID && o.district == r.district && o.village == r.village
		}) {
			out = append(out, r)
		}
	}
	return out
}

// unitKey is the key under which a district or a village the gazetteer
// lacks is compared: the stems of its words, so that the cases of one
// name ("Миколаївську громаду", "у Миколаївській громаді") are one.
func (d *doc) unitKey(from, to int) string {
	var b strings.Builder
	for i := from; i < to && i < len(d.ws); i++ {
		if i > from {
			b.WriteByte(' ')
		}
		b.WriteString(d.stems[i])
	}
	return b.String()
}

// unitsByAdjective finds the districts and communities a sentence names by
// an adjective alone once it has named one with its noun: "у Куп'янському
// районі ..., в Ізюмському - згорів гараж, у Чугуївському - пошта", "у Сумській громаді ..., а у Білопільській ...". Each is looked
// up among the centres in the same oblast as the one named in full.
func (d *doc) unitsByAdjective(s sentence) []placeRef {
	var unit *geo.Mention
	for i := s.from; i < s.to && unit == nil; i++ {
		if mi := d.mentionAt[i]; mi >= 0 && d.mentions[mi].Kind != geo.KindName {
			unit = &d.mentions[mi]
		}
	}
	if unit == nil {
		return nil
	}
	var out []placeRef
	for i := s.from + 1; i < s.to; i++ {
		w := d.ws[i]
		if d.mentionAt[i] >= 0 || !w.Upper || !d.hasHit(i-1, "locative") || !adjectival(w.Norm) {
			continue
		}
		for _, c := range d.x.gaz.Centres(w.Norm) {
			if c.Admin1 != unit.Place.Admin1 {
				continue
			}
			r := placeRef{place: c, mention: d.span(i, i+1), word: i, end: i + 1}
			if unit.Kind == geo.KindDistrict {
				r.place, r.district = unit.Place, d.unitKey(i, i+1)
			}
			out = append(out, r)
			break
		}
	}
	return out
}

// address reports a district named next to a town or community in it, as
// part of its address ("Куп'янський р-н, Куп'янськ", "у Межівській
// громаді Синельниківського району"), not listed beside it with "and"
// ("у Павлограді та Синельниківському районі").
func (d *doc) address(r placeRef, refs []placeRef) bool {
	for _, o := range refs {
		if o.word == r.word || !within(o.place, r.place) {
			continue
		}
		from, to := o.end, r.word
		if r.word < o.word {
			from, to = r.end, o.word
		}
		if to < from || to-from > 2 {
			continue
		}
		joined, between := false, false
		for k := from; k < to; k++ {
			joined = joined || d.hasHit(k, "and")
			between = between || d.mentionAt[k] >= 0
		}
		if between {
			continue // "the Myropillia community, Sumy, Bilopillia": another place stands between
		}
		if !joined && to == from && d.ws[to].Sep == lang.SepComma && d.listGoesOn(max(r.end, o.end)) {
			joined = true // "the Yunakivka, Vorozhba and Bilopillia communities": a list, not an address
		}
		if !joined {
			return true
		}
	}
	return false
}

// listGoesOn reports a list that goes on at word i, the word after its
// second item, with "and" or another comma ("..., Vorozhba, and
// Bilopillia", "..., Vorozhba, Bilopillia", "..., Мирівській та
// Покровській"). A comma right before word i continues the list only when
// a place follows it: "Куп'янський р-н, Куп'янськ, пошкоджено будинок" is
// an address.
func (d *doc) listGoesOn(i int) bool {
	for j := i; j < len(d.ws) && j <= i+1; j++ {
		if d.hasHit(j, "and") || (d.ws[j].Sep == lang.SepComma && (j > i || d.mentionAt[j] >= 0)) {
			return true
		}
		if d.ws[j].Sep >= lang.SepStop {
			return false
		}
	}
	return false
}

// originStart returns the word after which a sentence lists where drones
// or missiles came from ("з таких напрямків:", "launched from"), or -1.
func (d *doc) originStart(s sentence) int {
	if h := d.in("origin", s.from, s.to); len(h) > 0 {
		return h[0].from
	}
	return -1
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

// placeIsLocation reports whether the mention at word i is used as a place
// (not as the name of a party acting or speaking: "Russland warf vor",
// "Kyiv said", "Moscow launched 145 drones"): a country or a capital
// counts only after a preposition of place, or, for a capital, as the
// adjective of a facility in it ("Московського нафтопереробного заводу").
func (d *doc) placeIsLocation(i int) bool {
	m := d.mentions[d.mentionAt[i]]
	if m.Place.Precision != trucewatch.PlaceCountry && !d.x.gaz.IsCapital(m.Place.ID) {
		return true
	}
	return d.locativeBefore(i) || m.Place.Precision != trucewatch.PlaceCountry && adjectival(d.ws[i].Norm)
}

// adjectival reports a Cyrillic adjective made from a name: Московського,
// Київська, Харьковской; not Москвы.
func adjectival(w string) bool {
	for _, suffix := range []string{"ськ", "цьк", "зьк", "ск", "цк"} {
		if i := strings.LastIndex(w, suffix); i > 0 && adjectiveEndings[w[i+len(suffix):]] {
			return true
		}
	}
	return false
}

// adjectiveEndings are the case endings of Ukrainian and Russian
// adjectives.
var adjectiveEndings = map[string]bool{
	"ий": true, "ій": true, "ый": true, "ой": true, "ого": true, "ому": true, "ая": true, "ую": true, "ої": true, "ою": true,
	"ім": true, "им": true, "ом": true, "их": true, "ых": true, "ими": true, "ыми": true, "ые": true, "ие": true, "і": true,
	"а": true, "е": true, "у": true, "ей": true, "ее": true, "ого ": true,
}

// locativeBefore reports a preposition of place just before word i, or
// before an article or adjective ("in der Ukraine", "across Ukraine", "по
// всій Україні").
func (d *doc) locativeBefore(i int) bool {
	if i == 0 || d.ws[i].Sep >= lang.SepComma {
		return false
	}
	// Up to two articles or words like "capital" may stand between:
	// "auf die Hauptstadt Kiew", "по всій Україні".
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if d.hasHit(j, "locative") {
			return true
		}
		if !d.hasHit(j, "determiner") || d.ws[j+1].Sep >= lang.SepComma {
			return false
		}
	}
	return false
}

// partOfName reports a place name used inside an organisation's or outlet's
// name: "die Zeitung Kyiv Independent", "Kharkiv Regional Military
// Administration" — a capitalised word that is not a place follows it.
func (d *doc) partOfName(i, mi int) bool {
	j := d.after(i, mi)
	if i > 0 && (d.hasHit(i-1, "media") || d.hasHit(i-1, "company")) {
		return true // "die Zeitung Kyiv Independent"
	}
	// In English a capitalised word after the name marks an organisation's
	// name; German capitalises every noun, so only an outlet word before
	// it does there.
	if d.language == "en" && j < len(d.ws) && d.ws[j].Sep == lang.SepSpace && d.ws[j].Upper && d.mentionAt[j] < 0 {
		for _, hi := range d.byWord[j] {
			if s := d.hits[hi].section; strings.HasPrefix(s, "target") || s == "attack" || s == "placecue" {
				return false // "Sumy Hospital", "Kharkiv Oblast"
			}
		}
		return true
	}
	return false
}

// hyphenated reports a mention joined by a hyphen to a word before or after
// it: part of a compound name the gazetteer does not know.
func (d *doc) hyphenated(i, mi int) bool {
	j := d.after(i, mi)
	return d.ws[i].Sep == lang.SepHyphen && i > 0 && d.ws[i-1].Upper || j < len(d.ws) && d.ws[j].Sep == lang.SepHyphen && d.ws[j].Upper
}

// quotedName reports a place name that begins a longer name in quotation
// marks: a facility's name, «Стальной конь», not the village Stal'noye.
func (d *doc) quotedName(i, mi int) bool {
	if i == 0 || !strings.ContainsAny(d.text[d.ws[i-1].End:d.ws[i].Start], "«\"“„") {
		return false
	}
	j := d.after(i, mi)
	return j < len(d.ws) && !strings.ContainsAny(d.text[d.ws[j-1].End:d.ws[j].Start], "»\"”“")
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

// saidIn reports a place named as where a statement is made: in a clause
// that tells no strike, after a verb of speech ("..., заявили в Москве",
// "..., hieß es in Moskau") or before one in a clause after the strike
// ("..., officials in Kyiv said"). A clause that opens the sentence ("У
// Харкові повідомили, що ...") may name where the strike was, and so may
// a place after its verb of speech and a complementizer ("The governor
// wrote on Telegram that in Belgorod, a drone hit a school").
func (d *doc) saidIn(i int, s sentence) bool {
	from, to := i, i+1
	for from > s.from && d.ws[from].Sep < lang.SepComma {
		from--
	}
	for to < s.to && d.ws[to].Sep < lang.SepComma {
		to++
	}
	for _, sec := range []string{"attack", "damage", "target", "weapon", "killed", "injured", "fire", "intercept", "power_outage", "water_outage", "heating_outage"} {
		if len(d.in(sec, from, to)) > 0 {
			return false
		}
	}
	for _, h := range d.in("speech", from, to) {
		if from > s.from {
			return true
		}
		// the clause that opens the sentence: a place after the verb
		// of speech is where it was said ("The ministry said in Moscow,
		// ..."), unless a complementizer opens the reported clause
		// before it ("said on Telegram that in Kharkiv, a drone hit
		// ...")
		if h.to <= i && len(d.in("complementizer", h.to, i)) == 0 {
			return true
		}
	}
	return false
}

// cityDistrict reports a settlement's name followed by a word for a part
// of a city ("Kyivskyi district" of Kharkiv is not Kyiv): such a district
// is in the city named with it, not in the one it is named after.
func (d *doc) cityDistrict(i, mi int) bool {
	m := d.mentions[mi]
	if m.Place.Precision != trucewatch.PlaceSettlement || m.Kind != geo.KindName {
		return false
	}
	return d.hasHit(d.after(i, mi), "citydistrict")
}

// isRiver reports a town name used for its river: "the left bank of the
// Dnipro", "Dnipro River".
func (d *doc) isRiver(i, mi int) bool {
	m := d.mentions[mi]
	if m.Place.Precision != trucewatch.PlaceSettlement {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if d.hasHit(j, "river") {
			return true
		}
	}
	return d.hasHit(d.after(i, mi), "river")
}

// relativeTo reports a place named only to locate another: "south of
// Odesa", "südlich von Charkiw", "южнее Одессы", "30 km from Kherson".
func (d *doc) relativeTo(i int) bool {
	if i == 0 {
		return false
	}
	if d.hasHit(i-1, "beyond") {
		return true // "южнее Одессы"
	}
	return i >= 2 && d.hasHit(i-1, "relation") && (d.hasHit(i-2, "direction") || d.hasHit(i-2, "unit"))
}
