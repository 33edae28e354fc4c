package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// query reads the common query parameters, with 400 errors that name them.
type query struct{ r *http.Request }

// window reads from and to, either of which may be missing.
func (q query) window() (from, to trucewatch.Date, err error) {
	if from, err = q.date("from"); err != nil {
		return from, to, err
	}
	if to, err = q.date("to"); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, badRequest("from (%s) is after to (%s)", from, to).localised("error.from_after_to", from, to)
	}
	return from, to, nil
}

func (q query) date(name string) (trucewatch.Date, error) {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return trucewatch.Date{}, nil
	}
	d, err := trucewatch.ParseDate(v)
	if err != nil {
		return d, badRequest("%s: %q is not a date (YYYY-MM-DD)", name, v).localised("error.date", name, v)
	}
	return d, nil
}

func (q query) int(name string, def, max int) (int, error) {
	return q.intIn(name, def, 0, max)
}

// intIn is int for a number from lo to hi.
func (q query) intIn(name string, def, lo, hi int) (int, error) {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s: %q is not a number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

func (q query) bbox() (*trucewatch.BBox, error) {
	v := q.r.URL.Query().Get("bbox")
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return nil, badRequest("bbox: %.100q: want four numbers, minLon,minLat,maxLon,maxLat", v)
	}
	var f [4]float64
	for i, name := range []string{"minLon", "minLat", "maxLon", "maxLat"} {
		var err error
		f[i], err = strconv.ParseFloat(strings.TrimSpace(parts[i]), 64)
		if err != nil || math.IsNaN(f[i]) || math.IsInf(f[i], 0) {
			return nil, badRequest("bbox: %s %.40q is not a finite number", name, parts[i])
		}
		if lim := []float64{180, 90}[i%2]; math.Abs(f[i]) > lim {
			return nil, badRequest("bbox: %s %g is outside -%g to %g", name, f[i], lim, lim)
		}
	}
	if f[0] > f[2] || f[1] > f[3] {
		return nil, badRequest("bbox: %q: the minimum is above the maximum; want minLon,minLat,maxLon,maxLat", v)
	}
	return &trucewatch.BBox{MinLon: f[0], MinLat: f[1], MaxLon: f[2], MaxLat: f[3]}, nil
}

// maxTextQuery is the longest text filter (q) in characters: longer than
// any place name or target detail it could match.
const maxTextQuery = 200

// incidentFilter reads the filters of the incident list and map layer.
func (q query) incidentFilter() (trucewatch.IncidentFilter, error) {
	var f trucewatch.IncidentFilter
	var err error
	v := q.r.URL.Query()
	if f.From, f.To, err = q.window(); err != nil {
		return f, err
	}
	if f.BBox, err = q.bbox(); err != nil {
		return f, err
	}
	if t := v.Get("target"); t != "" {
		if f.Target, err = trucewatch.ParseTarget(t); err != nil {
			return f, badRequest("%v", err)
		}
	}
	if p := v.Get("party"); p != "" {
		if f.Party, err = trucewatch.ParseParty(p); err != nil {
			return f, badRequest("%v", err)
		}
	}
	if st := v.Get("status"); st != "" {
		if f.Status, err = trucewatch.ParseAssessmentStatus(st); err != nil {
			return f, badRequest("%v", err)
		}
	}
	f.Place, f.Agreement, f.Text = strings.TrimSpace(v.Get("place")), v.Get("agreement"), v.Get("q")
	if n := utf8.RuneCountInString(f.Text); n > maxTextQuery {
		return f, badRequest("q: %d characters; at most %d", n, maxTextQuery).localised("error.query_long", n, maxTextQuery)
	}
	if f.Limit, err = q.int("limit", 100, 10000); err != nil {
		return f, err
	}
	if f.Offset, err = q.int("offset", 0, 1<<30); err != nil {
		return f, err
	}
	return f, nil
}

// reportJSON is a report in the API, without its raw bytes.
type reportJSON struct {
	ID        string            `json:"id"`
	Outlet    string            `json:"outlet,omitempty"`
	URL       string            `json:"url,omitempty"`
	Language  string            `json:"language,omitempty"`
	Published string            `json:"published,omitempty"`
	Title     string            `json:"title,omitempty"`
	Metadata  map[string]string `json:"metadata,omitempty"`
	Text      string            `json:"text"`
}

