package web

import (
	"encoding/json"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// TestMessagesUsedExist fails when a template (t "key") or Go code of the
// package (.T("key")) uses a key that a language's catalogue lacks, and
// when a vocabulary value the pages name has no message.
func TestMessagesUsedExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	check := func(where string, keys []string) {
		for _, k := range keys {
			for _, l := range i18n.Langs {
				if !cat.Has(l, k) {
					t.Errorf("%s uses %q, which the %s catalogue lacks", where, k, l)
				}
			}
		}
	}
	n := 0
	err = fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		keys := i18n.TemplateKeys(string(b))
		n += len(keys)
		check(path, keys)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range gofiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		keys := i18n.GoKeys(string(b))
		n += len(keys)
		check(f, keys)
	}
	if n < 10 {
		t.Errorf("only %d uses of messages found: is the scan broken?", n)
	}
	var vocab []string
	for _, x := range trucewatch.Targets() {
		vocab = append(vocab, "target."+string(x))
	}
	for _, x := range []trucewatch.AssessmentStatus{trucewatch.StatusAlleged, trucewatch.StatusCorroborated, trucewatch.StatusDisputed, trucewatch.StatusConfirmed, trucewatch.StatusRejected} {
		vocab = append(vocab, "status."+string(x))
	}
	for _, x := range []trucewatch.PlacePrecision{trucewatch.PlaceSettlement, trucewatch.PlaceAdmin1, trucewatch.PlaceRegion, trucewatch.PlaceCountry} {
		vocab = append(vocab, "precision."+string(x))
	}
	for _, x := range []trucewatch.Party{trucewatch.PartyRU, trucewatch.PartyUA, trucewatch.PartyUS, trucewatch.PartySA, trucewatch.PartyTR, trucewatch.PartyAE, trucewatch.PartyUnknown} {
		vocab = append(vocab, "party."+string(x))
	}
	for _, x := range []trucewatch.Affiliation{trucewatch.AffiliationStateMedia, trucewatch.AffiliationOfficial, trucewatch.AffiliationIndependent, trucewatch.AffiliationWire, trucewatch.AffiliationOther, trucewatch.AffiliationUnknown} {
		vocab = append(vocab, "affiliation."+string(x))
	}
	for _, x := range []auth.Role{auth.Anyone, auth.Viewer, auth.Analyst, auth.Admin} {
		vocab = append(vocab, "role."+x.String())
	}
	all := trucewatch.Correction{Place: &trucewatch.Place{}, Date: trucewatch.Date{Year: 2025, Month: 3, Day: 1}, Target: "energy", Perpetrator: "RU", Claimant: "UA"}
	for _, f := range all.Fields() {
		vocab = append(vocab, "dash.field."+f)
	}
	for _, l := range i18n.Langs {
		vocab = append(vocab, "language."+string(l))
	}
	check("the vocabulary", vocab)
}

