package dailyreport

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/extract"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/i18n"
	"github.com/trucewatch/trucewatch/internal/pipeline"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/store"
)

// The seed (testdata/seed, written by us): under the energy moratorium,
//   - 18 March: Russian missiles on a power plant in Kryvyi Rih;
//   - 19 March: TASS says Ukrainian drones hit a pumping station in
//     Kropotkin (Krasnodar Krai); on the 20th Meduza reports it too,
//     which corroborates it;
//   - 20 March: Ukrinform (in Ukrainian) and Reuters report Russian drones
//     on a substation in Krasnopillia (Sumy oblast); Reuters only relays
//     the regional officials, so it stays alleged.
const (
	agreementID = "energy-moratorium-2025-03"
	kremlin     = "kremlin-list"
)

var day = trucewatch.Date{Year: 2025, Month: 3, Day: 20}

// seeded is a SQLite store holding the shipped agreements and the seed,
// analysed, and the gazetteer.
func seeded(t *testing.T) (*store.Store, *geo.Gazetteer) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	known, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range known {
		if _, err := st.PutAgreement(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	files, err := filepath.Glob("testdata/seed/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed files: %v", err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := reportfile.Parse(f, raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddReports(ctx, []trucewatch.Report{r}); err != nil {
			t.Fatal(err)
		}
	}
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := provenance.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := &pipeline.Pipeline{Queue: st, Extractor: x, Registry: reg}
	if _, _, err := p.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	return st, g
}

func build(t *testing.T, st Store, g *geo.Gazetteer, d trucewatch.Date) *Report {
	t.Helper()
	return buildIn(t, st, g, d, i18n.English)
}

func buildIn(t *testing.T, st Store, g *geo.Gazetteer, d trucewatch.Date, l i18n.Lang) *Report {
	t.Helper()
	rep, err := Build(context.Background(), st, agreementID, d, Options{Gazetteer: g, Lang: l,
		Now: func() time.Time { return time.Date(2025, 3, 21, 6, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func counts(rep *Report, reading string) ReadingCounts {
	for _, rc := range rep.Readings {
		if rc.Reading.ID == reading {
			return rc
		}
	}
	return ReadingCounts{}
}

func row(rs []Row, key string) Row {
	for _, r := range rs {
		if r.Key == key {
			return r
		}
	}
	return Row{Day: Tally{}, Previous: Tally{}, Period: Tally{}}
}

func TestBuild(t *testing.T) {
	st, g := seeded(t)
	rep := build(t, st, g, day)
	if rep.Previous.String() != "2025-03-19" || rep.PeriodFrom.String() != "2025-03-18" {
		t.Errorf("previous %s, period from %s; want 2025-03-19 and 2025-03-18", rep.Previous, rep.PeriodFrom)
	}
	if len(rep.Incidents) != 1 || rep.Incidents[0].Place.Name != "Krasnopillia" {
		t.Fatalf("incidents of the day: %+v; want Krasnopillia alone", rep.Incidents)
	}
	if rep.PeriodTotal != 3 {
		t.Errorf("period: %d incidents, want 3 (Kryvyi Rih, Kropotkin, Krasnopillia)", rep.PeriodTotal)
	}
	rc := counts(rep, kremlin)
	sumy, krasnodar := row(rc.ByRegion, "UA-59"), row(rc.ByRegion, "RU-KDA")
	tests := []struct {
		name      string
		got, want Tally
	}{
		{"Sumy, day", sumy.Day, Tally{trucewatch.StatusAlleged: 1}},
		{"Sumy, previous day", sumy.Previous, Tally{}},
		{"Sumy, period", sumy.Period, Tally{trucewatch.StatusAlleged: 1}},
		{"Krasnodar Krai, day", krasnodar.Day, Tally{}},
		{"Krasnodar Krai, previous day", krasnodar.Previous, Tally{trucewatch.StatusCorroborated: 1}},
		{"UA accused, period", row(rc.ByParty, "UA").Period, Tally{trucewatch.StatusCorroborated: 1}},
		{"RU accused, day", row(rc.ByParty, "RU").Day, Tally{trucewatch.StatusAlleged: 1}},
		{"RU accused, previous day", row(rc.ByParty, "RU").Previous, Tally{}},
		{"RU accused, period", row(rc.ByParty, "RU").Period, Tally{trucewatch.StatusAlleged: 2}},
		{"all, period", rc.Total.Period, Tally{trucewatch.StatusAlleged: 2, trucewatch.StatusCorroborated: 1}},
	}
	for _, tc := range tests {
		if tc.got.Total() != tc.want.Total() || tc.got.Breakdown() != tc.want.Breakdown() {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if sumy.Label != "Sumy" {
		t.Errorf("region UA-59 is labelled %q, want Sumy", sumy.Label)
	}
	if n := rc.Total.Period.Total(); n != 3 {
		t.Errorf("kremlin reading, period: %d accusations, want 3", n)
	}
	// Kyiv's reading starts on 25 March: nothing in its scope yet.
	if n := counts(rep, "kyiv-from-publication").Total.Period.Total(); n != 0 {
		t.Errorf("kyiv reading, period: %d accusations, want 0", n)
	}

	inc := rep.Incidents[0]
	var quotes, outlets []string
	for _, q := range inc.Quotes {
		quotes = append(quotes, q.Text)
	}
	for _, s := range inc.Sources {
		outlets = append(outlets, s.Outlet)
	}
	if !strings.Contains(strings.Join(quotes, "\n"), "Краснопіллі") {
		t.Errorf("the Ukrainian sentence is not quoted as written: %q", quotes)
	}
	if strings.Join(outlets, ",") != "Reuters,Ukrinform" && strings.Join(outlets, ",") != "Ukrinform,Reuters" {
		t.Errorf("sources %v, want Reuters and Ukrinform", outlets)
	}
	statuses := map[string]trucewatch.AssessmentStatus{}
	for _, s := range inc.Statuses {
		statuses[s.Reading+"/"+string(s.Accused)] = s.Status
	}
	if statuses[kremlin+"/RU"] != trucewatch.StatusAlleged || statuses["kyiv-from-publication/RU"] != "" {
		t.Errorf("statuses %v: want alleged under the Kremlin's reading, out of scope under Kyiv's", statuses)
	}

	// What changed: Krasnopillia is new; Kropotkin, reported by TASS the
	// day before, was corroborated by Meduza's report of the day.
	if len(rep.New) != 1 || rep.New[0].Place != "Krasnopillia" {
		t.Errorf("new: %+v, want Krasnopillia", rep.New)
	}
	if len(rep.Updated) != 1 || rep.Updated[0].Place != "Kropotkin" || !rep.Updated[0].Changed() {
		t.Fatalf("updated: %+v, want Kropotkin with a changed status", rep.Updated)
	}
	for _, s := range rep.Updated[0].Statuses {
		if s.Reading == kremlin && (s.Before != trucewatch.StatusAlleged || s.After != trucewatch.StatusCorroborated) {
			t.Errorf("Kropotkin under the Kremlin's reading: %s → %s, want alleged → corroborated", s.Before, s.After)
		}
	}
	if len(rep.Map.Day) != 1 || rep.Map.Day[0].Status != trucewatch.StatusAlleged || len(rep.Map.Earlier) != 2 || len(rep.Map.Units) < 20 {
		t.Errorf("map: day %+v, earlier %d, units %d", rep.Map.Day, len(rep.Map.Earlier), len(rep.Map.Units))
	}

	// The day before: Kropotkin alone, first reported then.
	prev := build(t, st, g, day.AddDays(-1))
	if len(prev.Incidents) != 1 || prev.Incidents[0].Place.Name != "Kropotkin" || len(prev.New) != 1 || len(prev.Updated) != 0 {
		t.Errorf("19 March: incidents %+v, new %+v, updated %+v", prev.Incidents, prev.New, prev.Updated)
	}
}

func TestBuildErrors(t *testing.T) {
	st, g := seeded(t)
	ctx := context.Background()
	for _, tc := range []struct {
		agreement string
		day       trucewatch.Date
		want      string
	}{
		{"no-such-agreement", day, "no-such-agreement"},
		{agreementID, trucewatch.Date{Year: 2025, Month: 3, Day: 1}, "before agreement"},
		{agreementID, trucewatch.Date{}, "day"},
	} {
		_, err := Build(ctx, st, tc.agreement, tc.day, Options{Gazetteer: g})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Build(%s, %s): %v, want an error naming %q", tc.agreement, tc.day, err, tc.want)
		}
	}
}

func TestMarkdownAndHTML(t *testing.T) {
	st, g := seeded(t)
	rep := build(t, st, g, day)
	for _, format := range []string{"md", "html"} {
		var b bytes.Buffer
		if err := Write(&b, rep, format); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, want := range []string{"Краснопіллі", "Krasnopillia", "Sumy", "Krasnodar Krai", "alleged → corroborated", "Ukrinform", "Reuters"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in\n%s", format, want, out)
			}
		}
	}
	if err := Write(&bytes.Buffer{}, rep, "docx"); err == nil || !strings.Contains(err.Error(), "docx") {
		t.Errorf("format docx: %v, want an error naming it", err)
	}
}

// TestLanguages writes the report in each language: its heading, a
// status word, a plural, a count table's head, the day in the language's
// style and the place names from the gazetteer in the language; the
// sentences stay as written.
func TestLanguages(t *testing.T) {
	st, g := seeded(t)
	for _, tc := range []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.English, []string{"Daily report: 30-day moratorium", "Changes since the previous report", "alleged → corroborated", "1 alleged", "20 Mar 2025", "Region", "Sumy", "Krasnopillia", "incident in scope on", "Краснопіллі", "is within"}},
		{i18n.German, []string{"Tagesbericht: 30-tägiges Moratorium", "Änderungen seit dem vorigen Bericht", "behauptet → bestätigt durch Dritte", "1 behauptet", "20.03.2025", "Region", "Vorfall im Geltungsbereich", "Russland", "Краснопіллі", "liegt im Zeitraum"}},
		{i18n.Ukrainian, []string{"Щоденний звіт: 30-денний мораторій", "Зміни від попереднього звіту", "заявлено → підтверджено незалежно", "1 заявлене", "20.03.2025", "Регіон", "Сумська область", "Краснопілля", "інцидент у межах угоди", "Росія", "— у межах"}},
		{i18n.Russian, []string{"Ежедневный отчёт: 30-дневный мораторий", "Изменения с предыдущего отчёта", "заявлено → подтверждено независимо", "1 заявленное", "20.03.2025", "Регион", "Сумская область", "инцидент в рамках соглашения", "Россия", "Краснопіллі", "— в пределах"}},
	} {
		rep := buildIn(t, st, g, day, tc.lang)
		for _, format := range []string{"md", "html"} {
			var b bytes.Buffer
			if err := Write(&b, rep, format); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("%s %s: no %q in\n%s", tc.lang, format, want, out)
				}
			}
			if format == "html" && !strings.Contains(out, `<html lang="`+string(tc.lang)+`">`) {
				t.Errorf("%s: no <html lang=%q>", tc.lang, tc.lang)
			}
			if tc.lang != i18n.English {
				text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(out, " ") // the words, not the classes
				for _, en := range []string{"Daily report", "Changes since", "alleged", "previous day", "Sources:", "is within", "says so"} {
					if strings.Contains(text, en) {
						t.Errorf("%s %s: English %q left in the report", tc.lang, format, en)
					}
				}
			}
		}
	}
	// Plurals in the counts: 2 accusations, alleged, in the period.
	rc := counts(buildIn(t, st, g, day, i18n.Ukrainian), kremlin)
	if got := buildIn(t, st, g, day, i18n.Ukrainian).translator().breakdown(row(rc.ByParty, "RU").Period); got != "2 заявлені" {
		t.Errorf("uk: RU in the period: %q, want 2 заявлені", got)
	}
	if _, err := Build(context.Background(), st, agreementID, day, Options{Gazetteer: g, Lang: "fr"}); err == nil || !strings.Contains(err.Error(), "fr") {
		t.Errorf("language fr: %v, want an error naming it", err)
	}
}

// TestPrinterOption: a report made with a caller's printer (the
// dashboard's) is the report made with its language.
func TestPrinterOption(t *testing.T) {
	st, g := seeded(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2025, 3, 21, 6, 0, 0, 0, time.UTC) }
	for _, l := range []i18n.Lang{i18n.German, i18n.Ukrainian} {
		byLang := buildIn(t, st, g, day, l)
		byPrinter, err := Build(context.Background(), st, agreementID, day, Options{Gazetteer: g, Now: now, Printer: cat.Printer(l)})
		if err != nil {
			t.Fatal(err)
		}
		if byPrinter.Lang != l {
			t.Errorf("%s: report's language %q", l, byPrinter.Lang)
		}
		for _, format := range []string{"md", "html"} {
			var want, got bytes.Buffer
			if err := Write(&want, byLang, format); err != nil {
				t.Fatal(err)
			}
			if err := Write(&got, byPrinter, format); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s %s: the report with the printer differs from the one with Lang:\n%s\nwant\n%s", l, format, got.String(), want.String())
			}
		}
	}
}

// TestMessagesUsedExist fails when the report's template (t "key") or Go
// code (.T("key")), or a key it makes from a status, names a message
// that a language's catalogue lacks.
func TestMessagesUsedExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := i18n.TemplateKeys(htmlTemplate)
	n := len(keys)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, i18n.GoKeys(string(b))...)
	}
	if n < 20 || len(keys) < n+20 {
		t.Errorf("only %d keys in the template, %d in all: is the scan broken?", n, len(keys))
	}
	for _, s := range Statuses {
		keys = append(keys, "status."+string(s), "report.tally."+string(s), "report.abbrev."+string(s))
	}
	for _, k := range shapeKey {
		keys = append(keys, k)
	}
	for _, l := range i18n.Langs { // a quoted report's language (language.*)
		keys = append(keys, "language."+string(l))
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("the daily report uses %q, which the %s catalogue lacks", k, l)
			}
		}
	}
}

