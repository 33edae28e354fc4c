package i18n

import (
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"testing/fstest"
	"time"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		accept  string
		choices []string
		want    Lang
	}{
		{"", nil, English},
		{"de-DE,de;q=0.9,en;q=0.8", nil, German},
		{"uk", nil, Ukrainian},
		{"ru-RU", nil, Russian},
		{"fr-FR", nil, English},
		{"fr-FR, ru;q=0.5", nil, Russian},
		{"en-GB", []string{"uk"}, Ukrainian},               // ?lang= before the header
		{"de", []string{"", "ru"}, Russian},                // no ?lang=: the cookie
		{"de", []string{"xx-nonsense", "klingon"}, German}, // neither names a language
		{"de", []string{"de-AT"}, German},
		{"garbage;;q=", nil, English},
	} {
		if got := Match(c.accept, c.choices...); got != c.want {
			t.Errorf("Match(%q, %q) = %s, want %s", c.accept, c.choices, got, c.want)
		}
	}
}

func TestPlurals(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		lang Lang
		n    int
		want string
	}{
		{English, 1, "1 incident"},
		{English, 2, "2 incidents"},
		{English, 0, "0 incidents"},
		{German, 1, "1 Vorfall"},
		{German, 5, "5 Vorfälle"},
		{Ukrainian, 1, "1 інцидент"},
		{Ukrainian, 2, "2 інциденти"},
		{Ukrainian, 5, "5 інцидентів"},
		{Ukrainian, 11, "11 інцидентів"},
		{Ukrainian, 21, "21 інцидент"},
		{Ukrainian, 22, "22 інциденти"},
		{Russian, 1, "1 инцидент"},
		{Russian, 3, "3 инцидента"},
		{Russian, 12, "12 инцидентов"},
		{Russian, 101, "101 инцидент"},
		{Russian, 0, "0 инцидентов"},
		{Russian, 1234, "1 234 инцидента"},
		{German, 1234, "1.234 Vorfälle"},
		{English, 1234, "1,234 incidents"},
	} {
		got := strings.ReplaceAll(c.Printer(x.lang).T("count.incidents", x.n), "\u00a0", " ")
		if got != x.want {
			t.Errorf("%s %d: %q, want %q", x.lang, x.n, got, x.want)
		}
	}
}

