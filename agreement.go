package trucewatch

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Agreement is a ceasefire, moratorium or proposal as machine-readable
// terms, or a standing norm that applies regardless of any agreement (such
// as the protection of medical facilities under international humanitarian
// law).
//
// Parties often read one deal differently, so an agreement carries one or
// more readings of its scope and window, each with who holds it and where it
// is stated. Assessment is reported under each reading.
type Agreement struct {
	ID          string          `json:"id"`      // "energy-moratorium-2025-03"
	Version     int             `json:"version"` // raised by every edit of the file
	Title       string          `json:"title"`
	Norm        bool            `json:"norm,omitempty"` // a standing norm, in force with no agreement
	Parties     []Party         `json:"parties"`
	Mediators   []Party         `json:"mediators,omitempty"`
	Status      AgreementStatus `json:"status"`
	Reciprocal  bool            `json:"reciprocal"`
	Effective   Window          `json:"effective"`
	Readings    []Reading       `json:"readings"`
	Conditions  []string        `json:"conditions,omitempty"`
	References  []Reference     `json:"references,omitempty"`
	Description string          `json:"description,omitempty"`

	// Translations are the monitor's translations of the texts above,
	// keyed by language ("de", "uk", "ru"). The fields above are the
	// file's own language (English) and are authoritative.
	Translations map[string]Translation `json:"translations,omitempty"`
}

// TranslationLanguages are the languages an agreement's texts may be
// translated into: the readers' languages other than the file's own.
var TranslationLanguages = []string{"de", "uk", "ru"}

// A Translation is an agreement's texts in one language. Every field is
// optional; what is missing is read in the file's own language.
type Translation struct {
	Title       string            `json:"title,omitempty"`
	Description string            `json:"description,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"` // reading ID → label
	// Conditions has the file's conditions in the same count and order.
	Conditions []string `json:"conditions,omitempty"`
	// Sources has, by reading ID, the titles of the reading's sources in
	// the same count and order.
	Sources map[string][]string `json:"sources,omitempty"`
	// References has the titles of the file's references in the same
	// count and order.
	References []string `json:"references,omitempty"`
}

// A Text is a text of an agreement as a reader sees it: in their
// language, or in the file's own where no translation gives it.
type Text struct {
	Text     string
	Fallback bool // the file's own language (English), not the reader's
}

// String returns the text.
func (t Text) String() string { return t.Text }

// AgreementText is an agreement's texts in one language.
type AgreementText struct {
	Lang        string // the language asked for
	Title       Text
	Description Text
	Labels      map[string]Text // reading ID → label
	Conditions  []Text
	Sources     map[string][]Text // reading ID → titles of its sources
	References  []Text
}

// Label returns the label of the reading with the ID, or the ID itself
// (as the file's own text) when there is no such reading.
func (t AgreementText) Label(readingID string) Text {
	if l, ok := t.Labels[readingID]; ok {
		return l
	}
	return Text{Text: readingID, Fallback: true}
}

// Source returns the title of the i-th source of the reading.
func (t AgreementText) Source(readingID string, i int) Text {
	if s := t.Sources[readingID]; i >= 0 && i < len(s) {
		return s[i]
	}
	return Text{Fallback: true}
}

// Text returns the agreement's texts in lang, each falling back to the
// file's own (English, Fallback set) where the translation lacks it. For
// "en" (or ""), or a language with no translation, every text is the
// file's own; for "en" none is marked as a fallback.
func (a Agreement) Text(lang string) AgreementText {
	tr, ok := a.Translations[lang]
	own := lang != "en" && lang != ""
	pick := func(translated, original string) Text {
		if ok && translated != "" {
			return Text{Text: translated}
		}
		return Text{Text: original, Fallback: own && original != ""}
	}
	out := AgreementText{Lang: lang, Title: pick(tr.Title, a.Title), Description: pick(tr.Description, a.Description),
		Labels: map[string]Text{}, Sources: map[string][]Text{}}
	for _, r := range a.Readings {
		out.Labels[r.ID] = pick(tr.Labels[r.ID], r.Label)
		src := tr.Sources[r.ID]
		for i, s := range r.Source {
			out.Sources[r.ID] = append(out.Sources[r.ID], pick(nth(src, i), s.Title))
		}
	}
	for i, c := range a.Conditions {
		out.Conditions = append(out.Conditions, pick(nth(tr.Conditions, i), c))
	}
	for i, r := range a.References {
		out.References = append(out.References, pick(nth(tr.References, i), r.Title))
	}
	return out
}

