package trucewatch

import (
	"fmt"
	"slices"
	"strings"
)

// A vocabulary is the closed set of values one typed field may take. Each
// typed constant below has one, so parsing and validation live in one place.
type vocabulary[T ~string] struct {
	field  string // the field's name in files and errors, e.g. "target"
	values []T
}

func (v vocabulary[T]) has(x T) bool { return slices.Contains(v.values, x) }

func (v vocabulary[T]) parse(s string) (T, error) {
	x := T(strings.TrimSpace(s))
	if !v.has(x) {
		return x, fmt.Errorf("%s %q: want one of %s: %w", v.field, s, v.list(), ErrInvalid)
	}
	return x, nil
}

func (v vocabulary[T]) list() string {
	s := make([]string, len(v.values))
	for i, x := range v.values {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// unmarshal lets a vocabulary type reject unknown values while decoding JSON.
func (v vocabulary[T]) unmarshal(dst *T, text []byte) error {
	x, err := v.parse(string(text))
	if err != nil {
		return err
	}
	*dst = x
	return nil
}

// Target is the category of what was struck.
type Target string

const (
	TargetEnergy      Target = "energy"
	TargetMedical     Target = "medical"
	TargetTransport   Target = "transport"
	TargetResidential Target = "residential"
	TargetEducation   Target = "education"
	TargetMilitary    Target = "military"
	TargetPort        Target = "port"
	TargetIndustrial  Target = "industrial"
	TargetOther       Target = "other"
	TargetUnknown     Target = "unknown"
)

var targets = vocabulary[Target]{"target", []Target{
	TargetEnergy, TargetMedical, TargetTransport, TargetResidential, TargetEducation,
	TargetMilitary, TargetPort, TargetIndustrial, TargetOther, TargetUnknown,
}}

// Targets lists every target category.
func Targets() []Target                        { return slices.Clone(targets.values) }
func ParseTarget(s string) (Target, error)     { return targets.parse(s) }
func (t Target) Valid() bool                   { return targets.has(t) }
func (t *Target) UnmarshalText(b []byte) error { return targets.unmarshal(t, b) }

// Weapon is the means of a strike.
type Weapon string

const (
	WeaponDrone     Weapon = "drone"
	WeaponMissile   Weapon = "missile"
	WeaponArtillery Weapon = "artillery"
	WeaponGlideBomb Weapon = "glide_bomb"
	WeaponAircraft  Weapon = "aircraft"
	WeaponOther     Weapon = "other"
	WeaponUnknown   Weapon = "unknown"
)

var weapons = vocabulary[Weapon]{"weapon", []Weapon{
	WeaponDrone, WeaponMissile, WeaponArtillery, WeaponGlideBomb, WeaponAircraft, WeaponOther, WeaponUnknown,
}}

func ParseWeapon(s string) (Weapon, error)     { return weapons.parse(s) }
func (w Weapon) Valid() bool                   { return weapons.has(w) }
func (w *Weapon) UnmarshalText(b []byte) error { return weapons.unmarshal(w, b) }

// Consequence is an effect a report attributes to a strike.
type Consequence string

const (
	ConsequencePowerOutage   Consequence = "power_outage"
	ConsequenceWaterOutage   Consequence = "water_outage"
	ConsequenceHeatingOutage Consequence = "heating_outage"
	ConsequenceFire          Consequence = "fire"
	ConsequenceCasualties    Consequence = "casualties"
	ConsequenceDamage        Consequence = "damage"
)

var consequences = vocabulary[Consequence]{"consequence", []Consequence{
	ConsequencePowerOutage, ConsequenceWaterOutage, ConsequenceHeatingOutage,
	ConsequenceFire, ConsequenceCasualties, ConsequenceDamage,
}}

func ParseConsequence(s string) (Consequence, error) { return consequences.parse(s) }
func (c Consequence) Valid() bool                    { return consequences.has(c) }
func (c *Consequence) UnmarshalText(b []byte) error  { return consequences.unmarshal(c, b) }

// DatePrecision says how exactly a claim's date is known.
type DatePrecision string

const (
	DateDay   DatePrecision = "day"
	DateWeek  DatePrecision = "week"
	DateMonth DatePrecision = "month"
)

var datePrecisions = vocabulary[DatePrecision]{"date_precision", []DatePrecision{DateDay, DateWeek, DateMonth}}

func ParseDatePrecision(s string) (DatePrecision, error) { return datePrecisions.parse(s) }
func (p DatePrecision) Valid() bool                      { return datePrecisions.has(p) }

// UnmarshalText accepts "" too: a claim with no known date has no
// precision either.
func (p *DatePrecision) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = ""
		return nil
	}
	return datePrecisions.unmarshal(p, b)
}

// PlacePrecision says how exactly a place is known.
type PlacePrecision string

const (
	PlaceSettlement PlacePrecision = "settlement" // a town, village or facility
	PlaceAdmin1     PlacePrecision = "admin1"     // an oblast, krai, republic
	PlaceRegion     PlacePrecision = "region"     // "southern Russia", "the north-east"
	PlaceCountry    PlacePrecision = "country"
)

var placePrecisions = vocabulary[PlacePrecision]{"place_precision", []PlacePrecision{
	PlaceSettlement, PlaceAdmin1, PlaceRegion, PlaceCountry,
}}

