package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// TestReviewEndToEnd: an analyst confirms one incident (the dashboard's
// form, signed in, with the session's CSRF token) and rejects a claim of
// another (the API, with the analyst's token), with reasons; viewers,
// anonymous callers, form posts without the CSRF token and cross-site
// posts are refused, and only analysts see the forms; the
// public pages and the API show the first confirmed and the second
// without the rejected claim, struck through with its reason; the audit
// trail says who (the signed-in analyst) did what, when and why; and all of it survives the
// reports being extracted and analysed again. On every engine.
func TestReviewEndToEnd(t *testing.T) {
	known, _ := agreements.Known()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			st := openIndexed(t, e.DSN(t))
			for _, a := range known {
				if _, err := st.PutAgreement(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			p, g := testPipeline(t, st)
			addTexts(t, st, p,
				"Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-19\n\nRussian drones hit a power substation in Sumy overnight, the regional administration said.",
				"Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-20\n\nRussian drones struck a hospital in Kharkiv overnight, the regional governor said.",
				"Outlet: Meduza\nLanguage: en\nPublished: 2025-03-20\n\nOur correspondent saw the hospital in Kharkiv that Russian drones struck overnight.",
			)
			// The analyst's browser: signed in, its session's CSRF token
			// read from the page; it does not follow the forms' redirects.
			ts, client, csrf := reviewServer(t, st, p, g)
			postForm := func(v url.Values, headers ...string) (int, http.Header, string) {
				t.Helper()
				h := append([]string{"Content-Type", "application/x-www-form-urlencoded", "Origin", ts.URL}, headers...)
				return do(t, client, "POST", ts.URL+"/review/decisions", "", v.Encode(), h...)
			}

			incs, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var sumy, kharkiv trucewatch.Incident
			for _, inc := range incs {
				switch inc.Place.Name {
				case "Sumy":
					sumy = inc
				case "Kharkiv":
					kharkiv = inc
				}
			}
			if sumy.ID == "" || len(kharkiv.ClaimIDs) != 2 {
				t.Fatalf("want an incident in Sumy and one in Kharkiv with two claims, got %+v", incs)
			}

			// The queue holds both; a reason is required.
			var q reviewQueue
			getJSON(t, ts.URL+"/api/v1/review/queue", &q)
			if q.Total != 2 {
				t.Fatalf("queue: %d incidents, want 2", q.Total)
			}
			if code, _, _ := postForm(url.Values{"kind": {"confirm_incident"}, "incident": {sumy.ID}, "reason": {" "}, "csrf": {csrf}}); code != http.StatusBadRequest {
				t.Fatalf("a decision without a reason: %d, want 400", code)
			}

			// The forms show to the analyst, with the session's CSRF token,
			// and not to anyone else.
			for _, path := range []string{"/incidents/" + sumy.ID, "/review"} {
				code, _, page := do(t, client, "GET", ts.URL+path, "", "")
				if code != http.StatusOK || !strings.Contains(page, `action="/review/decisions"`) || !validCSRFIn(t, client, ts.URL, page) {
					t.Errorf("%s as the analyst: %d, no form with the CSRF token", path, code)
				}
				for _, token := range []string{"", viewerToken} {
					code, _, page := do(t, nil, "GET", ts.URL+path, token, "")
					if code != http.StatusOK || strings.Contains(page, `action="/review/decisions"`) {
						t.Errorf("%s with token %q: %d, want the page without the forms", path, token, code)
					}
				}
			}

			// Refused: a form post without the session's CSRF token, one
			// from another site (a valid session cookie and token, a
			// foreign Origin), a decision by a viewer's token, or by nobody.
			confirmSumy := url.Values{"kind": {"confirm_incident"}, "incident": {sumy.ID}, "reason": {"forged"}, "back": {"/review"}}
			if code, _, body := postForm(confirmSumy); code != http.StatusForbidden {
				t.Errorf("a form post without the CSRF token: %d %.200s, want 403", code, body)
			}
			confirmSumy.Set("csrf", csrf)
			if code, _, body := postForm(confirmSumy, "Origin", "http://evil.example"); code != http.StatusForbidden {
				t.Errorf("a cross-site form post: %d %.200s, want 403", code, body)
			}
			forged := `{"kind": "confirm_incident", "incident": "` + sumy.ID + `", "reason": "forged"}`
			if code, _, body := do(t, nil, "POST", ts.URL+"/api/v1/decisions", viewerToken, forged, "Content-Type", "application/json"); code != http.StatusForbidden {
				t.Errorf("POST /api/v1/decisions as a viewer: %d %s, want 403", code, body)
			}
			if code, _, body := do(t, nil, "POST", ts.URL+"/api/v1/decisions", "", forged, "Content-Type", "application/json"); code != http.StatusUnauthorized {
				t.Errorf("POST /api/v1/decisions without a token: %d %s, want 401", code, body)
			}
			var none []trucewatch.Decision
			getJSON(t, ts.URL+"/api/v1/decisions", &none)
			if len(none) != 0 {
				t.Fatalf("refused requests left decisions: %+v", none)
			}

			// Confirm Sumy through the form; reject the Meduza claim on Kharkiv through the API.
			code, h, _ := postForm(url.Values{"kind": {"confirm_incident"}, "incident": {sumy.ID},
				"reason": {"photos of the substation verified"}, "back": {"/incidents/" + sumy.ID}, "csrf": {csrf}})
			if code != http.StatusSeeOther || h.Get("Location") != "/incidents/"+sumy.ID {
				t.Fatalf("form: %d to %q", code, h.Get("Location"))
			}
			claims, err := st.Claims(ctx, trucewatch.ClaimFilter{IDs: kharkiv.ClaimIDs})
			if err != nil {
				t.Fatal(err)
			}
			var rejected trucewatch.Claim
			for _, c := range claims {
				if rep, _ := st.Report(ctx, c.ReportID); rep.Outlet == "Meduza" {
					rejected = c
				}
			}
			body := `{"kind": "reject_claim", "claim": "` + rejected.ID + `", "reason": "the correspondent was not in Kharkiv"}`
			if code, _, resp := do(t, nil, "POST", ts.URL+"/api/v1/decisions", analystToken, body, "Content-Type", "application/json"); code != http.StatusCreated {
				t.Fatalf("POST /api/v1/decisions: %d %s", code, resp)
			}

			check := func(t *testing.T) {
				var d struct {
					Incident    trucewatch.Incident
					Assessments []trucewatch.Assessment
				}
				getJSON(t, ts.URL+"/api/v1/incidents/"+sumy.ID, &d)
				if !d.Incident.Confirmed {
					t.Error("Sumy is not confirmed")
				}
				confirmed := 0
				for _, a := range d.Assessments {
					if a.InScope && a.Status == trucewatch.StatusConfirmed {
						confirmed++
					}
				}
				if confirmed == 0 {
					t.Errorf("no in-scope assessment of Sumy is confirmed: %+v", d.Assessments)
				}
				page := getPage(t, ts.URL+"/incidents/"+sumy.ID)
				for _, want := range []string{"Confirmed by an analyst", "photos of the substation verified", "anna", "confirm_incident"} {
					if !strings.Contains(page, want) {
						t.Errorf("Sumy's page lacks %q", want)
					}
				}
				getJSON(t, ts.URL+"/api/v1/incidents/"+kharkiv.ID, &d)
				if len(d.Incident.Origins) != 1 || d.Incident.Origins[0].ReportIDs[0] == rejected.ReportID {
					t.Errorf("Kharkiv's origins %+v: the rejected claim still counts", d.Incident.Origins)
				}
				for _, a := range d.Assessments {
					if a.InScope && strings.Contains(a.Reason, "Meduza") {
						t.Errorf("Kharkiv's assessment counts the rejected claim: %s", a.Reason)
					}
				}
				page = getPage(t, ts.URL+"/incidents/"+kharkiv.ID)
				for _, want := range []string{"<del>", "Rejected", "the correspondent was not in Kharkiv", "reject_claim"} {
					if !strings.Contains(page, want) {
						t.Errorf("Kharkiv's page lacks %q", want)
					}
				}
				var trail []trucewatch.Decision
				getJSON(t, ts.URL+"/api/v1/decisions", &trail)
				if len(trail) != 2 || trail[0].Kind != trucewatch.DecisionRejectClaim || trail[0].Actor != "anna" || trail[1].Actor != "anna" || trail[0].At.IsZero() ||
					trail[1].Reason != "photos of the substation verified" {
					t.Errorf("audit trail: %+v", trail)
				}
				getJSON(t, ts.URL+"/api/v1/review/queue", &q)
				// Kharkiv's other claim waits for a decision still.
				if q.Total != 1 || q.Incidents[0].ID != kharkiv.ID {
					t.Errorf("queue after the decisions: %+v, want Kharkiv alone", q)
				}
			}
			t.Run("decided", check)
			// Extract and analyse everything again: the decisions hold.
			if _, err := st.Requeue(ctx, "", "", false); err != nil {
				t.Fatal(err)
			}
			if _, _, err := p.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			t.Run("reanalysed", check)
		})
	}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

func getPage(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	return string(b)
}
