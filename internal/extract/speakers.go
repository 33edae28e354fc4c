package extract

import (
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// speaker is who a sentence says is speaking.
type speaker struct {
	claimant trucewatch.Claimant
	name     string // the words that name the speaker
	accused  trucewatch.Party
	from, to int  // the words that name the speaker in its own sentence, excluded when looking for places and the perpetrator; -1 when inherited
	explicit bool // named in its own sentence, not inherited or assumed
	carried  bool // taken from another sentence: inherited, or "he said"
	national bool // a national body (a ministry, the general staff, the air force, a president): its counts are the country's
	admits   bool // the verb confirms the speaker's own side's strike ("bestätigte den Schlag")
}

// attribution is how a sentence names its speaker.
type attribution uint8

const (
	unattributed attribution = iota // no verb of speech, no source
	named                           // "the governor said", "laut dpa"
	pronoun                         // "it said", "he added", "по его словам": the speaker named before
)

// speakers finds who asserts each sentence. A sentence that names its
// speaker has that one; "he said" and its like continue the speaker named
// before; a sentence that names one only after what it attributes ("Об
// этом сообщил губернатор", "Source: the regional administration") gives
// its speaker to the unattributed sentences before it; any other sentence
// continues the last speaker named in the report, so that a speaker named
// once in the lead covers what follows. Background and teasers are the
// outlet's own (media) unless they name a speaker; with no speaker at all,
// the claim is the outlet's.
func (d *doc) speakers() []speaker {
	country := d.mainCountry()
	out := make([]speaker, len(d.sents))
	how := make([]attribution, len(d.sents))
	var lastParty trucewatch.Party // the party of the last speaker named
	for i, s := range d.sents {
		out[i], how[i] = d.speakerOf(s, country, lastParty)
		if p, ok := out[i].claimant.Party(); ok && how[i] == named {
			lastParty = p
		}
	}
	media := speaker{claimant: trucewatch.ClaimantMedia, from: -1, to: -1}
	// Headline attribution: "Минобороны: ...", "Ministry of Defence: ...".
	var lead *speaker
	for i, s := range d.sents {
		if s.kind != headline || i > 3 {
			continue
		}
		if sp, ok := d.headlineSpeaker(s, country); ok {
			lead = &sp
			break
		}
	}
	// Back attribution, then carrying forward.
	for k := range d.sents {
		if how[k] != named || !d.attributesBack(d.sents[k]) {
			continue
		}
		for j := k - 1; j >= 0 && (how[j] == unattributed || how[j] == pronoun && out[j].claimant == ""); j-- {
			out[j] = inherit(out[k])
			how[j] = pronoun // settled: carried from a named speaker
		}
	}
	var last *speaker
	if lead != nil {
		last = lead
	}
	var accuser *speaker
	for i, s := range d.sents {
		switch how[i] {
		case named:
			accuser = nil
			switch {
			case !d.isTruceStatement(s) || d.has("damage", s):
				last = &out[i]
			case d.has("accuse", s) && d.has("attack", s):
				// what a side says of a truce does not make it the
				// source of the strikes told next; one that accuses
				// the other of strikes despite it is the source of
				// "it said ..." after it, not of the outlet's own next
				// sentence ("Overnight, Russian drones struck Kharkiv")
				accuser = &out[i]
			}
			continue
		case pronoun:
			if out[i].claimant == "" { // "it said": the speaker named before
				sp := media
				if accuser != nil {
					sp = inherit(*accuser)
				} else if last != nil {
					sp = inherit(*last)
				} else if ahead, ok := d.lookAhead(i, how, out); ok {
					sp = ahead // "according to the latest data", before any source is named
				}
				sp.from, sp.to, sp.explicit, sp.admits = out[i].from, out[i].to, true, out[i].admits
				out[i] = sp
			}
			last = &out[i]
			continue
		}
		switch {
		case s.kind == background || s.kind == teaser:
			out[i] = media
		case last != nil:
			out[i] = inherit(*last)
		default:
			out[i] = media
			if ahead, ok := d.lookAhead(i, how, out); ok {
				out[i] = ahead
			}
		}
	}
	return out
}

// lookAhead finds the source of a lead told before its source is named:
// the first speaker named in the next few sentences ("Drones hit Dnipro
// overnight. ... According to the governor, ..."), or, in a report whose
// named speakers are all one side's officials, the first of them however
// late, when what he says tells of strikes: an official who only comments
// at the end ("Selenskyj schrieb: ... Sanktionen") is no source for the
// outlet's own lead.
func (d *doc) lookAhead(i int, how []attribution, out []speaker) (speaker, bool) {
	for k := i + 1; k < len(d.sents); k++ {
		if how[k] != named {
			continue
		}
		if out[k].claimant != trucewatch.ClaimantMedia && (k <= i+leadLookahead || d.officialOnly(how, out) && d.isEvent(d.sents[k])) {
			return inherit(out[k]), true
		}
		return speaker{}, false
	}
	return speaker{}, false
}

// officialOnly reports a report whose named speakers are all one side's
// officials: a regional administration's summary names its source once,
// at the end, for everything before.
func (d *doc) officialOnly(how []attribution, out []speaker) bool {
	var side trucewatch.Claimant
	for k := range how {
		if how[k] != named {
			continue
		}
		if _, ok := out[k].claimant.Party(); !ok || side != "" && out[k].claimant != side {
			return false
		}
		side = out[k].claimant
	}
	return side != ""
}

// leadLookahead is how many sentences ahead a report may name the source of
// its opening sentences.
const leadLookahead = 3

// inherit copies a speaker for a sentence that does not name it.
func inherit(sp speaker) speaker {
	sp.from, sp.to, sp.explicit, sp.carried = -1, -1, false, true
	sp.accused, sp.admits = "", false
	return sp
}

// speakerOf finds who asserts what a sentence says, as the sentence itself
// names them. After a source preposition ("according to", "laut", "за
// даними", "по данным") the speaker follows it; next to a verb of reported
// speech the speaker is the subject before it, nearest first ("Selenskyj
// sagte, ...", "the ministry said") or, when nothing names one there, the
// words after it ("sagte der Gouverneur"); after a verb of accusing stands
// the accused, not the speaker. An outlet makes the claim the media's; a
// party word makes it that party's; a company makes it other's; an
// official with no party named ("die Gebietsverwaltung", "the mayor", "в
// ОВА") speaks for the country of the place in the title, else for the
// party of the speaker named before, else for the country of the place the
// sentence or the report is about.
func (d *doc) speakerOf(s sentence, country, lastParty trucewatch.Party) (speaker, attribution) {
	var windows []window
	var verb hit
	if d.cueAtStart(s, "sourceline") {
		// "Source: the head of the regional administration, on Telegram"
		windows = append(windows, window{s.from + 1, s.to, false})
	}
	if src := d.in("source", s.from, s.to); len(src) > 0 {
		verb = src[0]
		// "nach Behördenangaben": the source word may name the speaker itself.
		windows = append(windows, window{verb.from, d.contentStart(verb.to, d.clauseEnd(verb.to, s.to, 8)), false})
	}
	// "hat der Ukraine vorgeworfen": an accusation is said, too.
	speech := append(append(d.in("speech", s.from, s.to), d.in("deny", s.from, s.to)...), d.in("accuse", s.from, s.to)...)
	slices.SortFunc(speech, func(a, b hit) int { return a.from - b.from })
	// Each verb in turn: "Angriffe gemeldet, wie Gouverneur X bekanntgab".
	for k, v := range speech {
		if k == 0 && (len(windows) == 0 || v.from < verb.from) {
			verb = v
		}
		windows = append(windows, d.speechWindows(s, v)...)
	}
	if len(windows) == 0 {
		return speaker{from: -1, to: -1}, unattributed
	}
	if verb.to == 0 {
		verb = hit{from: s.from, to: s.from + 1}
	}
	sp := speaker{explicit: true}
	for _, w := range windows {
		if c, name, ok := d.speakerIn(s, w.from, w.to, w.backward, country, lastParty); ok {
			sp.claimant, sp.name, sp.from, sp.to = c, name, w.from, w.to
			sp.national = len(d.in("national", w.from, w.to)) > 0
			break
		}
	}
	if sp.claimant == "" {
		sp.from, sp.to = verb.from, verb.to
		sp.accused = d.accusedIn(s, "")
		sp.admits = d.covered(verb.from, "admit")
		return sp, pronoun
	}
	sp.accused = d.accusedIn(s, sp.claimant)
	sp.admits = d.covered(verb.from, "admit")
	return sp, named
}

// window is a run of words [from, to) that may name a speaker.
type window struct {
	from, to int
	backward bool // search from the verb back
}

// speechWindows returns where the speaker of a verb of speech may stand:
// the subject before it, and after it in an inversion ("said the
// governor", "сообщил губернатор"). English puts the speaker after the verb
// only when nothing stands before the verb in its clause. In German,
// Ukrainian and Russian a verb right after a comma opens an inversion
// ("..., teilten die Behörden mit"): it is looked at first. After a verb
// of accusing stands the accused.
func (d *doc) speechWindows(s sentence, v hit) []window {
	before := window{d.clauseStart(v.from, s.from, 8), v.from, false}
	after := window{v.to, d.contentStart(v.to, d.clauseEnd(v.to, s.to, 8)), false}
	switch {
	case d.covered(v.from, "accuse"):
		return []window{before}
	case d.language != "en" && v.from > s.from && d.ws[v.from].Sep == lang.SepComma:
		return []window{after, before}
	case d.language != "en" && d.speakerFollows(v.to, s.to) || before.from == v.from:
		return []window{before, after}
	}
	return []window{before}
}

// speakerFollows reports an inversion: right after the verb, past
// prepositions and articles, stands a word that names a speaker ("сообщил
// губернатор", "повідомили в Міненерго", "teilte das Ministerium mit"),
// not what was said ("підтвердили цинізм російської тактики").
func (d *doc) speakerFollows(j, to int) bool {
	for ; j < to; j++ {
		if d.hasHit(j, "locative") || d.hasHit(j, "determiner") || d.hasHit(j, "possessive") {
			continue
		}
		for _, sec := range []string{"official", "national", "media", "company"} {
			if d.covered(j, sec) {
				return true
			}
		}
		return d.isPartyWord(j) || d.ws[j].Upper
	}
	return false
}

// contentStart cuts a speaker window where what is said begins: at "that"
// ("he said that the Russians ..."), or at a word of attack, weapon or
// target ("nach Angaben der Behörden durch einen russischen
// Drohnenangriff").
func (d *doc) contentStart(from, to int) int {
	for i := from; i < to; i++ {
		if d.isContent(i) || i+1 < to && d.isContent(i+1) && d.isPartyWord(i) {
			return i // "по его словам, украинский беспилотник ...": the drone's party is not the speaker
		}
	}
	return to
}

// isContent reports a word that belongs to what is said: "that", or a
// word of attack, weapon or target.
func (d *doc) isContent(i int) bool {
	content := false
	for _, hi := range d.byWord[i] {
		switch sec := d.hits[hi].section; {
		case sec == "complementizer", sec == "attack", strings.HasPrefix(sec, "weapon"), strings.HasPrefix(sec, "target"):
			content = true
		case sec == "company", sec == "media", sec == "official", sec == "national":
			return false // "das Unternehmen teilte mit": a company speaking, not one struck
		}
	}
	return content
}

// isPartyWord reports a word that names a party.
func (d *doc) isPartyWord(i int) bool {
	for _, hi := range d.byWord[i] {
		if strings.HasPrefix(d.hits[hi].section, "party ") || d.hits[hi].section == "enemy" {
			return true
		}
	}
	return false
}

// accusedIn finds the party an accusation names: "Russland warf der
// Ukraine vor", "accused Ukraine of": the other party after the verb.
func (d *doc) accusedIn(s sentence, claimant trucewatch.Claimant) trucewatch.Party {
	acc := d.in("accuse", s.from, s.to)
	if len(acc) == 0 {
		return ""
	}
	for i := acc[0].from; i < min(s.to, acc[0].to+6); i++ {
		if p, ok := d.partyAt(i); ok && trucewatch.Claimant(p) != claimant {
			return p
		}
	}
	// "hat der Ukraine vorgeworfen": before the verb, in German
	for i := acc[0].from - 1; i >= s.from && i >= acc[0].from-3; i-- {
		if p, ok := d.partyAt(i); ok && trucewatch.Claimant(p) != claimant {
			return p
		}
	}
	return ""
}

// headlineSpeaker reads a headline of the form "Speaker: what they say".
func (d *doc) headlineSpeaker(s sentence, country trucewatch.Party) (speaker, bool) {
	for i := s.from + 1; i < s.to && i <= s.from+6; i++ {
		if gap := d.text[d.ws[i-1].End:d.ws[i].Start]; strings.Contains(gap, ":") {
			if c, name, ok := d.speakerIn(s, s.from, i, true, country, ""); ok {
				return speaker{claimant: c, name: name, from: -1, to: -1, national: len(d.in("national", s.from, i)) > 0}, true
			}
			return speaker{}, false
		}
	}
	return speaker{}, false
}

// attributesBack reports a sentence that attributes what came before it:
// "Об этом сообщил ...", "Про це повідомив ...", "Source: ...", "This was
// reported by ...", "Das teilte ... mit".
func (d *doc) attributesBack(s sentence) bool {
	if d.cueAtStart(s, "anaphor") || d.cueAtStart(s, "sourceline") {
		return true
	}
	// A sentence that is nothing but an attribution ("..., reported
	// Ukrinform.") with no news of its own.
	return false
}

// bodyFollows reports whether the preposition at word i leads straight,
// past articles only, to a party or a national body: "a spokesman of the
// Ukrainian General Staff", "ein Sprecher vom russischen
// Verteidigungsministerium", "представитель от Генштаба ВСУ" are that
// body's. A content word in between ("the envoy on crimes of the
// Ukrainian army", "в своем Telegram-канале") ends the speaker's words.
func (d *doc) bodyFollows(i int) bool {
	j := i + 1
	for ; j < len(d.ws) && j <= i+3 && d.hasHit(j, "determiner"); j++ {
	}
	if j >= len(d.ws) {
		return false
	}
	if d.hasHit(j, "national") {
		return true
	}
	for _, hi := range d.byWord[j] {
		if strings.HasPrefix(d.hits[hi].section, "party ") {
			return true
		}
	}
	return false
}

// speakerIn looks for a speaker among words [from, to): an outlet, a party
// word, a company or an official, in reading order ("the DPR's
// office for recording shelling" is the DPR's), or backward from the
// verb. An official with a place in its title ("the governor of the
// Zaporizhzhia region") speaks for that place's country, whatever party
// the words after the title name.
func (d *doc) speakerIn(s sentence, from, to int, backward bool, country, lastParty trucewatch.Party) (trucewatch.Claimant, string, bool) {
	official := -1
	for k := 0; k < to-from; k++ {
		i := from + k
		if backward {
			i = to - 1 - k
		}
		if mi := d.mentionAt[i]; mi >= 0 && d.placeIsLocation(i) && d.mentions[mi].Role != geo.RoleTitle {
			continue
		}
		if !backward && official >= 0 && (d.hasHit(i, "relation") || d.hasHit(i, "locative")) && !d.bodyFollows(i) {
			break // "the ambassador on the crimes of the Ukraine regime": a party after the title's preposition is not the speaker's
		}
		var party trucewatch.Claimant
		for _, hi := range d.byWord[i] {
			h := d.hits[hi]
			switch {
			case h.section == "media" && !d.medium(h.from):
				// "у телеграм-каналі", "on Telegram" is where an official
				// wrote, not who
				return trucewatch.ClaimantMedia, d.span(i, h.to), true
			case h.section == "company":
				return trucewatch.ClaimantOther, d.span(i, h.to), true
			case strings.HasPrefix(h.section, "party "):
				party = trucewatch.Claimant(strings.TrimPrefix(h.section, "party "))
			case (h.section == "official" || h.section == "national") && official < 0:
				official = i
				if c, ok := d.titlePlace(i, to); ok {
					return c, d.span(i, i+1), true
				}
			}
		}
		if party != "" {
			return party, d.span(i, i+1), true
		}
	}
	if official < 0 {
		return "", "", false
	}
	name := d.span(official, official+1)
	// The place in the title: "губернатор Курской области".
	for i := from; i < to; i++ {
		if mi := d.mentionAt[i]; mi >= 0 {
			if c := d.mentions[mi].Place.Country; c == trucewatch.PartyUA || c == trucewatch.PartyRU {
				return trucewatch.ClaimantParty(c), name, true
			}
		}
	}
	// The place the sentence is about: a governor speaks of their region,
	// and in an occupied one for the side that installed them.
	for i := s.from; i < s.to; i++ {
		if mi := d.mentionAt[i]; mi >= 0 && d.placeIsLocation(i) && d.mentions[mi].Role == geo.RoleOrdinary {
			p := d.mentions[mi].Place
			switch {
			case p.Occupied:
				return trucewatch.ClaimantParty(trucewatch.PartyRU), name, true
			case p.Country == trucewatch.PartyUA || p.Country == trucewatch.PartyRU:
				return trucewatch.ClaimantParty(p.Country), name, true
			}
		}
	}
	if lastParty == trucewatch.PartyUA || lastParty == trucewatch.PartyRU {
		return trucewatch.ClaimantParty(lastParty), name, true // "the ministry" named before
	}
	if country != "" {
		return trucewatch.ClaimantParty(country), name, true
	}
	return trucewatch.ClaimantOther, name, true
}

// medium reports an outlet word used for where an official wrote, not who
// wrote: "у телеграм-каналі", "в своем Telegram-канале", "on Telegram".
func (d *doc) medium(i int) bool {
	if d.covered(i-1, "media") {
		return true // inside a longer outlet name
	}
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if d.hasHit(j, "locative") {
			return true
		}
		if !d.hasHit(j, "determiner") && !d.hasHit(j, "possessive") {
			return false
		}
	}
	return false
}

