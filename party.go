package trucewatch

import (
	"fmt"
	"strings"
)

// Party is a state taking part in a conflict or an agreement, written as its
// ISO 3166-1 alpha-2 code ("RU", "UA", "US"). PartyUnknown stands for a
// perpetrator that no report names.
type Party string

const (
	PartyRU      Party = "RU"
	PartyUA      Party = "UA"
	PartyUS      Party = "US"
	PartySA      Party = "SA" // Saudi Arabia, host of the March 2025 talks
	PartyTR      Party = "TR" // Türkiye, mediator of earlier exchanges
	PartyAE      Party = "AE" // United Arab Emirates, mediator of exchanges
	PartyUnknown Party = "unknown"
)

// ParseParty accepts an alpha-2 code in any case, or "unknown".
func ParseParty(s string) (Party, error) {
	s = strings.TrimSpace(s)
	if s == string(PartyUnknown) {
		return PartyUnknown, nil
	}
	p := Party(strings.ToUpper(s))
	if !p.Valid() {
		return p, fmt.Errorf("party %q: want an ISO 3166-1 alpha-2 code or %q: %w", s, PartyUnknown, ErrInvalid)
	}
	return p, nil
}

// Valid reports whether p is "unknown" or has the form of an alpha-2 code.
// Whether the code is assigned is not checked: the list changes, and a
// monitor must not lose a claim because of it.
func (p Party) Valid() bool {
	if p == PartyUnknown {
		return true
	}
	return len(p) == 2 && 'A' <= p[0] && p[0] <= 'Z' && 'A' <= p[1] && p[1] <= 'Z'
}

// JoinParties writes the parties' codes with sep between them.
func JoinParties(ps []Party, sep string) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, sep)
}

// UnmarshalText makes JSON decoding reject malformed party codes.
func (p *Party) UnmarshalText(b []byte) error {
	x, err := ParseParty(string(b))
	if err != nil {
		return err
	}
	*p = x
	return nil
}

// Claimant is the affiliation of whoever asserts a claim: a party (its
// officials, ministries, regional administrations, presidents), the media
// (an outlet's own reporting or another outlet it cites), or someone else.
type Claimant string

const (
	ClaimantMedia Claimant = "media"
	ClaimantOther Claimant = "other"
)

// ClaimantParty is the claimant for a party's officials.
func ClaimantParty(p Party) Claimant { return Claimant(p) }

// ParseClaimant accepts "media", "other" or a party code.
func ParseClaimant(s string) (Claimant, error) {
	s = strings.TrimSpace(s)
	switch Claimant(s) {
	case ClaimantMedia, ClaimantOther:
		return Claimant(s), nil
	}
	p, err := ParseParty(s)
	if err != nil || p == PartyUnknown {
		return Claimant(s), fmt.Errorf("claimant %q: want %q, %q or a party code: %w", s, ClaimantMedia, ClaimantOther, ErrInvalid)
	}
	return Claimant(p), nil
}

// Party returns the party behind an official claim, and false for media and others.
func (c Claimant) Party() (Party, bool) {
	p := Party(c)
	if c == ClaimantMedia || c == ClaimantOther || p == PartyUnknown || !p.Valid() {
		return "", false
	}
	return p, true
}

// UnmarshalText makes JSON decoding reject unknown claimants.
func (c *Claimant) UnmarshalText(b []byte) error {
	x, err := ParseClaimant(string(b))
	if err != nil {
		return err
	}
	*c = x
	return nil
}
