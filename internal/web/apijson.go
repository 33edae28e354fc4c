package web

import (
	"cmp"
	"slices"

	"github.com/trucewatch/trucewatch"
)

// The API's views of the domain types that carry no JSON tags: claims
// and sources. Their Go field names are their stored encoding (a claim's
// body in the database, the ledger's canonical bytes, the annotation
// export), which must not change; the API writes them in snake_case like
// everything else it serves (docs/web.md, "JSON").

// claimJSON is a claim as the API writes it.
type claimJSON struct {
	ID        string                  `json:"id"`
	ReportID  string                  `json:"report_id"`
	Kind      trucewatch.ClaimKind    `json:"kind"`
	Sentence  trucewatch.Span         `json:"sentence"`
	Speaker   string                  `json:"speaker,omitempty"`
	Incident  *incidentClaimJSON      `json:"incident,omitempty"`
	Exchange  *exchangeClaimJSON      `json:"exchange,omitempty"`
	Agreement *agreementClaimJSON     `json:"agreement,omitempty"`
	Review    *trucewatch.ClaimReview `json:"review,omitempty"`
}

type incidentClaimJSON struct {
	Date          trucewatch.Date          `json:"date,omitzero"`
	DatePrecision trucewatch.DatePrecision `json:"date_precision,omitempty"`
	Place         trucewatch.Place         `json:"place"`
	PlaceMention  string                   `json:"place_mention,omitempty"`
	Target        trucewatch.Target        `json:"target"`
	TargetDetail  string                   `json:"target_detail,omitempty"`
	Perpetrator   trucewatch.Party         `json:"perpetrator"`
	Claimant      trucewatch.Claimant      `json:"claimant"`
	Weapon        trucewatch.Weapon        `json:"weapon,omitempty"`
	Quantity      *int                     `json:"quantity"`
	Killed        *int                     `json:"killed"`
	Injured       *int                     `json:"injured"`
	Consequences  []trucewatch.Consequence `json:"consequences"`
	Denial        bool                     `json:"denial"`
	Background    bool                     `json:"background,omitempty"`
}

type exchangeClaimJSON struct {
	Date    trucewatch.Date    `json:"date,omitzero"`
	Parties []trucewatch.Party `json:"parties"`
	// Returned is a list, not an object keyed by party, so that every key
	// the API writes is a field name.
	Returned []partyCount `json:"returned"`
}

type partyCount struct {
	Party trucewatch.Party `json:"party"`
	Count int              `json:"count"`
}

type agreementClaimJSON struct {
	Parties      []trucewatch.Party         `json:"parties"`
	Scope        []trucewatch.Target        `json:"scope"`
	All          bool                       `json:"all"`
	DurationDays int                        `json:"duration_days,omitempty"`
	Reciprocal   bool                       `json:"reciprocal"`
	Status       trucewatch.AgreementStatus `json:"status"`
	Conditions   []string                   `json:"conditions,omitempty"`
}

func newClaimJSON(c trucewatch.Claim) claimJSON {
	out := claimJSON{ID: c.ID, ReportID: c.ReportID, Kind: c.Kind, Sentence: c.Sentence, Speaker: c.Speaker, Review: c.Review}
	if i := c.Incident; i != nil {
		out.Incident = &incidentClaimJSON{Date: i.Date, DatePrecision: i.DatePrecision, Place: i.Place, PlaceMention: i.PlaceMention,
			Target: i.Target, TargetDetail: i.TargetDetail, Perpetrator: i.Perpetrator, Claimant: i.Claimant, Weapon: i.Weapon,
			Quantity: i.Quantity, Killed: i.Killed, Injured: i.Injured, Consequences: nonNil(i.Consequences), Denial: i.Denial, Background: i.Background}
	}
	if x := c.Exchange; x != nil {
		e := &exchangeClaimJSON{Date: x.Date, Parties: nonNil(x.Parties), Returned: []partyCount{}}
		for p, n := range x.Returned {
			e.Returned = append(e.Returned, partyCount{p, n})
		}
		slices.SortFunc(e.Returned, func(a, b partyCount) int { return cmp.Compare(a.Party, b.Party) })
		out.Exchange = e
	}
	if a := c.Agreement; a != nil {
		out.Agreement = &agreementClaimJSON{Parties: nonNil(a.Parties), Scope: nonNil(a.Scope), All: a.All, DurationDays: a.DurationDays,
			Reciprocal: a.Reciprocal, Status: a.Status, Conditions: a.Conditions}
	}
	return out
}

func newClaimsJSON(cs []trucewatch.Claim) []claimJSON {
	out := make([]claimJSON, len(cs))
	for i, c := range cs {
		out[i] = newClaimJSON(c)
	}
	return out
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// sourceJSON is an entry of the source registry as the API writes it.
type sourceJSON struct {
	Outlet      string                 `json:"outlet"`
	URL         string                 `json:"url,omitempty"`
	Affiliation trucewatch.Affiliation `json:"affiliation"`
	Party       trucewatch.Party       `json:"party,omitempty"`
	Notes       string                 `json:"notes,omitempty"`
}

func newSourceJSON(s trucewatch.Source) sourceJSON {
	return sourceJSON{Outlet: s.Outlet, URL: s.URL, Affiliation: s.Affiliation, Party: s.Party, Notes: s.Notes}
}

// incidentDetailJSON is incidentDetail as the API writes it.
type incidentDetailJSON struct {
	Incident    trucewatch.Incident     `json:"incident"`
	Evidence    []evidenceJSON          `json:"evidence"`
	Assessments []trucewatch.Assessment `json:"assessments"`
	Decisions   []trucewatch.Decision   `json:"decisions"`
}

type evidenceJSON struct {
	Claim    claimJSON  `json:"claim"`
	Report   reportJSON `json:"report"`
	Source   sourceJSON `json:"source"`
	Sentence string     `json:"sentence"`
}

func (d incidentDetail) json() incidentDetailJSON {
	out := incidentDetailJSON{Incident: d.Incident, Evidence: make([]evidenceJSON, len(d.Evidence)), Assessments: nonNil(d.Assessments), Decisions: nonNil(d.Decisions)}
	for i, e := range d.Evidence {
		out.Evidence[i] = evidenceJSON{Claim: newClaimJSON(e.Claim), Report: e.Report, Source: newSourceJSON(e.Source), Sentence: e.Sentence}
	}
	return out
}
