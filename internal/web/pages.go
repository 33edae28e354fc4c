package web

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// homePage is the dashboard: filters, the map, the list, the timeline.
type homePage struct {
	frame
	Filter     trucewatch.IncidentFilter
	Query      map[string]string
	Targets    []trucewatch.Target
	Incidents  []trucewatch.Incident
	Statuses   map[string]trucewatch.AssessmentStatus
	Map        template.HTML
	Markers    []marker
	Clusters   []cluster
	MapTotal   int    // every incident the filters select, on the map as markers or clusters
	MapShown   int    // how many of them are markers
	WholeMap   string // the same filters without the box
	MapWidth   float64
	MapHeight  float64
	View       mapView // the part of the map shown first
	Agreements []trucewatch.Agreement
	Timelines  []timelineRow
	Timeline   trucewatch.AssessmentFilter // the days the timelines cover
	Picker     pickerView                  // the place filter (search.go)
}

// timelineRow is one reading and party: a cell per day.
type timelineRow struct {
	Agreement, Reading string
	Party              trucewatch.Party
	Cells              []timelineCell
}

type timelineCell struct {
	Day   trucewatch.Date
	Class string
	Title string
}

// frame is what every page's layout shows besides the page: its title,
// who is signed in, and the CSRF token that the page's forms send back
// (as the field csrf). Page types embed it; render fills it in.
type frame struct {
	Title string
	Lang  i18n.Lang  // the page's language (lang.go)
	Langs []langLink // the language switcher: this page in each language
	Feed  string     // the page's Atom feed, linked in its head; "" for none
	User  auth.User  // zero when nobody is signed in
	CSRF  string     // empty without a session
}

// setFrame sets the frame, keeping the feed the page set.
func (f *frame) setFrame(x frame) { x.Feed = f.Feed; *f = x }

// Analyst says whether the signed-in user may change the record: pages
// show their forms (review decisions) only then.
func (f *frame) Analyst() bool { return f.User.Role.Allows(auth.Analyst) }

// framed is a page: a struct that embeds frame, given by pointer.
type framed interface{ setFrame(frame) }

// render writes page as the template name with the given status and
// title (already in the reader's language: a message title.* through
// s.printer(r)), in
// the request's language (langOf).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, page framed) error {
	c := callerOf(r.Context())
	l := langOf(r)
	f := frame{Title: title, User: c.user, Lang: l, Langs: langLinks(r, l)}
	if c.sessionID != "" {
		f.CSRF = auth.CSRFToken(c.sessionID)
	}
	page.setFrame(f)
	var buf bytes.Buffer
	if err := s.pages[l].ExecuteTemplate(&buf, name, page); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	s.rememberLang(w, r)
	// The same address answers in the reader's language: caches keep an
	// answer per language.
	w.Header().Add("Vary", "Accept-Language, Cookie")
	w.Header().Set("Content-Language", string(l))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// errorPage answers a page's error.
