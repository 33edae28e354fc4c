package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// Agreement drafts (docs/review.md): terms drafted from an extracted
// agreement claim, or loaded from a file as a draft, that the assessment
// does not read until an analyst approves them. Approving or rejecting
// one is a decision like the others (approve_agreement, reject_agreement
// on POST /api/v1/decisions and the review forms), so it is in the audit
// trail with who, when and why.

// DraftStore is what the server reads and writes of agreement drafts.
type DraftStore interface {
	Drafts(ctx context.Context, state trucewatch.DraftState) ([]trucewatch.AgreementDraft, error)
	PutDraft(ctx context.Context, a trucewatch.Agreement, source string) (trucewatch.AgreementDraft, error)
}

// WithDrafts lets the server list agreement drafts and draft new ones from
// claims. Without it the list is empty and drafting answers 403.
func WithDrafts(ds DraftStore) Option {
	return func(s *Server) { s.drafts = ds }
}

// apiDrafts lists the drafts: the pending ones, or those of ?state=
// (pending, approved, rejected, all).
func (s *Server) apiDrafts(w http.ResponseWriter, r *http.Request) error {
	state := trucewatch.DraftState(r.URL.Query().Get("state"))
	switch state {
	case "":
		state = trucewatch.DraftPending
	case "all":
		state = ""
	case trucewatch.DraftPending, trucewatch.DraftApproved, trucewatch.DraftRejected:
	default:
		return badRequest("state %q: want pending, approved, rejected or all", state)
	}
	if s.drafts == nil {
		return writeList(w, []trucewatch.AgreementDraft{})
	}
	ds, err := s.drafts.Drafts(r.Context(), state)
	if err != nil {
		return err
	}
	page, err := pageOf(w, r, ds)
	if err != nil {
		return err
	}
	return writeList(w, page)
}

// draftFromClaim drafts an agreement from a stored agreement claim.
func (s *Server) draftFromClaim(ctx context.Context, claimID string) (trucewatch.AgreementDraft, error) {
	if s.drafts == nil || s.decide == nil {
		return trucewatch.AgreementDraft{}, (&httpError{status: http.StatusForbidden, msg: "this server does not take drafts"}).localised("error.draft.off")
	}
	claimID = strings.TrimSpace(claimID)
	if claimID == "" {
		return trucewatch.AgreementDraft{}, badRequest("a draft needs an agreement claim").localised("error.draft.claim")
	}
	cs, err := s.store.Claims(ctx, trucewatch.ClaimFilter{IDs: []string{claimID}})
	if err != nil {
		return trucewatch.AgreementDraft{}, err
	}
	if len(cs) == 0 {
		return trucewatch.AgreementDraft{}, fmt.Errorf("claim %s: %w", claimID, trucewatch.ErrNotFound)
	}
	rep, err := s.store.Report(ctx, cs[0].ReportID)
	if err != nil {
		return trucewatch.AgreementDraft{}, err
	}
	a, err := trucewatch.DraftFromClaim(cs[0], rep)
	if err != nil {
		return trucewatch.AgreementDraft{}, badRequest("%v", err).localised("error.draft.not_agreement", cs[0].ID)
	}
	return s.drafts.PutDraft(ctx, a, "claim "+cs[0].ID)
}

// apiDraft drafts an agreement from a claim: {"claim": ID}.
func (s *Server) apiDraft(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Claim string `json:"claim"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, maxDecisionBytes)).Decode(&req); err != nil {
		return badRequest("body: %v", err)
	}
	d, err := s.draftFromClaim(r.Context(), req.Claim)
	if err != nil {
		return err
	}
	s.Notify("drafts")
	return writeJSON(w, http.StatusCreated, d)
}

// formDraft is the review page's "draft from claim" form.
func (s *Server) formDraft(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return badRequest("form: %v", err)
	}
	if _, err := s.draftFromClaim(r.Context(), r.PostForm.Get("claim")); err != nil {
		return err
	}
	s.Notify("drafts")
	http.Redirect(w, r, "/review#drafts", http.StatusSeeOther)
	return nil
}