func newReportJSON(r trucewatch.Report) reportJSON {
	return reportJSON{ID: r.ID, Outlet: r.Outlet, URL: r.URL, Language: r.Language, Published: r.Published.String(), Title: r.Title, Metadata: r.Metadata, Text: r.Text}
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) error {
	q := query{r}
	var f trucewatch.ReportFilter
	var err error
	if f.Limit, err = q.int("limit", 100, 10000); err != nil {
		return err
	}
	if f.Offset, err = q.int("offset", 0, 1<<30); err != nil {
		return err
	}
	f.Language, f.Outlet = r.URL.Query().Get("lang"), r.URL.Query().Get("outlet")
	list, err := s.store.Reports(r.Context(), f)
	if err != nil {
		return err
	}
	total, err := s.store.CountReports(r.Context(), f)
	if err != nil {
		return err
	}
	paginate(w, r, cmp.Or(f.Limit, 100), f.Offset, len(list), total)
	out := make([]reportJSON, len(list))
	for i, rep := range list {
		out[i] = newReportJSON(rep)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.store.Report(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newReportJSON(rep))
}

// apiIngest stores a report file sent as the request body.
func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) error {
	if s.ingest == nil {
		return &httpError{status: http.StatusForbidden, msg: "this server does not accept reports"}
	}
	raw, err := io.ReadAll(r.Body) // at most MaxReportBytes (largeBodies)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("report larger than %d MiB", MaxReportBytes>>20)}
		}
		return badRequest("reading the report: %v", err)
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "request body"
	}
	id, isNew, err := s.ingest(r.Context(), name, raw)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if isNew {
		status = http.StatusCreated
		s.Notify("report")
	}
	return writeJSON(w, status, map[string]any{"id": id, "new": isNew})
}

func (s *Server) apiClaims(w http.ResponseWriter, r *http.Request) error {
	f := trucewatch.ClaimFilter{ReportID: r.URL.Query().Get("report")}
	if k := r.URL.Query().Get("kind"); k != "" {
		kind, err := trucewatch.ParseClaimKind(k)
		if err != nil {
			return badRequest("%v", err)
		}
		f.Kind = kind
	}
	q := query{r}
	var err error
	if f.Limit, err = q.int("limit", 100, 10000); err != nil {
		return err
	}
	if f.Offset, err = q.int("offset", 0, 1<<30); err != nil {
		return err
	}
	claims, err := s.store.Claims(r.Context(), f)
	if err != nil {
		return err
	}
	total, err := s.store.CountClaims(r.Context(), f)
	if err != nil {
		return err
	}
	paginate(w, r, f.Limit, f.Offset, len(claims), total)
	return writeList(w, newClaimsJSON(claims))
}

func (s *Server) apiIncidents(w http.ResponseWriter, r *http.Request) error {
	f, err := s.incidentFilter(r)
	if err != nil {
		return err
	}
	list, err := s.incidents.IncidentsJSON(r.Context(), f)
	if err != nil {
		return err
	}
	// The total is the map's count per cell, summed: the incident index
	// answers it from memory, the database with one grouped count.
	cells, err := s.incidents.MapCells(r.Context(), f)
	if err != nil {
		return err
	}
	total := 0
	for _, c := range cells {
		total += c.Count
	}
	paginate(w, r, cmp.Or(f.Limit, 100), f.Offset, len(list), total)
	return writeRawList(w, list)
}

// paginate tells the client of a page of a list, read with limit and
// offset, that holds n of total items: X-Total-Count, and a Link header
// (RFC 8288) to the next and the previous page, the same request with
// another offset. The links are relative to the request's URL, so they
// stay right behind a proxy.
func paginate(w http.ResponseWriter, r *http.Request, limit, offset, n, total int) {
	h := w.Header()
	h.Set("X-Total-Count", strconv.Itoa(total))
	var links []string
	link := func(offset int, rel string) {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(offset))
		links = append(links, fmt.Sprintf(`<%s?%s>; rel="%s"`, r.URL.Path, q.Encode(), rel))
	}
	if n > 0 && offset+n < total {
		link(offset+n, "next")
	}
	if offset > 0 {
		link(max(0, offset-max(limit, 1)), "prev")
	}
	if len(links) > 0 {
		h.Set("Link", strings.Join(links, ", "))
	}
}

// evidence is an incident's claims, each with its report and sentence.
type evidence struct {
	Claim    trucewatch.Claim  `json:"claim"`
	Report   reportJSON        `json:"report"`
	Source   trucewatch.Source `json:"source"`
	Sentence string            `json:"sentence"`
}

// incidentDetail is an incident with its evidence chain and assessments.
type incidentDetail struct {
	Incident    trucewatch.Incident     `json:"incident"`
	Evidence    []evidence              `json:"evidence"`
	Assessments []trucewatch.Assessment `json:"assessments"`
	// Decisions is the audit trail: analysts' decisions on the incident
	// and its claims, newest first.
	Decisions []trucewatch.Decision `json:"decisions"`
}