// TestPageLanguage: ?lang= first, then the cookie it sets, then
// Accept-Language; the switcher keeps the query.
func TestPageLanguage(t *testing.T) {
	_, ts := newTestServer(t)
	for _, c := range []struct {
		name, path, accept, cookie string
		want                       i18n.Lang
		label                      string
	}{
		{"default", "/", "", "", i18n.English, "Sign in"},
		{"header", "/", "de-DE,de;q=0.9", "", i18n.German, "Anmelden"},
		{"query over header", "/?lang=uk", "de", "", i18n.Ukrainian, "Увійти"},
		{"cookie over header", "/", "de", "ru", i18n.Russian, "Войти"},
		{"query over cookie", "/review?lang=de", "", "ru", i18n.German, "Anmelden"},
		{"unknown query", "/?lang=fr", "uk", "", i18n.Ukrainian, "Увійти"},
		{"sign-in page", "/signin?lang=ru", "", "", i18n.Russian, "Войти"},
	} {
		req, _ := http.NewRequest("GET", ts.URL+c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Language", c.accept)
		}
		if c.cookie != "" {
			req.AddCookie(&http.Cookie{Name: langCookie, Value: c.cookie})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(b)
		if !strings.Contains(page, `<html lang="`+string(c.want)+`">`) || !strings.Contains(page, c.label) {
			t.Errorf("%s: want lang %s and %q; got %.300s", c.name, c.want, c.label, page)
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("%s: Vary %q", c.name, resp.Header.Get("Vary"))
		}
		setsCookie := slices.ContainsFunc(resp.Cookies(), func(k *http.Cookie) bool { return k.Name == langCookie && k.Value == string(c.want) })
		if wantCookie := strings.Contains(c.path, "lang=") && c.name != "unknown query"; setsCookie != wantCookie {
			t.Errorf("%s: sets the cookie %v, want %v", c.name, setsCookie, wantCookie)
		}
	}
	_, page := get(t, ts.URL+"/?target=energy&lang=de")
	for _, want := range []string{`href="/?lang=ru&amp;target=energy"`, `aria-current="true">Deutsch<`} {
		if !strings.Contains(page, want) {
			t.Errorf("switcher lacks %s", want)
		}
	}
}

// TestErrorPages: HTML routes answer errors with a page in the reader's
// language, /api/ routes with JSON, unknown routes too.
func TestErrorPages(t *testing.T) {
	_, ts := newTestServer(t)
	for _, c := range []struct {
		method, path, accept string
		status               int
		ctype                string
		want                 []string
	}{
		{"GET", "/no/such/page", "", 404, "text/html", []string{`<html lang="en">`, "<h1>404 Not found</h1>", "There is no page or record at /no/such/page."}},
		{"GET", "/no/such/page", "de", 404, "text/html", []string{`<html lang="de">`, "<h1>404 Nicht gefunden</h1>", "Zurück zu den Vorfällen"}},
		{"GET", "/incidents/nope?lang=uk", "", 404, "text/html", []string{`<html lang="uk">`, "<h1>404 Не знайдено</h1>", "/incidents/nope"}},
		{"GET", "/agreements/nope", "ru", 404, "text/html", []string{"<h1>404 Не найдено</h1>"}},
		// The home page's wrong days: the form with its message (dates.go).
		{"GET", "/?from=yesterday", "ru", 400, "text/html", []string{`<html lang="ru">`, "Поле «С»: «yesterday» — не дата", `value="yesterday"`}},
		{"GET", "/?from=2025-03-20&to=2025-03-01", "de", 400, "text/html", []string{"Der erste Tag (20.03.2025) liegt nach dem letzten (01.03.2025)."}},
		{"GET", "/?bbox=1,2", "uk", 400, "text/html", []string{"Адреса містить значення", "Подробиці:", "bbox"}},
		{"POST", "/review/decisions", "de", 401, "text/html", []string{}},
		{"DELETE", "/review", "", 405, "text/html", []string{"<h1>405 Method not allowed</h1>"}},
		{"GET", "/api/v1/nothing", "de", 404, "application/json", []string{`"error":"/api/v1/nothing: no such route"`}},
		{"GET", "/api/nothing", "", 404, "application/json", []string{`"error"`}},
		{"DELETE", "/api/v1/incidents", "", 405, "application/json", []string{`"error"`}},
		{"GET", "/api/v1/incidents/nope", "de", 404, "application/json", []string{`"error"`}},
		{"GET", "/api/v1/incidents?from=x", "", 400, "application/json", []string{`is not a date (YYYY-MM-DD)`}},
	} {
		req, _ := http.NewRequest(c.method, ts.URL+c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Language", c.accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ctype) {
			t.Errorf("%s %s: %d %s, want %d %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Content-Type"), c.status, c.ctype)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s %s (%s): lacks %q:\n%s", c.method, c.path, c.accept, w, body)
			}
		}
	}
}

// TestPlaceNamesInLanguage: the review queue names Sumy in the reader's
// language.
func TestPlaceNamesInLanguage(t *testing.T) {
	_, ts := newTestServer(t)
	for lang, want := range map[string]string{"en": ">Sumy</a>", "de": ">Sumy</a>", "uk": ">Суми</a>", "ru": ">Сумы</a>"} {
		if _, page := get(t, ts.URL+"/review?lang="+lang); !strings.Contains(page, want) {
			t.Errorf("%s: the review page lacks %s", lang, want)
		}
	}
}

// TestReasonsInLanguage: an assessment's reason reads in the page's
// language on the incident and agreement pages, and the API gives its
// messages with the English words beside them.
func TestReasonsInLanguage(t *testing.T) {
	srv, ts := newTestServer(t)
	_, body := get(t, ts.URL+"/api/v1/assessments")
	var as []trucewatch.Assessment
	if err := json.Unmarshal([]byte(body), &as); err != nil {
		t.Fatal(err)
	}
	// the newest in scope, which the agreement page lists
	i := len(as) - 1
	for i >= 0 && !as[i].InScope {
		i--
	}
	if i < 0 {
		t.Fatal("no assessment in scope")
	}
	a := as[i]
	en := srv.printers[i18n.English].Reason(a)
	if len(a.Why) == 0 || a.Reason != en || strings.Contains(en, "why.") {
		t.Fatalf("API: why %v, reason %q; want messages and their English words %q", a.Why, a.Reason, en)
	}
	for _, l := range i18n.Langs {
		want := template.HTMLEscapeString(srv.printers[l].Reason(a))
		for _, path := range []string{"/incidents/" + a.IncidentID, "/agreements/" + a.AgreementID} {
			_, page := get(t, ts.URL+path+"?lang="+string(l))
			if !strings.Contains(page, want) {
				t.Errorf("%s %s: no %q", l, path, want)
			}
			if l != i18n.English && strings.Contains(page, template.HTMLEscapeString(en)) {
				t.Errorf("%s %s: the English reason %q", l, path, en)
			}
		}
	}
}
