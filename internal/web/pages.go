package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/geo/shape"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// homePage is the dashboard: filters, the map, the list, the timeline.
type homePage struct {
	frame
	Filter     trucewatch.IncidentFilter
	Query      map[string]string
	Targets    []trucewatch.Target
	Incidents  []trucewatch.Incident
	Statuses   map[string][]partyStatus // per incident, in scope only
	Map        mapSVG
	Agreements []trucewatch.Agreement
	Timelines  []timelineRow
	Axis       []timelineCell              // the timelines' days, labelled where a tick falls
	Timeline   trucewatch.AssessmentFilter // the days the timelines cover
	TimelineOf int                         // the timelines count this many incidents, when a filter names them; 0 when all
	PlaceName  string                      // the place filter's place, by name
	Picker     pickerView                  // the place filter (search.go)
	From, To   dateField                   // the window's fields, in the reader's style (dates.go)
	Invalid    bool                        // a field is wrong: the page shows the form and its message only
}

// mapSVG is what a page's map draws (the "map" template in home.html).
type mapSVG struct {
	Base, Overlay template.HTML
	Markers       []marker
	Areas         []area
	Clusters      []cluster
	Total         int    // every incident the filters select, on the map as markers, areas or clusters
	Shown         int    // how many of them are markers or areas
	WholeMap      string // the same filters without the box
	Box           string // the filter's box, "" for none
	Width, Height float64
	View          mapView // the part of the map shown first
	Small         bool    // the incident page's map: no controls, no legend
}

// partyStatus is an incident's status under one reading of an agreement
// for one accused party: the list, the pop-up and the incident page show
// every one, the map's marker the most serious.
type partyStatus struct {
	Agreement, Reading trucewatch.Text // the agreement's title and the reading's label, in the reader's language
	AgreementID        string
	Party              trucewatch.Party
	Status             trucewatch.AssessmentStatus
}

// timelineRow is one reading and party: a cell per day.
type timelineRow struct {
	AgreementID, ReadingID string
	Agreement, Reading     trucewatch.Text // title and label, in the reader's language
	Party                  trucewatch.Party
	Cells                  []timelineCell
}

type timelineCell struct {
	Day   trucewatch.Date
	Class string
	Title string
	Tick  string // the axis's label for the day, "" for none
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
		f.CSRF = auth.MaskedCSRFToken(c.sessionID) // other bytes on every page (auth.MaskedCSRFToken)
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
	// The window as the reader typed it (dates.go): a wrong day answers
	// the form with its message; a day in the reader's style goes on to
	// the same filter in ISO.
	from, to, iso, ok := formWindow(s.printer(r), r.URL.Query())
	if !ok {
		return s.homeInvalid(w, r, from, to)
	}
	if iso != nil {
		http.Redirect(w, r, r.URL.Path+"?"+iso.Encode(), http.StatusSeeOther)
		return nil
	}
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
	ags, err := s.store.Agreements(ctx)
	if err != nil {
		return err
	}
	tl, of, err := s.timelineFilter(ctx, f, incs)
	if err != nil {
		return err
	}
	days, err := s.store.Timeline(ctx, tl)
	if err != nil {
		return err
	}
	texts := textsOf(langOf(r), ags)
	p := homePage{Filter: f, Query: homeQuery(r), Targets: trucewatch.Targets(), Incidents: incs,
		Statuses: partyStatuses(texts, as), Agreements: ags, TimelineOf: of, From: from, To: to}
	p.Picker = s.pickerView(langOf(r), p.Query["place"])
	p.Feed = feedURL(r.URL.Query(), langOf(r))
	p.PlaceName = s.placeFilterName(langOf(r), f.Place)
	p.Map = s.mapOf(r, f.BBox, layer, p.Statuses, r.URL.Query(), false)
	p.Timelines, p.Axis = timelines(s.words(r), days, texts)
	p.Timeline = tl
	return s.render(w, r, http.StatusOK, "home.html", s.printer(r).T("title.incidents"), &p)
}

// homeQuery is the home page's filters as the query gives them.
func homeQuery(r *http.Request) map[string]string {
	q := map[string]string{}
	for _, k := range []string{"from", "to", "bbox", "place", "target", "party", "status", "agreement", "q"} {
		q[k] = r.URL.Query().Get(k)
	}
	return q
}

