package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/dailyreport"
)

// pageDailyReport serves an agreement's daily report
// (docs/daily-report.md): /reports/daily/{agreement}/{day} as HTML, with
// ?format=pdf|md or the extension .pdf, .md (or .html) for the others.
// The HTML is the report's own printable page, not the dashboard's
// layout, so that the page, the file the CLI writes and the PDF agree.
func (s *Server) pageDailyReport(w http.ResponseWriter, r *http.Request) error {
	dayText, format := r.PathValue("day"), r.URL.Query().Get("format")
	for ext := range dailyreport.Formats {
		if d, ok := strings.CutSuffix(dayText, "."+ext); ok {
			if format != "" && format != ext {
				return badRequest("format %q and extension .%s disagree", format, ext)
			}
			dayText, format = d, ext
		}
	}
	if format == "" {
		format = "html"
	}
	ctype, ok := dailyreport.Formats[format]
	if !ok {
		return badRequest("format %q: want html, md or pdf", format).localised("error.report_format", format)
	}
	day, err := trucewatch.ParseDate(dayText)
	if err != nil {
		return badRequest("day: %v", err).localised("error.date", s.printer(r).T("dash.field.date"), dayText)
	}
	// The language as every page's (lang.go): ?lang=, the cookie, then
	// Accept-Language.
	l := langOf(r)
	rep, err := dailyreport.Build(r.Context(), s.store, r.PathValue("agreement"), day, dailyreport.Options{Gazetteer: s.gaz, Now: s.now, Lang: l, Printer: s.printers[l]})
	if err != nil {
		return err
	}
	rep.Served = true
	rep.Generated = s.reportsMade.first(rep)
	var buf bytes.Buffer
	if err := dailyreport.Write(&buf, rep, format); err != nil {
		return err
	}
	s.rememberLang(w, r)
	w.Header().Add("Vary", "Accept-Language, Cookie")
	w.Header().Set("Content-Language", string(l))
	w.Header().Set("Content-Type", ctype)
	if format != "html" {
		w.Header().Set("Content-Disposition", `inline; filename="`+rep.Agreement.ID+"-"+rep.Day.String()+"-"+string(l)+"."+format+`"`)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// dailyReportCSS is the daily report page's style sheet.
func dailyReportCSS(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, err := w.Write([]byte(dailyreport.CSS))
	return err
}

// madeTimes remembers when each daily report was first made, so that a
// report asked for again while nothing it says has changed comes out the
// same bytes, "made at" included, and a client's copy is answered 304 Not
// Modified (its ETag is the bytes' hash). Keyed by the hash of the
// report's content without its time; forgotten all at once when full.
type madeTimes struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]time.Time
}

// madeTimesMax bounds what a server remembers: reports are asked for by
// agreement, day and language, so a few thousand cover a year.
const madeTimesMax = 4096

// first is when rep's content was first made: rep.Generated if never.
func (mt *madeTimes) first(rep *dailyreport.Report) time.Time {
	made := rep.Generated
	rep.Generated = time.Time{}
	b, err := json.Marshal(rep)
	rep.Generated = made
	if err != nil {
		return made // a report that does not encode is not remembered
	}
	key := sha256.Sum256(b)
	mt.mu.Lock()
	defer mt.mu.Unlock()
	if t, ok := mt.m[key]; ok {
		return t
	}
	if mt.m == nil || len(mt.m) >= madeTimesMax {
		mt.m = map[[sha256.Size]byte]time.Time{}
	}
	mt.m[key] = made
	return made
}
