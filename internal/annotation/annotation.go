// Package annotation is the JSON form of a report's claims shared by
// "trucewatch extract" (what it found) and gold files (what a person found),
// format v1 of the project's annotation contract. Fields may be added, never
// changed: gold files written today must read tomorrow.
package annotation

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/trucewatch/trucewatch"
)

// File is one report's annotation.
type File struct {
	Document   *Document   `json:"document,omitempty"`
	Incidents  []Incident  `json:"incidents"`
	Exchanges  []Exchange  `json:"exchanges"`
	Agreements []Agreement `json:"agreements"`
}

// Document is the report's metadata; in a gold file it wins over the
// report's own header.
type Document struct {
	URL       string `json:"url,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Language  string `json:"language,omitempty"`
	Published string `json:"published,omitempty"`
	// PublishedBasis says how the publication date was established when
	// the page did not show it; Title is the page's title. Both optional.
	PublishedBasis string `json:"published_basis,omitempty"`
	Title          string `json:"title,omitempty"`
}

// Incident is one claimed strike on one place.
type Incident struct {
	Date           string   `json:"date"`
	DatePrecision  string   `json:"date_precision"`
	Place          string   `json:"place"`
	Admin1         string   `json:"admin1,omitempty"`
	Country        string   `json:"country"`
	PlacePrecision string   `json:"place_precision"`
	Lat            *float64 `json:"lat,omitempty"`
	Lon            *float64 `json:"lon,omitempty"`
	Target         string   `json:"target"`
	TargetDetail   string   `json:"target_detail"`
	Perpetrator    string   `json:"perpetrator"`
	Claimant       string   `json:"claimant"`
	Weapon         string   `json:"weapon"`
	Quantity       *int     `json:"quantity"`
	Killed         *int     `json:"killed"`
	Injured        *int     `json:"injured"`
	Consequences   []string `json:"consequences"`

	// Optional: a record that may be found or missed without cost, and
	// the annotator's reasoning on a judgment call.
	Optional bool   `json:"optional,omitempty"`
	Notes    string `json:"notes,omitempty"`

	// Optional fields that extract adds; gold files may leave them out.
	PlaceID  string `json:"place_id,omitempty"` // gazetteer id
	Mention  string `json:"mention,omitempty"`  // the place as the text names it
	Speaker  string `json:"speaker,omitempty"`  // who the text says claims it
	Sentence string `json:"sentence,omitempty"` // the source sentence
	Span     []int  `json:"span,omitempty"`     // its byte offsets in the report text
	Occupied bool   `json:"occupied,omitempty"`
}

// Exchange is a prisoner exchange.
type Exchange struct {
	Date     string         `json:"date"`
	Parties  []string       `json:"parties"`
	Returned map[string]int `json:"returned"`
	Optional bool           `json:"optional,omitempty"`
	Notes    string         `json:"notes,omitempty"`

	Sentence string `json:"sentence,omitempty"`
	Span     []int  `json:"span,omitempty"`
}

// Agreement is a statement about an agreement.
type Agreement struct {
	Parties      []string `json:"parties"`
	Scope        []string `json:"scope"`
	DurationDays *int     `json:"duration_days"`
	Reciprocal   bool     `json:"reciprocal"`
	Status       string   `json:"status"`
	Optional     bool     `json:"optional,omitempty"`
	Notes        string   `json:"notes,omitempty"`

	Sentence string `json:"sentence,omitempty"`
	Span     []int  `json:"span,omitempty"`
}

// FromClaims builds the annotation of a report's claims. Denials are
// counter-claims on another incident, not incidents: they are left out.
// Admin1Name gives a unit's English name for its ISO code.
func FromClaims(r trucewatch.Report, claims []trucewatch.Claim, admin1Name func(iso string) string) File {
	f := File{
		Document:  &Document{URL: r.URL, Outlet: r.Outlet, Language: r.Language, Published: r.Published.String()},
		Incidents: []Incident{}, Exchanges: []Exchange{}, Agreements: []Agreement{},
	}
	for _, c := range claims {
		span := []int{c.Sentence.Start, c.Sentence.End}
		sentence := c.Sentence.In(r.Text)
		switch {
		case c.Incident != nil && !c.Incident.Denial:
			i := c.Incident
			p := i.Place
			inc := Incident{
				Date: i.Date.String(), DatePrecision: string(i.DatePrecision), Place: p.Name, Country: string(p.Country),
				PlacePrecision: string(p.Precision), Target: string(i.Target), TargetDetail: i.TargetDetail,
				Perpetrator: string(i.Perpetrator), Claimant: string(i.Claimant), Weapon: string(i.Weapon),
				Quantity: i.Quantity, Killed: i.Killed, Injured: i.Injured, Consequences: []string{},
				PlaceID: p.ID, Mention: i.PlaceMention, Speaker: c.Speaker, Sentence: sentence, Span: span, Occupied: p.Occupied,
			}
			if p.Admin1 != "" && admin1Name != nil {
				inc.Admin1 = admin1Name(p.Admin1)
			}
			if p.HasPoint() && p.Precision == trucewatch.PlaceSettlement {
				lat, lon := p.Lat, p.Lon
				inc.Lat, inc.Lon = &lat, &lon
			}
			for _, cq := range i.Consequences {
				inc.Consequences = append(inc.Consequences, string(cq))
			}
			f.Incidents = append(f.Incidents, inc)
		case c.Exchange != nil:
			e := Exchange{Date: c.Exchange.Date.String(), Returned: map[string]int{}, Sentence: sentence, Span: span}
			for _, p := range c.Exchange.Parties {
				e.Parties = append(e.Parties, string(p))
			}
			for p, n := range c.Exchange.Returned {
				e.Returned[string(p)] = n
			}
			f.Exchanges = append(f.Exchanges, e)
		case c.Agreement != nil:
			a := Agreement{Reciprocal: c.Agreement.Reciprocal, Status: string(c.Agreement.Status), Sentence: sentence, Span: span}
			for _, p := range c.Agreement.Parties {
				a.Parties = append(a.Parties, string(p))
			}
			if c.Agreement.All {
				a.Scope = []string{"all"}
			}
			for _, t := range c.Agreement.Scope {
				a.Scope = append(a.Scope, string(t))
			}
			if c.Agreement.DurationDays > 0 {
				n := c.Agreement.DurationDays
				a.DurationDays = &n
			}
			f.Agreements = append(f.Agreements, a)
		}
	}
	return f
}

// ReadFile reads a gold or extract file, rejecting values outside the
// vocabularies with errors that name the file and the field. Fields it does
// not know are ignored, as the contract asks, so that the format can grow.
func ReadFile(path string) (File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	return Parse(path, b)
}

// Parse reads an annotation file's bytes; name is used in errors.
func Parse(name string, b []byte) (File, error) {
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("%s: %w: %w", name, trucewatch.ErrInvalid, err)
	}
	if err := f.validate(); err != nil {
		return f, fmt.Errorf("%s: %w: %w", name, trucewatch.ErrInvalid, err)
	}
	return f, nil
}

func (f File) validate() error {
	check := func(field, v string, parse func(string) error) error {
		if err := parse(v); err != nil {
			return fmt.Errorf("%s: %w", field, err)
		}
		return nil
	}
	for i, inc := range f.Incidents {
		at := fmt.Sprintf("incidents[%d]", i)
		errs := []error{
			check(at+".date", inc.Date, func(s string) error { _, err := trucewatch.ParseDate(s); return err }),
			check(at+".target", inc.Target, func(s string) error { _, err := trucewatch.ParseTarget(s); return err }),
			check(at+".place_precision", inc.PlacePrecision, func(s string) error { _, err := trucewatch.ParsePlacePrecision(s); return err }),
			check(at+".perpetrator", inc.Perpetrator, func(s string) error { _, err := trucewatch.ParseParty(s); return err }),
			check(at+".claimant", inc.Claimant, func(s string) error { _, err := trucewatch.ParseClaimant(s); return err }),
			check(at+".weapon", inc.Weapon, func(s string) error { _, err := trucewatch.ParseWeapon(s); return err }),
			check(at+".country", inc.Country, func(s string) error { _, err := trucewatch.ParseParty(s); return err }),
		}
		for _, c := range inc.Consequences {
			errs = append(errs, check(at+".consequences", c, func(s string) error { _, err := trucewatch.ParseConsequence(s); return err }))
		}
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
	}
	for i, a := range f.Agreements {
		for _, s := range a.Scope {
			if s == "all" {
				continue
			}
			if _, err := trucewatch.ParseTarget(s); err != nil {
				return fmt.Errorf("agreements[%d].scope: %w", i, err)
			}
		}
		if _, err := trucewatch.ParseAgreementStatus(a.Status); err != nil {
			return fmt.Errorf("agreements[%d].status: %w", i, err)
		}
	}
	for i, e := range f.Exchanges {
		if _, err := trucewatch.ParseDate(e.Date); err != nil {
			return fmt.Errorf("exchanges[%d].date: %w", i, err)
		}
	}
	return nil
}

// SameSet reports whether two lists hold the same strings, in any order.
func SameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Reviewed builds the gold annotation of a report from its claims as
// analysts' decisions leave them (trucewatch.ApplyDecisions): rejected
// claims are left out, corrected fields are the analyst's. It is what
// `trucewatch export --format annotations` writes, so that eval scores
// the extractor against the analysts.
func Reviewed(r trucewatch.Report, claims []trucewatch.Claim, admin1Name func(iso string) string) File {
	var kept []trucewatch.Claim
	for _, c := range claims {
		if !c.Rejected() {
			kept = append(kept, c)
		}
	}
	f := FromClaims(r, kept, admin1Name)
	for i := range f.Incidents {
		f.Incidents[i].Sentence, f.Incidents[i].Span = "", nil
	}
	return f
}