func TestDates(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 18, 14, 5, 0, 0, time.UTC)
	for l, want := range map[Lang]string{English: "18 Mar 2025", German: "18.03.2025", Ukrainian: "18.03.2025", Russian: "18.03.2025"} {
		if got := c.Printer(l).Date(day); got != want {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
	if got := c.Printer(German).DateTime(day); got != "18.03.2025 14:05 UTC" {
		t.Errorf("DateTime: %q", got)
	}
	for l, want := range map[Lang]string{English: "1,234", German: "1.234", Ukrainian: "1 234", Russian: "1 234"} {
		if got := strings.ReplaceAll(c.Printer(l).Num(1234), "\u00a0", " "); got != want {
			t.Errorf("Num(1234) in %s = %q, want %q", l, got, want)
		}
	}
}

// TestDaysPublishedParties covers the words the dashboard and the daily
// report share: days, publication times and lists of parties.
func TestDaysPublishedParties(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	en, de := c.Printer(English), c.Printer(German)
	day := trucewatch.Date{Year: 2025, Month: time.March, Day: 18}
	at := time.Date(2025, 3, 18, 16, 5, 0, 0, time.FixedZone("EET", 2*3600))
	for _, tc := range []struct {
		name, got, want string
	}{
		{"Day en", en.Day(day), "18 Mar 2025"},
		{"Day de", de.Day(day), "18.03.2025"},
		{"Day zero", en.Day(trucewatch.Date{}), ""},
		{"Published day", en.Published(trucewatch.Published{Time: day.Time(time.UTC), DateOnly: true}), "18 Mar 2025"},
		{"Published moment", de.Published(trucewatch.Published{Time: at}), "18.03.2025 14:05 UTC"},
		{"Published unknown", en.Published(trucewatch.Published{}), ""},
		{"Parties en", en.Parties([]trucewatch.Party{trucewatch.PartyRU, trucewatch.PartyUA}), "Russia, Ukraine"},
		{"Parties de", de.Parties([]trucewatch.Party{trucewatch.PartyUA}), "Ukraine"},
		{"Parties unnamed", en.Parties([]trucewatch.Party{"XX"}), "XX"},
		{"Parties none", de.Parties(nil), "niemand"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

// TestCataloguesComplete fails when a key of one language is missing in
// another.
func TestCataloguesComplete(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Missing() {
		t.Errorf("missing message %s", m)
	}
	if len(c.Keys(English)) < 50 {
		t.Errorf("only %d English messages", len(c.Keys(English)))
	}
}

func TestLoadErrors(t *testing.T) {
	good := `{"a": "A", "n": {"one": "%d x", "other": "%d xs"}}`
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no language folder", map[string]string{"en/a.json": good}, "no catalogue for de"},
		{"bad json", map[string]string{"en/a.json": `{"a": `, "de/a.json": good, "uk/a.json": good, "ru/a.json": good}, "messages/en/a.json"},
		{"twice", map[string]string{"en/a.json": good, "en/b.json": `{"a": "again"}`, "de/a.json": good, "uk/a.json": good, "ru/a.json": good}, `"a" is already defined`},
		{"no other", map[string]string{"en/a.json": `{"n": {"one": "x"}}`, "de/a.json": good, "uk/a.json": good, "ru/a.json": good}, `needs the form "other"`},
		{"bad form", map[string]string{"en/a.json": `{"n": {"several": "x", "other": "y"}}`, "de/a.json": good, "uk/a.json": good, "ru/a.json": good}, `"several" is no plural form`},
		{"number", map[string]string{"en/a.json": `{"n": 3}`, "de/a.json": good, "uk/a.json": good, "ru/a.json": good}, "want a string"},
	} {
		fsys := fstest.MapFS{}
		for n, s := range c.files {
			fsys[n] = &fstest.MapFile{Data: []byte(s)}
		}
		_, err := LoadFS(fsys)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one with %q", c.name, err, c.want)
		}
	}
	// files merge; a missing key shows
	fsys := fstest.MapFS{}
	for _, l := range Langs {
		fsys[string(l)+"/a.json"] = &fstest.MapFile{Data: []byte(good)}
	}
	fsys["de/b.json"] = &fstest.MapFile{Data: []byte(`{"b": "B"}`)}
	c, err := LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Printer(German).T("b"); got != "B" {
		t.Errorf("merged file: %q", got)
	}
	if m := c.Missing(); len(m) != 3 || m[0] != "en: b" {
		t.Errorf("Missing = %q", m)
	}
	if got := c.Printer(Russian).T("n", 3); got != "3 xs" {
		t.Errorf("plural: %q", got)
	}
}

func TestKeysIn(t *testing.T) {
	tmpl := `{{t "a.b"}} <x>{{t  "c" .N}}</x> {{if (t "d")}}{{end}} {{ .t "no" }} {{print "t" "no2"}} {{$t := 1}} {{list "x"}}{{ t "e" | html}}`
	if got := strings.Join(TemplateKeys(tmpl), ","); got != "a.b,c,d,e" {
		t.Errorf("TemplateKeys = %s", got)
	}
	if got := strings.Join(GoKeys(`p.T("x.y", n) s.printer(r).T("z") T("no") tr.T("dyn."+string(s))`), ","); got != "x.y,z" {
		t.Errorf("GoKeys = %s", got)
	}
}

func TestUTCOffset(t *testing.T) {
	for _, tc := range []struct {
		secs int
		want string
	}{{0, "UTC"}, {2 * 3600, "UTC+2"}, {-3 * 3600, "UTC−3"}, {5*3600 + 1800, "UTC+5:30"}, {-(9*3600 + 1800), "UTC−9:30"}} {
		if got := utcOffset(time.Date(2025, 3, 18, 0, 0, 0, 0, time.FixedZone("", tc.secs))); got != tc.want {
			t.Errorf("offset %d s: %q, want %q", tc.secs, got, tc.want)
		}
	}
}

func TestOrigin(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang       Lang
		name, want string
	}{
		{English, trucewatch.OfficialsOf("RU"), "officials of Russia"},
		{Ukrainian, trucewatch.OfficialsOf("UA"), "офіційні особи: Україна"},
		{Russian, trucewatch.UnnamedSpeakerIn("TASS"), "неназванный источник в TASS"},
		{German, "Meduza", "Meduza"},
		{German, "officials of ", "officials of "}, // no party: an outlet's odd name, as it is
	} {
		if got := cat.Printer(tc.lang).Origin(tc.name); got != tc.want {
			t.Errorf("%s Origin(%q) = %q, want %q", tc.lang, tc.name, got, tc.want)
		}
	}
}
