package trucewatch

import (
	"fmt"
	"strings"
	"time"
)

// An AgreementDraft is an agreement that is not yet part of the record:
// terms drafted from an extracted agreement claim, or an agreement file
// loaded as a draft. The assessment never reads drafts. An analyst
// approves one (DecisionApproveAgreement), which stores its agreement and
// has every incident assessed again, or rejects it
// (DecisionRejectAgreement); either decision, with its reason and actor,
// is in the audit trail.
type AgreementDraft struct {
	ID        string     `json:"id"` // DraftID of its agreement
	Agreement Agreement  `json:"agreement"`
	Source    string     `json:"source"`             // where it comes from: "claim ID" or "file NAME"
	State     DraftState `json:"state"`              // pending until decided
	Decision  int64      `json:"decision,omitempty"` // the decision that approved or rejected it
	Created   time.Time  `json:"created"`
}

// DraftState says whether a draft waits for a decision.
type DraftState string

const (
	DraftPending  DraftState = "pending"
	DraftApproved DraftState = "approved"
	DraftRejected DraftState = "rejected"
)

// DraftID names the draft of an agreement's version: "ID-vN".
func DraftID(a Agreement) string { return fmt.Sprintf("%s-v%d", a.ID, a.Version) }

// DraftFromClaim drafts an agreement from an extracted agreement claim of
// report r: its parties, scope, reciprocity, status and conditions as the
// claim gives them; in force from the report's publication day for the
// claim's duration (open-ended when it gives none); the report's sentence
// as its reference. An analyst reviews the terms before approving them.
func DraftFromClaim(c Claim, r Report) (Agreement, error) {
	if c.Kind != ClaimAgreement || c.Agreement == nil {
		return Agreement{}, fmt.Errorf("claim %s is a %s claim, not an agreement: %w", c.ID, c.Kind, ErrInvalid)
	}
	if r.Published.IsZero() {
		return Agreement{}, fmt.Errorf("report %s gives no publication date to start the draft from: %w", ShortID(r.ID), ErrInvalid)
	}
	st := c.Agreement
	scope := "all strikes"
	if !st.All {
		var parts []string
		for _, t := range st.Scope {
			parts = append(parts, string(t))
		}
		scope = strings.Join(parts, ", ") + " targets"
	}
	from := r.Published.Date().Time(time.UTC)
	a := Agreement{
		ID:          "claim-" + strings.ToLower(c.ID),
		Version:     1,
		Title:       fmt.Sprintf("%s truce on %s, as %s reported it", strings.ToUpper(string(st.Status[:1]))+string(st.Status[1:]), scope, r.Outlet),
		Parties:     st.Parties,
		Status:      st.Status,
		Reciprocal:  st.Reciprocal,
		Effective:   Window{From: from},
		Conditions:  st.Conditions,
		Description: "Drafted by trucewatch from claim " + c.ID + "; review every term before approving it.",
		Readings: []Reading{{ID: "as-reported", Label: "As the report states it", HeldBy: st.Parties,
			Scope: Scope{All: st.All, Targets: st.Scope}}},
		References: []Reference{{Title: c.Sentence.In(r.Text) + " (" + r.Outlet + ")", URL: r.URL, Date: r.Published.Date()}},
	}
	if st.DurationDays > 0 {
		a.Effective.To = from.AddDate(0, 0, st.DurationDays)
	}
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("draft from claim %s: %w", c.ID, err)
	}
	return a, nil
}
