package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// TestParseFormDate: each language reads its own style and ISO, and
// refuses days the calendar lacks, other languages' number orders and
// words.
func TestParseFormDate(t *testing.T) {
	for _, c := range []struct {
		lang i18n.Lang
		in   string
		want string // ISO; "" for an error
	}{
		// English: the dashboard's style (2 Jan 2006) and its variants.
		{i18n.English, "31 Mar 2025", "2025-03-31"},
		{i18n.English, "1 mar 2025", "2025-03-01"},
		{i18n.English, "01 MAR 2025", "2025-03-01"},
		{i18n.English, "18 March 2025", "2025-03-18"},
		{i18n.English, "March 18, 2025", "2025-03-18"},
		{i18n.English, "Mar 18 2025", "2025-03-18"},
		{i18n.English, "  31   Mar  2025 ", "2025-03-31"},
		{i18n.English, "2025-03-31", "2025-03-31"},
		{i18n.English, "31.03.2025", ""}, // no all-number form but ISO
		{i18n.English, "03/04/2025", ""},
		{i18n.English, "31 Feb 2025", ""},
		{i18n.English, "29 Feb 2025", ""},
		{i18n.English, "29 Feb 2024", "2024-02-29"},
		{i18n.English, "2025-13-01", ""},
		{i18n.English, "yesterday", ""},
		{i18n.English, "31 Mär 2025", ""},
		// German, Ukrainian, Russian: day, month, year in numbers.
		{i18n.German, "31.03.2025", "2025-03-31"},
		{i18n.German, "1.4.2025", "2025-04-01"},
		{i18n.German, "31. 3. 2025", "2025-03-31"},
		{i18n.German, "31,03,2025", "2025-03-31"}, // a decimal keypad's comma
		{i18n.German, "31/03/2025", "2025-03-31"},
		{i18n.German, "2025-03-31", "2025-03-31"},
		{i18n.German, "31.02.2025", ""},
		{i18n.German, "00.03.2025", ""},
		{i18n.German, "2025-13-01", ""},
		{i18n.German, "31.03.25", ""}, // the year in full
		{i18n.German, "31 Mar 2025", ""},
		{i18n.German, "gestern", ""},
		{i18n.Ukrainian, "31.03.2025", "2025-03-31"},
		{i18n.Ukrainian, "18.3.2025", "2025-03-18"},
		{i18n.Ukrainian, "2025-03-18", "2025-03-18"},
		{i18n.Ukrainian, "31.02.2025", ""},
		{i18n.Ukrainian, "2025-13-01", ""},
		{i18n.Ukrainian, "03.13.2025", ""}, // month 13: not month first either
		{i18n.Ukrainian, "вчора", ""},
		{i18n.Russian, "31.03.2025", "2025-03-31"},
		{i18n.Russian, "29.02.2024", "2024-02-29"},
		{i18n.Russian, "2025-03-31", "2025-03-31"},
		{i18n.Russian, "29.02.2025", ""},
		{i18n.Russian, "2025-13-01", ""},
		{i18n.Russian, "31.03.2025 12:00", ""},
		{i18n.Russian, "", ""},
		{i18n.Russian, "вчера", ""},
	} {
		d, err := parseFormDate(c.lang, c.in)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%s %q: %s, want an error", c.lang, c.in, d)
		case c.want == "" && !errors.Is(err, errNoDate):
			t.Errorf("%s %q: error %v, want errNoDate", c.lang, c.in, err)
		case c.want != "" && err != nil:
			t.Errorf("%s %q: %v, want %s", c.lang, c.in, err, c.want)
		case c.want != "" && d.String() != c.want:
			t.Errorf("%s %q: %s, want %s", c.lang, c.in, d, c.want)
		}
	}
}

// TestParseFormDateRoundTrip: what the dashboard writes in a language it
// reads back as the same day.
func TestParseFormDateRoundTrip(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Langs {
		p := cat.Printer(l)
		for d := dateExample.AddDays(-400); d.Before(dateExample.AddDays(400)); d = d.AddDays(1) {
			s := p.Date(d.Time(time.UTC))
			got, err := parseFormDate(l, s)
			if err != nil || got != d {
				t.Fatalf("%s: %s written %q reads as %s, %v", l, d, s, got, err)
			}
		}
	}
}