type errorPage struct {
	frame
	Status        int
	Text, Message string
	Detail        string // the error's own words when Message is generic
}

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := s.incidentFilter(r)
	if err != nil {
		return err
	}
	incs, err := s.incidentPage(ctx, f)
	if err != nil {
		return err
	}
	// The map shows every incident the filters select, as markers when
	// there are few and as clusters per half-degree cell otherwise.
	layer, err := s.mapLayer(ctx, f, homeMapPoints)
	if err != nil {
		return err
	}
	// One cluster is one cell, which its link would only show again: draw
	// the newest of its incidents instead, and say how many there are.
	if len(layer.Clusters) == 1 {
		if layer.Points, err = s.incidents.NewestPoints(ctx, f, homeMapPoints); err != nil {
			return err
		}
		layer.Clusters = nil
	}
	// The statuses of the listed and mapped incidents only, and the
	// timelines as counts: neither reads every assessment.
	ids := make([]string, 0, len(incs)+len(layer.Points))
	for _, inc := range incs {
		ids = append(ids, inc.ID)
	}
	for _, pt := range layer.Points {
		ids = append(ids, pt.ID)
	}
	as, err := s.store.Assessments(ctx, trucewatch.AssessmentFilter{IncidentIDs: ids})
	if err != nil {
		return err
	}
	tl := timelineWindow(f, incs)
	days, err := s.store.Timeline(ctx, tl)
	if err != nil {
		return err
	}
	ags, err := s.store.Agreements(ctx)
	if err != nil {
		return err
	}
	p := homePage{Filter: f, Query: map[string]string{}, Targets: trucewatch.Targets(), Incidents: incs,
		Statuses: worstStatus(as), Map: s.baseMap(), MapWidth: mapWidth, MapHeight: mapHeight(), Agreements: ags}
	for _, k := range []string{"from", "to", "bbox", "place", "target", "party", "status", "agreement", "q"} {
		p.Query[k] = r.URL.Query().Get(k)
	}
	p.Picker = s.pickerView(langOf(r), p.Query["place"])
	p.Feed = feedURL(r.URL.Query())
	p.View = viewOf(f.BBox)
	p.MapTotal, p.MapShown = layer.Total, len(layer.Points)
	whole := maps.Clone(r.URL.Query())
	whole.Del("bbox")
	whole.Del("offset")
	p.WholeMap = "/?" + whole.Encode()
	p.Markers = markers(layer.Points, p.Statuses, p.View.Scale)
	p.Clusters = clusters(layer.Clusters, f.BBox, r.URL.Query(), p.View.Scale)
	p.Timelines, p.Timeline = timelines(days), tl
	return s.render(w, r, http.StatusOK, "home.html", s.printer(r).T("title.incidents"), &p)
}

// timelineDays is how many days the home page's timelines cover when the
// filters give no window: a cell a day stays readable, and the page small
// however long the record.
const timelineDays = 90

// timelineWindow is the filters' window, or else the timelineDays up to
// the newest listed incident (or to the filters' last day).
func timelineWindow(f trucewatch.IncidentFilter, incs []trucewatch.Incident) trucewatch.AssessmentFilter {
	w := trucewatch.AssessmentFilter{From: f.From, To: f.To}
	if w.From.IsZero() {
		end := w.To
		if end.IsZero() && len(incs) > 0 {
			end = incs[0].From // the list is newest first
		}
		if !end.IsZero() {
			w.From = end.AddDays(1 - timelineDays)
		}
	}
	return w
}

// worstStatus is each incident's most serious in-scope status, for colouring.
func worstStatus(as []trucewatch.Assessment) map[string]trucewatch.AssessmentStatus {
	rank := map[trucewatch.AssessmentStatus]int{"alleged": 1, "disputed": 2, "corroborated": 3, "confirmed": 4}
	out := map[string]trucewatch.AssessmentStatus{}
	for _, a := range as {
		if a.InScope && rank[a.Status] > rank[out[a.IncidentID]] {
			out[a.IncidentID] = a.Status
		}
	}
	return out
}

func timelines(days []trucewatch.TimelineDay) []timelineRow {
	if len(days) == 0 {
		return nil
	}
	first, last := days[0].Day, days[0].Day
	for _, d := range days {
		if d.Day.Before(first) {
			first = d.Day
		}
		if last.Before(d.Day) {
			last = d.Day
		}
	}
	var rows []timelineRow
	for _, d := range days {
		i := slices.IndexFunc(rows, func(r timelineRow) bool {
			return r.Agreement == d.AgreementID && r.Reading == d.ReadingID && r.Party == d.Party
		})
		if i < 0 {
			row := timelineRow{Agreement: d.AgreementID, Reading: d.ReadingID, Party: d.Party}
			for day := first; !last.Before(day); day = day.AddDays(1) {
				row.Cells = append(row.Cells, timelineCell{Day: day, Class: "none", Title: day.String()})
			}
			rows = append(rows, row)
			i = len(rows) - 1
		}
		cell := &rows[i].Cells[d.Day.Sub(first)]
		c := d.Counts
		cell.Title = fmt.Sprintf("%s: %d alleged, %d corroborated, %d disputed", d.Day, c["alleged"], c["corroborated"], c["disputed"])
		switch {
		case c["disputed"] > 0:
			cell.Class = "disputed"
		case c["corroborated"] > 0:
			cell.Class = "corroborated"
		default:
			cell.Class = "alleged"
		}
	}
	return rows
}

