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
// and white: the status is the shape, not a colour.
var shapeOf = map[trucewatch.AssessmentStatus]string{
	trucewatch.StatusAlleged:      "open circle",
	trucewatch.StatusCorroborated: "filled circle",
	trucewatch.StatusDisputed:     "open triangle",
	trucewatch.StatusConfirmed:    "filled square",
	trucewatch.StatusRejected:     "cross",
	"":                            "open diamond",
}

// LegendItem is a line of the map's legend: the shape as SVG, and what it
// stands for.
type LegendItem struct {
	Shape template.HTML
	Text  string
}

// Legend is the map's legend, one line per status, then the grey dots
// and the hatched regions.
func Legend() []LegendItem {
	icon := func(body string) template.HTML {
		return template.HTML(`<svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">` + body + `</svg>`)
	}
	var out []LegendItem
	for _, s := range slices.Concat(Statuses, []trucewatch.AssessmentStatus{""}) {
		out = append(out, LegendItem{icon(markerSVG(s, 11, 11, 7)), shapeOf[s] + ": " + statusName(s)})
	}
	return append(out,
		LegendItem{icon(`<circle cx="11" cy="11" r="4" fill="#555"/>`), "small grey dot: an incident of an earlier day of the period"},
		LegendItem{icon(`<rect x="2" y="2" width="18" height="18" fill="url(#hatch)" stroke="#333"/>`), "hatched: a region with an incident of the day"})
}

//go:embed report.html
var htmlTemplate string

// CSS is the HTML page's style sheet: inline in a file, and served by the
// server beside the page when Served (its pages allow no inline style).
//
//go:embed report.css
var CSS string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"svg":    func(m Map) template.HTML { return template.HTML(SVG(m)) },
	"css":    func() template.CSS { return template.CSS(CSS) },
	"legend": Legend,
	"parties": func(ps []trucewatch.Party) string {
		if len(ps) == 0 {
			return "nobody"
		}
		return trucewatch.JoinParties(ps, ", ")
	},
	"statusOr": func(s trucewatch.AssessmentStatus) string {
		if s == "" {
			return "—"
		}
		return string(s)
	},
	"label":  readingLabel,
	"change": changeText,
	"out":    statusOrOut,
	"list":   func(xs ...string) []string { return xs },
	"rows": func(rc ReadingCounts, table string) []Row {
		rs := rc.ByParty
		if table == "Region" {
			rs = rc.ByRegion
		}
		return append(append([]Row(nil), rs...), rc.Total)
	},
	"changes": func(rep *Report, cs []Change) changeList { return changeList{rep.Agreement, cs} },
}).Parse(htmlTemplate))

type changeList struct {
	Agreement trucewatch.Agreement
	List      []Change
}

// WriteHTML writes the report as one self-contained HTML page.
func WriteHTML(w io.Writer, rep *Report) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, rep); err != nil {
		return fmt.Errorf("daily report: html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func readingLabel(a trucewatch.Agreement, id string) string {
	for _, r := range a.Readings {
		if r.ID == id {
			return r.Label
		}
	}
	return id
}

// SVG draws the map: the borders, the units with an incident of the day
// hatched, the period's earlier incidents as small grey dots and the
// day's incidents as shapes by status.
func SVG(m Map) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 %.0f %.0f" role="img" aria-label="map of the day's incidents">`, m.Width, m.Height)
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
			statusClass(mk.Status), template.HTMLEscapeString(mk.ID), template.HTMLEscapeString(mk.Label), template.HTMLEscapeString(statusName(mk.Status)), markerSVG(mk.Status, mk.X, mk.Y, 9))
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