// nth returns s[i], or "" past the end of s.
func nth(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// Missing reports which of the agreement's texts the translation into
// lang lacks, as field names ("title", "labels.kremlin-list",
// "conditions[1]"); none means complete.
func (a Agreement) Missing(lang string) []string {
	t := a.Text(lang)
	var miss []string
	add := func(name string, x Text) {
		if x.Fallback {
			miss = append(miss, name)
		}
	}
	add("title", t.Title)
	add("description", t.Description)
	for _, r := range a.Readings {
		add("labels."+r.ID, t.Labels[r.ID])
		for i, s := range t.Sources[r.ID] {
			add(fmt.Sprintf("sources.%s[%d]", r.ID, i), s)
		}
	}
	for i, c := range t.Conditions {
		add(fmt.Sprintf("conditions[%d]", i), c)
	}
	for i, r := range t.References {
		add(fmt.Sprintf("references[%d]", i), r)
	}
	return miss
}

// Window is a span of time in force. From is inclusive and To exclusive; a
// zero To means open-ended. TimeZone names the zone the parties counted in
// (an IANA name such as "Europe/Moscow").
type Window struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to,omitzero"`
	TimeZone string    `json:"time_zone,omitempty"`
}

// Contains reports whether t falls inside the window.
func (w Window) Contains(t time.Time) bool {
	if t.Before(w.From) {
		return false
	}
	return w.To.IsZero() || t.Before(w.To)
}

// Reading is one party's (or mediator's) understanding of what an agreement
// covers and since when.
type Reading struct {
	ID        string      `json:"id"`    // "kremlin-2025-03-25"
	Label     string      `json:"label"` // shown to users
	HeldBy    []Party     `json:"held_by"`
	Scope     Scope       `json:"scope"`
	Effective *Window     `json:"effective,omitempty"` // overrides the agreement's window
	Source    []Reference `json:"source,omitempty"`
}

// Scope is what an agreement prohibits.
type Scope struct {
	All     bool     `json:"all,omitempty"`     // every strike: a general ceasefire
	Targets []Target `json:"targets,omitempty"` // prohibited target categories
	// Details narrow the categories to named kinds of facility
	// ("refinery", "pumping station"); empty means the whole categories.
	Details []string `json:"details,omitempty"`
	Domains []Domain `json:"domains,omitempty"` // land, air, sea; empty means all
}

// Reference points at a public statement or document.
type Reference struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
	Date  Date   `json:"date,omitzero"`
}

