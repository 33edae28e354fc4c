package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportDaily writes the daily report of the dailyreport package's
// seed in each format, and refuses bad command lines with a usage error.
func TestReportDaily(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TRUCEWATCH_DB": filepath.Join(dir, "tw.db")}
	if code, _, errs := run(t, "", env, "agreements", "load", "--known"); code != exitOK {
		t.Fatalf("agreements load: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", env, "ingest", "../../internal/dailyreport/testdata/seed"); code != exitOK {
		t.Fatalf("ingest: %d %s", code, errs)
	}
	day := []string{"report", "daily", "--agreement", "energy-moratorium-2025-03", "--date", "2025-03-20"}
	code, md, errs := run(t, "", env, append(day, "--format", "md")...)
	if code != exitOK || !strings.Contains(md, "| Sumy | 1 (1 alleged) | 0 | 1 (1 alleged) |") || !strings.Contains(md, "Краснопіллі") {
		t.Errorf("report daily --format md: %d %s\n%s", code, errs, md)
	}
	for _, tc := range []struct{ file, start string }{{"day.pdf", "%PDF-"}, {"day.html", "<!doctype html>"}, {"day.md", "# Daily report"}} {
		out := filepath.Join(dir, tc.file)
		if code, _, errs := run(t, "", env, append(day, "-o", out)...); code != exitOK {
			t.Errorf("-o %s: %d %s", tc.file, code, errs)
			continue
		}
		b, err := os.ReadFile(out)
		if err != nil || !strings.HasPrefix(string(b), tc.start) {
			t.Errorf("%s starts %.20q (%v), want %q", tc.file, b, err, tc.start)
		}
	}
	// --lang: the report in Ukrainian, Russian, German.
	for _, tc := range []struct{ lang, want string }{
		{"uk", "# Щоденний звіт: 30-денний мораторій"}, {"ru", "| Сумская область | 1 (1 заявленное) | 0 | 1 (1 заявленное) |"}, {"de", "## Änderungen seit dem vorigen Bericht"},
	} {
		code, md, errs := run(t, "", env, append(day, "--format", "md", "--lang", tc.lang)...)
		if code != exitOK || !strings.Contains(md, tc.want) {
			t.Errorf("report daily --lang %s: %d %s; want %q in\n%s", tc.lang, code, errs, tc.want, md)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{append(day[:len(day):len(day)], "--lang", "fr"), exitUsage, "--lang"},
		{[]string{"report", "weekly", "--agreement", "x", "--date", "2025-03-20"}, exitUsage, "daily"},
		{[]string{"report", "daily", "--date", "2025-03-20"}, exitUsage, "--agreement"},
		{append(day[:len(day):len(day)], "--format", "docx"), exitUsage, "docx"},
		{[]string{"report", "daily", "--agreement", "energy-moratorium-2025-03", "--date", "20.03.2025"}, exitUsage, "--date"},
		{[]string{"report", "daily", "--agreement", "no-such", "--date", "2025-03-20"}, exitFailed, "no-such"},
	} {
		code, _, errs := run(t, "", env, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d %q, want %d naming %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
