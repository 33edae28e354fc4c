package trucewatch

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Incident is one real-world strike or attack as the monitor reconstructs it
// from all the claims about it, in every language, claim and counter-claim
// side by side.
type Incident struct {
	ID           string   `json:"id"`   // stable: derived from its first claim
	From         Date     `json:"from"` // the window the claims allow
	To           Date     `json:"to"`
	Place        Place    `json:"place"` // the most precise place the claims agree on
	Target       Target   `json:"target"`
	TargetDetail string   `json:"target_detail,omitempty"`
	ClaimIDs     []string `json:"claim_ids"` // every claim about it, counter-claims included
	Accused      []Party  `json:"accused"`   // the parties named as perpetrator by some claim
	Origins      []Origin `json:"origins"`   // the independent origins of its claims
	// Confirmed: an analyst confirmed a claim of it that is not rejected.
	// Rejected: an analyst rejected every claim of it. Rejected claims stay
	// in ClaimIDs, to be shown as rejected, but count for nothing: not for
	// the place, the accused, the origins or the assessment.
	Confirmed bool `json:"confirmed,omitempty"`
	Rejected  bool `json:"rejected,omitempty"`
}

// Origin is one independent source of an incident's claims, after wire
// copies and citations are traced back: forty outlets running one agency
// text are one origin.
type Origin struct {
	Outlet      string      `json:"outlet"`
	Affiliation Affiliation `json:"affiliation"`
	Party       Party       `json:"party,omitempty"` // the party the origin answers to, "" when none
	ReportIDs   []string    `json:"report_ids"`      // the reports that carry it
}

// Origins that are no outlet are named by these forms, kept in English as
// stored and hashed (they key the origins), and written in the reader's
// language by the pages (i18n.Printer.Origin).
const (
	officialsOf      = "officials of "       // + a party's code: its officials
	unnamedSpeakerIn = "unnamed speaker in " // + the outlet that quotes them
)

// OfficialsOf is the origin name of a party's officials: "officials of RU".
func OfficialsOf(p Party) string { return officialsOf + string(p) }

// OfficialsParty is the party whose officials the origin name stands for.
func OfficialsParty(name string) (Party, bool) {
	p, ok := strings.CutPrefix(name, officialsOf)
	return Party(p), ok && p != ""
}

// UnnamedSpeakerIn is the origin name of a speaker the report in outlet
// does not name: "unnamed speaker in TASS".
func UnnamedSpeakerIn(outlet string) string { return unnamedSpeakerIn + outlet }

// UnnamedSpeakerOutlet is the outlet the origin name of an unnamed
// speaker names.
func UnnamedSpeakerOutlet(name string) (string, bool) {
	o, ok := strings.CutPrefix(name, unnamedSpeakerIn)
	return o, ok && o != ""
}

// DecodeIncidents decodes incidents stored as JSON bodies (a list's rows).
func DecodeIncidents(bodies []json.RawMessage) ([]Incident, error) {
	out := make([]Incident, len(bodies))
	for i, b := range bodies {
		if err := json.Unmarshal(b, &out[i]); err != nil {
			return nil, fmt.Errorf("incident %d of %d: stored body: %w", i+1, len(bodies), err)
		}
	}
	return out, nil
}