// Validate checks the rules every agreement file must keep.
func (a Agreement) Validate() error {
	var errs []error
	if a.ID == "" {
		errs = append(errs, errors.New("id is empty"))
	}
	if a.Version < 1 {
		errs = append(errs, fmt.Errorf("version %d: want 1 or more", a.Version))
	}
	if a.Title == "" {
		errs = append(errs, errors.New("title is empty"))
	}
	if !a.Norm && len(a.Parties) < 2 {
		errs = append(errs, fmt.Errorf("parties: %d, want 2 or more (or norm: true)", len(a.Parties)))
	}
	for _, p := range append(append([]Party(nil), a.Parties...), a.Mediators...) {
		if !p.Valid() || p == PartyUnknown {
			errs = append(errs, fmt.Errorf("party %q", p))
		}
	}
	if !a.Status.Valid() {
		errs = append(errs, fmt.Errorf("status %q", a.Status))
	}
	errs = append(errs, a.Effective.validate("effective"))
	if len(a.Readings) == 0 {
		errs = append(errs, errors.New("readings: none; want at least one"))
	}
	seen := map[string]bool{}
	for i, r := range a.Readings {
		if r.ID == "" || seen[r.ID] {
			errs = append(errs, fmt.Errorf("readings[%d]: id %q empty or repeated", i, r.ID))
		}
		seen[r.ID] = true
		if !r.Scope.All && len(r.Scope.Targets) == 0 {
			errs = append(errs, fmt.Errorf("readings[%d] (%s): scope names no targets and is not all", i, r.ID))
		}
		if r.Effective != nil {
			errs = append(errs, r.Effective.validate(fmt.Sprintf("readings[%d].effective", i)))
		}
	}
	errs = append(errs, a.validateTranslations(seen)...)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("agreement %q: %w: %w", a.ID, ErrInvalid, err)
	}
	return nil
}

func (a Agreement) validateTranslations(readings map[string]bool) []error {
	var errs []error
	langs := slices.Sorted(maps.Keys(a.Translations))
	sources := map[string]int{}
	for _, r := range a.Readings {
		sources[r.ID] = len(r.Source)
	}
	for _, l := range langs {
		tr := a.Translations[l]
		f := "translations." + l
		if !slices.Contains(TranslationLanguages, l) {
			errs = append(errs, fmt.Errorf("%s: unknown language %q; want one of %s", f, l, strings.Join(TranslationLanguages, ", ")))
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(tr.Labels)) {
			if !readings[id] {
				errs = append(errs, fmt.Errorf("%s.labels: unknown reading %q", f, id))
			}
		}
		for _, id := range slices.Sorted(maps.Keys(tr.Sources)) {
			n, ok := sources[id]
			switch {
			case !ok:
				errs = append(errs, fmt.Errorf("%s.sources: unknown reading %q", f, id))
			case len(tr.Sources[id]) != n:
				errs = append(errs, fmt.Errorf("%s.sources.%s: %d titles, want %d (one per source, in order)", f, id, len(tr.Sources[id]), n))
			}
		}
		if tr.Conditions != nil && len(tr.Conditions) != len(a.Conditions) {
			errs = append(errs, fmt.Errorf("%s.conditions: %d, want %d (one per condition, in order)", f, len(tr.Conditions), len(a.Conditions)))
		}
		if tr.References != nil && len(tr.References) != len(a.References) {
			errs = append(errs, fmt.Errorf("%s.references: %d, want %d (one per reference, in order)", f, len(tr.References), len(a.References)))
		}
	}
	return errs
}

