package trucewatch

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Decision is what an analyst decided about extracted claims: that an
// incident or a claim is right (confirmed) or wrong (rejected), or what a
// claim's place, date, target, perpetrator or claimant really is. Decisions
// are data, apart from the analysis derived from them: they are kept for
// good, never changed, and a later decision on the same claim supersedes an
// earlier one. Their list, newest first, is the audit trail.
//
// A decision names its claims by ClaimKey, not by claim ID: an extractor
// upgrade may number a report's claims differently, and an incident's ID
// follows its first claim. Every time a report's claims are extracted, the
// decisions on the report are applied to them again (ApplyDecisions), so a
// re-extracted claim keeps what was decided about it.
type Decision struct {
	ID      int64        `json:"id"` // in the order decisions were made; 0 until stored
	Kind    DecisionKind `json:"kind"`
	Subject string       `json:"subject"` // what the analyst acted on, as shown: an incident or a claim ID
	Claims  []ClaimKey   `json:"claims"`  // the claims it covers
	// Correction is set for DecisionCorrectClaim: the fields it sets.
	Correction *Correction `json:"correction,omitempty"`
	// Parts is set for DecisionSplitIncident: Parts[i] is the part (0, 1,
	// ...) that Claims[i] goes to; claims of different parts are never one
	// incident.
	Parts  []int     `json:"parts,omitempty"`
	Reason string    `json:"reason"` // why; required
	Actor  string    `json:"actor"`  // who
	At     time.Time `json:"at"`     // when
}

// DecisionKind says what a decision does.
type DecisionKind string

const (
	// An incident-level verdict: every claim of the incident is confirmed
	// (rejected) but those given a claim-level verdict before it.
	DecisionConfirmIncident DecisionKind = "confirm_incident"
	DecisionRejectIncident  DecisionKind = "reject_incident"
	DecisionConfirmClaim    DecisionKind = "confirm_claim"
	DecisionRejectClaim     DecisionKind = "reject_claim"
	DecisionCorrectClaim    DecisionKind = "correct_claim" // Correction's fields replace the extracted ones
	DecisionUndo            DecisionKind = "undo"          // the claims are as extracted again, undecided
	// Decisions on agreement drafts (AgreementDraft): the subject is the
	// draft's ID and the decision covers no claims.
	DecisionApproveAgreement DecisionKind = "approve_agreement" // the draft's agreement is stored and assessed
	DecisionRejectAgreement  DecisionKind = "reject_agreement"  // the draft is set aside
	// DecisionMergeIncidents: the claims (of two or more incidents) are
	// one incident, whatever their days and places.
	DecisionMergeIncidents DecisionKind = "merge_incidents"
	// DecisionSplitIncident: the claims (of one incident) fall into the
	// parts Decision.Parts gives, which are never one incident.
	DecisionSplitIncident DecisionKind = "split_incident"
)

var decisionKinds = vocabulary[DecisionKind]{"decision kind", []DecisionKind{
	DecisionConfirmIncident, DecisionRejectIncident, DecisionConfirmClaim, DecisionRejectClaim,
	DecisionCorrectClaim, DecisionUndo, DecisionApproveAgreement, DecisionRejectAgreement,
	DecisionMergeIncidents, DecisionSplitIncident,
}}

func ParseDecisionKind(s string) (DecisionKind, error) { return decisionKinds.parse(s) }
func (k DecisionKind) Valid() bool                     { return decisionKinds.has(k) }

// OnAgreement says whether the kind decides on an agreement draft rather
// than on claims.
func (k DecisionKind) OnAgreement() bool {
	return k == DecisionApproveAgreement || k == DecisionRejectAgreement
}

// ClaimKey names a claim so that the name outlives a new extraction of its
// report: the claim's ID as it was, its report, kind, source sentence, for
// incident claims the words that name its place, and its ordinal among the
// claims of its report with the same kind, sentence and place words.
type ClaimKey struct {
	ClaimID  string    `json:"claim_id"`
	ReportID string    `json:"report_id"`
	Kind     ClaimKind `json:"kind"`
	Sentence Span      `json:"sentence"`
	Mention  string    `json:"mention,omitempty"`
	// Nth is 1 for the first claim of the report with the same kind,
	// sentence and place words, 2 for the second, ...; 0 when unknown
	// (keys stored before it was kept, or made by KeyOf).
	Nth int `json:"nth,omitempty"`
}

