package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// Review: analysts confirm, reject and correct what the extractor found
// (docs/review.md). The server turns a request into trucewatch.Decisions
// (the claims each covers, named by their keys; who made it: the account
// that signed the request, web.UserOf) and hands them to a DecideFunc,
// which stores them and brings the analysis up to date before the answer.

// DecideFunc stores decisions and brings the analysis up to date; it
// returns them as stored (with their IDs).
type DecideFunc func(ctx context.Context, ds []trucewatch.Decision) ([]trucewatch.Decision, error)

// ReviewStore is what review reads of the record, besides Store.
type ReviewStore interface {
	Decisions(ctx context.Context, f trucewatch.DecisionFilter) ([]trucewatch.Decision, error)
	CountDecisions(ctx context.Context, f trucewatch.DecisionFilter) (int, error)
	ReviewQueue(ctx context.Context, limit, offset int) ([]trucewatch.Incident, int, error)
}

// WithReview lets the server take decisions: rs reads them back, decide
// stores them. Without it the decision routes answer 403. Decisions need
// an analyst's token or session (the route table), and are recorded as
// that account's.
func WithReview(rs ReviewStore, decide DecideFunc) Option {
	return func(s *Server) { s.review, s.decide = rs, decide }
}

// maxDecisionBytes bounds a request of decisions (many at once, in bulk).
const maxDecisionBytes = 1 << 20

// decisionRequest is one decision as a client asks for it: on an incident
// (confirm_incident, reject_incident), on incidents (merge_incidents: the
// incident and the others in incidents), on an incident and some of its
// claims (split_incident: claims go to a new incident, the rest stay), or
// on a claim (the other kinds).
type decisionRequest struct {
	Kind       trucewatch.DecisionKind `json:"kind"`
	Incident   string                  `json:"incident,omitempty"`
	Incidents  []string                `json:"incidents,omitempty"`
	Claim      string                  `json:"claim,omitempty"`
	Draft      string                  `json:"draft,omitempty"` // for approve_agreement and reject_agreement
	Claims     []string                `json:"claims,omitempty"`
	Reason     string                  `json:"reason"`
	Correction *correctionRequest      `json:"correction,omitempty"`
}

// correctionRequest names the corrected fields as the vocabularies spell
// them; the place is a name the gazetteer resolves.
type correctionRequest struct {
	Place       string `json:"place,omitempty"`
	Date        string `json:"date,omitempty"`
	Target      string `json:"target,omitempty"`
	Perpetrator string `json:"perpetrator,omitempty"`
	Claimant    string `json:"claimant,omitempty"`
}

// resolve turns a request into a decision: the claims it covers, the
// correction parsed, the actor.
func (s *Server) resolve(ctx context.Context, req decisionRequest, actor string) (trucewatch.Decision, error) {
	d := trucewatch.Decision{Kind: req.Kind, Reason: strings.TrimSpace(req.Reason), Actor: actor}
	if !req.Kind.Valid() {
		return d, badRequest("kind %q: want one of confirm_incident, reject_incident, confirm_claim, reject_claim, correct_claim, undo, merge_incidents, split_incident, approve_agreement, reject_agreement", req.Kind)
	}
	if d.Reason == "" {
		return d, badRequest("a decision needs a reason").localised("error.decision.reason")
	}
	switch {
	case req.Kind.OnAgreement():
		// The store checks that the draft is there and pending.
		if req.Draft == "" {
			return d, badRequest("%s needs a draft", req.Kind)
		}
		d.Subject = req.Draft
	case req.Kind == trucewatch.DecisionMergeIncidents:
		if err := s.resolveMerge(ctx, req, &d); err != nil {
			return d, err
		}
	case req.Kind == trucewatch.DecisionSplitIncident:
		if err := s.resolveSplit(ctx, req, &d); err != nil {
			return d, err
		}
	case req.Kind == trucewatch.DecisionConfirmIncident || req.Kind == trucewatch.DecisionRejectIncident:
		if req.Incident == "" {
			return d, badRequest("%s needs an incident", req.Kind)
		}
		inc, err := s.store.Incident(ctx, req.Incident)
		if err != nil {
			return d, err
		}
		claims, err := s.store.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs})
		if err != nil {
			return d, err
		}
		d.Subject = inc.ID
		if d.Claims, err = s.keysOf(ctx, claims); err != nil {
			return d, err
		}
	default:
		if req.Claim == "" {
			return d, badRequest("%s needs a claim", req.Kind)
		}
		claims, err := s.store.Claims(ctx, trucewatch.ClaimFilter{IDs: []string{req.Claim}})
		if err != nil {
			return d, err
		}
		if len(claims) == 0 {
			return d, fmt.Errorf("claim %s: %w", req.Claim, trucewatch.ErrNotFound)
		}
		d.Subject = claims[0].ID
		if d.Claims, err = s.keysOf(ctx, claims[:1]); err != nil {
			return d, err
		}
	}
	if req.Kind == trucewatch.DecisionCorrectClaim {
		if req.Correction == nil {
			return d, badRequest("correct_claim needs a correction")
		}
		c, err := s.correction(*req.Correction)
		if err != nil {
			return d, err
		}
		if len(c.Fields()) == 0 {
			return d, badRequest("a correction sets no field").localised("error.correction.empty")
		}
		d.Correction = &c
	}
	if err := d.Validate(); err != nil {
		return d, badRequest("%v", err)
	}
	return d, nil
}