func (w Window) validate(field string) error {
	if w.From.IsZero() {
		return fmt.Errorf("%s.from is missing", field)
	}
	if !w.To.IsZero() && !w.From.Before(w.To) {
		return fmt.Errorf("%s: from %s is not before to %s", field, w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
	}
	if w.TimeZone != "" {
		if _, err := time.LoadLocation(w.TimeZone); err != nil {
			return fmt.Errorf("%s.time_zone: %w", field, err)
		}
	}
	return nil
}

// Assessment judges one incident against one reading of one agreement.
type Assessment struct {
	IncidentID  string `json:"incident_id"`
	AgreementID string `json:"agreement_id"`
	ReadingID   string `json:"reading_id"`
	InScope     bool   `json:"in_scope"`
	// Reason says why in English words a monitor can quote. Assessments
	// made before reasons were messages (migration 0019) have only this;
	// newer ones have it where it is written for a reader (the API).
	Reason  string           `json:"reason"`
	Accused Party            `json:"accused"`
	Status  AssessmentStatus `json:"status,omitempty"` // empty when out of scope
	Day     Date             `json:"day"`              // the day the incident is counted on

	// Why says why in or out of scope, and why the status, as messages a
	// reader sees in their own language (package i18n writes them).
	Why []Why `json:"why,omitempty"`
}

// A Why is one step of an assessment's reasoning: a message code (its key
// in the message catalogues) and the values it names, in order.
type Why struct {
	Code string   `json:"code"`
	Args []WhyArg `json:"args,omitempty"`
}

// A WhyArg is a value a Why names, with its kind, which says how a reader
// sees it: a party's or target class's name in the reader's language, a
// day in the reader's style, or text shown as it is (outlets, a facility,
// an analyst's note).
type WhyArg struct {
	Kind  WhyArgKind `json:"kind"`
	Value string     `json:"value"`
}

// WhyArgKind is the kind of a WhyArg.
type WhyArgKind string

// The kinds of WhyArg.
const (
	WhyParty    WhyArgKind = "party"    // a party code: RU, UA
	WhyTarget   WhyArgKind = "target"   // a target class: energy, medical
	WhyTargets  WhyArgKind = "targets"  // target classes joined by ", "
	WhyDay      WhyArgKind = "day"      // a day: 2025-03-18
	WhyMoment   WhyArgKind = "moment"   // a time with its offset, RFC 3339: 2025-03-18T00:00:00+02:00
	WhyFacility WhyArgKind = "facility" // a target detail as the extractor records it: hospital, oil refinery
	WhyOutlets  WhyArgKind = "outlets"  // origins' names, one a line: outlets, OfficialsOf, UnnamedSpeakerIn
	WhyText     WhyArgKind = "text"     // shown as it is: an analyst's words (and outlets and a facility, in reasons stored before "outlets" and "facility")
)

// The codes of Why, the keys of their messages. Each code's arguments are
// listed in the order the message takes them.
const (
	WhyNotParty         = "why.not_party"          // party, agreement (text)
	WhyBeforeStart      = "why.before_start"       // day, the reading's start (moment)
	WhyAfterEnd         = "why.after_end"          // day, the reading's end (moment)
	WhyTargetNotListed  = "why.target_not_listed"  // target, the reading's targets
	WhyDetailNotListed  = "why.detail_not_listed"  // target, facility
	WhyAllStrikes       = "why.all_strikes"        // none
	WhyTargetCovered    = "why.target_covered"     // target
	WhyFacilityCovered  = "why.facility_covered"   // target, facility
	WhyInForceSince     = "why.in_force_since"     // day, the reading's first day
	WhyInForceWithin    = "why.in_force_within"    // day, the reading's first and last day
	WhyConfirmed        = "why.confirmed"          // analyst (text), day, the analyst's reason (text)
	WhyDisputed         = "why.disputed"           // party, outlet (text)
	WhyUnalignedSupport = "why.unaligned_support"  // outlets (text)
	WhyAdmitted         = "why.admitted"           // party, outlets (text)
	WhyBothSidesSupport = "why.both_sides_support" // outlets (text)
	WhyOnlyAccusingSide = "why.only_accusing_side" // outlets (text)
)

// WhyCodes are all codes of Why, for the catalogue tests.
var WhyCodes = []string{WhyNotParty, WhyBeforeStart, WhyAfterEnd, WhyTargetNotListed, WhyDetailNotListed,
	WhyAllStrikes, WhyTargetCovered, WhyFacilityCovered, WhyInForceSince, WhyInForceWithin,
	WhyConfirmed, WhyDisputed, WhyUnalignedSupport, WhyAdmitted, WhyBothSidesSupport, WhyOnlyAccusingSide}

// TimelineDay counts one party's in-scope assessments on one day under one
// reading of an agreement: a cell of a compliance timeline.
type TimelineDay struct {
	AgreementID string                   `json:"agreement_id"`
	ReadingID   string                   `json:"reading_id"`
	Party       Party                    `json:"party"`
	Day         Date                     `json:"day"`
	Counts      map[AssessmentStatus]int `json:"counts"`
}