func statusName(s trucewatch.AssessmentStatus) string {
	if s == "" {
		return "in scope under another reading"
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
	a := rep.Agreement
	fmt.Fprintf(&b, "# Daily report: %s, %s\n\n", a.Title, rep.Day)
	fmt.Fprintf(&b, "Agreement `%s` (version %d, %s). Period from %s to %s. Previous day %s. Made %s from the record as it stood then.\n\n",
		a.ID, a.Version, a.Status, rep.PeriodFrom, rep.Day, rep.Previous, rep.Generated.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Counts are accusations in scope: an incident in which two parties are accused counts once for each. Statuses: alleged, corroborated, disputed, confirmed (by an analyst), rejected (by an analyst).\n\n")
	fmt.Fprintf(&b, "## Summary\n\nIncidents in scope: %d on %s, %d in the whole period.\n\n", len(rep.Incidents), rep.Day, rep.PeriodTotal)
	for _, rc := range rep.Readings {
		fmt.Fprintf(&b, "## Reading: %s\n\nHeld by %s.\n\n", md(rc.Reading.Label), trucewatch.JoinParties(rc.Reading.HeldBy, ", "))
		for _, t := range []struct {
			title string
			rows  []Row
		}{{"Region", rc.ByRegion}, {"Accused", rc.ByParty}} {
			fmt.Fprintf(&b, "| %s | %s | %s (previous day) | period %s – %s |\n| --- | ---: | ---: | ---: |\n", t.title, rep.Day, rep.Previous, rep.PeriodFrom, rep.Day)
			for _, r := range append(t.rows, rc.Total) {
				fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", md(r.Label), mdTally(r.Day), mdTally(r.Previous), mdTally(r.Period))
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "## Incidents of %s\n\n", rep.Day)
	if len(rep.Incidents) == 0 {
		b.WriteString("None in scope.\n\n")
	}
	for _, inc := range rep.Incidents {
		fmt.Fprintf(&b, "### %s, %s: %s\n\n", md(inc.Place.Name), md(inc.Region), md(inc.Target))
		fmt.Fprintf(&b, "Incident `%s`; accused: %s", inc.ID, trucewatch.JoinParties(inc.Accused, ", "))
		if inc.Place.HasPoint() {
			fmt.Fprintf(&b, "; at %.3f° N, %.3f° E", inc.Place.Lat, inc.Place.Lon)
		}
		b.WriteString(".\n\n")
		for _, s := range inc.Statuses {
			fmt.Fprintf(&b, "- %s, %s accused: **%s**", md(readingLabel(a, s.Reading)), s.Accused, statusOrOut(s.Status))
			if s.Reason != "" {
				fmt.Fprintf(&b, ": %s", md(s.Reason))
			}
			b.WriteString("\n")
		}
		b.WriteString("\nSources:\n\n")
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
			fmt.Fprintf(&b, "> %s (%s, %s)", md(q.Text), md(q.Outlet), q.Language)
			if q.Rejected {
				b.WriteString(" — rejected by an analyst")
			}
			b.WriteString("\n>\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("## Changes since the previous report\n\n")
	b.WriteString("From the reports published on the day, against those published before it (docs/daily-report.md).\n\n")
	writeChanges(&b, "New incidents", rep.New, a)
	writeChanges(&b, "Incidents reported before, with new reports", rep.Updated, a)
	b.WriteString("## Map\n\nThe HTML and PDF editions draw the map. The day's incidents:\n\n")
	for _, mk := range rep.Map.Day {
		fmt.Fprintf(&b, "- %s (`%s`): %s\n", md(mk.Label), mk.ID, statusName(mk.Status))
	}
	if len(rep.Map.Day) == 0 {
		b.WriteString("- none with a known point\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeChanges(b *strings.Builder, title string, cs []Change, a trucewatch.Agreement) {
	fmt.Fprintf(b, "### %s\n\n", title)
	if len(cs) == 0 {
		b.WriteString("None.\n\n")
		return
	}
	for _, c := range cs {
		fmt.Fprintf(b, "- %s, %s (`%s`), reported by %s", c.Day, md(c.Place), c.ID, md(strings.Join(c.Outlets, ", ")))
		for _, s := range c.Statuses {
			fmt.Fprintf(b, "; %s, %s accused: %s", md(readingLabel(a, s.Reading)), s.Accused, changeText(s))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func changeText(s StatusChange) string {
	switch {
	case s.Before == s.After:
		return "still " + statusOrOut(s.After)
	case s.Before == "":
		return "now " + statusOrOut(s.After)
	}
	return fmt.Sprintf("%s → %s", statusOrOut(s.Before), statusOrOut(s.After))
}

func statusOrOut(s trucewatch.AssessmentStatus) string {
	if s == "" {
		return "out of scope"
	}
	return string(s)
}

func mdTally(t Tally) string {
	if t.Total() == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%s)", t.Total(), t.Breakdown())
}

// md escapes the characters that Markdown would read as markup in a line
// of text or a table cell.
func md(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`, "#", `\#`)
	return r.Replace(s)
}