func (s *Server) incidentDetail(r *http.Request, id string) (incidentDetail, error) {
	ctx := r.Context()
	inc, err := s.store.Incident(ctx, id)
	if err != nil {
		return incidentDetail{}, err
	}
	d := incidentDetail{Incident: inc, Evidence: []evidence{}}
	claims, err := s.store.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs})
	if err != nil {
		return d, err
	}
	sources, err := s.store.Sources(ctx)
	if err != nil {
		return d, err
	}
	for _, c := range claims {
		rep, err := s.store.Report(ctx, c.ReportID)
		if err != nil {
			return d, err
		}
		e := evidence{Claim: c, Report: newReportJSON(rep), Sentence: c.Sentence.In(rep.Text)}
		e.Source = trucewatch.Source{Outlet: rep.Outlet, Affiliation: trucewatch.AffiliationUnknown}
		for _, src := range sources {
			if src.Outlet == rep.Outlet {
				e.Source = src
			}
		}
		d.Evidence = append(d.Evidence, e)
	}
	if d.Assessments, err = s.store.Assessments(ctx, trucewatch.AssessmentFilter{IncidentID: id}); err != nil {
		return d, err
	}
	s.reasonsInEnglish(d.Assessments)
	if d.Decisions, err = s.trail(ctx, inc, claims); err != nil {
		return d, err
	}
	if d.Decisions == nil {
		d.Decisions = []trucewatch.Decision{}
	}
	return d, nil
}

func (s *Server) apiIncident(w http.ResponseWriter, r *http.Request) error {
	d, err := s.incidentDetail(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d.json())
}

// apiIncidentsGeoJSON is the incident map layer: an RFC 7946
// FeatureCollection with the same filters as the list. Up to limit
// incidents (default 500) come as points; more come as clusters, one per
// half-degree cell with its count, so the map never silently drops
// incidents. "total" counts every incident the filters select.
func (s *Server) apiIncidentsGeoJSON(w http.ResponseWriter, r *http.Request) error {
	q := query{r}
	f, err := s.incidentFilter(r)
	if err != nil {
		return err
	}
	maxPoints, err := q.int("limit", 500, 10000)
	if err != nil {
		return err
	}
	layer, err := s.mapLayer(r.Context(), f, maxPoints)
	if err != nil {
		return err
	}
	type properties struct {
		Place     string                    `json:"place,omitempty"`
		Day       string                    `json:"day,omitempty"`
		Target    trucewatch.Target         `json:"target,omitempty"`
		Accused   []trucewatch.Party        `json:"accused,omitempty"`
		Claims    int                       `json:"claims,omitempty"`
		Precision trucewatch.PlacePrecision `json:"precision,omitempty"`
		Cluster   bool                      `json:"cluster,omitempty"`
		Count     int                       `json:"count,omitempty"`
	}
	type point struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	}
	type feature struct {
		Type       string     `json:"type"`
		ID         string     `json:"id,omitempty"`
		Geometry   point      `json:"geometry"`
		Properties properties `json:"properties"`
	}
	fc := struct {
		Type      string    `json:"type"`
		Total     int       `json:"total"`
		Clustered bool      `json:"clustered"`
		Features  []feature `json:"features"`
	}{Type: "FeatureCollection", Total: layer.Total, Clustered: layer.Clusters != nil, Features: []feature{}}
	for _, p := range layer.Points {
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: p.ID, Geometry: point{"Point", [2]float64{p.Lon, p.Lat}},
			Properties: properties{Place: p.Place, Day: p.Day.String(), Target: p.Target,
				Accused: p.Accused, Claims: p.Claims, Precision: p.Precision}})
	}
	for _, c := range layer.Clusters {
		fc.Features = append(fc.Features, feature{Type: "Feature", Geometry: point{"Point", [2]float64{c.Lon, c.Lat}},
			Properties: properties{Cluster: true, Count: c.Count}})
	}
	w.Header().Set("Content-Type", "application/geo+json")
	return writeJSONBody(w, fc)
}

