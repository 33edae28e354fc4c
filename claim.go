package trucewatch

import (
	"errors"
	"fmt"
)

// Span is a byte range [Start, End) in a report's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// In returns the spanned part of text, or "" if the span does not fit it.
func (s Span) In(text string) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// Claim is one assertion found in a report, traceable to the sentence that
// makes it. Exactly one of Incident, Exchange and Agreement is set, as Kind
// says.
type Claim struct {
	ID       string    // stable: derived from the report and the span
	ReportID string    // the report it was found in
	Kind     ClaimKind // incident, exchange or agreement
	Sentence Span      // the source sentence in the report's Text
	Speaker  string    // who says so, as the text names them ("Selenskij", "the General Staff")

	Incident  *IncidentClaim
	Exchange  *ExchangeClaim
	Agreement *AgreementClaim

	// Review is what analysts decided about the claim (decision.go), nil
	// when nobody did: applied to the claim each time it is extracted.
	Review *ClaimReview `json:",omitempty"`
}

// IncidentClaim asserts one strike or attack on one place.
type IncidentClaim struct {
	Date          Date          // unknown when the text gives none it can be resolved from
	DatePrecision DatePrecision // day, week, month
	Place         Place
	PlaceMention  string // the words the text uses for the place
	Target        Target
	TargetDetail  string // "hospital", "oil pumping station"
	Perpetrator   Party  // who is said to have struck, or PartyUnknown
	Claimant      Claimant
	Weapon        Weapon
	Quantity      *int // number of weapons, nil when not given
	Killed        *int
	Injured       *int
	Consequences  []Consequence
	Denial        bool // the claim denies the incident, or blames the other side for it
	// Background marks an earlier strike that the report recalls rather
	// than reports ("the refinery was already hit last July"): its claimant
	// is the outlet unless a speaker is named, and its date is only what
	// the text itself gives, which may be none.
	Background bool `json:",omitempty"`
}

// ExchangeClaim asserts a prisoner exchange.
type ExchangeClaim struct {
	Date     Date
	Parties  []Party
	Returned map[Party]int // for each party, how many of its people it got back
}

// AgreementClaim is a statement about an agreement: proposed, agreed or
// rejected, with its scope and terms as the text gives them.
type AgreementClaim struct {
	Parties      []Party
	Scope        []Target // target categories; empty with All set
	All          bool     // a general ceasefire
	DurationDays int      // 0 when not given
	Reciprocal   bool
	Status       AgreementStatus
	Conditions   []string
}

// Validate checks that the claim is internally consistent.
func (c Claim) Validate() error {
	var errs []error
	if !c.Kind.Valid() {
		errs = append(errs, fmt.Errorf("kind %q", c.Kind))
	}
	if c.ReportID == "" {
		errs = append(errs, errors.New("no report id"))
	}
	if c.Sentence.Start < 0 || c.Sentence.End < c.Sentence.Start {
		errs = append(errs, fmt.Errorf("sentence span %d-%d", c.Sentence.Start, c.Sentence.End))
	}
	set := 0
	for _, ok := range []bool{c.Incident != nil, c.Exchange != nil, c.Agreement != nil} {
		if ok {
			set++
		}
	}
	switch {
	case set != 1:
		errs = append(errs, fmt.Errorf("%d bodies set, want 1", set))
	case c.Kind == ClaimIncident && c.Incident == nil,
		c.Kind == ClaimExchange && c.Exchange == nil,
		c.Kind == ClaimAgreement && c.Agreement == nil:
		errs = append(errs, fmt.Errorf("kind %s without its body", c.Kind))
	}
	if i := c.Incident; i != nil {
		errs = append(errs, i.validate())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("claim %s: %w: %w", c.ID, ErrInvalid, err)
	}
	return nil
}

func (i *IncidentClaim) validate() error {
	var errs []error
	if i.DatePrecision != "" && !i.DatePrecision.Valid() {
		errs = append(errs, fmt.Errorf("date_precision %q", i.DatePrecision))
	}
	if !i.Target.Valid() {
		errs = append(errs, fmt.Errorf("target %q", i.Target))
	}
	if !i.Weapon.Valid() {
		errs = append(errs, fmt.Errorf("weapon %q", i.Weapon))
	}
	if !i.Perpetrator.Valid() {
		errs = append(errs, fmt.Errorf("perpetrator %q", i.Perpetrator))
	}
	if _, err := ParseClaimant(string(i.Claimant)); err != nil {
		errs = append(errs, err)
	}
	for _, n := range []*int{i.Quantity, i.Killed, i.Injured} {
		if n != nil && *n < 0 {
			errs = append(errs, fmt.Errorf("negative count %d", *n))
		}
	}
	for _, c := range i.Consequences {
		if !c.Valid() {
			errs = append(errs, fmt.Errorf("consequence %q", c))
		}
	}
	return errors.Join(errs...)
}
