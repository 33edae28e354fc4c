package web

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/internal/export"
)

// TestExports asks the real server for every export and the feed, with
// and without filters, and reads each back.
func TestExports(t *testing.T) {
	_, ts := newTestServer(t)
	fetch := func(path string) (int, string, string) {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	csvIDs := func(body string) []string {
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(rows) == 0 || !slices.Equal(rows[0], export.Columns) {
			t.Fatalf("csv: %v\n%s", err, body)
		}
		var out []string
		for _, r := range rows[1:] {
			out = append(out, r[slices.Index(export.Columns, "target")]+"/"+r[slices.Index(export.Columns, "actor1")])
		}
		return out
	}

	code, ctype, body := fetch("/api/v1/export/incidents.csv")
	if code != 200 || ctype != "text/csv; charset=utf-8" {
		t.Fatalf("csv: %d %s %s", code, ctype, body)
	}
	if got := csvIDs(body); len(got) != 2 || !slices.Contains(got, "medical/RU") || !slices.Contains(got, "energy/UA") {
		t.Errorf("csv rows %v", got)
	}
	if code, _, body := fetch("/api/v1/export/incidents.csv?party=UA"); code != 200 || !slices.Equal(csvIDs(body), []string{"energy/UA"}) {
		t.Errorf("csv party=UA: %d %v", code, csvIDs(body))
	}
	if !strings.Contains(body, ",Ukraine,Sumy,,Sumy,") || strings.Contains(body, "UA-59") {
		t.Errorf("csv: admin1 is not named:\n%s", body)
	}

	code, ctype, body = fetch("/api/v1/export/incidents.geojson?target=medical")
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if code != 200 || ctype != "application/geo+json" || json.Unmarshal([]byte(body), &fc) != nil || fc.Type != "FeatureCollection" ||
		len(fc.Features) != 1 || c(fc.Features[0].Geometry.Coordinates) != "lon-lat" {
		t.Errorf("geojson: %d %s %s", code, ctype, body)
	}

	code, ctype, body = fetch("/api/v1/export/incidents.jsonl")
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	if code != 200 || ctype != "application/x-ndjson" || len(lines) != 2 {
		t.Errorf("jsonl: %d %s %s", code, ctype, body)
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("jsonl line %s", l)
		}
	}
	if code, _, body := fetch("/api/v1/export/incidents.csv?party=R!"); code != 400 {
		t.Errorf("a bad filter: %d %s", code, body)
	}

	code, ctype, body = fetch("/feeds/incidents.atom?party=RU&target=medical")
	var feed struct {
		Title string `xml:"title"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Summary string `xml:"summary"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if code != 200 || ctype != "application/atom+xml; charset=utf-8" || xml.Unmarshal([]byte(body), &feed) != nil {
		t.Fatalf("feed: %d %s %s", code, ctype, body)
	}
	if len(feed.Entries) != 1 || !strings.Contains(feed.Entries[0].Summary, "Sumy") || !strings.HasPrefix(feed.Entries[0].Link.Href, ts.URL+"/incidents/inc-") ||
		feed.Links[0].Rel != "self" || feed.Links[0].Href != ts.URL+"/feeds/incidents.atom?party=RU&target=medical" || feed.Title != "trucewatch: incidents, Target medical, Accused Russia" {
		t.Errorf("feed: %s", body)
	}
	// In the reader's language, chosen as the pages' is: the feed's title,
	// the entries' titles and summaries, with names and days as the pages
	// write them.
	code, _, body = fetch("/feeds/incidents.atom?party=RU&target=medical&lang=uk")
	if code != 200 || !strings.Contains(body, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk">`) {
		t.Fatalf("feed in Ukrainian: %d %.300s", code, body)
	}
	for _, want := range []string{"<title>trucewatch: інциденти, Ціль медицина, Звинувачено Росія</title>", "<title>Удар (медицина", "Місце: Суми (Україна). Дата: ", "Звинувачено: Росія.", "Статус: "} {
		if !strings.Contains(body, want) {
			t.Errorf("the Ukrainian feed lacks %q:\n%s", want, body)
		}
	}
	for _, english := range []string{"Strike on", "Place:", "Accused", ": incidents", "corroborated", "alleged"} {
		if strings.Contains(body, english) {
			t.Errorf("the Ukrainian feed says %q", english)
		}
	}
	if code, _ := get(t, ts.URL+strings.TrimPrefix(feed.Entries[0].Link.Href, ts.URL)); code != 200 {
		t.Errorf("the entry's incident page: %d", code)
	}

	_, home := get(t, ts.URL+"/?party=RU&target=medical&offset=20")
	if !strings.Contains(home, `<link rel="alternate" type="application/atom+xml" title="Incidents (Atom)" href="/feeds/incidents.atom?lang=en&amp;party=RU&amp;target=medical">`) {
		t.Errorf("home page: no feed link for its filter")
	}
	if _, home := get(t, ts.URL+"/?party=RU&lang=de"); !strings.Contains(home, `href="/feeds/incidents.atom?lang=de&amp;party=RU">`) {
		t.Errorf("home page in German: no feed link in German")
	}
}

// c says whether two coordinates in Ukraine are in longitude, latitude order.
func c(xy []float64) string {
	if len(xy) == 2 && xy[0] < 41 && xy[1] > 44 {
		return "lon-lat"
	}
	return "not lon-lat"
}