// poppler finds a poppler-utils program (scripts/test.sh installs them);
// without it the test is skipped, except in CI.
func poppler(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no %s: CI must run the PDF test (scripts/test.sh installs Debian's poppler-utils)", name)
		}
		t.Skipf("no %s (Debian's poppler-utils; scripts/test.sh installs it)", name)
	}
	return p
}

// TestPDF renders the PDF with poppler: its text holds the numbers, the
// place names (Cyrillic included) and the changes, and the page with the
// map has the borders and the day's marker where they belong.
func TestPDF(t *testing.T) {
	pdftotext, pdftoppm := poppler(t, "pdftotext"), poppler(t, "pdftoppm")
	st, g := seeded(t)
	rep := build(t, st, g, day)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	var b bytes.Buffer
	if err := WritePDF(&b, rep); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("PDF: %d bytes", b.Len())
	text, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	flat := strings.Join(strings.Fields(string(text)), " ")
	for _, want := range []string{
		"Daily report: 30-day moratorium", "20 Mar 2025", "Краснопіллі", "Сумська", "Krasnopillia", "Sumy", "Krasnodar Krai",
		"1 (1A)", "1 (1C)", "3 (2A 1C)", "3 in the whole period", "ALLEGED", "alleged → corroborated", "Reuters", "Ukrinform",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's text has no %q:\n%s", want, text)
		}
	}

	// Where the map is: below the word "Map", on its page (poppler's
	// coordinates are in points, 1/72 inch).
	bbox, err := exec.Command(pdftotext, "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	page, top := mapHeading(t, string(bbox))
	out := filepath.Join(dir, "page")
	if err := exec.Command(pdftoppm, "-png", "-r", "72", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-singlefile", path, out).Run(); err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	const mm = 72 / 25.4
	x0, w := pageMargin*mm, pageWidth*mm
	h := w * rep.Map.Height / rep.Map.Width
	y0 := top + 12 // the heading and its rule
	dark, grey := 0, 0
	for y := int(y0); y < int(y0+h) && y < img.Bounds().Dy(); y++ {
		for x := int(x0); x < int(x0+w); x++ {
			switch l := lum(img, x, y); {
			case l < 60:
				dark++
			case l < 245:
				grey++
			}
		}
	}
	if dark < 500 || grey < 5000 {
		t.Errorf("the map's box on page %d has %d dark and %d grey pixels: the borders are missing", page, dark, grey)
	}
	// The day's incident, alleged: an open circle, white inside a black
	// ring.
	mk := rep.Map.Day[0]
	cx, cy := x0+mk.X*w/rep.Map.Width, 0.0
	// The map's top is where its frame starts: the first row below the
	// heading from which the frame's left edge runs down 30 points.
	edge := func(y int) bool { return min(lum(img, int(x0), y), lum(img, int(x0)+1, y)) < 160 }
	for y := int(top); y < int(top+40) && cy == 0; y++ {
		down := 0
		for edge(y + down) {
			down++
		}
		if down >= 30 {
			cy = float64(y) + mk.Y*w/rep.Map.Width
		}
	}
	if cy == 0 {
		t.Fatalf("no frame of the map below the heading at y=%.0f on page %d", top, page)
	}
	r := 1.8 * mm
	ring := 255
	for _, d := range [][2]float64{{r, 0}, {-r, 0}, {0, r}, {0, -r}} {
		for k := -1.0; k <= 1; k++ {
			ring = min(ring, lum(img, int(cx+d[0]+k*sign(d[0])), int(cy+d[1]+k*sign(d[1]))))
		}
	}
	if l := lum(img, int(cx), int(cy)); l < 200 || ring > 80 {
		t.Errorf("no open circle at Krasnopillia (%.0f, %.0f): luminance %d inside, %d on the ring", cx, cy, l, ring)
	}
}

// TestPDFUkrainian: the Ukrainian PDF's text, in the embedded font's
// Cyrillic, has its headings, status words and place names in Ukrainian.
func TestPDFUkrainian(t *testing.T) {
	pdftotext := poppler(t, "pdftotext")
	st, g := seeded(t)
	rep := buildIn(t, st, g, day, i18n.Ukrainian)
	path := filepath.Join(t.TempDir(), "report-uk.pdf")
	var b bytes.Buffer
	if err := WritePDF(&b, rep); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	flat := strings.Join(strings.Fields(string(text)), " ")
	for _, want := range []string{
		"Щоденний звіт: 30-денний мораторій", "Зміни від попереднього звіту", "Карта", "20.03.2025", "Краснопілля", "Сумська область",
		"1 (1З)", "3 (2З 1Н)", "3 за весь період", "ЗАЯВЛЕНО", "заявлено → підтверджено незалежно", "сторінка 1 з",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the Ukrainian PDF's text has no %q:\n%s", want, text)
		}
	}
	if strings.Contains(flat, "Daily report") || strings.Contains(flat, "alleged") {
		t.Errorf("English left in the Ukrainian PDF:\n%s", text)
	}
}

var wordRe = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>`)

// mapHeading finds the page (from 1) and the bottom of the word "Map".
func mapHeading(t *testing.T, bbox string) (int, float64) {
	t.Helper()
	for i, page := range strings.Split(bbox, "<page ")[1:] {
		for _, m := range wordRe.FindAllStringSubmatch(page, -1) {
			if m[4] == "Map" {
				y, _ := strconv.ParseFloat(m[3], 64)
				return i + 1, y
			}
		}
	}
	t.Fatal("no heading Map in the PDF")
	return 0, 0
}

func lum(img image.Image, x, y int) int {
	r, g, b, _ := img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y).RGBA()
	return int((299*r + 587*g + 114*b) / 1000 >> 8)
}

func sign(x float64) float64 {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}