// keysOf returns the keys of claims, their ordinals counted among the
// claims of their reports (trucewatch.KeysIn).
func (s *Server) keysOf(ctx context.Context, claims []trucewatch.Claim) ([]trucewatch.ClaimKey, error) {
	var all []trucewatch.Claim
	for _, c := range claims {
		if slices.ContainsFunc(all, func(a trucewatch.Claim) bool { return a.ReportID == c.ReportID }) {
			continue
		}
		cs, err := s.store.Claims(ctx, trucewatch.ClaimFilter{ReportID: c.ReportID})
		if err != nil {
			return nil, err
		}
		all = append(all, cs...)
	}
	return trucewatch.KeysIn(claims, all), nil
}

// incidentClaims returns an incident, as stored, and its claims.
func (s *Server) incidentClaims(ctx context.Context, id string) (trucewatch.Incident, []trucewatch.Claim, error) {
	inc, err := s.store.Incident(ctx, id)
	if err != nil {
		return inc, nil, err
	}
	claims, err := s.store.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs})
	return inc, claims, err
}

// resolveMerge covers every claim of the incidents named (incident and
// incidents, two or more different ones).
func (s *Server) resolveMerge(ctx context.Context, req decisionRequest, d *trucewatch.Decision) error {
	var ids []string
	for _, id := range append([]string{req.Incident}, req.Incidents...) {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) < 2 {
		return badRequest("merge_incidents needs two incidents or more").localised("error.decision.merge")
	}
	claims := make([][]trucewatch.Claim, len(ids))
	for i, id := range ids {
		_, cs, err := s.incidentClaims(ctx, id)
		if err != nil {
			return err
		}
		claims[i] = cs
	}
	m := trucewatch.MergeOf(ids, claims)
	keys, err := s.keysOf(ctx, slices.Concat(claims...)) // in MergeOf's order
	if err != nil {
		return err
	}
	d.Subject, d.Claims = m.Subject, keys
	return nil
}

// resolveSplit covers every claim of the incident: those named in claims
// go to a new incident, the others stay.
func (s *Server) resolveSplit(ctx context.Context, req decisionRequest, d *trucewatch.Decision) error {
	if req.Incident == "" {
		return badRequest("split_incident needs an incident")
	}
	inc, claims, err := s.incidentClaims(ctx, req.Incident)
	if err != nil {
		return err
	}
	sp, err := trucewatch.SplitOf(inc.ID, claims, req.Claims)
	if err != nil {
		return badRequest("%v", err).localised("error.decision.split")
	}
	keys, err := s.keysOf(ctx, claims) // in SplitOf's order
	if err != nil {
		return err
	}
	d.Subject, d.Claims, d.Parts = sp.Subject, keys, sp.Parts
	return nil
}

func (s *Server) correction(req correctionRequest) (trucewatch.Correction, error) {
	var c trucewatch.Correction
	var err error
	if req.Place != "" {
		p, ok := s.gaz.Place(req.Place) // a gazetteer id, or else a name
		if !ok {
			m, err := s.gaz.Geocode(req.Place, "")
			if err != nil {
				return c, badRequest("place %q: %v", req.Place, err).localised("error.place_unknown", req.Place)
			}
			p = m.Place
		}
		c.Place = &p
	}
	if req.Date != "" {
		if c.Date, err = trucewatch.ParseDate(req.Date); err != nil {
			return c, badRequest("%v", err).localised("error.correction.value", req.Date)
		}
	}
	if req.Target != "" {
		if c.Target, err = trucewatch.ParseTarget(req.Target); err != nil {
			return c, badRequest("%v", err).localised("error.correction.value", req.Target)
		}
	}
	if req.Perpetrator != "" {
		if c.Perpetrator, err = trucewatch.ParseParty(req.Perpetrator); err != nil {
			return c, badRequest("%v", err).localised("error.correction.value", req.Perpetrator)
		}
	}
	if req.Claimant != "" {
		if c.Claimant, err = trucewatch.ParseClaimant(req.Claimant); err != nil {
			return c, badRequest("%v", err).localised("error.correction.value", req.Claimant)
		}
	}
	return c, nil
}

