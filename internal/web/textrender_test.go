package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// latinAllowed are the Latin-script words a page in Ukrainian or Russian
// may show: names and abbreviations its catalogues keep as they are.
var latinAllowed = []string{
	"trucewatch",                      // the project's name
	"PDF", "HTML", "Markdown", "Atom", // formats
	"UTC",                                      // the time zone of every time shown
	"GeoNames", "Natural", "Earth", "CC", "BY", // the footer's sources and licence (layout.footer)
	"API", "ID", // as the catalogues write them
	"inc", // the prefix of incident IDs, in the merge field's placeholder
}

// recordKeys are the API's fields that hold the record's own words, shown
// as stored in any language: titles, labels, outlets, the reports' texts,
// analysts' reasons and names, IDs, addresses; of an assessment's reason,
// what it quotes (why's text values), not its words. Vocabulary fields (status,
// target, party, kind, and a target's detail: target_detail, a reading's
// details) are not among them: the pages translate those.
var recordKeys = map[string]bool{"id": true, "title": true, "description": true, "conditions": true, "label": true,
	"url": true, "outlet": true, "text": true, "reason": true, "actor": true, "subject": true, "incident_id": true, "agreement_id": true,
	"reading_id": true, "report_id": true, "claim_id": true, "claim_ids": true, "report_ids": true, "mention": true, "speaker": true,
	"time_zone": true, "published": true, "merged": true, "split": true}

// dataStrings collects the values of recordKeys in a JSON document.
func dataStrings(v any, key string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if v, ok := x["value"].(string); ok {
			switch x["kind"] {
			case string(trucewatch.WhyText): // a value a reason quotes as it is
				out[v] = true
			case string(trucewatch.WhyOutlets): // origins a reason names
				for _, name := range strings.Split(v, "\n") {
					originData(name, out)
				}
			}
		}
		for k, y := range x {
			if k == "reason" && x["why"] != nil {
				continue // an assessment's reason: the pages write its messages in the language
			}
			dataStrings(y, k, out)
		}
	case []any:
		for _, y := range x {
			dataStrings(y, key, out)
		}
	case string:
		if key == "outlet" {
			originData(x, out)
			return
		}
		if recordKeys[key] && len(x) >= 2 {
			out[x] = true
			out[trucewatch.ShortID(x)] = true // pages show short report IDs
		}
	}
}

// originData adds what of an origin's name is data: an outlet's name, the
// outlet an unnamed speaker is quoted in; a party's officials are words
// the page writes in its language.
func originData(name string, out map[string]bool) {
	if _, ok := trucewatch.OfficialsParty(name); ok {
		return
	}
	if o, ok := trucewatch.UnnamedSpeakerOutlet(name); ok {
		name = o
	}
	if len(name) >= 2 {
		out[name] = true
	}
}

// dropAgreementTexts removes the texts of the agreements in a JSON
// document (title, description, readings' labels, conditions, sources'
// and references' titles): they are not data that a page may show in
// English, but words a page shows in its language from the agreement's
// translation, or the file's English marked with lang="en".
func dropAgreementTexts(v any) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["readings"]; ok {
			for _, k := range []string{"title", "description", "conditions", "references", "translations"} {
				delete(x, k)
			}
			if rs, ok := x["readings"].([]any); ok {
				for _, r := range rs {
					if r, ok := r.(map[string]any); ok {
						delete(r, "label")
						delete(r, "source")
					}
				}
			}
		}
		for _, y := range x {
			dropAgreementTexts(y)
		}
	case []any:
		for _, y := range x {
			dropAgreementTexts(y)
		}
	}
}