// KeyOf returns the key of a claim, without its ordinal (Nth): KeysOf
// gives it, from the claims of the claim's report.
func KeyOf(c Claim) ClaimKey {
	k := ClaimKey{ClaimID: c.ID, ReportID: c.ReportID, Kind: c.Kind, Sentence: c.Sentence}
	if c.Incident != nil {
		k.Mention = c.Incident.PlaceMention
	}
	return k
}

// KeysOf returns the keys of claims, with their ordinals (Nth) counted
// among the claims given, in their order: pass every claim of a report
// (or at least every claim of the sentences concerned), as extracted.
func KeysOf(claims []Claim) []ClaimKey {
	keys := make([]ClaimKey, len(claims))
	for i, n := range ordinals(claims) {
		keys[i] = KeyOf(claims[i])
		keys[i].Nth = n
	}
	return keys
}

// KeysIn returns the keys of claims with their ordinals (Nth) counted
// among all, the claims of their reports (claims not in all are counted
// among claims).
func KeysIn(claims, all []Claim) []ClaimKey {
	byID := map[string]ClaimKey{}
	for _, k := range KeysOf(all) {
		byID[k.ClaimID] = k
	}
	keys := KeysOf(claims)
	for i, c := range claims {
		if k, ok := byID[c.ID]; ok {
			keys[i] = k
		}
	}
	return keys
}

// ordinals returns each claim's ordinal (from 1) among the claims of the
// same report, kind, sentence and place words, in the order of the index
// that ends their IDs (the order extracted, whatever order they are
// given in), else in the order given.
func ordinals(claims []Claim) []int {
	type group struct {
		report, mention string
		kind            ClaimKind
		sentence        Span
	}
	groups := map[group][]int{}
	for i, c := range claims {
		k := KeyOf(c)
		g := group{k.ReportID, k.Mention, k.Kind, k.Sentence}
		groups[g] = append(groups[g], i)
	}
	out := make([]int, len(claims))
	for _, is := range groups {
		slices.SortStableFunc(is, func(a, b int) int {
			return compareInt64(idIndex(claims[a].ID), idIndex(claims[b].ID))
		})
		for n, i := range is {
			out[i] = n + 1
		}
	}
	return out
}

