package trucewatch

import (
	"errors"
	"fmt"
	"slices"
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
	Reason     string      `json:"reason"` // why; required
	Actor      string      `json:"actor"`  // who
	At         time.Time   `json:"at"`     // when
}

// DecisionKind says what a decision does.
type DecisionKind string

const (
	DecisionConfirmIncident DecisionKind = "confirm_incident" // every claim of the incident is confirmed
	DecisionRejectIncident  DecisionKind = "reject_incident"  // every claim of the incident is rejected
	DecisionConfirmClaim    DecisionKind = "confirm_claim"
	DecisionRejectClaim     DecisionKind = "reject_claim"
	DecisionCorrectClaim    DecisionKind = "correct_claim" // Correction's fields replace the extracted ones
	DecisionUndo            DecisionKind = "undo"          // the claims are as extracted again, undecided
	// Decisions on agreement drafts (AgreementDraft): the subject is the
	// draft's ID and the decision covers no claims.
	DecisionApproveAgreement DecisionKind = "approve_agreement" // the draft's agreement is stored and assessed
	DecisionRejectAgreement  DecisionKind = "reject_agreement"  // the draft is set aside
)

var decisionKinds = vocabulary[DecisionKind]{"decision kind", []DecisionKind{
	DecisionConfirmIncident, DecisionRejectIncident, DecisionConfirmClaim, DecisionRejectClaim,
	DecisionCorrectClaim, DecisionUndo, DecisionApproveAgreement, DecisionRejectAgreement,
}}

func ParseDecisionKind(s string) (DecisionKind, error) { return decisionKinds.parse(s) }
func (k DecisionKind) Valid() bool                     { return decisionKinds.has(k) }

// OnAgreement says whether the kind decides on an agreement draft rather
// than on claims.
func (k DecisionKind) OnAgreement() bool {
	return k == DecisionApproveAgreement || k == DecisionRejectAgreement
}

// ClaimKey names a claim so that the name outlives a new extraction of its
// report: the claim's ID as it was, its report, kind, source sentence and,
// for incident claims, the words that name its place.
type ClaimKey struct {
	ClaimID  string    `json:"claim_id"`
	ReportID string    `json:"report_id"`
	Kind     ClaimKind `json:"kind"`
	Sentence Span      `json:"sentence"`
	Mention  string    `json:"mention,omitempty"`
}

// KeyOf returns the key of a claim.
func KeyOf(c Claim) ClaimKey {
	k := ClaimKey{ClaimID: c.ID, ReportID: c.ReportID, Kind: c.Kind, Sentence: c.Sentence}
	if c.Incident != nil {
		k.Mention = c.Incident.PlaceMention
	}
	return k
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
// draft), a reason, an actor, and a correction exactly when the kind asks
// for one.
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
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("decision on %s: %w: %w", d.Subject, ErrInvalid, err)
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
// with its reason, actor and time.
type ClaimReview struct {
	Verdict   Verdict   `json:"verdict,omitempty"`
	Corrected []string  `json:"corrected,omitempty"` // fields an analyst corrected
	Decision  int64     `json:"decision"`            // the last decision applied
	Reason    string    `json:"reason"`
	Actor     string    `json:"actor"`
	At        time.Time `json:"at"`
}

// Rejected says whether an analyst rejected the claim.
func (c Claim) Rejected() bool { return c.Review != nil && c.Review.Verdict == VerdictRejected }

// Confirmed says whether an analyst confirmed the claim.
func (c Claim) Confirmed() bool { return c.Review != nil && c.Review.Verdict == VerdictConfirmed }

// Match returns the index in claims of the claim the key names, or -1.
// The rule, strongest first: the same claim ID with the same sentence (the
// same extraction); else a claim of the same report and kind whose
// sentence overlaps the key's and that names the place with the same
// words, the largest overlap first; else, with no such claim, the one
// whose sentence overlaps most. Ties go to the first in claims.
func (k ClaimKey) Match(claims []Claim) int {
	best, bestRank, bestOverlap := -1, 0, 0
	for i, c := range claims {
		if c.ReportID != k.ReportID || c.Kind != k.Kind {
			continue
		}
		if c.ID == k.ClaimID && c.Sentence == k.Sentence {
			return i
		}
		ov := min(c.Sentence.End, k.Sentence.End) - max(c.Sentence.Start, k.Sentence.Start)
		if ov <= 0 && c.Sentence != k.Sentence {
			continue
		}
		rank := 1
		if KeyOf(c).Mention == k.Mention {
			rank = 2
		}
		if rank > bestRank || rank == bestRank && ov > bestOverlap {
			best, bestRank, bestOverlap = i, rank, ov
		}
	}
	return best
}

// ApplyDecisions returns the claims of a report as the decisions leave
// them: each decision, in the order made (by ID), is applied to the claim
// each of its keys matches. A verdict replaces the verdict before it; a
// correction replaces the fields it sets; an undo puts the claim back as
// extracted. The claims given are not changed.
func ApplyDecisions(claims []Claim, decisions []Decision) []Claim {
	if len(decisions) == 0 {
		return claims
	}
	ds := slices.Clone(decisions)
	slices.SortStableFunc(ds, func(a, b Decision) int { return compareInt64(a.ID, b.ID) })
	out := slices.Clone(claims)
	for _, d := range ds {
		for _, k := range d.Claims {
			i := k.Match(claims) // matched against the claims as extracted
			if i < 0 {
				continue
			}
			out[i] = apply(out[i], claims[i], d)
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

// apply applies one decision to a claim (extracted is the claim as the
// extractor made it).
func apply(c, extracted Claim, d Decision) Claim {
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
