package dailyreport

import (
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/trucewatch/trucewatch"
)

// DejaVu Sans (Debian's fonts-dejavu-core 2.37), for its Cyrillic: the
// sentences are quoted in Russian and Ukrainian as written. Its licence
// is font/LICENSE; fpdf embeds only the glyphs a report uses.
//
//go:embed font/DejaVuSans.ttf
var dejaVuSans []byte

// The page: A4 portrait, in millimetres.
const (
	pageMargin = 15.0
	pageWidth  = 210.0 - 2*pageMargin
	lineHeight = 5.0
)

// The statuses in the PDF's count tables, where the words do not fit,
// are abbreviated (report.abbrev.*): the note at the top spells them
// out.
func (t *translator) shortTally(tl Tally) string {
	if tl.Total() == 0 {
		return "0"
	}
	var parts []string
	for _, s := range Statuses {
		if tl[s] > 0 {
			parts = append(parts, t.p.Num(tl[s])+t.T("report.abbrev."+string(s)))
		}
	}
	return fmt.Sprintf("%s (%s)", t.p.Num(tl.Total()), strings.Join(parts, " "))
}

// WritePDF writes the report as PDF: black text and lines, greys and
// shapes only, so that it prints in black and white; the map is drawn as
// vector lines and shapes.
func WritePDF(w io.Writer, rep *Report) error {
	tr := rep.translator()
	a := rep.Agreement
	day := tr.p.Day(rep.Day)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pageMargin, pageMargin, pageMargin)
	pdf.SetAutoPageBreak(true, pageMargin+5)
	pdf.AddUTF8FontFromBytes("dejavu", "", dejaVuSans)
	pdf.SetTitle(tr.T("report.title_day", tr.title(a), day), true)
	pdf.SetLang(string(tr.p.Lang))
	pdf.SetCreator("trucewatch", true)
	// The report's own time, not the clock's: the same report is the same
	// bytes (the dashboard's ETag is their hash).
	pdf.SetCreationDate(rep.Generated)
	pdf.SetModificationDate(rep.Generated)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pageMargin)
		pdf.SetFont("dejavu", "", 8)
		pdf.CellFormat(0, 4, a.ID+" · "+day+" · "+tr.T("report.page", pdf.PageNo(), "{nb}"), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	p := &pdfDoc{pdf, tr}
	p.heading(16, tr.T("report.title", tr.title(a)))
	p.para(9, tr.facts(rep))
	p.para(9, tr.T("report.counts_note")+" "+tr.T("report.statuses_note"))
	var abbrevs []string
	for _, s := range Statuses {
		abbrevs = append(abbrevs, tr.T("report.abbrev."+string(s))+" "+tr.status(s))
	}
	p.para(9, tr.T("report.abbrevs", strings.Join(abbrevs, ", ")))
	p.heading(12, tr.T("report.summary"))
	p.para(10, tr.summary(rep))

	for _, rc := range rep.Readings {
		p.heading(12, tr.T("report.reading", tr.label(a, rc.Reading.ID)))
		p.para(9, tr.T("report.held_by", tr.p.Parties(rc.Reading.HeldBy)))
		for _, t := range []struct {
			title string
			rows  []Row
		}{{tr.T("report.col.region"), rc.ByRegion}, {tr.T("col.accused"), rc.ByParty}} {
			p.table(t.title, rep, append(append([]Row(nil), t.rows...), rc.Total))
		}
	}

	// The map, on a page of its own when it does not fit.
	mapW := pageWidth
	mapH := mapW * rep.Map.Height / rep.Map.Width
	if pdf.GetY()+mapH+40 > 297-pageMargin-5 {
		pdf.AddPage()
	}
	p.heading(12, tr.T("report.map"))
	p.drawMap(rep.Map, pageMargin, pdf.GetY(), mapW, mapH)
	pdf.SetY(pdf.GetY() + mapH + 2)
	p.legend()
	p.para(8, tr.T("report.map.note", tr.label(a, rep.Map.Reading)))

	p.heading(12, tr.T("report.incidents_of", day))
	if len(rep.Incidents) == 0 {
		p.para(10, tr.T("report.none_in_scope"))
	}
	for _, inc := range rep.Incidents {
		title := inc.PlaceName
		if inc.Region != "" {
			title += ", " + inc.Region
		}
		p.heading(10.5, title+": "+inc.Target)
		facts := tr.T("report.incident") + " " + inc.ID + " · " + tr.T("report.accused", tr.p.Parties(inc.Accused))
		if inc.Place.HasPoint() {
			facts += " · " + tr.T("report.coords", inc.Place.Lat, inc.Place.Lon)
		}
		if inc.Rejected {
			facts += " · " + tr.T("report.rejected_by_analyst")
		}
		p.para(9, facts)
		for _, s := range inc.Statuses {
			line := "• " + tr.T("report.accused_status", tr.label(a, s.Reading), tr.party(s.Accused), strings.ToUpper(tr.status(s.Status)))
			if s.Reason != "" {
				line += " — " + s.Reason
			}
			p.para(9, line)
		}
		p.para(9, tr.T("report.sources"))
		for _, s := range inc.Sources {
			line := "• " + s.Outlet
			if s.Published != "" {
				line += ", " + s.Published
			}
			if s.URL != "" {
				line += ", " + s.URL
			}
			p.para(9, line)
		}
		for _, q := range inc.Quotes {
			note := fmt.Sprintf(" (%s, %s)", q.Outlet, tr.p.Vocab("language.", q.Language))
			if q.Rejected {
				note += " — " + tr.T("report.rejected_by_analyst")
			}
			p.quote(9.5, "“"+q.Text+"”"+note)
		}
		pdf.Ln(2)
	}

	p.heading(12, tr.T("report.changes"))
	p.para(9, tr.T("report.changes_note", day))
	for _, part := range []struct {
		title string
		cs    []Change
	}{{tr.T("report.new"), rep.New}, {tr.T("report.updated"), rep.Updated}} {
		p.heading(10.5, part.title)
		if len(part.cs) == 0 {
			p.para(9, tr.T("report.none"))
		}
		for _, c := range part.cs {
			line := fmt.Sprintf("• %s, %s (%s), %s", tr.p.Day(c.Day), c.Place, c.ID, tr.T("report.reported_by", strings.Join(c.Outlets, ", ")))
			for _, s := range c.Statuses {
				line += "; " + tr.T("report.accused_status", tr.label(a, s.Reading), tr.party(s.Accused), tr.changeText(s))
			}
			p.para(9, line)
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("daily report: pdf: %w", err)
	}
	return nil
}

type pdfDoc struct {
	*fpdf.Fpdf
	tr *translator
}

func (p *pdfDoc) heading(size float64, text string) {
	p.Ln(1.5)
	p.SetFont("dejavu", "", size)
	p.MultiCell(pageWidth, size*0.5, text, "", "L", false)
	// An underline stands in for bold, which the embedded font lacks.
	if size >= 12 {
		y := p.GetY() + 0.5
		p.SetLineWidth(0.3)
		p.Line(pageMargin, y, pageMargin+pageWidth, y)
		p.Ln(1.5)
	}
	p.Ln(0.5)
}

func (p *pdfDoc) para(size float64, text string) {
	p.SetFont("dejavu", "", size)
	p.MultiCell(pageWidth, size*0.48, text, "", "L", false)
	p.Ln(0.5)
}

// quote is a sentence as written, set off by a rule on its left.
func (p *pdfDoc) quote(size float64, text string) {
	p.SetFont("dejavu", "", size)
	y0 := p.GetY()
	p.SetX(pageMargin + 5)
	p.MultiCell(pageWidth-5, size*0.48, text, "", "L", false)
	y1 := p.GetY()
	if y1 > y0 { // not across a page break
		p.SetLineWidth(0.6)
		p.Line(pageMargin+2, y0, pageMargin+2, y1)
	}
	p.Ln(0.8)
}

// table is a count table: the row's label, the day, the previous day and
// the period, the total row last.
func (p *pdfDoc) table(title string, rep *Report, rows []Row) {
	widths := []float64{54, 40, 40, 46}
	p.SetFont("dejavu", "", 8.5)
	p.SetFillColor(225, 225, 225)
	p.SetLineWidth(0.2)
	tr := p.tr
	for i, h := range []string{title, tr.p.Day(rep.Day), tr.T("report.col.previous_short", tr.p.Day(rep.Previous)), tr.T("report.col.period_short", tr.p.Day(rep.PeriodFrom))} {
		p.CellFormat(widths[i], lineHeight, h, "1", 0, "L", true, 0, "")
	}
	p.Ln(-1)
	for _, r := range rows {
		fill := r.Key == "total"
		label := r.Label
		for p.GetStringWidth(label) > widths[0]-2 && len([]rune(label)) > 4 {
			rs := []rune(label)
			label = string(rs[:len(rs)-2]) + "…"
		}
		p.CellFormat(widths[0], lineHeight, label, "1", 0, "L", fill, 0, "")
		for i, t := range []Tally{r.Day, r.Previous, r.Period} {
			p.CellFormat(widths[i+1], lineHeight, tr.shortTally(t), "1", 0, "R", fill, 0, "")
		}
		p.Ln(-1)
	}
	p.Ln(2)
}

// drawMap draws the map into the box at (x, y), w by h millimetres.
func (p *pdfDoc) drawMap(m Map, x, y, w, h float64) {
	k := w / m.Width
	at := func(px, py float64) (float64, float64) { return x + px*k, y + py*k }
	p.SetLineWidth(0.4) // the frame
	p.SetDrawColor(0, 0, 0)
	p.ClipRect(x, y, w, h, true)
	for _, u := range m.Units {
		style := "D"
		switch {
		case u.HasEvents:
			p.SetFillColor(190, 190, 190)
			style = "FD"
		case u.Ukraine:
			p.SetFillColor(238, 238, 238)
			style = "FD"
		}
		p.SetDrawColor(150, 150, 150)
		p.SetLineWidth(0.12)
		if u.Ukraine {
			p.SetDrawColor(40, 40, 40)
			p.SetLineWidth(0.2)
		}
		for _, ring := range u.Rings {
			pts := make([]fpdf.PointType, len(ring))
			for i, q := range ring {
				pts[i].X, pts[i].Y = at(q[0], q[1])
			}
			p.Polygon(pts, style)
		}
	}
	p.SetDrawColor(0, 0, 0)
	p.SetFillColor(85, 85, 85)
	for _, mk := range m.Earlier {
		cx, cy := at(mk.X, mk.Y)
		p.Circle(cx, cy, 0.8, "F")
	}
	for _, mk := range m.Day {
		cx, cy := at(mk.X, mk.Y)
		p.marker(mk.Status, cx, cy, 1.8)
	}
	p.ClipEnd()
	p.SetDrawColor(0, 0, 0)
}

// marker draws the status's shape (as markerSVG does) at (x, y).
func (p *pdfDoc) marker(s trucewatch.AssessmentStatus, x, y, r float64) {
	p.SetLineWidth(0.45)
	p.SetDrawColor(0, 0, 0)
	switch s {
	case trucewatch.StatusAlleged:
		p.SetFillColor(255, 255, 255)
		p.Circle(x, y, r, "FD")
	case trucewatch.StatusCorroborated:
		p.SetFillColor(0, 0, 0)
		p.Circle(x, y, r, "FD")
	case trucewatch.StatusDisputed:
		p.SetFillColor(255, 255, 255)
		p.Polygon([]fpdf.PointType{{X: x, Y: y - r}, {X: x + r, Y: y + 0.8*r}, {X: x - r, Y: y + 0.8*r}}, "FD")
	case trucewatch.StatusConfirmed:
		p.SetFillColor(0, 0, 0)
		p.Rect(x-0.85*r, y-0.85*r, 1.7*r, 1.7*r, "FD")
	case trucewatch.StatusRejected:
		p.Line(x-r, y-r, x+r, y+r)
		p.Line(x-r, y+r, x+r, y-r)
	default:
		p.SetFillColor(255, 255, 255)
		p.Polygon([]fpdf.PointType{{X: x, Y: y - r}, {X: x + r, Y: y}, {X: x, Y: y + r}, {X: x - r, Y: y}}, "FD")
	}
}

// legend draws each status's shape with its name.
func (p *pdfDoc) legend() {
	p.SetFont("dejavu", "", 8)
	x0, y := pageMargin, p.GetY()+2
	items := slices.Concat(Statuses, []trucewatch.AssessmentStatus{""})
	for i, s := range items {
		x := x0 + float64(i%3)*60
		yy := y + float64(i/3)*5
		p.marker(s, x+2, yy, 1.5)
		p.SetXY(x+5, yy-2)
		name := p.tr.mapStatus(s)
		// A long name in some language is set smaller to fit its column.
		for size := 8.0; size > 6 && p.GetStringWidth(name) > 54; size -= 0.5 {
			p.SetFont("dejavu", "", size-0.5)
		}
		p.CellFormat(55, 4, name, "", 0, "L", false, 0, "")
		p.SetFont("dejavu", "", 8)
	}
	yy := y + float64((len(items)+2)/3)*5
	p.SetFillColor(85, 85, 85)
	p.Circle(x0+2, yy, 0.8, "F")
	p.SetXY(x0+5, yy-2)
	p.CellFormat(80, 4, p.tr.T("report.legend.earlier_pdf"), "", 0, "L", false, 0, "")
	p.SetFillColor(190, 190, 190)
	p.Rect(x0+90, yy-1.5, 3, 3, "FD")
	p.SetXY(x0+95, yy-2)
	p.CellFormat(80, 4, p.tr.T("report.legend.shaded_pdf"), "", 0, "L", false, 0, "")
	p.SetXY(pageMargin, yy+4)
}
