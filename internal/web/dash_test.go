package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestTimelineFilters: the timeline follows every filter of the list, the
// accused party and the target too, and names its rows by agreement,
// reading and party.
func TestTimelineFilters(t *testing.T) {
	_, ts := newTestServer(t)
	rows := func(path string) []string {
		t.Helper()
		_, page := get(t, ts.URL+path)
		var out []string
		for _, m := range regexp.MustCompile(`<div class="tl-label">([^<]*)<a href="/agreements/`).FindAllStringSubmatch(page, -1) {
			out = append(out, strings.TrimSpace(m[1]))
		}
		return out
	}
	all := rows("/")
	if len(all) != 3 {
		t.Fatalf("the timeline of everything has rows %q, want 3", all)
	}
	for _, r := range all {
		if !strings.Contains(r, " · ") || !strings.HasSuffix(r, " accused") || strings.Contains(r, "energy-moratorium-2025-03") {
			t.Errorf("row %q is not named by the agreement's title, the reading's label and the party", r)
		}
	}
	for path, want := range map[string]func(string) bool{
		"/?party=UA":        func(r string) bool { return strings.HasSuffix(r, "Ukraine accused") },
		"/?party=RU":        func(r string) bool { return strings.HasSuffix(r, "Russia accused") },
		"/?target=medical":  func(r string) bool { return strings.HasPrefix(r, "Protection of medical facilities") },
		"/?target=energy":   func(r string) bool { return strings.HasPrefix(r, "30-day moratorium") },
		"/?place=UA-59":     func(r string) bool { return strings.HasPrefix(r, "Protection of medical facilities") },
		"/?q=sudzha":        func(r string) bool { return strings.HasPrefix(r, "30-day moratorium") },
		"/?status=disputed": func(string) bool { return false },
	} {
		got := rows(path)
		if path != "/?status=disputed" && (len(got) == 0 || len(got) == len(all)) {
			t.Errorf("%s: the timeline has rows %q; want some, not all", path, got)
		}
		for _, r := range got {
			if !want(r) {
				t.Errorf("%s: the timeline has the row %q", path, r)
			}
		}
	}
	// The place filter's caption names the place, not its code.
	if _, page := get(t, ts.URL+"/?place=UA-59"); !strings.Contains(page, "In Sumy") {
		t.Error("the map's caption does not name the place filter's oblast")
	}
}