// incidentPage shows every claim with its sentence highlighted in the
// report's text.
type incidentPage struct {
	frame
	incidentDetail
	Claims  []claimView
	Review  bool   // the server takes decisions (the forms show to analysts)
	Back    string // this page's path, for the forms to come back to
	Targets []trucewatch.Target
}

type claimView struct {
	evidence
	Before, Sentence, After string // the report's text around the claim's sentence
	Origin                  trucewatch.Origin
	Siblings                []string // other reports of the same origin
}

func (s *Server) pageIncident(w http.ResponseWriter, r *http.Request) error {
	d, err := s.incidentDetail(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := incidentPage{incidentDetail: d, Review: s.decide != nil, Back: "/incidents/" + d.Incident.ID, Targets: trucewatch.Targets()}
	for _, e := range d.Evidence {
		text := e.Report.Text
		sp := e.Claim.Sentence
		cv := claimView{evidence: e}
		if sp.Start >= 0 && sp.End <= len(text) && sp.Start <= sp.End {
			cv.Before, cv.Sentence, cv.After = text[:sp.Start], text[sp.Start:sp.End], text[sp.End:]
		} else {
			cv.Before = text
		}
		for _, o := range d.Incident.Origins {
			if slices.Contains(o.ReportIDs, e.Report.ID) {
				cv.Origin = o
				for _, id := range o.ReportIDs {
					if id != e.Report.ID {
						cv.Siblings = append(cv.Siblings, id)
					}
				}
			}
		}
		p.Claims = append(p.Claims, cv)
	}
	return s.render(w, r, http.StatusOK, "incident.html", s.printer(r).T("title.incident"), &p)
}

// agreementPage shows an agreement's terms and who stands accused under it.
type agreementPage struct {
	frame
	Agreement trucewatch.Agreement
	Readings  []readingView
}

type readingView struct {
	trucewatch.Reading
	Parties []partyView
}

type partyView struct {
	Party                           trucewatch.Party
	Alleged, Corroborated, Disputed int
	InScope, Out                    int
	Newest                          []trucewatch.Assessment // the newest in scope, at most agreementListed
}

// agreementListed is how many in-scope assessments the agreement page lists
// per reading and party; the incident list, filtered, has the rest.
const agreementListed = 50

// pageAgreement counts in the database and lists the newest assessments
// only, so that the page stays small however long the record grows.
func (s *Server) pageAgreement(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.store.Agreement(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	days, err := s.store.Timeline(ctx, trucewatch.AssessmentFilter{Agreement: a.ID})
	if err != nil {
		return err
	}
	p := agreementPage{Agreement: a}
	for _, rd := range a.Readings {
		rv := readingView{Reading: rd}
		for _, party := range a.Parties {
			pv := partyView{Party: party}
			for _, d := range days {
				if d.ReadingID == rd.ID && d.Party == party {
					pv.Alleged += d.Counts[trucewatch.StatusAlleged]
					pv.Corroborated += d.Counts[trucewatch.StatusCorroborated]
					pv.Disputed += d.Counts[trucewatch.StatusDisputed]
					for _, n := range d.Counts {
						pv.InScope += n
					}
				}
			}
			f := trucewatch.AssessmentFilter{Agreement: a.ID, Reading: rd.ID, Accused: party}
			all, err := s.store.CountAssessments(ctx, f)
			if err != nil {
				return err
			}
			pv.Out = all - pv.InScope
			f.InScope, f.Limit = true, agreementListed
			if pv.Newest, err = s.store.Assessments(ctx, f); err != nil {
				return err
			}
			rv.Parties = append(rv.Parties, pv)
		}
		p.Readings = append(p.Readings, rv)
	}
	return s.render(w, r, http.StatusOK, "agreement.html", s.printer(r).T("title.agreement"), &p)
}
