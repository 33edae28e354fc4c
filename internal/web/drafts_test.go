package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
)

// TestAgreementDrafts: an analyst drafts an agreement from an extracted
// agreement claim and approves it through the API, with a reason; until
// then no incident is assessed against it, and afterwards the incidents
// in its window are; the approval is in the audit trail as the analyst's.
// Viewers and anonymous callers cannot draft or approve; the review page
// lists pending drafts with their terms, and its forms show to analysts
// only.
func TestAgreementDrafts(t *testing.T) {
	_, ts := newTestServer(t, WithLimits(Limits{}))
	resp, err := postAs(analystToken, ts.URL+"/api/v1/reports",
		"Outlet: Reuters\nLanguage: en\nPublished: 2025-03-18\n\nRussia and Ukraine agreed to a full ceasefire for 30 days, the mediators said.")
	if err != nil {
		t.Fatal(err)
	}
	var posted struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&posted); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var claims []claimJSON
	getJSON(t, ts.URL+"/api/v1/claims?kind=agreement&report="+posted.ID, &claims)
	if len(claims) != 1 || !claims[0].Agreement.All || claims[0].Agreement.DurationDays != 30 {
		t.Fatalf("want one agreement claim of a 30-day general ceasefire: %+v", claims)
	}
	claim := claims[0].ID
	assessedUnder := func(agreementID string) int {
		t.Helper()
		var as []trucewatch.Assessment
		getJSON(t, ts.URL+"/api/v1/assessments?agreement="+agreementID, &as)
		n := 0
		for _, a := range as {
			if a.AgreementID == agreementID {
				n++
			}
		}
		return n
	}

	// Drafting is a write: anonymous callers and viewers may not.
	body := `{"claim": "` + claim + `"}`
	for token, want := range map[string]int{"": http.StatusUnauthorized, viewerToken: http.StatusForbidden} {
		if code, _, resp := do(t, nil, "POST", ts.URL+"/api/v1/agreement-drafts", token, body, "Content-Type", "application/json"); code != want {
			t.Errorf("drafting with token %q: %d %s, want %d", token, code, resp, want)
		}
	}
	code, _, out := do(t, nil, "POST", ts.URL+"/api/v1/agreement-drafts", analystToken, body, "Content-Type", "application/json")
	var draft trucewatch.AgreementDraft
	if code != http.StatusCreated || json.Unmarshal([]byte(out), &draft) != nil {
		t.Fatalf("drafting as an analyst: %d %s", code, out)
	}
	a := draft.Agreement
	if draft.State != trucewatch.DraftPending || draft.Source != "claim "+claim || a.Status != trucewatch.AgreementAgreed ||
		!a.Reciprocal || !a.Readings[0].Scope.All || a.Effective.From.Format("2006-01-02") != "2025-03-18" || a.Effective.To.Format("2006-01-02") != "2025-04-17" {
		t.Errorf("draft %+v", draft)
	}

	// Pending: listed, on the review page with its terms, and not assessed.
	var pending []trucewatch.AgreementDraft
	getJSON(t, ts.URL+"/api/v1/agreement-drafts", &pending)
	if len(pending) != 1 || pending[0].ID != draft.ID {
		t.Errorf("pending drafts: %+v", pending)
	}
	page := getPage(t, ts.URL+"/review")
	if !strings.Contains(page, `id="draft-`+draft.ID+`"`) || !strings.Contains(page, "18 Mar 2025 – 17 Apr 2025") || !strings.Contains(page, "all strikes") {
		t.Errorf("the review page does not show the draft's terms")
	}
	if strings.Contains(page, `value="approve_agreement"`) {
		t.Error("an anonymous visitor sees the approval form")
	}
	client := browserClient(t)
	csrf := signIn(t, client, ts.URL, "anna", analystToken)
	if _, _, page := do(t, client, "GET", ts.URL+"/review", "", ""); !strings.Contains(page, `value="approve_agreement"`) || !validCSRFIn(t, client, ts.URL, page) {
		t.Error("the analyst does not see the approval form with the CSRF token")
	}
	if n := assessedUnder(a.ID); n != 0 {
		t.Fatalf("%d assessments under a draft nobody approved", n)
	}
	var agreementsBefore []trucewatch.Agreement
	getJSON(t, ts.URL+"/api/v1/agreements", &agreementsBefore)
	for _, x := range agreementsBefore {
		if x.ID == a.ID {
			t.Fatal("the draft is listed among the agreements before approval")
		}
	}

	// Approval: refused to viewers and without a reason; then by anna.
	approve := `{"kind": "approve_agreement", "draft": "` + draft.ID + `", "reason": "the terms match the mediators' statement"}`
	if code, _, resp := do(t, nil, "POST", ts.URL+"/api/v1/decisions", viewerToken, approve, "Content-Type", "application/json"); code != http.StatusForbidden {
		t.Errorf("approval by a viewer: %d %s, want 403", code, resp)
	}
	noReason := `{"kind": "approve_agreement", "draft": "` + draft.ID + `", "reason": " "}`
	if code, _, resp := do(t, nil, "POST", ts.URL+"/api/v1/decisions", analystToken, noReason, "Content-Type", "application/json"); code != http.StatusBadRequest {
		t.Errorf("approval without a reason: %d %s, want 400", code, resp)
	}
	if n := assessedUnder(a.ID); n != 0 {
		t.Fatalf("%d assessments under the draft after refused approvals", n)
	}
	// Through the review page's form, signed in, with the CSRF token.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	form := url.Values{"kind": {"approve_agreement"}, "draft": {draft.ID}, "reason": {"the terms match the mediators' statement"},
		"back": {"/review#drafts"}, "csrf": {csrf}}
	if code, _, resp := do(t, client, "POST", ts.URL+"/review/decisions", "", form.Encode(),
		"Content-Type", "application/x-www-form-urlencoded", "Origin", ts.URL); code != http.StatusSeeOther {
		t.Fatalf("approving through the form: %d %s", code, resp)
	}
	if code, _, resp := do(t, nil, "POST", ts.URL+"/api/v1/decisions", analystToken, approve, "Content-Type", "application/json"); code != http.StatusConflict {
		t.Errorf("approving twice: %d %s, want 409", code, resp)
	}

	var stored trucewatch.Agreement
	getJSON(t, ts.URL+"/api/v1/agreements/"+a.ID, &stored)
	if stored.ID != a.ID || stored.Version != 1 {
		t.Errorf("stored agreement %+v", stored)
	}
	// Sumy (19 March) and Sudzha (21 March) fall in its window.
	if n := assessedUnder(a.ID); n < 2 {
		t.Errorf("%d assessments under the approved agreement, want the incidents in its window", n)
	}
	getJSON(t, ts.URL+"/api/v1/agreement-drafts", &pending)
	if len(pending) != 0 {
		t.Errorf("pending drafts after approval: %+v", pending)
	}
	var all []trucewatch.AgreementDraft
	getJSON(t, ts.URL+"/api/v1/agreement-drafts?state=approved", &all)
	if len(all) != 1 || all[0].Decision == 0 {
		t.Errorf("approved drafts: %+v", all)
	}
	var trail []trucewatch.Decision
	getJSON(t, ts.URL+"/api/v1/decisions?subject="+draft.ID, &trail)
	if len(trail) != 1 || trail[0].Kind != trucewatch.DecisionApproveAgreement || trail[0].Actor != "anna" ||
		trail[0].Reason != "the terms match the mediators' statement" || trail[0].At.IsZero() || trail[0].ID != all[0].Decision {
		t.Errorf("audit trail of the draft: %+v", trail)
	}
}
