package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

// testAgreementDrafts: a draft is stored apart from the agreements, listed
// by state, approved or rejected once by a decision in the audit trail;
// approval stores its agreement and queues the analysed reports for
// assessment again.
func testAgreementDrafts(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	a := trucewatch.Agreement{
		ID: "claim-r1-agreement-0-0", Version: 1, Title: "Energy truce", Parties: []trucewatch.Party{"RU", "UA"},
		Status: trucewatch.AgreementAgreed, Reciprocal: true,
		Effective: trucewatch.Window{From: time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 4, 17, 0, 0, 0, 0, time.UTC)},
		Readings:  []trucewatch.Reading{{ID: "as-reported", Label: "As reported", Scope: trucewatch.Scope{Targets: []trucewatch.Target{"energy"}}}},
	}
	b := a
	b.ID, b.Title = "other-truce", "Another truce"

	d, err := s.PutDraft(ctx, a, "claim r1-agreement-0-0")
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "claim-r1-agreement-0-0-v1" || d.State != trucewatch.DraftPending || d.Created.IsZero() {
		t.Errorf("draft %+v", d)
	}
	if again, err := s.PutDraft(ctx, a, "claim r1-agreement-0-0"); err != nil || again.ID != d.ID {
		t.Errorf("the same draft again: %+v, %v", again, err)
	}
	edited := a
	edited.Title = "Edited"
	if _, err := s.PutDraft(ctx, edited, "file x.json"); !errors.Is(err, trucewatch.ErrConflict) {
		t.Errorf("other terms under the same version: %v, want a conflict", err)
	}
	if _, err := s.PutDraft(ctx, b, "file other.json"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Draft(ctx, d.ID)
	if err != nil || got.Agreement.Title != a.Title || !got.Agreement.Effective.To.Equal(a.Effective.To) || got.Source != "claim r1-agreement-0-0" {
		t.Errorf("Draft: %+v, %v", got, err)
	}
	if _, err := s.Draft(ctx, "nope-v1"); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("Draft of nothing: %v", err)
	}
	if list, _ := s.Agreements(ctx); len(list) != 0 {
		t.Fatalf("drafts became agreements before approval: %+v", list)
	}

	// Approve the first, reject the second.
	decided, err := s.RecordDecisions(ctx, []trucewatch.Decision{
		{Kind: trucewatch.DecisionApproveAgreement, Subject: d.ID, Reason: "the terms match the published text", Actor: "anna"},
		{Kind: trucewatch.DecisionRejectAgreement, Subject: trucewatch.DraftID(b), Reason: "no such truce", Actor: "anna"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := s.Agreements(ctx); err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("agreements after approval: %+v, %v", list, err)
	}
	for _, c := range []struct {
		id       string
		state    trucewatch.DraftState
		decision int64
	}{{d.ID, trucewatch.DraftApproved, decided[0].ID}, {trucewatch.DraftID(b), trucewatch.DraftRejected, decided[1].ID}} {
		got, err := s.Draft(ctx, c.id)
		if err != nil || got.State != c.state || got.Decision != c.decision {
			t.Errorf("draft %s: %+v, %v; want %s by decision %d", c.id, got, err, c.state, c.decision)
		}
	}
	if pending, err := s.Drafts(ctx, trucewatch.DraftPending); err != nil || len(pending) != 0 {
		t.Errorf("pending drafts: %+v, %v", pending, err)
	}
	if all, err := s.Drafts(ctx, ""); err != nil || len(all) != 2 {
		t.Errorf("all drafts: %d, %v", len(all), err)
	}
	trail, err := s.Decisions(ctx, trucewatch.DecisionFilter{Subject: d.ID})
	if err != nil || len(trail) != 1 || trail[0].Kind != trucewatch.DecisionApproveAgreement || trail[0].Actor != "anna" {
		t.Errorf("audit trail of %s: %+v, %v", d.ID, trail, err)
	}

	// A decided draft takes no second decision; nor does a missing one,
	// and a decision needs a reason. None of them is recorded.
	for _, bad := range []trucewatch.Decision{
		{Kind: trucewatch.DecisionRejectAgreement, Subject: d.ID, Reason: "changed my mind", Actor: "anna"},
		{Kind: trucewatch.DecisionApproveAgreement, Subject: "nope-v1", Reason: "r", Actor: "anna"},
		{Kind: trucewatch.DecisionApproveAgreement, Subject: d.ID, Reason: " ", Actor: "anna"},
	} {
		if _, err := s.RecordDecisions(ctx, []trucewatch.Decision{bad}); err == nil {
			t.Errorf("%s on %s with reason %q was recorded", bad.Kind, bad.Subject, bad.Reason)
		}
	}
	if trail, _ := s.Decisions(ctx, trucewatch.DecisionFilter{}); len(trail) != 2 {
		t.Errorf("the audit trail has %d decisions, want 2", len(trail))
	}
}
