package dailyreport

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// TestTemplateWritesNoWords: every word of the HTML report comes from a
// catalogue or from the record (i18n.Literals); only these names are
// written as they are.
func TestTemplateWritesNoWords(t *testing.T) {
	found, err := i18n.Literals("report.html", htmlTemplate, []string{
		"PDF", "Markdown", // the other editions' formats, by name (the served page's links)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range found {
		t.Errorf("%s: words outside the catalogues: put them in internal/i18n/messages/*/report.json and write {{t \"key\"}}", l)
	}
}

// latinAllowed are the Latin-script words a report in Ukrainian or
// Russian may show: names its catalogues keep as they are.
var latinAllowed = []string{"trucewatch", "PDF", "HTML", "Markdown", "UTC"}

// recordWords are the report's data, shown as stored in any language:
// the agreement's and readings' IDs, incident IDs, outlets,
// addresses, the quoted sentences and what the assessments' reasons
// quote (outlets); the longest first, so that a title goes before a word
// of it. A target's detail is no data: the catalogues name every one
// (facility.*).
func recordWords(rep *Report) []string {
	var out []string
	a := rep.Agreement
	out = append(out, a.ID)
	// The agreement's title and readings' labels are words of the report:
	// in its language where the agreement's file translates them. The
	// file's English, where a translation lacks one, is data (the HTML
	// marks it lang="en", which VisibleText leaves out; Markdown and PDF
	// cannot mark it).
	txt := a.Text(string(rep.Lang))
	if txt.Title.Fallback {
		out = append(out, txt.Title.Text)
	}
	for _, rd := range a.Readings {
		out = append(out, rd.ID)
		if l := txt.Label(rd.ID); l.Fallback {
			out = append(out, l.Text)
		}
	}
	for _, inc := range rep.Incidents {
		out = append(out, inc.ID)
		for _, s := range inc.Statuses {
			if len(s.Why) == 0 {
				out = append(out, s.Reason) // stored before reasons were messages
			}
			for _, w := range s.Why { // the values a reason shows as they are
				for _, a := range w.Args {
					switch a.Kind {
					case trucewatch.WhyText:
						out = append(out, a.Value)
					case trucewatch.WhyOutlets: // outlets' names, not a party's officials
						for _, name := range strings.Split(a.Value, "\n") {
							if o, ok := trucewatch.UnnamedSpeakerOutlet(name); ok {
								out = append(out, o)
							} else if _, ok := trucewatch.OfficialsParty(name); !ok {
								out = append(out, name)
							}
						}
					}
				}
			}
		}
		for _, s := range inc.Sources {
			out = append(out, s.Outlet, s.URL)
		}
		for _, q := range inc.Quotes {
			out = append(out, q.Outlet, q.Text)
		}
	}
	for _, c := range slices.Concat(rep.New, rep.Updated) {
		out = append(out, c.ID)
		out = append(out, c.Outlets...)
	}
	for _, m := range slices.Concat(rep.Map.Day, rep.Map.Earlier) {
		out = append(out, m.ID)
	}
	out = slices.DeleteFunc(out, func(s string) bool { return len(s) < 2 })
	slices.SortFunc(out, func(x, y string) int { return len(y) - len(x) })
	return out
}

// TestNoEnglishInReports writes the report in Ukrainian and Russian as
// HTML, Markdown and PDF (its text read by poppler's pdftotext) and fails
// on any word in the Latin script outside the record's data and
// latinAllowed: English that did not go through a catalogue.
func TestNoEnglishInReports(t *testing.T) {
	st, g := seeded(t)
	for _, l := range []i18n.Lang{i18n.Ukrainian, i18n.Russian} {
		for _, d := range []trucewatch.Date{day, day.AddDays(-1)} {
			rep := buildIn(t, st, g, d, l)
			data := recordWords(rep)
			for _, format := range []string{"html", "md", "pdf"} {
				var b bytes.Buffer
				if err := Write(&b, rep, format); err != nil {
					t.Fatal(err)
				}
				chunks := []string{b.String()}
				switch format {
				case "html":
					chunks = i18n.VisibleText(b.String())
				case "pdf":
					chunks = []string{pdfText(t, b.Bytes())}
				}
				n := 0
				for _, c := range chunks {
					for _, s := range data {
						c = strings.ReplaceAll(c, s, " ")
						c = strings.ReplaceAll(c, md(s), " ") // as Markdown writes it
					}
					if format == "md" {
						c = strings.ReplaceAll(c, "---", " ") // a table's rule
					}
					n += len(strings.Fields(c))
					allowed := latinAllowed
					if format == "pdf" {
						// Lines wrap, and a page's foot may fall inside a
						// quote: there, the data's words count as data.
						allowed = slices.Concat(latinAllowed, i18n.LatinWords(strings.Join(data, " "), nil))
					}
					if ws := i18n.LatinWords(c, allowed); len(ws) > 0 {
						t.Errorf("%s %s %s: English or untranslated words %q in %q", l, d, format, ws, strings.TrimSpace(c))
					}
				}
				if n < 100 {
					t.Errorf("%s %s %s: only %d words checked: is the scan broken?", l, d, format, n)
				}
			}
		}
	}
}

// pdfText is a PDF's text as poppler reads it, its lines joined.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	pdftotext := poppler(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(text)), " ")
}