// TestPagesHaveNoEnglish renders every page in Ukrainian and Russian,
// from the test fixtures with a decision, a correction and a draft, and
// fails on any word in the Latin script that the page shows outside the
// record's data (recordKeys, as the API gives it) and latinAllowed: an
// English word that did not go through a catalogue ("Status", "from").
func TestPagesHaveNoEnglish(t *testing.T) {
	_, ts := newTestServer(t, WithLimits(Limits{}))
	analyst := browserClient(t)
	csrf := signIn(t, analyst, ts.URL, "anna", analystToken)
	api := func(method, path, body string) string {
		t.Helper()
		code, _, out := do(t, nil, method, ts.URL+path, analystToken, body, "Content-Type", "application/json")
		if code >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, code, out)
		}
		return out
	}
	// A draft, a correction (the corrected fields show) and a confirmed
	// incident (the audit trail).
	var posted struct{ ID string }
	json.Unmarshal([]byte(api("POST", "/api/v1/reports", "Outlet: Reuters\nLanguage: en\nPublished: 2025-03-18\n\nRussia and Ukraine agreed to a full ceasefire for 30 days, the mediators said.")), &posted)
	var ac []claimJSON
	json.Unmarshal([]byte(api("GET", "/api/v1/claims?kind=agreement&report="+posted.ID, "")), &ac)
	if len(ac) != 1 {
		t.Fatalf("no agreement claim to draft from: %+v", ac)
	}
	api("POST", "/api/v1/agreement-drafts", `{"claim": "`+ac[0].ID+`"}`)
	var incs []trucewatch.Incident
	json.Unmarshal([]byte(api("GET", "/api/v1/incidents", "")), &incs)
	if len(incs) < 2 {
		t.Fatalf("want two incidents or more, got %d", len(incs))
	}
	api("POST", "/api/v1/decisions", `{"decisions": [{"kind": "correct_claim", "claim": "`+incs[0].ClaimIDs[0]+`", "reason": "the text names the target", "correction": {"target": "medical", "perpetrator": "RU", "claimant": "UA"}},
		{"kind": "confirm_incident", "incident": "`+incs[1].ID+`", "reason": "seen on the footage"}]}`)

	// The record's words, as the API gives them.
	data := map[string]bool{}
	paths := []string{"/api/v1/claims", "/api/v1/agreements", "/api/v1/decisions", "/api/v1/agreement-drafts", "/api/v1/reports", "/api/v1/incidents", "/api/v1/assessments", "/api/v1/sources"}
	for _, inc := range incs {
		paths = append(paths, "/api/v1/incidents/"+inc.ID)
	}
	for _, p := range paths {
		var v any
		if err := json.Unmarshal([]byte(api("GET", p, "")), &v); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if p == "/api/v1/agreements" || p == "/api/v1/agreement-drafts" {
			dropAgreementTexts(v)
		}
		dataStrings(v, "", data)
	}
	byLength := slices.Collect(func(yield func(string) bool) {
		for s := range data {
			if !yield(s) {
				return
			}
		}
	})
	slices.SortFunc(byLength, func(a, b string) int { return len(b) - len(a) }) // "Kremlin list" before "Kremlin"

	var ags []trucewatch.Agreement
	json.Unmarshal([]byte(api("GET", "/api/v1/agreements", "")), &ags)
	pages := []string{"/", "/?party=RU&status=alleged&target=medical&q=Sumy", "/review", "/signin", "/no/such/page",
		"/?from=yesterday", "/?bbox=1,2", "/?from=2025-03-20&to=2025-03-01", "/?place=Atlantis",
		"/reports/daily/energy-moratorium-2025-03/2025-03-19", "/reports/daily/energy-moratorium-2025-03/2025-03-19.md",
		"/reports/daily/energy-moratorium-2025-03/2025-03-19.docx", "/reports/daily/energy-moratorium-2025-03/yesterday"}
	for _, inc := range incs {
		pages = append(pages, "/incidents/"+inc.ID)
	}
	for _, a := range ags {
		pages = append(pages, "/agreements/"+a.ID)
	}
	// The review forms, sent wrong: their error pages.
	forms := []url.Values{
		{"kind": {"confirm_incident"}, "reason": {"checked"}},                                                 // no incident ticked
		{"kind": {"confirm_incident"}, "incident": {incs[0].ID}, "reason": {" "}},                             // no reason
		{"kind": {"merge_incidents"}, "incident": {incs[0].ID}, "reason": {"same strike"}},                    // nothing to merge with
		{"kind": {"split_incident"}, "incident": {incs[0].ID}, "reason": {"two strikes"}},                     // no claim ticked
		{"kind": {"correct_claim"}, "claim": {incs[0].ClaimIDs[0]}, "reason": {"misread"}},                    // nothing corrected
		{"kind": {"correct_claim"}, "claim": {incs[0].ClaimIDs[0]}, "reason": {"misread"}, "target": {"zoo"}}, // no such target
		{"kind": {"correct_claim"}, "claim": {incs[0].ClaimIDs[0]}, "reason": {"misread"}, "place": {"Atlantis"}},
	}
	checked := 0
	for _, lang := range []i18n.Lang{i18n.Ukrainian, i18n.Russian} {
		for i, p := range slices.Concat(pages, make([]string, len(forms))) {
			method, form := "GET", url.Values{}
			if p == "" {
				method, p, form = "POST", "/review/decisions", forms[i-len(pages)]
				form.Set("csrf", csrf)
			}
			u, _ := url.Parse(ts.URL + p)
			q := u.Query()
			q.Set("lang", string(lang))
			u.RawQuery = q.Encode()
			req, _ := http.NewRequest(method, u.String(), strings.NewReader(form.Encode()))
			if method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", ts.URL)
			}
			resp, err := analyst.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body := readAll(t, resp)
			chunks := i18n.VisibleText(body)
			if strings.HasSuffix(p, ".md") {
				chunks = []string{body}
			}
			// An error page repeats what the reader sent (a path, a wrong
			// value, the parameter at fault): the reader's own words.
			var own []string
			if resp.StatusCode >= 400 {
				if len(u.Path) > 1 {
					own = append(own, u.Path)
					own = append(own, strings.Split(u.Path, "/")...)
				}
				for k, vs := range u.Query() {
					if k != "lang" {
						own = append(own, k)
						own = append(own, vs...)
					}
				}
				own = append(own, form.Get("place"), form.Get("target"))                // a correction's wrong value
				own = slices.DeleteFunc(own, func(s string) bool { return len(s) < 2 }) // not "", which would split every word
			}
			data := slices.Concat(own, byLength)
			// the longest first, so that a title goes before a short
			// value inside it ("to" in "moratorium")
			slices.SortStableFunc(data, func(x, y string) int { return len(y) - len(x) })
			for _, c := range chunks {
				for _, s := range data {
					c = strings.ReplaceAll(c, s, " ")
				}
				if ws := i18n.LatinWords(c, latinAllowed); len(ws) > 0 {
					t.Errorf("%s %s (%d): English or untranslated words %q in %q", lang, p, resp.StatusCode, ws, strings.TrimSpace(c))
				}
				checked++
			}
			// The forms' errors have messages of their own, not the
			// generic one with the English detail.
			if method == "POST" && (resp.StatusCode != http.StatusBadRequest || strings.Contains(body, `class="detail"`)) {
				t.Errorf("%s POST %v: %d, want 400 with a message from the catalogues:\n%s", lang, form, resp.StatusCode, body)
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d pieces of text checked: is the scan broken?", checked)
	}
}