// TestFormWindow: the fields in the reader's style, ISO for the URL,
// and the messages.
func TestFormWindow(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang               i18n.Lang
		query              string
		from, to           string // the fields' values
		iso                string // the query in ISO; "" when it is already
		fromError, toError string // in the message; "" for none
	}{
		{i18n.German, "from=2025-03-20&to=2025-03-31&party=RU", "20.03.2025", "31.03.2025", "", "", ""},
		{i18n.German, "from=20.03.2025&party=RU", "20.03.2025", "", "from=2025-03-20&party=RU", "", ""},
		{i18n.English, "to=31+Mar+2025", "", "31 Mar 2025", "to=2025-03-31", "", ""},
		{i18n.English, "from=&to=", "", "", "", "", ""},
		{i18n.Ukrainian, "from=31.02.2025&to=01.03.2025", "31.02.2025", "01.03.2025", "", "Поле «Від»: «31.02.2025» — не дата; пишіть так: 31.03.2025.", ""},
		{i18n.Russian, "to=2025-13-01", "", "2025-13-01", "", "", "Поле «По»: «2025-13-01» — не дата"},
		{i18n.English, "from=soon", "soon", "", "", "Field “From”: “soon” is not a date; write it like 31 Mar 2025.", ""},
		{i18n.German, "from=20.03.2025&to=2025-03-01", "20.03.2025", "01.03.2025", "", "", "Der erste Tag (20.03.2025) liegt nach dem letzten (01.03.2025)."},
	} {
		q, _ := url.ParseQuery(c.query)
		from, to, iso, ok := formWindow(cat.Printer(c.lang), q)
		what := string(c.lang) + " " + c.query
		if from.Value != c.from || to.Value != c.to {
			t.Errorf("%s: fields %q %q, want %q %q", what, from.Value, to.Value, c.from, c.to)
		}
		if got := iso.Encode(); got != c.iso {
			t.Errorf("%s: ISO query %q, want %q", what, got, c.iso)
		}
		if ok != (c.fromError == "" && c.toError == "") {
			t.Errorf("%s: ok %v", what, ok)
		}
		for _, x := range []struct{ got, want string }{{from.Error, c.fromError}, {to.Error, c.toError}} {
			if (x.want == "") != (x.got == "") || !strings.Contains(x.got, x.want) {
				t.Errorf("%s: message %q, want %q", what, x.got, x.want)
			}
		}
	}
}

