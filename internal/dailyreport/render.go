package dailyreport

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// Formats are the formats Write writes, with their content types.
var Formats = map[string]string{
	"html": "text/html; charset=utf-8",
	"md":   "text/markdown; charset=utf-8",
	"pdf":  "application/pdf",
}

// Write writes the report in the format: html, md or pdf.
func Write(w io.Writer, rep *Report, format string) error {
	switch format {
	case "html":
		return WriteHTML(w, rep)
	case "md":
		return WriteMarkdown(w, rep)
	case "pdf":
		return WritePDF(w, rep)
	}
	return fmt.Errorf("daily report: format %q: want html, md or pdf", format)
}

// Marker shapes, the same in every format, so that the map reads in black
// and white: the status is the shape, not a colour. The shapes' names are
// the messages report.shape.*.
var shapeKey = map[trucewatch.AssessmentStatus]string{
	trucewatch.StatusAlleged:      "report.shape.alleged",
	trucewatch.StatusCorroborated: "report.shape.corroborated",
	trucewatch.StatusDisputed:     "report.shape.disputed",
	trucewatch.StatusConfirmed:    "report.shape.confirmed",
	trucewatch.StatusRejected:     "report.shape.rejected",
	"":                            "report.shape.other",
}

// LegendItem is a line of the map's legend: the shape as SVG, and what it
// stands for.
type LegendItem struct {
	Shape template.HTML
	Text  string
}

// Legend is the map's legend in the report's language, one line per
// status, then the grey dots and the hatched regions.
func (rep *Report) Legend() []LegendItem {
	tr := rep.translator()
	icon := func(body string) template.HTML {
		return template.HTML(`<svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">` + body + `</svg>`)
	}
	var out []LegendItem
	for _, s := range slices.Concat(Statuses, []trucewatch.AssessmentStatus{""}) {
		out = append(out, LegendItem{icon(markerSVG(s, 11, 11, 7)), tr.T("report.legend.item", tr.T(shapeKey[s]), tr.mapStatus(s))})
	}
	return append(out,
		LegendItem{icon(`<circle cx="11" cy="11" r="4" fill="#555"/>`), tr.T("report.legend.earlier")},
		LegendItem{icon(`<rect x="2" y="2" width="18" height="18" fill="url(#hatch)" stroke="#333"/>`), tr.T("report.legend.hatched")})
}

// mapStatus is a marker's status in words: "" is an incident in scope
// under another reading only.
func (t *translator) mapStatus(s trucewatch.AssessmentStatus) string {
	if s == "" {
		return t.T("report.status.other_reading")
	}
	return t.status(s)
}

//go:embed report.html
var htmlTemplate string

// CSS is the HTML page's style sheet: inline in a file, and served by the
// server beside the page when Served (its pages allow no inline style).
//
//go:embed report.css
var CSS string

// funcs are the template's functions in the translator's language:
// t, date, datetime, num, status, party, parties, as the dashboard's.
func funcs(tr *translator) template.FuncMap {
	return template.FuncMap{
		"t":        tr.T,
		"date":     tr.p.Day,
		"datetime": tr.p.DateTime,
		"num":      tr.p.Num,
		"status":   tr.status,
		"party":    tr.party,
		"parties":  tr.p.Parties,
		"language": func(code string) string { return tr.p.Vocab("language.", code) },
		"agreementStatus": func(s trucewatch.AgreementStatus) string {
			return tr.p.Vocab("agreement_status.", string(s))
		},
		"breakdown": tr.breakdown,
		"svg":       func(m Map) template.HTML { return template.HTML(SVG(m, tr)) },
		"css":       func() template.CSS { return template.CSS(CSS) },
		// label and title: the agreement's texts in the language (the
		// file's own where it has no translation); atext writes one, in
		// <span lang="en"> when it is the file's English; th is t as HTML
		// with such texts among its arguments.
		"label":  func(a trucewatch.Agreement, id string) trucewatch.Text { return tr.text(a).Label(id) },
		"title":  func(a trucewatch.Agreement) trucewatch.Text { return tr.text(a).Title },
		"atext":  i18n.TextHTML,
		"th":     tr.p.HTML,
		"change": tr.changeText,
		"list":   func(xs ...string) []string { return xs },
		"join":   func(xs []string) string { return strings.Join(xs, ", ") },
		// langs: the served page's language switcher.
		"langs": func() []langLink {
			var out []langLink
			for _, l := range i18n.Langs {
				out = append(out, langLink{Code: string(l), Name: l.Name(), Current: l == tr.p.Lang})
			}
			return out
		},
		"rows": func(rc ReadingCounts, table string) []Row {
			rs := rc.ByParty
			if table == "region" {
				rs = rc.ByRegion
			}
			return append(append([]Row(nil), rs...), rc.Total)
		},
		"changes": func(rep *Report, cs []Change) changeList { return changeList{rep.Agreement, cs} },
	}
}

