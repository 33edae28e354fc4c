package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// TestReviewMergeSplit: an analyst merges two incidents on different days
// (the incident page's form, signed in, with the CSRF token) and splits
// one in two (the API, with the analyst's token), with reasons. The
// incident pages and the API show the merged incident and the two parts
// after the analysis, the audit trail says who did what and why, and the
// result survives the reports being extracted and analysed again. On
// every engine.
func TestReviewMergeSplit(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			st := openIndexed(t, e.DSN(t))
			p, g := testPipeline(t, st)
			addTexts(t, st, p,
				"Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-19\n\nRussian drones hit a power substation in Sumy overnight, the regional administration said.",
				"Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-23\n\nRussian drones hit a power substation in Sumy overnight once more, the regional administration said.",
				"Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-20\n\nRussian drones struck a hospital in Kharkiv overnight, the regional governor said.",
				"Outlet: Meduza\nLanguage: en\nPublished: 2025-03-20\n\nOur correspondent saw the hospital in Kharkiv that Russian drones struck overnight.",
			)
			ts, client, csrf := reviewServer(t, st, p, g)
			postForm := func(v url.Values) (int, http.Header, string) {
				t.Helper()
				return do(t, client, "POST", ts.URL+"/review/decisions", "", v.Encode(),
					"Content-Type", "application/x-www-form-urlencoded", "Origin", ts.URL)
			}

			incs, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var sumy []trucewatch.Incident
			var kharkiv trucewatch.Incident
			for _, inc := range incs {
				switch inc.Place.Name {
				case "Sumy":
					sumy = append(sumy, inc)
				case "Kharkiv":
					kharkiv = inc
				}
			}
			if len(sumy) != 2 || len(kharkiv.ClaimIDs) != 2 {
				t.Fatalf("want two incidents in Sumy and one in Kharkiv with two claims, got %+v", incs)
			}
			sumyClaims := []string{sumy[0].ClaimIDs[0], sumy[1].ClaimIDs[0]}
			claims, err := st.Claims(ctx, trucewatch.ClaimFilter{IDs: kharkiv.ClaimIDs})
			if err != nil {
				t.Fatal(err)
			}
			var meduza, ukrinform string
			for _, c := range claims {
				if rep, _ := st.Report(ctx, c.ReportID); rep.Outlet == "Meduza" {
					meduza = c.ID
				} else {
					ukrinform = c.ID
				}
			}

			// The incident page offers the analyst a merge and a split
			// form, the claims' checkboxes belonging to the split form.
			page := getPageWith(t, client, ts.URL+"/incidents/"+kharkiv.ID)
			for _, want := range []string{`value="merge_incidents"`, `value="split_incident"`, `form="split" name="claims" value="` + meduza + `"`} {
				if !strings.Contains(page, want) {
					t.Errorf("Kharkiv's page for the analyst lacks %q", want)
				}
			}
			if !validCSRFIn(t, client, ts.URL, page) {
				t.Error("Kharkiv's page for the analyst lacks the session's CSRF token")
			}
			if page := getPage(t, ts.URL+"/incidents/"+kharkiv.ID); strings.Contains(page, "merge_incidents") {
				t.Error("the anonymous page shows the merge form")
			}

			// Refused: a merge of one incident, a split that keeps nothing,
			// a split naming another incident's claim.
			if code, _, body := postForm(url.Values{"kind": {"merge_incidents"}, "incident": {sumy[0].ID}, "with": {sumy[0].ID}, "reason": {"x"}, "csrf": {csrf}}); code != http.StatusBadRequest {
				t.Errorf("a merge of one incident: %d %.200s, want 400", code, body)
			}
			for _, ids := range [][]string{kharkiv.ClaimIDs, {sumyClaims[0]}} {
				body := `{"kind": "split_incident", "incident": "` + kharkiv.ID + `", "claims": ["` + strings.Join(ids, `", "`) + `"], "reason": "x"}`
				if code, _, resp := do(t, nil, "POST", ts.URL+"/api/v1/decisions", analystToken, body, "Content-Type", "application/json"); code != http.StatusBadRequest {
					t.Errorf("split off %v: %d %s, want 400", ids, code, resp)
				}
			}

			// Merge the two Sumy incidents through the form, split
			// Kharkiv through the API.
			code, h, body := postForm(url.Values{"kind": {"merge_incidents"}, "incident": {sumy[0].ID}, "with": {sumy[1].ID},
				"reason": {"the same strike, reported again days later"}, "back": {"/incidents/" + sumy[0].ID}, "csrf": {csrf}})
			if code != http.StatusSeeOther || h.Get("Location") != "/incidents/"+sumy[0].ID {
				t.Fatalf("merge form: %d to %q %.200s", code, h.Get("Location"), body)
			}
			split := `{"kind": "split_incident", "incident": "` + kharkiv.ID + `", "claims": ["` + meduza + `"], "reason": "another hospital"}`
			if code, _, resp := do(t, nil, "POST", ts.URL+"/api/v1/decisions", analystToken, split, "Content-Type", "application/json"); code != http.StatusCreated {
				t.Fatalf("split: %d %s", code, resp)
			}

			check := func(t *testing.T) {
				all, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				of := map[string]trucewatch.Incident{}
				for _, inc := range all {
					for _, id := range inc.ClaimIDs {
						of[id] = inc
					}
				}
				if len(all) != 3 {
					t.Errorf("%d incidents, want 3 (Sumy merged, Kharkiv in two)", len(all))
				}
				merged := of[sumyClaims[0]]
				if merged.ID != of[sumyClaims[1]].ID || len(merged.ClaimIDs) != 2 || merged.From == merged.To {
					t.Errorf("Sumy not merged: %+v and %+v", merged, of[sumyClaims[1]])
				}
				if of[meduza].ID == of[ukrinform].ID || len(of[meduza].ClaimIDs) != 1 {
					t.Errorf("Kharkiv not split: %v", of[meduza].ClaimIDs)
				}
				var d struct{ Incident trucewatch.Incident }
				getJSON(t, ts.URL+"/api/v1/incidents/"+merged.ID, &d)
				if !slices.Equal(d.Incident.ClaimIDs, merged.ClaimIDs) {
					t.Errorf("API: merged incident's claims %v, want %v", d.Incident.ClaimIDs, merged.ClaimIDs)
				}
				page := getPage(t, ts.URL+"/incidents/"+merged.ID)
				for _, want := range []string{"Merged into this incident", "the same strike, reported again days later", "merge_incidents", "anna"} {
					if !strings.Contains(page, want) {
						t.Errorf("the merged incident's page lacks %q", want)
					}
				}
				page = getPage(t, ts.URL+"/incidents/"+of[meduza].ID)
				for _, want := range []string{"Kept apart by an analyst", "another hospital", "split_incident"} {
					if !strings.Contains(page, want) {
						t.Errorf("the split-off incident's page lacks %q", want)
					}
				}
				var trail []trucewatch.Decision
				getJSON(t, ts.URL+"/api/v1/decisions", &trail)
				if len(trail) != 2 || trail[0].Kind != trucewatch.DecisionSplitIncident || trail[1].Kind != trucewatch.DecisionMergeIncidents ||
					trail[0].Actor != "anna" || trail[1].Actor != "anna" || len(trail[0].Parts) != 2 ||
					trail[1].Subject != sumy[0].ID+"+"+sumy[1].ID || trail[1].Reason != "the same strike, reported again days later" {
					t.Errorf("audit trail: %+v", trail)
				}
			}
			t.Run("decided", check)
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

// getPageWith reads a page with a client (a signed-in browser).
func getPageWith(t *testing.T, client *http.Client, u string) string {
	t.Helper()
	code, _, page := do(t, client, "GET", u, "", "")
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d", u, code)
	}
	return page
}