// TestDateFieldsOnPages: the filter's date fields hint, take and echo the
// reader's style; a day in that style goes on to the same filter in ISO;
// a wrong day answers the form with its message and no list; the review
// form's day takes the reader's style too and stores ISO.
func TestDateFieldsOnPages(t *testing.T) {
	_, ts := newTestServer(t, WithLimits(Limits{})) // Sumy on 18 or 19 March, Sudzha on 21 March
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// The hint, in German and English.
	for l, want := range map[string][]string{
		"de": {`placeholder="31.03.2025"`, `inputmode="decimal"`, "Datum wie 31.03.2025"},
		"en": {`placeholder="31 Mar 2025"`, `inputmode="text"`, "Dates like 31 Mar 2025"},
	} {
		_, page := get(t, ts.URL+"/?lang="+l)
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the filter lacks %s", l, w)
			}
		}
		if strings.Contains(page, `type="date"`) {
			t.Errorf("%s: a native date field is left", l)
		}
	}

	// A German day goes on to ISO, with the other filters and the
	// language; the page then shows it in German and filters by it.
	code, h, _ := do(t, noFollow, "GET", ts.URL+"/?lang=de&from=20.03.2025&to=&party=", "", "")
	if loc := h.Get("Location"); code != http.StatusSeeOther || loc != "/?from=2025-03-20&lang=de&party=&to=" {
		t.Errorf("from=20.03.2025: %d to %q, want 303 to the ISO query", code, loc)
	}
	var all, since []trucewatch.Incident
	getJSON(t, ts.URL+"/api/v1/incidents", &all)
	getJSON(t, ts.URL+"/api/v1/incidents?from=2025-03-20", &since)
	if len(since) == 0 || len(since) == len(all) {
		t.Fatalf("the test data: %d incidents, %d from 20 March; want some but not all", len(all), len(since))
	}
	code, page := get(t, ts.URL+"/?lang=de&from=20.03.2025") // the client follows the redirect
	if code != 200 || !strings.Contains(page, `name="from" value="20.03.2025"`) {
		t.Errorf("from=20.03.2025 in German: %d, the field does not show 20.03.2025", code)
	}
	if n := strings.Count(page, `<td data-label="Tag">`); n != len(since) {
		t.Errorf("from=20.03.2025 in German: %d incidents listed, want %d", n, len(since))
	}
	// An ISO link shows the reader's style and is not sent on.
	code, _, page = do(t, noFollow, "GET", ts.URL+"/?from=2025-03-20&lang=uk", "", "")
	if code != 200 || !strings.Contains(page, `name="from" value="20.03.2025"`) {
		t.Errorf("from=2025-03-20 in Ukrainian: %d, the field does not show 20.03.2025", code)
	}
	code, _, page = do(t, noFollow, "GET", ts.URL+"/?to=2025-03-20", "", "", "Accept-Language", "en")
	if code != 200 || !strings.Contains(page, `name="to" value="20 Mar 2025"`) {
		t.Errorf("to=2025-03-20 in English: %d, the field does not show 20 Mar 2025", code)
	}

	// A wrong day: the form, the value as typed, the message, no list.
	code, page = get(t, ts.URL+"/?lang=ru&from=31.02.2025&party=RU")
	for _, w := range []string{`name="from" value="31.02.2025"`, `aria-invalid="true"`, `aria-describedby="date-hint from-error"`,
		`id="from-error"`, "Поле «С»: «31.02.2025» — не дата; пишите так: 31.03.2025.", `value="RU" selected`} {
		if !strings.Contains(page, w) {
			t.Errorf("from=31.02.2025 in Russian: lacks %s", w)
		}
	}
	if code != http.StatusBadRequest || strings.Contains(page, `id="incidents"`) {
		t.Errorf("from=31.02.2025 in Russian: %d, a list shown %v; want 400 and none", code, strings.Contains(page, `id="incidents"`))
	}

	// The review form's day, in German.
	analyst := browserClient(t)
	csrf := signIn(t, analyst, ts.URL, "anna", analystToken)
	analyst.CheckRedirect = noFollow.CheckRedirect
	var claims []struct {
		ID string `json:"id"`
	}
	getJSON(t, ts.URL+"/api/v1/claims", &claims)
	if len(claims) == 0 {
		t.Fatal("no claims")
	}
	correct := func(day string) (int, string) {
		v := url.Values{"kind": {"correct_claim"}, "claim": {claims[0].ID}, "date": {day}, "reason": {"the report's dateline"}, "csrf": {csrf}, "back": {"/review"}}
		code, _, body := do(t, analyst, "POST", ts.URL+"/review/decisions", "", v.Encode(),
			"Content-Type", "application/x-www-form-urlencoded", "Origin", ts.URL, "Accept-Language", "de")
		return code, body
	}
	if code, body := correct("31.02.2025"); code != http.StatusBadRequest || !strings.Contains(body, "Feld „Tag“: „31.02.2025“ ist kein Datum; schreiben Sie es wie 31.03.2025.") {
		t.Errorf("review form, day 31.02.2025: %d %.600s", code, body)
	}
	if code, body := correct("17.03.2025"); code != http.StatusSeeOther {
		t.Fatalf("review form, day 17.03.2025: %d %.600s", code, body)
	}
	if _, body := get(t, ts.URL+"/api/v1/decisions"); !strings.Contains(body, `"2025-03-17"`) {
		t.Errorf("the decision does not hold the day in ISO: %.600s", body)
	}
}