// page is the HTML template; each report executes a clone with the
// functions of its language.
var page = template.Must(template.New("report").Funcs(funcs(&translator{})).Parse(htmlTemplate))

type langLink struct {
	Code, Name string
	Current    bool
}

type changeList struct {
	Agreement trucewatch.Agreement
	List      []Change
}

// WriteHTML writes the report as one self-contained HTML page.
func WriteHTML(w io.Writer, rep *Report) error {
	t, err := page.Clone()
	if err != nil {
		return fmt.Errorf("daily report: html: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Funcs(funcs(rep.translator())).Execute(&buf, rep); err != nil {
		return fmt.Errorf("daily report: html: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// title is the agreement's title in the report's language, or the
// file's own where it has no translation.
func (tr *translator) title(a trucewatch.Agreement) string {
	return tr.text(a).Title.Text
}

// label is the reading's label in the report's language, or the file's
// own; the id when the agreement has no such reading.
func (tr *translator) label(a trucewatch.Agreement, id string) string {
	return tr.text(a).Label(id).Text
}

// SVG draws the map: the borders, the units with an incident of the day
// hatched, the period's earlier incidents as small grey dots and the
// day's incidents as shapes by status.
func SVG(m Map, tr *translator) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, m.Width, m.Height, template.HTMLEscapeString(tr.T("report.map.aria")))
	b.WriteString(`<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#555" stroke-width="2"/></pattern></defs>`)
	fmt.Fprintf(&b, `<rect width="%.0f" height="%.0f" fill="#fff"/>`, m.Width, m.Height)
	for _, u := range m.Units {
		fill, stroke, width := "#fff", "#999", 0.6
		if u.Ukraine {
			fill, stroke, width = "#eee", "#333", 0.9
		}
		if u.HasEvents {
			fill = "url(#hatch)"
		}
		class := "unit"
		if u.HasEvents {
			class += " events"
		}
		fmt.Fprintf(&b, `<path class="%s" fill="%s" stroke="%s" stroke-width="%.1f" d="`, class, fill, stroke, width)
		for _, ring := range u.Rings {
			for i, p := range ring {
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&b, "%s%.1f %.1f", cmd, p[0], p[1])
			}
			b.WriteString("Z")
		}
		fmt.Fprintf(&b, `"><title>%s</title></path>`, template.HTMLEscapeString(u.Name))
	}
	for _, mk := range m.Earlier {
		fmt.Fprintf(&b, `<circle class="earlier" cx="%.1f" cy="%.1f" r="4" fill="#555"/>`, mk.X, mk.Y)
	}
	for _, mk := range m.Day {
		fmt.Fprintf(&b, `<g class="marker status-%s" data-id="%s"><title>%s: %s</title>%s</g>`,
			statusClass(mk.Status), template.HTMLEscapeString(mk.ID), template.HTMLEscapeString(mk.Label), template.HTMLEscapeString(tr.mapStatus(mk.Status)), markerSVG(mk.Status, mk.X, mk.Y, 9))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func statusClass(s trucewatch.AssessmentStatus) string {
	if s == "" {
		return "other"
	}
	return string(s)
}

// markerSVG draws the status's shape of radius r at (x, y).
func markerSVG(s trucewatch.AssessmentStatus, x, y, r float64) string {
	const line = `stroke="#000" stroke-width="2.5"`
	switch s {
	case trucewatch.StatusAlleged:
		return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="%.1f" fill="#fff" %s/>`, x, y, r, line)
	case trucewatch.StatusCorroborated:
		return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="%.1f" fill="#000" %s/>`, x, y, r, line)
	case trucewatch.StatusDisputed:
		return fmt.Sprintf(`<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="#fff" %s/>`, x, y-r, x+r, y+0.8*r, x-r, y+0.8*r, line)
	case trucewatch.StatusConfirmed:
		return fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#000" %s/>`, x-r*0.85, y-r*0.85, 1.7*r, 1.7*r, line)
	case trucewatch.StatusRejected:
		return fmt.Sprintf(`<path d="M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f" %s/>`, x-r, y-r, x+r, y+r, x-r, y+r, x+r, y-r, line)
	}
	return fmt.Sprintf(`<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="#fff" %s/>`, x, y-r, x+r, y, x, y+r, x-r, y, line)
}

// WriteMarkdown writes the report as Markdown (GitHub's tables); the map
// is given as the list of the day's incidents with their coordinates.
func WriteMarkdown(w io.Writer, rep *Report) error {
	var b strings.Builder
	a, tr := rep.Agreement, rep.translator()
	day := tr.p.Day(rep.Day)
	fmt.Fprintf(&b, "# %s\n\n", md(tr.T("report.title_day", tr.title(a), day)))
	fmt.Fprintf(&b, "%s\n\n", md(tr.facts(rep)))
	fmt.Fprintf(&b, "%s %s\n\n", md(tr.T("report.counts_note")), md(tr.T("report.statuses_note")))
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", md(tr.T("report.summary")), md(tr.summary(rep)))
	for _, rc := range rep.Readings {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", md(tr.T("report.reading", tr.label(a, rc.Reading.ID))), md(tr.T("report.held_by", tr.p.Parties(rc.Reading.HeldBy))))
		for _, t := range []struct {
			title string
			rows  []Row
		}{{tr.T("report.col.region"), rc.ByRegion}, {tr.T("col.accused"), rc.ByParty}} {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n| --- | ---: | ---: | ---: |\n", md(t.title), day,
				md(tr.T("report.col.previous", tr.p.Day(rep.Previous))), md(tr.T("report.col.period", tr.p.Day(rep.PeriodFrom), day)))
			for _, r := range append(t.rows, rc.Total) {
				fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", md(r.Label), tr.mdTally(r.Day), tr.mdTally(r.Previous), tr.mdTally(r.Period))
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "## %s\n\n", md(tr.T("report.incidents_of", day)))
	if len(rep.Incidents) == 0 {
		fmt.Fprintf(&b, "%s\n\n", md(tr.T("report.none_in_scope")))
	}
	for _, inc := range rep.Incidents {
		title := inc.PlaceName
		if inc.Region != "" {
			title += ", " + inc.Region
		}
		fmt.Fprintf(&b, "### %s: %s\n\n", md(title), md(inc.Target))
		facts := fmt.Sprintf("%s `%s`; %s", md(tr.T("report.incident")), inc.ID, md(tr.T("report.accused", tr.p.Parties(inc.Accused))))
		if inc.Place.HasPoint() {
			facts += "; " + tr.T("report.coords", inc.Place.Lat, inc.Place.Lon)
		}
		if inc.Rejected {
			facts += "; " + md(tr.T("report.rejected_by_analyst"))
		}
		if !strings.HasSuffix(facts, ".") { // "35,260° сх. д." ends in one
			facts += "."
		}
		fmt.Fprintf(&b, "%s\n\n", facts)
		for _, s := range inc.Statuses {
			fmt.Fprintf(&b, "- %s", tr.T("report.accused_status", md(tr.label(a, s.Reading)), md(tr.party(s.Accused)), "**"+md(tr.status(s.Status))+"**"))
			if s.Reason != "" {
				fmt.Fprintf(&b, ": %s", md(s.Reason))
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "\n%s\n\n", md(tr.T("report.sources")))
		for _, s := range inc.Sources {
			fmt.Fprintf(&b, "- %s", md(s.Outlet))
			if s.Published != "" {
				fmt.Fprintf(&b, ", %s", s.Published)
			}
			if s.URL != "" {
				fmt.Fprintf(&b, ", <%s>", s.URL)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
		for _, q := range inc.Quotes {
			fmt.Fprintf(&b, "> %s (%s, %s)", md(q.Text), md(q.Outlet), md(tr.p.Vocab("language.", q.Language)))
			if q.Rejected {
				fmt.Fprintf(&b, " — %s", md(tr.T("report.rejected_by_analyst")))
			}
			b.WriteString("\n>\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## %s\n\n", md(tr.T("report.changes")))
	fmt.Fprintf(&b, "%s\n\n", md(tr.T("report.changes_note", day)))
	writeChanges(&b, tr.T("report.new"), rep.New, a, tr)
	writeChanges(&b, tr.T("report.updated"), rep.Updated, a, tr)
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", md(tr.T("report.map")), md(tr.T("report.map.md")))
	for _, mk := range rep.Map.Day {
		fmt.Fprintf(&b, "- %s (`%s`): %s\n", md(mk.Label), mk.ID, md(tr.mapStatus(mk.Status)))
	}
	if len(rep.Map.Day) == 0 {
		fmt.Fprintf(&b, "- %s\n", md(tr.T("report.map.md_none")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// facts is the report's heading line: the day, the agreement, the
// period, when it was made.
func (t *translator) facts(rep *Report) string {
	a := rep.Agreement
	return t.T("report.facts", t.p.Day(rep.Day), a.ID, a.Version, t.p.Vocab("agreement_status.", string(a.Status)),
		t.p.Day(rep.PeriodFrom), t.p.Day(rep.Previous), t.p.DateTime(rep.Generated))
}

// summary is the count of the day's and the period's incidents in words.
func (t *translator) summary(rep *Report) string {
	return t.p.Num(len(rep.Incidents)) + " " + t.T("report.summary.day", len(rep.Incidents), t.p.Day(rep.Day)) + ", " +
		t.p.Num(rep.PeriodTotal) + " " + t.T("report.summary.period", rep.PeriodTotal) + "."
}

func writeChanges(b *strings.Builder, title string, cs []Change, a trucewatch.Agreement, tr *translator) {
	fmt.Fprintf(b, "### %s\n\n", md(title))
	if len(cs) == 0 {
		fmt.Fprintf(b, "%s\n\n", md(tr.T("report.none")))
		return
	}
	for _, c := range cs {
		fmt.Fprintf(b, "- %s, %s (`%s`), %s", tr.p.Day(c.Day), md(c.Place), c.ID, md(tr.T("report.reported_by", strings.Join(c.Outlets, ", "))))
		for _, s := range c.Statuses {
			fmt.Fprintf(b, "; %s", md(tr.T("report.accused_status", tr.label(a, s.Reading), tr.party(s.Accused), tr.changeText(s))))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// changeText is a status change in words: "alleged → corroborated",
// "still alleged", "now alleged".
func (t *translator) changeText(s StatusChange) string {
	switch {
	case s.Before == s.After:
		return t.T("report.change.still", t.status(s.After))
	case s.Before == "":
		return t.T("report.change.now", t.status(s.After))
	}
	return t.T("report.change.from_to", t.status(s.Before), t.status(s.After))
}

func (t *translator) mdTally(tl Tally) string {
	if tl.Total() == 0 {
		return "0"
	}
	return fmt.Sprintf("%s (%s)", t.p.Num(tl.Total()), t.breakdown(tl))
}

// md escapes the characters that Markdown would read as markup in a line
// of text or a table cell.
func md(s string) string { return mdEscaper.Replace(s) }

// mdEscaper escapes md's characters (a Replacer is safe for concurrent use).
var mdEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`, "#", `\#`)