// homeInvalid answers a home page whose window is wrong: the filter form
// with the values as typed and the message beside them, and no list.
func (s *Server) homeInvalid(w http.ResponseWriter, r *http.Request, from, to dateField) error {
	ags, err := s.store.Agreements(r.Context())
	if err != nil {
		return err
	}
	p := homePage{Query: homeQuery(r), Targets: trucewatch.Targets(), Agreements: ags, From: from, To: to, Invalid: true}
	p.Picker = s.pickerView(langOf(r), p.Query["place"])
	return s.render(w, r, http.StatusBadRequest, "home.html", s.printer(r).T("title.incidents"), &p)
}

// placeFilterName is the place filter's place by name, in the language:
// a gazetteer id or an admin-1 code; the filter itself when the gazetteer
// knows neither.
func (s *Server) placeFilterName(l i18n.Lang, place string) string {
	if place == "" || s.gaz == nil {
		return place
	}
	for _, id := range []string{place, "adm1:" + place} {
		if p, ok := s.gaz.Place(id); ok {
			return s.placeName(l, p)
		}
	}
	return place
}

// words writes the vocabulary in a printer's language: a value's message,
// or the value itself when the catalogue has none (i18n.Printer.Vocab).
type words struct {
	*i18n.Printer
	s *Server
}

func (s *Server) words(r *http.Request) words { return words{s.printer(r), s} }

func (w words) party(x trucewatch.Party) string { return w.Vocab("party.", string(x)) }
func (w words) status(x trucewatch.AssessmentStatus) string {
	return w.Vocab("status.", string(x))
}
func (w words) target(x trucewatch.Target) string { return w.Vocab("target.", string(x)) }

// mapOf draws a map layer for the filters given as query.
func (s *Server) mapOf(r *http.Request, box *trucewatch.BBox, layer mapLayer, statuses map[string][]partyStatus, query url.Values, small bool) mapSVG {
	pr := s.words(r)
	gm := s.geoMap()
	// A small map (a box given) draws the units around the box only.
	var clip *shape.Box
	if small && box != nil {
		w, h := box.MaxLon-box.MinLon, box.MaxLat-box.MinLat
		clip = &shape.Box{MinLon: box.MinLon - w/2, MaxLon: box.MaxLon + w/2, MinLat: box.MinLat - h/2, MaxLat: box.MaxLat + h/2}
	}
	txt := gm.text(pr.Printer, func(pl trucewatch.Place) string { return s.placeName(pr.Lang, pl) }, clip)
	m := mapSVG{Base: txt.Base, Overlay: txt.Overlay, Width: mapWidth, Height: mapHeight(), View: viewOf(box), Total: layer.Total, Small: small}
	// Names keep their size on the screen in a zoomed-in view, also before
	// (or without) app.js.
	if k := m.View.Scale; k != 1 {
		m.Overlay = template.HTML(strings.NewReplacer(
			fmt.Sprintf(`font-size="%g"`, adm1FontSize), fmt.Sprintf(`font-size="%.3g"`, adm1FontSize*k),
			fmt.Sprintf(`font-size="%g"`, countryFontSize), fmt.Sprintf(`font-size="%.3g"`, countryFontSize*k),
		).Replace(string(m.Overlay)))
	}
	worst := map[string]trucewatch.AssessmentStatus{}
	titles := map[string]string{}
	for id, ps := range statuses {
		worst[id] = worstOf(ps)
		var lines []string
		for _, p := range ps {
			lines = append(lines, pr.T("dash.status_line", p.Agreement.Text, p.Reading.Text, pr.party(p.Party), pr.status(p.Status)))
		}
		titles[id] = strings.Join(lines, "\n")
	}
	m.Markers, m.Areas = gm.mapIncidents(pr, layer.Points, worst, titles, query, m.View.Scale)
	m.Shown = len(layer.Points)
	whole := maps.Clone(query)
	whole.Del("bbox")
	whole.Del("offset")
	m.WholeMap = "/?" + whole.Encode()
	m.Box = query.Get("bbox")
	m.Clusters = clusters(pr, layer.Clusters, box, query, m.View.Scale)
	return m
}

// timelineIncidents is the most incidents the timelines count one by one
// when a filter (place, target, status, text, box) names them: beyond, the
// newest of them.
const timelineIncidents = 5000

