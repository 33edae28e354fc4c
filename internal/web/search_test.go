package web

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
)

// TestSearchAnyLanguage: the search (q) and the place filter (place)
// take a place's name in any language and spelling and find the same
// incidents; other words are found in the reports' text in any language.
func TestSearchAnyLanguage(t *testing.T) {
	_, ts := newTestServer(t) // Sumy (two English reports), Sudzha (a Russian one)
	if code, body := post(t, ts.URL+"/api/v1/reports", "Outlet: Tagesschau\nLanguage: de\nPublished: 2025-03-19\n\n"+
		"In der Nacht trafen russische Drohnen ein Krankenhaus in Sumy, teilte die Gebietsverwaltung mit."); code != 201 && code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	places := func(query string) (int, []string) {
		t.Helper()
		code, body := get(t, ts.URL+"/api/v1/incidents?"+query)
		if code != 200 {
			return code, []string{body}
		}
		var incs []trucewatch.Incident
		if err := json.Unmarshal([]byte(body), &incs); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		var out []string
		for _, inc := range incs {
			out = append(out, inc.Place.Name)
		}
		slices.Sort(out)
		return code, out
	}
	_, sumy := places("q=Sumy")
	if len(sumy) == 0 || sumy[0] != "Sumy" {
		t.Fatalf("q=Sumy finds %q", sumy)
	}
	for _, c := range []struct {
		param, value string
		want         []string
	}{
		{"q", "Суми", sumy},
		{"q", "Сумы", sumy},
		{"q", "sumy", sumy},
		{"q", "Sumy Oblast", sumy},
		{"q", "Сумщина", sumy},
		{"q", "Gebiet Sumy", sumy},
		{"q", "Сумська область", sumy},
		{"q", "в Сумах", sumy}, // an inflected form after a preposition: в is no place, Сумах is
		{"q", "Krankenhaus", []string{"Sumy"}},
		{"q", "krankenhaus", []string{"Sumy"}},
		{"q", "Суми Krankenhaus", []string{"Sumy"}},
		{"q", "Суджа", []string{"Sudzha gas metering station"}},
		{"q", "Sudzha", []string{"Sudzha gas metering station"}},
		{"q", "станция", []string{"Sudzha gas metering station"}}, // станцию in the report
		{"q", "hospital", []string{"Sumy"}},
		{"q", "Krankenhaus Суджа", nil},
		{"q", "Kharkiv", nil},
		{"place", "Sumy", sumy},
		{"place", "Суми", sumy},
		{"place", "Сумщина", sumy},
		{"place", "UA-59", sumy},
		{"place", "Sumy Oblast (Ukraine)", sumy}, // the picker's label in English
		{"place", "Oblast Sumy (Ukraine)", sumy}, // and in German
		{"place", "Сумська область", sumy},
		{"place", "Курская область", []string{"Sudzha gas metering station"}},
	} {
		code, got := places(c.param + "=" + url.QueryEscape(c.value))
		if code != 200 || !slices.Equal(got, c.want) {
			t.Errorf("%s=%s: %d %q, want %q", c.param, c.value, code, got, c.want)
		}
	}
	// A place filter that names no place says so, in the API and on the page.
	if code, body := get(t, ts.URL+"/api/v1/incidents?place=Nowhereville"); code != 400 || !strings.Contains(body, `no place named \"Nowhereville\"`) {
		t.Errorf("place=Nowhereville: %d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/?place=Nowhereville&lang=uk"); code != 400 || !strings.Contains(body, "Немає місця з назвою «Nowhereville»") {
		t.Errorf("page place=Nowhereville: %d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/api/v1/incidents?place=Ukraine"); code != 400 || !strings.Contains(body, "country or a region") {
		t.Errorf("place=Ukraine: %d %s", code, body)
	}
	// The picker offers names in the page's language, and shows a code by
	// its name.
	for lang, want := range map[string]string{"en": `<option value="Sumy Oblast (Ukraine)">`, "de": `<option value="Oblast Kursk (Russland)">`,
		"uk": `<option value="Сумська область">`, "ru": `<option value="Сумская область">`} {
		if _, page := get(t, ts.URL+"/?lang="+lang); !strings.Contains(page, want) {
			t.Errorf("%s: the picker lacks %s", lang, want)
		}
	}
	if _, page := get(t, ts.URL+"/?place=UA-59&lang=uk"); !strings.Contains(page, `name="place" list="places" value="Сумська область"`) {
		t.Error("the picker does not show place=UA-59 by its name")
	}
}

func TestSearchWord(t *testing.T) {
	for in, want := range map[string]string{"лікарня": "лікарн", "больница": "больниц", "Krankenhaus": "Krankenhaus", "суми": "суми", "школа": "школ", "удар": "удар"} {
		if got := searchWord(in); got != want {
			t.Errorf("searchWord(%s) = %s, want %s", in, got, want)
		}
	}
}