// titlePlace returns the country of a place named in an official's title,
// in the few words after the official word at i ("governor of the Kursk
// region", "голова Сумської ОВА").
func (d *doc) titlePlace(i, to int) (trucewatch.Claimant, bool) {
	for j := i + 1; j < to && j <= i+4; j++ {
		if d.ws[j].Sep >= lang.SepComma && j > i+1 {
			return "", false
		}
		mi := d.mentionAt[j]
		if mi < 0 {
			continue
		}
		m := d.mentions[mi]
		if c := m.Place.Country; (c == trucewatch.PartyUA || c == trucewatch.PartyRU) && m.Place.Precision != trucewatch.PlaceCountry {
			if m.Place.Occupied {
				return trucewatch.ClaimantParty(trucewatch.PartyRU), true // officials installed by Russia in occupied areas
			}
			return trucewatch.ClaimantParty(c), true
		}
	}
	return "", false
}

// mainCountry is the country of the first place in Ukraine or Russia that
// the report names as a location: whose officials speak when no party is
// named.
func (d *doc) mainCountry() trucewatch.Party {
	for _, m := range d.mentions {
		if c := m.Place.Country; (c == trucewatch.PartyUA || c == trucewatch.PartyRU) && m.Place.Precision != trucewatch.PlaceCountry &&
			m.Role != geo.RoleDateline && !d.x.gaz.IsCapital(m.Place.ID) {
			return c
		}
	}
	return ""
}