// decideAll resolves and stores the requests, all or none.
func (s *Server) decideAll(r *http.Request, reqs []decisionRequest) ([]trucewatch.Decision, error) {
	if s.decide == nil {
		return nil, (&httpError{status: http.StatusForbidden, msg: "this server does not take decisions"}).localised("review.disabled")
	}
	if len(reqs) == 0 {
		return nil, badRequest("no decisions").localised("error.decision.none")
	}
	u, ok := UserOf(r.Context())
	if !ok {
		return nil, errUnauthenticated // the route table lets no one here unsigned
	}
	ds := make([]trucewatch.Decision, len(reqs))
	for i, req := range reqs {
		d, err := s.resolve(r.Context(), req, u.Name)
		if err != nil {
			return nil, err
		}
		ds[i] = d
	}
	stored, err := s.decide(r.Context(), ds)
	if err != nil {
		return nil, err
	}
	s.Notify("analysis")
	return stored, nil
}

// apiDecide takes one decision, or many as {"decisions": [...]}.
func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request) error {
	raw, err := io.ReadAll(r.Body) // the guard bounds it: maxDecisionBytes
	if err != nil {
		return err
	}
	var many struct {
		Decisions []decisionRequest `json:"decisions"`
	}
	if err := json.Unmarshal(raw, &many); err != nil {
		return badRequest("body: %v", err)
	}
	if many.Decisions == nil {
		var one decisionRequest
		if err := json.Unmarshal(raw, &one); err != nil {
			return badRequest("body: %v", err)
		}
		many.Decisions = []decisionRequest{one}
	}
	ds, err := s.decideAll(r, many.Decisions)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, ds)
}

// apiDecisions is the audit trail, newest first.
func (s *Server) apiDecisions(w http.ResponseWriter, r *http.Request) error {
	if s.review == nil {
		return writeList(w, []trucewatch.Decision{})
	}
	q := query{r}
	f := trucewatch.DecisionFilter{Subject: r.URL.Query().Get("subject"), Actor: r.URL.Query().Get("actor")}
	var err error
	if f.Limit, err = q.int("limit", 100, 1000); err != nil {
		return err
	}
	if f.Offset, err = q.int("offset", 0, 1<<30); err != nil {
		return err
	}
	ds, err := s.review.Decisions(r.Context(), f)
	if err != nil {
		return err
	}
	total, err := s.review.CountDecisions(r.Context(), f)
	if err != nil {
		return err
	}
	paginate(w, r, f.Limit, f.Offset, len(ds), total)
	return writeList(w, ds)
}

// reviewQueue is a page of the incidents that wait for a decision.
type reviewQueue struct {
	Incidents []trucewatch.Incident `json:"incidents"`
	Total     int                   `json:"total"`
	Limit     int                   `json:"limit"`
	Offset    int                   `json:"offset"`
}

func (s *Server) queue(r *http.Request) (reviewQueue, error) {
	q := query{r}
	var rq reviewQueue
	var err error
	if rq.Limit, err = q.int("limit", 50, 500); err != nil {
		return rq, err
	}
	if rq.Offset, err = q.int("offset", 0, 1<<30); err != nil {
		return rq, err
	}
	rq.Incidents = []trucewatch.Incident{}
	if s.review == nil {
		return rq, nil
	}
	incs, total, err := s.review.ReviewQueue(r.Context(), rq.Limit, rq.Offset)
	if err != nil {
		return rq, err
	}
	rq.Total = total
	if incs != nil {
		rq.Incidents = incs
	}
	return rq, nil
}

func (s *Server) apiReviewQueue(w http.ResponseWriter, r *http.Request) error {
	rq, err := s.queue(r)
	if err != nil {
		return err
	}
	paginate(w, r, rq.Limit, rq.Offset, len(rq.Incidents), rq.Total)
	return writeJSON(w, http.StatusOK, rq)
}