// timelineFilter is what the timelines count: the filters' accused party,
// agreement and window (timelineWindow); and when the filters select
// incidents by anything else, those incidents (at most timelineIncidents,
// the newest; of says how many that is).
func (s *Server) timelineFilter(ctx context.Context, f trucewatch.IncidentFilter, incs []trucewatch.Incident) (tl trucewatch.AssessmentFilter, of int, err error) {
	tl = timelineWindow(f, incs)
	tl.Accused, tl.Agreement = f.Party, f.Agreement
	if f.Place == "" && f.Target == "" && f.Status == "" && f.Text == "" && f.BBox == nil {
		return tl, 0, nil
	}
	g := f
	g.Limit, g.Offset = 0, 0
	pts, err := s.incidents.NewestPoints(ctx, g, timelineIncidents)
	if err != nil {
		return tl, 0, err
	}
	tl.IncidentIDs = make([]string, 0, len(pts))
	for _, pt := range pts {
		tl.IncidentIDs = append(tl.IncidentIDs, pt.ID)
	}
	return tl, max(len(pts), 1), nil
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

// partyStatuses is each incident's in-scope statuses, per agreement,
// reading and accused party, named by the agreement's title and the
// reading's label.
func partyStatuses(texts agreementTexts, as []trucewatch.Assessment) map[string][]partyStatus {
	out := map[string][]partyStatus{}
	for _, a := range as {
		if !a.InScope {
			continue
		}
		title, label := texts.names(a.AgreementID, a.ReadingID)
		out[a.IncidentID] = append(out[a.IncidentID], partyStatus{Agreement: title, Reading: label, AgreementID: a.AgreementID, Party: a.Accused, Status: a.Status})
	}
	return out
}

// agreementTexts are the agreements' texts in one language by agreement
// ID, made once per request (textsOf) for the names of its rows.
type agreementTexts map[string]trucewatch.AgreementText

// textsOf are the texts of ags in the language; the first agreement of an
// ID where ags hold several.
func textsOf(l i18n.Lang, ags []trucewatch.Agreement) agreementTexts {
	out := make(agreementTexts, len(ags))
	for _, ag := range ags {
		if _, ok := out[ag.ID]; !ok {
			out[ag.ID] = ag.Text(string(l))
		}
	}
	return out
}

// names are an agreement's title and a reading's label in the language
// (the file's own where it has no translation), or the ids when the
// agreement is not known.
func (ts agreementTexts) names(agreement, reading string) (trucewatch.Text, trucewatch.Text) {
	t, ok := ts[agreement]
	if !ok {
		return trucewatch.Text{Text: agreement}, trucewatch.Text{Text: reading}
	}
	label := t.Label(reading)
	if label.Text == "" {
		label = trucewatch.Text{Text: reading}
	}
	return t.Title, label
}

// worstOf is the most serious of the statuses, for the map's marker.
func worstOf(ps []partyStatus) trucewatch.AssessmentStatus {
	var w trucewatch.AssessmentStatus
	for _, p := range ps {
		if statusRank[p.Status] > statusRank[w] {
			w = p.Status
		}
	}
	return w
}

// timelineTicks is about how many days the axis labels.
const timelineTicks = 5

func timelines(w words, days []trucewatch.TimelineDay, texts agreementTexts) ([]timelineRow, []timelineCell) {
	if len(days) == 0 {
		return nil, nil
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
	var axis []timelineCell
	step := max(1, (last.Sub(first)+timelineTicks)/timelineTicks)
	for day := first; !last.Before(day); day = day.AddDays(1) {
		c := timelineCell{Day: day, Class: "tick", Title: w.Day(day)}
		if day.Sub(first)%step == 0 {
			c.Tick = w.Day(day)
		}
		axis = append(axis, c)
	}
	var rows []timelineRow
	for _, d := range days {
		i := slices.IndexFunc(rows, func(r timelineRow) bool {
			return r.AgreementID == d.AgreementID && r.ReadingID == d.ReadingID && r.Party == d.Party
		})
		if i < 0 {
			row := timelineRow{AgreementID: d.AgreementID, ReadingID: d.ReadingID, Party: d.Party}
			for day := first; !last.Before(day); day = day.AddDays(1) {
				row.Cells = append(row.Cells, timelineCell{Day: day, Class: "none", Title: w.Day(day)})
			}
			rows = append(rows, row)
			i = len(rows) - 1
		}
		cell := &rows[i].Cells[d.Day.Sub(first)]
		c := d.Counts
		cell.Title = w.T("dash.timeline.cell", w.Day(d.Day), c["alleged"], c["corroborated"], c["disputed"])
		switch {
		case c["disputed"] > 0:
			cell.Class = "disputed"
		case c["corroborated"] > 0:
			cell.Class = "corroborated"
		default:
			cell.Class = "alleged"
		}
	}
	for i := range rows {
		rows[i].Agreement, rows[i].Reading = texts.names(rows[i].AgreementID, rows[i].ReadingID)
	}
	return rows, axis
}

// incidentPage shows every claim with its sentence highlighted in the
// report's text.
type incidentPage struct {
	frame
	incidentDetail
	Claims  []claimView // claims that the incident happened
	Denials []claimView // counter-claims: denials, or blame put on the other side
	Many    bool        // more than one claim: a split is possible
	Rows    []assessmentRow
	Map     mapSVG // the place, on a small map
	Review  bool   // the server takes decisions (the forms show to analysts)
	Back    string // this page's path, for the forms to come back to
	Targets []trucewatch.Target
	Log     *logRef // the incident's record in the transparency log; nil without one
}

// logRef is a record's place in the transparency log and its proof's URL.
type logRef struct {
	Index  int64
	Proof  string
	Bundle string // the incident's bundle, when the server makes them
}

type claimView struct {
	evidence
	Page                    *incidentPage // for the review forms
	Before, Sentence, After string        // the report's text around the claim's sentence
	Origin                  trucewatch.Origin
	Citing                  string   // the origin the report cites, when it is not the report's outlet
	Siblings                []string // other reports of the same origin: copies and citations
}

// assessmentRow is an assessment with its agreement's title and its
// reading's label.
type assessmentRow struct {
	trucewatch.Assessment
	Agreement, Reading trucewatch.Text // in the reader's language
}

// incidentBox is the part of the map around a place that the incident
// page's small map shows, by the place's precision; nil for the whole map.
func incidentBox(pl trucewatch.Place) *trucewatch.BBox {
	dlon, dlat := 2.2, 1.4
	switch pl.Precision {
	case trucewatch.PlaceCountry:
		return nil
	case trucewatch.PlaceRegion:
		dlon, dlat = 5, 3.2
	case trucewatch.PlaceAdmin1:
		dlon, dlat = 3, 2
	}
	return &trucewatch.BBox{MinLon: pl.Lon - dlon, MaxLon: pl.Lon + dlon, MinLat: pl.Lat - dlat, MaxLat: pl.Lat + dlat}
}

func (s *Server) pageIncident(w http.ResponseWriter, r *http.Request) error {
	d, err := s.incidentDetail(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	ags, err := s.store.Agreements(r.Context())
	if err != nil {
		return err
	}
	inc := d.Incident
	p := &incidentPage{incidentDetail: d, Review: s.decide != nil, Back: "/incidents/" + inc.ID, Targets: trucewatch.Targets(), Many: len(d.Evidence) > 1}
	texts := textsOf(langOf(r), ags)
	for _, a := range d.Assessments {
		title, label := texts.names(a.AgreementID, a.ReadingID)
		p.Rows = append(p.Rows, assessmentRow{Assessment: a, Agreement: title, Reading: label})
	}
	for _, e := range d.Evidence {
		text := e.Report.Text
		sp := e.Claim.Sentence
		cv := claimView{evidence: e, Page: p}
		if sp.Start >= 0 && sp.End <= len(text) && sp.Start <= sp.End {
			cv.Before, cv.Sentence, cv.After = text[:sp.Start], text[sp.Start:sp.End], text[sp.End:]
		} else {
			cv.Before = text
		}
		for _, o := range inc.Origins {
			if slices.Contains(o.ReportIDs, e.Report.ID) {
				cv.Origin = o
				if o.Outlet != "" && !strings.EqualFold(o.Outlet, e.Report.Outlet) {
					cv.Citing = o.Outlet
				}
				for _, id := range o.ReportIDs {
					if id != e.Report.ID {
						cv.Siblings = append(cv.Siblings, id)
					}
				}
			}
		}
		if e.Claim.Incident != nil && e.Claim.Incident.Denial {
			p.Denials = append(p.Denials, cv)
		} else {
			p.Claims = append(p.Claims, cv)
		}
	}
	// The small map: the incident alone, as a marker or its area.
	if inc.Place.HasPoint() {
		pt := trucewatch.MapPoint{ID: inc.ID, Place: s.placeName(langOf(r), inc.Place), Day: inc.From, Lat: inc.Place.Lat, Lon: inc.Place.Lon,
			Target: inc.Target, Accused: inc.Accused, Precision: inc.Place.Precision, Claims: len(inc.ClaimIDs)}
		box := incidentBox(inc.Place)
		p.Map = s.mapOf(r, box, mapLayer{Total: 1, Points: []trucewatch.MapPoint{pt}}, partyStatuses(texts, d.Assessments), url.Values{}, true)
	}
	p.Log = s.logRef(r.Context(), "incident", d.Incident.ID)
	if p.Log != nil && s.bundle != nil {
		p.Log.Bundle = "/log/bundle/" + url.PathEscape(d.Incident.ID)
	}
	wd := s.words(r)
	title := wd.T("dash.incident.page_title", s.placeName(wd.Lang, inc.Place), wd.Day(inc.From))
	return s.render(w, r, http.StatusOK, "incident.html", title, p)
}

// agreementPage shows an agreement's terms, a summary of who stands
// accused under each reading, and the incidents by place and day.
type agreementPage struct {
	frame
	Agreement trucewatch.Agreement
	Text      trucewatch.AgreementText // its texts in the reader's language
	InForce   bool                     // a norm, or agreed or declared: proposals and rejected ones assess nothing
	Readings  []readingView
	// Daily: the newest days with incidents in scope, each a link to its
	// daily report (docs/daily-report.md).
	Daily []trucewatch.Date
}

// agreementDailyLinks is how many days the agreement page links to
// daily reports of.
const agreementDailyLinks = 7

type readingView struct {
	trucewatch.Reading
	Label   trucewatch.Text // in the reader's language
	Parties []partyView
}

type partyView struct {
	Party                           trucewatch.Party
	Alleged, Corroborated, Disputed int
	InScope, Out                    int
	Listed                          int          // how many of InScope Places lists: the newest, at most agreementListed
	Places                          []placeGroup // the listed, by place, the place of the newest first
}

// placeGroup is the listed incidents of one place, newest first.
type placeGroup struct {
	Place trucewatch.Place
	Items []trucewatch.Assessment
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
	p := agreementPage{Agreement: a, Text: a.Text(string(langOf(r))), InForce: a.Norm || a.Status.InForce()}
	days, err := s.store.Timeline(ctx, trucewatch.AssessmentFilter{Agreement: a.ID})
	if err != nil {
		return err
	}
	for _, d := range days {
		if !slices.Contains(p.Daily, d.Day) {
			p.Daily = append(p.Daily, d.Day)
		}
	}
	slices.SortFunc(p.Daily, func(x, y trucewatch.Date) int { return y.Sub(x) })
	p.Daily = p.Daily[:min(len(p.Daily), agreementDailyLinks)]
	places := map[string]trucewatch.Place{} // incident → place, read once
	for _, rd := range a.Readings {
		rv := readingView{Reading: rd, Label: p.Text.Label(rd.ID)}
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
			newest, err := s.store.Assessments(ctx, f)
			if err != nil {
				return err
			}
			pv.Listed = len(newest)
			for _, as := range newest {
				pl, ok := places[as.IncidentID]
				if !ok {
					inc, err := s.store.Incident(ctx, as.IncidentID)
					if err != nil {
						return fmt.Errorf("agreement %s: incident %s: %w", a.ID, as.IncidentID, err)
					}
					pl = inc.Place
					places[as.IncidentID] = pl
				}
				i := slices.IndexFunc(pv.Places, func(g placeGroup) bool { return g.Place.ID == pl.ID && g.Place.Name == pl.Name })
				if i < 0 {
					pv.Places = append(pv.Places, placeGroup{Place: pl})
					i = len(pv.Places) - 1
				}
				pv.Places[i].Items = append(pv.Places[i].Items, as)
			}
			rv.Parties = append(rv.Parties, pv)
		}
		p.Readings = append(p.Readings, rv)
	}
	return s.render(w, r, http.StatusOK, "agreement.html", s.printer(r).T("title.agreement"), &p)
}