func ParsePlacePrecision(s string) (PlacePrecision, error) { return placePrecisions.parse(s) }
func (p PlacePrecision) Valid() bool                       { return placePrecisions.has(p) }
func (p *PlacePrecision) UnmarshalText(b []byte) error     { return placePrecisions.unmarshal(p, b) }

// Rank orders precisions from the most exact, settlement (0), to the
// least, country (3); an unknown precision ranks with country.
func (p PlacePrecision) Rank() int {
	if i := slices.Index(placePrecisions.values, p); i >= 0 {
		return i
	}
	return len(placePrecisions.values) - 1
}

// AgreementStatus is where an agreement stands between the parties.
type AgreementStatus string

const (
	AgreementProposed AgreementStatus = "proposed"
	AgreementAgreed   AgreementStatus = "agreed"
	AgreementRejected AgreementStatus = "rejected"
	// AgreementDeclared is a unilateral truce that one party announces for
	// its own forces (the Easter truce of April 2025): it binds the
	// declaring party only and is never reciprocal.
	AgreementDeclared AgreementStatus = "declared"
)

var agreementStatuses = vocabulary[AgreementStatus]{"status", []AgreementStatus{
	AgreementProposed, AgreementAgreed, AgreementRejected, AgreementDeclared,
}}

// InForce reports whether an agreement with this status binds anyone:
// agreed binds its parties, declared binds the party that declared it.
func (s AgreementStatus) InForce() bool { return s == AgreementAgreed || s == AgreementDeclared }

func ParseAgreementStatus(s string) (AgreementStatus, error) { return agreementStatuses.parse(s) }
func (s AgreementStatus) Valid() bool                        { return agreementStatuses.has(s) }
func (s *AgreementStatus) UnmarshalText(b []byte) error      { return agreementStatuses.unmarshal(s, b) }

// Domain is where a strike is carried out or launched from, for agreements
// that cover only some of them (e.g. "air and sea").
type Domain string

const (
	DomainLand Domain = "land"
	DomainAir  Domain = "air"
	DomainSea  Domain = "sea"
)

var domains = vocabulary[Domain]{"domain", []Domain{DomainLand, DomainAir, DomainSea}}

func ParseDomain(s string) (Domain, error)     { return domains.parse(s) }
func (d Domain) Valid() bool                   { return domains.has(d) }
func (d *Domain) UnmarshalText(b []byte) error { return domains.unmarshal(d, b) }

// Affiliation is who an outlet or speaker answers to. It decides whether a
// second report is independent confirmation or the same side speaking twice.
type Affiliation string

const (
	AffiliationStateMedia  Affiliation = "state_media" // media controlled by a party
	AffiliationOfficial    Affiliation = "official"    // a party's government, army or administration
	AffiliationIndependent Affiliation = "independent" // independent national media
	AffiliationWire        Affiliation = "wire"        // international news agency
	AffiliationOther       Affiliation = "other"
	AffiliationUnknown     Affiliation = "unknown"
)

var affiliations = vocabulary[Affiliation]{"affiliation", []Affiliation{
	AffiliationStateMedia, AffiliationOfficial, AffiliationIndependent, AffiliationWire,
	AffiliationOther, AffiliationUnknown,
}}

func ParseAffiliation(s string) (Affiliation, error) { return affiliations.parse(s) }
func (a Affiliation) Valid() bool                    { return affiliations.has(a) }
func (a *Affiliation) UnmarshalText(b []byte) error  { return affiliations.unmarshal(a, b) }

// AssessmentStatus is how far an accusation is supported.
type AssessmentStatus string

const (
	StatusAlleged      AssessmentStatus = "alleged"      // one party's claim
	StatusCorroborated AssessmentStatus = "corroborated" // an independent origin outside the accusing party
	StatusDisputed     AssessmentStatus = "disputed"     // the accused denies or counter-claims
	StatusConfirmed    AssessmentStatus = "confirmed"    // an analyst confirmed it
	StatusRejected     AssessmentStatus = "rejected"     // an analyst rejected it
)

var assessmentStatuses = vocabulary[AssessmentStatus]{"status", []AssessmentStatus{
	StatusAlleged, StatusCorroborated, StatusDisputed, StatusConfirmed, StatusRejected,
}}

func ParseAssessmentStatus(s string) (AssessmentStatus, error) { return assessmentStatuses.parse(s) }
func (s AssessmentStatus) Valid() bool                         { return assessmentStatuses.has(s) }
func (s *AssessmentStatus) UnmarshalText(b []byte) error       { return assessmentStatuses.unmarshal(s, b) }

// ClaimKind is what a claim asserts.
type ClaimKind string

const (
	ClaimIncident  ClaimKind = "incident"  // a strike or attack on one place
	ClaimExchange  ClaimKind = "exchange"  // a prisoner exchange
	ClaimAgreement ClaimKind = "agreement" // a statement about an agreement
)

var claimKinds = vocabulary[ClaimKind]{"kind", []ClaimKind{ClaimIncident, ClaimExchange, ClaimAgreement}}

func ParseClaimKind(s string) (ClaimKind, error)  { return claimKinds.parse(s) }
func (k ClaimKind) Valid() bool                   { return claimKinds.has(k) }
func (k *ClaimKind) UnmarshalText(b []byte) error { return claimKinds.unmarshal(k, b) }