// idIndex returns the index that ends a claim ID (its place among the
// report's claims as extracted), or -1.
func idIndex(id string) int64 {
	n, err := strconv.ParseInt(id[strings.LastIndexByte(id, '-')+1:], 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// Correction holds what an analyst says a claim's fields really are; a
// zero field is left as extracted. Place is resolved when the decision is
// made (the gazetteer is not a stage's input).
type Correction struct {
	Place       *Place   `json:"place,omitempty"`
	Date        Date     `json:"date,omitzero"`
	Target      Target   `json:"target,omitempty"`
	Perpetrator Party    `json:"perpetrator,omitempty"`
	Claimant    Claimant `json:"claimant,omitempty"`
}

// Fields names the fields the correction sets.
func (c Correction) Fields() []string {
	var out []string
	if c.Place != nil {
		out = append(out, "place")
	}
	if !c.Date.IsZero() {
		out = append(out, "date")
	}
	if c.Target != "" {
		out = append(out, "target")
	}
	if c.Perpetrator != "" {
		out = append(out, "perpetrator")
	}
	if c.Claimant != "" {
		out = append(out, "claimant")
	}
	return out
}

func (c Correction) validate() error {
	var errs []error
	if len(c.Fields()) == 0 {
		errs = append(errs, errors.New("a correction sets no field"))
	}
	if c.Target != "" && !c.Target.Valid() {
		errs = append(errs, fmt.Errorf("target %q", c.Target))
	}
	if c.Perpetrator != "" && !c.Perpetrator.Valid() {
		errs = append(errs, fmt.Errorf("perpetrator %q", c.Perpetrator))
	}
	if c.Claimant != "" {
		if _, err := ParseClaimant(string(c.Claimant)); err != nil {
			errs = append(errs, err)
		}
	}
	if c.Place != nil && (c.Place.ID == "" || c.Place.Country == "") {
		errs = append(errs, errors.New("place without gazetteer id or country"))
	}
	return errors.Join(errs...)
}

// Validate checks a decision before it is stored: a known kind, at least
// one claim (none, and a draft as subject, for a decision on an agreement
// draft; two for a merge), a reason, an actor, a correction exactly when
// the kind asks for one, and for a split a part for every claim, at least
// two parts.
func (d Decision) Validate() error {
	var errs []error
	if !d.Kind.Valid() {
		errs = append(errs, fmt.Errorf("kind %q", d.Kind))
	}
	switch {
	case d.Kind.OnAgreement() && strings.TrimSpace(d.Subject) == "":
		errs = append(errs, errors.New("no draft"))
	case d.Kind.OnAgreement() && len(d.Claims) > 0:
		errs = append(errs, fmt.Errorf("%s with claims", d.Kind))
	case !d.Kind.OnAgreement() && len(d.Claims) == 0:
		errs = append(errs, errors.New("no claims"))
	}
	for _, k := range d.Claims {
		if k.ReportID == "" || !k.Kind.Valid() {
			errs = append(errs, fmt.Errorf("claim key %q without report or kind", k.ClaimID))
		}
	}
	if strings.TrimSpace(d.Reason) == "" {
		errs = append(errs, errors.New("no reason"))
	}
	if strings.TrimSpace(d.Actor) == "" {
		errs = append(errs, errors.New("no actor"))
	}
	switch {
	case d.Kind == DecisionCorrectClaim && d.Correction == nil:
		errs = append(errs, errors.New("correct_claim without a correction"))
	case d.Kind == DecisionCorrectClaim:
		errs = append(errs, d.Correction.validate())
	case d.Correction != nil:
		errs = append(errs, fmt.Errorf("%s with a correction", d.Kind))
	}
	switch d.Kind {
	case DecisionMergeIncidents:
		if len(d.Claims) < 2 {
			errs = append(errs, errors.New("a merge of fewer than two claims"))
		}
	case DecisionSplitIncident:
		errs = append(errs, d.validateParts())
	}
	if d.Kind != DecisionSplitIncident && d.Parts != nil {
		errs = append(errs, fmt.Errorf("%s with parts", d.Kind))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("decision on %s: %w: %w", d.Subject, ErrInvalid, err)
	}
	return nil
}

// validateParts checks a split's parts: one for each claim, none
// negative, at least two different.
func (d Decision) validateParts() error {
	if len(d.Parts) != len(d.Claims) {
		return fmt.Errorf("%d parts for %d claims", len(d.Parts), len(d.Claims))
	}
	seen := map[int]bool{}
	for _, p := range d.Parts {
		if p < 0 {
			return fmt.Errorf("part %d", p)
		}
		seen[p] = true
	}
	if len(seen) < 2 {
		return errors.New("a split into fewer than two parts")
	}
	return nil
}

// ReportIDs returns the reports of the decision's claims, sorted.
func (d Decision) ReportIDs() []string {
	var out []string
	for _, k := range d.Claims {
		out = append(out, k.ReportID)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Verdict is an analyst's verdict on a claim.
type Verdict string

const (
	VerdictConfirmed Verdict = "confirmed"
	VerdictRejected  Verdict = "rejected"
)

// ClaimReview is what the decisions on a claim leave it with: a verdict
// (or none), the fields corrected, and the last decision that set them,
// with its reason, actor and time; and the group label of the latest
// merge or split (at most one of Merged and Split), which correlate.Group
// obeys. A merge or split leaves Decision, Reason, Actor and At as the
// last verdict or correction set them: the audit trail tells why claims
// were merged or split.
type ClaimReview struct {
	Verdict   Verdict   `json:"verdict,omitempty"`
	Corrected []string  `json:"corrected,omitempty"` // fields an analyst corrected
	Decision  int64     `json:"decision"`            // the last verdict or correction applied
	Reason    string    `json:"reason"`
	Actor     string    `json:"actor"`
	At        time.Time `json:"at"`
	// Merged is "m" and the merge decision's ID: claims with the same
	// label are one incident.
	Merged string `json:"merged,omitempty"`
	// Split is "s", the split decision's ID, "." and the claim's part:
	// the claim is grouped only with claims with the same label.
	Split string `json:"split,omitempty"`
}

// MergeLabel is the label of the latest merge of the claim, "" if none.
func (c Claim) MergeLabel() string {
	if c.Review == nil {
		return ""
	}
	return c.Review.Merged
}

// SplitLabel is the label of the claim's part in the latest split of it,
// "" if none.
func (c Claim) SplitLabel() string {
	if c.Review == nil {
		return ""
	}
	return c.Review.Split
}

// Rejected says whether an analyst rejected the claim.
func (c Claim) Rejected() bool { return c.Review != nil && c.Review.Verdict == VerdictRejected }

// Confirmed says whether an analyst confirmed the claim.
func (c Claim) Confirmed() bool { return c.Review != nil && c.Review.Verdict == VerdictConfirmed }

// Match returns the index in claims (a report's claims, as extracted) of
// the claim the key names, or -1. The rule, strongest first: the same
// claim ID with the same sentence and the same place words, and the same
// ordinal where the key has one (the same extraction); else a claim of the
// same report and kind whose sentence overlaps the key's and that names
// the place with the same words, the largest overlap first; else, with no
// such claim, the one whose sentence overlaps most. Ties go to the claim
// with the key's ordinal (Nth), then to the one with the key's claim ID,
// then to the first in claims.
func (k ClaimKey) Match(claims []Claim) int {
	nth := ordinals(claims)
	best, bestRank, bestOverlap, bestTie := -1, 0, 0, 0
	for i, c := range claims {
		if c.ReportID != k.ReportID || c.Kind != k.Kind {
			continue
		}
		mention := KeyOf(c).Mention
		sameNth := k.Nth == 0 || nth[i] == k.Nth
		if c.ID == k.ClaimID && c.Sentence == k.Sentence && mention == k.Mention && sameNth {
			return i
		}
		ov := min(c.Sentence.End, k.Sentence.End) - max(c.Sentence.Start, k.Sentence.Start)
		if ov <= 0 && c.Sentence != k.Sentence {
			continue
		}
		rank := 1
		if mention == k.Mention {
			rank = 2
		}
		tie := 0
		if k.Nth > 0 && nth[i] == k.Nth {
			tie += 2
		}
		if c.ID == k.ClaimID {
			tie++
		}
		if rank > bestRank || rank == bestRank && (ov > bestOverlap || ov == bestOverlap && tie > bestTie) {
			best, bestRank, bestOverlap, bestTie = i, rank, ov, tie
		}
	}
	return best
}

// ApplyDecisions returns the claims of a report as the decisions leave
// them: each decision, in the order made (by ID), is applied to the claim
// each of its keys matches. A verdict replaces the verdict before it,
// except that an incident-level verdict (confirm_incident,
// reject_incident) leaves a claim alone that a claim-level verdict
// (confirm_claim, reject_claim) was given earlier: an analyst who rejects
// one claim and then confirms the incident means the others. A correction
// replaces the fields it sets; a merge or split replaces the group label
// of the merge or split before it; an undo puts the claim back as
// extracted, its claim-level verdict gone too. The claims given are not
// changed.
func ApplyDecisions(claims []Claim, decisions []Decision) []Claim {
	if len(decisions) == 0 {
		return claims
	}
	ds := slices.Clone(decisions)
	slices.SortStableFunc(ds, func(a, b Decision) int { return compareInt64(a.ID, b.ID) })
	out := slices.Clone(claims)
	ownVerdict := make([]bool, len(claims)) // a claim-level verdict stands
	for _, d := range ds {
		for j, k := range d.Claims {
			i := k.Match(claims) // matched against the claims as extracted
			if i < 0 {
				continue
			}
			switch d.Kind {
			case DecisionConfirmIncident, DecisionRejectIncident:
				if ownVerdict[i] {
					continue
				}
			case DecisionConfirmClaim, DecisionRejectClaim:
				ownVerdict[i] = true
			case DecisionUndo:
				ownVerdict[i] = false
			}
			out[i] = apply(out[i], claims[i], d, j)
		}
	}
	return out
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// apply applies one decision to a claim, the one its j-th key names
// (extracted is the claim as the extractor made it).
func apply(c, extracted Claim, d Decision, j int) Claim {
	rv := ClaimReview{}
	if c.Review != nil {
		rv = *c.Review
		rv.Corrected = slices.Clone(rv.Corrected)
	}
	switch d.Kind {
	case DecisionConfirmIncident, DecisionConfirmClaim:
		rv.Verdict = VerdictConfirmed
	case DecisionRejectIncident, DecisionRejectClaim:
		rv.Verdict = VerdictRejected
	case DecisionUndo:
		c, rv = extracted, ClaimReview{}
	case DecisionMergeIncidents:
		rv.Merged, rv.Split = fmt.Sprintf("m%d", d.ID), ""
		c.Review = &rv
		return c
	case DecisionSplitIncident:
		if j >= len(d.Parts) {
			return c
		}
		rv.Merged, rv.Split = "", fmt.Sprintf("s%d.%d", d.ID, d.Parts[j])
		c.Review = &rv
		return c
	case DecisionCorrectClaim:
		if c.Incident == nil || d.Correction == nil {
			return c
		}
		inc := *c.Incident
		x := d.Correction
		if x.Place != nil {
			inc.Place = *x.Place
		}
		if !x.Date.IsZero() {
			inc.Date = x.Date
			inc.DatePrecision = DateDay
		}
		if x.Target != "" {
			inc.Target = x.Target
		}
		if x.Perpetrator != "" {
			inc.Perpetrator = x.Perpetrator
		}
		if x.Claimant != "" {
			inc.Claimant = x.Claimant
		}
		c.Incident = &inc
		for _, f := range x.Fields() {
			if !slices.Contains(rv.Corrected, f) {
				rv.Corrected = append(rv.Corrected, f)
			}
		}
	}
	rv.Decision, rv.Reason, rv.Actor, rv.At = d.ID, d.Reason, d.Actor, d.At
	c.Review = &rv
	if d.Kind == DecisionUndo {
		c.Review = nil
	}
	return c
}

// MergeOf returns the merge of incidents: a decision on the claims of each
// (claims[i] are incident ids[i]'s), its subject their IDs joined by "+".
// Reason, actor and time are the caller's to set.
func MergeOf(ids []string, claims [][]Claim) Decision {
	d := Decision{Kind: DecisionMergeIncidents, Subject: strings.Join(ids, "+")}
	d.Claims = KeysOf(slices.Concat(claims...))
	return d
}

// SplitOf returns the split of an incident: the claims named in apart go
// to a new incident (part 1), the others stay (part 0). Every name in
// apart must be a claim of the incident, and at least one claim must stay.
func SplitOf(incidentID string, claims []Claim, apart []string) (Decision, error) {
	d := Decision{Kind: DecisionSplitIncident, Subject: incidentID}
	found := 0
	for _, c := range claims {
		part := 0
		if slices.Contains(apart, c.ID) {
			part = 1
			found++
		}
		d.Parts = append(d.Parts, part)
	}
	d.Claims = KeysOf(claims)
	switch {
	case len(apart) == 0:
		return d, fmt.Errorf("split of %s: %w: no claims for the new incident", incidentID, ErrInvalid)
	case found != len(slices.Compact(slices.Sorted(slices.Values(apart)))):
		return d, fmt.Errorf("split of %s: %w: a claim named is not the incident's", incidentID, ErrInvalid)
	case found == len(claims):
		return d, fmt.Errorf("split of %s: %w: keep at least one claim in it", incidentID, ErrInvalid)
	}
	return d, nil
}