// span returns the text of words [from, to).
func (d *doc) span(from, to int) string {
	return d.text[d.ws[from].Start:d.ws[to-1].End]
}

// clauseStart and clauseEnd bound a speaker window at a comma, a stop or
// the sentence's edge, at most n words from i; brackets and quotes do not
// end it ("Генштаб ЗСУ (ЗСУ) заявив").
func (d *doc) clauseStart(i, from, n int) int {
	j := i
	if j > from && d.clauseSep(j) && d.ws[j].Sep == lang.SepComma && d.language == "en" {
		// "X, the governor of Y, said": the appositive before the comma,
		// unless that is what is said ("drones hit a hospital, they said").
		k := j - 1
		for k > from && k > i-n && !d.clauseSep(k) {
			k--
		}
		if d.contentStart(k, j) == j {
			return k
		}
		return j
	}
	for j > from && j > i-n && !d.clauseSep(j) {
		j--
	}
	return j
}

func (d *doc) clauseEnd(i, to, n int) int {
	j := i
	for j < to && j < i+n && (j == i || !d.clauseSep(j)) {
		j++
	}
	return j
}

// clauseSep reports a comma, a stop or a quotation mark before word j: a
// quotation is what is said, never who says it.
func (d *doc) clauseSep(j int) bool {
	if s := d.ws[j].Sep; s == lang.SepComma || s == lang.SepStop {
		return true
	}
	return d.ws[j].Sep == lang.SepOther && strings.ContainsAny(d.text[d.ws[j-1].End:d.ws[j].Start], "\"«»“”„")
}

// partyAt returns the RU or UA party a word names.
func (d *doc) partyAt(i int) (trucewatch.Party, bool) {
	for _, hi := range d.byWord[i] {
		if p, ok := strings.CutPrefix(d.hits[hi].section, "party "); ok && (p == "RU" || p == "UA") {
			return trucewatch.Party(p), true
		}
	}
	return "", false
}