// reviewPage is the triage queue: incidents with claims nobody decided
// on, to confirm or reject in bulk.
type reviewPage struct {
	frame
	reviewQueue
	Enabled bool // the server takes decisions (the form shows to analysts)
	Next    int  // the offset of the next page, 0 when none
	// Drafts are the agreement drafts waiting for approval.
	Drafts []trucewatch.AgreementDraft
}

func (s *Server) pageReview(w http.ResponseWriter, r *http.Request) error {
	rq, err := s.queue(r)
	if err != nil {
		return err
	}
	p := reviewPage{reviewQueue: rq, Enabled: s.decide != nil}
	if s.drafts != nil {
		if p.Drafts, err = s.drafts.Drafts(r.Context(), trucewatch.DraftPending); err != nil {
			return err
		}
	}
	if rq.Offset+len(rq.Incidents) < rq.Total {
		p.Next = rq.Offset + len(rq.Incidents)
	}
	return s.render(w, r, http.StatusOK, "review.html", s.printer(r).T("title.review"), &p)
}

// formDecide takes the dashboard's forms: a kind, a reason, one or more
// incidents (bulk) or one claim, and the fields of a correction; it sends
// the browser back where it came from ("back", a path on this server).
func (s *Server) formDecide(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil { // the guard bounds the body: maxDecisionBytes
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return badRequest("form: %v", err)
	}
	f := r.PostForm
	base := decisionRequest{Kind: trucewatch.DecisionKind(f.Get("kind")), Reason: f.Get("reason")}
	if base.Kind == trucewatch.DecisionCorrectClaim {
		base.Correction = &correctionRequest{Place: f.Get("place"), Target: f.Get("target"),
			Perpetrator: f.Get("perpetrator"), Claimant: f.Get("claimant")}
		// The day as the reader typed it (dates.go); the decision keeps ISO.
		if v := f.Get("date"); strings.TrimSpace(v) != "" {
			p := s.printer(r)
			d, err := parseFormDate(p.Lang, v)
			if err != nil {
				return badRequest("date: %v", err).localised("dash.date.invalid", p.T("dash.list.day"), v, dateHint(p))
			}
			base.Correction.Date = d.String()
		}
	}
	var reqs []decisionRequest
	switch base.Kind {
	case trucewatch.DecisionMergeIncidents:
		// The incident and the IDs typed in "with", separated by commas or
		// spaces.
		req := base
		req.Incident = f.Get("incident")
		req.Incidents = strings.FieldsFunc(f.Get("with"), func(r rune) bool { return r == ',' || r == ' ' })
		reqs = append(reqs, req)
		return s.formDone(w, r, reqs)
	case trucewatch.DecisionSplitIncident:
		req := base
		req.Incident, req.Claims = f.Get("incident"), f["claims"]
		reqs = append(reqs, req)
		return s.formDone(w, r, reqs)
	}
	for _, id := range f["incident"] {
		req := base
		req.Incident = id
		reqs = append(reqs, req)
	}
	if c := f.Get("claim"); c != "" {
		req := base
		req.Claim = c
		reqs = append(reqs, req)
	}
	if dr := f.Get("draft"); dr != "" {
		req := base
		req.Draft = dr
		reqs = append(reqs, req)
	}
	return s.formDone(w, r, reqs)
}

// formDone takes the form's decisions and sends the browser back.
func (s *Server) formDone(w http.ResponseWriter, r *http.Request, reqs []decisionRequest) error {
	if _, err := s.decideAll(r, reqs); err != nil {
		return err
	}
	http.Redirect(w, r, localPath(r.PostForm.Get("back"), "/review"), http.StatusSeeOther)
	return nil
}

// trail is the audit trail of an incident: the decisions on it or on any
// of its claims (matched by key, so that decisions made under earlier
// claim IDs are found too), newest first.
func (s *Server) trail(ctx context.Context, inc trucewatch.Incident, claims []trucewatch.Claim) ([]trucewatch.Decision, error) {
	if s.review == nil {
		return nil, nil
	}
	reports := map[string]bool{}
	var ids []string
	for _, c := range claims {
		if !reports[c.ReportID] {
			reports[c.ReportID] = true
			ids = append(ids, c.ReportID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	ds, err := s.review.Decisions(ctx, trucewatch.DecisionFilter{ReportIDs: ids})
	if err != nil {
		return nil, err
	}
	var out []trucewatch.Decision
	for _, d := range ds {
		for _, k := range d.Claims {
			if d.Subject == inc.ID || k.Match(claims) >= 0 {
				out = append(out, d)
				break
			}
		}
	}
	return out, nil
}
