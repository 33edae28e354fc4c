package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/examples"
	"github.com/trucewatch/trucewatch/internal/store"
)

// run runs the command line with stdin and a private environment and
// returns the exit code and what it printed.
func run(t *testing.T, stdin string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestHelp(t *testing.T) {
	code, out, _ := run(t, "", nil, "help")
	if code != exitOK {
		t.Fatalf("help: exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "  "+c.name()+" ") {
			t.Errorf("help does not list %s:\n%s", c.name(), out)
		}
		code, out, _ := run(t, "", nil, c.name(), "--help")
		if code != exitOK || !strings.Contains(out, "usage: trucewatch "+c.name()) {
			t.Errorf("%s --help: exit %d, output %q", c.name(), code, out)
		}
	}
	if code, _, errOut := run(t, "", nil, "frobnicate"); code != exitUsage || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := run(t, "", nil, "reports", "--nope"); code != exitUsage || !strings.Contains(errOut, "flag provided but not defined: -nope") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, errOut)
	}
}

func TestIngestAndList(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TRUCEWATCH_DB": filepath.Join(dir, "tw.db")}
	write := func(name, content string) string {
		p := filepath.Join(dir, "in", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("a.txt", "Outlet: A\nLanguage: en\nPublished: 2025-03-19\n\nOvernight drones hit hospitals in Sumy.")
	write("b.txt", "Outlet: B\nLanguage: de\nPublished: 2025-03-20\n\nIn der Nacht zum Donnerstag.")
	bad := write("c.txt", "Outlet: C\nPublished: 19.03.2025\n\nText.")

	// Flags may follow the paths; one bad file is reported and the rest stored.
	code, out, _ := run(t, "Language: uk\n\nВночі.", env, "ingest", filepath.Join(dir, "in"), "-", "--quiet")
	if code != exitFailed {
		t.Errorf("ingest with a bad file: exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(out, "rejected   "+bad+": line 2: published: cannot parse \"19.03.2025\"") {
		t.Errorf("the rejection does not name file, line and field:\n%s", out)
	}
	if !strings.Contains(out, "4 inputs: 3 new, 0 duplicate, 1 rejected") {
		t.Errorf("summary missing:\n%s", out)
	}
	code, out, _ = run(t, "", env, "ingest", filepath.Join(dir, "in", "a.txt"))
	if code != exitOK || !strings.Contains(out, "1 inputs: 0 new, 1 duplicate, 0 rejected") {
		t.Errorf("re-ingest: exit %d\n%s", code, out)
	}

	code, out, _ = run(t, "", env, "reports")
	if code != exitOK || !strings.Contains(out, "3 of 3 reports") || !strings.Contains(out, "Overnight drones hit hospitals in Sumy.") {
		t.Errorf("reports: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "", env, "reports", "--lang", "de", "--json")
	var got reportJSON
	if code != exitOK || json.Unmarshal([]byte(out), &got) != nil || got.Outlet != "B" || got.Published != "2025-03-20" {
		t.Errorf("reports --lang de --json: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "", env, "reports", "--since", "2025-03-20")
	if code != exitOK || !strings.Contains(out, "1 of 1 reports") {
		t.Errorf("reports --since: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "", env, "reports", "--since", "yesterday"); code != exitUsage || !strings.Contains(errOut, "--since") {
		t.Errorf("bad --since: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, "", env, "ingest"); code != exitUsage || !strings.Contains(errOut, "name at least one") {
		t.Errorf("ingest without paths: exit %d, %q", code, errOut)
	}
}

func TestAgreements(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TRUCEWATCH_DB": filepath.Join(dir, "tw.db")}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format": "trucewatch.agreement.v1", "id": "x", "version": 1, "titel": "typo"}`), 0o644)
	code, out, _ := run(t, "", env, "agreements", "load", "--known", bad)
	if code != exitFailed || !strings.Contains(out, "new        energy-moratorium-2025-03 v2") ||
		!strings.Contains(out, "rejected   "+bad+": invalid: json: unknown field \"titel\"") {
		t.Errorf("load: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "", env, "agreements")
	if code != exitOK || !strings.Contains(out, "kremlin-list,white-house-energy-and-infrastructure,kyiv-from-publication") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "", env, "agreements", "list", "--json")
	if code != exitOK || strings.Count(out, "\n") != 3 || !strings.Contains(out, `"format":"trucewatch.agreement.v1"`) {
		t.Errorf("list --json: exit %d\n%s", code, out)
	}
}

// TestAgreementsUpdateToTranslated: a store that holds the shipped
// agreements as version 1 (before their translations) takes version 2
// from agreements load --known as an update, and the pages' texts with it.
func TestAgreementsUpdateToTranslated(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tw.db")
	known, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range known {
		a.Version, a.Translations = 1, nil
		if _, err := st.PutAgreement(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	env := map[string]string{"TRUCEWATCH_DB": db}
	code, out, errOut := run(t, "", env, "agreements", "load", "--known")
	for _, a := range known {
		if want := fmt.Sprintf("updated    %s v%d", a.ID, a.Version); a.Version < 2 || !strings.Contains(out, want) {
			t.Errorf("load --known over version 1: exit %d, no %q:\n%s%s", code, want, out, errOut)
		}
	}
	if code != exitOK {
		t.Errorf("load --known over version 1: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", env, "agreements", "list", "--json")
	if code != exitOK || !strings.Contains(out, `"uk":{"title":"30-денний мораторій`) {
		t.Errorf("list --json after the update: exit %d, no Ukrainian title\n%s", code, out)
	}
	if code, out, _ = run(t, "", env, "agreements", "load", "--known"); code != exitOK || !strings.Contains(out, "unchanged  energy-moratorium-2025-03 v2") {
		t.Errorf("load --known again: exit %d\n%s", code, out)
	}
}

func TestDemo(t *testing.T) {
	names, _ := fs.Glob(examples.FS, examples.ReportsDir+"/*.txt")
	n := len(names)
	code, out, errOut := run(t, "", map[string]string{"TMPDIR": t.TempDir()}, "demo", "--no-serve")
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		fmt.Sprintf("%d inputs: %d new, 0 duplicate, 0 rejected", n, n),
		fmt.Sprintf("%d inputs: 0 new, %d duplicate, 0 rejected", n, n),
		"new        ihl-medical-facilities v2",
		"energy-moratorium-2025-03 is read 3 ways",
		"== Extracting claims from every report",
		"Krasnopillia, Sumy                  medical (hospital)",
		"== Compliance with the energy moratorium, per reading and accused party",
		"Reading kremlin-list",
		fmt.Sprintf("The database holds %d reports", n),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
}

func TestVersionLicenses(t *testing.T) {
	code, out, _ := run(t, "", nil, "version", "--licenses")
	if code != exitOK || !strings.HasPrefix(out, "trucewatch ") || !strings.Contains(out, "BSD-3-Clause") ||
		!strings.Contains(out, "GeoNames") || !strings.Contains(out, "CC BY 4.0") || !strings.Contains(out, "Natural Earth") {
		t.Errorf("version --licenses: exit %d\n%s", code, out)
	}
	info, _ := debug.ReadBuildInfo()
	for _, d := range info.Deps {
		if licenseOf(d.Path) == "" && !strings.HasPrefix(d.Path, "honnef.co/") {
			t.Errorf("module %s has no licence in moduleLicenses", d.Path)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args []string
		want string
		db   string
	}{
		{[]string{"a", "b"}, "a b", ""},
		{[]string{"--db", "x", "a"}, "a", "x"},
		{[]string{"a", "--db", "x", "b"}, "a b", "x"},
		{[]string{"a", "--", "--db", "x"}, "a --db x", ""},
		{[]string{"-", "--db=y"}, "-", "y"},
	}
	for _, tt := range tests {
		c := &ingestCmd{}
		fs := newFlagSet(c)
		got, err := parseInterspersed(fs, tt.args)
		if err != nil || strings.Join(got, " ") != tt.want || c.db.dsn != tt.db {
			t.Errorf("parseInterspersed(%q) = %q, db %q, %v; want %q, db %q", tt.args, got, c.db.dsn, err, tt.want, tt.db)
		}
	}
}

func TestGeocode(t *testing.T) {
	code, out, _ := run(t, "", nil, "geocode", "--json", "Saporischschja", "Краснопіллі", "Nowhereville")
	if code != exitFailed {
		t.Errorf("exit %d, want %d (one name not found)", code, exitFailed)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 JSON lines:\n%s", out)
	}
	var zp, kp, bad placeJSON
	for i, dst := range []*placeJSON{&zp, &kp, &bad} {
		if err := json.Unmarshal([]byte(lines[i]), dst); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
	}
	if zp.ID != "gn:687700" || zp.Country != "UA" || zp.Admin1 != "UA-23" || zp.Precision != "settlement" || zp.Query != "Saporischschja" {
		t.Errorf("Saporischschja = %+v", zp)
	}
	if kp.ID != "gn:704343" {
		t.Errorf("Краснопіллі = %+v", kp)
	}
	if bad.Error == "" || bad.ID != "" || bad.Query != "Nowhereville" {
		t.Errorf("unknown name = %+v, want an error object", bad)
	}
	code, out, _ = run(t, "", nil, "geocode", "Pokrovsk", "--near", "Якутия")
	if code != exitOK || !strings.Contains(out, "gn:2017824") {
		t.Errorf("--near: exit %d\n%s", code, out)
	}
}

func TestPlaces(t *testing.T) {
	text := "Language: de\n\nIn der Nacht wurden in Sumy und im Ort Krasnopillja Krankenhäuser getroffen; im Gebiet Dnipropetrowsk fiel der Strom aus."
	code, out, _ := run(t, text, nil, "places", "-")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"gn:692194", "gn:704343", "Gebiet Dnipropetrowsk", "adm1:UA-12", "3 mentions"} {
		if !strings.Contains(out, want) {
			t.Errorf("places output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, text, nil, "places", "--json", "-")
	var first placeJSON
	if code != exitOK || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first) != nil ||
		first.Text != "Sumy" || first.Start == nil || *first.Start != 23 {
		t.Errorf("places --json: exit %d\n%s", code, out)
	}
}

func TestExtractAndEval(t *testing.T) {
	dir := t.TempDir()
	report := "Language: de\nPublished: 2025-03-19\n\nEine Lokalzeitung meldete am Mittwoch, russische Drohnen hätten in Sumy ein Krankenhaus beschädigt."
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(report), 0o644)
	gold := `{"incidents": [{"date": "2025-03-19", "date_precision": "day", "place": "Sumy", "country": "UA", "place_precision": "settlement",
	  "lat": 50.9216, "lon": 34.8003, "target": "medical", "target_detail": "hospital", "perpetrator": "RU", "claimant": "media",
	  "weapon": "unknown", "quantity": null, "killed": null, "injured": null, "consequences": []}], "exchanges": [], "agreements": []}`
	os.WriteFile(filepath.Join(dir, "a.gold.json"), []byte(gold), 0o644)

	code, out, _ := run(t, "", nil, "extract", filepath.Join(dir, "a.txt"))
	var f struct {
		Incidents []placeJSON `json:"incidents"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &f) != nil || len(f.Incidents) != 1 {
		t.Fatalf("extract: exit %d\n%s", code, out)
	}
	code, _, _ = run(t, "", nil, "extract", "--out", filepath.Join(dir, "out"), filepath.Join(dir, "a.txt"))
	if b, err := os.ReadFile(filepath.Join(dir, "out", "a.json")); code != exitOK || err != nil || !strings.Contains(string(b), `"sentence": "Eine Lokalzeitung`) {
		t.Errorf("extract --out: exit %d, %v, %s", code, err, b)
	}
	code, out, _ = run(t, "", nil, "eval", dir)
	last := strings.TrimSpace(out)
	last = last[strings.LastIndex(last, "\n")+1:]
	if code != exitOK || last != "incidents P=1.000 R=1.000 F1=1.000 exchanges F1=1.000 agreements F1=1.000" {
		t.Errorf("eval: exit %d, last line %q\n%s", code, last, out)
	}
	if code, _, errOut := run(t, "", nil, "eval", filepath.Join(dir, "none")); code != exitFailed || !strings.Contains(errOut, "no NAME.gold.json") {
		t.Errorf("eval of an empty folder: exit %d, %q", code, errOut)
	}
	code, out, _ = run(t, "", nil, "eval", "--json", dir)
	var js struct {
		Scored    int `json:"files_scored"`
		Languages map[string]struct {
			Incidents struct{ F1 float64 } `json:"incidents"`
		} `json:"languages"`
	}
	if err := json.Unmarshal([]byte(out), &js); code != exitOK || err != nil || js.Scored != 1 || js.Languages["de"].Incidents.F1 != 1 {
		t.Errorf("eval --json: exit %d, %v\n%s", code, err, out)
	}

	// A folder whose every gold file is broken scores nothing, says so and fails.
	bad := filepath.Join(dir, "bad")
	os.Mkdir(bad, 0o755)
	os.WriteFile(filepath.Join(bad, "a.txt"), []byte(report), 0o644)
	os.WriteFile(filepath.Join(bad, "a.gold.json"), []byte(`{"incidents": [{"target": "power plant"}]}`), 0o644)
	code, out, errOut := run(t, "", nil, "eval", bad)
	if code != exitFailed || !strings.Contains(out, "0 of 1 files scored") || !strings.Contains(errOut, "a.gold.json") {
		t.Errorf("eval of a folder of broken gold files: exit %d\n%s\n%s", code, out, errOut)
	}
}

// workDir returns a temporary directory with a database in it, the
// environment that points the commands at them, and a function that
// writes a file there and returns its path.
func workDir(t *testing.T) (dir string, env map[string]string, write func(name, content string) string) {
	t.Helper()
	dir = t.TempDir()
	env = map[string]string{"TRUCEWATCH_DB": filepath.Join(dir, "tw.db"), "TMPDIR": dir}
	write = func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return dir, env, write
}

func TestIncidentsAssessDraft(t *testing.T) {
	_, env, write := workDir(t)
	a := write("a.txt", "Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-21\n\nUkraine's General Staff said Russian artillery had shelled the Sudzha gas metering station on Friday.")
	b := write("b.txt", "Outlet: TASS\nLanguage: ru\nPublished: 2025-03-21\n\nМинобороны России заявило, что в пятницу украинские военные взорвали газоизмерительную станцию «Суджа».")
	c := write("c.txt", "Outlet: TASS\nLanguage: ru\nPublished: 2025-03-18\n\nРоссия и Украина договорились в течение 30 дней взаимно воздерживаться от ударов по энергетическим объектам.")
	if code, out, _ := run(t, "", env, "ingest", a, b, c); code != exitOK {
		t.Fatalf("ingest: %s", out)
	}
	// Loading agreements assesses the incidents stored under them.
	if code, out, _ := run(t, "", env, "agreements", "load", "--known"); code != exitOK || !strings.Contains(out, "queued 3 reports for assessment") {
		t.Fatalf("load: %s", out)
	}

	code, out, _ := run(t, "", env, "incidents", "--json")
	var inc incidentJSON
	if code != exitOK || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &inc) != nil {
		t.Fatalf("incidents --json: exit %d\n%s", code, out)
	}
	if len(inc.Accused) != 2 || len(inc.Claims) != 2 || inc.Place.ID != "tw:sudzha-gms" {
		t.Errorf("Sudzha: claim and counter-claim should be one incident accusing both: %+v", inc)
	}
	if code, out, _ := run(t, "", env, "reanalyse"); code != exitOK || !strings.Contains(out, "queued 3 reports") || !strings.Contains(out, "extracted 3 and analysed 3 reports") {
		t.Errorf("reanalyse: exit %d, %s", code, out)
	}
	if code, out, _ := run(t, "", env, "reanalyse", "--assess"); code != exitOK || !strings.Contains(out, "queued 3 reports") || !strings.Contains(out, "analysed 3 reports") {
		t.Errorf("reanalyse --assess: exit %d, %s", code, out)
	}
	code, out, _ = run(t, "", env, "assess", "--agreement", "energy-moratorium-2025-03")
	if code != exitOK || !strings.Contains(out, "timeline 2025-03-21 … 2025-03-21  D") || !strings.Contains(out, "Russia denies it or blames another") ||
		!strings.Contains(out, "RU accused: 1 in scope (alleged 0, corroborated 0, disputed 1)") ||
		!strings.Contains(out, "UA accused: 1 in scope (alleged 0, corroborated 0, disputed 1)") {
		t.Errorf("assess: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "", env, "assess", "--agreement", "nope"); code != exitFailed || !strings.Contains(errOut, "not stored") {
		t.Errorf("assess unknown agreement: exit %d, %s", code, errOut)
	}
	code, out, _ = run(t, "", env, "agreements", "draft")
	if code != exitOK {
		t.Fatalf("draft: exit %d\n%s", code, out)
	}
	d, err := agreements.Parse("draft", []byte(out))
	if err != nil || d.ID != "draft-energy" || d.Readings[0].Scope.Targets[0] != "energy" {
		t.Errorf("draft does not parse as an agreement file: %v\n%s", err, out)
	}
}

// TestQueueCommands: ingest --no-wait leaves reports queued, status says
// so (also as JSON), worker --once analyses them, and reanalyse --outdated
// finds nothing to do when the versions have not changed.
func TestQueueCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TRUCEWATCH_DB": filepath.Join(dir, "tw.db")}
	for i, text := range []string{
		"Russian drones hit a power substation in Sumy overnight, the governor said.",
		"Ukrainian drones attacked an oil depot in the Bryansk region, the Russian Defence Ministry said.",
	} {
		p := filepath.Join(dir, fmt.Sprintf("r%d.txt", i))
		if err := os.WriteFile(p, []byte("Language: en\nPublished: 2025-04-10\n\n"+text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, _ := run(t, "", env, "ingest", "--no-wait", dir); code != exitOK || strings.Contains(out, "analysed") {
		t.Fatalf("ingest --no-wait: exit %d\n%s", code, out)
	}
	status := func() statusJSON {
		code, out, _ := run(t, "", env, "status", "--json")
		var s statusJSON
		if code != exitOK || json.Unmarshal([]byte(out), &s) != nil {
			t.Fatalf("status --json: exit %d\n%s", code, out)
		}
		return s
	}
	if s := status(); s.Reports != 2 || s.Queued != 2 || s.Analysed != 0 || s.OldestQueuedSeconds < 0 || s.Versions.Extractor == "" {
		t.Errorf("after ingest --no-wait: %+v", s)
	}
	if code, out, _ := run(t, "", env, "incidents"); code != exitOK || !strings.Contains(out, "0 incidents") {
		t.Errorf("incidents before the worker: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "", env, "worker", "--once"); code != exitOK || !strings.Contains(out, "extracted 2 and analysed 2 reports") {
		t.Errorf("worker --once: exit %d\n%s", code, out)
	}
	if s := status(); s.Queued != 0 || s.Analysed != 2 || s.Versions.Analysed["extractor "+s.Versions.Extractor+", gazetteer "+s.Versions.Gazetteer] != 2 {
		t.Errorf("after the worker: %+v", s)
	}
	if code, out, _ := run(t, "", env, "incidents"); code != exitOK || !strings.Contains(out, "2 incidents") {
		t.Errorf("incidents after the worker: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "", env, "reanalyse", "--outdated"); code != exitOK || !strings.Contains(out, "queued 0 reports") {
		t.Errorf("reanalyse --outdated: exit %d\n%s", code, out)
	}
}

// TestBenchDay: bench day analyses every report of both layouts, and on a
// crowded day the analysis batches grow with the incidents they regroup
// (fewer batches than reports / --batch).
func TestBenchDay(t *testing.T) {
	_, env, _ := workDir(t)
	code, out, errs := run(t, "", env, "bench", "day", "--sizes", "600", "--batch", "50")
	if code != exitOK {
		t.Fatalf("bench day: exit %d\n%s%s", code, out, errs)
	}
	m := regexp.MustCompile(`600 reports on one day: .* in (\d+) batches; 600 analysed, (\d+) incidents`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("bench day: no line for the day:\n%s", out)
	}
	if n, _ := strconv.Atoi(m[1]); n >= 600/50 {
		t.Errorf("bench day: %s analysis batches for 600 reports on one day in batches of 50: they did not grow\n%s", m[1], out)
	}
	if !strings.Contains(out, "600 reports: analysis on one day / spread over days: ") {
		t.Errorf("bench day: no ratio:\n%s", out)
	}
}

// TestStatusUpgrade: status names what a store holds from before an
// upgrade, with the command that brings it up to date: reports analysed
// with an older gazetteer, assessments whose reasons are English words
// only, and shipped agreements stored in an older version; once those
// commands ran, it names nothing.
func TestStatusUpgrade(t *testing.T) {
	ctx := context.Background()
	_, env, write := workDir(t)
	known, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, env["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range known {
		old := a
		old.Version, old.Translations = a.Version-1, nil // as the store held it before
		if _, err := s.PutAgreement(ctx, old); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	a := write("a.txt", "Outlet: Test Wire\nLanguage: en\nPublished: 2025-03-21\n\nThe defence ministry said the other side blew up the Sudzha gas metering station on Friday.")
	if code, out, errOut := run(t, "", env, "ingest", a); code != exitOK {
		t.Fatalf("ingest: %s %s", out, errOut)
	}
	// Reasons as an older binary stored them: English words, no messages.
	db, err := sql.Open("sqlite", "file:"+env["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE assessments SET why = '', reason = 'an old reason'`); err != nil {
		t.Fatal(err)
	}
	// Claims as an older gazetteer made them.
	if _, err := db.Exec(`UPDATE reports SET gazetteer = 'old'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	status := func() (statusJSON, string) {
		code, out, _ := run(t, "", env, "status", "--json")
		var s statusJSON
		if code != exitOK || json.Unmarshal([]byte(out), &s) != nil {
			t.Fatalf("status --json: exit %d\n%s", code, out)
		}
		_, text, _ := run(t, "", env, "status")
		return s, text
	}
	st, text := status()
	if st.Upgrade.ReasonsInEnglishOnly == 0 || len(st.Upgrade.Agreements) != len(known) || st.Upgrade.OutdatedReports != 1 || !strings.Contains(text, "run trucewatch reanalyse --outdated") ||
		!strings.Contains(text, "run trucewatch reanalyse --assess") || !strings.Contains(text, "v1 stored, v2 shipped (run trucewatch agreements load --known)") {
		t.Fatalf("status of a store from before the upgrade: %+v\n%s", st.Upgrade, text)
	}
	if code, out, errOut := run(t, "", env, "agreements", "load", "--known"); code != exitOK {
		t.Fatalf("agreements load --known: %s %s", out, errOut)
	}
	if code, out, errOut := run(t, "", env, "reanalyse", "--assess"); code != exitOK {
		t.Fatalf("reanalyse --assess: %s %s", out, errOut)
	}
	if code, out, errOut := run(t, "", env, "reanalyse", "--outdated"); code != exitOK {
		t.Fatalf("reanalyse --outdated: %s %s", out, errOut)
	}
	if st, text := status(); st.Upgrade.ReasonsInEnglishOnly != 0 || len(st.Upgrade.Agreements) != 0 || st.Upgrade.OutdatedReports != 0 || strings.Contains(text, "(run trucewatch") {
		t.Errorf("status after the upgrade's commands: %+v\n%s", st.Upgrade, text)
	}
}