// apiAdmin1GeoJSON is the border layer: first-level units of Ukraine
// (recognised borders, Crimea included), Russia's western units and the
// neighbours, as RFC 7946 polygons.
func (s *Server) apiAdmin1GeoJSON(w http.ResponseWriter, r *http.Request) error {
	type feature struct {
		Type       string            `json:"type"`
		ID         string            `json:"id"`
		Geometry   map[string]any    `json:"geometry"`
		Properties map[string]string `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for _, u := range s.mapUnits() {
		var polys [][][][2]float64
		for _, poly := range u.shape {
			var rings [][][2]float64
			for _, ring := range poly {
				var pts [][2]float64
				for _, p := range ring {
					pts = append(pts, [2]float64{p.Lon, p.Lat})
				}
				if len(pts) > 0 {
					pts = append(pts, pts[0]) // RFC 7946 rings are closed
				}
				rings = append(rings, pts)
			}
			polys = append(polys, rings)
		}
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: u.place.Admin1,
			Geometry:   map[string]any{"type": "MultiPolygon", "coordinates": polys},
			Properties: map[string]string{"name": u.place.Name, "country": string(u.place.Country)}})
	}
	w.Header().Set("Content-Type", "application/geo+json")
	return writeJSONBody(w, fc)
}

// writeList writes a JSON array, [] when there is nothing (never null).
func writeList[T any](w http.ResponseWriter, list []T) error {
	if list == nil {
		list = []T{}
	}
	return writeJSON(w, http.StatusOK, list)
}

// writeRawList writes values that are compact, HTML-escaped JSON already,
// as json.Marshal makes them and the store keeps them, as one array: what
// writeList writes, without the encoder copying every byte through its
// compaction again (an eighth of the server's time under BenchmarkLoad).
func writeRawList(w http.ResponseWriter, list []json.RawMessage) error {
	w.Header().Set("Content-Type", "application/json")
	buf := make([]byte, 0, 2+len(list)*(1+600))
	buf = append(buf, '[')
	for i, v := range list {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, v...)
	}
	buf = append(buf, "]\n"...)
	_, err := w.Write(buf)
	return err
}

func writeJSONBody(w http.ResponseWriter, v any) error {
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiAgreements(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Agreements(r.Context())
	if err != nil {
		return err
	}
	page, err := pageOf(w, r, list)
	if err != nil {
		return err
	}
	return writeList(w, page)
}

func (s *Server) apiAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Agreement(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) assessmentFilter(r *http.Request) (trucewatch.AssessmentFilter, error) {
	q := query{r}
	v := r.URL.Query()
	f := trucewatch.AssessmentFilter{Agreement: v.Get("agreement"), Reading: v.Get("reading"), IncidentID: v.Get("incident")}
	var err error
	if p := v.Get("party"); p != "" {
		if f.Accused, err = trucewatch.ParseParty(p); err != nil {
			return f, badRequest("%v", err)
		}
	}
	f.From, f.To, err = q.window()
	return f, err
}

func (s *Server) apiAssessments(w http.ResponseWriter, r *http.Request) error {
	f, err := s.assessmentFilter(r)
	if err != nil {
		return err
	}
	// Without a limit, every assessment by day, as before; with one, a
	// page of the newest.
	if f.Limit, err = (query{r}).int("limit", 0, 100000); err != nil {
		return err
	}
	if f.Offset, err = (query{r}).int("offset", 0, 1<<30); err != nil {
		return err
	}
	if f.Offset > 0 && f.Limit == 0 {
		return badRequest("offset needs a limit")
	}
	list, err := s.store.Assessments(r.Context(), f)
	if err != nil {
		return err
	}
	total := len(list)
	if f.Limit > 0 {
		if total, err = s.store.CountAssessments(r.Context(), f); err != nil {
			return err
		}
	}
	paginate(w, r, f.Limit, f.Offset, len(list), total)
	s.reasonsInEnglish(list)
	return writeList(w, list)
}

// reasonsInEnglish writes each assessment's reason in English words, as
// the API gives it beside the messages (why) that a client may write in
// its reader's language.
func (s *Server) reasonsInEnglish(as []trucewatch.Assessment) {
	en := s.printers[i18n.English]
	for i := range as {
		as[i].Reason = en.Reason(as[i])
	}
}

// apiTimeline counts in-scope assessments per agreement, reading, party and day.
func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) error {
	f, err := s.assessmentFilter(r)
	if err != nil {
		return err
	}
	list, err := s.store.Timeline(r.Context(), f)
	if err != nil {
		return err
	}
	page, err := pageOf(w, r, list)
	if err != nil {
		return err
	}
	return writeList(w, page)
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Sources(r.Context())
	if err != nil {
		return err
	}
	page, err := pageOf(w, r, list)
	if err != nil {
		return err
	}
	out := make([]sourceJSON, len(page))
	for i, src := range page {
		out[i] = newSourceJSON(src)
	}
	return writeList(w, out)
}

// pageOf is the page of a list the store reads whole (it is short: the
// agreements, the source registry, a timeline's days) that ?limit and
// ?offset ask for, all of it by default, with X-Total-Count and Link
// (paginate).
func pageOf[T any](w http.ResponseWriter, r *http.Request, list []T) ([]T, error) {
	q := query{r}
	limit, err := q.int("limit", 0, 100000)
	if err != nil {
		return nil, err
	}
	offset, err := q.int("offset", 0, 1<<30)
	if err != nil {
		return nil, err
	}
	total := len(list)
	page := list[min(offset, total):]
	if limit > 0 {
		page = page[:min(limit, len(page))]
	}
	paginate(w, r, cmp.Or(limit, total), offset, len(page), total)
	return page, nil
}
